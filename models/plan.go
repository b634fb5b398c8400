package models

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// ErrNotPublished means the activity is not published (approved or paused), so it has
// no plan to change.
var ErrNotPublished = errors.New("the activity is not published")

// PlanChangedNote is the note on a session that the new plan no longer has but that
// was in use (volunteers signed up for it): it stays, cancelled, so they see it did
// not happen.
const PlanChangedNote = "Rooster gewijzigd"

// PlanChange tells what changing an activity's plan did.
type PlanChange struct {
	Moved     int // sessions still to come that are kept, at the new times
	Removed   int // sessions still to come that the new schedule no longer has
	Cancelled int // of those, sessions in use: kept as cancelled
	Promoted  int // people who moved up from the waiting list to a new place
}

// ChangePlan gives a published activity a new room, number of places and schedule, as
// the coordinator sets them after approval. Sessions that have begun stay as they
// were. Of the sessions still to come, those on a date the new schedule has get its
// times; the others go, except ones already in use (volunteers signed up, a check-in
// this morning for this afternoon), which stay as cancelled. Sessions for new dates
// are made when someone looks at them, as always. More places move people up from the
// waiting list in their order; fewer places take nobody's place away, new sign-ups
// wait until there is room. A room clash gives a *RoomConflictError naming the other
// activity.
func ChangePlan(db *gorm.DB, activityID int64, plan Approval, now time.Time, loc *time.Location) (PlanChange, error) {
	var change PlanChange
	err := db.Transaction(func(tx *gorm.DB) error {
		a, err := lockPublished(tx, activityID)
		if err != nil {
			return err
		}
		s := plan.Schedule.Normalised()
		if plan.RoomID != nil {
			if err := checkRoomFree(tx, activityID, *plan.RoomID, s); err != nil {
				return err
			}
		}
		columns := scheduleColumns(s)
		columns["room_id"], columns["capacity"], columns["updated_at"] = plan.RoomID, plan.Capacity, tx.NowFunc()
		err = tx.Model(&Activity{}).Where("id = ?", activityID).Updates(columns).Error
		if err != nil {
			return fmt.Errorf("update activity: %w", err)
		}
		if change, err = moveSessions(tx, activityID, s, now, loc); err != nil {
			return err
		}
		if change.Moved+change.Removed > 0 {
			users, err := activityAudience(tx, activityID)
			if err != nil {
				return err
			}
			d := NotifyData{Recurrence: s.Recurrence, Weekdays: s.Weekdays, StartTime: s.StartTime, EndTime: s.EndTime, FirstDate: s.FirstDate}
			if err := notifyActivity(tx, KindMoved, a, nil, users, d); err != nil {
				return err
			}
		}
		a.Capacity = plan.Capacity
		for a.Capacity > 0 {
			promoted, err := promoteFirst(tx, a)
			if err != nil {
				return fmt.Errorf("promote from waiting list: %w", err)
			}
			if promoted == 0 {
				break
			}
			change.Promoted++
		}
		return nil
	})
	var conflict *RoomConflictError
	if errors.Is(err, ErrNotPublished) || errors.As(err, &conflict) {
		return PlanChange{}, err
	}
	if err != nil {
		return PlanChange{}, fmt.Errorf("store: unable to change the plan of activity %d: %w", activityID, err)
	}
	return change, nil
}

// lockPublished locks the activity for the rest of the transaction, or gives
// ErrNotPublished when it is not approved or paused.
func lockPublished(tx *gorm.DB, activityID int64) (*Activity, error) {
	a, err := lockActivity(tx, activityID)
	if err != nil {
		return nil, err
	}
	if a.Status != StatusApproved && a.Status != StatusPaused {
		return nil, ErrNotPublished
	}
	return a, nil
}

// moveSessions brings the activity's sessions still to come in line with schedule s.
func moveSessions(tx *gorm.DB, activityID int64, s Schedule, now time.Time, loc *time.Location) (PlanChange, error) {
	var change PlanChange
	var coming []Session
	if err := tx.Where("activity_id = ? AND starts_at > ?", activityID, now.UTC()).Find(&coming).Error; err != nil {
		return change, fmt.Errorf("list sessions to come: %w", err)
	}
	for _, session := range coming {
		day, err := time.ParseInLocation(Date, session.Slot(), loc)
		if err != nil {
			return change, fmt.Errorf("session %d has date %q: %w", session.ID, session.Slot(), err)
		}
		if s.OccursOn(day) && session.IsMoved() {
			continue // moved by hand to its own day and time: that stays
		}
		if s.OccursOn(day) {
			start, end := s.Times(day, loc)
			if err := tx.Model(&Session{}).Where("id = ?", session.ID).Updates(map[string]any{"starts_at": start, "ends_at": end}).Error; err != nil {
				return change, fmt.Errorf("move session %d: %w", session.ID, err)
			}
			change.Moved++
			continue
		}
		change.Removed++
		var uses int64
		err = tx.Raw(`SELECT (SELECT COUNT(*) FROM shifts WHERE session_id = ?) + (SELECT COUNT(*) FROM visit_sessions WHERE session_id = ?)
			+ (SELECT COUNT(*) FROM volunteer_hours WHERE session_id = ?)`, session.ID, session.ID, session.ID).Scan(&uses).Error
		if err != nil {
			return change, fmt.Errorf("look for uses of session %d: %w", session.ID, err)
		}
		if uses == 0 {
			if err := tx.Delete(&Session{}, session.ID).Error; err != nil {
				return change, fmt.Errorf("remove session %d: %w", session.ID, err)
			}
			continue
		}
		change.Cancelled++
		if !session.Cancelled {
			err := tx.Model(&Session{}).Where("id = ?", session.ID).Updates(map[string]any{"cancelled": true, "cancel_note": PlanChangedNote}).Error
			if err != nil {
				return change, fmt.Errorf("cancel session %d: %w", session.ID, err)
			}
		}
	}
	return change, nil
}

// ChangeText corrects a published activity's title, answers and themes, as the
// coordinator may after approval (a typo in the programme, a theme forgotten). The
// needs, the review and the plan stay as they are.
func ChangeText(db *gorm.DB, activityID int64, title, want, can string, themes []string) error {
	err := db.Transaction(func(tx *gorm.DB) error {
		if _, err := lockPublished(tx, activityID); err != nil {
			return err
		}
		return tx.Model(&Activity{}).Where("id = ?", activityID).Updates(map[string]any{
			"title": title, "want": want, "can": can, "themes": strings.Join(themes, ","), "updated_at": tx.NowFunc(),
		}).Error
	})
	if errors.Is(err, ErrNotPublished) {
		return err
	}
	if err != nil {
		return fmt.Errorf("store: unable to change the text of activity %d: %w", activityID, err)
	}
	return nil
}
