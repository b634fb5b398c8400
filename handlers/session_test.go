package handlers_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"onshuis/app/apptest"
	"onshuis/models"
)

// loggedIn reports whether the browser's session still belongs to an account.
func loggedIn(c *apptest.Client) bool {
	return c.Get("/mijn-gegevens").Status == 200
}

// Changing the password ends every other session of the account, on every process;
// the browser that changed it stays logged in.
func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		s.Setup()
		phone := s.Register("Ayşe Yılmaz", "ayse@example.nl")
		// The same person on the centre's tablet, served by a second process.
		second := apptest.New(t, s.URL)
		tablet := s.Login("ayse@example.nl").Use(second.App)
		other := s.Register("Henk van den Berg", "henk@example.nl")
		if !loggedIn(tablet) || !loggedIn(phone) {
			t.Fatal("not logged in to begin with")
		}
		const newPassword = "een nieuw lang wachtwoord"
		r := phone.Submit("/mijn-gegevens", "/mijn-gegevens/wachtwoord", apptest.Form("current_password", apptest.Password,
			"new_password", newPassword, "new_password_repeat", newPassword))
		if r.Status != 303 {
			t.Fatalf("change password: got %d\n%s", r.Status, r.Body)
		}
		if loggedIn(tablet) {
			t.Error("the tablet's session survived the password change (second process)")
		}
		if !loggedIn(phone) || !loggedIn(phone.Use(second.App)) {
			t.Error("the browser that changed the password was logged out")
		}
		if !loggedIn(other) {
			t.Error("another account's session ended")
		}
		// The phone can still send forms (its CSRF token moved with the session).
		if r := phone.Submit("/mijn-gegevens", "/mijn-gegevens", apptest.Form("name", "Ayşe Yılmaz", "email", "ayse@example.nl")); r.Status != 303 {
			t.Errorf("form after the change: got %d", r.Status)
		}
	})
}

// A password the coordinator resets (for a resident who forgot theirs) ends every
// session of that account.
func TestPasswordResetEndsSessions(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		resident := s.Register("Łukasz Wójcik", "lukasz@example.nl")
		second := apptest.New(t, s.URL)
		elsewhere := s.Login("lukasz@example.nl").Use(second.App)
		u, _ := models.UserByLogin(s.DB, "lukasz@example.nl")
		r := coordinator.Submit("/coordinator/accounts", fmt.Sprintf("/coordinator/accounts/%d/wachtwoord", u.ID),
			apptest.Form("password", "door de coordinator gekozen"))
		if r.Status != 303 {
			t.Fatalf("reset: got %d", r.Status)
		}
		if loggedIn(resident) || loggedIn(elsewhere) {
			t.Error("a session survived the reset")
		}
		if !loggedIn(coordinator) {
			t.Error("the coordinator was logged out")
		}
	})
}

// "Overal uitloggen" on Mijn gegevens ends every session of the account, this one too.
func TestLogOutEverywhere(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		s.Setup()
		phone := s.Register("Zoë de Vries", "zoe@example.nl")
		second := apptest.New(t, s.URL)
		tablet := s.Login("zoe@example.nl").Use(second.App)
		other := s.Register("Henk van den Berg", "henk@example.nl")

		page := phone.Get("/mijn-gegevens")
		apptest.Contains(t, page.Body, `action="/mijn-gegevens/overal-uitloggen"`, "Overal uitloggen")
		r := phone.PostWithToken("/mijn-gegevens/overal-uitloggen", nil)
		if r.Status != 303 || r.Location != "/inloggen" {
			t.Fatalf("log out everywhere: got %d %q, want 303 to /inloggen", r.Status, r.Location)
		}
		apptest.Contains(t, r.Follow(phone).Body, "Je bent overal uitgelogd")
		if loggedIn(phone) || loggedIn(tablet) || loggedIn(tablet.Use(s.App)) {
			t.Error("a session survived logging out everywhere")
		}
		if !loggedIn(other) {
			t.Error("another account's session ended")
		}
		// Logging in again works as before.
		if !loggedIn(s.Login("zoe@example.nl")) {
			t.Error("cannot log in again")
		}
	})
}

// The CSRF token is bound to the session: the victim's session cookie with the
// attacker's own CSRF cookie and token (one the site really issued, to the attacker)
// is refused, and the victim's name stays.
func TestCSRFTokenBoundToSession(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		s.Setup()
		victim := s.Register("Truus Janssen", "truus@example.nl")
		victim.Get("/")
		anonymous := s.Client()
		anonymous.Get("/inloggen")
		attacker := s.Register("Aanvaller", "aanvaller@example.nl")
		attacker.Get("/mijn-gegevens")
		for name, a := range map[string]*apptest.Client{"anonymous token": anonymous, "the attacker's own session's token": attacker} {
			token := a.CSRF()
			form := url.Values{"name": {"Gehackt"}, "email": {"truus@example.nl"}, "_csrf": {token}}
			req := httptest.NewRequest(http.MethodPost, "/mijn-gegevens", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.AddCookie(&http.Cookie{Name: "onshuis_sessie", Value: victim.Cookie("onshuis_sessie")})
			req.AddCookie(&http.Cookie{Name: "onshuis_csrf", Value: a.Cookie("onshuis_csrf")})
			resp, err := s.Fiber.Test(req, -1)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 403 {
				t.Errorf("%s with the victim's session: got %d, want 403", name, resp.StatusCode)
			}
		}
		if u, _ := models.UserByLogin(s.DB, "truus@example.nl"); u.Name != "Truus Janssen" {
			t.Errorf("the victim's name became %q", u.Name)
		}
		// The victim's own form still works, and anonymous forms too.
		if r := victim.Submit("/mijn-gegevens", "/mijn-gegevens", apptest.Form("name", "Truus Janssen-de Wit", "email", "truus@example.nl")); r.Status != 303 {
			t.Errorf("the victim's own form: got %d", r.Status)
		}
		if r := s.Client().Submit("/inloggen", "/inloggen", apptest.Form("login", "truus@example.nl", "password", apptest.Password)); r.Status != 303 {
			t.Errorf("anonymous login form: got %d", r.Status)
		}
	})
}
