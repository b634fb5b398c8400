package handlers_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
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

		// Pages without a form make no token: no cookie, so the page is the same for
		// everyone. A page with a form makes one, once: a visitor who has a valid token
		// gets it again, without a new cookie. (/centra is not among them: its "Dit is
		// mijn buurthuis" buttons are forms.)
		for _, p := range []string{"/", fmt.Sprintf("/activiteiten/%d", id)} {
			if got := s.Client().Get(p).Header.Values("Set-Cookie"); len(got) != 0 {
				t.Errorf("GET %s as a new visitor sets %v; want no cookie", p, got)
			}
		}
		newcomer := s.Client()
		if got := newcomer.Get("/inloggen").Header.Values("Set-Cookie"); len(got) != 1 || !strings.HasPrefix(got[0], "onshuis_csrf=") {
			t.Errorf("GET /inloggen as a new visitor sets %v; want the CSRF cookie alone", got)
		}
		token := newcomer.CSRF()
		again := newcomer.Get("/checkin/" + code)
		if got := again.Header.Values("Set-Cookie"); len(got) != 0 || newcomer.CSRF() != token {
			t.Errorf("the door's page for a visitor with a token: cookies %v, token %q, want none and %q", got, newcomer.CSRF(), token)
		}

		if r := visitor.Submit("/checkin/"+code, "/checkin/"+code, nil); r.Status != 303 {
			t.Errorf("check-in with the page's token: %d, want 303", r.Status)
		}
		visitor.Get("/inloggen")
		token = visitor.CSRF()
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

// A form post from a visitor who is not logged in needs the token its page made and
// the cookie that came with it; without either, or with a token this site did not
// sign, it is refused and nothing is stored (issue 21 makes tokens only for pages with
// a form; the check of a post is unchanged).
func TestAnonymousPostsNeedTheirToken(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		s.Setup()
		code := doorCode(t, s)
		door := "/checkin/" + code
		reader := s.Client()
		reader.Get("/") // no form, so no token and no cookie
		if r := reader.Post(door, nil); r.Status != 403 {
			t.Errorf("check-in after the programme alone, without a token: %d, want 403", r.Status)
		}
		visitor := s.Client()
		visitor.Get(door)
		token := visitor.CSRF()
		forged := token[:len(token)-2] + "AA"
		if forged == token {
			forged = token[:len(token)-2] + "BB"
		}
		cases := []struct {
			name   string
			cookie string
			form   url.Values
		}{
			{"no token in the form", token, nil},
			{"no cookie", "", apptest.Form("_csrf", token)},
			{"a token that is not the cookie's", token, apptest.Form("_csrf", forged)},
			{"a token this site did not sign, in form and cookie", forged, apptest.Form("_csrf", forged)},
		}
		before := countVisits(s)
		for _, tc := range cases {
			req := httptest.NewRequest(http.MethodPost, door, strings.NewReader(tc.form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tc.cookie != "" {
				req.AddCookie(&http.Cookie{Name: "onshuis_csrf", Value: tc.cookie})
			}
			if r := s.Client().Do(req); r.Status != 403 {
				t.Errorf("%s: %d, want 403", tc.name, r.Status)
			}
		}
		if n := countVisits(s); n != before {
			t.Errorf("refused check-ins stored %d visits", n-before)
		}
		if r := visitor.PostWithToken(door, nil); r.Status != 303 || countVisits(s) != before+1 {
			t.Errorf("check-in with the page's token and cookie: %d, visits %d → %d", r.Status, before, countVisits(s))
		}
	})
}
