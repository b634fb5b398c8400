package handlers_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"onshuis/app/apptest"
	"onshuis/figures"
	"onshuis/models"
	"onshuis/store"
)

// setCookie returns the cookie name as the response set it, or fails the test.
func setCookie(t *testing.T, r *apptest.Response, name string) *http.Cookie {
	t.Helper()
	for _, line := range r.Header.Values("Set-Cookie") {
		if c, err := http.ParseSetCookie(line); err == nil && c.Name == name {
			return c
		}
	}
	t.Fatalf("no Set-Cookie for %s in %v", name, r.Header.Values("Set-Cookie"))
	return nil
}

// expiresIn says, the way the privacy page does, how long from now the cookie lasts:
// whole months ("13 maanden", "1 jaar"), else whole days or hours. now is the clock the
// code that set the cookie reads.
func expiresIn(t *testing.T, c *http.Cookie, now time.Time) string {
	t.Helper()
	until := c.Expires
	if c.MaxAge > 0 {
		until = now.Add(time.Duration(c.MaxAge) * time.Second)
	}
	near := func(a, b time.Time) bool { d := a.Sub(b); return d > -time.Minute && d < time.Minute }
	for m := 1; m <= 36; m++ {
		if near(now.AddDate(0, m, 0), until) || m%12 == 0 && near(now.Add(time.Duration(m/12)*365*24*time.Hour), until) {
			if m%12 == 0 {
				return fmt.Sprintf("%d jaar", m/12)
			}
			return fmt.Sprintf("%d maanden", m)
		}
	}
	d := until.Sub(now).Round(time.Minute)
	switch {
	case d >= 24*time.Hour && d%(24*time.Hour) == 0:
		return fmt.Sprintf("%d dagen", d/(24*time.Hour))
	case d%time.Hour == 0:
		return fmt.Sprintf("%d uur", d/time.Hour)
	}
	t.Fatalf("cookie %s lasts %v: not in whole months, days or hours", c.Name, d)
	return ""
}

// days says a whole number of days as the privacy page does.
func days(d time.Duration) string {
	if n := d / (24 * time.Hour); n != 1 {
		return fmt.Sprintf("%d dagen", n)
	}
	return "1 dag"
}

// The privacy page says how long each cookie lasts, and that is how long the cookies
// the site sets really last; the check-in page says the same about the visitor key.
func TestPrivacyPageSaysWhatTheCodeDoes(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		s.Setup()
		var code string
		s.DB.Table("centres").Select("door_code").Scan(&code)

		visitor := s.Client()
		form := visitor.Get("/checkin/" + code)
		checkin := visitor.PostWithToken("/checkin/"+code, nil)
		key := expiresIn(t, setCookie(t, checkin, "onshuis_bezoeker"), time.Now())
		apptest.Contains(t, form.Body, "De code blijft "+key+" na je laatste keer inchecken", `href="/privacy#checkin"`)
		apptest.NotContains(t, form.Body, "vandaag niet twee keer")

		resident := s.Client()
		// The first page with a form sets the token's cookie; the token, and so the
		// cookie, is then kept for its lifetime (a second view sets none).
		csrf := expiresIn(t, setCookie(t, resident.Get("/registreren"), "onshuis_csrf"), time.Now())
		r := resident.PostWithToken("/registreren", apptest.Form("name", "Wim Verhoeven", "email", "wim@example.nl",
			"password", apptest.Password, "password_repeat", apptest.Password, "consent", "on"))
		session := expiresIn(t, setCookie(t, r, "onshuis_sessie"), time.Now())
		device := expiresIn(t, setCookie(t, r, "onshuis_apparaat"), s.Clock.Now())
		language := expiresIn(t, setCookie(t, resident.Submit("/", "/taal", apptest.Form("lang", "nl", "next", "/")), "onshuis_taal"), time.Now())

		page := s.Client().Get("/privacy")
		if page.Status != 200 {
			t.Fatalf("/privacy: %d", page.Status)
		}
		apptest.Contains(t, page.Body,
			"De code blijft "+key+" na je laatste keer inchecken",
			"onshuis_bezoeker", "Blijft: "+key+" na je laatste keer inchecken.",
			"onshuis_sessie", "Blijft: "+session+" na je laatste bezoek, of tot je uitlogt.",
			"onshuis_csrf", "Blijft: "+csrf+".",
			"onshuis_taal", "Blijft: "+language+".",
			"onshuis_apparaat", "Blijft: "+device+" na je laatste keer inloggen op dit apparaat.",
			"Apparaten waarop je inlogde: "+device+" na de laatste keer.",
			fmt.Sprintf("minstens %d antwoorden", figures.MinMoodAnswers),
			"Vul je 13 maanden geen nieuwe check in, dan halen we de koppeling tussen je account en je oude antwoorden weg",
			"Mislukte pogingen om in te loggen: "+days(store.ForgetFailuresAfter)+" na de laatste.",
			"Alleen je voornaam")
		en := s.Client()
		en.Get("/inloggen")
		en.PostWithToken("/taal", apptest.Form("lang", "en", "next", "/privacy"))
		apptest.Contains(t, en.Get("/privacy").Body, "Privacy: what we keep", "after your last check-in",
			fmt.Sprintf("at least %d answers", figures.MinMoodAnswers))

		// Linked from every page's footer and from the consent texts.
		apptest.Contains(t, s.Client().Get("/").Body, `<a href="/privacy">`)
		apptest.Contains(t, s.Client().Get("/registreren").Body, `<a href="/privacy">`, "staat mijn voornaam daarbij in het programma")
		apptest.Contains(t, resident.Get("/mijn-gegevens").Body, `<a href="/privacy">`, "staat je voornaam daarbij in het programma")
	})
}

