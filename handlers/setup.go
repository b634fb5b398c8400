package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"onshuis/models"
	"onshuis/password"
)

// SetupForm shows the first-run form; once a coordinator exists the page is gone.
func (h *Handlers) SetupForm(c *fiber.Ctx) error {
	if h.setupDone.Load() {
		return fiber.ErrNotFound
	}
	return h.render(c, fiber.StatusOK, "setup/form", formPage("setup.title",
		map[string]string{"centre_name": "Ons Huis van de Wijk"}, nil))
}

// Setup creates the centre and the first coordinator, and logs the coordinator in.
func (h *Handlers) Setup(c *fiber.Ctx) error {
	if h.setupDone.Load() {
		return fiber.ErrNotFound
	}
	f := newForm(c)
	in := models.SetupInput{
		CentreName:    f.text("centre_name", true, 100),
		CentreAddress: f.text("centre_address", false, 200),
		Name:          f.text("name", true, 100),
		Language:      rq(c).Lang,
	}
	in.Email, in.Phone = f.contact("email", "phone")
	pw := f.newPassword("password", "password_repeat")
	if !f.OK() {
		return h.render(c, fiber.StatusUnprocessableEntity, "setup/form", formPage("setup.title", f.Values, f.Errors))
	}
	hash, err := password.Hash(pw, h.BcryptCost)
	if err != nil {
		return err
	}
	in.PasswordHash = hash
	coordinator, err := models.CompleteSetup(h.DB, in)
	if errors.Is(err, models.ErrSetupDone) {
		h.setupDone.Store(true)
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	h.setupDone.Store(true)
	if err := h.rememberDevice(c, h.accountAttempt(c, coordinator.ID)); err != nil {
		return err
	}
	if err := h.startSession(c, coordinator); err != nil {
		return err
	}
	h.setFlash(c, "flash.setup_done")
	// The coordinator's home holds the first-run checklist: the next step after setup.
	return c.Redirect("/coordinator", fiber.StatusSeeOther)
}
