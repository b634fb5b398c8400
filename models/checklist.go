package models

import (
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Milestones of a centre that leave no other trace in the data.
const (
	MilestoneDoorPoster         = "door_poster"         // the door poster was printed (downloaded)
	MilestoneChecklistDismissed = "checklist_dismissed" // the coordinator put the first-run list away
)

// Checklist steps, in the order the coordinator's home lists them.
const (
	StepRooms       = "rooms"
	StepActivities  = "activities"
	StepDoorPoster  = "door_poster"
	StepCoordinator = "coordinator"
	StepCheckIn     = "checkin"
)

// ChecklistStep is one step of the first-run checklist and whether it is done.
type ChecklistStep struct {
	Key  string
	Done bool
}

// Checklist is the coordinator's first-run list (issue 16): what a new centre does
// before it runs. Each step is read from what it leaves behind: a room, a published
// activity, a recorded poster print, a second coordinator of this centre, a check-in.
type Checklist struct {
	Steps     []ChecklistStep
	Dismissed bool
}

// Done reports whether every step is done.
func (c Checklist) Done() bool {
	for _, s := range c.Steps {
		if !s.Done {
			return false
		}
	}
	return true
}

// DoneCount is the number of steps done.
func (c Checklist) DoneCount() int {
	n := 0
	for _, s := range c.Steps {
		if s.Done {
			n++
		}
	}
	return n
}

// Show reports whether the coordinator's home shows the list: until every step is done
// or the coordinator puts it away.
func (c Checklist) Show() bool { return !c.Dismissed && !c.Done() }

// ChecklistOf reads the first-run checklist of a centre in one statement.
func ChecklistOf(db *gorm.DB, centreID int64) (Checklist, error) {
	var n struct {
		Rooms, Published, Coordinators, Visits, Poster, Dismissed int
	}
	err := db.Raw(`SELECT
		(SELECT COUNT(*) FROM rooms WHERE centre_id = ?) AS rooms,
		(SELECT COUNT(*) FROM activities WHERE centre_id = ? AND status IN ?) AS published,
		(SELECT COUNT(*) FROM centre_coordinators cc JOIN users u ON u.id = cc.user_id
			WHERE cc.centre_id = ? AND u.role = ? AND u.anonymised_at IS NULL) AS coordinators,
		(SELECT COUNT(*) FROM (SELECT 1 AS one FROM visits WHERE centre_id = ? LIMIT 1) v) AS visits,
		(SELECT COUNT(*) FROM centre_milestones WHERE centre_id = ? AND kind = ?) AS poster,
		(SELECT COUNT(*) FROM centre_milestones WHERE centre_id = ? AND kind = ?) AS dismissed`,
		centreID, centreID, runningStatuses, centreID, RoleCoordinator, centreID,
		centreID, MilestoneDoorPoster, centreID, MilestoneChecklistDismissed).Scan(&n).Error
	if err != nil {
		return Checklist{}, fmt.Errorf("store: unable to read the checklist of centre %d: %w", centreID, err)
	}
	return Checklist{
		Steps: []ChecklistStep{
			{StepRooms, n.Rooms > 0},
			{StepActivities, n.Published > 0},
			{StepDoorPoster, n.Poster > 0},
			{StepCoordinator, n.Coordinators > 1},
			{StepCheckIn, n.Visits > 0},
		},
		Dismissed: n.Dismissed > 0,
	}, nil
}

// RecordMilestone notes that a step without other trace happened; the first time counts.
func RecordMilestone(db *gorm.DB, centreID int64, kind string, by int64, now time.Time) error {
	row := map[string]any{"centre_id": centreID, "kind": kind, "done_at": now.UTC(), "done_by": by}
	err := db.Table("centre_milestones").Clauses(clause.OnConflict{DoNothing: true}).Create(row).Error
	if err != nil {
		return fmt.Errorf("store: unable to record %s for centre %d: %w", kind, centreID, err)
	}
	return nil
}
