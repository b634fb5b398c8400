package handlers

import (
	"errors"
	"net/url"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"onshuis/models"
)

// Giving a place or a shift back. Leaving for good frees the place for the first on the
// waiting list at once, so it takes a second step that says so (a page, no script);
// "Deze keer niet" only skips one date and can be taken back.

// confirmed is the second step's answer: the confirmation page sends confirm=yes.
func confirmed(c *fiber.Ctx) bool { return c.FormValue("confirm") == "yes" }

// LeaveActivityForm asks whether the user really wants to stop taking part (or to
// leave the waiting list), and points to "Deze keer niet" for a single date.
func (h *Handlers) LeaveActivityForm(c *fiber.Ctx) error {
	a, _, err := h.publicActivity(c)
	if err != nil {
		return err
	}
	place, err := models.PlaceOf(h.DB, a.ID, user(c).ID)
	if err != nil {
		return err
	}
	if place.Status == "" {
		return c.Redirect(activityPath(a), fiber.StatusSeeOther) // nothing to leave
	}
	return h.render(c, fiber.StatusOK, "activities/leave", fiber.Map{"Title": "leave.title", "Activity": a, "Place": place})
}

// LeaveActivity signs the logged-in user off once they confirmed; the first on the
// waiting list moves up. Without the confirmation it asks first.
func (h *Handlers) LeaveActivity(c *fiber.Ctx) error {
	a, _, err := h.publicActivity(c)
	if err != nil {
		return err
	}
	if !confirmed(c) {
		return c.Redirect(activityPath(a)+"/afmelden", fiber.StatusSeeOther)
	}
	if _, err := models.Leave(h.DB, a.ID, user(c).ID); err != nil {
		return err
	}
	h.setFlash(c, "flash.left")
	return c.Redirect(activityPath(a), fiber.StatusSeeOther)
}

// SkipSession is "Deze keer niet": the participant does not come to one session and
// keeps their place for the others.
func (h *Handlers) SkipSession(c *fiber.Ctx) error {
	return h.changeSkip(c, "flash.skipped", func(sessionID int64) error {
		return models.SkipParticipation(h.DB, sessionID, user(c).ID, h.Now())
	})
}

// UndoSkipSession takes "Deze keer niet" back: they come after all.
func (h *Handlers) UndoSkipSession(c *fiber.Ctx) error {
	return h.changeSkip(c, "flash.skip_undone", func(sessionID int64) error {
		return models.UndoParticipationSkip(h.DB, sessionID, user(c).ID, h.Now())
	})
}

// changeSkip runs a change to the skip of the session in the URL and goes back to the
// page the button was on.
func (h *Handlers) changeSkip(c *fiber.Ctx, flash string, change func(sessionID int64) error) error {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return fiber.ErrNotFound
	}
	return h.skipOutcome(c, flash, change(id))
}

// skipOutcome turns the result of a skip change into the flash message and the way back.
func (h *Handlers) skipOutcome(c *fiber.Ctx, flash string, err error) error {
	switch {
	case errors.Is(err, models.ErrCannotSkip):
		flash = "flash.skip_not_possible"
	case errors.Is(err, models.ErrRoleFull):
		flash = "flash.skip_undo_full"
	case err != nil:
		return err
	}
	h.setFlash(c, flash)
	return c.Redirect(safeNext(c.FormValue("next")), fiber.StatusSeeOther)
}

// WithdrawShiftForm asks whether the volunteer really wants to give a shift back (one
// session, or every session), and points to "Deze keer niet" for a single date.
func (h *Handlers) WithdrawShiftForm(c *fiber.Ctx) error {
	shift, err := h.ownShift(c)
	if err != nil {
		return err
	}
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	var session *sessionView
	if !shift.Recurring && shift.Session.ID != 0 {
		session = &localSessions([]models.Session{shift.Session}, centre)[0]
	}
	back := safeNext(c.Query("next"))
	if back == "/" {
		back = "/activiteiten/" + strconv.FormatInt(shift.ActivityID, 10) + "/vrijwilligers"
	}
	return h.render(c, fiber.StatusOK, "volunteers/withdraw", fiber.Map{"Title": "withdraw.title", "Shift": shift, "Session": session, "Back": back})
}

// WithdrawShift takes the volunteer off one of their own shifts once they confirmed.
// Without the confirmation it asks first.
func (h *Handlers) WithdrawShift(c *fiber.Ctx) error {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return fiber.ErrNotFound
	}
	next := safeNext(c.FormValue("next"))
	if !confirmed(c) {
		if _, err := h.ownShift(c); err != nil {
			return err // someone else's shift is not found, with or without the second step
		}
		return c.Redirect("/diensten/"+strconv.FormatInt(id, 10)+"/afmelden?next="+url.QueryEscape(next), fiber.StatusSeeOther)
	}
	if err := models.WithdrawShift(h.DB, id, user(c).ID, h.Now()); errors.Is(err, models.ErrNotFound) {
		return fiber.ErrNotFound
	} else if err != nil {
		return err
	}
	h.setFlash(c, "flash.shift_withdrawn")
	return c.Redirect(next, fiber.StatusSeeOther)
}

// SkipShift is "Deze keer niet" for a volunteer on a task every time: not this session
// (session=<id>), the others still.
func (h *Handlers) SkipShift(c *fiber.Ctx) error {
	return h.changeShiftSkip(c, "flash.shift_skipped", models.SkipShift)
}

// UndoShiftSkip takes it back, when nobody took the place meanwhile.
func (h *Handlers) UndoShiftSkip(c *fiber.Ctx) error {
	return h.changeShiftSkip(c, "flash.shift_skip_undone", models.UndoShiftSkip)
}

func (h *Handlers) changeShiftSkip(c *fiber.Ctx, flash string, change func(db *gorm.DB, shiftID, userID, sessionID int64, now time.Time) error) error {
	shiftID, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return fiber.ErrNotFound
	}
	sessionID, err := strconv.ParseInt(c.FormValue("session"), 10, 64)
	if err != nil {
		return fiber.ErrBadRequest
	}
	return h.skipOutcome(c, flash, change(h.DB, shiftID, user(c).ID, sessionID, h.Now()))
}

// ownShift loads the user's shift named in the URL, or answers 404.
func (h *Handlers) ownShift(c *fiber.Ctx) (*models.MyShift, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return nil, fiber.ErrNotFound
	}
	shift, err := models.ShiftOfUser(h.DB, id, user(c).ID)
	if err != nil {
		return nil, err
	}
	if shift == nil {
		return nil, fiber.ErrNotFound
	}
	return shift, nil
}
