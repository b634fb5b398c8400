package models

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"
)

// Steps of the trust path in an activity's review history, beside the decisions of
// review.go: the resident published it directly; a coordinator took it back (with the
// reason the resident reads); a coordinator took the resident's trust away or gave it
// back.
const (
	DecisionDirect        = "direct"
	DecisionWithdraw      = "withdraw"
	DecisionTrustRevoked  = "trust_revoked"
	DecisionTrustRestored = "trust_restored"
)

// TrustYear is how far back an activity ended by a coordinator stands in the way of the
// trust path.
const TrustYear = 365 * 24 * time.Hour

// Errors of the trust path.
var (
	ErrNotTrusted      = errors.New("the resident may not publish this activity without review")
	ErrNotWithdrawable = errors.New("the activity was not published directly, or is taken back already")
)

// Trust is what the trust path allows a resident at a centre: to publish a new activity
// without review when its themes are all themes of activities they led there that held
// enough sessions together, while none of their activities was ended by a coordinator
// in the last year and no coordinator took the trust away.
type Trust struct {
	Resident      bool       // only residents walk the path (coordinators decide themselves)
	RevokedAt     *time.Time // a coordinator took the trust away
	EndedRecently bool       // an activity they led or proposed was ended in the last year
	MinSessions   int
	Held          map[string]int // sessions held per theme by the activities they led here
	Themes        []string       // themes with at least MinSessions held, in Themes order
}

// Trusted reports whether the resident may publish some kind of activity directly.
func (t Trust) Trusted() bool {
	return t.Resident && t.RevokedAt == nil && !t.EndedRecently && len(t.Themes) > 0
}

// Allows reports whether an activity with these themes may be published directly: at
// least one theme, and each one a theme the resident ran before.
func (t Trust) Allows(themes []string) bool {
	if !t.Trusted() || len(themes) == 0 {
		return false
	}
	for _, th := range themes {
		if !slices.Contains(t.Themes, th) {
			return false
		}
	}
	return true
}

// TrustOf works out the trust path for the user at the centre (loc is its zone). The
// sessions of the activities they led are made up to now first, as the report does, so
// that "held" counts every date that took place.
func TrustOf(db *gorm.DB, centreID int64, u *User, minSessions int, now time.Time, loc *time.Location) (Trust, error) {
	t := Trust{Resident: u != nil && u.Role == RoleResident, MinSessions: minSessions, Held: map[string]int{}}
	if !t.Resident {
		return t, nil
	}
	t.RevokedAt = u.TrustRevokedAt
	var ended int64
	err := db.Model(&Activity{}).Where("(lead_id = ? OR proposer_id = ?) AND status = ? AND ended_at > ?",
		u.ID, u.ID, StatusEnded, now.Add(-TrustYear).UTC()).Count(&ended).Error
	if err != nil {
		return t, fmt.Errorf("store: unable to look for ended activities of user %d: %w", u.ID, err)
	}
	t.EndedRecently = ended > 0

	var led []Activity
	err = db.Where("centre_id = ? AND lead_id = ? AND status IN ?", centreID, u.ID, []string{StatusApproved, StatusPaused, StatusEnded}).
		Find(&led).Error
	if err != nil {
		return t, fmt.Errorf("store: unable to list activities led by user %d: %w", u.ID, err)
	}
	if len(led) == 0 {
		return t, nil
	}
	from := now
	for _, a := range led {
		if first, err := LocalDate(a.Schedule().Normalised().FirstDate, loc); err == nil && first.Before(from) {
			from = first
		}
	}
	if err := EnsureSessions(db, led, from, now.In(loc).AddDate(0, 0, 1), loc); err != nil {
		return t, err
	}
	ids := make([]int64, len(led))
	for i, a := range led {
		ids[i] = a.ID
	}
	var rows []struct {
		ActivityID int64
		Held       int
	}
	err = db.Raw(`SELECT activity_id, COUNT(*) AS held FROM activity_sessions
		WHERE activity_id IN ? AND cancelled = ? AND starts_at <= ? GROUP BY activity_id`, ids, false, now.UTC()).Scan(&rows).Error
	if err != nil {
		return t, fmt.Errorf("store: unable to count sessions held by user %d: %w", u.ID, err)
	}
	held := map[int64]int{}
	for _, r := range rows {
		held[r.ActivityID] = r.Held
	}
	for _, a := range led {
		for _, th := range a.ThemeList() {
			t.Held[th] += held[a.ID]
		}
	}
	for _, th := range Themes {
		if t.Held[th] >= minSessions {
			t.Themes = append(t.Themes, th)
		}
	}
	return t, nil
}

