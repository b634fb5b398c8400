package handlers_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"onshuis/app/apptest"
	"onshuis/handlers"
	"onshuis/models"
)

// twoCentresWithActivities is twoCentres with an activity at the default centre too:
// "Koffie-inloop" at A, "Fietsreparatie" at B, both on this week's programme.
func twoCentresWithActivities(t *testing.T, s *apptest.Server) (carla, bram *apptest.Client, centreB models.Centre) {
	t.Helper()
	carla, bram, centreB = twoCentres(t, s)
	centreA, err := models.DefaultCentre(s.DB)
	if err != nil {
		t.Fatal(err)
	}
	roomA := models.Room{CentreID: centreA.ID, Name: "huiskamer", Capacity: 30}
	if err := models.SaveRoom(s.DB, &roomA); err != nil {
		t.Fatal(err)
	}
	s.Activity(carla, "Koffie-inloop", "0", "room_id", fmt.Sprint(roomA.ID))
	return carla, bram, centreB
}

// A visitor chooses their own centre once ("Dit is mijn buurthuis") and / shows its
// week from then on, with the other centres one tap away; a visitor who chose nothing
// keeps the default centre. The kept pages (programme_cache.go) are each visitor's own.
func TestChooseHomeCentre(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		_, _, centreB := twoCentresWithActivities(t, s)

		anna, bob := s.Client(), s.Client()
		home := anna.Get("/").Body
		apptest.Contains(t, home, "Koffie-inloop", `<a href="/centra">Kies een ander huis van de wijk</a>`,
			`<p class="programme-centre"><strong>Ons Huis van de Wijk</strong> · Ruwaard, Oss</p>`)
		apptest.NotContains(t, home, "Fietsreparatie")
		// Anna follows the link to every centre and presses the button of Schadewijk.
		list := anna.Get("/centra").Body
		r := press(t, anna, list, "Huis van de Wijk Schadewijk</a>", "Dit is mijn buurthuis")
		if r.Status != 303 || r.Location != "/" {
			t.Fatalf("choosing B: %d %q\n%s", r.Status, r.Location, r.Body)
		}
		if got := anna.Cookie(handlers.HomeCentreCookie); got != fmt.Sprint(centreB.ID) {
			t.Errorf("the cookie says %q, want %d", got, centreB.ID)
		}
		page := r.Follow(anna).Body
		apptest.Contains(t, page, "Opgeslagen: dit is nu je buurthuis.", "Fietsreparatie",
			`<p class="programme-centre"><strong>Huis van de Wijk Schadewijk</strong> · Kruisstraat 1, Oss</p>`,
			`<a href="/centra/schadewijk/programme.ics">`)
		apptest.NotContains(t, page, "Koffie-inloop")
		apptest.Contains(t, anna.Get("/centra").Body, `Jouw buurthuis`)

		// Each visitor gets their own centre's week, also from the kept pages, and a kept
		// page still costs one statement.
		for range 2 {
			a, b := anna.Get("/"), bob.Get("/")
			apptest.Contains(t, a.Body, "Fietsreparatie")
			apptest.NotContains(t, a.Body, "Koffie-inloop")
			apptest.Contains(t, b.Body, "Koffie-inloop")
			apptest.NotContains(t, b.Body, "Fietsreparatie")
			// The header of another centre's page names the visitor's own centre.
			apptest.Contains(t, anna.Get("/centra/ons-huis-van-de-wijk").Body, `<span>Huis van de Wijk Schadewijk</span>`, "Koffie-inloop")
			apptest.Contains(t, bob.Get("/centra/ons-huis-van-de-wijk").Body, `<span>Ons Huis van de Wijk</span>`)
		}
		statements := s.CountStatements()
		if n := statements.During(func() { anna.Get("/") }); n != 1 {
			t.Errorf("a kept page of a visitor with a centre of their own took %d statements, want 1", n)
		}
		// A kept page is right the moment its centre changes: B renamed.
		if err := s.DB.Model(&models.Centre{}).Where("id = ?", centreB.ID).Update("name", "Huis van de Wijk Schadewijk-Oost").Error; err != nil {
			t.Fatal(err)
		}
		apptest.Contains(t, anna.Get("/").Body, "Schadewijk-Oost")
		apptest.NotContains(t, bob.Get("/").Body, "Schadewijk")

		// From a centre's own page: a visitor without an account follows a link to a page
		// that asks, then presses the button there.
		cora := s.Client()
		own := cora.Get("/centra/schadewijk").Body
		apptest.Contains(t, own, `<a class="button" href="/centra/schadewijk/mijn-buurthuis">Dit is mijn buurthuis</a>`)
		ask := cora.Get("/centra/schadewijk/mijn-buurthuis").Body
		apptest.Contains(t, ask, "<h1>Mijn buurthuis</h1>", "in een cookie")
		if r := press(t, cora, ask, "<h1>", "Dit is mijn buurthuis"); r.Status != 303 {
			t.Fatalf("choosing from the centre's page: %d", r.Status)
		}
		apptest.Contains(t, cora.Get("/").Body, "Fietsreparatie")
		apptest.Contains(t, cora.Get("/centra/schadewijk").Body, `<span class="tag">Jouw buurthuis</span>`)

		// When that centre closes, the default stands in.
		closed := time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC)
		if err := s.DB.Model(&models.Centre{}).Where("id = ?", centreB.ID).Update("closed_at", closed).Error; err != nil {
			t.Fatal(err)
		}
		for range 2 {
			apptest.Contains(t, cora.Get("/").Body, "Koffie-inloop")
		}
		// Nobody makes a closed or unknown centre their own.
		for _, slug := range []string{"schadewijk", "gesloten", "nergens"} {
			if r := cora.Get("/centra/" + slug + "/mijn-buurthuis"); r.Status != 404 {
				t.Errorf("GET the question for %s: %d, want 404", slug, r.Status)
			}
			cora.Get("/centra")
			if r := cora.PostWithToken("/centra/"+slug+"/mijn-buurthuis", nil); r.Status != 404 {
				t.Errorf("choosing %s: %d, want 404", slug, r.Status)
			}
		}
		// A cookie that names nothing is the default centre.
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.Header.Set("Cookie", handlers.HomeCentreCookie+"=x1")
		apptest.Contains(t, s.Client().Do(req).Body, "Koffie-inloop")
	})
}

