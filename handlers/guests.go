package handlers

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"onshuis/format"
	"onshuis/models"
)

// maxGuestName bounds the name of a person put on a list without an account.
const maxGuestName = 100

// AddGuest puts a person without an account on the activity's list (or its waiting
// list when it is full): the lead or a coordinator, by name and optionally phone.
func (h *Handlers) AddGuest(c *fiber.Ctx) error {
	a, centre, err := h.publicActivity(c)
	if err != nil {
		return err
	}
	if !canManage(user(c), a) {
		return fiber.ErrForbidden
	}
	f := newForm(c)
	name := f.text("guest_name", true, maxGuestName)
	var phone *string
	if p := f.raw("guest_phone"); p != "" {
		if n, ok := format.ParsePhone(p); ok {
			phone = &n
		} else {
			f.fail("guest_phone", "form.phone_invalid")
		}
	}
	var place models.MyPlace
	if f.OK() {
		place, err = models.AddGuest(h.DB, a.ID, user(c).ID, name, phone)
		switch {
		case errors.Is(err, models.ErrAlreadyOnList):
			f.fail("guest_name", "guests.already_listed")
		case errors.Is(err, models.ErrNoSignUp):
			f.fail("guest_name", "guests.no_sign_up")
		case err != nil:
			return err
		}
	}
	if !f.OK() {
		return h.renderParticipants(c, fiber.StatusUnprocessableEntity, a, centre, f.Values, f.Errors)
	}
	if place.Status == models.Waitlisted {
		h.setFlash(c, "flash.guest_waitlisted")
	} else {
		h.setFlash(c, "flash.guest_added")
	}
	return c.Redirect(activityPath(a)+"/deelnemers", fiber.StatusSeeOther)
}

// RemoveGuest takes a person without an account off the activity's list.
func (h *Handlers) RemoveGuest(c *fiber.Ctx) error {
	a, _, err := h.publicActivity(c)
	if err != nil {
		return err
	}
	if !canManage(user(c), a) {
		return fiber.ErrForbidden
	}
	id, err := strconv.ParseInt(c.Params("user"), 10, 64)
	if err != nil {
		return fiber.ErrNotFound
	}
	if err := models.RemoveGuest(h.DB, a.ID, id); errors.Is(err, models.ErrNotAGuest) {
		return fiber.ErrNotFound
	} else if err != nil {
		return err
	}
	h.setFlash(c, "flash.guest_removed")
	return c.Redirect(activityPath(a)+"/deelnemers", fiber.StatusSeeOther)
}

// TakeOverPlaces moves the places held under the user's phone number for a person
// without an account to the user's own account.
func (h *Handlers) TakeOverPlaces(c *fiber.Ctx) error {
	n, err := models.TakeOverPlaces(h.DB, user(c).ID)
	if err != nil {
		return err
	}
	if n > 0 {
		h.setFlash(c, "flash.places_taken_over")
	}
	return c.Redirect("/mijn-activiteiten", fiber.StatusSeeOther)
}
