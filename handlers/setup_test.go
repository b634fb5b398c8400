package handlers_test

import (
	"net/url"
	"sync"
	"testing"

	"onshuis/app/apptest"
	"onshuis/models"
)

func TestSetupFlow(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		c := s.Client()

		for _, path := range []string{"/", "/inloggen", "/registreren", "/mijn-gegevens"} {
			if r := c.Get(path); r.Status != 303 || r.Location != "/setup" {
				t.Errorf("GET %s before setup: got %d %q, want 303 to /setup", path, r.Status, r.Location)
			}
		}

		// A form with mistakes comes back with messages next to the fields and the input kept.
		r := c.Submit("/setup", "/setup", apptest.Form("centre_name", "Ons Huis Ruwaard", "name", "",
			"email", "geen-adres", "password", "kort", "password_repeat", "kort"))
		if r.Status != 422 {
			t.Fatalf("setup with mistakes: got %d, want 422", r.Status)
		}
		apptest.Contains(t, r.Body, `value="Ons Huis Ruwaard"`, `value="geen-adres"`,
			"Vul dit in.", "Dit is geen geldig e-mailadres", "minstens 8 tekens", `aria-invalid="true"`)
		apptest.NotContains(t, r.Body, `value="kort"`) // passwords are never sent back

		c = s.Setup()
		home := c.Get("/")
		if home.Status != 200 {
			t.Fatalf("home after setup: %d", home.Status)
		}
		apptest.Contains(t, home.Body, "Ons Huis van de Wijk", "Ingelogd als Carla Coördinator", "Het buurthuis is ingesteld")

		// The setup page is gone for everyone, also for a fresh visitor.
		if r := s.Client().Get("/setup"); r.Status != 404 {
			t.Errorf("GET /setup after setup: got %d, want 404", r.Status)
		}
		if r := c.PostWithToken("/setup", apptest.Form("centre_name", "Tweede", "name", "X", "email", "x@example.nl",
			"password", apptest.Password, "password_repeat", apptest.Password)); r.Status != 404 {
			t.Errorf("POST /setup after setup: got %d, want 404", r.Status)
		}
		var centres, coordinators int64
		s.DB.Model(&models.Centre{}).Count(&centres)
		s.DB.Model(&models.User{}).Where("role = ?", models.RoleCoordinator).Count(&coordinators)
		if centres != 1 || coordinators != 1 {
			t.Errorf("after setup: %d centres and %d coordinators, want 1 and 1", centres, coordinators)
		}
	})
}

// Two app processes on one database each get setup submissions at the same moment:
// exactly one creates the centre and its coordinator.
func TestSetupRace(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s1 := apptest.Fresh(t, db)
		s2 := apptest.New(t, s1.URL)
		const n = 8
		clients := make([]*apptest.Client, n)
		forms := make([]url.Values, n)
		for i := range clients {
			srv := s1
			if i%2 == 1 {
				srv = s2
			}
			clients[i] = srv.Client()
			clients[i].Get("/setup")
			forms[i] = apptest.Form("centre_name", "Centrum", "name", "Coördinator", "email",
				"c"+string(rune('a'+i))+"@example.nl", "password", apptest.Password, "password_repeat", apptest.Password)
			forms[i].Set("_csrf", clients[i].CSRF())
		}
		statuses := make([]int, n)
		var wg sync.WaitGroup
		for i := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses[i] = clients[i].Post("/setup", forms[i]).Status
			}()
		}
		wg.Wait()
		won := 0
		for i, st := range statuses {
			switch st {
			case 303:
				won++
			case 404:
			default:
				t.Errorf("setup %d: got %d, want 303 or 404", i, st)
			}
		}
		var centres, coordinators int64
		s1.DB.Model(&models.Centre{}).Count(&centres)
		s1.DB.Model(&models.User{}).Where("role = ?", models.RoleCoordinator).Count(&coordinators)
		if won != 1 || centres != 1 || coordinators != 1 {
			t.Errorf("racing setups: %d succeeded, %d centres, %d coordinators; want 1, 1, 1 (statuses %v)", won, centres, coordinators, statuses)
		}
	})
}
