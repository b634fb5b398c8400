package handlers

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"onshuis/models"
)

// Accounts lists every account with its role, for the coordinator.
func (h *Handlers) Accounts(c *fiber.Ctx) error {
	return h.renderAccounts(c, fiber.StatusOK, map[string]string{}, map[string]string{})
}

// renderAccounts shows the accounts; values and errs are keyed by field id ("pw-12"),
// as each account has its own password field.
func (h *Handlers) renderAccounts(c *fiber.Ctx, status int, values, errs map[string]string) error {
	rows, err := models.Accounts(h.DB)
	if err != nil {
		return err
	}
	return h.render(c, status, "coordinator/accounts", fiber.Map{
		"Title": "accounts.title", "Accounts": rows, "Form": values, "Errors": errs,
		"Roles": []models.Role{models.RoleResident, models.RoleCoordinator, models.RolePartner},
	})
}

// ResetPassword gives an account a new password chosen by the coordinator, for a
// resident who forgot theirs and asks at the centre.
func (h *Handlers) ResetPassword(c *fiber.Ctx) error {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return fiber.ErrNotFound
	}
	f := newForm(c)
	pw := f.password("password")
	if len([]rune(pw)) < 8 || len(pw) > 72 {
		// The message goes next to this account's field, with what was typed.
		field := "pw-" + strconv.FormatInt(id, 10)
		return h.renderAccounts(c, fiber.StatusUnprocessableEntity,
			map[string]string{field: pw}, map[string]string{field: "flash.reset_password_short"})
	}
	hash, err := models.HashPassword(pw, h.BcryptCost)
	if err != nil {
		return err
	}
	if err := models.SetPasswordHash(h.DB, id, hash); err != nil {
		return err
	}
	h.setFlash(c, "flash.password_reset")
	return c.Redirect("/coordinator/accounts", fiber.StatusSeeOther)
}

// SetRole changes an account's role (resident, coordinator, partner).
func (h *Handlers) SetRole(c *fiber.Ctx) error {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return fiber.ErrNotFound
	}
	role := models.Role(c.FormValue("role"))
	if role != models.RoleResident && role != models.RoleCoordinator && role != models.RolePartner {
		return fiber.ErrBadRequest
	}
	switch err := models.SetUserRole(h.DB, id, role); {
	case errors.Is(err, models.ErrLastCoordinator):
		h.setFlash(c, "flash.last_coordinator")
	case err != nil:
		return err
	default:
		h.setFlash(c, "flash.role_changed")
	}
	return c.Redirect("/coordinator/accounts", fiber.StatusSeeOther)
}
