package handlers

import (
	"errors"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"onshuis/models"
	"onshuis/views"
)

// dueDays is how far ahead "Binnenkort verwijderd" looks.
const dueDays = 30

// dueShown bounds each list of the page; the count says when there are more.
const dueShown = 200

// keepReasonMax is the longest reason for keeping someone.
const keepReasonMax = 300

// Due shows the coordinator what the retention rules remove in the next 30 days: the
// residents whose account goes, the past sessions whose names go, and who is kept.
func (h *Handlers) Due(c *fiber.Ctx) error {
	return h.renderDue(c, fiber.StatusOK, map[string]string{}, map[string]string{})
}

// renderDue shows the page; values and errs are keyed by field id ("reason-12"), as
// each person has their own reason field.
func (h *Handlers) renderDue(c *fiber.Ctx, status int, values, errs map[string]string) error {
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	due, err := models.UpcomingRemovals(h.DB, h.Retention, centre, h.Now(), dueDays, dueShown)
	if err != nil {
		return err
	}
	loc, l := centre.Location(), rq(c).L
	var people []duePerson
	for _, p := range due.People {
		since := views.T(l, "due.since", "Date", views.LongDate(l, p.CreatedAt.In(loc)))
		if p.LastSeenAt != nil {
			since = views.T(l, "due.last_seen", "Date", views.LongDate(l, p.LastSeenAt.In(loc)))
		}
		people = append(people, duePerson{ID: p.ID, Name: p.Name, Since: since})
	}
	var kept []keptPerson
	for _, k := range due.Kept {
		kept = append(kept, keptPerson{ID: k.UserID, Name: k.Name, Reason: k.Reason,
			By: views.T(l, "due.kept_by", "Name", k.KeptBy, "Date", views.LongDate(l, k.KeptAt.In(loc)))})
	}
	var sessions []dueSession
	for _, s := range due.Sessions {
		d, _ := time.ParseInLocation(models.Date, s.Date, loc)
		sessions = append(sessions, dueSession{Date: views.LongDate(l, d), Activity: s.Activity, Names: s.Names})
	}
	months := func(n int) string { return Lifetime{Months: n}.text(l) }
	return h.render(c, status, "coordinator/due", fiber.Map{
		"Title": "due.title", "People": people, "Sessions": sessions, "Kept": kept, "Days": dueDays,
		"Inactive": months(h.Retention.InactiveMonths), "SessionPeriod": months(h.Retention.SessionMonths),
		"Form": values, "Errors": errs, "ReasonMax": keepReasonMax,
	})
}

// duePerson, dueSession and keptPerson are the rows of "Binnenkort verwijderd", in the
// reader's words.
type duePerson struct {
	ID          int64
	Name, Since string
}

type dueSession struct {
	Date, Activity string
	Names          int
}

type keptPerson struct {
	ID               int64
	Name, Reason, By string
}

// duePersonParam is the person in the URL when they belong to the coordinator's
// current centre (models.BelongsToCentre); anyone else is not found.
func (h *Handlers) duePersonParam(c *fiber.Ctx) (int64, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return 0, fiber.ErrNotFound
	}
	centre, err := h.centre(c)
	if err != nil {
		return 0, err
	}
	ok, err := models.BelongsToCentre(h.DB, id, centre.ID)
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, fiber.ErrNotFound
	}
	return id, nil
}

// KeepPerson keeps one resident from the inactivity rule, with the reason the
// coordinator gives (it is shown on the page, with who kept them and when).
func (h *Handlers) KeepPerson(c *fiber.Ctx) error {
	id, err := h.duePersonParam(c)
	if err != nil {
		return err
	}
	field := "reason_" + strconv.FormatInt(id, 10)
	f := newForm(c)
	reason := f.text("reason", false, keepReasonMax*10)
	msg := f.Errors["reason"]
	switch {
	case msg != "":
	case reason == "":
		msg = "due.reason_required"
	case utf8.RuneCountInString(reason) > keepReasonMax:
		msg = "due.reason_too_long"
	}
	if msg != "" {
		return h.renderDue(c, fiber.StatusUnprocessableEntity, map[string]string{field: reason}, map[string]string{field: msg})
	}
	err = models.KeepPerson(h.DB, id, user(c).ID, reason, h.Now())
	switch {
	case errors.Is(err, models.ErrNoSuchPerson):
		return fiber.ErrNotFound
	case err != nil:
		return err
	}
	h.setFlash(c, "flash.person_kept")
	return c.Redirect("/coordinator/binnenkort-verwijderd", fiber.StatusSeeOther)
}

// ReleasePerson stops keeping a resident: the inactivity rule applies to them again.
func (h *Handlers) ReleasePerson(c *fiber.Ctx) error {
	id, err := h.duePersonParam(c)
	if err != nil {
		return err
	}
	if err := models.ReleasePerson(h.DB, id); err != nil {
		return err
	}
	h.setFlash(c, "flash.person_released")
	return c.Redirect("/coordinator/binnenkort-verwijderd", fiber.StatusSeeOther)
}
