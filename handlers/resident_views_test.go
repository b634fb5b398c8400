package handlers_test

import (
	"fmt"
	"testing"
	"time"

	"onshuis/app/apptest"
)

// A logged-in resident's page views write nothing once their session has its CSRF
// token (issue 21): the session is saved when the token is new or due for renewal, at
// most once an hour, and "last seen" at most once a day. Their forms still need the
// token, the session still lives 30 days from the last visit, and a visit still counts
// as being active for the retention rules.
func TestResidentPageViewsWriteNothing(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		id, _ := s.Activity(coordinator, "Kaartclub", "5")
		page := fmt.Sprintf("/activiteiten/%d", id)
		anna := s.Register("Anna", "anna@example.nl")
		pages := []string{"/", page, "/mijn-activiteiten", "/mijn-gegevens"}
		for _, p := range pages { // the first view may make the token and the week's sessions
			anna.Get(p)
		}

		statements := s.CountStatements()
		var n int64
		writes := statements.WritesDuring(func() {
			n = statements.During(func() {
				if r := anna.Get("/"); r.Status != 200 || len(r.Header.Values("Set-Cookie")) != 0 {
					t.Errorf("GET / again: %d, cookies %v; want 200 and none", r.Status, r.Header.Values("Set-Cookie"))
				}
			})
			for _, p := range pages {
				if r := anna.Get(p); r.Status != 200 {
					t.Fatalf("GET %s: %d", p, r.Status)
				}
			}
		})
		t.Logf("a resident's second GET / sends %d statements", n)
		if writes != 0 {
			t.Errorf("a logged-in resident's page views wrote %d statements; want none", writes)
		}

		// The token of those pages still works, and a post without it, or with
		// another session's, is refused.
		anna.Get(page)
		token := anna.CSRF()
		if r := anna.Post(page+"/aanmelden", apptest.Form("_csrf", "not-the-token")); r.Status != 403 {
			t.Errorf("join with a wrong token: %d, want 403", r.Status)
		}
		if r := anna.Post(page+"/aanmelden", nil); r.Status != 403 {
			t.Errorf("join without a token: %d, want 403", r.Status)
		}
		bram := s.Register("Bram", "bram@example.nl")
		bram.Get(page)
		if r := bram.Post(page+"/aanmelden", apptest.Form("_csrf", token)); r.Status != 403 {
			t.Errorf("join with another session's token: %d, want 403", r.Status)
		}
		if r := anna.Submit(page, page+"/aanmelden", nil); r.Status != 303 || anna.CSRF() != token {
			t.Errorf("join with the page's token: %d, want 303 (and the same token)", r.Status)
		}

		// An hour on, a page view renews the session (one write, the token kept);
		// a day on, it notes the visit for the retention rules too.
		anna.Get("/")
		s.Clock.Add(61 * time.Minute)
		if w := statements.WritesDuring(func() { anna.Get("/") }); w != 1 || anna.CSRF() != token {
			t.Errorf("a page view an hour on: %d writes, token %q; want 1 (the session) and %q", w, anna.CSRF(), token)
		}
		s.Clock.Add(24 * time.Hour)
		anna.Get("/")
		var seen time.Time
		s.DB.Raw("SELECT last_seen_at FROM users WHERE email = ?", "anna@example.nl").Scan(&seen)
		if !seen.Equal(s.Clock.Now()) {
			t.Errorf("last seen %v after a visit at %v; want the visit", seen, s.Clock.Now())
		}

		// Visiting every three weeks keeps the login: 30 days from the last visit.
		for range 3 {
			s.Clock.Add(21 * 24 * time.Hour)
			if r := anna.Get("/mijn-gegevens"); r.Status != 200 {
				t.Fatalf("a visit three weeks after the last: %d, want 200 (still logged in)", r.Status)
			}
		}
		s.Clock.Add(31 * 24 * time.Hour)
		if r := anna.Get("/mijn-gegevens"); r.Status != 303 {
			t.Errorf("a visit 31 days after the last: %d, want 303 to the login page", r.Status)
		}
	})
}
