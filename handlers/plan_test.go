package handlers_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"onshuis/app/apptest"
	"onshuis/models"
)

// The coordinator moves a weekly activity from Tuesday to Wednesday with more places:
// the sessions to come follow, a Tuesday a volunteer signed up for stays as cancelled,
// the waiting list moves up, and a session that has begun keeps its times.
func TestChangePlan(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		id, lead := s.Activity(coordinator, "Kaartclub", "2") // Tuesdays 14:00–16:00 from 1 December
		page := fmt.Sprintf("/activiteiten/%d", id)
		for i := 1; i <= 4; i++ {
			p := s.Register(fmt.Sprintf("Speler %d", i), fmt.Sprintf("speler%d@example.nl", i))
			if r := p.Submit(page, page+"/aanmelden", nil); r.Status != 303 {
				t.Fatalf("join %d: %d", i, r.Status)
			}
		}
		coordinator.Get("/?week=2026-W50") // makes the sessions of 1 and 8 December
		var dec1, dec8 models.Session
		s.DB.Where("activity_id = ? AND date = ?", id, "2026-12-01").Take(&dec1)
		s.DB.Where("activity_id = ? AND date = ?", id, "2026-12-08").Take(&dec8)
		if dec1.ID == 0 || dec8.ID == 0 {
			t.Fatalf("sessions of 1 and 8 December not made: %+v %+v", dec1, dec8)
		}
		role := models.VolunteerRole{ActivityID: id, Name: "koffie", PerSession: 1}
		if err := models.AddRole(s.DB, &role); err != nil {
			t.Fatal(err)
		}
		henk := s.Register("Henk van den Berg", "henk@example.nl")
		s.Volunteer(henk, []string{"hosting"}, nil)
		roles := page + "/vrijwilligers"
		if r := henk.Submit(roles, fmt.Sprintf("/rollen/%d/aanmelden", role.ID), apptest.Form("session", fmt.Sprint(dec8.ID))); r.Status != 303 {
			t.Fatalf("shift on 8 December: %d", r.Status)
		}

		// The form shows the plan as it is.
		plan := fmt.Sprintf("/coordinator/activiteiten/%d/rooster", id)
		apptest.Contains(t, coordinator.Get(page+"/deelnemers").Body, `href="`+plan+`"`, "Rooster, ruimte of plaatsen wijzigen")
		form := coordinator.Get(plan)
		if form.Status != 200 {
			t.Fatalf("plan form: %d", form.Status)
		}
		apptest.Contains(t, form.Body, "Rooster, ruimte en plaatsen van Kaartclub", `name="capacity" type="text" value="2"`,
			`value="14:00"`, `value="16:00"`, `value="2026-12-01"`, `id="wd-2" name="weekdays" value="2" checked`)

		var roomID int64
		s.DB.Table("rooms").Select("MIN(id)").Scan(&roomID)
		wednesday := func(extra ...string) url.Values {
			f := apptest.Form("room_id", fmt.Sprint(roomID), "capacity", "3", "recurrence", "weekly", "weekdays", "3",
				"start_time", "15:00", "end_time", "17:00", "first_date", "2026-12-01")
			for i := 0; i+1 < len(extra); i += 2 {
				f.Set(extra[i], extra[i+1])
			}
			return f
		}

		// Wrong input comes back with the message next to the field and the input kept.
		r := coordinator.Submit(plan, plan, wednesday("end_time", "13:00", "capacity", "drie"))
		if r.Status != 422 {
			t.Fatalf("end before start: got %d", r.Status)
		}
		apptest.Contains(t, r.Body, "Er is iets niet goed ingevuld.", `value="13:00"`, `value="drie"`)
		// A room that another activity uses at that time is refused, naming it.
		s.Activity(coordinator, "Taalcafe", "8", "weekdays", "3", "start_time", "16:00", "end_time", "18:00")
		r = coordinator.Submit(plan, plan, wednesday())
		if r.Status != 422 {
			t.Fatalf("room taken: got %d", r.Status)
		}
		apptest.Contains(t, r.Body, "al bezet door „Taalcafe”", `value="15:00"`)
		if a, _ := models.ActivityByID(s.DB, id); a.Weekdays != models.WeekdayBit(time.Tuesday) || a.Capacity != 2 {
			t.Errorf("a refused change was stored: %+v", a)
		}

		// Wednesday 14:00–16:00 with 3 places.
		r = coordinator.Submit(plan, plan, wednesday("start_time", "14:00", "end_time", "16:00"))
		if r.Status != 303 || r.Location != page+"/deelnemers" {
			t.Fatalf("change plan: got %d %q\n%s", r.Status, r.Location, r.Body)
		}
		apptest.Contains(t, r.Follow(coordinator).Body, "Het rooster is opgeslagen. Sommige keren met vrijwilligers vervallen")
		if err := s.DB.Where("id = ?", dec1.ID).Take(&dec1).Error; err == nil {
			t.Errorf("the unused session of Tuesday 1 December is still there: %+v", dec1)
		}
		s.DB.Where("id = ?", dec8.ID).Take(&dec8)
		if !dec8.Cancelled || dec8.CancelNote != models.PlanChangedNote {
			t.Errorf("Tuesday 8 December, with a volunteer on it: %+v", dec8)
		}
		week49 := s.Client().Get("/?week=2026-W49").Body
		apptest.Contains(t, week49, "Kaartclub", "woensdag", "14:00–16:00")
		var dec2 models.Session
		s.DB.Where("activity_id = ? AND date = ?", id, "2026-12-02").Take(&dec2)
		if want := time.Date(2026, 12, 2, 13, 0, 0, 0, time.UTC); !dec2.StartsAt.Equal(want) {
			t.Errorf("Wednesday 2 December starts at %v, want %v (14:00 in Amsterdam)", dec2.StartsAt, want)
		}
		joined, waiting, _ := models.ParticipantsOf(s.DB, id)
		if len(joined) != 3 || len(waiting) != 1 || joined[2].Name != "Speler 3" {
			t.Errorf("after 3 places: joined %+v, waiting %+v", joined, waiting)
		}

		// During Wednesday's session the times change: that session keeps its own, the
		// next ones move; fewer places take nobody's place away.
		s.Clock.Set(time.Date(2026, 12, 2, 14, 30, 0, 0, time.UTC))
		coordinator.Get("/?week=2026-W50")
		r = coordinator.Submit(plan, plan, wednesday("start_time", "10:00", "end_time", "12:00", "capacity", "1"))
		if r.Status != 303 {
			t.Fatalf("change times: got %d\n%s", r.Status, r.Body)
		}
		apptest.Contains(t, r.Follow(coordinator).Body, "Het rooster is opgeslagen.")
		var again, dec9 models.Session
		s.DB.Where("id = ?", dec2.ID).Take(&again)
		s.DB.Where("activity_id = ? AND date = ?", id, "2026-12-09").Take(&dec9)
		if !again.StartsAt.Equal(dec2.StartsAt) {
			t.Errorf("the session under way moved to %v", again.StartsAt)
		}
		if want := time.Date(2026, 12, 9, 9, 0, 0, 0, time.UTC); !dec9.StartsAt.Equal(want) {
			t.Errorf("Wednesday 9 December starts at %v, want %v", dec9.StartsAt, want)
		}
		if joined, _, _ := models.ParticipantsOf(s.DB, id); len(joined) != 3 {
			t.Errorf("fewer places took places away: %d joined", len(joined))
		}

		// Only coordinators, and only for a published activity.
		resident := s.Register("Piet Jansen", "piet@example.nl")
		for who, c := range map[string]*apptest.Client{"lead": lead, "resident": resident} {
			if r := c.Get(plan); r.Status != 403 {
				t.Errorf("%s opens the plan form: %d", who, r.Status)
			}
			c.Get("/")
			if r := c.PostWithToken(plan, wednesday()); r.Status != 403 {
				t.Errorf("%s changes the plan: %d", who, r.Status)
			}
		}
		if r := s.Client().Get(plan); r.Status != 303 || !strings.HasPrefix(r.Location, "/inloggen") {
			t.Errorf("anonymous: got %d %q", r.Status, r.Location)
		}
		draft := s.Propose(resident, "Klaverjassen")
		if r := coordinator.Get(fmt.Sprintf("/coordinator/activiteiten/%d/rooster", draft)); r.Status != 404 {
			t.Errorf("plan form of a proposal: %d", r.Status)
		}
		// Sending one is a 404 too, with mistakes or without: a proposal has no plan yet.
		coordinator.Get("/")
		for _, f := range []url.Values{wednesday(), wednesday("capacity", "veel")} {
			if r := coordinator.PostWithToken(fmt.Sprintf("/coordinator/activiteiten/%d/rooster", draft), f); r.Status != 404 {
				t.Errorf("plan of a proposal sent (capacity %q): got %d, want 404", f.Get("capacity"), r.Status)
			}
		}
	})
}

