package handlers_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"onshuis/app/apptest"
	"onshuis/models"
)

// Each kind of schedule through the coordinator's review form: "Toon de data" shows
// the next eight dates with the input kept and saves nothing; approving publishes it;
// the activity's iCal feed, parsed back with the library, has its sessions at 10:00
// Amsterdam time on both sides of the spring and the autumn clock change.
func TestScheduleKinds(t *testing.T) {
	kinds := []struct {
		name    string
		fields  []string
		preview []string // the first dates "Toon de data" shows (from 26 November 2026)
		says    string   // on the activity page
		heading string
		spring  []string // dates of the feed around 28 March 2027
		autumn  []string // around 31 October 2027
	}{
		{"every two weeks", []string{"recurrence", "weekly", "interval", "2", "weekdays", "0", "first_date", "2026-11-29"},
			[]string{"zondag 29 november 2026", "zondag 13 december 2026"}, "Om de 2 weken op zondag", "De volgende 8 data",
			[]string{"20270321T100000", "20270404T100000"}, []string{"20271017T100000", "20271031T100000"}},
		{"last Sunday of the month", []string{"recurrence", "monthly_weekday", "ordinal", "-1", "month_weekday", "0", "first_date", "2026-11-26"},
			[]string{"zondag 29 november 2026", "zondag 27 december 2026", "zondag 31 januari 2027"}, "Elke laatste zondag van de maand", "De volgende 8 data",
			[]string{"20270228T100000", "20270328T100000"}, []string{"20270926T100000", "20271031T100000"}},
		{"the 28th", []string{"recurrence", "monthly_date", "month_day", "28", "first_date", "2026-11-26"},
			[]string{"zaterdag 28 november 2026", "maandag 28 december 2026"}, "Elke maand op de 28e", "De volgende 8 data",
			[]string{"20270228T100000", "20270328T100000"}, []string{"20271028T100000", "20271128T100000"}},
		{"own dates", []string{"recurrence", "dates", "dates", "21-3-2027\n2027-03-28\n24-10-2027, 31-10-2027", "first_date", ""},
			[]string{"zondag 21 maart 2027", "zondag 28 maart 2027", "zondag 24 oktober 2027", "zondag 31 oktober 2027"}, "Op eigen data", "De volgende 4 data",
			[]string{"20270321T100000", "20270328T100000"}, []string{"20271024T100000", "20271031T100000"}},
	}
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		for _, k := range kinds {
			t.Run(k.name, func(t *testing.T) {
				s := apptest.Fresh(t, db)
				coordinator := s.Setup()
				resident := s.Register("Voorsteller", "v@example.nl")
				id := s.Propose(resident, "Zondagsclub")
				extra := append([]string{"start_time", "10:00", "end_time", "12:00", "last_date", ""}, k.fields...)

				// The preview: dates shown, input kept, nothing decided.
				preview := s.Approve(coordinator, id, "12", append(extra, "preview", "1", "message", "Mooi plan")...)
				if preview.Status != 200 {
					i := strings.Index(preview.Body, "error-summary")
					t.Fatalf("preview: %d\n%s", preview.Status, preview.Body[i:i+600])
				}
				apptest.Contains(t, preview.Body, k.heading, "Nog niet bewaard", "Mooi plan", `value="10:00"`)
				for _, d := range k.preview {
					apptest.Contains(t, preview.Body, "<li>"+d+", 10:00–12:00</li>")
				}
				if a, _ := models.ActivityByID(s.DB, id); a.Status != models.StatusProposed {
					t.Fatalf("the preview decided: %s", a.Status)
				}
				if r := s.Approve(coordinator, id, "12", extra...); r.Status != 303 {
					t.Fatalf("approve: %d\n%s", r.Status, r.Body)
				}
				apptest.Contains(t, s.Client().Get(fmt.Sprintf("/activiteiten/%d", id)).Body, k.says+", 10:00–12:00")

				for _, around := range []struct {
					now   time.Time
					dates []string
				}{{time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC), k.spring}, {time.Date(2027, 10, 1, 9, 0, 0, 0, time.UTC), k.autumn}} {
					s.Clock.Set(around.now)
					feed := s.Client().Get(fmt.Sprintf("/activiteiten/%d/agenda.ics", id))
					cal, err := ics.ParseCalendar(strings.NewReader(feed.Body))
					if err != nil {
						t.Fatalf("feed does not parse: %v\n%s", err, feed.Body)
					}
					var starts []string
					for _, e := range cal.Events() {
						p := e.GetProperty(ics.ComponentPropertyDtStart)
						if p == nil || p.ICalParameters["TZID"][0] != "Europe/Amsterdam" || !strings.HasSuffix(p.Value, "T100000") {
							t.Fatalf("event starts at %+v", p)
						}
						starts = append(starts, p.Value)
					}
					for _, d := range around.dates {
						if !strings.Contains(strings.Join(starts, " "), d) {
							t.Errorf("feed of %s lacks %s: %v", around.now.Format("2006-01"), d, starts)
						}
					}
				}
				// In UTC the clock change shows: 10:00 is 09:00Z in winter, 08:00Z in summer.
				var ss []models.Session
				s.DB.Where("activity_id = ?", id).Order("starts_at").Find(&ss)
				ams, _ := time.LoadLocation("Europe/Amsterdam")
				offsets := map[int]bool{}
				for _, se := range ss {
					_, offset := se.StartsAt.In(ams).Zone()
					offsets[offset] = true
					if se.StartsAt.In(ams).Format("15:04") != "10:00" || se.StartsAt.In(ams).Format(models.Date) != se.Date {
						t.Errorf("session of %s starts at %v", se.Date, se.StartsAt.In(ams))
					}
				}
				if !offsets[3600] || !offsets[7200] {
					t.Errorf("sessions in winter and summer time: %v", offsets)
				}
			})
		}
	})
}

