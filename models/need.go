package models

import (
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Kinds of need ("Wat heb ik nodig?").
const (
	NeedRoom       = "room"
	NeedMaterials  = "materials"
	NeedBudget     = "budget"
	NeedVolunteers = "volunteers" // volunteers for a role; Description is the role's name
	NeedCheck      = "check"      // a check such as kitchen hygiene
	NeedOther      = "other"
)

// NeedKinds lists the kinds in form order.
var NeedKinds = []string{NeedRoom, NeedMaterials, NeedBudget, NeedVolunteers, NeedCheck, NeedOther}

// Need statuses: open → offered (someone said "Ik kan dit regelen") → arranged.
const (
	NeedOpen     = "open"
	NeedOffered  = "offered"
	NeedArranged = "arranged"
)

// Need is one concrete thing an activity needs.
type Need struct {
	ID          int64
	ActivityID  int64
	Position    int
	Kind        string
	Description string
	AmountCents int64 // for budget and materials; 0 when not applicable
	Volunteers  int   // for volunteers: how many per session
	Status      string
	OfferedByID *int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// TableName keeps the table name explicit.
func (Need) TableName() string { return "activity_needs" }

// NeedsOf lists an activity's needs in the order the proposer wrote them.
func NeedsOf(db *gorm.DB, activityID int64) ([]Need, error) {
	var needs []Need
	if err := db.Where("activity_id = ?", activityID).Order("position, id").Find(&needs).Error; err != nil {
		return nil, fmt.Errorf("store: unable to list needs of activity %d: %w", activityID, err)
	}
	return needs, nil
}

// replaceNeeds stores needs as the activity's whole list.
func replaceNeeds(tx *gorm.DB, activityID int64, needs []Need) error {
	if err := tx.Where("activity_id = ?", activityID).Delete(&Need{}).Error; err != nil {
		return fmt.Errorf("delete old needs: %w", err)
	}
	for i := range needs {
		needs[i].ID = 0
		needs[i].ActivityID = activityID
		needs[i].Position = i
		if needs[i].Status == "" {
			needs[i].Status = NeedOpen
		}
	}
	if len(needs) == 0 {
		return nil
	}
	if err := tx.Create(&needs).Error; err != nil {
		return fmt.Errorf("create needs: %w", err)
	}
	return nil
}

// Where a need on the board comes from.
const (
	NeedOfActivity  = "activity"
	NeedOfVolunteer = "volunteer"
)

// BoardNeed is an open need on the needs board, from an activity (or proposal) or from
// a volunteer's offer.
type BoardNeed struct {
	Source         string // NeedOfActivity or NeedOfVolunteer
	ID             int64
	Kind           string
	Description    string
	AmountCents    int64
	Volunteers     int
	Status         string
	ActivityID     int64
	ActivityTitle  string
	ActivityStatus string // a proposal has no public page yet
	VolunteerID    int64
	VolunteerName  string // only shown to coordinators
	OfferedByName  string
	Matches        []Match `gorm:"-"` // for an activity's role: volunteers who fit, best first (withMatches)
}

// NeedsBoard lists every need not yet arranged: of the centre's proposals and
// published activities, and of active volunteers. withMatches suggests volunteers for
// every need of volunteers for a role (for the coordinator). At most four statements,
// however many needs there are.
func NeedsBoard(db *gorm.DB, centreID int64, withMatches bool) ([]BoardNeed, error) {
	var board []BoardNeed
	err := db.Raw(`SELECT 'activity' AS source, n.id, n.kind, n.description, n.amount_cents, n.volunteers, n.status,
			a.id AS activity_id, a.title AS activity_title, a.status AS activity_status, COALESCE(o.name, '') AS offered_by_name
		FROM activity_needs n JOIN activities a ON a.id = n.activity_id
		LEFT JOIN users o ON o.id = n.offered_by_id
		WHERE a.centre_id = ? AND a.status IN ? AND n.status <> ?
		ORDER BY a.title, n.position`, centreID, []string{StatusProposed, StatusApproved}, NeedArranged).Scan(&board).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list activity needs: %w", err)
	}
	var vol []BoardNeed
	err = db.Raw(`SELECT 'volunteer' AS source, n.id, n.kind, n.description, n.status,
			u.id AS volunteer_id, u.name AS volunteer_name, COALESCE(o.name, '') AS offered_by_name
		FROM volunteer_needs n JOIN volunteer_profiles p ON p.user_id = n.user_id AND p.active = ?
		JOIN users u ON u.id = n.user_id LEFT JOIN users o ON o.id = n.offered_by_id
		WHERE n.status <> ? ORDER BY u.name, n.id`, true, NeedArranged).Scan(&vol).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list volunteer needs: %w", err)
	}
	if withMatches {
		if err := matchBoard(db, board); err != nil {
			return nil, err
		}
	}
	return append(board, vol...), nil
}

