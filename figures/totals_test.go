package figures_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"gorm.io/gorm"

	"onshuis/app/apptest"
	"onshuis/figures"
	"onshuis/models"
)

// A period's stored totals plus the days after them say what counting every visit
// says (issue 21), over one centre and over two that share visitors: as the period is
// asked for week after week (each stored stretch made from the one before), with
// visits of the week under way by visitors old and new, headcounts, a visitor's first
// visits at both centres, and check-ins for sessions; for a year, a month, a range and
// the period before, with the weeks the period cuts and the impact frame's new faces
// per month and visits per centre, on both databases.
func TestStoredPeriodTotalsAreTheCountedOnes(t *testing.T) {
	apptest.Each(t, func(t *testing.T, kind apptest.Database) {
		db := open(t, kind.Fresh(t))
		var centres []models.Centre
		for _, name := range []string{"Ons Huis", "De Schakel"} {
			c := models.Centre{Name: name, Slug: models.Slugify(name), TimeZone: models.DefaultTimeZone, DoorCode: models.NewDoorCode()}
			must(t, db.Create(&c).Error)
			centres = append(centres, c)
		}
		loc := centres[0].Location()
		var acts []models.Activity
		for i, title := range []string{"Taalcafé", "Breiclub"} {
			a := models.Activity{CentreID: centres[i].ID, Title: title, Recurrence: models.RecurrenceWeekly, Themes: []string{"meeting", "language"}[i],
				Weekdays: models.WeekdayBit(time.Tuesday), StartTime: "10:00", EndTime: "12:00", FirstDate: "2026-09-01", Status: models.StatusApproved}
			must(t, db.Create(&a).Error)
			acts = append(acts, a)
		}
		from, to := time.Date(2026, 9, 1, 0, 0, 0, 0, loc), time.Date(2027, 1, 31, 0, 0, 0, 0, loc)
		must(t, models.EnsureSessions(db, acts, from, to, loc))
		sessions, err := models.SessionsOf(db, acts, from, to, loc)
		must(t, err)
		sessionOf := func(i int, day time.Time) []int64 {
			for _, s := range sessions {
				if s.ActivityID == acts[i].ID && s.Date == day.Format(models.Date) {
					return []int64{s.ID}
				}
			}
			return nil
		}
		rnd := rand.New(rand.NewPCG(21, 15))
		keys := 10 // new visitors keep coming: the pool of keys grows day by day
		visitDay := func(day time.Time) {
			t.Helper()
			keys += 2
			for range 6 {
				i := rnd.IntN(2)
				c := centres[i]
				in := models.CheckIn{Centre: &c, At: day.Add(11 * time.Hour), Source: models.SourceQR, VisitorKey: fmt.Sprintf("a:%d", rnd.IntN(keys))}
				switch rnd.IntN(5) {
				case 0:
					in.Source, in.VisitorKey = models.SourceHeadcount, ""
				case 1:
					in.Source = models.SourceKiosk
				}
				if in.VisitorKey != "" && rnd.IntN(2) == 0 {
					in.SessionIDs = sessionOf(i, day)
				}
				if _, err := models.RecordCheckIn(db, in); err != nil {
					t.Fatal(err)
				}
			}
		}
		day := time.Date(2026, 9, 1, 0, 0, 0, 0, loc)
		scopes := map[string][]models.Centre{"one": centres[:1], "two": centres}
		periods := []string{"2026", "2026-12", "2026-Q4", "2026-11-20..2027-01-10", "2027-01"}
		for week := 0; week < 18; week++ {
			now := day.AddDate(0, 0, 7*week+3).Add(15 * time.Hour) // Thursday afternoon
			for d := day.AddDate(0, 0, 7*week); d.Before(now); d = d.AddDate(0, 0, 1) {
				visitDay(d)
			}
			if week%3 == 2 {
				continue // weeks nobody asks: the next ask has more than one week to add
			}
			stored := map[string]string{}
			for _, p := range periods {
				pp, _ := figures.ParsePeriod(p)
				for name, cs := range scopes {
					for range 2 { // stores, then reads
						r, im, err := figures.ReportWithImpactOf(db, cs, pp, 1500, now)
						must(t, err)
						s, err := figures.SummaryFiguresOf(db, cs, pp.Previous(), 1500, now)
						must(t, err)
						b, _ := json.Marshal([]any{r.Totals, r.PerSource, r.Themes, r.Weeks, r.AvgRegulars, s.Totals, s.PerSource, im.NewPerMonth, im.MKBA})
						stored[p+name] = string(b)
						want, months := countedTotals(t, db, cs, pp)
						if r.Totals != want {
							t.Errorf("%s, %s of %s: totals %+v; counting the visits gives %+v", now.Format(models.Date), name, p, r.Totals, want)
						}
						for _, m := range im.NewPerMonth {
							if m.N != months[m.Month] {
								t.Errorf("%s, %s of %s: %d new in %s; counting the visits gives %d", now.Format(models.Date), name, p, m.N, m.Month, months[m.Month])
							}
						}
					}
				}
			}
			var rows int
			db.Raw("SELECT COUNT(*) FROM period_figures").Scan(&rows)
			// Counted from nothing, in a transaction that is undone: the store goes on.
			tx := db.Begin()
			must(t, figures.ClearWeekFigures(tx))
			for _, p := range periods {
				pp, _ := figures.ParsePeriod(p)
				for name, cs := range scopes {
					r, im, err := figures.ReportWithImpactOf(tx, cs, pp, 1500, now)
					must(t, err)
					s, err := figures.SummaryFiguresOf(tx, cs, pp.Previous(), 1500, now)
					must(t, err)
					b, _ := json.Marshal([]any{r.Totals, r.PerSource, r.Themes, r.Weeks, r.AvgRegulars, s.Totals, s.PerSource, im.NewPerMonth, im.MKBA})
					if stored[p+name] != string(b) {
						t.Errorf("%s, %s of %s: stored and added\n%s\ncounted\n%s", now.Format(models.Date), name, p, stored[p+name], b)
					}
				}
			}
			must(t, tx.Rollback().Error)
			if week == 16 && rows == 0 {
				t.Errorf("nothing was stored")
			}
		}
	})
}

