package backup_test

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"onshuis/app/apptest"
	"onshuis/backup"
	"onshuis/models"
)

func files(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func amsterdam(day, clock string) time.Time {
	loc, _ := time.LoadLocation(models.DefaultTimeZone)
	t, err := time.ParseInLocation("2006-01-02 15:04", day+" "+clock, loc)
	if err != nil {
		panic(err)
	}
	return t
}

// The nightly backup is made once a day at its time (or later that day, when the app
// was not running then), kept for KeepDays days, and tried again an hour after it
// failed; the folder's other files are left alone.
func TestNightlyBackup(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		s.Setup()
		dir := t.TempDir()
		for _, name := range []string{"notities.txt", "onshuis-2026-01-01.backup.bewaren"} {
			os.WriteFile(filepath.Join(dir, name), []byte("van de beheerder"), 0o600)
		}
		n := &backup.Nightly{DB: s.DB, Dir: dir, KeepDays: 3, At: 3 * time.Hour, Log: slog.New(slog.DiscardHandler), Now: s.Clock.Now}
		tick := func(day, clock string, want backup.Outcome) {
			t.Helper()
			s.Clock.Set(amsterdam(day, clock))
			got, err := n.Tick(context.Background())
			if got != want || err != nil {
				t.Fatalf("%s %s: %s %v, want %s", day, clock, got, err, want)
			}
		}
		// What a killed process left: a half-written backup from hours ago goes.
		left := filepath.Join(dir, ".onshuis-2026-11-27.backup.part-123")
		os.WriteFile(left, []byte("half"), 0o600)
		os.Chtimes(left, time.Now().Add(-7*time.Hour), time.Now().Add(-7*time.Hour))
		tick("2026-11-27", "02:59", backup.NotDue)
		tick("2026-11-27", "03:00", backup.Done)
		tick("2026-11-27", "03:01", backup.HadOne)
		tick("2026-11-27", "23:59", backup.HadOne)
		if _, err := backup.RestoreFile(context.Background(), openDB(t, db.Fresh(t)), filepath.Join(dir, "onshuis-2026-11-27.backup"), false); err != nil {
			t.Errorf("the nightly backup does not restore: %v", err)
		}
		st, err := models.LatestBackups(s.DB)
		if err != nil || st.Last == nil || !st.Last.OK || st.Last.LocalDate != "2026-11-27" || st.Last.Bytes == 0 {
			t.Fatalf("recorded: %+v %v", st.Last, err)
		}
		// The app was down at three: the backup comes when it is back, that day.
		tick("2026-11-28", "14:10", backup.Done)
		for _, day := range []string{"2026-11-29", "2026-11-30", "2026-12-01"} {
			tick(day, "03:00", backup.Done)
		}
		want := []string{"notities.txt", "onshuis-2026-01-01.backup.bewaren", "onshuis-2026-11-29.backup", "onshuis-2026-11-30.backup", "onshuis-2026-12-01.backup"}
		if got := files(t, dir); !slices.Equal(got, want) {
			t.Errorf("files after five nights keeping three days:\n got %v\nwant %v", got, want)
		}

		// A failure is recorded and shown, tried again an hour later, not every minute.
		n.Dir = filepath.Join(dir, "weg")
		s.Clock.Set(amsterdam("2026-12-02", "03:00"))
		if out, err := n.Tick(context.Background()); out != backup.Done || err == nil {
			t.Errorf("into a folder that is gone: %s %v, want an error", out, err)
		}
		st, _ = models.LatestBackups(s.DB)
		if st.Last == nil || st.Last.OK || st.Last.Error == "" || st.LastOK == nil || st.LastOK.LocalDate != "2026-12-01" {
			t.Errorf("after a failure: last %+v, last good %+v", st.Last, st.LastOK)
		}
		tick("2026-12-02", "03:30", backup.HadOne)
		n.Dir = dir
		tick("2026-12-02", "04:01", backup.Done)
		if st, _ = models.LatestBackups(s.DB); st.Last == nil || !st.Last.OK || st.Last.LocalDate != "2026-12-02" {
			t.Errorf("after the retry: %+v", st.Last)
		}

		// The night the clocks go forward, three o'clock is three o'clock (two hours
		// after midnight).
		tick("2027-03-28", "01:59", backup.NotDue)
		tick("2027-03-28", "03:00", backup.Done)
	})
}

// Two instances on one PostgreSQL database: while one makes the night's backup (and
// holds the advisory lock), the other leaves it; afterwards it finds the night done.
func TestNightlyBackupOneInstanceAtATime(t *testing.T) {
	url := apptest.Postgres(t).Fresh(t)
	s := apptest.New(t, url)
	s.Setup()
	s.Clock.Set(amsterdam("2026-11-27", "03:00"))
	dirs := []string{t.TempDir(), t.TempDir()}
	instance := func(dir string) *backup.Nightly {
		return &backup.Nightly{DB: openDB(t, url), Dir: dir, KeepDays: 14, At: 3 * time.Hour, Log: slog.New(slog.DiscardHandler), Now: s.Clock.Now}
	}
	one, two := instance(dirs[0]), instance(dirs[1])
	inside, release := make(chan struct{}), make(chan struct{})
	backup.SetHold(one, func() { close(inside); <-release })
	done := make(chan error, 1)
	go func() {
		out, err := one.Tick(context.Background())
		if err == nil && out != backup.Done {
			err = os.ErrInvalid
		}
		done <- err
	}()
	<-inside
	if out, err := two.Tick(context.Background()); out != backup.Elsewhere || err != nil {
		t.Errorf("the other instance, while the first makes the backup: %s %v, want %s", out, err, backup.Elsewhere)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatalf("the first instance: %v", err)
	}
	if out, err := two.Tick(context.Background()); out != backup.HadOne || err != nil {
		t.Errorf("the other instance, after: %s %v, want %s", out, err, backup.HadOne)
	}
	if a, b := files(t, dirs[0]), files(t, dirs[1]); len(a) != 1 || len(b) != 0 {
		t.Errorf("files: first %v, second %v; want one backup in all", a, b)
	}
	var runs int64
	s.DB.Raw("SELECT COUNT(*) FROM backup_runs").Scan(&runs)
	if runs != 1 {
		t.Errorf("%d backup runs recorded, want 1", runs)
	}
}