// Wrong schedules come back with a Dutch message next to the field and the input
// kept, on approval and on the plan form; a fifth Tuesday skips the months without one
// and the preview says which.
func TestScheduleBadInput(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		resident := s.Register("Voorsteller", "v@example.nl")
		id := s.Propose(resident, "Dinsdagclub")
		cases := []struct {
			fields  []string
			field   string
			message string
			kept    string
		}{
			{[]string{"recurrence", "monthly_weekday", "ordinal", "5", "month_weekday", "1", "first_date", "2027-02-01", "last_date", "2027-02-28"},
				"last_date", "Met deze keuzes is er geen enkele datum", `value="2027-02-28"`},
			{[]string{"recurrence", "dates", "dates", "5-12-2026\n31-02-2027"}, "dates", "Eén van de data klopt niet", "31-02-2027"},
			{[]string{"recurrence", "weekly", "interval", "twee"}, "interval", "Schrijf een getal van 1 tot 52", `value="twee"`},
			{[]string{"recurrence", "monthly_date", "month_day", "32"}, "month_day", "Schrijf een getal van 1 tot 31", `value="32"`},
			{[]string{"recurrence", "monthly_weekday", "ordinal", "1", "month_weekday", ""}, "month_weekday", "Kies een dag van de week", ""},
			{[]string{"recurrence", "weekly", "skip_dates", "morgen"}, "skip_dates", "Eén van de data klopt niet", "morgen"},
		}
		for _, c := range cases {
			for _, preview := range []string{"", "1"} {
				r := s.Approve(coordinator, id, "12", append(c.fields, "preview", preview)...)
				if r.Status != 422 {
					t.Fatalf("%v (preview %q): %d", c.fields, preview, r.Status)
				}
				apptest.Contains(t, r.Body, `id="f-`+c.field+`-error"`, c.message, c.kept)
			}
		}
		// A fifth Tuesday: the months without one are named.
		r := s.Approve(coordinator, id, "12", "recurrence", "monthly_weekday", "ordinal", "5", "month_weekday", "2", "preview", "1")
		apptest.Contains(t, r.Body, "<li>dinsdag 29 december 2026, 14:00–16:00</li>", "maanden hebben geen zo’n dag en slaan we over: januari 2027, februari 2027, april 2027, mei 2027, juli 2027")
		if a, _ := models.ActivityByID(s.DB, id); a.Status != models.StatusProposed {
			t.Fatalf("bad input decided: %s", a.Status)
		}
		if r := s.Approve(coordinator, id, "12", "recurrence", "monthly_weekday", "ordinal", "5", "month_weekday", "2"); r.Status != 303 {
			t.Fatalf("approve fifth Tuesday: %d", r.Status)
		}
		// The plan form shows the stored schedule and previews a change without saving.
		plan := fmt.Sprintf("/coordinator/activiteiten/%d/rooster", id)
		page := coordinator.Get(plan)
		apptest.Contains(t, page.Body, `id="f-recurrence-monthly_weekday" name="recurrence" value="monthly_weekday" checked`, `<option value="5" selected>`, `<option value="2" selected>`)
		var roomID int64
		s.DB.Table("rooms").Select("MIN(id)").Scan(&roomID)
		form := apptest.Form("room_id", fmt.Sprint(roomID), "capacity", "12", "recurrence", "weekly", "interval", "3", "weekdays", "2",
			"start_time", "14:00", "end_time", "16:00", "first_date", "2026-12-01", "skip_dates", "22-12-2026", "preview", "1")
		r = coordinator.Submit(plan, plan, form)
		if r.Status != 200 {
			t.Fatalf("plan preview: %d\n%s", r.Status, r.Body)
		}
		apptest.Contains(t, r.Body, "<li>dinsdag 1 december 2026, 14:00–16:00</li>", "<li>dinsdag 12 januari 2027, 14:00–16:00</li>", "22-12-2026")
		apptest.NotContains(t, r.Body, "22 december 2026")
		if a, _ := models.ActivityByID(s.DB, id); a.Recurrence != models.RecurrenceMonthlyWeekday {
			t.Fatalf("the plan preview saved: %+v", a)
		}
		form.Del("preview")
		if r := coordinator.Submit(plan, plan, form); r.Status != 303 {
			t.Fatalf("plan: %d\n%s", r.Status, r.Body)
		}
		if a, _ := models.ActivityByID(s.DB, id); a.IntervalWeeks != 3 || a.SkipDates != "2026-12-22" {
			t.Fatalf("plan stored %+v", a)
		}
	})
}

