package handlers

import (
	"strconv"
	"strings"
	"time"

	"onshuis/api"
	"onshuis/models"
)

// The models turned into the API's shapes: only what the public programme shows.

func (h *Handlers) apiCentre(c *models.Centre) api.Centre {
	slug := "/centra/" + c.Slug
	self := h.BaseURL + "/api/" + api.Version + "/centres/" + c.Slug
	return api.Centre{
		ID: c.ID, Slug: c.Slug, Name: c.Name, Address: c.Address, TimeZone: c.TimeZone, Default: c.IsDefault, Demo: c.IsDemo,
		ClosedAt: inZone(c.ClosedAt, c.Location()),
		Links: api.Links{
			Programme: h.BaseURL + slug, Activities: self + "/activities", Sessions: self + "/sessions",
			ICal: h.BaseURL + slug + "/programme.ics", Feed: h.BaseURL + feedPath(c), Embed: h.BaseURL + "/embed/" + c.Slug,
		},
	}
}

func apiCentreRef(c *models.Centre) api.CentreRef {
	return api.CentreRef{ID: c.ID, Slug: c.Slug, Name: c.Name, ClosedAt: inZone(c.ClosedAt, c.Location())}
}

func (h *Handlers) apiActivity(a *models.PublicActivity, centre *models.Centre) api.Activity {
	out := api.Activity{
		ID: a.ID, Centre: apiCentreRef(centre), Title: a.Title, Status: a.Status, Want: a.Want, Can: a.Can,
		Needs: make([]api.Need, len(a.Needs)), Themes: nonNil(a.ThemeList()), Capacity: a.Capacity,
		Waitlisted: a.Counts.Waitlisted, PublishedAt: inZone(a.PublishedAt, centre.Location()),
		URL: h.BaseURL + activityPath(&a.Activity), ICal: h.BaseURL + activityPath(&a.Activity) + "/agenda.ics",
		Schedule: api.Schedule{Recurrence: a.Recurrence, Weekdays: []string{}, Dates: []string{}, SkipDates: []string{}, StartTime: a.StartTime, EndTime: a.EndTime, FirstDate: a.FirstDate},
	}
	for i, n := range a.Needs {
		out.Needs[i] = api.Need{Kind: n.Kind, Description: n.Description, AmountCents: n.AmountCents, Volunteers: n.Volunteers, Status: n.Status}
	}
	if a.RoomID != nil {
		out.Room = &api.Room{ID: *a.RoomID, Name: a.RoomName}
	}
	if !a.IsOpen() {
		left := a.PlacesLeft()
		out.PlacesLeft = &left
	}
	if a.Recurrence != models.RecurrenceOnce {
		for _, d := range models.WeekdayList(a.Weekdays) {
			out.Schedule.Weekdays = append(out.Schedule.Weekdays, strings.ToLower(d.String()))
		}
		switch a.Recurrence {
		case models.RecurrenceWeekly:
			out.Schedule.IntervalWeeks = max(a.IntervalWeeks, 1)
		case models.RecurrenceMonthlyWeekday:
			out.Schedule.MonthOrdinal = a.MonthOrdinal
		case models.RecurrenceMonthlyDate:
			out.Schedule.MonthDay = a.MonthDay
		case models.RecurrenceDates:
			out.Schedule.Dates = dateList(a.Dates)
		}
		out.Schedule.SkipDates = dateList(a.SkipDates)
		if a.LastDate != "" {
			last := a.LastDate
			out.Schedule.LastDate = &last
		}
	}
	return out
}

func (h *Handlers) apiSession(it models.ProgrammeItem, day time.Time) api.Session {
	out := api.Session{
		ID: it.SessionID, ActivityID: it.ActivityID, Title: it.Title, Themes: nonNil(it.Themes), Date: day.Format(models.Date),
		StartsAt: it.StartsAt, EndsAt: it.EndsAt, Capacity: it.Capacity, Waitlisted: it.Waitlisted,
		Cancelled: it.Cancelled, CancelNote: it.CancelNote, URL: h.BaseURL + "/activiteiten/" + strconv.FormatInt(it.ActivityID, 10),
	}
	if it.RoomID != 0 {
		out.Room = &api.Room{ID: it.RoomID, Name: it.RoomName}
	}
	if it.Capacity > 0 {
		left := it.PlacesLeft()
		out.PlacesLeft = &left
	}
	return out
}

// dateList splits a stored comma-separated list of dates; none is [].
func dateList(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

// nonNil makes an empty list [] in JSON rather than null.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func inZone(t *time.Time, loc *time.Location) *time.Time {
	if t == nil {
		return nil
	}
	local := t.In(loc)
	return &local
}
