package handlers

import (
	"time"

	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/gofiber/fiber/v2"

	"onshuis/format"
	"onshuis/models"
	"onshuis/password"
)

// Account shows "Mijn gegevens": what we store about the user, change, download and delete.
func (h *Handlers) Account(c *fiber.Ctx) error {
	return h.renderAccount(c, fiber.StatusOK, nil, nil)
}

// renderAccount shows the page with the stored details in the form to change them,
// overlaid with values, what was typed in the form that is sent back. The page has
// three forms: a mistake in one must not empty the others.
func (h *Handlers) renderAccount(c *fiber.Ctx, status int, values, errs map[string]string) error {
	u := user(c)
	form := map[string]string{"name": u.Name}
	if u.Email != nil {
		form["email"] = *u.Email
	}
	if u.Phone != nil {
		form["phone"] = format.Phone(*u.Phone)
	}
	for k, v := range values {
		form[k] = v
	}
	profile, _, err := models.VolunteerProfileOf(h.DB, u.ID)
	if err != nil {
		return err
	}
	prefs, err := models.NotifyPrefs(h.DB, u.ID, profile != nil && profile.Active)
	if err != nil {
		return err
	}
	kinds := models.Kinds
	if !u.IsCoordinator() {
		kinds = slices.DeleteFunc(slices.Clone(kinds), func(k string) bool { return k == models.KindDigest })
	}
	consents, history, err := h.consentRows(c, u.ID)
	if err != nil {
		return err
	}
	published, err := models.HasPublishedProposals(h.DB, u.ID)
	if err != nil {
		return err
	}
	return h.render(c, status, "account/show", fiber.Map{"Title": "account.title", "Form": form, "Errors": errs,
		"Kinds": kinds, "Prefs": prefs, "Consents": consents, "ConsentHistory": history,
		"HasPublished": published})
}

// UpdateAccount changes the user's name and contact details.
func (h *Handlers) UpdateAccount(c *fiber.Ctx) error {
	f := newForm(c)
	name := f.text("name", true, 100)
	email, phone := f.contact("email", "phone")
	if f.OK() {
		if err := f.contactTaken(models.UpdateContact(h.DB, user(c).ID, name, email, phone), "register.email_taken", "register.phone_taken"); err != nil {
			return err
		}
	}
	if !f.OK() {
		return h.renderAccount(c, fiber.StatusUnprocessableEntity, f.Values, f.Errors)
	}
	h.setFlash(c, "flash.account_saved")
	return c.Redirect("/mijn-gegevens", fiber.StatusSeeOther)
}

// ChangePassword sets a new password after checking the current one.
func (h *Handlers) ChangePassword(c *fiber.Ctx) error {
	u := user(c)
	f := newForm(c)
	// Wrong current passwords count as failed logins of the account (and this device),
	// so a browser left logged in cannot be used to guess the password.
	attempt := h.accountAttempt(c, u.ID)
	wait, err := h.Logins.Check(attempt)
	if err != nil {
		return err
	}
	if wait > 0 {
		c.Set(fiber.HeaderRetryAfter, itoa64(int64((wait+time.Second-1)/time.Second)))
		f.fail("current_password", "account.password_too_many")
		return h.renderAccount(c, fiber.StatusTooManyRequests, nil, f.Errors)
	}
	if !u.PasswordMatches(f.password("current_password")) {
		if err := h.Logins.Failed(attempt); err != nil {
			return err
		}
		f.fail("current_password", "account.delete_wrong_password")
	}
	pw := f.newPassword("new_password", "new_password_repeat")
	if !f.OK() {
		return h.renderAccount(c, fiber.StatusUnprocessableEntity, nil, f.Errors)
	}
	hash, err := password.Hash(pw, h.BcryptCost)
	if err != nil {
		return err
	}
	generation, err := models.SetPasswordHash(h.DB, u.ID, hash)
	if err != nil {
		return err
	}
	// Every other session of the account has ended; this one goes on.
	if err := h.keepSession(c, generation); err != nil {
		return err
	}
	h.setFlash(c, "flash.password_changed")
	return c.Redirect("/mijn-gegevens", fiber.StatusSeeOther)
}

// LogOutEverywhere ends every session of the account, this one too: for someone who
// logged in on a computer elsewhere, or lost their phone.
func (h *Handlers) LogOutEverywhere(c *fiber.Ctx) error {
	if err := models.EndSessions(h.DB, user(c).ID); err != nil {
		return err
	}
	if err := h.endSession(c); err != nil {
		return err
	}
	h.setFlash(c, "flash.logged_out_everywhere")
	return c.Redirect("/inloggen", fiber.StatusSeeOther)
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
// password; the figures they were part of stay, anonymised. Someone who proposed a
// published activity chooses whether its texts, their words, go too.
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
		err := models.DeleteAccount(h.DB, u.ID, f.checked("published_texts"))
		if errors.Is(err, models.ErrLastCoordinator) {
			f.fail("confirm", "account.delete_last_coordinator")
		} else if err != nil {
			return err
		}
	}
	if !f.OK() {
		return h.renderAccount(c, fiber.StatusUnprocessableEntity, f.Values, f.Errors)
	}
	if err := h.endSession(c); err != nil {
		return err
	}
	h.setFlash(c, "flash.account_deleted")
	return c.Redirect("/", fiber.StatusSeeOther)
}
