package handlers_test

import (
	"fmt"
	"testing"

	"onshuis/app/apptest"
)

// A visitor who is not logged in reads the programme, an activity, the login page and
// the door's check-in page without the site writing anything (issue 21): their CSRF
// token is signed, not stored. The token still works: the same visitor logs in and
// checks in with the forms of those pages.
func TestAnonymousPageViewsWriteNothing(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		id, _ := s.Activity(coordinator, "Kaartclub", "5")
		code := doorCode(t, s)
		pages := []string{"/", fmt.Sprintf("/activiteiten/%d", id), "/inloggen", "/registreren", "/checkin/" + code}
		first := s.Client()
		for _, p := range pages { // the first view of a week may make its sessions
			first.Get(p)
		}

		statements := s.CountStatements()
		var kvBefore, kvAfter int64
		s.DB.Table("kv_entries").Count(&kvBefore)
		visitor := s.Client()
		writes := statements.WritesDuring(func() {
			for range 2 { // a new visitor, then the same one coming back
				for _, p := range pages {
					if r := visitor.Get(p); r.Status != 200 {
						t.Fatalf("GET %s: %d", p, r.Status)
					}
				}
			}
		})
		s.DB.Table("kv_entries").Count(&kvAfter)
		if writes != 0 || kvAfter != kvBefore {
			t.Errorf("anonymous page views wrote %d statements, kv_entries %d → %d rows; want none", writes, kvBefore, kvAfter)
		}

		if r := visitor.Submit("/checkin/"+code, "/checkin/"+code, nil); r.Status != 303 {
			t.Errorf("check-in with the page's token: %d, want 303", r.Status)
		}
		visitor.Get("/inloggen")
		token := visitor.CSRF()
		r := visitor.PostWithToken("/inloggen", apptest.Form("login", "carla@example.nl", "password", apptest.Password))
		if r.Status != 303 {
			t.Fatalf("login with the page's token: %d, want 303\n%s", r.Status, r.Body)
		}
		// A token made for one browser is refused with another browser's cookie.
		stranger := s.Client()
		stranger.Get("/inloggen")
		forged := apptest.Form("login", "carla@example.nl", "password", apptest.Password, "_csrf", token)
		if r := stranger.Post("/inloggen", forged); r.Status != 403 {
			t.Errorf("login with another browser's token: %d, want 403", r.Status)
		}
	})
}
