package handlers_test

import (
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"onshuis/app/apptest"
	"onshuis/models"
)

// sessionOn is the activity's session on a local date, created by a page view before.
func sessionOn(t *testing.T, s *apptest.Server, activityID int64, date string) models.Session {
	t.Helper()
	var sess models.Session
	if err := s.DB.Where("activity_id = ? AND date = ?", activityID, date).Take(&sess).Error; err != nil {
		t.Fatalf("session of %s: %v", date, err)
	}
	return sess
}

var icalStart = regexp.MustCompile(`DTSTART;TZID=[^:]*:(\d{8})T`)

// "Ik doe dit elke keer" and "Ik doe mee" count from the sign-up on (issue 12): a
// volunteer who signs up on 2 December for every session is not on the roster of 1
// December, not ticked with its hours, not in its calendar event; a session under way
// at the sign-up is not theirs either. The same for a participant.
func TestEveryTimeStartsAtTheSignUp(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		id, lead := s.Activity(coordinator, "Samen koken", "12") // Tuesdays 14:00–16:00 from 1 December
		role := models.VolunteerRole{ActivityID: id, Name: "kok", PerSession: 2}
		if err := models.AddRole(s.DB, &role); err != nil {
			t.Fatal(err)
		}
		activity := fmt.Sprintf("/activiteiten/%d", id)
		volunteers := activity + "/vrijwilligers"
		participants := activity + "/deelnemers"
		truus := s.Register("Truus Janssen", "truus@example.nl") // signs up in good time, on 26 November
		truus.Submit(activity, activity+"/aanmelden", nil)
		lead.Get(participants) // makes the coming sessions

		// Wednesday 2 December, the day after the first session.
		s.Clock.Set(time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC))
		henk := s.Register("Henk van den Berg", "henk@example.nl")
		s.Volunteer(henk, []string{"cooking"}, nil)
		if r := henk.Submit(volunteers, fmt.Sprintf("/rollen/%d/aanmelden", role.ID), apptest.Form("session", "every")); r.Status != 303 {
			t.Fatalf("every-time sign-up: %d", r.Status)
		}
		zoe := s.Register("Zoë de Vries", "zoe@example.nl")
		if r := zoe.Submit(activity, activity+"/aanmelden", nil); r.Status != 303 {
			t.Fatalf("join: %d", r.Status)
		}
		dec1, dec8 := sessionOn(t, s, id, "2026-12-01"), sessionOn(t, s, id, "2026-12-08")

		// The lead confirms the hours of 1 December from the sessions held: nobody was planned.
		held := lead.Get(participants).Body
		hoursLink := fmt.Sprintf(`href="/sessies/%d/uren"`, dec1.ID)
		apptest.Contains(t, held, hoursLink)
		hours := lead.Get(fmt.Sprintf("/sessies/%d/uren", dec1.ID)).Body
		apptest.Contains(t, hours, "Er stond niemand op het rooster voor deze keer.")
		apptest.NotContains(t, hours, "Henk van den Berg")

		// The rosters: 1 December has Truus only; 8 December all three.
		roster := func(sess models.Session) string {
			r := coordinator.Get(fmt.Sprintf("/coordinator/sessies/%d/rooster.pdf", sess.ID))
			if r.Status != 200 {
				t.Fatalf("roster of %s: %d", sess.Date, r.Status)
			}
			return pdfPageText(t, []byte(r.Body), 1)
		}
		first := roster(dec1)
		apptest.Contains(t, first, "Truus Janssen", "Deelnemers (1 van 12)")
		apptest.NotContains(t, first, "Henk van den Berg", "Zoë de Vries")
		apptest.Contains(t, roster(dec8), "Truus Janssen", "Zoë de Vries", "Henk van den Berg", "Deelnemers (2 van 12)")

		// His own page and his calendar start on 8 December.
		shifts := henk.Get("/mijn-diensten").Body
		apptest.Contains(t, shifts, "dinsdag 8 december 2026")
		apptest.NotContains(t, shifts, "dinsdag 1 december 2026")
		hu, _ := models.UserByLogin(s.DB, "henk@example.nl")
		p, _, _ := models.VolunteerProfileOf(s.DB, hu.ID)
		feed := s.Client().Get("/diensten/" + p.FeedToken + ".ics").Body
		starts := icalStart.FindAllStringSubmatch(feed, -1)
		if len(starts) == 0 || starts[0][1] != "20261208" {
			t.Errorf("the shifts feed starts on %v, want 20261208:\n%s", starts, feed)
		}

		// Tuesday 8 December, 14:30: the session is under way. Someone who signs up now
		// starts on 15 December; the hours of 8 December are Henk's alone.
		s.Clock.Set(time.Date(2026, 12, 8, 13, 30, 0, 0, time.UTC))
		wim := s.Register("Wim Verhoeven", "wim@example.nl")
		s.Volunteer(wim, []string{"cooking"}, nil)
		if r := wim.Submit(volunteers, fmt.Sprintf("/rollen/%d/aanmelden", role.ID), apptest.Form("session", "every")); r.Status != 303 {
			t.Fatalf("sign-up during a session: %d", r.Status)
		}
		fatma := s.Register("Fatma Demir", "fatma@example.nl")
		fatma.Submit(activity, activity+"/aanmelden", nil)
		wimShifts := wim.Get("/mijn-diensten").Body
		apptest.Contains(t, wimShifts, "dinsdag 15 december 2026")
		apptest.NotContains(t, wimShifts, "dinsdag 8 december 2026")
		hours = lead.Get(fmt.Sprintf("/sessies/%d/uren", dec8.ID)).Body
		apptest.Contains(t, hours, "Henk van den Berg")
		apptest.NotContains(t, hours, "Wim Verhoeven")
		now := roster(dec8)
		apptest.NotContains(t, now, "Wim Verhoeven", "Fatma Demir")
		next := strings.Join(strings.Fields(fatma.Get("/mijn-activiteiten").Body), " ")
		apptest.Contains(t, next, "Volgende keer: <strong>dinsdag 15 december 2026")
	})
}

