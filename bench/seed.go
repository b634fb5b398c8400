package bench

import (
	"fmt"
	"math/rand/v2"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"onshuis/figures"
	"onshuis/models"
)

// SeedVisits fills a centre with total visits spread evenly over the weeks before now
// (about total/weeks a week), like a real door: most from a pool of returning phones,
// some first-timers, one in ten counted by the host. Rows go in with multi-row inserts,
// computing what RecordCheckIn would (local date, ISO week, first visit), so a million
// visits take a minute or two (on the machine of BENCHMARKS.md), not hours. Each centre
// has phones of its own: nobody in the seeded history visits two centres.
func SeedVisits(db *gorm.DB, centre *models.Centre, weeks, total int, now time.Time) error {
	// Without the app's SQL log: formatting a statement of 11,000 values for the log
	// took a fifth of the time.
	db = db.Session(&gorm.Session{Logger: logger.Discard})
	loc := centre.Location()
	// The default centre's visits are those of the one-centre benchmarks; another centre
	// gets a random stream and phones (visitor keys) of its own.
	seed, prefix := uint64(total), "a:seed-"
	if !centre.IsDefault {
		seed += uint64(centre.ID) << 32
		prefix = fmt.Sprintf("a:seed-c%d-", centre.ID)
	}
	rng := rand.New(rand.NewPCG(350, seed))
	days := weeks * 7
	pool := total / weeks * 2 // phones that come back
	if pool < 50 {
		pool = 50
	}
	newKeys := 0
	first := models.WeekOf(now, loc).Add(-weeks).Start()
	batch := make([]models.Visit, 0, 1000)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := db.CreateInBatches(&batch, 1000).Error; err != nil {
			return fmt.Errorf("seed visits: %w", err)
		}
		batch = batch[:0]
		return nil
	}
	made := 0
	// Day by day, so ids follow time and each key visits at most once a day.
	for d := 0; d < days && made < total; d++ {
		date := first.AddDate(0, 0, d)
		want := (total - made) / (days - d)
		seenToday := map[string]bool{}
		for i := 0; i < want; i++ {
			at := date.Add(time.Duration(9*60+i*13*60/max(want, 1)) * time.Minute)
			if !at.Before(now) {
				break
			}
			v := models.Visit{CentreID: centre.ID, VisitedAt: at.UTC(), LocalDate: at.In(loc).Format(models.Date),
				IsoWeek: models.WeekOf(at, loc).String(), Source: models.SourceQR}
			switch r := rng.IntN(10); {
			case r == 0:
				v.Source = models.SourceHeadcount
			case r <= 2:
				newKeys++
				key := fmt.Sprintf("%snew-%d", prefix, newKeys)
				v.VisitorKey = &key
			default:
				key := fmt.Sprintf("%s%d", prefix, rng.IntN(pool))
				if seenToday[key] {
					continue // one visit per key per day
				}
				v.VisitorKey = &key
			}
			if v.VisitorKey != nil {
				seenToday[*v.VisitorKey] = true
			}
			batch = append(batch, v)
			made++
			if len(batch) == cap(batch) {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	// Mark each key's first visit, as RecordCheckIn does at check-in time.
	err := db.Exec(`UPDATE visits SET is_first = ? WHERE id IN (
		SELECT MIN(id) FROM visits WHERE centre_id = ? AND visitor_key IS NOT NULL GROUP BY visitor_key)`, true, centre.ID).Error
	if err != nil {
		return err
	}
	// Past weeks changed: forget any figures stored for them.
	return figures.ClearWeekFigures(db)
}

// SeedAttendance completes visits made by SeedVisits the way the check-in form would:
// about two in five keyed visits get the activity they came for (one of the centre's
// sessions that day, not cancelled), and one visit in four a wellbeing answer (5 to 10).
// Each is one INSERT … SELECT, so it takes seconds for a million visits. It returns
// how many visit–session links and answers it added. (It does not set mood_given on the
// visits: no figure reads it.)
func SeedAttendance(db *gorm.DB, centre *models.Centre) (linked, moods int64, err error) {
	res := db.Exec(`INSERT INTO visit_sessions (visit_id, session_id)
		SELECT v.id, s.id FROM visits v JOIN (
			SELECT s.id, s.date, ROW_NUMBER() OVER (PARTITION BY s.date ORDER BY s.id) - 1 AS k,
				COUNT(*) OVER (PARTITION BY s.date) AS n
			FROM activity_sessions s JOIN activities a ON a.id = s.activity_id
			WHERE a.centre_id = ? AND s.cancelled = ?
		) s ON s.date = v.local_date AND s.k = v.id % s.n
		WHERE v.centre_id = ? AND v.visitor_key IS NOT NULL AND v.id % 5 < 2`, centre.ID, false, centre.ID)
	if res.Error != nil {
		return 0, 0, fmt.Errorf("seed attendance: %w", res.Error)
	}
	linked = res.RowsAffected
	res = db.Exec(`INSERT INTO moods (centre_id, local_date, iso_week, score)
		SELECT centre_id, local_date, iso_week, 5 + (id * 7) % 6 FROM visits
		WHERE centre_id = ? AND id % 4 = 0`, centre.ID)
	if res.Error != nil {
		return linked, 0, fmt.Errorf("seed moods: %w", res.Error)
	}
	return linked, res.RowsAffected, nil
}