// countedTotals counts a period's visitor totals and first visits per month straight
// from the visits, by their definition (figures.go, impact.go), to hold the stored
// ones against.
func countedTotals(t *testing.T, db *gorm.DB, centres []models.Centre, p figures.Period) (figures.VisitCounts, map[string]int) {
	t.Helper()
	var ids []int64
	for _, c := range centres {
		ids = append(ids, c.ID)
	}
	var c figures.VisitCounts
	must(t, db.Raw(`SELECT COUNT(*) AS visits, COUNT(DISTINCT visitor_key) AS keyed,
		COUNT(CASE WHEN visitor_key IS NULL THEN 1 END) AS headcounts,
		COUNT(DISTINCT CASE WHEN is_first THEN visitor_key END) AS new
		FROM visits WHERE centre_id IN ? AND local_date BETWEEN ? AND ?`, ids, p.From, p.To).Scan(&c).Error)
	c.Unique, c.Returning = c.Keyed+c.Headcounts, c.Keyed-c.New
	var firsts []string
	must(t, db.Raw(`SELECT local_date FROM visits WHERE centre_id IN ? AND local_date BETWEEN ? AND ? AND is_first = ?`,
		ids, p.From, p.To, true).Scan(&firsts).Error)
	months := map[string]int{}
	for _, d := range firsts {
		months[d[:7]]++
	}
	return c, months
}

// A session of today that already has check-ins, moved to a day of a finished week,
// takes them along (check-ins count for their session's date): the stored weeks and
// periods that hold either day are forgotten, and the report says what counting again
// says.
func TestMovedSessionTakesItsCheckInsAlong(t *testing.T) {
	apptest.Each(t, func(t *testing.T, kind apptest.Database) {
		db := open(t, kind.Fresh(t))
		c := models.Centre{Name: "Ons Huis", Slug: "ons-huis", TimeZone: models.DefaultTimeZone, DoorCode: models.NewDoorCode(), IsDefault: true}
		must(t, db.Create(&c).Error)
		loc := c.Location()
		a := models.Activity{CentreID: c.ID, Title: "Taalcafé", Themes: "language", Recurrence: models.RecurrenceWeekly,
			Weekdays: models.WeekdayBit(time.Thursday), StartTime: "19:00", EndTime: "21:00", FirstDate: "2026-10-01", Status: models.StatusApproved}
		must(t, db.Create(&a).Error)
		now := time.Date(2026, 11, 26, 10, 0, 0, 0, loc) // Thursday morning; the session is tonight
		from, to := time.Date(2026, 10, 1, 0, 0, 0, 0, loc), time.Date(2026, 12, 1, 0, 0, 0, 0, loc)
		must(t, models.EnsureSessions(db, []models.Activity{a}, from, to, loc))
		sessions, err := models.SessionsOf(db, []models.Activity{a}, from, to, loc)
		must(t, err)
		var tonight models.Session
		for _, s := range sessions {
			if s.Date == "2026-11-26" {
				tonight = s
			}
		}
		for i := range 6 { // come early for tonight
			_, err := models.RecordCheckIn(db, models.CheckIn{Centre: &c, At: now, Source: models.SourceQR,
				VisitorKey: fmt.Sprintf("a:%d", i), SessionIDs: []int64{tonight.ID}})
			must(t, err)
		}
		_, err = figures.KeepFinishedWeeks(db, now)
		must(t, err)
		year, _ := figures.ParsePeriod("2026")
		before, err := figures.ReportFiguresOf(db, []models.Centre{c}, year, 1500, now)
		must(t, err)
		must(t, models.MoveSession(db, tonight.ID, models.SessionMove{Date: "2026-11-11", StartTime: "19:00", EndTime: "21:00"}, now, loc))
		after, err := figures.ReportFiguresOf(db, []models.Centre{c}, year, 1500, now)
		must(t, err)
		tx := db.Begin()
		must(t, figures.ClearWeekFigures(tx))
		counted, err := figures.ReportFiguresOf(tx, []models.Centre{c}, year, 1500, now)
		must(t, err)
		must(t, tx.Rollback().Error)
		got, _ := json.Marshal(after)
		want, _ := json.Marshal(counted)
		if string(got) != string(want) {
			t.Errorf("after the move\n%s\ncounting again\n%s", got, want)
		}
		if before.Themes[3].Visits != 6 || after.Themes[3].Visits != 6 {
			t.Errorf("language: %d check-ins before the move, %d after; want 6 and 6", before.Themes[3].Visits, after.Themes[3].Visits)
		}
	})
}