// PublishDirectly is the trust path: the resident's proposal (a new one when
// activityID is 0, else their draft or proposal waiting for review) is published at
// once with the room and schedule they chose, as if approved, with the resident as
// lead. The history records the step; a room clash is a *RoomConflictError.
func PublishDirectly(db *gorm.DB, centreID, userID, activityID int64, in ProposalInput, plan Approval) (*Activity, error) {
	var a *Activity
	err := db.Transaction(func(tx *gorm.DB) error {
		if activityID == 0 {
			a = &Activity{CentreID: centreID, ProposerID: &userID, Status: StatusProposed, Recurrence: RecurrenceOnce}
			in.apply(a)
			if err := tx.Create(a).Error; err != nil {
				return err
			}
		} else {
			var err error
			if a, err = lockActivity(tx, activityID); err != nil {
				return err
			}
			if !a.IsEditable() {
				return ErrNotEditable
			}
			if withdrawn, err := WasWithdrawn(tx, a.ID); err != nil {
				return err
			} else if withdrawn {
				return ErrNotTrusted
			}
			in.apply(a)
		}
		if err := replaceNeeds(tx, a.ID, in.Needs); err != nil {
			return err
		}
		if plan.RoomID != nil {
			if err := checkRoomFree(tx, a.ID, *plan.RoomID, plan.Schedule.Normalised()); err != nil {
				return err
			}
		}
		now := tx.NowFunc()
		a.RoomID, a.Capacity, a.LeadID = plan.RoomID, plan.Capacity, &userID
		a.SetSchedule(plan.Schedule.Normalised())
		a.Status, a.PublishedAt, a.DirectPublishedAt = StatusApproved, &now, &now
		if err := tx.Save(a).Error; err != nil {
			return err
		}
		if err := tx.Create(&Review{ActivityID: a.ID, ReviewerID: &userID, Decision: DecisionDirect}).Error; err != nil {
			return err
		}
		return onApprove(tx, a)
	})
	var conflict *RoomConflictError
	if errors.Is(err, ErrNotEditable) || errors.As(err, &conflict) {
		return nil, err
	}
	if errors.Is(err, ErrNotTrusted) {
		return nil, ErrNotTrusted
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to publish directly for user %d: %w", userID, err)
	}
	return a, nil
}

// WithdrawDirect takes a directly published activity back off the programme: it waits
// for review again like any proposal (the resident may change it), its sessions to come
// go, and the resident reads the coordinator's reason (a message of the decision kind).
// Those who had signed up keep their place for when it is approved.
func WithdrawDirect(db *gorm.DB, activityID, coordinatorID int64, reason, today string) error {
	err := db.Transaction(func(tx *gorm.DB) error {
		a, err := lockActivity(tx, activityID)
		if err != nil {
			return err
		}
		if a.DirectPublishedAt == nil || a.Status != StatusApproved {
			return ErrNotWithdrawable
		}
		err = tx.Model(&Activity{}).Where("id = ?", a.ID).Updates(map[string]any{
			"status": StatusProposed, "published_at": nil, "direct_published_at": nil, "updated_at": tx.NowFunc()}).Error
		if err != nil {
			return err
		}
		if err := removeComingSessions(tx, a.ID, today); err != nil {
			return err
		}
		review := Review{ActivityID: a.ID, ReviewerID: &coordinatorID, Decision: DecisionWithdraw, Message: reason}
		if err := tx.Create(&review).Error; err != nil {
			return err
		}
		if a.ProposerID == nil {
			return nil
		}
		return notifyActivity(tx, KindDecision, a, nil, []int64{*a.ProposerID}, NotifyData{Decision: DecisionWithdraw, Reason: reason})
	})
	if errors.Is(err, ErrNotWithdrawable) {
		return err
	}
	if err != nil {
		return fmt.Errorf("store: unable to take back activity %d: %w", activityID, err)
	}
	return nil
}

// SetTrust takes the trust path away from the proposer of the activity (revoke) or
// gives it back; the step goes into that activity's history with the reason, if any.
func SetTrust(db *gorm.DB, activityID, coordinatorID int64, revoke bool, reason string) error {
	err := db.Transaction(func(tx *gorm.DB) error {
		a, err := lockActivity(tx, activityID)
		if err != nil {
			return err
		}
		if a.ProposerID == nil {
			return ErrNotTrusted
		}
		step, at := DecisionTrustRestored, any(nil)
		if revoke {
			step, at = DecisionTrustRevoked, tx.NowFunc()
		}
		if err := tx.Model(&User{}).Where("id = ?", *a.ProposerID).Update("trust_revoked_at", at).Error; err != nil {
			return err
		}
		return tx.Create(&Review{ActivityID: a.ID, ReviewerID: &coordinatorID, Decision: step, Message: reason}).Error
	})
	if errors.Is(err, ErrNotTrusted) {
		return err
	}
	if err != nil {
		return fmt.Errorf("store: unable to change the trust of the proposer of activity %d: %w", activityID, err)
	}
	return nil
}

// DirectlyPublished lists the centre's activities published on the trust path and not
// taken back, newest first: the coordinator's tab "direct gepubliceerd".
func DirectlyPublished(db *gorm.DB, centreID int64) ([]ProposalRow, error) {
	var rows []ProposalRow
	err := db.Table("activities a").Select("a.*, COALESCE(u.name, '') AS proposer_name").
		Joins("LEFT JOIN users u ON u.id = a.proposer_id").
		Where("a.centre_id = ? AND a.direct_published_at IS NOT NULL", centreID).
		Order("a.direct_published_at DESC, a.id DESC").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list directly published activities: %w", err)
	}
	return rows, nil
}

// CountDirectlyPublished counts them, for the tab.
func CountDirectlyPublished(db *gorm.DB, centreID int64) (int64, error) {
	var n int64
	if err := db.Model(&Activity{}).Where("centre_id = ? AND direct_published_at IS NOT NULL", centreID).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("store: unable to count directly published activities: %w", err)
	}
	return n, nil
}

// WasWithdrawn reports whether a coordinator ever took the activity back: then it waits
// for review, and the trust path is not open for it again.
func WasWithdrawn(db *gorm.DB, activityID int64) (bool, error) {
	var n int64
	if err := db.Model(&Review{}).Where("activity_id = ? AND decision = ?", activityID, DecisionWithdraw).Count(&n).Error; err != nil {
		return false, fmt.Errorf("store: unable to read the history of activity %d: %w", activityID, err)
	}
	return n > 0, nil
}
