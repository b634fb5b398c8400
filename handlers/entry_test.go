package handlers_test

import (
	"fmt"
	"net/url"
	"regexp"
	"testing"

	"onshuis/app/apptest"
	"onshuis/models"
)

// entryForm is a complete direct entry: short answers, the first room, weekly on
// Thursday afternoon. Extra pairs replace fields.
func entryForm(s *apptest.Server, title string, extra ...string) url.Values {
	var room int64
	s.DB.Table("rooms").Select("COALESCE(MIN(id), 0)").Scan(&room)
	form := apptest.Form("on_behalf", "centre", "title", title, "want", "Kaarten.", "can", "Schudden.",
		"room_id", fmt.Sprint(room), "capacity", "12", "recurrence", "weekly", "interval", "1", "weekdays", "4",
		"start_time", "14:00", "end_time", "16:00", "first_date", "2026-12-03", "action", "submit")
	for i := 0; i+1 < len(extra); i += 2 {
		form.Set(extra[i], extra[i+1])
	}
	return form
}

// The coordinator puts the card club that has run for years on the programme from her
// home page: no proposal, no review, and the history says she entered it.
func TestDirectEntryByTheCoordinator(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		coordinator.Submit("/coordinator/ruimtes", "/coordinator/ruimtes", apptest.Form("name", "Huiskamer", "capacity", "30"))
		home := coordinator.Get("/coordinator").Body
		link := regexp.MustCompile(`<a class="tile" href="([^"]+)"><strong>Een activiteit invoeren</strong>`).FindStringSubmatch(home)
		if link == nil || link[1] != stepLink(t, home, "De activiteiten die er al zijn op de site zetten") {
			t.Fatalf("the home page does not link the entry form from its tile and its checklist:\n%s", home)
		}
		page := coordinator.Get(link[1])
		apptest.Contains(t, page.Body, "Wat wil ik?", "Wat kan ik?", "Wat heb ik nodig?", "Van het huis", "Toon de data", `name="room_id"`)

		// "Toon de data" first: the next eight Thursdays, nothing saved.
		r := coordinator.PostWithToken("/coordinator/activiteiten", entryForm(s, "Kaartclub", "preview", "1", "action", ""))
		apptest.Contains(t, r.Body, "donderdag 3 december 2026", "donderdag 21 januari 2027", `value="Kaartclub"`,
			`id="f-on_behalf-centre" name="on_behalf" value="centre" checked`, `selected>Huiskamer`, `name="capacity" type="text" value="12"`)
		var n int64
		s.DB.Table("activities").Count(&n)
		if r.Status != 200 || n != 0 {
			t.Fatalf("preview: %d, %d activities", r.Status, n)
		}

		r = coordinator.PostWithToken("/coordinator/activiteiten", entryForm(s, "Kaartclub"))
		if r.Status != 303 {
			t.Fatalf("enter: %d\n%s", r.Status, r.Body)
		}
		show := r.Follow(coordinator).Body
		apptest.Contains(t, show, "De activiteit staat in het programma.", "Kaartclub")
		apptest.Contains(t, s.Client().Get("/?week=2026-W49").Body, "Kaartclub")
		var a models.Activity
		s.DB.Where("title = ?", "Kaartclub").Take(&a)
		if a.Status != models.StatusApproved || a.ProposerID != nil || a.LeadID != nil || a.PublishedAt == nil || a.Capacity != 12 {
			t.Errorf("stored: %+v", a)
		}
		history := coordinator.Get(fmt.Sprintf("/coordinator/voorstellen/%d", a.ID)).Body
		apptest.Contains(t, history, "Direct ingevoerd door de coördinator", "Carla Coördinator")
		apptest.NotContains(t, coordinator.Get("/coordinator/voorstellen").Body, "Kaartclub") // nothing waits for review
		apptest.Contains(t, coordinator.Get("/coordinator").Body, "2 van de 5 gedaan.")       // the room and the activity
	})
}

// On behalf of a resident, named by e-mail address or phone number: the resident leads
// it and reads in their own history who entered it.
func TestDirectEntryOnBehalfOfAResident(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		coordinator.Submit("/coordinator/ruimtes", "/coordinator/ruimtes", apptest.Form("name", "Werkplaats", "capacity", "8"))
		wim := s.Register("Wim Verhoeven", "wim@example.nl")
		coordinator.Get("/coordinator/activiteiten/nieuw")
		r := coordinator.PostWithToken("/coordinator/activiteiten", entryForm(s, "Repaircafé", "on_behalf", "resident", "resident", "WIM@example.nl"))
		if r.Status != 303 {
			t.Fatalf("enter: %d\n%s", r.Status, r.Body)
		}
		u, _ := models.UserByLogin(s.DB, "wim@example.nl")
		var a models.Activity
		s.DB.Where("title = ?", "Repaircafé").Take(&a)
		if a.LeadID == nil || *a.LeadID != u.ID || a.ProposerID == nil || *a.ProposerID != u.ID {
			t.Errorf("lead %v, proposer %v, want %d", a.LeadID, a.ProposerID, u.ID)
		}
		apptest.Contains(t, wim.Get("/mijn-voorstellen").Body, "Repaircafé", "Direct ingevoerd door de coördinator")
		apptest.Contains(t, wim.Get(fmt.Sprintf("/activiteiten/%d/deelnemers", a.ID)).Body, "Repaircafé")
	})
}

// Bad input gets the form again with a message next to the field and everything kept.
func TestDirectEntryBadInput(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		coordinator.Submit("/coordinator/ruimtes", "/coordinator/ruimtes", apptest.Form("name", "Huiskamer", "capacity", "30"))
		coordinator.Get("/coordinator/activiteiten/nieuw")
		if r := coordinator.PostWithToken("/coordinator/activiteiten", entryForm(s, "Kaartclub")); r.Status != 303 {
			t.Fatalf("first entry: %d", r.Status)
		}
		cases := []struct {
			name  string
			extra []string
			want  []string
		}{
			{"unknown resident", []string{"on_behalf", "resident", "resident", "niemand@example.nl"},
				[]string{"Er is geen account met dit e-mailadres of telefoonnummer.", `value="niemand@example.nl"`}},
			{"no resident named", []string{"on_behalf", "resident"}, []string{"Bewoner: vul dit in."}},
			{"no choice", []string{"on_behalf", ""}, []string{"Kies of de activiteit van het huis is of van een bewoner."}},
			{"no answer", []string{"want", ""}, []string{"Vul dit in."}},
			{"end before start", []string{"end_time", "13:00"}, []string{"De eindtijd moet na de begintijd zijn."}},
			{"no room", []string{"room_id", ""}, []string{"Kies een ruimte."}},
			{"room taken", nil, []string{"Deze ruimte is op die tijd al bezet door „Kaartclub”."}},
		}
		for _, tc := range cases {
			r := coordinator.PostWithToken("/coordinator/activiteiten", entryForm(s, "Sjoelen", tc.extra...))
			if r.Status != 422 {
				t.Errorf("%s: got %d, want 422", tc.name, r.Status)
			}
			apptest.Contains(t, r.Body, append(tc.want, `value="Sjoelen"`, "Schudden.")...)
		}
		var n int64
		s.DB.Table("activities").Where("title = ?", "Sjoelen").Count(&n)
		if n != 0 {
			t.Errorf("%d activities stored from bad input", n)
		}
	})
}
