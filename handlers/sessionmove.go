package handlers

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"onshuis/models"
)

// MoveSessionForm lets the coordinator move one session of an activity to another day,
// time or room (an exception to its schedule), filled in with where and when it is now.
func (h *Handlers) MoveSessionForm(c *fiber.Ctx) error {
	s, a, centre, err := h.movableSession(c)
	if err != nil {
		return err
	}
	loc := centre.Location()
	values := map[string]string{"date": s.Date, "start_time": s.StartsAt.In(loc).Format("15:04"), "end_time": s.EndsAt.In(loc).Format("15:04")}
	if s.RoomID != nil {
		values["room_id"] = itoa64(*s.RoomID)
	} else if a.RoomID != nil {
		values["room_id"] = itoa64(*a.RoomID)
	}
	return h.renderMove(c, fiber.StatusOK, s, a, centre, values, nil)
}

// MoveSession moves the session; everyone's sign-up, "Deze keer niet" and shift for it
// stay, because it stays the same session.
func (h *Handlers) MoveSession(c *fiber.Ctx) error {
	s, a, centre, err := h.movableSession(c)
	if err != nil {
		return err
	}
	rooms, err := models.RoomsOfCentre(h.DB, a.CentreID)
	if err != nil {
		return err
	}
	f := newForm(c)
	move := models.SessionMove{StartTime: f.raw("start_time"), EndTime: f.raw("end_time")}
	date, dateErr := models.ParseDay(f.raw("date"))
	if dateErr != nil {
		f.fail("date", "schedule.date_invalid")
	}
	move.Date = date
	if roomID := f.raw("room_id"); roomID != "" {
		for _, room := range rooms {
			if strconv.FormatInt(room.ID, 10) == roomID {
				move.RoomID = &room.ID
			}
		}
		if move.RoomID == nil {
			f.fail("room_id", "review.room_required")
		}
	}
	check := models.Schedule{Recurrence: models.RecurrenceOnce, StartTime: move.StartTime, EndTime: move.EndTime, FirstDate: move.Date}
	for field, msg := range check.Validate() {
		if field != "first_date" {
			f.fail(field, msg)
		}
	}
	if f.OK() {
		err = models.MoveSession(h.DB, s.ID, move, h.Now(), centre.Location())
		switch {
		case roomClash(f, err):
		case errors.Is(err, models.ErrSessionDateTaken):
			f.fail("date", "move.date_taken")
		case errors.Is(err, models.ErrSessionBegun):
			h.setFlash(c, "flash.session_begun")
			return c.Redirect(activityPath(a)+"/deelnemers", fiber.StatusSeeOther)
		case err != nil:
			return err
		}
	}
	if !f.OK() {
		return h.renderMove(c, fiber.StatusUnprocessableEntity, s, a, centre, f.Values, f.Errors)
	}
	h.setFlash(c, "flash.session_moved")
	return c.Redirect(activityPath(a)+"/deelnemers", fiber.StatusSeeOther)
}

// movableSession loads the session in the URL with its published activity and centre.
func (h *Handlers) movableSession(c *fiber.Ctx) (*models.Session, *models.Activity, *models.Centre, error) {
	s, a, centre, err := h.coordinatedSession(c)
	if err != nil {
		return nil, nil, nil, err
	}
	if a.Status != models.StatusApproved && a.Status != models.StatusPaused {
		return nil, nil, nil, fiber.ErrNotFound
	}
	return s, a, centre, nil
}

func (h *Handlers) renderMove(c *fiber.Ctx, status int, s *models.Session, a *models.Activity, centre *models.Centre, values, errs map[string]string) error {
	rooms, err := models.RoomsOfCentre(h.DB, a.CentreID)
	if err != nil {
		return err
	}
	loc := centre.Location()
	return h.render(c, status, "activities/move", map[string]any{
		"Title": "move.title", "Activity": a, "Session": s, "Start": s.StartsAt.In(loc), "End": s.EndsAt.In(loc),
		"Begun": !s.StartsAt.After(h.Now()), "Rooms": rooms, "Form": values, "Errors": errs,
	})
}