// A logged-in resident's choice is kept in their account: it follows them to another
// device. A coordinator's / is the centre they work in, so they are offered no choice.
func TestHomeCentreInAccount(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		carla, _, centreB := twoCentresWithActivities(t, s)
		fatma := s.Register("Fatma Demir", "fatma@example.nl")
		page := fatma.Get("/centra/schadewijk").Body
		if r := press(t, fatma, page, `class="programme-centre"`, "Dit is mijn buurthuis"); r.Status != 303 {
			t.Fatalf("choosing: %d\n%s", r.Status, r.Body)
		}
		u, err := models.UserByLogin(s.DB, "fatma@example.nl")
		if err != nil {
			t.Fatal(err)
		}
		if u.HomeCentreID == nil || *u.HomeCentreID != centreB.ID {
			t.Fatalf("home centre stored: %v, want %d", u.HomeCentreID, centreB.ID)
		}
		elsewhere := s.Login("fatma@example.nl")
		apptest.Contains(t, elsewhere.Get("/").Body, "Fietsreparatie")

		for _, path := range []string{"/centra", "/centra/schadewijk"} {
			apptest.NotContains(t, carla.Get(path).Body, "Dit is mijn buurthuis")
		}
	})
}

// A visitor who chose a centre on this device and then registers or logs in takes the
// choice into their account when it has none, so it follows them to their other
// devices; an account's own choice stays.
func TestHomeCentreChoiceFollowsIntoTheAccount(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		_, _, centreB := twoCentresWithActivities(t, s)
		centreA, _ := models.DefaultCentre(s.DB)
		homeOf := func(login string) *int64 {
			u, err := models.UserByLogin(s.DB, login)
			if err != nil || u == nil {
				t.Fatalf("no account %s: %v", login, err)
			}
			return u.HomeCentreID
		}
		choose := func(c *apptest.Client, name string) {
			if r := press(t, c, c.Get("/centra").Body, name+"</a>", "Dit is mijn buurthuis"); r.Status != 303 {
				t.Fatalf("choosing %s: %d\n%s", name, r.Status, r.Body)
			}
		}
		// Registering: the device chose Schadewijk first.
		anna := s.Client()
		choose(anna, "Huis van de Wijk Schadewijk")
		if r := anna.Submit("/registreren", "/registreren", apptest.Form("name", "Anna de Boer", "email", "anna@example.nl",
			"password", apptest.Password, "password_repeat", apptest.Password, "consent", "on")); r.Status != 303 {
			t.Fatalf("registering: %d\n%s", r.Status, r.Body)
		}
		if got := homeOf("anna@example.nl"); got == nil || *got != centreB.ID {
			t.Fatalf("after registering, the account's centre is %v, want %d", got, centreB.ID)
		}
		elsewhere := s.Login("anna@example.nl") // another device, without the cookie
		apptest.Contains(t, elsewhere.Get("/").Body, "Fietsreparatie")

		// Logging in: an account without a centre takes the device's.
		s.Register("Piet Smit", "piet@example.nl")
		piet := s.Client()
		choose(piet, "Huis van de Wijk Schadewijk")
		if r := piet.Submit("/inloggen", "/inloggen", apptest.Form("login", "piet@example.nl", "password", apptest.Password)); r.Status != 303 {
			t.Fatalf("logging in: %d\n%s", r.Status, r.Body)
		}
		if got := homeOf("piet@example.nl"); got == nil || *got != centreB.ID {
			t.Errorf("after logging in, the account's centre is %v, want %d", got, centreB.ID)
		}

		// An account that chose its centre keeps it, whatever the device chose.
		kees := s.Register("Kees Jansen", "kees@example.nl")
		choose(kees, "Ons Huis van de Wijk")
		device := s.Client()
		choose(device, "Huis van de Wijk Schadewijk")
		if r := device.Submit("/inloggen", "/inloggen", apptest.Form("login", "kees@example.nl", "password", apptest.Password)); r.Status != 303 {
			t.Fatalf("logging in: %d\n%s", r.Status, r.Body)
		}
		if got := homeOf("kees@example.nl"); got == nil || *got != centreA.ID {
			t.Errorf("an account's own centre was replaced by the device's: %v, want %d", got, centreA.ID)
		}
	})
}
