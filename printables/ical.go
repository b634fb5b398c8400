// Package printables renders what leaves the website as a file: calendar feeds, PDFs and
// QR codes. It takes plain view structs that the handlers fill, with every word and
// number already written in the reader's language, so each file is tested from a
// literal struct without HTTP or a database. It never imports models or views: what a
// file says is decided by the handler and the translations, how it is laid out here.
package printables

import (
	"fmt"
	"io"
	"time"

	ics "github.com/arran4/golang-ical"
)

// CalendarEvent is one session in a calendar feed.
type CalendarEvent struct {
	UID         string // stable across feeds and regenerations
	Title       string
	Description string
	Location    string
	URL         string
	Start, End  time.Time
	Cancelled   bool
	Modified    time.Time
}

// Calendar is a feed: a name, the centre's zone and its events.
type Calendar struct {
	Name     string
	Zone     *time.Location
	Events   []CalendarEvent
	Stamp    time.Time // DTSTAMP of every event: when the feed was made
	Products string    // PRODID
}

const localFormat = "20060102T150405"

// WriteICal writes the calendar as RFC 5545 iCalendar with CRLF line ends. Event times
// are local times with the centre's TZID, and a VTIMEZONE describes the zone's offsets
// over the feed's period, so calendar apps show 10:00 as 10:00 on both sides of a
// clock change.
func WriteICal(w io.Writer, c Calendar) error {
	cal := ics.NewCalendarFor(c.Products)
	cal.SetMethod(ics.MethodPublish)
	cal.SetName(c.Name)
	cal.SetXWRCalName(c.Name)
	cal.SetXWRTimezone(c.Zone.String())
	cal.SetRefreshInterval("PT6H")
	cal.SetCalscale("GREGORIAN")
	if len(c.Events) > 0 {
		from, to := c.Events[0].Start, c.Events[0].End
		for _, e := range c.Events {
			if e.Start.Before(from) {
				from = e.Start
			}
			if e.End.After(to) {
				to = e.End
			}
		}
		cal.AddVTimezone(timezone(c.Zone, from, to))
	}
	tzid := ics.WithTZID(c.Zone.String())
	for _, e := range c.Events {
		ev := cal.AddEvent(e.UID)
		ev.SetDtStampTime(c.Stamp)
		ev.SetModifiedAt(e.Modified)
		ev.SetProperty(ics.ComponentPropertyDtStart, e.Start.In(c.Zone).Format(localFormat), tzid)
		ev.SetProperty(ics.ComponentPropertyDtEnd, e.End.In(c.Zone).Format(localFormat), tzid)
		ev.SetSummary(e.Title)
		if e.Description != "" {
			ev.SetDescription(e.Description)
		}
		if e.Location != "" {
			ev.SetLocation(e.Location)
		}
		if e.URL != "" {
			ev.SetURL(e.URL)
		}
		if e.Cancelled {
			ev.SetStatus(ics.ObjectStatusCancelled)
		} else {
			ev.SetStatus(ics.ObjectStatusConfirmed)
		}
	}
	return cal.SerializeTo(w, ics.WithNewLine("\r\n"))
}

// timezone describes zone between from and to: one STANDARD or DAYLIGHT block per
// offset change (read from Go's zone data), plus the offset in force at the start.
func timezone(zone *time.Location, from, to time.Time) *ics.VTimezone {
	tz := ics.NewTimezone(zone.String())
	from = from.AddDate(0, 0, -1)
	name, offset := from.In(zone).Zone()
	prevOffset := offset
	add := func(at time.Time, name string, fromOffset, toOffset int, isDST bool) {
		base := ics.ComponentBase{}
		base.AddProperty(ics.ComponentPropertyDtStart, at.In(time.FixedZone("", fromOffset)).Format(localFormat))
		base.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), formatOffset(fromOffset))
		base.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), formatOffset(toOffset))
		base.AddProperty(ics.ComponentProperty(ics.PropertyTzname), name)
		if isDST {
			tz.Components = append(tz.Components, &ics.Daylight{ComponentBase: base})
		} else {
			tz.Components = append(tz.Components, &ics.Standard{ComponentBase: base})
		}
	}
	add(from, name, offset, offset, from.In(zone).IsDST())
	// Walk day by day; on a day the offset changes, find the minute of the change.
	for day := from; day.Before(to.AddDate(0, 0, 1)); day = day.AddDate(0, 0, 1) {
		next := day.AddDate(0, 0, 1)
		_, nextOffset := next.In(zone).Zone()
		if nextOffset == prevOffset {
			continue
		}
		lo, hi := day, next
		for hi.Sub(lo) > time.Minute {
			mid := lo.Add(hi.Sub(lo) / 2)
			if _, o := mid.In(zone).Zone(); o == prevOffset {
				lo = mid
			} else {
				hi = mid
			}
		}
		change := hi.Truncate(time.Minute)
		n, _ := change.In(zone).Zone()
		add(change, n, prevOffset, nextOffset, change.In(zone).IsDST())
		prevOffset = nextOffset
	}
	return tz
}

func formatOffset(seconds int) string {
	sign := '+'
	if seconds < 0 {
		sign, seconds = '-', -seconds
	}
	return fmt.Sprintf("%c%02d%02d", sign, seconds/3600, seconds%3600/60)
}
