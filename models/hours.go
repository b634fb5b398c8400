package models

import (
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// HoursEntry is one volunteer's presence at a session, as confirmed afterwards.
type HoursEntry struct {
	ID            int64
	SessionID     int64
	RoleID        *int64
	UserID        int64
	Present       bool
	Minutes       int
	ConfirmedByID *int64
	ConfirmedAt   time.Time
}

// TableName keeps the table name explicit.
func (HoursEntry) TableName() string { return "volunteer_hours" }

// PlannedVolunteer is a volunteer planned for a session (from the shifts), with what
// was confirmed so far.
type PlannedVolunteer struct {
	UserID    int64
	Name      string
	RoleID    int64
	RoleName  string
	Planned   int // minutes: the session's length
	Confirmed *HoursEntry
}

// PlannedForSession lists the volunteers planned for a session, with any confirmation.
func PlannedForSession(db *gorm.DB, s *Session) ([]PlannedVolunteer, error) {
	roles, err := RolesOf(db, s.ActivityID)
	if err != nil {
		return nil, err
	}
	staffing, err := StaffingOf(db, roles, []Session{*s})
	if err != nil {
		return nil, err
	}
	var confirmed []HoursEntry
	if err := db.Where("session_id = ?", s.ID).Find(&confirmed).Error; err != nil {
		return nil, fmt.Errorf("store: unable to load hours of session %d: %w", s.ID, err)
	}
	byUser := map[int64]*HoursEntry{}
	for i := range confirmed {
		byUser[confirmed[i].UserID] = &confirmed[i]
	}
	minutes := int(s.EndsAt.Sub(s.StartsAt).Minutes())
	var out []PlannedVolunteer
	seen := map[int64]bool{}
	for _, r := range roles {
		for _, v := range staffing[r.ID][s.ID].Volunteers {
			if seen[v.UserID] {
				continue // one entry per volunteer per session
			}
			seen[v.UserID] = true
			out = append(out, PlannedVolunteer{UserID: v.UserID, Name: v.Name, RoleID: r.ID, RoleName: r.Name, Planned: minutes, Confirmed: byUser[v.UserID]})
		}
	}
	return out, nil
}

// ConfirmHours stores who was there and for how long; a second confirmation replaces
// the first.
func ConfirmHours(db *gorm.DB, sessionID, confirmedBy int64, entries []HoursEntry) error {
	if len(entries) == 0 {
		return nil
	}
	now := db.NowFunc()
	for i := range entries {
		entries[i].ID, entries[i].SessionID, entries[i].ConfirmedByID, entries[i].ConfirmedAt = 0, sessionID, &confirmedBy, now
	}
	err := db.Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "session_id"}, {Name: "user_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"role_id", "present", "minutes", "confirmed_by_id", "confirmed_at"}),
	}).Create(&entries).Error
	if err != nil {
		return fmt.Errorf("store: unable to confirm hours of session %d: %w", sessionID, err)
	}
	return nil
}

// PeriodHours is a volunteer's confirmed hours in a month or year.
type PeriodHours struct {
	Period  string // "2026-11" or "2026"
	Minutes int
}

// Hours returns whole hours with one decimal.
func (p PeriodHours) Hours() float64 { return float64(p.Minutes) / 60 }

// HoursOfVolunteer returns the user's confirmed hours per month and per year, newest first.
func HoursOfVolunteer(db *gorm.DB, userID int64, loc *time.Location) (months, years []PeriodHours, err error) {
	var rows []struct {
		Date    string
		Minutes int
	}
	err = db.Raw(`SELECT s.date, h.minutes FROM volunteer_hours h JOIN activity_sessions s ON s.id = h.session_id
		WHERE h.user_id = ? AND h.present = ? ORDER BY s.date DESC`, userID, true).Scan(&rows).Error
	if err != nil {
		return nil, nil, fmt.Errorf("store: unable to sum hours of user %d: %w", userID, err)
	}
	add := func(list []PeriodHours, period string, minutes int) []PeriodHours {
		if n := len(list); n > 0 && list[n-1].Period == period {
			list[n-1].Minutes += minutes
			return list
		}
		return append(list, PeriodHours{Period: period, Minutes: minutes})
	}
	for _, r := range rows {
		months = add(months, r.Date[:7], r.Minutes)
		years = add(years, r.Date[:4], r.Minutes)
	}
	return months, years, nil
}
