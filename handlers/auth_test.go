package handlers_test

import (
	"net/url"
	"strings"
	"testing"

	"onshuis/app/apptest"
	"onshuis/models"
)

func TestRegisterLoginLogout(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		s.Setup()

		c := s.Client()
		// Mistakes: no contact, passwords differ, no consent; the input stays.
		r := c.Submit("/registreren", "/registreren", apptest.Form("name", "Ayşe Yılmaz",
			"password", apptest.Password, "password_repeat", "iets anders"))
		if r.Status != 422 {
			t.Fatalf("register with mistakes: got %d, want 422", r.Status)
		}
		apptest.Contains(t, r.Body, `value="Ayşe Yılmaz"`, "Vul een e-mailadres of een telefoonnummer in.",
			"De twee wachtwoorden zijn niet hetzelfde.", "Zet een vinkje")

		r = c.PostWithToken("/registreren", apptest.Form("name", "Ayşe Yılmaz", "phone", "06-12 34 56 78",
			"password", apptest.Password, "password_repeat", apptest.Password, "consent", "on"))
		if r.Status != 303 {
			t.Fatalf("register: got %d, want 303\n%s", r.Status, r.Body)
		}
		apptest.Contains(t, c.Get("/").Body, "Ingelogd als Ayşe Yılmaz", "Welkom! Je account is gemaakt")
		u, err := models.UserByLogin(s.DB, "0612345678")
		if err != nil || u == nil {
			t.Fatalf("user by phone: %v %v", u, err)
		}
		if *u.Phone != "+31612345678" || u.Role != models.RoleResident || u.Email != nil {
			t.Errorf("stored user: phone %q role %q email %v", *u.Phone, u.Role, u.Email)
		}
		if strings.Contains(u.PasswordHash, apptest.Password) || !strings.HasPrefix(u.PasswordHash, "$2") {
			t.Errorf("password is not stored as a bcrypt hash: %q", u.PasswordHash)
		}

		// The same phone number cannot register twice.
		r = s.Client().Submit("/registreren", "/registreren", apptest.Form("name", "Iemand", "phone", "+31 6 12345678",
			"password", apptest.Password, "password_repeat", apptest.Password, "consent", "on"))
		if r.Status != 422 || !strings.Contains(r.Body, "Met dit telefoonnummer kunnen we geen nieuw account maken") {
			t.Errorf("duplicate phone: got %d", r.Status)
		}

		// Log out, then in again with the phone number written differently.
		r = c.PostWithToken("/uitloggen", nil)
		if r.Status != 303 {
			t.Fatalf("logout: %d", r.Status)
		}
		apptest.Contains(t, c.Get("/").Body, "Je bent uitgelogd", "Inloggen")
		if r := c.Get("/mijn-gegevens"); r.Status != 303 || !strings.HasPrefix(r.Location, "/inloggen?next=") {
			t.Errorf("account page after logout: got %d %q, want redirect to login", r.Status, r.Location)
		}

		r = c.Submit("/inloggen?next=/mijn-gegevens", "/inloggen", apptest.Form("login", "0612345678", "password", "verkeerd wachtwoord", "next", "/mijn-gegevens"))
		if r.Status != 422 || !strings.Contains(r.Body, "klopt niet") || !strings.Contains(r.Body, `value="0612345678"`) {
			t.Errorf("wrong password: got %d", r.Status)
		}
		r = c.PostWithToken("/inloggen", apptest.Form("login", "06 1234 5678", "password", apptest.Password, "next", "/mijn-gegevens"))
		if r.Status != 303 || r.Location != "/mijn-gegevens" {
			t.Fatalf("login: got %d %q, want 303 to /mijn-gegevens", r.Status, r.Location)
		}
		apptest.Contains(t, c.Get("/mijn-gegevens").Body, "Ayşe Yılmaz", "06 12345678")

		// An unknown account gets the same message as a wrong password.
		r = s.Client().Submit("/inloggen", "/inloggen", apptest.Form("login", "niemand@example.nl", "password", apptest.Password))
		if r.Status != 422 || !strings.Contains(r.Body, "klopt niet") {
			t.Errorf("unknown account: got %d", r.Status)
		}
	})
}

