package handlers_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"onshuis/app"
	"onshuis/app/apptest"
	"onshuis/models"
)

// trustForm is a complete proposal for the trust path, with the plan the resident
// chooses (the first room, Thursdays 19:00–21:00 from 14 January 2027).
func trustForm(s *apptest.Server, title, theme, action string) url.Values {
	var roomID int64
	s.DB.Table("rooms").Select("MIN(id)").Scan(&roomID)
	return apptest.Form("title", title, "want", "Samen kaarten op donderdagavond.", "can", "Ik regel de kaarten.",
		"themes", theme, "expected_people", "8", "action", action,
		"room_id", fmt.Sprint(roomID), "capacity", "8", "recurrence", "weekly", "interval", "1", "weekdays", "4",
		"start_time", "19:00", "end_time", "21:00", "first_date", "2027-01-14")
}

// The trust path, as the resident and the coordinator walk it: after six sessions of
// her card club Truus may publish a new "meeting" activity directly (the form says so;
// another theme is refused next to the field; the dates can be previewed); the
// coordinator finds it as "direct gepubliceerd", takes it back with a reason Truus
// reads, takes her trust away and gives it back, each step in the history; an activity
// of hers ended by the coordinator closes the path for a year.
func TestTrustPath(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		truus := s.Register("Truus Janssen", "truus@example.nl")
		club := s.Propose(truus, "Kaartclub") // theme meeting
		if r := s.Approve(coordinator, club, "10"); r.Status != 303 {
			t.Fatalf("approve: %d", r.Status)
		}
		const notice = "Je kunt dit direct publiceren"
		// later moves the clock; a session idle for a month has ended, so both log in again.
		later := func(at time.Time) {
			s.Clock.Set(at)
			truus, coordinator = s.Login("truus@example.nl"), s.Login("carla@example.nl")
		}
		newForm := func() string {
			t.Helper()
			r := truus.Get("/voorstellen/nieuw")
			if r.Status != 200 {
				t.Fatalf("proposal form: %d %q", r.Status, r.Location)
			}
			return r.Body
		}

		// Five Tuesdays held (1 … 29 December): not yet.
		later(time.Date(2026, 12, 30, 12, 0, 0, 0, time.UTC))
		apptest.NotContains(t, newForm(), notice, "Direct publiceren")
		// The sixth, on 5 January, opens the path; called off, it does not count.
		later(time.Date(2027, 1, 6, 12, 0, 0, 0, time.UTC))
		apptest.Contains(t, newForm(), notice)
		var jan5 models.Session
		s.DB.Where("activity_id = ? AND date = ?", club, "2027-01-05").Take(&jan5)
		s.DB.Model(&jan5).Update("cancelled", true)
		apptest.NotContains(t, newForm(), notice)
		s.DB.Model(&jan5).Update("cancelled", false)
		form := newForm()
		apptest.Contains(t, form, notice, "minstens 6 keer gehouden", "Ontmoeting.", `value="publish"`, "Waar en wanneer")
		apptest.NotContains(t, form, "/coordinator/ruimtes")
		// Another resident, without such a history, sees the ordinary form.
		wim := s.Register("Wim Verhoeven", "wim@example.nl")
		apptest.NotContains(t, wim.Get("/voorstellen/nieuw").Body, notice)

		// A theme she never led: refused next to the field, the input kept.
		r := truus.Submit("/voorstellen/nieuw", "/voorstellen", trustForm(s, "Kookclub", "food", "publish"))
		if r.Status != 422 {
			t.Fatalf("publish another theme: %d", r.Status)
		}
		apptest.Contains(t, r.Body, `id="f-themes"`, "Direct publiceren kan alleen met thema", `value="Kookclub"`, `value="19:00"`)
		// "Toon de data" shows the Thursdays and saves nothing.
		preview := trustForm(s, "Kaartavond", "meeting", "")
		preview.Set("preview", "1")
		r = truus.Submit("/voorstellen/nieuw", "/voorstellen", preview)
		apptest.Contains(t, r.Body, "<li>donderdag 14 januari 2027, 19:00–21:00</li>", "Nog niet bewaard", `value="Kaartavond"`)
		// Published directly: on the programme at once, with her as lead.
		r = truus.Submit("/voorstellen/nieuw", "/voorstellen", trustForm(s, "Kaartavond", "meeting", "publish"))
		if r.Status != 303 || !strings.HasPrefix(r.Location, "/activiteiten/") {
			t.Fatalf("publish directly: %d %q\n%s", r.Status, r.Location, r.Body)
		}
		page := r.Follow(truus)
		apptest.Contains(t, page.Body, "Je activiteit staat in het programma", "Kaartavond", "Elke donderdag, 19:00–21:00")
		var evening models.Activity
		s.DB.Where("title = ?", "Kaartavond").Take(&evening)
		if evening.Status != models.StatusApproved || evening.DirectPublishedAt == nil || evening.LeadID == nil || *evening.LeadID != *evening.ProposerID {
			t.Fatalf("published directly: %+v", evening)
		}
		apptest.Contains(t, s.Client().Get("/?week=2027-W02").Body, "Kaartavond")

		// The coordinator sees it as "direct gepubliceerd" and opens it from the list.
		list := coordinator.Get("/coordinator/voorstellen?status=direct")
		review := fmt.Sprintf("/coordinator/voorstellen/%d", evening.ID)
		apptest.Contains(t, list.Body, "Direct gepubliceerd (1)", `href="`+review+`"`, "Truus Janssen")
		apptest.Contains(t, coordinator.Get("/coordinator/voorstellen").Body, "Direct gepubliceerd (1)")
		page = coordinator.Get(review)
		apptest.Contains(t, page.Body, "Direct gepubliceerd door de bewoner (vertrouwen)", "Terugnemen uit het programma",
			"Ontmoeting (6)", "Vertrouwen intrekken")

		// Taking it back needs a reason; then it waits for review and Truus reads why.
		r = coordinator.Submit(review, review+"/terugnemen", apptest.Form("withdraw_reason", ""))
		if r.Status != 422 {
			t.Fatalf("take back without a reason: %d", r.Status)
		}
		apptest.Contains(t, r.Body, `id="f-withdraw_reason-error"`)
		reason := "De huiskamer is op donderdagavond voor de buurtvergadering."
		if r = coordinator.Submit(review, review+"/terugnemen", apptest.Form("withdraw_reason", reason)); r.Status != 303 {
			t.Fatalf("take back: %d", r.Status)
		}
		apptest.Contains(t, r.Follow(coordinator).Body, "Teruggenomen uit het programma", reason, "Wat besluit je?")
		if back, _ := models.ActivityByID(s.DB, evening.ID); back.Status != models.StatusProposed || back.PublishedAt != nil || back.DirectPublishedAt != nil {
			t.Fatalf("taken back: %+v", back)
		}
		apptest.NotContains(t, s.Client().Get("/?week=2027-W02").Body, "Kaartavond")
		apptest.Contains(t, coordinator.Get("/coordinator/berichten").Body, "Je activiteit Kaartavond is uit het programma gehaald")
		apptest.Contains(t, truus.Get("/mijn-voorstellen").Body, "Teruggenomen uit het programma", reason)
		// The proposal taken back does not go onto the programme again on its own.
		edit := fmt.Sprintf("/voorstellen/%d", evening.ID)
		apptest.NotContains(t, truus.Get(edit+"/bewerken").Body, notice)
		if r = truus.Submit(edit+"/bewerken", edit, trustForm(s, "Kaartavond", "meeting", "publish")); r.Status != 303 || r.Location != "/mijn-voorstellen" {
			t.Fatalf("publish a proposal taken back: %d %q", r.Status, r.Location)
		}
		if back, _ := models.ActivityByID(s.DB, evening.ID); back.Status != models.StatusProposed {
			t.Fatalf("a proposal taken back was published: %s", back.Status)
		}

		// Trust taken away and given back, from the proposal's page.
		if r = coordinator.Submit(review, review+"/vertrouwen", apptest.Form("trust", "revoke", "trust_note", "Eerst even overleggen.")); r.Status != 303 {
			t.Fatalf("revoke: %d", r.Status)
		}
		apptest.Contains(t, r.Follow(coordinator).Body, "Vertrouwen ingetrokken", "Eerst even overleggen.", "Vertrouwen teruggeven")
		apptest.NotContains(t, newForm(), notice)
		if r = coordinator.Submit(review, review+"/vertrouwen", apptest.Form("trust", "restore")); r.Status != 303 {
			t.Fatalf("restore: %d", r.Status)
		}
		apptest.Contains(t, r.Follow(coordinator).Body, "Vertrouwen teruggegeven", "Vertrouwen intrekken")
		apptest.Contains(t, newForm(), notice)

		// The coordinator ends her card club: no trust path for a year.
		status := fmt.Sprintf("/coordinator/activiteiten/%d/status", club)
		if r = coordinator.Submit(fmt.Sprintf("/activiteiten/%d/deelnemers", club), status, apptest.Form("status", "ended")); r.Status != 303 {
			t.Fatalf("end: %d", r.Status)
		}
		apptest.NotContains(t, newForm(), notice)
		later(s.Clock.Now().Add(366 * 24 * time.Hour))
		apptest.Contains(t, newForm(), notice)
	})
}

