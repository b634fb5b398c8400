package handlers

import (
	"bytes"
	"fmt"
	"net/url"

	"github.com/gofiber/fiber/v2"

	"onshuis/models"
	"onshuis/printables"
)

// A feed covers four weeks back and half a year ahead: enough for a calendar app,
// small enough to make quickly.
const (
	feedWeeksBack  = 4
	feedWeeksAhead = 26
)

// ProgrammeICal is the default centre's programme as an iCalendar feed (/programme.ics).
func (h *Handlers) ProgrammeICal(c *fiber.Ctx) error {
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	return h.programmeICal(c, centre)
}

// CentreICal is one centre's programme feed.
func (h *Handlers) CentreICal(c *fiber.Ctx) error {
	centre, err := models.CentreBySlug(h.DB, c.Params("slug"))
	if err != nil {
		return err
	}
	return h.programmeICal(c, centre)
}

func (h *Handlers) programmeICal(c *fiber.Ctx, centre *models.Centre) error {
	if centre == nil {
		return fiber.ErrNotFound
	}
	week := models.WeekOf(h.Now(), centre.Location())
	from, to := week.Add(-feedWeeksBack).Start(), week.Add(feedWeeksAhead).End()
	var activities []models.Activity
	if centre.ClosedAt == nil {
		// A closed centre's feed stays a calendar, with nothing in it: a calendar that
		// subscribed to it drops the sessions instead of keeping them for ever.
		var err error
		if activities, err = models.PublishedActivities(h.DB, centre.ID, from, to, ""); err != nil {
			return err
		}
	}
	return h.sendICal(c, centre, centre.Name, activities, "programma-"+centre.Slug+".ics")
}

// ActivityICal is one activity's sessions as a feed.
func (h *Handlers) ActivityICal(c *fiber.Ctx) error {
	a, centre, err := h.publicActivity(c)
	if err != nil {
		return err
	}
	return h.sendICal(c, centre, a.Title+" · "+centre.Name, []models.Activity{*a}, fmt.Sprintf("activiteit-%d.ics", a.ID))
}

func (h *Handlers) sendICal(c *fiber.Ctx, centre *models.Centre, name string, activities []models.Activity, filename string) error {
	loc := centre.Location()
	week := models.WeekOf(h.Now(), loc)
	from, to := week.Add(-feedWeeksBack).Start(), week.Add(feedWeeksAhead).End()
	sessions, err := models.SessionsOf(h.DB, activities, from, to, loc)
	if err != nil {
		return err
	}
	rooms, err := models.RoomsOfCentre(h.DB, centre.ID)
	if err != nil {
		return err
	}
	roomName := map[int64]string{}
	for _, r := range rooms {
		roomName[r.ID] = r.Name
	}
	byID := map[int64]models.Activity{}
	for _, a := range activities {
		byID[a.ID] = a
	}
	host := hostOf(h.BaseURL)
	cal := printables.Calendar{Name: name, Zone: loc, Stamp: h.Now(), Products: "-//Ons Huis//Programma//NL"}
	// One VEVENT per session, not an RRULE: the sessions are what the schedule made of
	// it with every exception already in them (a skipped date, one session moved to
	// another day or room, one called off), which an RRULE would need EXDATEs and
	// RECURRENCE-ID overrides for, and "the 5th Tuesday, skipping months without one"
	// or a list of own dates has no RRULE that every calendar app reads alike. The
	// feed covers a limited period anyway. A moved session keeps the UID of the date
	// the schedule gave it, so calendar apps move the event rather than add one.
	for _, s := range sessions {
		a := byID[s.ActivityID]
		where := centre.Name
		if s.RoomID != nil {
			where = roomName[*s.RoomID] + ", " + centre.Name
		} else if a.RoomID != nil {
			where = roomName[*a.RoomID] + ", " + centre.Name
		}
		if centre.Address != "" {
			where += ", " + centre.Address
		}
		desc := a.Want
		if s.Cancelled && s.CancelNote != "" {
			desc = "Gaat niet door: " + s.CancelNote + "\n\n" + desc
		}
		cal.Events = append(cal.Events, printables.CalendarEvent{
			UID:   fmt.Sprintf("activiteit-%d-%s@%s", a.ID, s.Slot(), host),
			Title: a.Title, Description: desc, Location: where,
			URL:   h.BaseURL + "/activiteiten/" + itoa64(a.ID),
			Start: s.StartsAt, End: s.EndsAt, Cancelled: s.Cancelled, Modified: a.UpdatedAt,
		})
	}
	var buf bytes.Buffer
	if err := printables.WriteICal(&buf, cal); err != nil {
		return fmt.Errorf("ical: unable to write feed: %w", err)
	}
	c.Set(fiber.HeaderContentType, "text/calendar; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `inline; filename="`+filename+`"`)
	c.Set(fiber.HeaderCacheControl, "public, max-age=900")
	return c.Send(buf.Bytes())
}

func hostOf(baseURL string) string {
	u, err := url.Parse(baseURL)
	if err != nil || u.Host == "" {
		return "onshuis"
	}
	return u.Hostname()
}
