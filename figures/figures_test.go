package figures_test

import (
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"gorm.io/gorm"

	"onshuis/app/apptest"
	"onshuis/figures"
	"onshuis/models"
)

// open opens a migrated database of its own, without the app (and so without its
// housekeeping, which stores finished weeks by itself).
func open(t *testing.T, url string) *gorm.DB {
	t.Helper()
	db := apptest.OpenDB(t, url)
	if err := models.Migrate(db); err != nil {
		t.Fatal(err)
	}
	return db
}

// Finished weeks are computed once, from the first visit on, per centre and for all
// centres together; the week under way is not stored.
func TestKeepFinishedWeeks(t *testing.T) {
	apptest.Each(t, func(t *testing.T, kind apptest.Database) {
		db := open(t, kind.Fresh(t))
		now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC) // Thursday of 2026-W48
		if n, err := figures.KeepFinishedWeeks(db, now); err != nil || n != 0 {
			t.Fatalf("without centres: %d %v", n, err)
		}
		var centres []*models.Centre
		for _, name := range []string{"Ons Huis", "De Schakel"} {
			c := &models.Centre{Name: name, Slug: models.Slugify(name), TimeZone: models.DefaultTimeZone, DoorCode: models.NewDoorCode()}
			if err := db.Create(c).Error; err != nil {
				t.Fatal(err)
			}
			centres = append(centres, c)
		}
		visit := func(c *models.Centre, at time.Time, key string) {
			t.Helper()
			in := models.CheckIn{Centre: c, At: at, Source: models.SourceQR, VisitorKey: key}
			if key == "" {
				in.Source = models.SourceHeadcount
			}
			if _, err := models.RecordCheckIn(db, in); err != nil {
				t.Fatal(err)
			}
		}
		visit(centres[0], time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC), "a:anna")  // 2026-W45
		visit(centres[0], time.Date(2026, 11, 5, 10, 0, 0, 0, time.UTC), "a:anna")  // 2026-W45, same visitor
		visit(centres[0], time.Date(2026, 11, 10, 10, 0, 0, 0, time.UTC), "")       // 2026-W46, a headcount
		visit(centres[1], time.Date(2026, 11, 10, 11, 0, 0, 0, time.UTC), "a:anna") // 2026-W46, the other centre
		visit(centres[0], now, "a:bram")                                            // 2026-W48, under way

		n, err := figures.KeepFinishedWeeks(db, now)
		if err != nil {
			t.Fatal(err)
		}
		// Ons Huis and both together: W45, W46, W47; De Schakel: W46, W47.
		if n != 8 {
			t.Errorf("computed %d weeks, want 8", n)
		}
		type row struct {
			Scope, IsoWeek                           string
			Visits, Keyed, Headcounts, New, Regulars int
		}
		var rows []row
		db.Table("week_figures").Order("scope, iso_week").Find(&rows)
		one, both := strconv.FormatInt(centres[0].ID, 10), strconv.FormatInt(centres[0].ID, 10)+","+strconv.FormatInt(centres[1].ID, 10)
		two := strconv.FormatInt(centres[1].ID, 10)
		want := map[string]row{
			one + " 2026-W45":  {Visits: 2, Keyed: 1, New: 1},
			one + " 2026-W46":  {Visits: 1, Headcounts: 1},
			one + " 2026-W47":  {},
			two + " 2026-W46":  {Visits: 1, Keyed: 1, New: 1},
			two + " 2026-W47":  {},
			both + " 2026-W45": {Visits: 2, Keyed: 1, New: 1},
			both + " 2026-W46": {Visits: 2, Keyed: 1, Headcounts: 1, New: 1},
			both + " 2026-W47": {},
		}
		if len(rows) != len(want) {
			t.Errorf("stored %d weeks, want %d: %+v", len(rows), len(want), rows)
		}
		for _, r := range rows {
			w, ok := want[r.Scope+" "+r.IsoWeek]
			w.Scope, w.IsoWeek = r.Scope, r.IsoWeek
			if !ok || r != w {
				t.Errorf("stored %+v, want %+v", r, w)
			}
		}
		if n, err := figures.KeepFinishedWeeks(db, now); err != nil || n != 0 {
			t.Errorf("second run computed %d weeks (%v), want 0", n, err)
		}
	})
}