// One session moves to another day and room: it stays the same session, so the
// participant's "Deze keer niet" and the volunteer's shift for it stay; the schedule
// does not make the old date again; the feed and the programme show it at its new
// place. A room in use then, a date with another session and a wrong date are refused
// with the input kept.
func TestMoveSession(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		id, _ := s.Activity(coordinator, "Kaartclub", "5") // Tuesdays 14:00–16:00 from 1 December
		s.DB.Exec("INSERT INTO rooms (centre_id, name, capacity, created_at) SELECT MIN(id), 'keuken', 10, ? FROM centres", apptest.DefaultNow)
		var kitchen int64
		s.DB.Table("rooms").Select("id").Where("name = ?", "keuken").Scan(&kitchen)
		s.Activity(coordinator, "Kookclub", "5", "room_id", fmt.Sprint(kitchen), "weekdays", "4", "start_time", "18:00", "end_time", "20:00")
		page := fmt.Sprintf("/activiteiten/%d", id)
		player := s.Register("Speler", "speler@example.nl")
		player.Submit(page, page+"/aanmelden", nil)
		coordinator.Get("/?week=2026-W50")
		var dec8 models.Session
		s.DB.Where("activity_id = ? AND date = ?", id, "2026-12-08").Take(&dec8)
		if r := player.Submit(page, fmt.Sprintf("/sessies/%d/deze-keer-niet", dec8.ID), nil); r.Status != 303 {
			t.Fatalf("skip: %d", r.Status)
		}
		move := fmt.Sprintf("/coordinator/sessies/%d/verplaatsen", dec8.ID)
		apptest.Contains(t, coordinator.Get(page+"/deelnemers").Body, `href="`+move+`"`)
		form := coordinator.Get(move)
		apptest.Contains(t, form.Body, `value="2026-12-08"`, `value="14:00"`)

		for _, c := range []struct {
			date, start, room, field, message string
		}{
			{"10-12-2026", "18:30", fmt.Sprint(kitchen), "room_id", "al bezet door „Kookclub”"},
			{"2026-12-15", "14:00", "", "date", "Op die dag is er al een keer van deze activiteit"},
			{"10 dec", "14:00", "", "date", "Schrijf een datum"},
			{"2026-12-10", "25:00", "", "start_time", "Schrijf een tijd"},
		} {
			r := coordinator.Submit(move, move, apptest.Form("date", c.date, "start_time", c.start, "end_time", "20:30", "room_id", c.room))
			if r.Status != 422 {
				t.Fatalf("%+v: %d", c, r.Status)
			}
			apptest.Contains(t, r.Body, `id="f-`+c.field+`-error"`, c.message, `value="`+c.date+`"`)
		}
		r := coordinator.Submit(move, move, apptest.Form("date", "10-12-2026", "start_time", "14:00", "end_time", "16:00", "room_id", fmt.Sprint(kitchen)))
		if r.Status != 303 {
			t.Fatalf("move: %d\n%s", r.Status, r.Body)
		}
		var moved models.Session
		s.DB.Where("id = ?", dec8.ID).Take(&moved)
		if moved.Date != "2026-12-10" || moved.Slot() != "2026-12-08" || moved.RoomID == nil || *moved.RoomID != kitchen {
			t.Fatalf("moved: %+v", moved)
		}
		var n int64
		s.DB.Model(&models.Session{}).Where("activity_id = ? AND date = ?", id, "2026-12-08").Count(&n)
		if n != 0 {
			t.Fatalf("8 December was made again")
		}
		var skips int64
		s.DB.Table("participation_skips").Where("session_id = ?", dec8.ID).Count(&skips)
		if skips != 1 {
			t.Fatalf("the skip of the moved session is gone")
		}
		feed := s.Client().Get(page + "/agenda.ics").Body
		cal, err := ics.ParseCalendar(strings.NewReader(feed))
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range cal.Events() {
			if strings.HasPrefix(e.Id(), fmt.Sprintf("activiteit-%d-2026-12-08@", id)) {
				found = true
				apptest.Contains(t, e.GetProperty(ics.ComponentPropertyDtStart).Value, "20261210T140000")
				apptest.Contains(t, e.GetProperty(ics.ComponentPropertyLocation).Value, "keuken")
			}
		}
		if !found {
			t.Fatalf("the moved session lost its UID in the feed:\n%s", feed)
		}
		// A plan change keeps the moved session where it was moved to.
		plan := fmt.Sprintf("/coordinator/activiteiten/%d/rooster", id)
		var roomID int64
		s.DB.Table("rooms").Select("MIN(id)").Scan(&roomID)
		coordinator.Submit(plan, plan, apptest.Form("room_id", fmt.Sprint(roomID), "capacity", "6", "recurrence", "weekly", "interval", "1", "weekdays", "2",
			"start_time", "14:30", "end_time", "16:30", "first_date", "2026-12-01"))
		s.DB.Where("id = ?", dec8.ID).Take(&moved)
		if moved.Date != "2026-12-10" || moved.StartsAt.In(time.FixedZone("", 3600)).Format("15:04") != "14:00" {
			t.Fatalf("after a plan change: %+v", moved)
		}
	})
}

