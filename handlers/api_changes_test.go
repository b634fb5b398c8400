package handlers_test

import (
	"fmt"
	"testing"

	"onshuis/app/apptest"
	"onshuis/models"
)

// Every change a person makes that alters what the public programme shows gives its
// answers a new ETag, so no reader keeps a stale copy: sign-ups, leaving (and the
// place passed on), "Deze keer niet" and taking it back, calling a session off and
// back on, the coordinator's corrections of text, plan, status and rooms, needs
// offered and arranged, an account deleted, a proposal approved, an activity ended.
// A check-in at the door, which the programme does not show, changes nothing.
func TestPublicETagFollowsEveryChange(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		p := newPublicCentre(t, db)
		anon := p.s.Client()
		watched := []string{
			"/api/v1/centres/" + p.slug + "/sessions?from=2026-11-30&to=2027-01-10",
			"/api/v1/centres/" + p.slug + "/activities",
			fmt.Sprintf("/api/v1/activities/%d", p.taalcafe),
			"/api/v1/centres",
			"/embed/" + p.slug + "?week=2026-W52",
			"/centra/" + p.slug + "/nieuw.atom",
		}
		etags := func() map[string]string {
			out := map[string]string{}
			for _, path := range watched {
				out[path] = anon.Get(path).Header.Get("ETag")
			}
			return out
		}
		current := etags()
		ok := func(step string, r *apptest.Response) {
			t.Helper()
			if r.Status != 303 {
				t.Fatalf("%s: got %d, want 303\n%s", step, r.Status, r.Body)
			}
		}
		changed := func(step string, r *apptest.Response) {
			t.Helper()
			ok(step, r)
			next := etags()
			for _, path := range watched {
				if next[path] == current[path] {
					t.Errorf("%s: GET %s keeps its ETag", step, path)
				}
			}
			current = next
		}
		activity := fmt.Sprintf("/activiteiten/%d", p.taalcafe)
		session := func(date string) int64 {
			var s models.Session
			p.s.DB.Where("activity_id = ? AND date = ?", p.taalcafe, date).Take(&s)
			return s.ID
		}

		code := doorCode(t, p.s)
		visitor := p.s.Client()
		ok("check in at the door", visitor.Submit("/checkin/"+code, "/checkin/"+code, nil))
		if next := etags(); fmt.Sprint(next) != fmt.Sprint(current) {
			t.Errorf("a check-in changed the ETags of the public programme: %v → %v", current, next)
		}

		zoe := p.s.Register("Zoë de Vries", "zoe@example.nl")
		changed("join the waiting list", zoe.Submit(activity, activity+"/aanmelden", nil))
		changed("leave: Noor gets the place", p.wim.Submit(activity+"/afmelden", activity+"/afmelden", apptest.Form("confirm", "yes")))
		skip := fmt.Sprintf("/sessies/%d/", session("2026-12-24"))
		changed("say 'Deze keer niet'", p.fatma.Submit(activity, skip+"deze-keer-niet", apptest.Form("next", activity)))
		changed("take it back", p.fatma.Submit(activity, skip+"toch-wel", apptest.Form("next", activity)))
		off := fmt.Sprintf("/sessies/%d/annuleren", session("2026-12-31"))
		changed("call a session off", p.lead.Submit(activity+"/deelnemers", off, apptest.Form("note", "Oudjaar")))
		changed("call it on again", p.lead.Submit(activity+"/deelnemers", off, apptest.Form("restore", "1")))
		text := fmt.Sprintf("/coordinator/activiteiten/%d/tekst", p.taalcafe)
		changed("correct the text", p.coordinator.Submit(text, text, apptest.Form("title", "Taalcafé Ruwaard", "want", "Samen Nederlands praten.", "can", "Ik zet koffie.", "themes", "language")))
		var room models.Room
		p.s.DB.Take(&room)
		plan := fmt.Sprintf("/coordinator/activiteiten/%d/rooster", p.taalcafe)
		changed("change the plan", p.coordinator.Submit(plan, plan, apptest.Form("room_id", fmt.Sprint(room.ID), "capacity", "4", "recurrence", "weekly",
			"weekdays", "4", "start_time", "10:00", "end_time", "12:30", "first_date", "2026-12-03")))
		status := fmt.Sprintf("/coordinator/activiteiten/%d/status", p.taalcafe)
		changed("pause", p.coordinator.Submit(activity+"/deelnemers", status, apptest.Form("status", "paused")))
		changed("resume", p.coordinator.Submit(activity+"/deelnemers", status, apptest.Form("status", "approved")))
		changed("rename the room", p.coordinator.Submit("/coordinator/ruimtes", fmt.Sprintf("/coordinator/ruimtes/%d", room.ID), apptest.Form("name", "grote zaal", "capacity", "40")))
		var need models.Need
		p.s.DB.Where("activity_id = ?", p.taalcafe).Take(&need)
		board := fmt.Sprintf("/hulp-gezocht/activity/%d/", need.ID)
		changed("offer to arrange a need", p.coordinator.Submit("/hulp-gezocht", board+"aanbieden", nil))
		changed("arrange it", p.coordinator.Submit("/hulp-gezocht", board+"geregeld", nil))
		changed("delete an account", p.ayse.Submit("/mijn-gegevens", "/mijn-gegevens/verwijderen", apptest.Form("confirm", "on", "password", apptest.Password)))
		changed("approve a proposal", p.s.Approve(p.coordinator, p.proposal, "6", "weekdays", "5", "start_time", "17:00", "end_time", "19:00"))
		changed("end an activity", p.coordinator.Submit(activity+"/deelnemers", status, apptest.Form("status", "ended")))
	})
}
