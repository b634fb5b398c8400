package handlers_test

import (
	"fmt"
	"net/url"
	"testing"
	"time"

	"onshuis/app/apptest"
	"onshuis/figures"
	"onshuis/models"
)

// The year's report keeps the totals of its weeks that are over (issue 21) and still
// follows its past at once: a paper list entered for a session of last week and a
// kiosk's taps of last week, sent late, change the report the moment they are saved,
// to what counting every visit again says.
func TestReportFollowsItsPast(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		activity, lead := s.Activity(coordinator, "Kookclub", "20") // Tuesdays from 1 December
		page := fmt.Sprintf("/activiteiten/%d", activity)
		var present []string
		for i := range 6 {
			c := s.Register(fmt.Sprintf("Deelnemer %d", i), fmt.Sprintf("d%d@example.nl", i))
			if r := c.Submit(page, page+"/aanmelden", nil); r.Status != 303 {
				t.Fatalf("join: %d", r.Status)
			}
			present = append(present, fmt.Sprint(userID(t, s, fmt.Sprintf("d%d@example.nl", i))))
		}
		centre, _ := models.DefaultCentre(s.DB)
		for d := 0; d < 30; d++ { // November: twelve phones, some every day
			for k := 0; k < 12; k += 1 + d%3 {
				at := time.Date(2026, 11, 1+d, 9+k%6, 0, 0, 0, time.UTC)
				if _, err := models.RecordCheckIn(s.DB, models.CheckIn{Centre: centre, At: at, Source: models.SourceQR, VisitorKey: fmt.Sprintf("a:%d", k)}); err != nil {
					t.Fatal(err)
				}
			}
		}
		kiosk := kioskOf(t, coordinator, "Tablet bij de deur")
		coordinator.Get(page) // makes the sessions
		session := sessionOn(t, s, activity, "2026-12-01").ID

		s.Clock.Set(time.Date(2026, 12, 9, 9, 0, 0, 0, time.UTC)) // Wednesday: the week of 1 December is over
		year := "/rapport/samenvatting.csv?periode=2026"
		themes := "/rapport/themas.csv?periode=2026"
		report := func() string { return coordinator.Get(year).Body + coordinator.Get(themes).Body }
		// recounted is the report with nothing stored: every visit counted again.
		recounted := func() string {
			if err := figures.ClearWeekFigures(s.DB); err != nil {
				t.Fatal(err)
			}
			return report()
		}
		before := report()
		var stored int64
		s.DB.Table("period_figures").Where("first_date = ? AND last_date = ?", "2026-01-01", "2026-12-06").Count(&stored)
		if stored == 0 {
			t.Fatalf("the year's finished weeks are not stored")
		}

		// The lead enters the sheet of 1 December: six participants and three walk-ins.
		sheet := fmt.Sprintf("/sessies/%d/presentielijst", session)
		if r := lead.Submit(sheet, sheet, url.Values{"present": present, "walk_ins": {"3"}}); r.Status != 303 {
			t.Fatalf("sheet: %d\n%s", r.Status, r.Body)
		}
		after := report()
		if after == before {
			t.Errorf("the paper list did not change the year's report:\n%s", after)
		}
		if again := recounted(); after != again {
			t.Errorf("after the paper list the report says\n%s\ncounting again says\n%s", after, again)
		}

		// The tablet was offline on Saturday 5 December; its taps come in now.
		report() // stored again
		var taps []tapJSON
		for i := range 7 {
			taps = append(taps, tapJSON{ID: tapID(i + 1), At: fmt.Sprintf("2026-12-05T1%d:00:00Z", i)})
		}
		if status, answer := uploadTaps(s.Client(), kiosk, taps); status != 200 || answer["stored"] != 7.0 {
			t.Fatalf("taps: %d %v", status, answer)
		}
		late := report()
		if late == after {
			t.Errorf("the late taps did not change the year's report:\n%s", late)
		}
		if again := recounted(); late != again {
			t.Errorf("after the late taps the report says\n%s\ncounting again says\n%s", late, again)
		}
	})
}
