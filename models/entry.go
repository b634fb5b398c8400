package models

import (
	"errors"
	"fmt"

	"gorm.io/gorm"
)

// DecisionEntered is the review history's step of an activity a coordinator put on the
// programme directly (issue 16): the card club that ran for years before the site.
const DecisionEntered = "entered"

// EnterActivity puts an activity on the programme at once: the three answers as a
// proposal would hold them, on behalf of a resident (proposerID, who then leads it) or
// of the centre (nil), published with room and schedule by the coordinator without a
// review. The history records the coordinator as the one who entered it. A room clash
// gives a *RoomConflictError, as on approval.
func EnterActivity(db *gorm.DB, centreID int64, proposerID *int64, coordinatorID int64, in ProposalInput, plan Approval) (*Activity, error) {
	a := Activity{CentreID: centreID, ProposerID: proposerID, Status: StatusProposed, Recurrence: RecurrenceOnce}
	in.apply(&a)
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&a).Error; err != nil {
			return err
		}
		if err := replaceNeeds(tx, a.ID, in.Needs); err != nil {
			return err
		}
		return ReviewProposal(tx, a.ID, Review{ReviewerID: &coordinatorID, Decision: DecisionEntered}, &plan)
	})
	var conflict *RoomConflictError
	if errors.As(err, &conflict) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to enter activity %q: %w", in.Title, err)
	}
	return ActivityByID(db, a.ID)
}
