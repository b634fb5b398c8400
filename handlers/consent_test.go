package handlers_test

import (
	"encoding/json"
	"testing"
	"time"

	"onshuis/app/apptest"
	"onshuis/models"
)

// What a person agreed to is on record with the date and the text version: the terms
// at registration, the reminders, the health check. Mijn gegevens shows it and takes it
// back with one button; the download holds the whole history.
func TestConsentHistory(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		s.Setup()
		c := s.Register("Wim de Bruijn", "wim@example.nl")
		page := c.Get("/mijn-gegevens").Body
		apptest.Contains(t, page, `id="toestemming"`, "Ons Huis bewaart je naam en contactgegevens",
			"(tekst "+models.TermsVersion+")", "Wil je dit niet meer? Verwijder dan je account")
		apptest.NotContains(t, page, "Herinneringen de dag voor een activiteit")

		// Reminders on, then off with the button on the consent list, then on again.
		s.Clock.Add(24 * time.Hour)
		c.Submit("/mijn-gegevens", "/mijn-gegevens/berichten", apptest.Form("kind_reminder", "on"))
		page = c.Get("/mijn-gegevens").Body
		apptest.Contains(t, page, "Herinneringen de dag voor een activiteit", `value="reminders"`, "Geen herinneringen meer")
		s.Clock.Add(24 * time.Hour)
		r := c.Submit("/mijn-gegevens", "/mijn-gegevens/toestemming-intrekken", apptest.Form("topic", "reminders"))
		if r.Status != 303 {
			t.Fatalf("withdraw reminders: got %d", r.Status)
		}
		page = r.Follow(c).Body
		apptest.Contains(t, page, "Je toestemming is ingetrokken.", "Ingetrokken op")
		apptest.NotContains(t, page, `name="kind_reminder" type="checkbox" value="on" checked`)
		u, _ := models.UserByLogin(s.DB, "wim@example.nl")
		if prefs, _ := models.NotifyPrefs(s.DB, u.ID, false); prefs[models.KindReminder] {
			t.Error("reminders still on after withdrawing")
		}
		c.Submit("/mijn-gegevens", "/mijn-gegevens/berichten", apptest.Form("kind_reminder", "on"))

		// The health check: consent there, withdraw here.
		c.Submit("/mijn-gezondheid", "/mijn-gezondheid/toestemming", apptest.Form("health_consent", "on"))
		apptest.Contains(t, c.Get("/mijn-gegevens").Body, "Meedoen aan de gezondheidsvragen", "(tekst vragen-0)")
		c.Submit("/mijn-gegevens", "/mijn-gegevens/toestemming-intrekken", apptest.Form("topic", "health"))
		if hc, _ := models.HealthConsentOf(s.DB, u.ID); hc != nil {
			t.Error("health consent still stands after withdrawing on Mijn gegevens")
		}
		// The terms cannot be taken back with a button: that is deleting the account.
		if r := c.Submit("/mijn-gegevens", "/mijn-gegevens/toestemming-intrekken", apptest.Form("topic", "terms")); r.Status != 422 {
			t.Errorf("withdraw terms: got %d, want 422", r.Status)
		}

		var export models.UserExport
		if err := json.Unmarshal([]byte(c.Get("/mijn-gegevens/download").Body), &export); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, k := range export.Consents {
			state := "open"
			if k.WithdrawnAt != nil {
				state = "withdrawn"
			}
			got = append(got, k.Topic+" "+k.TextVersion+" "+state)
		}
		want := []string{"terms " + models.TermsVersion + " open", "reminders " + models.RemindersVersion + " withdrawn",
			"reminders " + models.RemindersVersion + " open", "health vragen-0 withdrawn"}
		if len(got) != len(want) {
			t.Fatalf("consents in the download: %q, want %q", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("consent %d: %q, want %q", i, got[i], want[i])
			}
		}

		// Deleting the account deletes the record.
		c.Submit("/mijn-gegevens", "/mijn-gegevens/verwijderen", apptest.Form("confirm", "on", "password", apptest.Password))
		if left, _ := models.ConsentHistory(s.DB, u.ID); len(left) != 0 {
			t.Errorf("consents left after deleting the account: %+v", left)
		}
	})
}
