package handlers

import (
	"github.com/gofiber/fiber/v2"

	"onshuis/models"
	"onshuis/views"
)

// consentRow is one consent on Mijn gegevens: what, which text, since when, and, if
// taken back, when.
type consentRow struct {
	Topic     string // models.Consent* topic; the page's words are consent.topic.<topic>
	Version   string
	Given     string
	Withdrawn string // empty while it stands
	// Withdraw: it can be taken back here with one button, as it was given with one.
	Withdraw bool
}

// consentRows reads the user's consent history for the page: the current state of each
// topic first, then every earlier change, newest first.
func (h *Handlers) consentRows(c *fiber.Ctx, userID int64) (current, history []consentRow, err error) {
	all, err := models.ConsentHistory(h.DB, userID)
	if err != nil {
		return nil, nil, err
	}
	centre, err := h.centre(c)
	if err != nil {
		return nil, nil, err
	}
	loc, l := centre.Location(), rq(c).L
	row := func(k models.Consent) consentRow {
		r := consentRow{Topic: k.Topic, Version: k.TextVersion, Given: views.LongDate(l, k.GivenAt.In(loc))}
		if k.WithdrawnAt != nil {
			r.Withdrawn = views.LongDate(l, k.WithdrawnAt.In(loc))
		}
		r.Withdraw = k.Active() && k.Topic != models.ConsentTerms
		return r
	}
	now := models.CurrentConsents(all)
	for _, topic := range models.ConsentTopics {
		if k, ok := now[topic]; ok {
			current = append(current, row(k))
		}
	}
	for i := len(all) - 1; i >= 0; i-- {
		history = append(history, row(all[i]))
	}
	return current, history, nil
}

// WithdrawConsent takes back a consent from Mijn gegevens: the reminders stop, or the
// health check stops and its answers are deleted (as on Mijn gezondheid). Agreeing to
// keep the account's details is taken back by deleting the account.
func (h *Handlers) WithdrawConsent(c *fiber.Ctx) error {
	u := user(c)
	var err error
	switch c.FormValue("topic") {
	case models.ConsentReminders:
		err = models.SetNotifyPrefs(h.DB, u.ID, map[string]bool{models.KindReminder: false})
	case models.ConsentHealth:
		err = models.WithdrawHealthConsent(h.DB, u.ID)
	default:
		return h.renderAccount(c, fiber.StatusUnprocessableEntity, nil, map[string]string{"consent": "consent.unknown"})
	}
	if err != nil {
		return err
	}
	h.setFlash(c, "flash.consent_withdrawn")
	return c.Redirect("/mijn-gegevens#toestemming", fiber.StatusSeeOther)
}
