package handlers_test

import (
	"fmt"
	"net/url"
	"sync"
	"testing"

	"onshuis/app/apptest"
	"onshuis/models"
)

// The coordinator finds an account by part of a name or e-mail address, or by phone
// number however written; a long list shows the first by name and says so; changing a
// role keeps the search.
func TestAccountsSearch(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		s.Register("Zoë de Vries", "zoe@example.nl")
		s.Register("Henk van den Berg", "henk@buurt.example")
		s.Register("Noor_Bakker", "noor@example.nl")
		zoe, _ := models.UserByLogin(s.DB, "zoe@example.nl")
		s.DB.Model(&models.User{}).Where("id = ?", zoe.ID).Update("phone", "+31611112222")

		find := func(q string) string {
			t.Helper()
			r := coordinator.Get("/coordinator/accounts?q=" + url.QueryEscape(q))
			if r.Status != 200 {
				t.Fatalf("search %q: %d", q, r.Status)
			}
			return r.Body
		}
		body := find("ZOË")
		apptest.Contains(t, body, "1 account gevonden voor „ZOË”.", "Zoë de Vries", `value="ZOË"`)
		apptest.NotContains(t, body, "Henk van den Berg", ">Carla Coördinator</h2>")
		apptest.Contains(t, find("buurt.example"), "Henk van den Berg")
		apptest.Contains(t, find("zoe"), "Zoë de Vries") // without the accent
		s.Register("Ayşe Yılmaz", "ayse@example.nl")
		apptest.Contains(t, find("ayse yilmaz"), "1 account gevonden", "Ayşe Yılmaz")
		apptest.Contains(t, find("YILMAZ"), "Ayşe Yılmaz")
		apptest.Contains(t, find("06-1111 2222"), "Zoë de Vries")
		body = find("_")
		apptest.Contains(t, body, "Noor_Bakker") // a wildcard in SQL, a character here
		apptest.NotContains(t, body, "Zoë de Vries")
		apptest.Contains(t, find("niemand"), "0 accounts gevonden")

		// Changing a role from a search returns to that search.
		page := "/coordinator/accounts?q=" + url.QueryEscape("van den")
		henk, _ := models.UserByLogin(s.DB, "henk@buurt.example")
		apptest.Contains(t, coordinator.Get(page).Body, `<input type="hidden" name="q" value="van den">`)
		r := coordinator.Submit(page, fmt.Sprintf("/coordinator/accounts/%d/rol", henk.ID), apptest.Form("role", "partner", "q", "van den"))
		if r.Status != 303 || r.Location != page {
			t.Errorf("role change from a search: %d to %q, want %q", r.Status, r.Location, page)
		}

		// An account that does not exist is not found, not silently changed.
		for _, action := range []string{"/coordinator/accounts/999/rol", "/coordinator/accounts/999/wachtwoord"} {
			if r := coordinator.PostWithToken(action, apptest.Form("role", "partner", "password", "een lang wachtwoord")); r.Status != 404 {
				t.Errorf("%s: got %d, want 404", action, r.Status)
			}
		}

		// Past fifty accounts the page lists the first fifty by name and says so.
		for i := range 50 {
			s.DB.Create(&models.User{Name: fmt.Sprintf("Bewoner %02d", i), Role: models.RoleResident, Language: "nl"})
		}
		body = coordinator.Get("/coordinator/accounts").Body
		apptest.Contains(t, body, "Er zijn 55 accounts. Hieronder de eerste 50 op naam", "Bewoner 00")
		apptest.NotContains(t, body, "Zoë de Vries")
		apptest.Contains(t, find("bewoner"), "50 accounts gevonden voor „bewoner”.")
	})
}

// Two coordinators stepping each other down at the same moment: one of them stays
// coordinator, every round.
func TestLastCoordinatorUnderRace(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		carla := s.Setup()
		s.Register("Bram Coördinator", "bram@example.nl")
		bram := s.Login("bram@example.nl")
		carlaID, bramID := int64(1), int64(0)
		s.DB.Table("users").Select("id").Where("email = ?", "bram@example.nl").Scan(&bramID)
		carla.Get("/coordinator/accounts")
		for round := range 20 {
			s.GiveRole("carla@example.nl", models.RoleCoordinator)
			s.GiveRole("bram@example.nl", models.RoleCoordinator)
			s.DB.Model(&models.User{}).Where("id = ?", bramID).Update("is_admin", true) // only an administrator changes one
			bram.Get("/coordinator/accounts")
			var wg sync.WaitGroup
			for _, step := range []struct {
				who    *apptest.Client
				target int64
			}{{carla, bramID}, {bram, carlaID}} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					r := step.who.PostWithToken(fmt.Sprintf("/coordinator/accounts/%d/rol", step.target), apptest.Form("role", "resident"))
					if r.Status != 303 && r.Status != 403 { // 403: stepped down a moment ago
						t.Errorf("round %d: stepping down %d got %d", round, step.target, r.Status)
					}
				}()
			}
			wg.Wait()
			var left int64
			s.DB.Model(&models.User{}).Where("role = ?", models.RoleCoordinator).Count(&left)
			if left == 0 {
				t.Fatalf("round %d: both coordinators stepped each other down", round)
			}
		}
	})
}
