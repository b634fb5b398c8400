package handlers_test

import (
	"fmt"
	"regexp"
	"testing"

	"onshuis/app/apptest"
	"onshuis/models"
)

// stepLink finds the link of a checklist step on the coordinator's home by its words.
func stepLink(t *testing.T, home, words string) string {
	t.Helper()
	m := regexp.MustCompile(`<a href="([^"]+)">` + regexp.QuoteMeta(words) + `</a>`).FindStringSubmatch(home)
	if m == nil {
		t.Fatalf("the checklist has no link %q:\n%s", words, home)
	}
	return m[1]
}

// The first-run checklist: a new centre's coordinator follows each step's link from the
// home page, and each step ticks itself off from what it leaves behind.
func TestFirstRunChecklist(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		home := coordinator.Get("/coordinator").Body
		apptest.Contains(t, home, "Aan de slag", "0 van de 5 gedaan.", "Nog geen ruimtes: voeg de eerste toe")
		apptest.NotContains(t, home, "Huiskamer, keuken, werkplaats")

		// 1. Rooms, through the step's link and the page's own form.
		rooms := stepLink(t, home, "Ruimtes toevoegen")
		if r := coordinator.Submit(rooms, rooms, apptest.Form("name", "Huiskamer", "capacity", "30")); r.Status != 303 {
			t.Fatalf("add a room: %d\n%s", r.Status, r.Body)
		}
		coordinator.Submit(rooms, rooms, apptest.Form("name", "Keuken", "capacity", "12"))
		home = coordinator.Get("/coordinator").Body
		apptest.Contains(t, home, "1 van de 5 gedaan.", "Huiskamer, Keuken")
		apptest.NotContains(t, home, "Nog geen ruimtes")

		// 2. An activity on the programme.
		if link := stepLink(t, home, "De activiteiten die er al zijn op de site zetten"); coordinator.Get(link).Status != 200 {
			t.Fatalf("the activities step's page %s does not open", link)
		}
		s.Activity(coordinator, "Kaartclub", "12")
		apptest.Contains(t, coordinator.Get("/coordinator").Body, "2 van de 5 gedaan.")

		// 3. The door poster: its page, then the poster's own link there.
		door := stepLink(t, home, "De deurposter printen")
		page := coordinator.Get(door).Body
		poster := regexp.MustCompile(`href="(/coordinator/deur/poster\.pdf)"`).FindStringSubmatch(page)
		if poster == nil {
			t.Fatalf("the door page has no poster link:\n%s", page)
		}
		if r := coordinator.Get(poster[1]); r.Status != 200 {
			t.Fatalf("poster: %d", r.Status)
		}
		coordinator.Get(poster[1]) // printed twice: still one step
		apptest.Contains(t, coordinator.Get("/coordinator").Body, "3 van de 5 gedaan.")

		// 4. A second coordinator: a colleague registers, the coordinator gives the role.
		s.Register("Ayşe Yılmaz", "ayse@example.nl")
		ayse, _ := models.UserByLogin(s.DB, "ayse@example.nl")
		accounts := stepLink(t, home, "Een tweede coördinator uitnodigen")
		if r := coordinator.Submit(accounts, fmt.Sprintf("/coordinator/accounts/%d/rol", ayse.ID), apptest.Form("role", "coordinator")); r.Status != 303 {
			t.Fatalf("make a coordinator: %d", r.Status)
		}
		home = coordinator.Get("/coordinator").Body
		apptest.Contains(t, home, "4 van de 5 gedaan.", "Gedaan", "Nog te doen")

		// 5. A check-in, on the door poster's page the step links to.
		checkin := stepLink(t, home, "Een aanmelding bij de deur proberen")
		phone := s.Client()
		if r := phone.Submit(checkin, checkin, nil); r.Status != 303 {
			t.Fatalf("check in: %d\n%s", r.Status, r.Body)
		}
		home = coordinator.Get("/coordinator").Body
		apptest.NotContains(t, home, "Aan de slag", "van de 5 gedaan")
		apptest.Contains(t, home, "Huiskamer, Keuken")
	})
}

// A coordinator who needs no list puts it away; it stays away.
func TestDismissChecklist(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		r := coordinator.Submit("/coordinator", "/coordinator/startlijst/verbergen", nil)
		if r.Status != 303 || r.Location != "/coordinator" {
			t.Fatalf("dismiss: %d %q", r.Status, r.Location)
		}
		home := r.Follow(coordinator).Body
		apptest.Contains(t, home, "De lijst &#39;Aan de slag&#39; is verborgen.")
		apptest.NotContains(t, home, "0 van de 5 gedaan")
		coordinator.Submit("/coordinator/ruimtes", "/coordinator/ruimtes", apptest.Form("name", "Werkplaats", "capacity", "8"))
		apptest.NotContains(t, coordinator.Get("/coordinator").Body, "1 van de 5 gedaan", "Aan de slag")
		apptest.Contains(t, coordinator.Get("/coordinator").Body, "Werkplaats")
	})
}
