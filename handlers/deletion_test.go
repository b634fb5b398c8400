package handlers_test

import (
	"fmt"
	"strings"
	"testing"

	"gorm.io/gorm"

	"onshuis/app/apptest"
	"onshuis/models"
)

// Deleting an account deletes the person: after a resident who proposed, led, joined,
// volunteered, answered the health check, chose reminders and was kept by the
// coordinator deletes their account, no text column of any table holds their name,
// e-mail address or phone number. The activity they led stays on the programme, led by
// "een buurtbewoner"; their proposal that was never published keeps only its count.
func TestDeletionLeavesNoTrace(t *testing.T) {
	for _, removeTexts := range []bool{false, true} {
		t.Run(fmt.Sprintf("published texts removed %v", removeTexts), func(t *testing.T) {
			apptest.Each(t, func(t *testing.T, db apptest.Database) {
				testDeletionLeavesNoTrace(t, db, removeTexts)
			})
		})
	}
}

func testDeletionLeavesNoTrace(t *testing.T, db apptest.Database, removeTexts bool) {
	const name, email, phone = "Wim de Bruijn", "wim.debruijn@example.nl", "06 1234 5678"
	s := apptest.Fresh(t, db)
	coordinator := s.Setup()
	wim := s.Client()
	if r := wim.Submit("/registreren", "/registreren", apptest.Form("name", name, "email", email, "phone", phone,
		"password", apptest.Password, "password_repeat", apptest.Password, "consent", "on")); r.Status != 303 {
		t.Fatalf("register: %d\n%s", r.Status, r.Body)
	}
	u, _ := models.UserByLogin(s.DB, email)

	// A published activity whose texts name him, with a review and a cancel note that do.
	published := s.Propose(wim, "Fietsen repareren met Wim de Bruijn", "can", "Ik ben Wim de Bruijn, bel 0612345678 of mail wim.debruijn@example.nl. Of app 06-12 34 56 78 of +31 6 12345678.",
		"need_kind_0", "materials", "need_description_0", "Gereedschap van Wim de Bruijn")
	if r := s.Approve(coordinator, published, "8", "message", "Goed idee, Wim de Bruijn!"); r.Status != 303 {
		t.Fatalf("approve: %d\n%s", r.Status, r.Body)
	}
	// A proposal that was never published, one that was declined, and a draft.
	waiting := s.Propose(wim, "Wandelen met Wim", "want", "Wim de Bruijn wil wandelen.", "need_kind_0", "other", "need_description_0", "Bel 0612345678")
	declined := s.Propose(wim, "Zingen bij Wim de Bruijn")
	if r := coordinator.Submit(fmt.Sprintf("/coordinator/voorstellen/%d", declined), fmt.Sprintf("/coordinator/voorstellen/%d/besluit", declined),
		apptest.Form("lowers_threshold", "yes", "more_collective", "yes", "healthier", "some", "decision", "decline",
			"message", "Sorry Wim de Bruijn, er is geen ruimte.")); r.Status != 303 {
		t.Fatalf("decline: %d\n%s", r.Status, r.Body)
	}
	wim.Submit("/voorstellen/nieuw", "/voorstellen", apptest.Form("title", "Schaken met Wim de Bruijn", "action", "draft"))

	// He joins another activity, volunteers, answers the health check, asks for reminders.
	other, _ := s.Activity(coordinator, "Koffie", "10", "weekdays", "4")
	wim.Submit(fmt.Sprintf("/activiteiten/%d", other), fmt.Sprintf("/activiteiten/%d/aanmelden", other), nil)
	s.Volunteer(wim, []string{"cooking"}, []string{"nl"}, 1)
	wim.Submit("/mijn-gezondheid", "/mijn-gezondheid/toestemming", apptest.Form("health_consent", "on"))
	wim.Submit("/mijn-gegevens", "/mijn-gegevens/berichten", apptest.Form("kind_reminder", "on"))
	if err := models.KeepPerson(s.DB, u.ID, 1, "Wim de Bruijn helpt in de keuken", s.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	// A story the coordinator recorded, keeping his name and number on purpose.
	if r := coordinator.Submit("/coordinator/verhalen", "/coordinator/verhalen", apptest.Form(
		"text", "Wim de Bruijn (06 12345678) repareert nu elke week fietsen.", "themes", "meeting",
		"consent_how", "spoken", "consent_on", s.Clock.Now().Format("2006-01-02"), "consent", "on", "no_names", "on")); r.Status != 303 {
		t.Fatalf("story: %d\n%s", r.Status, r.Body)
	}
	if hits := traces(t, s.DB, name, email, "+31612345678"); len(hits) < 5 {
		t.Fatal("the search finds nothing before the deletion: it searches the wrong places")
	}

	page := wim.Get("/mijn-gegevens").Body
	apptest.Contains(t, page, `name="published_texts"`, "een buurtbewoner")
	form := apptest.Form("confirm", "on", "password", apptest.Password)
	if removeTexts {
		form.Set("published_texts", "on")
	}
	if r := wim.Submit("/mijn-gegevens", "/mijn-gegevens/verwijderen", form); r.Status != 303 {
		t.Fatalf("delete: %d\n%s", r.Status, r.Body)
	}
	for _, hit := range traces(t, s.DB, name, email, "+31612345678", "0612345678", "06 1234 5678", "12 34 56 78", "6 12345678") {
		t.Errorf("left after deleting the account: %s", hit)
	}

	show := s.Client().Get(fmt.Sprintf("/activiteiten/%d", published)).Body
	apptest.Contains(t, show, "<dt>Begeleid door</dt><dd>een buurtbewoner</dd>", "Fietsen repareren met een buurtbewoner")
	if removeTexts {
		apptest.NotContains(t, show, "Ik ben een buurtbewoner")
	} else {
		apptest.Contains(t, show, "Ik ben een buurtbewoner, bel (verwijderd) of mail (verwijderd). Of app (verwijderd) of (verwijderd).")
	}
	var left []models.Activity
	s.DB.Where("id IN ?", []int64{waiting, declined}).Order("id").Find(&left)
	if len(left) != 2 {
		t.Fatalf("the unpublished proposals should stay as counts: %+v", left)
	}
	for _, a := range left {
		if a.Title != "" || a.Want != "" || a.Can != "" || a.Status != models.StatusDeclined {
			t.Errorf("unpublished proposal kept its text or waits for review: %+v", a)
		}
	}
	var drafts int64
	s.DB.Model(&models.Activity{}).Where("proposer_id = ? AND status = ?", u.ID, models.StatusDraft).Count(&drafts)
	if drafts != 0 {
		t.Errorf("%d drafts left", drafts)
	}
	apptest.Contains(t, coordinator.Get("/coordinator/verhalen").Body, "een buurtbewoner ((verwijderd)) repareert nu elke week fietsen.")
	list := coordinator.Get("/coordinator/voorstellen?status=declined").Body
	apptest.NotContains(t, list, name)
}

// traces searches every text column of every table for each word (ignoring case) and
// says where it found one.
func traces(t *testing.T, db *gorm.DB, words ...string) []string {
	t.Helper()
	type column struct{ Table, Column string }
	var cols []column
	if db.Dialector.Name() == "postgres" {
		db.Raw(`SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns
			WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying')`).Scan(&cols)
	} else {
		var tables []string
		db.Raw(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).Scan(&tables)
		for _, tb := range tables {
			var info []struct {
				Name string
				Type string
			}
			db.Raw(`SELECT name, type FROM pragma_table_info(?)`, tb).Scan(&info)
			for _, c := range info {
				if ty := strings.ToUpper(c.Type); ty == "TEXT" || strings.HasPrefix(ty, "VARCHAR") {
					cols = append(cols, column{tb, c.Name})
				}
			}
		}
	}
	if len(cols) < 50 {
		t.Fatalf("found only %d text columns", len(cols))
	}
	var hits []string
	for _, c := range cols {
		for _, w := range words {
			var n int64
			q := fmt.Sprintf(`SELECT COUNT(*) FROM %q WHERE LOWER(%q) LIKE ?`, c.Table, c.Column)
			if err := db.Raw(q, "%"+strings.ToLower(w)+"%").Scan(&n).Error; err != nil {
				t.Fatalf("search %s.%s: %v", c.Table, c.Column, err)
			}
			if n > 0 {
				hits = append(hits, fmt.Sprintf("%q in %s.%s (%d rows)", w, c.Table, c.Column, n))
			}
		}
	}
	return hits
}
