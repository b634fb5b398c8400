package backup

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"time"

	"gorm.io/gorm"

	"onshuis/models"
)

// nightlyLock is the PostgreSQL advisory lock held by the process making the nightly
// backup (the migrations hold 7301001 with their schema as the second key).
const nightlyLock = 7301002

// retryAfter is how long a failed nightly backup waits before it is tried again.
const retryAfter = time.Hour

// Nightly makes a backup into Dir once a day, at the time of day At in the default
// centre's zone (or after it, when the app was not running then), and deletes the
// nightly files older than KeepDays days. However many processes run it, one makes the
// backup: on PostgreSQL the one that holds an advisory lock, which the others find
// taken or, after it, find the night's backup recorded (models.BackupRun). On SQLite
// there is one process.
type Nightly struct {
	DB       *gorm.DB
	Dir      string
	KeepDays int
	At       time.Duration // since midnight, e.g. 3 h
	Log      *slog.Logger
	Now      func() time.Time

	mu   sync.Mutex
	hold func() // tests: runs while the lock is held, before the file is written
}

// Outcome says what a Tick did.
type Outcome string

// What a Tick can do.
const (
	NotDue    Outcome = "not due"          // before At today
	Done      Outcome = "done"             // made the backup (or tried: see the error)
	HadOne    Outcome = "already made"     // today's backup exists (or failed less than an hour ago)
	Elsewhere Outcome = "another instance" // another process is making it
)

// nightlyFile matches the files Nightly writes (and prunes); the date is the local day.
var nightlyFile = regexp.MustCompile(`^onshuis-(\d{4}-\d{2}-\d{2})\.backup$`)

// Run ticks every minute until ctx ends.
func (n *Nightly) Run(ctx context.Context) {
	ticker := time.NewTicker(time.Minute)
	defer ticker.Stop()
	for {
		if _, err := n.Tick(ctx); err != nil && ctx.Err() == nil {
			n.Log.Error("nightly backup failed", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// Tick makes today's backup when it is due and no process has made it yet.
func (n *Nightly) Tick(ctx context.Context) (Outcome, error) {
	now := n.Now()
	loc := (&models.Centre{TimeZone: models.DefaultTimeZone}).Location()
	if c, err := models.DefaultCentre(n.DB); err == nil && c != nil {
		loc = c.Location()
	}
	local := now.In(loc)
	// The time of day on the clock, also on the nights the clocks change.
	due := time.Date(local.Year(), local.Month(), local.Day(), int(n.At/time.Hour), int(n.At%time.Hour/time.Minute), 0, 0, loc)
	if local.Before(due) {
		return NotDue, nil
	}
	day := local.Format(models.Date)

	if !n.mu.TryLock() {
		return Elsewhere, nil
	}
	defer n.mu.Unlock()
	unlock, held, err := n.lock(ctx)
	if err != nil || !held {
		return Elsewhere, err
	}
	defer unlock()

	last, err := models.BackupRunOn(n.DB, models.BackupNightly, day)
	if err != nil {
		return Done, err
	}
	if last != nil && (last.OK || now.Sub(last.StartedAt) < retryAfter) {
		return HadOne, nil
	}
	if n.hold != nil {
		n.hold()
	}
	run := &models.BackupRun{Kind: models.BackupNightly, LocalDate: day, StartedAt: now}
	path := filepath.Join(n.Dir, "onshuis-"+day+".backup")
	sum, berr := WriteFile(ctx, n.DB, path, now)
	if ctx.Err() != nil {
		return Done, ctx.Err() // stopped: the next start tries again
	}
	run.FinishedAt = n.Now()
	if berr == nil {
		run.OK, run.File, run.Bytes = true, path, sum.Bytes
		n.Log.Info("nightly backup written", "file", path, "bytes", sum.Bytes, "tables", sum.Tables, "rows", sum.Rows,
			"duration_ms", run.FinishedAt.Sub(now).Milliseconds())
	} else {
		run.Error = berr.Error()
	}
	if err := models.RecordBackupRun(n.DB, run); err != nil {
		return Done, errors.Join(berr, err)
	}
	if berr != nil {
		return Done, berr
	}
	return Done, n.prune(local)
}

// lock takes the advisory lock on PostgreSQL, on a connection of its own that is held
// until unlock (if the process dies, PostgreSQL lets go of the lock with it).
func (n *Nightly) lock(ctx context.Context) (unlock func(), held bool, err error) {
	if !models.IsPostgres(n.DB) {
		return func() {}, true, nil
	}
	pool, err := n.DB.DB()
	if err != nil {
		return nil, false, err
	}
	conn, err := pool.Conn(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("backup: unable to get a connection for the lock: %w", err)
	}
	if err := conn.QueryRowContext(ctx, "SELECT pg_try_advisory_lock($1)", nightlyLock).Scan(&held); err != nil || !held {
		conn.Close()
		return nil, false, err
	}
	return func() {
		uctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, err := conn.ExecContext(uctx, "SELECT pg_advisory_unlock($1)", nightlyLock); err != nil {
			// Do not give a connection that may still hold the lock back to the pool.
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
		conn.Close()
	}, true, nil
}

// prune deletes the nightly files of days more than KeepDays before today, and the
// records of runs older than that. Other files in the folder are left alone.
func (n *Nightly) prune(today time.Time) error {
	if n.KeepDays < 1 {
		return nil
	}
	cutoff := time.Date(today.Year(), today.Month(), today.Day()-n.KeepDays+1, 0, 0, 0, 0, today.Location())
	entries, err := os.ReadDir(n.Dir)
	if err != nil {
		return fmt.Errorf("backup: unable to list %s: %w", n.Dir, err)
	}
	var errs []error
	for _, e := range entries {
		m := nightlyFile.FindStringSubmatch(e.Name())
		if m == nil || e.IsDir() {
			continue
		}
		day, err := time.ParseInLocation(models.Date, m[1], today.Location())
		if err != nil || !day.Before(cutoff) {
			continue
		}
		if err := os.Remove(filepath.Join(n.Dir, e.Name())); err != nil {
			errs = append(errs, err)
		} else {
			n.Log.Info("old nightly backup deleted", "file", e.Name())
		}
	}
	errs = append(errs, models.DeleteBackupRunsBefore(n.DB, cutoff.AddDate(0, 0, -31)))
	return errors.Join(errs...)
}
