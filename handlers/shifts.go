package handlers

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"onshuis/models"
	"onshuis/printables"
)

// shiftsShownDays is how far ahead "Mijn diensten" lists shifts: four weeks keep a
// weekly task to a handful of cards, and the calendar feed has the rest.
const shiftsShownDays = 4 * 7

// shiftsAheadDays is how far ahead the shifts feed looks.
const shiftsAheadDays = 8 * 7

// MyShifts shows the volunteer's coming shifts, their hours per month and year, and
// the link to subscribe to their shifts in a calendar app.
func (h *Handlers) MyShifts(c *fiber.Ctx) error {
	u := user(c)
	profile, _, err := models.VolunteerProfileOf(h.DB, u.ID)
	if err != nil {
		return err
	}
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	shifts, err := models.UpcomingShiftsOf(h.DB, u.ID, h.Now(), h.Now().AddDate(0, 0, shiftsShownDays))
	if err != nil {
		return err
	}
	months, years, err := models.HoursOfVolunteer(h.DB, u.ID, centre.Location())
	if err != nil {
		return err
	}
	var views []fiber.Map
	for _, s := range shifts {
		views = append(views, fiber.Map{"Shift": s, "Session": localSessions([]models.Session{s.Session}, centre)[0]})
	}
	return h.render(c, fiber.StatusOK, "volunteers/shifts", fiber.Map{
		"Title": "shifts.title", "Profile": profile, "Shifts": views, "Months": months, "Years": years,
		"FeedURL": feedURL(h.BaseURL, profile), "Now": h.Now(),
	})
}

func feedURL(base string, p *models.VolunteerProfile) string {
	if p == nil {
		return ""
	}
	return base + "/diensten/" + p.FeedToken + ".ics"
}

// ShiftsFeed is a volunteer's shifts as an iCalendar feed; the secret token in the URL
// stands in for a login, since calendar apps cannot log in.
func (h *Handlers) ShiftsFeed(c *fiber.Ctx) error {
	p, err := models.VolunteerByFeedToken(h.DB, c.Params("token"))
	if err != nil {
		return err
	}
	if p == nil {
		return fiber.ErrNotFound
	}
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	shifts, err := models.UpcomingShiftsOf(h.DB, p.UserID, h.Now().AddDate(0, 0, -28), h.Now().AddDate(0, 0, shiftsAheadDays))
	if err != nil {
		return err
	}
	host := hostOf(h.BaseURL)
	cal := printables.Calendar{Name: "Mijn diensten · " + centre.Name, Zone: centre.Location(), Stamp: h.Now(), Products: "-//Ons Huis//Diensten//NL"}
	for _, s := range shifts {
		cal.Events = append(cal.Events, printables.CalendarEvent{
			UID:   fmt.Sprintf("dienst-%d-%s@%s", s.ShiftID, s.Session.Date, host),
			Title: s.RoleName + " · " + s.ActivityTitle, Location: centre.Name, URL: h.BaseURL + "/activiteiten/" + itoa64(s.ActivityID),
			// A date they skip is cancelled in their calendar, as a cancelled session is.
			Start: s.Session.StartsAt, End: s.Session.EndsAt, Cancelled: s.Session.Cancelled || s.Skipped, Modified: s.Session.CreatedAt,
		})
	}
	var buf bytes.Buffer
	if err := printables.WriteICal(&buf, cal); err != nil {
		return fmt.Errorf("ical: unable to write shifts feed: %w", err)
	}
	c.Set(fiber.HeaderContentType, "text/calendar; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, "private, max-age=900")
	return c.Send(buf.Bytes())
}

// NeedsBoard shows every open need; for volunteer roles it suggests matching
// volunteers to the coordinator, best first, with the reasons.
func (h *Handlers) NeedsBoard(c *fiber.Ctx) error {
	u := user(c)
	if err := h.requireVolunteerOrCoordinator(u); err != nil {
		return err
	}
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	needs, err := models.NeedsBoard(h.DB, centre.ID, u.IsCoordinator())
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "volunteers/board", fiber.Map{"Title": "board.title", "Needs": needs})
}

// OfferNeed records "Ik kan dit regelen" by a volunteer or coordinator.
func (h *Handlers) OfferNeed(c *fiber.Ctx) error {
	u := user(c)
	if err := h.requireVolunteerOrCoordinator(u); err != nil {
		return err
	}
	return h.changeNeed(c, func(source string, id int64) error { return models.OfferNeed(h.DB, source, id, u.ID) }, "flash.need_offered")
}

// requireVolunteerOrCoordinator lets through the people the needs board is for.
func (h *Handlers) requireVolunteerOrCoordinator(u *models.User) error {
	if u.IsCoordinator() {
		return nil
	}
	ok, err := models.IsActiveVolunteer(h.DB, u.ID)
	if err != nil {
		return err
	}
	if !ok {
		return fiber.ErrForbidden
	}
	return nil
}

// ArrangeNeed marks a need as arranged (coordinator).
func (h *Handlers) ArrangeNeed(c *fiber.Ctx) error {
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	return h.changeNeed(c, func(source string, id int64) error { return models.ArrangeNeed(h.DB, centre.ID, source, id) }, "flash.need_arranged")
}

func (h *Handlers) changeNeed(c *fiber.Ctx, change func(string, int64) error, flash string) error {
	source := c.Params("source")
	if source != models.NeedOfActivity && source != models.NeedOfVolunteer {
		return fiber.ErrNotFound
	}
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return fiber.ErrNotFound
	}
	switch err := change(source, id); {
	case errors.Is(err, models.ErrNotFound):
		return fiber.ErrNotFound
	case errors.Is(err, models.ErrNeedNotOpen):
		flash = "flash.need_not_open"
	case err != nil:
		return err
	}
	h.setFlash(c, flash)
	return c.Redirect("/hulp-gezocht", fiber.StatusSeeOther)
}

