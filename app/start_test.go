package app_test

import (
	"testing"
	"time"

	"onshuis/app"
	"onshuis/app/apptest"
	"onshuis/models"
)

// A process started on a database with visits in finished weeks stores their figures
// soon after it starts (KeepWeeksAfter), not only at the first housekeeping round ten
// minutes later, so the first report after a start finds them.
func TestStartStoresFinishedWeeks(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		s.Setup()
		centre, err := models.DefaultCentre(s.DB)
		if err != nil || centre == nil {
			t.Fatalf("default centre: %v %v", centre, err)
		}
		day := apptest.DefaultNow.AddDate(0, 0, -14)
		week := models.WeekOf(day, centre.Location())
		if err := s.DB.Exec(`INSERT INTO visits (centre_id, visited_at, local_date, iso_week, source, visitor_key, is_first, mood_given)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, centre.ID, day, day.In(centre.Location()).Format(models.Date), week.String(),
			models.SourceQR, "k1", true, false).Error; err != nil {
			t.Fatal(err)
		}
		stored := func() int64 {
			var n int64
			if err := s.DB.Table("week_figures").Where("iso_week = ?", week.String()).Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			return n
		}
		if stored() != 0 {
			t.Fatal("the week is stored before any process was asked to")
		}
		apptest.New(t, s.URL, func(c *app.Config) { c.KeepWeeksAfter = time.Millisecond })
		// Waiting for the background work, not timing it: the deadline only ends a hung test.
		for deadline := time.Now().Add(30 * time.Second); stored() == 0; time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("week %s not stored 30 s after the start", week)
			}
		}
	})
}
