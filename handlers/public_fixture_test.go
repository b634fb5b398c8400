package handlers_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"onshuis/app"
	"onshuis/app/apptest"
	"onshuis/format"
	"onshuis/models"
)

// publicCentre is a centre with everything the public programme shows (sign-ups from
// before and during a session, a waiting list, "Deze keer niet", a session called off
// with a note, needs, a walk-in activity, a proposal still under review) and people
// whose names, addresses and phone numbers must never reach the API, the embeds or
// the feed.
type publicCentre struct {
	s                          *apptest.Server
	coordinator, lead          *apptest.Client
	ayse, wim, fatma, noor     *apptest.Client
	taalcafe, koffie, proposal int64 // activity ids
	slug                       string
	// sessions of the Taalcafé (Thursdays 10:00–12:00 from 3 December, three places)
	first, cancelled, skipped, full models.Session
	personal                        []string // what the public programme must never show
}

func newPublicCentre(t *testing.T, db apptest.Database, options ...func(*app.Config)) *publicCentre {
	t.Helper()
	s := apptest.Fresh(t, db, options...)
	p := &publicCentre{s: s, coordinator: s.Setup()}
	ok := func(step string, r *apptest.Response) {
		t.Helper()
		if r.Status != 303 {
			t.Fatalf("%s: got %d, want 303\n%s", step, r.Status, r.Body)
		}
	}
	p.lead = s.Register("Henk van den Berg", "henk@example.nl")
	p.taalcafe = s.Propose(p.lead, "Taalcafé", "themes", "language", "need_kind_0", "materials", "need_description_0", "Woordenboeken", "need_amount_0", "25")
	ok("approve the Taalcafé", s.Approve(p.coordinator, p.taalcafe, "3", "weekdays", "4", "start_time", "10:00", "end_time", "12:00", "first_date", "2026-12-03"))
	truus := s.Register("Truus Janssen", "truus@example.nl")
	p.koffie = s.Propose(truus, "Koffie-inloop")
	ok("approve the Koffie-inloop", s.Approve(p.coordinator, p.koffie, "0", "start_time", "13:00", "end_time", "14:00"))
	centre, _ := models.DefaultCentre(s.DB)
	p.slug = centre.Slug

	p.ayse = s.Register("Ayşe Yılmaz", "ayse@example.nl")
	ok("add a phone number", p.ayse.Submit("/mijn-gegevens", "/mijn-gegevens", apptest.Form("name", "Ayşe Yılmaz", "email", "ayse@example.nl", "phone", "06 12345678")))
	p.wim = s.Register("Wim Verhoeven", "wim@example.nl")
	p.fatma = s.Register("Fatma Demir", "fatma@example.nl")
	p.noor = s.Register("Noor Bakker", "noor@example.nl")
	activity := fmt.Sprintf("/activiteiten/%d", p.taalcafe)
	for _, c := range []*apptest.Client{p.ayse, p.wim} {
		ok("join before the first session", c.Submit(activity, activity+"/aanmelden", nil))
	}
	p.lead.Get(activity + "/deelnemers") // makes the coming sessions
	session := func(date string) models.Session {
		var sess models.Session
		if err := s.DB.Where("activity_id = ? AND date = ?", p.taalcafe, date).Take(&sess).Error; err != nil {
			t.Fatalf("session of %s: %v", date, err)
		}
		return sess
	}
	p.first, p.cancelled, p.skipped, p.full = session("2026-12-03"), session("2026-12-10"), session("2026-12-17"), session("2026-12-24")
	ok("call a session off", p.lead.Submit(activity+"/deelnemers", fmt.Sprintf("/sessies/%d/annuleren", p.cancelled.ID),
		apptest.Form("note", "Sinterklaas in de grote zaal", "private_note", "Henk is ziek")))
	ok("skip one date", p.ayse.Submit(activity, fmt.Sprintf("/sessies/%d/deze-keer-niet", p.skipped.ID), apptest.Form("next", activity)))

	// Half-way through the first session Fatma signs up: her place counts from the next
	// session on; Noor then waits for a place.
	s.Clock.Set(time.Date(2026, 12, 3, 9, 30, 0, 0, time.UTC))
	ok("join during the first session", p.fatma.Submit(activity, activity+"/aanmelden", nil))
	ok("join the waiting list", p.noor.Submit(activity, activity+"/aanmelden", nil))

	p.proposal = s.Propose(p.fatma, "Samen koken", "need_kind_0", "volunteers", "need_description_0", "kok", "need_volunteers_0", "2")
	lukasz := s.Register("Łukasz Wójcik", "lukasz@example.nl")
	s.Volunteer(lukasz, []string{"hosting"}, nil)
	role := models.VolunteerRole{ActivityID: p.taalcafe, Name: "gastheer", PerSession: 2}
	if err := models.AddRole(s.DB, &role); err != nil {
		t.Fatal(err)
	}
	ok("take a task every time", lukasz.Submit(activity+"/vrijwilligers", fmt.Sprintf("/rollen/%d/aanmelden", role.ID), apptest.Form("session", "every")))

	var users []models.User
	s.DB.Find(&users)
	for _, u := range users {
		p.personal = append(p.personal, personalData(u)...)
	}
	p.personal = append(p.personal, "Henk is ziek") // the lead's private note
	return p
}

// personalData is what identifies a person: the name and its first and last words, the
// e-mail address, the phone number as stored and as written.
func personalData(u models.User) []string {
	out := []string{u.Name, u.FirstName()}
	if words := strings.Fields(u.Name); len(words) > 1 {
		out = append(out, words[len(words)-1])
	}
	if u.Email != nil {
		out = append(out, *u.Email)
	}
	if u.Phone != nil {
		out = append(out, *u.Phone, format.Phone(*u.Phone), "612345678")
	}
	return out
}