// A year's report starts its weeks at the first visit ever; a week the period cuts
// counts its regulars, like its visits, over the days inside the period.
func TestReportWeeksAtTheEdges(t *testing.T) {
	apptest.Each(t, func(t *testing.T, kind apptest.Database) {
		db := open(t, kind.Fresh(t))
		centre := &models.Centre{Name: "Ons Huis", Slug: "ons-huis", TimeZone: models.DefaultTimeZone, DoorCode: models.NewDoorCode(), IsDefault: true}
		if err := db.Create(centre).Error; err != nil {
			t.Fatal(err)
		}
		ams := centre.Location()
		visit := func(key string, month time.Month, day int) {
			t.Helper()
			at := time.Date(2026, month, day, 14, 0, 0, 0, ams)
			if _, err := models.RecordCheckIn(db, models.CheckIn{Centre: centre, At: at, Source: models.SourceQR, VisitorKey: key}); err != nil {
				t.Fatal(err)
			}
		}
		// Both are regulars of week 44 (weeks 41, 42 and 44); only Jan comes on its
		// Sunday, 1 November.
		for _, key := range []string{"a:kees", "a:jan"} {
			visit(key, time.October, 6)  // 2026-W41, the first visits ever
			visit(key, time.October, 13) // 2026-W42
			visit(key, time.October, 27) // 2026-W44
		}
		visit("a:jan", time.November, 1) // Sunday of 2026-W44
		now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

		period, err := figures.ParsePeriod("2026-11")
		if err != nil {
			t.Fatal(err)
		}
		f, err := figures.ReportFiguresOf(db, []models.Centre{*centre}, period, 1500, now)
		if err != nil {
			t.Fatal(err)
		}
		if w := f.Weeks[0]; w.Week != "2026-W44" || w.Visits != 1 || w.Unique != 1 || w.Regulars != 1 {
			t.Errorf("November's first week: %+v, want 2026-W44 with 1 visit, 1 visitor, 1 regular", w)
		}

		year, err := figures.ParsePeriod("2026")
		if err != nil {
			t.Fatal(err)
		}
		f, err = figures.ReportFiguresOf(db, []models.Centre{*centre}, year, 1500, now)
		if err != nil {
			t.Fatal(err)
		}
		if len(f.Weeks) != 8 || f.Weeks[0].Week != "2026-W41" || f.Weeks[7].Week != "2026-W48" {
			t.Errorf("2026's weeks: %d from %s, want 8 from 2026-W41 to 2026-W48", len(f.Weeks), f.Weeks[0].Week)
		}
		if f.Weeks[3].Week != "2026-W44" || f.Weeks[3].Regulars != 2 || f.AvgRegulars != 0.3 {
			t.Errorf("2026: week 44 has %d regulars, average %.1f; want 2 and 0.3 (2 over 8 weeks)", f.Weeks[3].Regulars, f.AvgRegulars)
		}
	})
}

// figures returns numbers: it never imports what formats, translates or renders them.
func TestImportsOnlyModels(t *testing.T) {
	for _, path := range apptest.ProjectImports(t, ".") {
		if path != "onshuis/models" {
			t.Errorf("figures imports %s", path)
		}
	}
}

// A finished week's dashboard comes from its stored row (issue 21) and says exactly
// what counting its visits said while it was under way: counts, days, sources and the
// check-ins per activity in the same order, on both databases.
func TestStoredWeekDashboardIsTheCountedOne(t *testing.T) {
	apptest.Each(t, func(t *testing.T, kind apptest.Database) {
		db := open(t, kind.Fresh(t))
		c := &models.Centre{Name: "Ons Huis", Slug: "ons-huis", TimeZone: models.DefaultTimeZone, DoorCode: models.NewDoorCode(), IsDefault: true}
		if err := db.Create(c).Error; err != nil {
			t.Fatal(err)
		}
		loc := c.Location()
		week, _ := models.ParseWeek("2026-W47", loc)
		var acts []models.Activity
		for _, title := range []string{"Taalcafé", "Breiclub", "Aan tafel"} {
			a := models.Activity{CentreID: c.ID, Title: title, Recurrence: models.RecurrenceWeekly,
				Weekdays: models.WeekdayBit(time.Monday) | models.WeekdayBit(time.Wednesday), StartTime: "10:00", EndTime: "12:00",
				FirstDate: "2026-11-02", Status: models.StatusApproved}
			if err := db.Create(&a).Error; err != nil {
				t.Fatal(err)
			}
			acts = append(acts, a)
		}
		if err := models.EnsureSessions(db, acts, week.Start(), week.End(), loc); err != nil {
			t.Fatal(err)
		}
		sessions, err := models.SessionsOf(db, acts, week.Start(), week.End(), loc)
		if err != nil || len(sessions) != 6 {
			t.Fatalf("sessions: %d %v", len(sessions), err)
		}
		// Two activities get two check-ins each, one gets one; a headcount and a kiosk
		// visit besides.
		visits := []struct {
			key     string
			source  string
			session int
		}{{"a:1", models.SourceQR, 0}, {"a:2", models.SourceQR, 2}, {"a:3", models.SourceQR, 3}, {"a:4", models.SourceQR, 4},
			{"a:5", models.SourceQR, 5}, {"", models.SourceHeadcount, -1}, {"u:9", models.SourceKiosk, -1}}
		for i, v := range visits {
			at := week.Start().Add(time.Duration(9+i) * time.Hour)
			var ids []int64
			if v.session >= 0 {
				s := sessions[v.session]
				at = s.StartsAt
				ids = []int64{s.ID}
			}
			if _, err := models.RecordCheckIn(db, models.CheckIn{Centre: c, At: at, Source: v.source, VisitorKey: v.key, SessionIDs: ids}); err != nil {
				t.Fatal(err)
			}
		}
		during := week.End().Add(-time.Hour) // Sunday evening: the week is under way
		counted, err := figures.WeekFiguresOf(db, c, week, during)
		if err != nil {
			t.Fatal(err)
		}
		after := week.End().Add(24 * time.Hour)
		for _, step := range []string{"stored now", "read from the store"} {
			stored, err := figures.WeekFiguresOf(db, c, week, after)
			if err != nil {
				t.Fatal(err)
			}
			want, _ := json.Marshal(counted)
			got, _ := json.Marshal(stored)
			if string(got) != string(want) {
				t.Errorf("%s:\n got %s\nwant %s", step, got, want)
			}
		}
		var perDay *string
		db.Raw("SELECT per_day FROM week_figures WHERE scope = ? AND iso_week = ?", strconv.FormatInt(c.ID, 10), week.String()).Scan(&perDay)
		pa := counted.PerActivity
		if perDay == nil || *perDay != "4,0,3,0,0,0,0" || counted.Visits != 7 || len(pa) != 3 ||
			pa[0].Visits != 2 || pa[1].Visits != 2 || pa[2].Visits != 1 || pa[0].Title > pa[1].Title { // a tie goes by title
			t.Errorf("stored per day %v; counted %+v", perDay, counted)
		}
	})
}
