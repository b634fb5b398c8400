package handlers

import (
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"onshuis/models"
	"onshuis/password"
)

// accountsShown is how many accounts the page lists at once; a centre has hundreds, and
// the coordinator looks for one by name.
const accountsShown = 50

// Accounts lists the accounts with their roles, for the coordinator: the ones found
// with the search field, or the first by name.
func (h *Handlers) Accounts(c *fiber.Ctx) error {
	return h.renderAccounts(c, fiber.StatusOK, c.Query("q"), map[string]string{}, map[string]string{})
}

// renderAccounts shows the accounts matching q; values and errs are keyed by field id
// ("pw-12"), as each account has its own password field.
func (h *Handlers) renderAccounts(c *fiber.Ctx, status int, q string, values, errs map[string]string) error {
	q = strings.TrimSpace(q)
	if r := []rune(q); len(r) > 100 {
		q = string(r[:100])
	}
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	rows, total, err := models.FindAccounts(h.DB, centre.ID, q, accountsShown)
	if err != nil {
		return err
	}
	return h.render(c, status, "coordinator/accounts", fiber.Map{
		"Title": "accounts.title", "Accounts": rows, "Total": total, "Q": q, "Form": values, "Errors": errs,
		"Roles": []models.Role{models.RoleResident, models.RoleCoordinator, models.RolePartner},
	})
}

// backToAccounts returns to the accounts page with the search the coordinator was in.
func backToAccounts(c *fiber.Ctx) error {
	path := "/coordinator/accounts"
	if q := strings.TrimSpace(c.FormValue("q")); q != "" {
		path += "?q=" + url.QueryEscape(q)
	}
	return c.Redirect(path, fiber.StatusSeeOther)
}

// ResetPassword gives an account a new password chosen by the coordinator, for a
// resident who forgot theirs and asks at the centre.
func (h *Handlers) ResetPassword(c *fiber.Ctx) error {
	target, err := h.accountInCentre(c)
	if err != nil {
		return err
	}
	id := target.ID
	f := newForm(c)
	pw := f.password("password")
	if len([]rune(pw)) < 8 || len(pw) > password.MaxBytes {
		// The message goes next to this account's field, with what was typed.
		field := "pw-" + strconv.FormatInt(id, 10)
		return h.renderAccounts(c, fiber.StatusUnprocessableEntity, c.FormValue("q"),
			map[string]string{field: pw}, map[string]string{field: "flash.reset_password_short"})
	}
	hash, err := password.Hash(pw, h.BcryptCost)
	if err != nil {
		return err
	}
	// Whoever is logged in to the account (perhaps not its owner) is logged out.
	generation, err := models.SetPasswordHash(h.DB, id, hash)
	switch {
	case errors.Is(err, models.ErrNotFound):
		return fiber.ErrNotFound
	case err != nil:
		return err
	}
	if id == user(c).ID {
		if err := h.keepSession(c, generation); err != nil {
			return err
		}
	}
	h.setFlash(c, "flash.password_reset")
	return backToAccounts(c)
}

// SetRole changes an account's role (resident, coordinator, partner).
func (h *Handlers) SetRole(c *fiber.Ctx) error {
	target, err := h.accountInCentre(c)
	if err != nil {
		return err
	}
	id := target.ID
	role := models.Role(c.FormValue("role"))
	if role != models.RoleResident && role != models.RoleCoordinator && role != models.RolePartner {
		return fiber.ErrBadRequest
	}
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	switch err := models.SetUserRole(h.DB, id, role, centre.ID); {
	case errors.Is(err, models.ErrNotFound):
		return fiber.ErrNotFound
	case errors.Is(err, models.ErrLastCoordinator):
		h.setFlash(c, "flash.last_coordinator")
	case err != nil:
		return err
	default:
		h.setFlash(c, "flash.role_changed")
	}
	return backToAccounts(c)
}
