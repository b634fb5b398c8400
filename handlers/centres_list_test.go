package handlers_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"onshuis/app/apptest"
	"onshuis/models"
)

// twoCentres sets up the default centre (A, coordinated by the returned Carla) and
// Schadewijk (B, coordinated by Bram, with a room and one published weekly activity
// "Fietsreparatie"), and a closed third centre. The clock is on Wednesday 2 December.
func twoCentres(t *testing.T, s *apptest.Server) (carla, bram *apptest.Client, centreB models.Centre) {
	t.Helper()
	carla = s.Setup()
	centreB = models.Centre{Name: "Huis van de Wijk Schadewijk", Slug: "schadewijk", Address: "Kruisstraat 1, Oss",
		TimeZone: models.DefaultTimeZone, DoorCode: models.NewDoorCode()}
	if err := s.DB.Create(&centreB).Error; err != nil {
		t.Fatal(err)
	}
	closed := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	if err := s.DB.Create(&models.Centre{Name: "Huis van de Wijk Gesloten", Slug: "gesloten", TimeZone: models.DefaultTimeZone,
		DoorCode: models.NewDoorCode(), ClosedAt: &closed}).Error; err != nil {
		t.Fatal(err)
	}
	roomB := models.Room{CentreID: centreB.ID, Name: "fietsenwerkplaats", Capacity: 12}
	if err := models.SaveRoom(s.DB, &roomB); err != nil {
		t.Fatal(err)
	}
	s.Register("Bram Bakker", "bram@example.nl")
	bramUser, _ := models.UserByLogin(s.DB, "bram@example.nl")
	if err := models.SetCentreCoordinators(s.DB, centreB.ID, []int64{bramUser.ID}); err != nil {
		t.Fatal(err)
	}
	bram = s.Login("bram@example.nl")
	activityB := s.Propose(bram, "Fietsreparatie")
	if r := s.Approve(bram, activityB, "10", "room_id", fmt.Sprint(roomB.ID)); r.Status != 303 {
		t.Fatalf("approving at B: %d\n%s", r.Status, r.Body)
	}
	s.Clock.Set(time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC))
	return carla, bram, centreB
}

// /centra lists the open centres with their address and this week's number of
// activities; a visitor reaches it from the programme and goes on to a centre's own.
func TestCentresList(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		twoCentres(t, s)
		anon := s.Client()
		home := anon.Get("/")
		apptest.Contains(t, home.Body, `<a href="/centra">Andere huizen van de wijk</a>`, `<a href="/centra">Alle huizen van de wijk</a>`)
		r := anon.Get("/centra")
		if r.Status != 200 {
			t.Fatalf("/centra: %d", r.Status)
		}
		apptest.Contains(t, r.Body, "<h1>Alle huizen van de wijk</h1>", `<a href="/centra/ons-huis-van-de-wijk">Ons Huis van de Wijk</a>`,
			"Deze week 0 activiteiten", `<a href="/centra/schadewijk">Huis van de Wijk Schadewijk</a>`, "Kruisstraat 1, Oss", "Deze week 1 activiteit<")
		apptest.NotContains(t, r.Body, "Gesloten")
		apptest.Contains(t, anon.Get("/centra/schadewijk").Body, "Fietsreparatie")
	})
}

