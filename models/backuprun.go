package models

import (
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Kinds of backup run.
const (
	BackupNightly = "nightly" // made by the app itself, once a night (BACKUP_DIR)
	BackupManual  = "manual"  // made with "onshuis backup FILE"
)

// BackupRun is the result of one backup: written when it is over, whether it worked or
// not, so that every process shows the same last result.
type BackupRun struct {
	ID         int64
	Kind       string
	LocalDate  string // the day (in the centre's zone) the backup belongs to
	StartedAt  time.Time
	FinishedAt time.Time
	OK         bool `gorm:"column:ok"`
	File       string
	Bytes      int64
	Error      string // for the log and the administrator; never shown to a visitor
}

// RecordBackupRun stores the result of a backup.
func RecordBackupRun(db *gorm.DB, r *BackupRun) error {
	if err := db.Create(r).Error; err != nil {
		return fmt.Errorf("store: unable to record backup run: %w", err)
	}
	return nil
}

// BackupRunOn returns the latest run of that kind for the day, or nil.
func BackupRunOn(db *gorm.DB, kind, localDate string) (*BackupRun, error) {
	var r BackupRun
	err := db.Where("kind = ? AND local_date = ?", kind, localDate).Order("ok DESC, started_at DESC").Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to read backup run: %w", err)
	}
	return &r, nil
}

// BackupStatus is what the coordinator's home and /healthz show about backups: the
// latest attempt and the latest one that worked (each nil when there is none).
type BackupStatus struct {
	Last   *BackupRun
	LastOK *BackupRun
}

// LatestBackups returns the latest backup run and the latest successful one.
func LatestBackups(db *gorm.DB) (BackupStatus, error) {
	var st BackupStatus
	var runs []BackupRun
	if err := db.Order("finished_at DESC, id DESC").Limit(1).Find(&runs).Error; err != nil {
		return st, fmt.Errorf("store: unable to read backup runs: %w", err)
	}
	if len(runs) == 0 {
		return st, nil
	}
	st.Last = &runs[0]
	if st.Last.OK {
		st.LastOK = st.Last
		return st, nil
	}
	var ok []BackupRun
	if err := db.Where("ok = ?", true).Order("finished_at DESC, id DESC").Limit(1).Find(&ok).Error; err != nil {
		return st, fmt.Errorf("store: unable to read backup runs: %w", err)
	}
	if len(ok) > 0 {
		st.LastOK = &ok[0]
	}
	return st, nil
}

// DeleteBackupRunsBefore forgets the results of runs that finished before cutoff.
func DeleteBackupRunsBefore(db *gorm.DB, cutoff time.Time) error {
	if err := db.Where("finished_at < ?", cutoff.UTC()).Delete(&BackupRun{}).Error; err != nil {
		return fmt.Errorf("store: unable to delete old backup runs: %w", err)
	}
	return nil
}

// StaleAfter is how old the latest good backup may be before a nightly backup counts as
// missed (a day and a half: one late night is not yet an alarm).
const StaleAfter = 36 * time.Hour

// The states of the backups, for the coordinator's home and /healthz.
const (
	BackupsOff    = "off"    // no nightly backup and none made with the command
	BackupsNone   = "none"   // the nightly backup is on but has not run yet
	BackupsOK     = "ok"     // the latest backup worked
	BackupsFailed = "failed" // the latest backup failed
	BackupsStale  = "stale"  // the nightly backup is on, the latest good one is older than StaleAfter
)

// State sums the backups up. nightly tells whether the app makes a nightly backup.
func (s BackupStatus) State(now time.Time, nightly bool) string {
	switch {
	case s.Last == nil && nightly:
		return BackupsNone
	case s.Last == nil:
		return BackupsOff
	case !s.Last.OK:
		return BackupsFailed
	case nightly && now.Sub(s.Last.FinishedAt) > StaleAfter:
		return BackupsStale
	}
	return BackupsOK
}