// Understaffed shows the coordinator the sessions of the next 14 days that miss volunteers.
func (h *Handlers) Understaffed(c *fiber.Ctx) error {
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	now := h.Now().In(centre.Location())
	start := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	rows, err := models.UnderstaffedSessions(h.DB, centre, start, start.AddDate(0, 0, 14))
	if err != nil {
		return err
	}
	// Today's sessions that are over need nobody any more.
	rows = slices.DeleteFunc(rows, func(u models.Understaffed) bool { return !u.Session.EndsAt.After(now) })
	loc := centre.Location()
	for i := range rows {
		rows[i].Session.StartsAt = rows[i].Session.StartsAt.In(loc)
		rows[i].Session.EndsAt = rows[i].Session.EndsAt.In(loc)
	}
	return h.render(c, fiber.StatusOK, "volunteers/understaffed", fiber.Map{"Title": "understaffed.title", "Rows": rows})
}

// HoursForm shows the lead or coordinator the planned volunteers of a session with
// tick boxes, ticked as planned, to confirm who was there.
func (h *Handlers) HoursForm(c *fiber.Ctx) error {
	s, a, err := h.managedSession(c)
	if err != nil {
		return err
	}
	return h.renderHours(c, fiber.StatusOK, s, a, nil)
}

// ConfirmHours stores who was there and for how long.
func (h *Handlers) ConfirmHours(c *fiber.Ctx) error {
	s, a, err := h.managedSession(c)
	if err != nil {
		return err
	}
	planned, err := models.PlannedForSession(h.DB, s)
	if err != nil {
		return err
	}
	errs := map[string]string{}
	var entries []models.HoursEntry
	for _, p := range planned {
		key := strconv.FormatInt(p.UserID, 10)
		present := c.FormValue("present_"+key) != ""
		minutes := 0
		if present {
			hours, err := strconv.ParseFloat(commaToDot(c.FormValue("hours_"+key)), 64)
			if err != nil || !(hours >= 0 && hours <= 24) { // written this way round, "NaN" fails too
				errs["hours_"+key] = "hours.invalid"
				continue
			}
			minutes = int(hours*60 + 0.5)
		}
		role := p.RoleID
		entries = append(entries, models.HoursEntry{RoleID: &role, UserID: p.UserID, Present: present, Minutes: minutes})
	}
	if len(errs) > 0 {
		return h.renderHours(c, fiber.StatusUnprocessableEntity, s, a, errs)
	}
	if err := models.ConfirmHours(h.DB, s.ID, user(c).ID, entries); err != nil {
		return err
	}
	h.setFlash(c, "flash.hours_confirmed")
	return c.Redirect(activityPath(a)+"/vrijwilligers", fiber.StatusSeeOther)
}

func (h *Handlers) renderHours(c *fiber.Ctx, status int, s *models.Session, a *models.Activity, errs map[string]string) error {
	planned, err := models.PlannedForSession(h.DB, s)
	if err != nil {
		return err
	}
	centre, err := models.CentreByID(h.DB, a.CentreID)
	if err != nil {
		return err
	}
	rows := make([]fiber.Map, len(planned))
	for i, p := range planned {
		key := strconv.FormatInt(p.UserID, 10)
		present, hours := true, fmt.Sprintf("%.1f", float64(p.Planned)/60)
		if p.Confirmed != nil {
			present, hours = p.Confirmed.Present, fmt.Sprintf("%.1f", float64(p.Confirmed.Minutes)/60)
		}
		if errs != nil {
			present, hours = c.FormValue("present_"+key) != "", c.FormValue("hours_"+key)
		}
		rows[i] = fiber.Map{"P": p, "Key": key, "Present": present, "Hours": commaDecimal(hours), "Error": errs["hours_"+key]}
	}
	return h.render(c, status, "volunteers/hours", fiber.Map{
		"Title": "hours.title", "Activity": a, "Session": localSessions([]models.Session{*s}, centre)[0], "Rows": rows, "Errors": errs,
	})
}

// sessionParam loads the session in the URL and its activity, or answers 404.
func (h *Handlers) sessionParam(c *fiber.Ctx) (*models.Session, *models.Activity, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return nil, nil, fiber.ErrNotFound
	}
	s, err := models.SessionByID(h.DB, id)
	if err != nil {
		return nil, nil, err
	}
	if s == nil {
		return nil, nil, fiber.ErrNotFound
	}
	a, err := models.ActivityByID(h.DB, s.ActivityID)
	if err != nil {
		return nil, nil, err
	}
	return s, a, nil
}

// managedSession loads the session in the URL when the user leads its activity or coordinates.
func (h *Handlers) managedSession(c *fiber.Ctx) (*models.Session, *models.Activity, error) {
	s, a, err := h.sessionParam(c)
	if err != nil {
		return nil, nil, err
	}
	if !canManage(user(c), a) {
		return nil, nil, fiber.ErrForbidden
	}
	return s, a, nil
}

// commaToDot lets people write hours the Dutch way: "2,5".
func commaToDot(s string) string { return strings.Replace(strings.TrimSpace(s), ",", ".", 1) }

// commaDecimal shows "2.5" the Dutch way: "2,5".
func commaDecimal(s string) string { return strings.Replace(s, ".", ",", 1) }
