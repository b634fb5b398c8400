package handlers_test

import (
	"fmt"
	"testing"
	"time"

	"onshuis/app"
	"onshuis/app/apptest"
	"onshuis/models"
)

// The coordinator sees who the inactivity rule deletes in the next 30 days, keeps one
// of them with a reason (a missing reason is asked for next to the field, the input
// kept), and the nightly rules then delete only the other.
func TestDueKeepAndRetention(t *testing.T) {
	apptest.Each(t, func(t *testing.T, kind apptest.Database) {
		s := apptest.Fresh(t, kind)
		coordinator := s.Setup()
		s.Register("Anna de Wit", "anna@example.nl")
		s.Register("Bram Smits", "bram@example.nl")
		anna, _ := models.UserByLogin(s.DB, "anna@example.nl")
		bram, _ := models.UserByLogin(s.DB, "bram@example.nl")
		now := s.Clock.Now()
		// Both were last here 23 months and 20 days ago: due within 30 days.
		old := now.AddDate(0, -23, -20)
		s.DB.Exec("UPDATE users SET last_seen_at = ?, created_at = ? WHERE id IN ?", old, old, []int64{anna.ID, bram.ID})

		home := coordinator.Get("/coordinator")
		apptest.Contains(t, home.Body, `href="/coordinator/binnenkort-verwijderd"`)
		page := coordinator.Get("/coordinator/binnenkort-verwijderd")
		apptest.Contains(t, page.Body, "Binnenkort verwijderd", "2 personen", "Anna de Wit", "Bram Smits", "2 jaar")

		path := "/coordinator/binnenkort-verwijderd"
		keep := fmt.Sprintf("%s/%d/bewaren", path, anna.ID)
		r := coordinator.Submit(path, keep, apptest.Form("reason", "   "))
		if r.Status != 422 {
			t.Fatalf("without a reason: %d", r.Status)
		}
		apptest.Contains(t, r.Body, "Schrijf op waarom je deze persoon bewaart.", fmt.Sprintf(`id="f-reason_%d-error"`, anna.ID))
		r = coordinator.Submit(path, keep, apptest.Form("reason", "Vrijwilliger, was een jaar op reis"))
		if r.Status != 303 {
			t.Fatalf("keep: %d", r.Status)
		}
		page = r.Follow(coordinator)
		apptest.Contains(t, page.Body, "1 persoon", "Reden: Vrijwilliger, was een jaar op reis", "Bewaard door")

		// Past the 24 months, after 04:00: the night's run deletes Bram only, once.
		s.Clock.Set(time.Date(now.Year(), now.Month(), now.Day(), 4, 30, 0, 0, time.UTC).AddDate(0, 0, 11))
		ran, err := s.App.RunRetention()
		if err != nil || !ran {
			t.Fatalf("run: %v %v", ran, err)
		}
		if ran, err := s.App.RunRetention(); err != nil || ran {
			t.Fatalf("second run the same night: %v %v", ran, err)
		}
		var names []string
		s.DB.Raw("SELECT name FROM users WHERE anonymised_at IS NOT NULL").Scan(&names)
		if len(names) != 1 || names[0] != "" {
			t.Fatalf("anonymised: %q", names)
		}
		if u, _ := models.UserByLogin(s.DB, "bram@example.nl"); u != nil {
			t.Fatal("Bram can still log in")
		}
		if u, _ := models.UserByLogin(s.DB, "anna@example.nl"); u == nil {
			t.Fatal("Anna, kept, was deleted")
		}
		// Stop keeping Anna: she is due again.
		r = coordinator.Submit(path, fmt.Sprintf("%s/%d/niet-meer-bewaren", path, anna.ID), nil)
		apptest.Contains(t, r.Follow(coordinator).Body, "1 persoon", "Anna de Wit", "Je bewaart niemand apart.")
	})
}

// The privacy page states the retention periods the app runs with.
func TestPrivacyStatesRetention(t *testing.T) {
	s := apptest.Fresh(t, apptest.Databases(t)[0], func(cfg *app.Config) { cfg.Retention.InactiveMonths = 30; cfg.Retention.VisitorKeyMonths = 6 })
	s.Setup()
	body := s.Client().Get("/privacy").Body
	apptest.Contains(t, body, "30 maanden niet bent gekomen", "De code blijft 6 maanden", "18 maanden", "Na 3 maanden staat bij je bezoek", "Je telefoon en je account")
}

// "Wachtwoord wijzigen" counts wrong current passwords as failed logins: after five,
// even the right one has to wait, with a message next to the field.
func TestChangePasswordIsThrottled(t *testing.T) {
	apptest.Each(t, func(t *testing.T, kind apptest.Database) {
		s := apptest.Fresh(t, kind)
		s.Setup()
		zoe := s.Register("Zoë Bakker", "zoe@example.nl")
		change := func(current string) *apptest.Response {
			return zoe.Submit("/mijn-gegevens", "/mijn-gegevens/wachtwoord", apptest.Form("current_password", current,
				"new_password", "nieuw geheim wachtwoord", "new_password_repeat", "nieuw geheim wachtwoord"))
		}
		for i := 0; i < 5; i++ {
			if r := change("fout"); r.Status != 422 {
				t.Fatalf("wrong password %d: %d", i+1, r.Status)
			}
		}
		r := change(apptest.Password)
		if r.Status != 429 || r.Header.Get("Retry-After") == "" {
			t.Fatalf("after five wrong passwords: %d", r.Status)
		}
		apptest.Contains(t, r.Body, "Je typte te vaak een verkeerd wachtwoord.", `id="f-current_password-error"`)
		s.Clock.Add(16 * time.Minute)
		if r := change(apptest.Password); r.Status != 303 {
			t.Fatalf("after the wait: %d", r.Status)
		}
	})
}
