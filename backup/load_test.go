package backup_test

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"onshuis/app/apptest"
	"onshuis/backup"
	"onshuis/models"
)

// Backups taken while check-ins pour in restore to a state the app could have been in:
// every check-in whole (its visit, the link to the session it came for, its wellbeing
// answer) or not at all. Each check-in writes those three in one transaction, in three
// tables that a backup reads one after the other: read from different moments, the
// counts would disagree.
func TestBackupDuringCheckInsIsConsistent(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		thursday := strconv.Itoa(int(time.Thursday))
		id, _ := s.Activity(coordinator, "Koffieochtend", "0", "weekdays", thursday, "first_date", "2026-11-26",
			"start_time", "09:00", "end_time", "17:00")
		s.Client().Get(fmt.Sprintf("/activiteiten/%d", id)) // plans its sessions
		centre, err := models.DefaultCentre(s.DB)
		if err != nil || centre == nil {
			t.Fatal(centre, err)
		}
		var session int64
		s.DB.Raw("SELECT id FROM activity_sessions WHERE date = ?", "2026-11-26").Scan(&session)
		if session == 0 {
			t.Fatal("no session today")
		}

		// Writers check in new visitors, each with the session and a wellbeing answer,
		// until told to stop.
		var stop atomic.Bool
		var made atomic.Int64
		var wg sync.WaitGroup
		errs := make(chan error, 4)
		for w := 0; w < 4; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; !stop.Load(); i++ {
					_, err := models.RecordCheckIn(s.DB, models.CheckIn{Centre: centre, At: s.Clock.Now(), Source: models.SourceQR,
						VisitorKey: fmt.Sprintf("a:load-%d-%d", w, i), SessionIDs: []int64{session}, Mood: 1 + i%10})
					if err != nil {
						errs <- err
						return
					}
					made.Add(1)
				}
			}()
		}
		waitFor := func(n int64) {
			for made.Load() < n && len(errs) == 0 {
				time.Sleep(time.Millisecond)
			}
		}
		var backups []*bytes.Buffer
		for i := 1; i <= 3; i++ {
			waitFor(int64(40 * i))
			var buf bytes.Buffer
			if _, err := backup.Write(context.Background(), s.DB, &buf, s.Clock.Now()); err != nil {
				t.Fatal(err)
			}
			backups = append(backups, &buf)
		}
		waitFor(made.Load() + 40) // still writing after the last backup
		stop.Store(true)
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		final := made.Load()

		for i, b := range backups {
			target := openDB(t, db.Fresh(t))
			if _, err := backup.Restore(context.Background(), target, b, false); err != nil {
				t.Fatalf("backup %d: %v", i+1, err)
			}
			var visits, links, moods, moodGiven int64
			target.Raw("SELECT COUNT(*) FROM visits").Scan(&visits)
			target.Raw("SELECT COUNT(*) FROM visit_sessions").Scan(&links)
			target.Raw("SELECT COUNT(*) FROM moods").Scan(&moods)
			target.Raw("SELECT COUNT(*) FROM visits WHERE mood_given = ?", true).Scan(&moodGiven)
			t.Logf("backup %d: %d of %d check-ins", i+1, visits, final)
			if visits == 0 || visits >= final {
				t.Errorf("backup %d holds %d of %d check-ins: not taken during the load", i+1, visits, final)
			}
			if links != visits || moods != visits || moodGiven != visits {
				t.Errorf("backup %d is not one moment: %d visits, %d links to the session, %d wellbeing answers, %d visits with an answer",
					i+1, visits, links, moods, moodGiven)
			}
		}
	})
}