// Two coordinators move a session of two activities into the same room at the same
// time at once: one gets the room, the other is told it is taken. The room row lock
// (checkSessionRoomFree) is what makes this hold on PostgreSQL; the race window is
// short, and with the lock taken out this test did not catch it in two runs, so it
// checks the outcome rather than proving the lock.
func TestMoveSessionConcurrent(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		tue, _ := s.Activity(coordinator, "Kaartclub", "5")
		wed, _ := s.Activity(coordinator, "Breiclub", "5", "weekdays", "3")
		coordinator.Get("/?week=2026-W50")
		coordinator.Get("/?week=2026-W51")
		coordinator.Get("/?week=2026-W52")
		var roomID int64
		s.DB.Table("rooms").Select("MIN(id)").Scan(&roomID)
		second := s.Login("carla@example.nl")
		for _, pair := range [][3]string{{"2026-12-08", "2026-12-09", "2026-12-10"}, {"2026-12-15", "2026-12-16", "2026-12-17"}, {"2026-12-22", "2026-12-23", "2026-12-24"}} {
			var a, b models.Session
			s.DB.Where("activity_id = ? AND date = ?", tue, pair[0]).Take(&a)
			s.DB.Where("activity_id = ? AND date = ?", wed, pair[1]).Take(&b)
			moveA, moveB := fmt.Sprintf("/coordinator/sessies/%d/verplaatsen", a.ID), fmt.Sprintf("/coordinator/sessies/%d/verplaatsen", b.ID)
			coordinator.Get(moveA)
			second.Get(moveB)
			// Each browser sends its own form: PostWithToken writes the page's token into it.
			form := func() url.Values {
				return apptest.Form("date", pair[2], "start_time", "14:00", "end_time", "16:00", "room_id", fmt.Sprint(roomID))
			}
			statuses := make(chan int, 2)
			go func() { statuses <- coordinator.With(t).PostWithToken(moveA, form()).Status }()
			go func() { statuses <- second.With(t).PostWithToken(moveB, form()).Status }()
			got := []int{<-statuses, <-statuses}
			if !(got[0] == 303 && got[1] == 422 || got[0] == 422 && got[1] == 303) {
				t.Fatalf("moves into one room on %s: %v, want one 303 and one 422", pair[2], got)
			}
		}
	})
}

