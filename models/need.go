package models

import (
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
