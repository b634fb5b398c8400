package handlers_test

import (
	"fmt"
	"testing"

	"onshuis/app/apptest"
	"onshuis/models"
)

// proposalAt is a complete proposal for the centre with that id ("" sends no choice).
func proposalAt(title, centre string) map[string][]string {
	form := apptest.Form("title", title, "want", "Samen fietsen maken.", "can", "Ik weet hoe het moet.",
		"themes", "work", "expected_people", "8", "action", "submit")
	if centre != "" {
		form.Set("centre", centre)
	}
	return form
}

// A proposal chooses its centre (the resident's own one is chosen already; only open
// centres are offered); it goes to that centre's coordinators only: their list, their
// review with that centre's rooms, their daily digest. A closed or unknown centre is
// said next to the field, with what was typed kept.
func TestProposalChoosesItsCentre(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		carla, bram, centreB := twoCentresWithActivities(t, s)
		centreA, _ := models.DefaultCentre(s.DB)
		var closed models.Centre
		s.DB.Where("slug = ?", "gesloten").Take(&closed)
		a, b := fmt.Sprint(centreA.ID), fmt.Sprint(centreB.ID)
		fatma := s.Register("Fatma Demir", "fatma@example.nl")

		page := fatma.Get("/voorstellen/nieuw").Body
		apptest.Contains(t, page, "<legend>Bij welk huis van de wijk?</legend>",
			fmt.Sprintf(`<input type="radio" id="f-centre-%s" name="centre" value="%s" checked>`, a, a),
			fmt.Sprintf(`<label for="f-centre-%s">Huis van de Wijk Schadewijk</label>`, b))
		apptest.NotContains(t, page, "Gesloten")

		for _, bad := range []string{fmt.Sprint(closed.ID), "999999", "twee"} {
			r := fatma.Submit("/voorstellen/nieuw", "/voorstellen", proposalAt("Fietscafé", bad))
			if r.Status != 422 {
				t.Fatalf("centre %q: got %d, want 422", bad, r.Status)
			}
			apptest.Contains(t, r.Body, `<p class="field-error" id="f-centre-error"><strong>Let op:</strong> Kies een huis van de wijk dat open is.</p>`,
				`<a href="#f-centre">Huis van de wijk: kies een huis van de wijk dat open is.</a>`, `value="Fietscafé"`, "Samen fietsen maken.")
		}
		var stored int64
		s.DB.Table("activities").Where("title = ?", "Fietscafé").Count(&stored)
		if stored != 0 {
			t.Fatalf("a proposal for a closed or unknown centre was stored (%d)", stored)
		}

		// Fatma chooses Schadewijk on the form.
		if r := fatma.Submit("/voorstellen/nieuw", "/voorstellen", proposalAt("Fietscafé", b)); r.Status != 303 {
			t.Fatalf("propose at B: %d\n%s", r.Status, r.Body)
		}
		var p models.Activity
		s.DB.Where("title = ?", "Fietscafé").Take(&p)
		if p.CentreID != centreB.ID {
			t.Fatalf("the proposal is at centre %d, want %d", p.CentreID, centreB.ID)
		}
		review := fmt.Sprintf("/coordinator/voorstellen/%d", p.ID)
		apptest.Contains(t, bram.Get("/coordinator/voorstellen").Body, "Fietscafé")
		apptest.NotContains(t, carla.Get("/coordinator/voorstellen").Body, "Fietscafé")
		if r := carla.Get(review); r.Status != 404 {
			t.Errorf("A's coordinator opens B's proposal: %d, want 404", r.Status)
		}
		form := bram.Get(review).Body
		apptest.Contains(t, form, "fietsenwerkplaats")
		apptest.NotContains(t, form, "huiskamer")

		// A draft changes centre while it is hers to change.
		if r := fatma.Submit("/voorstellen/nieuw", "/voorstellen", apptest.Form("title", "Breiclub", "centre", a, "action", "draft")); r.Status != 303 {
			t.Fatalf("draft: %d\n%s", r.Status, r.Body)
		}
		var draft models.Activity
		s.DB.Where("title = ?", "Breiclub").Take(&draft)
		edit := fmt.Sprintf("/voorstellen/%d/bewerken", draft.ID)
		apptest.Contains(t, fatma.Get(edit).Body, fmt.Sprintf(`value="%s" checked>`, a))
		if r := fatma.Submit(edit, fmt.Sprintf("/voorstellen/%d", draft.ID), apptest.Form("title", "Breiclub", "centre", b, "action", "draft")); r.Status != 303 {
			t.Fatalf("move the draft: %d\n%s", r.Status, r.Body)
		}
		s.DB.Where("id = ?", draft.ID).Take(&draft)
		if draft.CentreID != centreB.ID {
			t.Errorf("the draft stayed at centre %d", draft.CentreID)
		}

		// Her own centre is chosen already once she has one.
		fatma.Submit("/centra", "/centra/schadewijk/mijn-buurthuis", nil)
		apptest.Contains(t, fatma.Get("/voorstellen/nieuw").Body, fmt.Sprintf(`value="%s" checked>`, b))

		// The daily digest of B's proposals goes to B's coordinators only, though both asked.
		for _, c := range []*apptest.Client{carla, bram} {
			if r := c.Submit("/mijn-gegevens", "/mijn-gegevens/berichten", apptest.Form("kind_digest", "on")); r.Status != 303 {
				t.Fatalf("ask for the digest: %d", r.Status)
			}
		}
		if _, err := s.Rounds.Run(); err != nil {
			t.Fatal(err)
		}
		var digests []struct {
			Email    string
			CentreID int64
		}
		s.DB.Raw(`SELECT u.email, n.centre_id FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.kind = ? ORDER BY u.email, n.centre_id`,
			models.KindDigest).Scan(&digests)
		if len(digests) != 1 || digests[0].Email != "bram@example.nl" || digests[0].CentreID != centreB.ID {
			t.Errorf("digests: %+v, want one to bram@example.nl about centre %d", digests, centreB.ID)
		}
	})
}
