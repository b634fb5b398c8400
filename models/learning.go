package models

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// ThemeLearning is the theme of a leersessie: the fortnightly learning session of the
// Samenwerkwijze, where professionals (housing, care, welfare, the municipality) and
// residents learn together from what happened in the neighbourhood. The report counts
// it as a theme of its own.
const ThemeLearning = "learning"

// MaxLearned bounds what one session's log holds: a short note, not minutes.
const MaxLearned = 1500

// LearningDays is how far back the list of learning sessions looks.
const LearningDays = 365

// ErrNotLearning means the session is not one of a learning session that took place.
var ErrNotLearning = errors.New("the session is not a learning session that took place")

// SessionLearning is what one learning session learned, in a few lines and without
// names of residents (the form reminds whoever writes it, and warns about names it
// knows): partners read it.
type SessionLearning struct {
	ID        int64
	SessionID int64
	AuthorID  *int64
	Learned   string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// IsLearning reports whether the activity is a learning session.
func (a *Activity) IsLearning() bool { return slices.Contains(a.ThemeList(), ThemeLearning) }

// LearningOf returns the session's log, or nil when none is written yet.
func LearningOf(db *gorm.DB, sessionID int64) (*SessionLearning, error) {
	var l SessionLearning
	err := db.Where("session_id = ?", sessionID).Take(&l).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to load the log of session %d: %w", sessionID, err)
	}
	return &l, nil
}

// SaveLearning writes (or rewrites) the log of a learning session that took place.
func SaveLearning(db *gorm.DB, a *Activity, s *Session, authorID int64, learned string, now time.Time) error {
	if !a.IsLearning() || s.Cancelled || s.StartsAt.After(now) {
		return ErrNotLearning
	}
	l := SessionLearning{SessionID: s.ID, AuthorID: &authorID, Learned: learned}
	err := db.Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "session_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"learned", "author_id", "updated_at"}),
	}).Create(&l).Error
	if err != nil {
		return fmt.Errorf("store: unable to save the log of session %d: %w", s.ID, err)
	}
	return nil
}

// LearningRow is a learning session that took place, with its log if written.
type LearningRow struct {
	SessionID  int64
	ActivityID int64
	Title      string
	Date       string
	StartsAt   time.Time
	Learned    string // empty: no log yet
	LeadID     *int64
}

// LearningSessions lists the centre's learning sessions of the last year that took
// place, newest first, with what each learned. The sessions are made first, as the
// report does, so that every date that took place is there.
func LearningSessions(db *gorm.DB, centre *Centre, now time.Time) ([]LearningRow, error) {
	var all []Activity
	err := db.Where("centre_id = ? AND status IN ?", centre.ID, []string{StatusApproved, StatusPaused, StatusEnded}).Find(&all).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list learning sessions: %w", err)
	}
	var learning []Activity
	var ids []int64
	for _, a := range all {
		if a.IsLearning() {
			learning, ids = append(learning, a), append(ids, a.ID)
		}
	}
	if len(learning) == 0 {
		return nil, nil
	}
	loc := centre.Location()
	local := now.In(loc)
	from := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc).AddDate(0, 0, -LearningDays)
	if err := EnsureSessions(db, learning, from, local.AddDate(0, 0, 1), loc); err != nil {
		return nil, err
	}
	var rows []LearningRow
	err = db.Table("activity_sessions s").
		Select("s.id AS session_id, s.activity_id, a.title, s.date, s.starts_at, COALESCE(l.learned, '') AS learned, a.lead_id").
		Joins("JOIN activities a ON a.id = s.activity_id").
		Joins("LEFT JOIN session_learnings l ON l.session_id = s.id").
		Where("s.activity_id IN ? AND s.cancelled = ? AND s.starts_at <= ? AND s.date >= ?", ids, false, now.UTC(), from.Format(Date)).
		Order("s.starts_at DESC, s.id DESC").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list learning sessions: %w", err)
	}
	return rows, nil
}