// The coordinator corrects a published activity's name, answers and themes; mistakes
// come back next to the field with the input kept; only coordinators, only published.
func TestChangeText(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		id, lead := s.Activity(coordinator, "Kaartclbu", "8")
		page := fmt.Sprintf("/coordinator/activiteiten/%d/tekst", id)
		apptest.Contains(t, coordinator.Get(fmt.Sprintf("/activiteiten/%d/deelnemers", id)).Body, `href="`+page+`"`)
		form := coordinator.Get(page)
		if form.Status != 200 {
			t.Fatalf("text form: %d", form.Status)
		}
		apptest.Contains(t, form.Body, "Tekst van Kaartclbu", `value="Kaartclbu"`)

		r := coordinator.Submit(page, page, apptest.Form("title", "", "want", "Kaarten met de buren.", "can", "Ik deel.", "themes", "meeting"))
		if r.Status != 422 {
			t.Fatalf("empty title: %d", r.Status)
		}
		apptest.Contains(t, r.Body, "Vul dit in.", "Kaarten met de buren.", `id="theme-meeting" name="themes" value="meeting" checked`)

		r = coordinator.Submit(page, page, apptest.Form("title", "Kaartclub", "want", "Kaarten met de buren.", "can", "Ik deel.", "themes", "meeting", "themes", "bogus"))
		if r.Status != 303 || r.Location != fmt.Sprintf("/activiteiten/%d", id) {
			t.Fatalf("change text: %d %q", r.Status, r.Location)
		}
		apptest.Contains(t, r.Follow(coordinator).Body, "De tekst is aangepast.", "Kaartclub", "Kaarten met de buren.")
		a, _ := models.ActivityByID(s.DB, id)
		if a.Title != "Kaartclub" || a.Themes != "meeting" || a.Capacity != 8 {
			t.Errorf("stored: %+v", a)
		}

		if r := lead.Get(page); r.Status != 403 {
			t.Errorf("lead opens the text form: %d", r.Status)
		}
		draft := s.Propose(lead, "Klaverjassen")
		if r := coordinator.Get(fmt.Sprintf("/coordinator/activiteiten/%d/tekst", draft)); r.Status != 404 {
			t.Errorf("text form of a proposal: %d", r.Status)
		}
	})
}
