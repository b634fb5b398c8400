package handlers

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"onshuis/models"
)

// Account shows "Mijn gegevens": what we store about the user, download and delete.
func (h *Handlers) Account(c *fiber.Ctx) error {
	return h.render(c, fiber.StatusOK, "account/show", fiber.Map{"Title": "account.title", "Form": map[string]string{}})
}

// AccountDownload sends everything stored about the user as a JSON file.
func (h *Handlers) AccountDownload(c *fiber.Ctx) error {
	export, err := models.ExportUser(h.DB, user(c).ID)
	if err != nil {
		return err
	}
	body, err := json.MarshalIndent(export, "", "  ")
	if err != nil {
		return fmt.Errorf("account: unable to encode export: %w", err)
	}
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="mijn-gegevens-ons-huis.json"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(body)
}

// AccountDelete removes the user's personal data after they confirm with their
// password; the figures they were part of stay, anonymised.
func (h *Handlers) AccountDelete(c *fiber.Ctx) error {
	u := user(c)
	f := newForm(c)
	if !f.checked("confirm") {
		f.fail("confirm", "account.delete_confirm_required")
	}
	if !u.PasswordMatches(f.password("password")) {
		f.fail("password", "account.delete_wrong_password")
	}
	if f.OK() {
		err := models.AnonymiseUser(h.DB, u.ID)
		if errors.Is(err, models.ErrLastCoordinator) {
			f.fail("confirm", "account.delete_last_coordinator")
		} else if err != nil {
			return err
		}
	}
	if !f.OK() {
		return h.render(c, fiber.StatusUnprocessableEntity, "account/show", formPage("account.title", f.Values, f.Errors))
	}
	if err := h.endSession(c); err != nil {
		return err
	}
	h.setFlash(c, "flash.account_deleted")
	return c.Redirect("/", fiber.StatusSeeOther)
}