// The number of sessions is a setting (TRUST_MIN_SESSIONS).
func TestTrustPathThreshold(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db, func(cfg *app.Config) { cfg.TrustMinSessions = 2 })
		coordinator := s.Setup()
		truus := s.Register("Truus Janssen", "truus@example.nl")
		if r := s.Approve(coordinator, s.Propose(truus, "Kaartclub"), "10"); r.Status != 303 {
			t.Fatalf("approve: %d", r.Status)
		}
		s.Clock.Set(time.Date(2026, 12, 8, 12, 0, 0, 0, time.UTC))
		apptest.Contains(t, truus.Get("/voorstellen/nieuw").Body, "Wat wil ik")
		apptest.NotContains(t, truus.Get("/voorstellen/nieuw").Body, "Je kunt dit direct publiceren")
		s.Clock.Set(time.Date(2026, 12, 8, 16, 0, 0, 0, time.UTC))
		apptest.Contains(t, truus.Get("/voorstellen/nieuw").Body, "Je kunt dit direct publiceren", "minstens 2 keer gehouden")
	})
}

// The trust path holds at the centre where the resident led her activities: Truus,
// trusted in Ruwaard, picks Schadewijk on the form and presses "Direct publiceren". The
// form comes back saying so next to the centre, with what she typed, and nothing is
// stored or sent for review; back at her own centre it is published.
func TestTrustPathAtAnotherCentre(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		carla, _, centreB := twoCentresWithActivities(t, s)
		centreA, _ := models.DefaultCentre(s.DB)
		var roomA models.Room
		s.DB.Where("centre_id = ?", centreA.ID).Take(&roomA)
		truus := s.Register("Truus Janssen", "truus@example.nl")
		club := s.Propose(truus, "Kaartclub")
		if r := s.Approve(carla, club, "10", "room_id", fmt.Sprint(roomA.ID), "start_time", "10:00", "end_time", "12:00"); r.Status != 303 {
			t.Fatalf("approve: %d\n%s", r.Status, r.Body)
		}
		s.Clock.Set(time.Date(2027, 1, 6, 12, 0, 0, 0, time.UTC))
		truus = s.Login("truus@example.nl")
		apptest.Contains(t, truus.Get("/voorstellen/nieuw").Body, `value="publish"`)

		form := trustForm(s, "Kaartavond", "meeting", "publish")
		form.Set("room_id", fmt.Sprint(roomA.ID))
		form.Set("centre", fmt.Sprint(centreB.ID))
		r := truus.Submit("/voorstellen/nieuw", "/voorstellen", form)
		if r.Status != 422 {
			t.Fatalf("publish at a centre without trust: %d %q", r.Status, r.Location)
		}
		apptest.Contains(t, r.Body, `id="f-centre-error"`, "Bij dit huis van de wijk kun je (nog) niet direct publiceren",
			`value="Kaartavond"`, "Samen kaarten op donderdagavond.",
			fmt.Sprintf(`value="%d" checked aria-describedby="f-centre-error">`, centreB.ID))
		apptest.NotContains(t, r.Body, `value="publish"`) // not offered at Schadewijk
		var stored int64
		s.DB.Table("activities").Where("title = ?", "Kaartavond").Count(&stored)
		if stored != 0 {
			t.Fatalf("the proposal was stored (%d) though the form came back", stored)
		}

		form.Set("centre", fmt.Sprint(centreA.ID))
		if r = truus.Submit("/voorstellen/nieuw", "/voorstellen", form); r.Status != 303 || !strings.HasPrefix(r.Location, "/activiteiten/") {
			t.Fatalf("publish at her own centre: %d %q\n%s", r.Status, r.Location, r.Body)
		}
	})
}