// /centra's count of this week's activities is what each centre's programme page shows
// for the week: an activity with a cancelled session counts (it is still on the
// programme), one whose only session this week moved to another week does not, nor
// one that meets next week only.
func TestCentresListCountsWhatTheProgrammeShows(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		carla, _, _ := twoCentres(t, s)
		centre, _ := models.DefaultCentre(s.DB)
		room := models.Room{CentreID: centre.ID, Name: "huiskamer", Capacity: 40}
		must(t, models.SaveRoom(s.DB, &room))
		hour := 9
		at := func() []string { // each its own hour, so no two share the room at once
			hour++
			return []string{"room_id", fmt.Sprint(room.ID), "start_time", fmt.Sprintf("%02d:00", hour), "end_time", fmt.Sprintf("%02d:30", hour)}
		}
		weekly := func(title string) int64 {
			id := s.Propose(carla, title)
			if r := s.Approve(carla, id, "10", append(at(), "weekdays", "4")...); r.Status != 303 { // Thursdays, from 1 December
				t.Fatalf("approving %s: %d\n%s", title, r.Status, r.Body)
			}
			return id
		}
		once := func(title, date string) int64 {
			id := s.Propose(carla, title)
			if r := s.Approve(carla, id, "10", append(at(), "recurrence", models.RecurrenceOnce, "first_date", date)...); r.Status != 303 {
				t.Fatalf("approving %s: %d\n%s", title, r.Status, r.Body)
			}
			return id
		}
		s.Propose(carla, "Koffieochtend") // a proposal: on no programme
		tuesday := s.Propose(carla, "Dinsdagsoos")
		s.Approve(carla, tuesday, "10", at()...) // Tuesday 1 December: over, still this week
		cancelled := weekly("Afgelast")
		movedAway := weekly("Verplaatst naar later")
		movedHere := once("Verplaatst naar voren", "2026-12-10")
		once("Volgende week", "2026-12-09")
		anon := s.Client()
		anon.Get("/centra/" + centre.Slug) // makes the sessions of this week and the next
		anon.Get("/centra/" + centre.Slug + "?week=2026-W50")
		session := func(activity int64, date string) int64 {
			var id int64
			s.DB.Table("activity_sessions").Select("id").Where("activity_id = ? AND date = ?", activity, date).Scan(&id)
			if id == 0 {
				t.Fatalf("no session of %d on %s", activity, date)
			}
			return id
		}
		must(t, models.SetSessionCancelled(s.DB, session(cancelled, "2026-12-03"), true, "De leiding is ziek.", ""))
		loc := centre.Location()
		must(t, models.MoveSession(s.DB, session(movedAway, "2026-12-03"), models.SessionMove{Date: "2026-12-12", StartTime: "20:00", EndTime: "21:00"}, s.Clock.Now(), loc))
		must(t, models.MoveSession(s.DB, session(movedHere, "2026-12-10"), models.SessionMove{Date: "2026-12-05", StartTime: "21:00", EndTime: "22:00"}, s.Clock.Now(), loc))

		list := anon.Get("/centra")
		for _, c := range []string{centre.Slug, "schadewijk"} {
			page := anon.Get("/centra/" + c)
			shown := map[string]bool{}
			for _, m := range regexp.MustCompile(`<h3><a href="/activiteiten/(\d+)">`).FindAllStringSubmatch(page.Body, -1) {
				shown[m[1]] = true
			}
			want := fmt.Sprintf("Deze week %d activiteit", len(shown))
			i := strings.Index(list.Body, `href="/centra/`+c+`"`)
			if i < 0 || !strings.Contains(list.Body[i:min(len(list.Body), i+600)], want) {
				t.Errorf("/centra for %s: want %q (the programme shows %v)\n%s", c, want, shown, list.Body)
			}
		}
		// Dinsdagsoos, Afgelast and the one-off moved forward into this week from next
		// week (its schedule does not reach this week; its session does). Not the one
		// moved away to next week.
		apptest.Contains(t, list.Body, "Deze week 3 activiteiten")
		this := anon.Get("/centra/" + centre.Slug).Body
		apptest.Contains(t, this, fmt.Sprintf(`href="/activiteiten/%d"`, movedHere))
		apptest.NotContains(t, this, fmt.Sprintf(`href="/activiteiten/%d"`, movedAway))
	})
}

// /centra reads the same number of statements with two open centres as with twelve:
// the counts of all centres come from one reading, not a programme per centre.
func TestCentresListReadsAFixedNumberOfStatements(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		twoCentres(t, s)
		anon := s.Client()
		statements := s.CountStatements()
		measure := func() int64 {
			anon.Get("/centra")
			var r *apptest.Response
			n := statements.During(func() { r = anon.Get("/centra") })
			if r.Status != 200 {
				t.Fatalf("/centra: %d", r.Status)
			}
			return n
		}
		before := measure()
		for i := 0; i < 10; i++ {
			c := models.Centre{Name: fmt.Sprintf("Huis van de Wijk %02d", i), Slug: fmt.Sprintf("wijk-%02d", i),
				TimeZone: models.DefaultTimeZone, DoorCode: models.NewDoorCode()}
			must(t, s.DB.Create(&c).Error)
			now := s.Clock.Now()
			must(t, s.DB.Create(&models.Activity{CentreID: c.ID, Title: "Soep", Want: "Soep", Can: "Koken", Themes: "food",
				Recurrence: models.RecurrenceWeekly, Weekdays: models.WeekdayBit(time.Thursday), IntervalWeeks: 1,
				StartTime: "12:00", EndTime: "13:00", FirstDate: "2026-11-02", Status: models.StatusApproved, PublishedAt: &now}).Error)
		}
		after := measure()
		r := anon.Get("/centra")
		apptest.Contains(t, r.Body, "Huis van de Wijk 09")
		if strings.Count(r.Body, "Deze week 1 activiteit<") != 11 {
			t.Errorf("want eleven centres with one activity this week:\n%s", r.Body)
		}
		if after != before {
			t.Errorf("/centra read %d statements with 2 centres, %d with 12", before, after)
		}
	})
}
