package handlers_test

import (
	"fmt"
	"strings"
	"testing"

	"onshuis/app/apptest"
	"onshuis/models"
)

// "Ik doe niet meer mee" gives the place to the first on the waiting list, so it asks
// first, on a page of its own that works without JavaScript (issue 12); the same for
// giving up a shift, where someone else can then take the place.
func TestLeavingAsksFirst(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		id, _ := s.Activity(coordinator, "Kaartclub", "1")
		activity := fmt.Sprintf("/activiteiten/%d", id)
		zoe := s.Register("Zoë de Vries", "zoe@example.nl")
		truus := s.Register("Truus Janssen", "truus@example.nl")
		for _, c := range []*apptest.Client{zoe, truus} {
			c.Submit(activity, activity+"/aanmelden", nil)
		}
		places := func() (joined, waiting int) {
			j, w, _ := models.ParticipantsOf(s.DB, id)
			return len(j), len(w)
		}

		// The button is a link to the question; looking at it changes nothing.
		page := zoe.Get(activity).Body
		apptest.Contains(t, page, `<a class="button" href="`+activity+`/afmelden">Ik doe niet meer mee</a>`)
		apptest.NotContains(t, page, `action="`+activity+`/afmelden"`)
		question := zoe.Get(activity + "/afmelden")
		if question.Status != 200 {
			t.Fatalf("the question: %d", question.Status)
		}
		apptest.Contains(t, question.Body, "Doe je niet meer mee met Kaartclub?", "Staat er iemand op de wachtlijst, dan krijgt die je plek meteen.",
			"Deze keer niet", `<a class="button" href="`+activity+`">Nee, ik blijf</a>`, `name="confirm" value="yes"`)
		if j, w := places(); j != 1 || w != 1 {
			t.Fatalf("after opening the question: %d joined, %d waiting", j, w)
		}
		// A form without the answer (an old page) gets the question too.
		r := zoe.PostWithToken(activity+"/afmelden", nil)
		if r.Status != 303 || r.Location != activity+"/afmelden" {
			t.Errorf("leaving without the answer: %d %q, want the question", r.Status, r.Location)
		}
		if j, w := places(); j != 1 || w != 1 {
			t.Fatalf("after a form without the answer: %d joined, %d waiting", j, w)
		}
		// "Ja": Zoë is off, Truus moves up.
		zoe.Get(activity + "/afmelden")
		r = zoe.PostWithToken(activity+"/afmelden", apptest.Form("confirm", "yes"))
		if r.Status != 303 || r.Location != activity {
			t.Fatalf("confirmed leave: %d %q", r.Status, r.Location)
		}
		apptest.Contains(t, r.Follow(zoe).Body, "Je bent afgemeld.", "Zet mij op de wachtlijst")
		apptest.Contains(t, truus.Get(activity).Body, "er kwam een plek vrij")
		// The waiting list asks too, in its own words; without a place there is nothing to ask.
		wim := s.Register("Wim Verhoeven", "wim@example.nl")
		wim.Submit(activity, activity+"/aanmelden", nil)
		apptest.Contains(t, wim.Get(activity+"/afmelden").Body, "Van de wachtlijst van Kaartclub af?", "Je bent nu nummer 1 op de wachtlijst.", "Ja, haal mij van de wachtlijst")
		if r := zoe.Get(activity + "/afmelden"); r.Status != 303 || r.Location != activity {
			t.Errorf("the question without a place: %d %q, want back to the activity", r.Status, r.Location)
		}

		// A shift: the volunteers page links to the question; only "Ja" gives it up.
		role := models.VolunteerRole{ActivityID: id, Name: "gastvrouw", PerSession: 1}
		if err := models.AddRole(s.DB, &role); err != nil {
			t.Fatal(err)
		}
		s.Volunteer(truus, []string{"hosting"}, nil)
		volunteers := activity + "/vrijwilligers"
		body := truus.Get(volunteers).Body
		r = press(t, truus, body, "1 dec", "Ik help")
		body = r.Follow(truus).Body
		var shift int64
		s.DB.Table("shifts").Select("id").Where("role_id = ?", role.ID).Scan(&shift)
		link := fmt.Sprintf(`href="/diensten/%d/afmelden?next=%s"`, shift, volunteers)
		apptest.Contains(t, body, link)
		question = truus.Get(fmt.Sprintf("/diensten/%d/afmelden?next=%s", shift, volunteers))
		apptest.Contains(t, question.Body, "Afmelden als gastvrouw bij Kaartclub?", "dinsdag 1 december 2026 om 14:00",
			"Ja, meld mij af", `<a class="button" href="`+volunteers+`">Nee, ik blijf</a>`)
		var shifts int64
		if s.DB.Table("shifts").Count(&shifts); shifts != 1 {
			t.Fatalf("after opening the question: %d shifts", shifts)
		}
		r = truus.PostWithToken(fmt.Sprintf("/diensten/%d/afmelden", shift), apptest.Form("confirm", "yes", "next", volunteers))
		if r.Status != 303 || r.Location != volunteers {
			t.Fatalf("confirmed: %d %q", r.Status, r.Location)
		}
		if s.DB.Table("shifts").Count(&shifts); shifts != 0 || !strings.Contains(r.Follow(truus).Body, "Je bent afgemeld voor die dienst.") {
			t.Errorf("after confirming: %d shifts", shifts)
		}
	})
}
