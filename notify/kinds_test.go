package notify_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"onshuis/app/apptest"
	"onshuis/models"
)

// subjects lists who got which subject, sorted, since the last call.
type inbox struct {
	ms   *apptest.MailServer
	seen int
}

func (b *inbox) next() []string {
	got := b.ms.Received()[b.seen:]
	b.seen += len(got)
	var out []string
	for _, m := range got {
		out = append(out, strings.Join(m.To, ",")+": "+m.Subject())
	}
	sort.Strings(out)
	return out
}

func expect(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n got %q\nwant %q", what, got, want)
	}
}

// Each kind goes once to the people it concerns, in each one's language: the decision
// to the proposer, the cancellation to participants and volunteers (not to one who
// said "Deze keer niet", not to others), the schedule change, the reminder the day
// before (volunteers by default, participants who asked), the monthly hours, and the
// digest to the coordinator who asked for it. A second round of the housekeeping
// queues nothing again.
func TestEachKindOnceToTheRightPeople(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		ms := apptest.StartMailServer(t)
		s := apptest.Fresh(t, db, withMail(ms))
		box := &inbox{ms: ms}
		coordinator := s.Setup()
		lead := s.Register("Leo Leider", "leo@example.nl")
		lead.Submit("/", "/taal", apptest.Form("lang", "en", "next", "/"))
		id := s.Propose(lead, "Taalles Nederlands")
		if r := s.Approve(coordinator, id, "10"); r.Status != 303 {
			t.Fatalf("approve: %d", r.Status)
		}
		send(t, s)
		expect(t, "decision", box.next(), "leo@example.nl: Your proposal Taalles Nederlands is approved")
		declined := s.Propose(lead, "Nachtclub")
		coordinator.Submit(fmt.Sprintf("/coordinator/voorstellen/%d", declined), fmt.Sprintf("/coordinator/voorstellen/%d/besluit", declined),
			apptest.Form("lowers_threshold", "no", "more_collective", "no", "healthier", "no", "decision", "decline", "message", "Het buurthuis is 's nachts dicht."))
		send(t, s)
		got := ms.Received()[box.seen:]
		expect(t, "decline", box.next(), "leo@example.nl: Your proposal Nachtclub will not go ahead")
		if len(got) == 1 {
			apptest.Contains(t, got[0].Part("text/plain"), "The coordinator writes: Het buurthuis is 's nachts dicht.")
			if got[0].Part("text/calendar") != "" {
				t.Error("a decision carries a calendar entry")
			}
		}

		page := fmt.Sprintf("/activiteiten/%d", id)
		anna := s.Register("Anna de Vries", "anna@example.nl")
		bert := s.Register("Bert Bakker", "bert@example.nl")
		other := s.Register("Olga Overig", "olga@example.nl")
		_ = other
		anna.Submit(page, page+"/aanmelden", nil)
		bert.Submit(page, page+"/aanmelden", nil)
		// Anna asks for reminders; Henk volunteers every time (reminders on by default).
		anna.Submit("/mijn-gegevens", "/mijn-gegevens/berichten", apptest.Form("kind_promoted", "on", "kind_cancelled", "on", "kind_moved", "on", "kind_reminder", "on"))
		role := models.VolunteerRole{ActivityID: id, Name: "taalmaatje", PerSession: 2}
		if err := models.AddRole(s.DB, &role); err != nil {
			t.Fatal(err)
		}
		henk := s.Register("Henk van den Berg", "henk@example.nl")
		s.Volunteer(henk, []string{"teaching"}, nil)
		henk.Submit(page+"/vrijwilligers", fmt.Sprintf("/rollen/%d/aanmelden", role.ID), apptest.Form("session", "every"))
		// The coordinator asks for the daily digest.
		coordinator.Submit("/mijn-gegevens", "/mijn-gegevens/berichten", apptest.Form("kind_promoted", "on", "kind_digest", "on"))

		s.Propose(anna, "Breiclub") // waits for review: the digest has news
		send(t, s)
		box.next()
		// Reminders: the day before 1 December, after 10:00.
		s.Clock.Set(time.Date(2026, 11, 30, 10, 30, 0, 0, time.UTC))
		if _, err := s.Rounds.Run(); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.Rounds.Run(); n != 0 {
			t.Errorf("a second round queued %d", n)
		}
		send(t, s)
		expect(t, "reminders and digest", box.next(),
			"anna@example.nl: Morgen: Taalles Nederlands om 14:00",
			"henk@example.nl: Morgen: Taalles Nederlands om 14:00",
			"carla@example.nl: Vandaag bij Ons Huis van de Wijk: nieuwe voorstellen en hulpvragen")

		// Bert skips 8 December; then that session is called off.
		var dec8 models.Session
		s.DB.Where("activity_id = ? AND date = ?", id, "2026-12-08").Take(&dec8)
		bert.Get(page)
		bert.PostWithToken(fmt.Sprintf("/sessies/%d/deze-keer-niet", dec8.ID), nil)
		s.DB.Exec("UPDATE users SET language = 'en' WHERE email = 'henk@example.nl'")
		coordinator.Get(page + "/deelnemers")
		if r := coordinator.PostWithToken(fmt.Sprintf("/sessies/%d/annuleren", dec8.ID), apptest.Form("note", "de docent is ziek")); r.Status != 303 {
			t.Fatalf("cancel: %d", r.Status)
		}
		// Calling it off again (a second save) tells nobody twice.
		coordinator.PostWithToken(fmt.Sprintf("/sessies/%d/annuleren", dec8.ID), apptest.Form("note", "de docent is ziek"))
		send(t, s)
		got = ms.Received()[box.seen:]
		expect(t, "cancellation", box.next(),
			"anna@example.nl: Taalles Nederlands van dinsdag 8 december gaat niet door",
			"henk@example.nl: Taalles Nederlands on Tuesday 8 December is called off")
		for _, m := range got {
			apptest.Contains(t, m.Part("text/calendar"), "STATUS:CANCELLED")
		}

		// A schedule change: everyone taking part or volunteering.
		var room int64
		s.DB.Table("rooms").Select("MIN(id)").Scan(&room)
		plan := fmt.Sprintf("/coordinator/activiteiten/%d/rooster", id)
		if r := coordinator.Submit(plan, plan, apptest.Form("room_id", fmt.Sprint(room), "capacity", "10", "recurrence", "weekly", "weekdays", "2", "start_time", "15:00", "end_time", "17:00", "first_date", "2026-12-01")); r.Status != 303 {
			t.Fatalf("change the plan: %d\n%s", r.Status, r.Body)
		}
		send(t, s)
		expect(t, "schedule change", box.next(),
			"anna@example.nl: Taalles Nederlands heeft nieuwe tijden",
			"bert@example.nl: Taalles Nederlands heeft nieuwe tijden",
			"henk@example.nl: Taalles Nederlands has new times")

		// The monthly hours: Henk's confirmed hours of December, on 1 January.
		var dec1 models.Session
		s.DB.Where("activity_id = ? AND date = ?", id, "2026-12-01").Take(&dec1)
		s.Clock.Set(time.Date(2026, 12, 1, 18, 0, 0, 0, time.UTC))
		hk := fmt.Sprint(userID(s, "henk@example.nl"))
		lead.Get(fmt.Sprintf("/sessies/%d/uren", dec1.ID))
		if r := lead.PostWithToken(fmt.Sprintf("/sessies/%d/uren", dec1.ID), apptest.Form("present_"+hk, "on", "hours_"+hk, "2,5")); r.Status != 303 {
			t.Fatalf("confirm hours: %d %s", r.Status, r.Body)
		}
		s.Clock.Set(time.Date(2027, 1, 1, 9, 30, 0, 0, time.UTC))
		s.Rounds.Run()
		s.Rounds.Run()
		send(t, s)
		got = ms.Received()[box.seen:]
		all := box.next()
		var hours []string
		for _, g := range all {
			if strings.Contains(g, "hours") || strings.Contains(g, "uren") {
				hours = append(hours, g)
			}
		}
		expect(t, "monthly hours", hours, "henk@example.nl: Your volunteer hours in December 2026")
		for _, m := range got {
			if strings.Contains(m.Subject(), "hours") {
				apptest.Contains(t, m.Part("text/plain"), "2,5")
			}
		}
	})
}

func userID(s *apptest.Server, email string) int64 {
	var id int64
	s.DB.Table("users").Select("id").Where("email = ?", email).Scan(&id)
	return id
}
