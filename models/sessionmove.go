package models

import (
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Errors of moving one session.
var (
	// ErrSessionBegun means the session has begun or is over: it stays where it was.
	ErrSessionBegun = errors.New("the session has begun and cannot be moved")
	// ErrSessionDateTaken means the activity has another session on that date.
	ErrSessionDateTaken = errors.New("the activity has another session on that date")
)

// SessionMove is where and when one session goes instead: a local date, clock times
// and a room (nil: the activity's own room).
type SessionMove struct {
	Date      string
	StartTime string
	EndTime   string
	RoomID    *int64
}

// MoveSession moves one session that has not begun to another day, time or room. It
// stays the same session (the same id), so everything tied to it stays: the
// participants' "Deze keer niet", the volunteers' shifts for that session, check-ins.
// The date the schedule gave it is kept as its slot, so the schedule does not make it
// again. A date on which the activity has another session (or its schedule has one)
// gives ErrSessionDateTaken; a room in use by another session at that time a
// *RoomConflictError naming that activity.
func MoveSession(db *gorm.DB, sessionID int64, move SessionMove, now time.Time, loc *time.Location) error {
	err := db.Transaction(func(tx *gorm.DB) error {
		var s Session
		if err := tx.Where("id = ?", sessionID).Take(&s).Error; err != nil {
			return fmt.Errorf("load session: %w", err)
		}
		a, err := lockActivity(tx, s.ActivityID)
		if err != nil {
			return err
		}
		if !s.StartsAt.After(now) {
			return ErrSessionBegun
		}
		day, err := LocalDate(move.Date, loc)
		if err != nil {
			return fmt.Errorf("date %q: %w", move.Date, err)
		}
		sch := a.Schedule()
		sch.StartTime, sch.EndTime = move.StartTime, move.EndTime
		start, end := sch.Times(day, loc)
		if move.Date != s.Slot() {
			if a.Schedule().OccursOn(day) {
				return ErrSessionDateTaken
			}
			var n int64
			if err := tx.Model(&Session{}).Where("activity_id = ? AND id <> ? AND (date = ? OR slot_date = ?)",
				a.ID, s.ID, move.Date, move.Date).Count(&n).Error; err != nil {
				return fmt.Errorf("look for sessions on %s: %w", move.Date, err)
			}
			if n > 0 {
				return ErrSessionDateTaken
			}
		}
		room := move.RoomID
		if room == nil {
			room = a.RoomID
		}
		if room != nil {
			if err := checkSessionRoomFree(tx, a, s.ID, *room, day, start, end, loc); err != nil {
				return err
			}
		}
		var roomOverride *int64
		if move.RoomID != nil && (a.RoomID == nil || *move.RoomID != *a.RoomID) {
			roomOverride = move.RoomID
		}
		changes := map[string]any{"date": move.Date, "starts_at": start, "ends_at": end, "room_id": roomOverride}
		if move.Date != s.Date || !start.Equal(s.StartsAt) || !end.Equal(s.EndsAt) {
			changes["slot_date"] = s.Slot()
		}
		if err := tx.Model(&Session{}).Where("id = ?", s.ID).Updates(changes).Error; err != nil {
			return err
		}
		if move.Date == s.Date {
			return nil
		}
		// Check-ins count for their session's date (a visit of today may already be
		// linked to a session later today): a stored week or period holding either
		// date no longer says what its sessions had.
		week := WeekOf(s.StartsAt, loc).String()
		if w := WeekOf(start, loc).String(); w < week {
			week = w
		}
		return forgetWeeksFrom(tx, a.CentreID, week)
	})
	var conflict *RoomConflictError
	if errors.Is(err, ErrSessionBegun) || errors.Is(err, ErrSessionDateTaken) || errors.As(err, &conflict) {
		return err
	}
	if err != nil {
		return fmt.Errorf("store: unable to move session %d: %w", sessionID, err)
	}
	return nil
}

// checkSessionRoomFree refuses a session in the room from start to end when another
// session that is not called off uses the room then. The sessions of that day are made
// first (from every published activity of the centre), so one that nobody looked at yet
// counts too. The room row is locked so two moves into one room cannot both pass.
func checkSessionRoomFree(tx *gorm.DB, a *Activity, sessionID, roomID int64, day, start, end time.Time, loc *time.Location) error {
	if err := lockRow(tx, "rooms", roomID); err != nil {
		return err
	}
	activities, err := PublishedActivities(tx, a.CentreID, day, day.AddDate(0, 0, 1), "")
	if err != nil {
		return err
	}
	if _, err := SessionsOf(tx, activities, day, day.AddDate(0, 0, 1), loc); err != nil {
		return err
	}
	var other struct {
		ID    int64
		Title string
	}
	err = tx.Raw(`SELECT a.id, a.title FROM activity_sessions s JOIN activities a ON a.id = s.activity_id
		WHERE s.id <> ? AND s.cancelled = ? AND a.status = ? AND COALESCE(s.room_id, a.room_id) = ?
			AND s.starts_at < ? AND s.ends_at > ? ORDER BY s.starts_at LIMIT 1`,
		sessionID, false, StatusApproved, roomID, end.UTC(), start.UTC()).Scan(&other).Error
	if err != nil {
		return fmt.Errorf("look for sessions in room %d: %w", roomID, err)
	}
	if other.ID != 0 {
		return &RoomConflictError{OtherID: other.ID, OtherTitle: other.Title}
	}
	return nil
}