// A session moved forward into a week its schedule does not reach: a one-off activity
// of Wednesday 16 December moved through the move form to Friday 27 November, this
// week. The anonymous programme of this week shows it (also when that week's page was
// cached before the move), the week it left no longer does, /centra counts it this
// week and the centre's feed has it on its new day.
func TestMoveSessionIntoEarlierWeek(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		id, _ := s.Activity(coordinator, "Kerststukjes maken", "0", "recurrence", "once", "first_date", "2026-12-16",
			"start_time", "14:00", "end_time", "16:00")
		anon := s.Client()
		apptest.NotContains(t, anon.Get("/?week=2026-W48").Body, "Kerststukjes maken") // now cached
		apptest.Contains(t, anon.Get("/?week=2026-W51").Body, "Kerststukjes maken")    // makes the session
		other := s.Client()                                                            // /centra carries a form, so its visitor keeps off the cached page
		apptest.Contains(t, other.Get("/centra").Body, "Deze week 0 activiteiten")
		var session models.Session
		if err := s.DB.Where("activity_id = ?", id).Take(&session).Error; err != nil {
			t.Fatal(err)
		}
		move := fmt.Sprintf("/coordinator/sessies/%d/verplaatsen", session.ID)
		apptest.Contains(t, coordinator.Get(move).Body, `value="2026-12-16"`)
		if r := coordinator.Submit(move, move, apptest.Form("date", "2026-11-27", "start_time", "14:00", "end_time", "16:00")); r.Status != 303 {
			t.Fatalf("move: %d\n%s", r.Status, r.Body)
		}
		apptest.Contains(t, anon.Get("/?week=2026-W48").Body, "Kerststukjes maken", "vrijdag 27 november")
		apptest.NotContains(t, anon.Get("/?week=2026-W51").Body, "Kerststukjes maken")
		apptest.Contains(t, other.Get("/centra").Body, "Deze week 1 activiteit")
		feed := other.Get("/programme.ics").Body
		cal, err := ics.ParseCalendar(strings.NewReader(feed))
		if err != nil {
			t.Fatalf("%v\n%s", err, feed)
		}
		var starts []string
		for _, e := range cal.Events() {
			starts = append(starts, e.GetProperty(ics.ComponentPropertyDtStart).Value)
		}
		if len(starts) != 1 || !strings.Contains(starts[0], "20261127T140000") {
			t.Fatalf("the centre's feed has %v\n%s", starts, feed)
		}
	})
}