func TestLoginSessionIDChanges(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		s.Setup()
		s.Register("Zoë de Vries", "zoe@example.nl")
		c := s.Client()
		c.Get("/inloggen")
		// A session id planted before login must not become the logged-in session.
		c.PostWithToken("/inloggen", apptest.Form("login", "zoe@example.nl", "password", "fout"))
		before := c.Cookie("onshuis_sessie")
		c.PostWithToken("/inloggen", apptest.Form("login", "zoe@example.nl", "password", apptest.Password))
		after := c.Cookie("onshuis_sessie")
		if after == "" || after == before {
			t.Errorf("session id did not change at login: before %q after %q", before, after)
		}
	})
}

func TestOpenRedirectRefused(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		s.Setup()
		s.Register("Zoë de Vries", "zoe@example.nl")
		for _, next := range []string{"https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "http:/evil"} {
			c := s.Client()
			r := c.Submit("/inloggen", "/inloggen", apptest.Form("login", "zoe@example.nl", "password", apptest.Password, "next", next))
			if r.Status != 303 || r.Location != "/" {
				t.Errorf("next=%q: got %d %q, want 303 to /", next, r.Status, r.Location)
			}
		}
	})
}

func TestCSRFRefused(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		coordinator.Get("/")
		for name, form := range map[string]map[string]string{
			"missing": {},
			"wrong":   {"_csrf": "00000000-0000-0000-0000-000000000000"},
		} {
			v := apptest.Form("lang", "en")
			for k, val := range form {
				v.Set(k, val)
			}
			r := coordinator.Post("/taal", v)
			if r.Status != 403 || !strings.Contains(r.Body, "Dit formulier is verlopen") {
				t.Errorf("%s token: got %d, want 403 with message", name, r.Status)
			}
		}
		// A token from another browser does not work either.
		other := s.Client()
		other.Get("/inloggen")
		v := apptest.Form("lang", "en", "_csrf", other.CSRF())
		if r := coordinator.Post("/taal", v); r.Status != 403 {
			t.Errorf("token of another browser: got %d, want 403", r.Status)
		}
		if r := coordinator.Get("/"); !strings.Contains(r.Body, `lang="nl"`) {
			t.Error("a refused form changed the language")
		}
	})
}

func TestLanguageSwitch(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		s.Setup()
		visitor := s.Client()
		r := visitor.Submit("/inloggen", "/taal", apptest.Form("lang", "en", "next", "/inloggen"))
		if r.Status != 303 || r.Location != "/inloggen" {
			t.Fatalf("switch language: got %d %q", r.Status, r.Location)
		}
		page := visitor.Get("/inloggen").Body
		apptest.Contains(t, page, `<html lang="en">`, "Email address or phone number", "Nederlands")

		// A logged-in user's choice is kept in their account, also on another device.
		resident := s.Register("Henk van den Berg", "henk@example.nl")
		resident.Submit("/", "/taal", apptest.Form("lang", "en", "next", "/"))
		apptest.Contains(t, s.Login("henk@example.nl").Get("/mijn-gegevens").Body, "My details", "English")

		// Only known languages, and only local return addresses (the form and the link).
		if r := visitor.Submit("/inloggen", "/taal", apptest.Form("lang", "xx")); r.Status != 400 {
			t.Errorf("unknown language: got %d, want 400", r.Status)
		}
		if r := visitor.Submit("/inloggen", "/taal", apptest.Form("lang", "nl", "next", "https://evil.example/")); r.Location != "/" {
			t.Errorf("language switch redirected to %q", r.Location)
		}
		if r := visitor.Get("/taal?lang=xx&next=/"); r.Status != 400 {
			t.Errorf("unknown language by the link: got %d, want 400", r.Status)
		}
		for _, next := range []string{"https://evil.example/", "//evil.example/", "/\\evil.example/"} {
			if r := visitor.Get("/taal?lang=nl&next=" + url.QueryEscape(next)); r.Status != 303 || r.Location != "/" {
				t.Errorf("language link with next %q: got %d %q, want 303 to /", next, r.Status, r.Location)
			}
		}
	})
}
