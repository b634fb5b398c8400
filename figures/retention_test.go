package figures_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"onshuis/app/apptest"
	"onshuis/figures"
	"onshuis/models"
)

// retentionNow is the clock of the retention fixture: a Thursday, three years after the
// first visit.
var retentionNow = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

// retentionFixture is three years of two centres: phones that came for a while and
// stopped, people by name (two of them gone for years), an activity that ended in 2024
// with its participant list, shifts, skipped dates and hours, a weekly activity that
// runs, headcounts and wellbeing answers. It returns the ids of the people.
func retentionFixture(t *testing.T, db *gorm.DB) []int64 {
	t.Helper()
	loc, _ := time.LoadLocation(models.DefaultTimeZone)
	start := time.Date(2023, 10, 2, 0, 0, 0, 0, loc) // a Monday
	exec := func(q string, args ...any) {
		t.Helper()
		if err := db.Exec(q, args...).Error; err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	var centres []*models.Centre
	for _, name := range []string{"Ons Huis", "De Schakel"} {
		c := &models.Centre{Name: name, Slug: models.Slugify(name), TimeZone: models.DefaultTimeZone, DoorCode: models.NewDoorCode(), CreatedAt: start, UpdatedAt: start}
		if err := db.Create(c).Error; err != nil {
			t.Fatal(err)
		}
		centres = append(centres, c)
	}
	var people []int64
	for i, name := range []string{"Anna Gone", "Bram Gone", "Cem Kept", "Dewi Here"} {
		email := fmt.Sprintf("p%d@example.nl", i)
		u := &models.User{Name: name, Email: &email}
		if err := models.CreateUser(db, u); err != nil {
			t.Fatal(err)
		}
		exec("UPDATE users SET created_at = ? WHERE id = ?", start.UTC(), u.ID)
		people = append(people, u.ID)
	}
	coord := &models.User{Name: "Coördinator", Role: models.RoleCoordinator}
	if err := models.CreateUser(db, coord); err != nil {
		t.Fatal(err)
	}
	mk := func(c *models.Centre, title, themes string, weekday time.Weekday, first, last, status string, capacity int, proposer int64) models.Activity {
		a := models.Activity{CentreID: c.ID, ProposerID: &proposer, LeadID: &proposer, Title: title, Themes: themes, Capacity: capacity,
			Recurrence: models.RecurrenceWeekly, Weekdays: models.WeekdayBit(weekday), StartTime: "14:00", EndTime: "16:00",
			FirstDate: first, LastDate: last, Status: status, CreatedAt: start, UpdatedAt: start}
		if err := db.Create(&a).Error; err != nil {
			t.Fatal(err)
		}
		return a
	}
	knit := mk(centres[0], "Breicafé", "meeting,creativity", time.Tuesday, "2023-10-03", "2024-06-25", models.StatusApproved, 2, people[0])
	lang := mk(centres[0], "Taalcafé", "language", time.Wednesday, "2023-10-04", "", models.StatusApproved, 0, people[3])
	walk := mk(centres[1], "Wandelen", "moving,health", time.Wednesday, "2023-10-04", "", models.StatusApproved, 0, coord.ID)
	if err := models.EnsureSessions(db, []models.Activity{knit, lang, walk}, start, retentionNow.AddDate(0, 0, 14), loc); err != nil {
		t.Fatal(err)
	}
	for i, p := range []int64{people[0], people[1], people[2]} {
		status := models.Joined
		if i == 2 {
			status = models.Waitlisted
		}
		exec("INSERT INTO participations (activity_id, user_id, status, created_at) VALUES (?, ?, ?, ?)", knit.ID, p, status, start.UTC())
	}
	exec("INSERT INTO participations (activity_id, user_id, status, created_at) VALUES (?, ?, ?, ?)", lang.ID, people[3], models.Joined, start.UTC())
	exec("UPDATE activities SET status = ?, updated_at = ? WHERE id = ?", models.StatusEnded, time.Date(2024, 6, 26, 12, 0, 0, 0, time.UTC), knit.ID)
	exec("INSERT INTO volunteer_roles (activity_id, name, per_session, created_at) VALUES (?, ?, ?, ?)", knit.ID, "Koffie", 1, start.UTC())
	var roleID int64
	db.Raw("SELECT id FROM volunteer_roles WHERE activity_id = ?", knit.ID).Scan(&roleID)
	exec("INSERT INTO shifts (role_id, user_id, created_at) VALUES (?, ?, ?)", roleID, people[2], start.UTC())
	var knitSessions []struct {
		ID   int64
		Date string
	}
	db.Raw("SELECT id, date FROM activity_sessions WHERE activity_id = ? ORDER BY date", knit.ID).Scan(&knitSessions)
	for i, s := range knitSessions {
		exec("INSERT INTO volunteer_hours (session_id, role_id, user_id, present, minutes, confirmed_by_id, confirmed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
			s.ID, roleID, people[2], i%5 != 0, 120, coord.ID, start.AddDate(0, 0, 7*i+2).UTC())
		if i%4 == 1 {
			var pid, sid int64
			db.Raw("SELECT id FROM participations WHERE activity_id = ? AND user_id = ?", knit.ID, people[2]).Scan(&pid)
			db.Raw("SELECT id FROM shifts WHERE user_id = ?", people[2]).Scan(&sid)
			exec("INSERT INTO participation_skips (participation_id, session_id, created_at) VALUES (?, ?, ?)", pid, s.ID, start.UTC())
			exec("INSERT INTO shift_skips (shift_id, session_id, created_at) VALUES (?, ?, ?)", sid, s.ID, start.UTC())
		}
	}
	sessionOn := func(a models.Activity, date string) []int64 {
		var ids []int64
		db.Raw("SELECT id FROM activity_sessions WHERE activity_id = ? AND date = ?", a.ID, date).Scan(&ids)
		return ids
	}
	// Phones come in cohorts: p0–p3 from the start for a year, p4–p7 from the second
	// year on, p8–p9 only lately.
	for week := 0; !start.AddDate(0, 0, 7*week).After(retentionNow.AddDate(0, 0, -2)); week++ {
		for ci, c := range centres {
			day := start.AddDate(0, 0, 7*week+1+ci) // Tuesday at Ons Huis, Wednesday at De Schakel
			at := day.Add(14*time.Hour + 30*time.Minute)
			date := day.Format(models.Date)
			var act []int64
			switch {
			case ci == 0 && day.Weekday() == time.Tuesday:
				act = sessionOn(knit, date)
			case ci == 1:
				act = sessionOn(walk, date)
			}
			in := func(key string, uid *int64, mood int, sessions []int64) {
				t.Helper()
				ci := models.CheckIn{Centre: c, At: at, Source: models.SourceQR, VisitorKey: key, UserID: uid, Mood: mood, SessionIDs: sessions}
				if uid != nil {
					ci.Source, ci.VisitorKey = models.SourceKiosk, models.UserVisitorKey(*uid)
				}
				if key == "" && uid == nil {
					ci.Source = models.SourceHeadcount
				}
				if _, err := models.RecordCheckIn(db, ci); err != nil {
					t.Fatal(err)
				}
			}
			for p := 0; p < 10; p++ {
				if (p < 4 && week > 52) || (p >= 4 && p < 8 && week < 52) || (p >= 8 && week < 140) || (week+p)%3 == 0 {
					continue
				}
				in(fmt.Sprintf("a:phone%d", p), nil, (week*p)%11, act)
			}
			for i, uid := range people {
				gone := i < 3 && week > 38 // Anna, Bram and Cem stopped coming in mid-2024
				if gone || (week+i)%2 == 1 {
					continue
				}
				id := uid
				in("", &id, (week+i)%10+1, act)
			}
			if week%4 == 0 {
				in("", nil, 0, nil)
			}
		}
		if week%3 == 0 {
			if ids := sessionOn(lang, start.AddDate(0, 0, 7*week+2).Format(models.Date)); len(ids) > 0 {
				id := people[3]
				ci := models.CheckIn{Centre: centres[0], At: start.AddDate(0, 0, 7*week+2).Add(15 * time.Hour), Source: models.SourceKiosk,
					VisitorKey: models.UserVisitorKey(id), UserID: &id, SessionIDs: ids}
				if _, err := models.RecordCheckIn(db, ci); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	healthFixture(t, db, centres, people)
	exec("UPDATE users SET last_seen_at = ? WHERE id = ?", time.Date(2024, 7, 1, 10, 0, 0, 0, time.UTC), people[0])
	exec("UPDATE users SET last_seen_at = ? WHERE id = ?", retentionNow.AddDate(0, 0, -3).UTC(), people[3])
	return people
}

// healthFixture adds three years of health checks: fourteen respondents every three
// months, some stopping in early 2025. Bram (deleted as inactive), Cem (kept, but his
// last check is of 2024) and Dewi (still filling in) consented with their accounts;
// the others are paper forms with a code of their own.
func healthFixture(t *testing.T, db *gorm.DB, centres []*models.Centre, people []int64) {
	t.Helper()
	consented := map[int]int64{0: people[1], 1: people[2], 2: people[3]}
	for r := 0; r < 14; r++ {
		code, source := fmt.Sprintf("respondent-%02d", r), models.HealthPaper
		if uid, ok := consented[r]; ok {
			source = models.HealthMine
			if err := db.Create(&models.HealthConsent{UserID: uid, Respondent: code, ConsentedAt: time.Date(2023, 10, 1, 9, 0, 0, 0, time.UTC)}).Error; err != nil {
				t.Fatal(err)
			}
		}
		last := "2026-11-25"
		if r%2 == 1 || r == 0 { // Cem among them
			last = "2025-01-31"
		}
		for d := time.Date(2023, 10, 5+r, 12, 0, 0, 0, time.UTC); d.Format(models.Date) <= last; d = d.AddDate(0, models.HealthInterval, 0) {
			h := models.HealthCheck{CentreID: centres[r%2].ID, Respondent: code, Source: source, ConsentAt: d, LocalDate: d.Format(models.Date)}
			h.SetScores([]int{(r + d.Year()) % 11, (r * 3) % 11, 5 + r%6, int(d.Month()) % 11, 7, (r + int(d.Month())) % 11})
			if err := db.Create(&h).Error; err != nil {
				t.Fatal(err)
			}
		}
	}
}

// everyFigure is every figure of every report (each month, quarter and year, and ranges
// across the retention boundaries, of each centre and of both) and of every dashboard
// week of each centre, as text.
func everyFigure(t *testing.T, db *gorm.DB) string {
	t.Helper()
	centres, err := models.Centres(db)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	scopes := [][]models.Centre{{centres[0]}, {centres[1]}, centres}
	var keys []string
	for y := 2023; y <= 2026; y++ {
		keys = append(keys, fmt.Sprint(y))
		for q := 1; q <= 4; q++ {
			keys = append(keys, fmt.Sprintf("%d-Q%d", y, q))
		}
		for m := 1; m <= 12; m++ {
			keys = append(keys, fmt.Sprintf("%d-%02d", y, m))
		}
	}
	keys = append(keys, "2023-10-01..2026-11-26", "2024-06-10..2025-12-31", "2025-05-01..2026-09-15", "2025-10-20..2025-11-09")
	for _, scope := range scopes {
		for _, k := range keys {
			p, err := figures.ParsePeriod(k)
			if err != nil {
				t.Fatal(err)
			}
			f, err := figures.ReportFiguresOf(db, scope, p, 1500, retentionNow)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(f)
			fmt.Fprintf(&out, "%d %s %s\n", len(scope), k, b)
			im, err := figures.ImpactOf(db, scope, p, 1500, retentionNow)
			if err != nil {
				t.Fatal(err)
			}
			b, _ = json.Marshal(im)
			fmt.Fprintf(&out, "%d %s impact %s\n", len(scope), k, b)
			sameSummary(t, db, scope, p, retentionNow, im)
		}
	}
	for i := range centres {
		loc := centres[i].Location()
		for w := models.WeekOf(time.Date(2023, 10, 2, 12, 0, 0, 0, loc), loc); w.Start().Before(retentionNow); w = w.Next() {
			f, err := figures.WeekFiguresOf(db, &centres[i], w, retentionNow)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(f)
			fmt.Fprintf(&out, "%s %s %s\n", centres[i].Slug, w, b)
		}
	}
	return out.String()
}

func firstDifference(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range al {
		if i >= len(bl) || al[i] != bl[i] {
			other := ""
			if i < len(bl) {
				other = bl[i]
			}
			return "before: " + al[i] + "\nafter:  " + other
		}
	}
	return "(lengths differ)"
}

// The retention rules remove names, lists and keys of years of data, and every figure
// of every report and dashboard stays byte for byte the same: with the finished weeks
// stored before the run, and recomputed from the remaining rows alone. A second run
// removes nothing.
func TestRetentionKeepsEveryFigure(t *testing.T) {
	apptest.Each(t, func(t *testing.T, kind apptest.Database) {
		db := open(t, kind.Fresh(t))
		people := retentionFixture(t, db)
		if err := models.KeepPerson(db, people[2], people[3], "Vrijwilliger, even weg", retentionNow); err != nil {
			t.Fatal(err)
		}
		if _, err := figures.KeepFinishedWeeks(db, retentionNow); err != nil {
			t.Fatal(err)
		}
		before := everyFigure(t, db)
		loc, _ := time.LoadLocation(models.DefaultTimeZone)
		got, err := models.ApplyRetention(db, models.DefaultRetention(), loc, retentionNow, 7) // small batches: many of them
		if err != nil {
			t.Fatal(err)
		}
		if got.People != 2 || got.SignUps != 1 || got.Shifts != 1 || got.Skips == 0 || got.AttendanceNames == 0 || got.MoodLinks == 0 || got.VisitorKeys != 4 || got.HealthLinks != 1 {
			t.Errorf("removed %+v", got)
		}
		if after := everyFigure(t, db); after != before {
			t.Fatalf("figures changed with stored weeks:\n%s", firstDifference(before, after))
		}
		if err := figures.ClearWeekFigures(db); err != nil {
			t.Fatal(err)
		}
		if after := everyFigure(t, db); after != before {
			t.Fatalf("figures changed when recomputed:\n%s", firstDifference(before, after))
		}
		again, err := models.ApplyRetention(db, models.DefaultRetention(), loc, retentionNow, 7)
		if err != nil || again.Total() != 0 {
			t.Fatalf("second run removed %+v, %v", again, err)
		}
		checkRetained(t, db, people)
	})
}

// checkRetained checks what the rules left: the two gone residents are anonymised, the
// kept one and the active one are not; no old phone key, name or mood link remains.
func checkRetained(t *testing.T, db *gorm.DB, people []int64) {
	t.Helper()
	var anonymised []int64
	db.Raw("SELECT id FROM users WHERE anonymised_at IS NOT NULL ORDER BY id").Scan(&anonymised)
	if fmt.Sprint(anonymised) != fmt.Sprint(people[:2]) {
		t.Errorf("anonymised %v, want %v", anonymised, people[:2])
	}
	var n int64
	for q, want := range map[string]int64{
		"SELECT COUNT(*) FROM visits WHERE visitor_key IN ('a:phone0', 'a:phone1', 'a:phone2', 'a:phone3')":            0,
		"SELECT COUNT(*) FROM visits WHERE visitor_key LIKE 'x:%'":                                                     -1,
		"SELECT COUNT(*) FROM visits WHERE user_id IS NOT NULL AND local_date < '2025-05-26'":                          0,
		"SELECT COUNT(*) FROM visits WHERE mood_given = TRUE AND local_date < '2026-08-26'":                            0,
		"SELECT COUNT(*) FROM participations WHERE activity_id = (SELECT id FROM activities WHERE title = 'Breicafé')": 0,
		"SELECT COUNT(*) FROM shifts":                                         0,
		"SELECT COUNT(*) FROM participation_skips":                            0,
		"SELECT COUNT(*) FROM users WHERE name IN ('Anna Gone', 'Bram Gone')": 0,
		// Bram's consent went with his account, Cem's no longer leads to his answers (of
		// 2024), Dewi's still does; every answer is still there.
		"SELECT COUNT(*) FROM health_consents":                                      2,
		"SELECT COUNT(*) FROM health_consents WHERE respondent LIKE 'respondent-%'": 1,
		"SELECT COUNT(*) FROM health_checks WHERE respondent = 'respondent-01'":     -1,
		"SELECT COUNT(*) FROM health_checks WHERE respondent = (SELECT c.respondent FROM health_consents c JOIN users u ON u.id = c.user_id WHERE u.name = 'Cem Kept')": 0,
	} {
		if err := db.Raw(q).Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
		if want >= 0 && n != want || want < 0 && n == 0 {
			t.Errorf("%s: %d", q, n)
		}
	}
}

// Many runs at once on one database remove each row once: the counts of all runs
// together are those of one run, and the figures stay.
func TestRetentionRunsAtOnce(t *testing.T) {
	apptest.Each(t, func(t *testing.T, kind apptest.Database) {
		db := open(t, kind.Fresh(t))
		people := retentionFixture(t, db)
		if err := models.KeepPerson(db, people[2], people[3], "Vrijwilliger", retentionNow); err != nil {
			t.Fatal(err)
		}
		before := everyFigure(t, db)
		loc, _ := time.LoadLocation(models.DefaultTimeZone)
		const runs = 6
		var wg sync.WaitGroup
		results := make([]models.RetentionCounts, runs)
		errs := make([]error, runs)
		for i := range runs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i], errs[i] = models.ApplyRetention(db, models.DefaultRetention(), loc, retentionNow, 3)
			}()
		}
		wg.Wait()
		var sum models.RetentionCounts
		for i, r := range results {
			if errs[i] != nil {
				t.Fatal(errs[i])
			}
			sum.People += r.People
			sum.SignUps += r.SignUps
			sum.Shifts += r.Shifts
			sum.VisitorKeys += r.VisitorKeys
		}
		if sum.People != 2 || sum.SignUps != 1 || sum.Shifts != 1 || sum.VisitorKeys != 4 {
			t.Errorf("together the runs removed %+v", sum)
		}
		if err := figures.ClearWeekFigures(db); err != nil {
			t.Fatal(err)
		}
		if after := everyFigure(t, db); after != before {
			t.Fatalf("figures changed:\n%s", firstDifference(before, after))
		}
		checkRetained(t, db, people)
	})
}