// Leading an activity is a public role, by first name: the public activity page says
// who leads it without the surname, as the consent text promises.
func TestLeadIsShownByFirstName(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		fatma := s.Register("Fatma Demir", "fatma@example.nl")
		id := s.Propose(fatma, "Naaicafé")
		apptest.Contains(t, fatma.Get("/voorstellen/nieuw").Body, "Je voornaam staat dan bij de activiteit in het programma.")
		if r := s.Approve(coordinator, id, "8"); r.Status != 303 {
			t.Fatalf("approve: %d", r.Status)
		}
		page := s.Client().Get(fmt.Sprintf("/activiteiten/%d", id)).Body
		apptest.Contains(t, page, "<dt>Begeleid door</dt><dd>Fatma</dd>")
		apptest.NotContains(t, page, "Demir")
		apptest.Contains(t, fatma.Get("/mijn-voorstellen").Body, "Jij bent de begeleider: je voornaam staat erbij.")
	})
}

// A draft says who can read it: the proposer and the coordinator, who can open it.
func TestDraftSaysTheCoordinatorCanReadIt(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		fatma := s.Register("Fatma Demir", "fatma@example.nl")
		if r := fatma.Submit("/voorstellen/nieuw", "/voorstellen", apptest.Form("title", "Naaicafé", "action", "draft")); r.Status != 303 {
			t.Fatalf("save draft: %d", r.Status)
		}
		mine := fatma.Get("/mijn-voorstellen").Body
		apptest.Contains(t, mine, "Concept", "Jij en de coördinator kunnen het lezen.")
		apptest.NotContains(t, mine, "Alleen jij")

		var id int64
		s.DB.Table("activities").Select("id").Where("title = ?", "Naaicafé").Scan(&id)
		list := coordinator.Get("/coordinator/voorstellen?status=draft")
		apptest.Contains(t, list.Body, "Naaicafé", fmt.Sprintf(`href="/coordinator/voorstellen/%d"`, id))
		if r := coordinator.Get(fmt.Sprintf("/coordinator/voorstellen/%d", id)); r.Status != 200 || !strings.Contains(r.Body, "Naaicafé") {
			t.Errorf("the coordinator opening the draft: %d", r.Status)
		}
	})
}

// Calling a session off: the public note is on the programme, the activity page and
// the calendar feeds; the private one only on the lead's and the coordinator's page.
func TestCancelNotePublicAndPrivate(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		id, lead := s.Activity(coordinator, "Werkplaats", "8")
		manage := fmt.Sprintf("/activiteiten/%d/deelnemers", id)
		page := lead.Get(manage).Body
		apptest.Contains(t, page, `name="note"`, `name="private_note"`, "Bericht in het programma", "Niet openbaar")
		var session models.Session
		s.DB.Where("activity_id = ? AND date = ?", id, "2026-12-08").Take(&session)
		const public, private = "De zaag is kapot", "Ik ben die dag op vakantie"
		r := lead.Submit(manage, fmt.Sprintf("/sessies/%d/annuleren", session.ID), apptest.Form("note", public, "private_note", private))
		if r.Status != 303 {
			t.Fatalf("cancel: %d", r.Status)
		}

		anyone := s.Client()
		resident := s.Register("Wim Verhoeven", "wim@example.nl")
		for _, path := range []string{"/?week=2026-W50", fmt.Sprintf("/activiteiten/%d", id), "/programme.ics",
			fmt.Sprintf("/activiteiten/%d/agenda.ics", id), fmt.Sprintf("/activiteiten/%d/vrijwilligers", id)} {
			for _, c := range []*apptest.Client{anyone, resident} {
				body := c.Get(path).Body
				apptest.NotContains(t, body, private)
				if !strings.HasSuffix(path, "vrijwilligers") {
					apptest.Contains(t, body, public)
				}
			}
		}
		for _, c := range []*apptest.Client{lead, coordinator} {
			apptest.Contains(t, c.Get(manage).Body, public, "Niet openbaar: "+private)
		}
		// Restoring the session forgets both notes.
		if r := coordinator.Submit(manage, fmt.Sprintf("/sessies/%d/annuleren", session.ID), apptest.Form("restore", "1")); r.Status != 303 {
			t.Fatalf("restore: %d", r.Status)
		}
		apptest.NotContains(t, lead.Get(manage).Body, public, private)
	})
}
