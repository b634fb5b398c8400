package models

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Activity statuses: a proposal becomes a published activity when approved.
const (
	StatusDraft    = "draft"
	StatusProposed = "proposed"
	StatusApproved = "approved"
	StatusPaused   = "paused"
	StatusEnded    = "ended"
	StatusDeclined = "declined"
)

// Recurrence kinds of an activity's schedule.
const (
	RecurrenceOnce           = "once"
	RecurrenceWeekly         = "weekly"          // every week, or every n weeks
	RecurrenceMonthlyWeekday = "monthly_weekday" // "elke eerste dinsdag", "laatste vrijdag"
	RecurrenceMonthlyDate    = "monthly_date"    // "elke 15e van de maand"
	RecurrenceDates          = "dates"           // a list of own dates
)

// Recurrences are the schedule kinds in the order the editor offers them.
var Recurrences = []string{RecurrenceWeekly, RecurrenceMonthlyWeekday, RecurrenceMonthlyDate, RecurrenceDates, RecurrenceOnce}

// Activity is something residents do together, proposed with the three questions:
// Wat wil ik? (Want), Wat kan ik? (Can), Wat heb ik nodig? (its needs).
type Activity struct {
	ID             int64
	CentreID       int64
	ProposerID     *int64
	LeadID         *int64
	RoomID         *int64
	Title          string
	Want           string
	Can            string
	Themes         string // comma-separated theme keys, see Themes
	WishedTime     string // the proposer's wish in their own words
	ExpectedPeople int
	Capacity       int // 0 = open, no sign-up ("wie wil, schuift aan")
	Recurrence     string
	Weekdays       int    // bit 1<<time.Weekday for each weekday of a weekly activity, or the weekday of a monthly one
	IntervalWeeks  int    // weekly: every n weeks (1 = every week), counted from the week of FirstDate
	MonthOrdinal   int    // monthly on a weekday: 1–5, or -1 for the last
	MonthDay       int    // monthly on a date: 1–31
	Dates          string // own dates, comma-separated, sorted
	SkipDates      string // dates the rule has that are left out, comma-separated
	StartTime      string // "14:00", local time of the centre
	EndTime        string
	FirstDate      string // "2026-11-23", local date
	LastDate       string // empty = no end
	Status         string
	PublishedAt    *time.Time // when it was approved and put on the programme; nil for a proposal
	// DirectPublishedAt is when a trusted resident published it without review (the
	// trust path, trust.go); nil otherwise, and again once a coordinator takes it back.
	DirectPublishedAt *time.Time
	EndedAt           *time.Time // when a coordinator ended it
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

// Themes are the prevention themes of DESIGN.md section 5, in display order.
// The last, learning, is the Samenwerkwijze's leersessie (learning.go).
var Themes = []string{"meeting", "moving", "food", "language", "work", "health", "youth", "creativity", ThemeLearning}

// WeekdayBit is the bit of a weekday in Activity.Weekdays.
func WeekdayBit(d time.Weekday) int { return 1 << d }

// Errors of the proposal and review flow.
var (
	ErrNotEditable   = errors.New("the proposal is reviewed and can no longer be edited")
	ErrNotReviewable = errors.New("the proposal is not waiting for review")
)

// RoomConflictError says which activity already uses the room at that time.
type RoomConflictError struct {
	OtherID    int64
	OtherTitle string
}

func (e *RoomConflictError) Error() string {
	return fmt.Sprintf("room is already used by activity %d (%s)", e.OtherID, e.OtherTitle)
}

// ProposalInput is what a resident writes in a proposal.
type ProposalInput struct {
	// CentreID is the centre the proposal goes to (its coordinators review it, its
	// rooms are planned); 0 leaves it as it is.
	CentreID       int64
	Title          string
	Want           string
	Can            string
	Themes         []string
	WishedTime     string
	ExpectedPeople int
	Needs          []Need
}

func (in ProposalInput) apply(a *Activity) {
	if in.CentreID != 0 {
		a.CentreID = in.CentreID
	}
	a.Title, a.Want, a.Can = in.Title, in.Want, in.Can
	a.Themes = strings.Join(in.Themes, ",")
	a.WishedTime, a.ExpectedPeople = in.WishedTime, in.ExpectedPeople
}

// IsEditable reports whether the proposer may still change the proposal.
func (a *Activity) IsEditable() bool {
	return a.Status == StatusDraft || a.Status == StatusProposed
}

// IsPublished reports whether the activity is on the programme.
func (a *Activity) IsPublished() bool { return a.Status == StatusApproved }

// ActivityByID returns the activity, or nil.
func ActivityByID(db *gorm.DB, id int64) (*Activity, error) {
	var a Activity
	err := db.Where("id = ?", id).Take(&a).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to load activity %d: %w", id, err)
	}
	return &a, nil
}