// buttonForm finds the form whose button says label (a button's text may end in words
// for screen readers), the first one after near in body; it returns the form's action
// and its hidden fields but the CSRF token.
func buttonForm(t *testing.T, body, near, label string) (string, url.Values) {
	t.Helper()
	i := strings.Index(body, near)
	if i < 0 {
		t.Fatalf("the page does not show %q", near)
	}
	m := regexp.MustCompile(`<form method="post" action="([^"]+)"[^>]*>((?:[^<]|<input[^>]*>)*)<button[^>]*>` + regexp.QuoteMeta(label)).FindStringSubmatch(body[i:])
	if m == nil {
		t.Fatalf("no %q button after %q", label, near)
	}
	values := url.Values{}
	for _, f := range regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`).FindAllStringSubmatch(m[2], -1) {
		if f[1] != "_csrf" {
			values.Set(f[1], html.UnescapeString(f[2]))
		}
	}
	return m[1], values
}

// press sends the form with that button as the browser would, hidden fields and all.
func press(t *testing.T, c *apptest.Client, body, near, label string) *apptest.Response {
	t.Helper()
	action, values := buttonForm(t, body, near, label)
	return c.PostWithToken(action, values)
}

// Someone on an activity or a task every time says "Deze keer niet" for one date
// (issue 12): they stay on for the rest; their pages, the roster, the places, the
// staffing and the hours follow; they can take it back, a volunteer only while nobody
// took the place.
func TestSkipOneDate(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		id, lead := s.Activity(coordinator, "Samen koken", "2") // Tuesdays 14:00–16:00 from 1 December
		role := models.VolunteerRole{ActivityID: id, Name: "kok", PerSession: 1}
		if err := models.AddRole(s.DB, &role); err != nil {
			t.Fatal(err)
		}
		activity := fmt.Sprintf("/activiteiten/%d", id)
		volunteers := activity + "/vrijwilligers"
		truus := s.Register("Truus Janssen", "truus@example.nl")
		zoe := s.Register("Zoë de Vries", "zoe@example.nl")
		for _, c := range []*apptest.Client{truus, zoe} {
			c.Submit(activity, activity+"/aanmelden", nil)
		}
		henk := s.Register("Henk van den Berg", "henk@example.nl")
		s.Volunteer(henk, []string{"cooking"}, nil)
		henk.Submit(volunteers, fmt.Sprintf("/rollen/%d/aanmelden", role.ID), apptest.Form("session", "every"))
		dec1, dec8 := sessionOn(t, s, id, "2026-12-01"), sessionOn(t, s, id, "2026-12-08")

		// Zoë: "Deze keer niet" on the activity page, at 1 December.
		page := zoe.Get(activity).Body
		r := press(t, zoe, page, "dinsdag 1 december 2026", "Deze keer niet")
		if r.Status != 303 || r.Location != activity {
			t.Fatalf("skip: %d %q", r.Status, r.Location)
		}
		page = r.Follow(zoe).Body
		apptest.Contains(t, page, "Genoteerd: je komt die keer niet.", "Je doet mee", "Je komt deze keer niet")
		apptest.Contains(t, strings.Join(strings.Fields(zoe.Get("/mijn-activiteiten").Body), " "),
			"Je komt niet op:", "<strong>dinsdag 1 december 2026</strong>")
		var export models.UserExport
		if err := json.Unmarshal([]byte(zoe.Get("/mijn-gegevens/download").Body), &export); err != nil ||
			len(export.Skips) != 1 || export.Skips[0].Date != "2026-12-01" || export.Skips[0].Activity != "Samen koken" {
			t.Errorf("her data download lists the skipped dates %+v (%v)", export.Skips, err)
		}
		programme := s.Client().Get("/?week=2026-W49").Body
		apptest.Contains(t, programme, "Nog 1 plek vrij")
		rosterOf := func(sess models.Session) string {
			return pdfPageText(t, []byte(coordinator.Get(fmt.Sprintf("/coordinator/sessies/%d/rooster.pdf", sess.ID)).Body), 1)
		}
		first := rosterOf(dec1)
		apptest.Contains(t, first, "Truus Janssen", "Deelnemers (1 van 2)")
		apptest.NotContains(t, first, "Zoë de Vries")
		apptest.Contains(t, rosterOf(dec8), "Zoë de Vries", "Deelnemers (2 van 2)")
		if joined, _, _ := models.ParticipantsOf(s.DB, id); len(joined) != 2 {
			t.Errorf("after skipping one date %d take part, want 2", len(joined))
		}

		// Henk: "Deze keer niet" on Mijn diensten, at 1 December.
		shifts := henk.Get("/mijn-diensten").Body
		r = press(t, henk, shifts, "dinsdag 1 december 2026", "Deze keer niet")
		if r.Status != 303 || r.Location != "/mijn-diensten" {
			t.Fatalf("skip a shift: %d %q", r.Status, r.Location)
		}
		shifts = r.Follow(henk).Body
		apptest.Contains(t, shifts, "Een andere vrijwilliger kan je plek nemen.", "Je komt deze keer niet", "Toch wel")
		apptest.Contains(t, coordinator.Get("/coordinator/bezetting").Body, "Samen koken")
		apptest.Contains(t, lead.Get(volunteers).Body, "Henk van den Berg komt deze keer niet")
		hu, _ := models.UserByLogin(s.DB, "henk@example.nl")
		p, _, _ := models.VolunteerProfileOf(s.DB, hu.ID)
		feed := s.Client().Get("/diensten/" + p.FeedToken + ".ics").Body
		dec1Event := feed[strings.Index(feed, "DTSTART;TZID=Europe/Amsterdam:20261201T"):]
		if end := strings.Index(dec1Event, "END:VEVENT"); !strings.Contains(dec1Event[:end], "STATUS:CANCELLED") {
			t.Errorf("the skipped date is not cancelled in the calendar:\n%s", dec1Event[:end])
		}

		// Ayşe takes the free place of 1 December; Henk cannot take his back now.
		ayse := s.Register("Ayşe Yılmaz", "ayse@example.nl")
		s.Volunteer(ayse, []string{"cooking"}, nil)
		r = press(t, ayse, ayse.Get(volunteers).Body, "1 dec", "Ik help")
		apptest.Contains(t, r.Follow(ayse).Body, "Je staat op het rooster.")
		r = press(t, henk, henk.Get("/mijn-diensten").Body, "dinsdag 1 december 2026", "Toch wel")
		apptest.Contains(t, r.Follow(henk).Body, "Er helpt die keer al iemand anders in jouw plaats.", "Je komt deze keer niet")
		s.DB.Where("id = ?", dec1.ID).Take(&dec1)
		planned, _ := models.PlannedForSession(s.DB, &dec1)
		if len(planned) != 1 || planned[0].Name != "Ayşe Yılmaz" {
			t.Errorf("planned for 1 December: %+v, want Ayşe alone", planned)
		}
		// She gives it back (after the question); now he can.
		var ayseShift int64
		s.DB.Table("shifts").Select("id").Where("session_id = ?", dec1.ID).Scan(&ayseShift)
		ayse.Get(fmt.Sprintf("/diensten/%d/afmelden?next=%s", ayseShift, volunteers))
		ayse.PostWithToken(fmt.Sprintf("/diensten/%d/afmelden", ayseShift), apptest.Form("confirm", "yes", "next", volunteers))
		r = press(t, henk, henk.Get("/mijn-diensten").Body, "dinsdag 1 december 2026", "Toch wel")
		apptest.Contains(t, r.Follow(henk).Body, "Fijn, je helpt toch.")
		apptest.Contains(t, lead.Get(fmt.Sprintf("/sessies/%d/uren", dec1.ID)).Body, "Henk van den Berg")

		// Zoë takes hers back too; once the session has begun it can no longer change.
		r = press(t, zoe, zoe.Get("/mijn-activiteiten").Body, "dinsdag 1 december 2026", "Toch wel")
		apptest.Contains(t, r.Follow(zoe).Body, "Fijn, je komt toch.")
		apptest.Contains(t, rosterOf(dec1), "Zoë de Vries", "Deelnemers (2 van 2)")
		page = zoe.Get(activity).Body
		action, _ := buttonForm(t, page, "dinsdag 8 december 2026", "Deze keer niet")
		s.Clock.Set(time.Date(2026, 12, 8, 13, 30, 0, 0, time.UTC)) // 14:30 on 8 December
		zoe.Get(activity)                                           // the button is gone; a form kept open from before would send this
		r = zoe.PostWithToken(action, apptest.Form("next", activity))
		apptest.Contains(t, r.Follow(zoe).Body, "Dat kan niet (meer) voor die datum.")
		apptest.Contains(t, rosterOf(dec8), "Zoë de Vries")
		// Someone else's place cannot be skipped: nothing changes.
		wim := s.Register("Wim Verhoeven", "wim@example.nl")
		wim.Get("/")
		if r := wim.PostWithToken(fmt.Sprintf("/sessies/%d/deze-keer-niet", sessionOn(t, s, id, "2026-12-15").ID), nil); r.Status != 303 {
			t.Errorf("skip without a place: %d", r.Status)
		}
		var skips int64
		s.DB.Table("participation_skips").Count(&skips)
		if skips != 0 {
			t.Errorf("%d skips left, want 0", skips)
		}
	})
}

// Ending "elke keer" ends it from now on: the sessions the volunteer already did stay
// theirs, on the roster and under "Uren bevestigen", so the lead can still confirm
// those hours; the coming sessions lose them. The same when they stop volunteering.
func TestEndingEveryTimeKeepsTheSessionsHeld(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		id, lead := s.Activity(coordinator, "Samen koken", "12") // Tuesdays 14:00–16:00 from 1 December
		role := models.VolunteerRole{ActivityID: id, Name: "kok", PerSession: 2}
		if err := models.AddRole(s.DB, &role); err != nil {
			t.Fatal(err)
		}
		activity := fmt.Sprintf("/activiteiten/%d", id)
		volunteers := activity + "/vrijwilligers"
		henk := s.Register("Henk van den Berg", "henk@example.nl")
		wim := s.Register("Wim Verhoeven", "wim@example.nl")
		for _, c := range []*apptest.Client{henk, wim} {
			s.Volunteer(c, []string{"cooking"}, nil)
			if r := c.Submit(volunteers, fmt.Sprintf("/rollen/%d/aanmelden", role.ID), apptest.Form("session", "every")); r.Status != 303 {
				t.Fatalf("every-time sign-up: %d", r.Status)
			}
		}
		lead.Get(activity + "/deelnemers") // makes the coming sessions
		dec1, dec8, dec15 := sessionOn(t, s, id, "2026-12-01"), sessionOn(t, s, id, "2026-12-08"), sessionOn(t, s, id, "2026-12-15")

		// Wednesday 9 December: Henk ends "elke keer" from the task's page; Wim stops
		// volunteering altogether on Mijn vrijwilligerswerk.
		s.Clock.Set(time.Date(2026, 12, 9, 9, 0, 0, 0, time.UTC))
		page := henk.Get(volunteers).Body
		link := regexp.MustCompile(`href="(/diensten/\d+/afmelden\?next=[^"]+)">Niet meer elke keer`).FindStringSubmatch(page)
		if link == nil {
			t.Fatalf("no link to end every time on the task's page:\n%s", page)
		}
		question := henk.Get(html.UnescapeString(link[1]))
		if r := press(t, henk, question.Body, "Afmelden als", "Ja, niet meer elke keer"); r.Status != 303 {
			t.Fatalf("ending every time: %d", r.Status)
		}
		if r := press(t, wim, wim.Get("/vrijwilliger").Body, "Stoppen als vrijwilliger", "Ik stop als vrijwilliger"); r.Status != 303 {
			t.Fatalf("stop volunteering: %d", r.Status)
		}

		for _, held := range []models.Session{dec1, dec8} {
			hours := lead.Get(fmt.Sprintf("/sessies/%d/uren", held.ID)).Body
			apptest.Contains(t, hours, "Henk van den Berg", "Wim Verhoeven")
			roster := pdfPageText(t, []byte(coordinator.Get(fmt.Sprintf("/coordinator/sessies/%d/rooster.pdf", held.ID)).Body), 1)
			apptest.Contains(t, roster, "Henk van den Berg", "Wim Verhoeven")
		}
		next := pdfPageText(t, []byte(coordinator.Get(fmt.Sprintf("/coordinator/sessies/%d/rooster.pdf", dec15.ID)).Body), 1)
		apptest.NotContains(t, next, "Henk van den Berg", "Wim Verhoeven")
		apptest.NotContains(t, henk.Get("/mijn-diensten").Body, "dinsdag 15 december 2026")
	})
}
