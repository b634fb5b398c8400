package handlers_test

import (
	"encoding/csv"
	"fmt"
	"strings"
	"testing"
	"time"

	"onshuis/app/apptest"
	"onshuis/models"
)

// A leersessie, as its lead, a coordinator and a partner meet it: an activity of the
// theme "Leersessie" every other Wednesday; after a session the lead follows the link
// "Wat we leerden" from the participants page, reads the reminder not to write names,
// is stopped once on a name the site knows (input kept) and saves the log; coordinators
// and partners read every session of the last year on /leersessies (no lead's name),
// residents do not; the impact report counts the sessions as a theme of their own.
func TestLearningSessions(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		henk := s.Register("Henk van den Berg", "henk@example.nl")
		id := s.Propose(henk, "Leersessie wijkteam", "themes", models.ThemeLearning)
		if r := s.Approve(coordinator, id, "0", "recurrence", "weekly", "interval", "2", "weekdays", "3",
			"start_time", "15:00", "end_time", "16:30", "first_date", "2026-12-02"); r.Status != 303 {
			t.Fatalf("approve: %d", r.Status)
		}
		other, _ := s.Activity(coordinator, "Koffie-inloop", "0", "weekdays", "1", "start_time", "10:00", "end_time", "11:00")
		s.Register("Wim Verhoeven", "wim@example.nl")
		s.Register("Gemeente Oss", "partner@example.nl")
		s.GiveRole("partner@example.nl", models.RolePartner)

		// Two sessions held (2 and 16 December), on the programme of their weeks.
		s.Client().Get("/?week=2026-W49")
		s.Client().Get("/?week=2026-W51")
		s.Clock.Set(time.Date(2026, 12, 17, 9, 0, 0, 0, time.UTC))
		henk, coordinator = s.Login("henk@example.nl"), s.Login("carla@example.nl")
		partner := s.Login("partner@example.nl")
		participants := fmt.Sprintf("/activiteiten/%d/deelnemers", id)
		page := henk.Get(participants)
		if page.Status != 200 {
			t.Fatalf("participants: %d %q", page.Status, page.Location)
		}
		var first, second models.Session
		s.DB.Where("activity_id = ? AND date = ?", id, "2026-12-02").Take(&first)
		s.DB.Where("activity_id = ? AND date = ?", id, "2026-12-16").Take(&second)
		link := fmt.Sprintf("/sessies/%d/geleerd", second.ID)
		apptest.Contains(t, page.Body, `href="`+link+`"`, "Wat we leerden")
		form := henk.Get(link)
		apptest.Contains(t, form.Body, "Wat we leerden: Leersessie wijkteam", "Schrijf geen namen van bewoners op", `name="learned"`)

		// Empty, then with a name the site knows: the same form with the message.
		if r := henk.Submit(link, link, apptest.Form("learned", "")); r.Status != 422 {
			t.Fatalf("empty log: %d", r.Status)
		}
		named := "Wim Verhoeven vertelde dat de bus niet meer stopt bij de markt."
		r := henk.Submit(link, link, apptest.Form("learned", named))
		if r.Status != 422 {
			t.Fatalf("log with a name: %d", r.Status)
		}
		apptest.Contains(t, r.Body, `id="f-learned-error"`, "Gevonden: Wim Verhoeven", "vertelde dat de bus")
		learned := "Een bewoner vertelde dat de bus niet meer stopt bij de markt. De gemeente neemt het mee naar het vervoersoverleg."
		if r = henk.Submit(link, link, apptest.Form("learned", learned)); r.Status != 303 || r.Location != participants {
			t.Fatalf("save: %d %q", r.Status, r.Location)
		}
		apptest.Contains(t, r.Follow(henk).Body, "Het verslag is opgeslagen")
		apptest.Contains(t, henk.Get(link).Body, learned) // shown again to change

		// Coordinators and partners read them; the lead's name is not there.
		list := partner.Get("/leersessies")
		apptest.Contains(t, list.Body, "Leersessie wijkteam", "woensdag 16 december 2026", learned, "woensdag 2 december 2026",
			"Nog geen verslag", "2 leersessies in het afgelopen jaar, 1 met een verslag")
		apptest.NotContains(t, list.Body, "Henk", link)
		apptest.Contains(t, coordinator.Get("/leersessies").Body, `href="`+link+`"`, fmt.Sprintf(`href="/sessies/%d/geleerd"`, first.ID))
		apptest.Contains(t, coordinator.Get("/rapport").Body, `href="/leersessies"`)
		apptest.Contains(t, coordinator.Get("/coordinator").Body, `href="/leersessies"`)
		if r := henk.Get("/leersessies"); r.Status != 403 {
			t.Errorf("a resident reads the list: %d", r.Status)
		}
		// The coordinator writes the other one and comes back to the list.
		firstLink := fmt.Sprintf("/sessies/%d/geleerd", first.ID)
		if r := coordinator.Submit(firstLink, firstLink, apptest.Form("learned", "Wonen en welzijn delen voortaan hun spreekuren.")); r.Status != 303 || r.Location != "/leersessies" {
			t.Fatalf("coordinator saves: %d %q", r.Status, r.Location)
		}

		// A name confirmed as "no one's" stays; when that person deletes their account
		// it goes from the log too.
		gone := s.Register("Kees Verhoeven", "kees@example.nl")
		withName := "Kees Verhoeven zette de koffie; de straat Verhoeven krijgt een bank."
		if r := coordinator.Submit(firstLink, firstLink, apptest.Form("learned", withName, "no_names", "on")); r.Status != 303 {
			t.Fatalf("save confirmed: %d", r.Status)
		}
		if r := gone.Submit("/mijn-gegevens", "/mijn-gegevens/verwijderen", apptest.Form("confirm", "on", "password", apptest.Password)); r.Status != 303 {
			t.Fatalf("delete account: %d", r.Status)
		}
		if l, _ := models.LearningOf(s.DB, first.ID); l == nil || l.Learned != "een buurtbewoner zette de koffie; de straat Verhoeven krijgt een bank." {
			t.Errorf("log after the deletion: %+v", l)
		}

		// Not for another resident, a session to come, or another kind of activity.
		wim := s.Login("wim@example.nl")
		if r := wim.Get(link); r.Status != 403 {
			t.Errorf("another resident opens the log: %d", r.Status)
		}
		var coming, koffie models.Session
		s.DB.Where("activity_id = ? AND date = ?", id, "2026-12-30").Take(&coming)
		s.DB.Where("activity_id = ? AND starts_at < ?", other, s.Clock.Now()).Order("starts_at").Take(&koffie)
		for _, sess := range []models.Session{coming, koffie} {
			if sess.ID == 0 {
				t.Fatal("fixture session missing")
			}
			if r := coordinator.Get(fmt.Sprintf("/sessies/%d/geleerd", sess.ID)); r.Status != 404 {
				t.Errorf("log of session %s of activity %d: %d", sess.Date, sess.ActivityID, r.Status)
			}
		}

		// The report counts the leersessies as their own theme: two sessions in December.
		report := coordinator.Get("/rapport/kostenbaten.csv?periode=2026-12")
		cr := csv.NewReader(strings.NewReader(report.Body))
		cr.Comma, cr.FieldsPerRecord = ';', -1
		rows, err := cr.ReadAll()
		if err != nil {
			t.Fatalf("csv: %v\n%s", err, report.Body)
		}
		col, found := -1, false
		for _, row := range rows {
			for i, h := range row {
				if h == "bijeenkomsten" {
					col = i
				}
			}
			if len(row) > 4 && row[4] == "Leersessies (professionals en bewoners)" {
				found = true
				if col < 0 || row[col] != "2" {
					t.Errorf("leersessies in the report: %v (sessions in column %d)", row, col)
				}
			}
		}
		if !found {
			t.Errorf("no row for the leersessies in the report:\n%s", report.Body)
		}
	})
}