// CreateProposal stores a new proposal, as a draft or submitted for review.
func CreateProposal(db *gorm.DB, centreID, proposerID int64, in ProposalInput, submit bool) (*Activity, error) {
	a := Activity{CentreID: centreID, ProposerID: &proposerID, Status: StatusDraft, Recurrence: RecurrenceOnce}
	if submit {
		a.Status = StatusProposed
	}
	in.apply(&a)
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&a).Error; err != nil {
			return err
		}
		return replaceNeeds(tx, a.ID, in.Needs)
	})
	if err != nil {
		return nil, fmt.Errorf("store: unable to create proposal: %w", err)
	}
	return &a, nil
}

// UpdateProposal changes a proposal that is not reviewed yet; submit sends it for review.
func UpdateProposal(db *gorm.DB, activityID int64, in ProposalInput, submit bool) error {
	err := db.Transaction(func(tx *gorm.DB) error {
		a, err := lockActivity(tx, activityID)
		if err != nil {
			return err
		}
		if !a.IsEditable() {
			return ErrNotEditable
		}
		in.apply(a)
		if submit {
			a.Status = StatusProposed
		}
		if err := tx.Save(a).Error; err != nil {
			return err
		}
		return replaceNeeds(tx, a.ID, in.Needs)
	})
	if errors.Is(err, ErrNotEditable) {
		return err
	}
	if err != nil {
		return fmt.Errorf("store: unable to update proposal %d: %w", activityID, err)
	}
	return nil
}

// ProposalsOf lists what a user proposed, newest first.
func ProposalsOf(db *gorm.DB, userID int64) ([]Activity, error) {
	var as []Activity
	if err := db.Where("proposer_id = ?", userID).Order("created_at DESC, id DESC").Find(&as).Error; err != nil {
		return nil, fmt.Errorf("store: unable to list proposals of user %d: %w", userID, err)
	}
	return as, nil
}

// ProposalRow is a proposal in the coordinator's list.
type ProposalRow struct {
	Activity
	ProposerName string
}

// ProposalsByStatus lists the proposals of a centre with the given status, oldest first
// so that nobody waits longest.
func ProposalsByStatus(db *gorm.DB, centreID int64, status string) ([]ProposalRow, error) {
	var rows []ProposalRow
	err := db.Table("activities a").Select("a.*, COALESCE(u.name, '') AS proposer_name").
		Joins("LEFT JOIN users u ON u.id = a.proposer_id").
		Where("a.centre_id = ? AND a.status = ?", centreID, status).
		Order("a.updated_at, a.id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list %s proposals: %w", status, err)
	}
	return rows, nil
}

// CountByStatus counts a centre's activities per status.
func CountByStatus(db *gorm.DB, centreID int64) (map[string]int64, error) {
	var rows []struct {
		Status string
		N      int64
	}
	err := db.Model(&Activity{}).Select("status, COUNT(*) AS n").Where("centre_id = ?", centreID).Group("status").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to count activities: %w", err)
	}
	counts := map[string]int64{}
	for _, r := range rows {
		counts[r.Status] = r.N
	}
	return counts, nil
}

// Approval is what the coordinator decides when approving: where, when, how many.
type Approval struct {
	RoomID   *int64
	Capacity int
	Schedule Schedule
}

// ReviewProposal records a decision on a proposal. Approving publishes it with the
// proposer as lead, after checking that the room is free at those times; a clash gives
// a *RoomConflictError naming the other activity.
func ReviewProposal(db *gorm.DB, activityID int64, review Review, approval *Approval) error {
	err := db.Transaction(func(tx *gorm.DB) error {
		a, err := lockActivity(tx, activityID)
		if err != nil {
			return err
		}
		if a.Status != StatusProposed {
			return ErrNotReviewable
		}
		switch review.Decision {
		case DecisionApprove, DecisionEntered:
			if approval == nil {
				return errors.New("approve without approval details")
			}
			if approval.RoomID != nil {
				if err := checkRoomFree(tx, activityID, *approval.RoomID, approval.Schedule.Normalised()); err != nil {
					return err
				}
			}
			a.RoomID, a.Capacity, a.LeadID = approval.RoomID, approval.Capacity, a.ProposerID
			a.SetSchedule(approval.Schedule.Normalised())
			a.Status = StatusApproved
			published := tx.NowFunc()
			a.PublishedAt = &published
		case DecisionDecline:
			a.Status = StatusDeclined
		case DecisionTalk:
			// The proposal stays open; the message starts the conversation.
		default:
			return fmt.Errorf("unknown decision %q", review.Decision)
		}
		if err := tx.Save(a).Error; err != nil {
			return err
		}
		review.ID, review.ActivityID = 0, activityID
		if err := tx.Create(&review).Error; err != nil {
			return err
		}
		if a.ProposerID != nil {
			d := NotifyData{Decision: review.Decision, Reason: review.Message}
			if err := notifyActivity(tx, KindDecision, a, nil, []int64{*a.ProposerID}, d); err != nil {
				return err
			}
		}
		if review.Decision == DecisionApprove || review.Decision == DecisionEntered {
			return onApprove(tx, a)
		}
		return nil
	})
	var conflict *RoomConflictError
	if errors.Is(err, ErrNotReviewable) || errors.As(err, &conflict) {
		return err
	}
	if err != nil {
		return fmt.Errorf("store: unable to review proposal %d: %w", activityID, err)
	}
	return nil
}

