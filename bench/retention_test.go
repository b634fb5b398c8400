package bench

import (
	"fmt"
	"testing"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"onshuis/app/apptest"
	"onshuis/models"
)

// Size of the retention fixture: three years of a busy centre.
const (
	retentionVisits    = 300_000
	retentionResidents = 2_000
	retentionEnded     = 40 // activities that ended two years ago, 20 sign-ups each
)

// BenchmarkRetention is one nightly run of the retention rules (issue 18) over three
// years of a centre: 300,000 visits (a fifth of them from keys unused for over 13
// months, one in ten by name, one in four with a wellbeing answer), 2,000 residents of
// whom half stopped coming two and a half years ago, and 40 activities that ended in
// 2024 with their participant lists. One op is one models.ApplyRetention on a fresh
// fixture (run with -benchtime=1x; building the fixture is not timed). The counts of
// what it removed are reported beside the time.
func BenchmarkRetention(b *testing.B) {
	eachDatabase(b, func(b *testing.B, db apptest.Database) {
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			s, loc := retentionBenchFixture(b, db)
			b.StartTimer()
			start := time.Now()
			got, err := models.ApplyRetention(s.DB.Session(&gorm.Session{Logger: logger.Discard}), models.DefaultRetention(), loc, apptest.DefaultNow, models.RetentionBatch)
			if err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			b.Logf("%s: removed %+v in %s", db.Name, got, time.Since(start).Round(time.Millisecond))
			b.ReportMetric(float64(got.People), "people")
			b.ReportMetric(float64(got.AttendanceNames), "names")
			b.ReportMetric(float64(got.MoodLinks), "moods")
			b.ReportMetric(float64(got.VisitorKeys), "keys")
			b.ReportMetric(float64(got.SignUps), "signups")
			again, err := models.ApplyRetention(s.DB, models.DefaultRetention(), loc, apptest.DefaultNow, models.RetentionBatch)
			if err != nil || again.Total() != 0 {
				b.Fatalf("second run removed %+v, %v", again, err)
			}
			b.StartTimer()
		}
	})
}

func retentionBenchFixture(b *testing.B, kind apptest.Database) (*apptest.Server, *time.Location) {
	b.Helper()
	started := time.Now()
	s := apptest.Fresh(b, kind)
	s.Setup()
	db := s.DB.Session(&gorm.Session{Logger: logger.Discard})
	centre, err := models.DefaultCentre(db)
	if err != nil {
		b.Fatal(err)
	}
	loc := centre.Location()
	now := apptest.DefaultNow
	if err := SeedVisits(db, centre, 156, retentionVisits, now); err != nil {
		b.Fatal(err)
	}
	if _, _, err := SeedAttendance(db, centre); err != nil {
		b.Fatal(err)
	}
	exec := func(q string, args ...any) {
		b.Helper()
		if err := db.Exec(q, args...).Error; err != nil {
			b.Fatalf("%s: %v", q, err)
		}
	}
	since := now.AddDate(-3, 0, 0).UTC()
	users := make([]models.User, retentionResidents)
	for i := range users {
		email := fmt.Sprintf("r%d@example.nl", i)
		users[i] = models.User{Name: fmt.Sprintf("Bewoner %d", i), Email: &email, Role: models.RoleResident, Language: "nl",
			CreatedAt: since, UpdatedAt: since}
	}
	if err := db.CreateInBatches(&users, 500).Error; err != nil {
		b.Fatal(err)
	}
	first := users[0].ID
	half := int64(retentionResidents / 2)
	// One visit in ten is by name: the first half of the residents only before mid-2024,
	// the second half throughout (and seen last week).
	gone := now.AddDate(0, -30, 0).Format(models.Date)
	exec(`UPDATE visits SET user_id = ? + (id / 10) % ?, visitor_key = 'u:' || CAST(? + (id / 10) % ? AS TEXT)
		WHERE id % 10 = 1 AND local_date < ? AND visitor_key IS NOT NULL`, first, half, first, half, gone)
	exec(`UPDATE visits SET user_id = ? + ? + (id / 10) % ?, visitor_key = 'u:' || CAST(? + ? + (id / 10) % ? AS TEXT)
		WHERE id % 10 = 1 AND local_date >= ? AND visitor_key IS NOT NULL`, first, half, half, first, half, half, gone)
	exec(`UPDATE users SET last_seen_at = ? WHERE id >= ?`, now.AddDate(0, 0, -7).UTC(), first+half)
	exec(`UPDATE visits SET mood_given = ? WHERE id % 4 = 0`, true)
	for a := 0; a < retentionEnded; a++ {
		act := models.Activity{CentreID: centre.ID, Title: fmt.Sprintf("Cursus %d", a), Want: "Samen leren.", Can: "Ik geef les.",
			Themes: "meeting", Capacity: 20, Recurrence: models.RecurrenceWeekly, Weekdays: models.WeekdayBit(time.Monday),
			StartTime: "10:00", EndTime: "12:00", FirstDate: "2024-01-08", LastDate: "2024-06-24", Status: models.StatusEnded,
			CreatedAt: since, UpdatedAt: time.Date(2024, 6, 25, 12, 0, 0, 0, time.UTC)}
		if err := db.Create(&act).Error; err != nil {
			b.Fatal(err)
		}
		for p := 0; p < 20; p++ {
			exec(`INSERT INTO participations (activity_id, user_id, status, created_at) VALUES (?, ?, ?, ?)`,
				act.ID, first+half+int64((a*20+p)%int(half)), models.Joined, since)
		}
	}
	b.Logf("%s retention fixture: %d visits, %d residents, %d ended activities, built in %s",
		kind.Name, retentionVisits, retentionResidents, retentionEnded, time.Since(started).Round(time.Millisecond))
	return s, loc
}