// matchBoard fills the matches of the board's needs of volunteers for a role, with the
// activities and the volunteers read once for all of them.
func matchBoard(db *gorm.DB, board []BoardNeed) error {
	var ids []int64
	for _, n := range board {
		if n.Kind == NeedVolunteers {
			ids = append(ids, n.ActivityID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	var activities []Activity
	if err := db.Where("id IN ?", ids).Find(&activities).Error; err != nil {
		return fmt.Errorf("store: unable to load the activities of the needs: %w", err)
	}
	byID := make(map[int64]*Activity, len(activities))
	for i := range activities {
		byID[activities[i].ID] = &activities[i]
	}
	volunteers, err := activeVolunteers(db)
	if err != nil {
		return err
	}
	for i, n := range board {
		if a := byID[n.ActivityID]; a != nil && n.Kind == NeedVolunteers {
			board[i].Matches = rankVolunteers(volunteers, n.Description, a)
		}
	}
	return nil
}

// ErrNeedNotOpen means the need was already offered or arranged.
var ErrNeedNotOpen = errors.New("need is no longer open")

// OfferNeed records that a user can arrange an open need ("Ik kan dit regelen"). It gives
// ErrNeedNotOpen when someone was first, ErrNotFound when there is no such need.
func OfferNeed(db *gorm.DB, source string, id, userID int64) error {
	res := onBoard(db.Table(needTable(source)), source).Where("id = ? AND status = ?", id, NeedOpen).
		Updates(map[string]any{"status": NeedOffered, "offered_by_id": userID, "updated_at": db.NowFunc()})
	if res.Error != nil {
		return fmt.Errorf("store: unable to offer need %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return whyNeedUnchanged(db, source, id)
	}
	return nil
}

// ArrangeNeed marks a need as arranged; errors as OfferNeed.
func ArrangeNeed(db *gorm.DB, centreID int64, source string, id int64) error {
	if source == NeedOfActivity {
		// A coordinator arranges the needs of their own centre's activities only; one
		// of another centre is not found.
		var n int64
		err := db.Table("activity_needs").Where("id = ? AND activity_id IN (SELECT id FROM activities WHERE centre_id = ?)", id, centreID).Count(&n).Error
		if err != nil {
			return fmt.Errorf("store: unable to look up need %d: %w", id, err)
		}
		if n == 0 {
			return ErrNotFound
		}
	}
	res := onBoard(db.Table(needTable(source)), source).Where("id = ? AND status <> ?", id, NeedArranged).
		Updates(map[string]any{"status": NeedArranged, "updated_at": db.NowFunc()})
	if res.Error != nil {
		return fmt.Errorf("store: unable to arrange need %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return whyNeedUnchanged(db, source, id)
	}
	return nil
}

// onBoard keeps the needs the needs board shows: those of proposals and published
// activities, and of active volunteers. A need of a declined proposal or of someone
// who stopped volunteering cannot be offered or arranged.
func onBoard(q *gorm.DB, source string) *gorm.DB {
	if source == NeedOfVolunteer {
		return q.Where("user_id IN (SELECT user_id FROM volunteer_profiles WHERE active = ?)", true)
	}
	return q.Where("activity_id IN (SELECT id FROM activities WHERE status IN ?)", []string{StatusProposed, StatusApproved})
}

// whyNeedUnchanged tells a need that is no longer open (ErrNeedNotOpen) from one that
// is not on the board or does not exist (ErrNotFound), after a change touched no row.
func whyNeedUnchanged(db *gorm.DB, source string, id int64) error {
	var n int64
	if err := onBoard(db.Table(needTable(source)), source).Where("id = ?", id).Count(&n).Error; err != nil {
		return fmt.Errorf("store: unable to look up need %d: %w", id, err)
	}
	if n == 0 {
		return ErrNotFound
	}
	return ErrNeedNotOpen
}

func needTable(source string) string {
	if source == NeedOfVolunteer {
		return "volunteer_needs"
	}
	return "activity_needs"
}