// onApprove runs what approval sets in motion beyond the activity row itself: the
// proposal's "volunteers for a role" needs become the activity's volunteer roles, and
// approving with a room arranges its need of a room.
func onApprove(tx *gorm.DB, a *Activity) error {
	if a.RoomID != nil {
		err := tx.Model(&Need{}).Where("activity_id = ? AND kind = ? AND status <> ?", a.ID, NeedRoom, NeedArranged).
			Updates(map[string]any{"status": NeedArranged, "updated_at": tx.NowFunc()}).Error
		if err != nil {
			return fmt.Errorf("arrange the room need: %w", err)
		}
	}
	return rolesFromNeeds(tx, a)
}

// checkRoomFree refuses a schedule that clashes with another published activity in the
// room. The room row is locked so two approvals for one room cannot both pass.
func checkRoomFree(tx *gorm.DB, activityID, roomID int64, s Schedule) error {
	if err := lockRow(tx, "rooms", roomID); err != nil {
		return err
	}
	var others []Activity
	err := tx.Where("room_id = ? AND id <> ? AND status = ?", roomID, activityID, StatusApproved).Find(&others).Error
	if err != nil {
		return fmt.Errorf("list activities in room %d: %w", roomID, err)
	}
	for _, o := range others {
		if s.Overlaps(o.Schedule()) {
			return &RoomConflictError{OtherID: o.ID, OtherTitle: o.Title}
		}
	}
	return nil
}

// lockActivity reads the activity and, on PostgreSQL, locks its row for the rest of the
// transaction in the same statement.
func lockActivity(tx *gorm.DB, id int64) (*Activity, error) {
	q := tx.Where("id = ?", id)
	if IsPostgres(tx) {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var a Activity
	if err := q.Take(&a).Error; err != nil {
		return nil, fmt.Errorf("lock activity %d: %w", id, err)
	}
	return &a, nil
}

// lockRow takes a row lock for the rest of the transaction on PostgreSQL. SQLite needs
// none: its transactions start with the database's write lock (_txlock=immediate).
func lockRow(tx *gorm.DB, table string, id int64) error {
	if !IsPostgres(tx) {
		return nil
	}
	var got int64
	if err := tx.Raw("SELECT id FROM "+table+" WHERE id = ? FOR UPDATE", id).Scan(&got).Error; err != nil {
		return fmt.Errorf("lock %s %d: %w", table, id, err)
	}
	return nil
}

// ErrStatusChange means the activity cannot go to that status from where it is.
var ErrStatusChange = errors.New("the activity cannot change to that status")

// SetActivityStatus pauses, resumes or ends a published activity. Ending also sets the
// last date to today (when it was later or open), so no future sessions remain.
func SetActivityStatus(db *gorm.DB, activityID int64, status string, today string) error {
	allowed := map[string][]string{
		StatusPaused:   {StatusApproved},
		StatusApproved: {StatusPaused},
		StatusEnded:    {StatusApproved, StatusPaused},
	}
	err := db.Transaction(func(tx *gorm.DB) error {
		a, err := lockActivity(tx, activityID)
		if err != nil {
			return err
		}
		ok := false
		for _, from := range allowed[status] {
			ok = ok || a.Status == from
		}
		if !ok {
			return ErrStatusChange
		}
		changes := map[string]any{"status": status, "updated_at": tx.NowFunc()}
		if status == StatusEnded {
			changes["ended_at"] = tx.NowFunc()
		}
		if status == StatusEnded && a.Recurrence != RecurrenceOnce && (a.LastDate == "" || a.LastDate > today) {
			changes["last_date"] = today
		}
		if err := tx.Model(&Activity{}).Where("id = ?", activityID).Updates(changes).Error; err != nil {
			return err
		}
		if status == StatusEnded {
			// Sessions still to come go away with the activity.
			return removeComingSessions(tx, activityID, today)
		}
		return nil
	})
	if errors.Is(err, ErrStatusChange) {
		return err
	}
	if err != nil {
		return fmt.Errorf("store: unable to set status of activity %d: %w", activityID, err)
	}
	return nil
}

// removeComingSessions deletes the activity's sessions after the local date today that
// nothing refers to (a check-in, hours, a shift for that one session).
func removeComingSessions(tx *gorm.DB, activityID int64, today string) error {
	return tx.Exec(`DELETE FROM activity_sessions WHERE activity_id = ? AND date > ?
		AND id NOT IN (SELECT session_id FROM visit_sessions) AND id NOT IN (SELECT session_id FROM volunteer_hours)
		AND id NOT IN (SELECT session_id FROM shifts WHERE session_id IS NOT NULL)`, activityID, today).Error
}
