package handlers

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"onshuis/models"
)

// Accounts lists every account with its role, for the coordinator.
func (h *Handlers) Accounts(c *fiber.Ctx) error {
	rows, err := models.Accounts(h.DB)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "coordinator/accounts", fiber.Map{
		"Title": "accounts.title", "Accounts": rows,
		"Roles": []models.Role{models.RoleResident, models.RoleCoordinator, models.RolePartner},
	})
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
