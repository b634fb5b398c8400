package models

import (
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// PublicActivity is an activity as anyone may read it (the activity page, the API):
// the activity, its needs, its room's name and its sign-up counts, never who signed up.
type PublicActivity struct {
	Activity
	Needs    []Need
	RoomName string
	Counts   SignUpCounts // places taken and people waiting now
}

// PlacesLeft is how many can still sign up for every session, as the activity page
// says (0 for a walk-in activity, which takes no sign-ups).
func (a PublicActivity) PlacesLeft() int { return max(a.Capacity-a.Counts.Joined, 0) }

// PublicActivitiesOf lists the activities on the centre's programme now (approved), by
// title, with their needs, rooms and counts, in four statements however many there are.
func PublicActivitiesOf(db *gorm.DB, centreID int64) ([]PublicActivity, error) {
	var as []Activity
	if err := db.Where("centre_id = ? AND status = ?", centreID, StatusApproved).Order("title, id").Find(&as).Error; err != nil {
		return nil, fmt.Errorf("store: unable to list the public activities of centre %d: %w", centreID, err)
	}
	return withPublicDetails(db, []int64{centreID}, as)
}

// PublicActivityByID returns an activity that is or was on the programme (approved,
// paused or ended) with its details, or nil.
func PublicActivityByID(db *gorm.DB, id int64) (*PublicActivity, error) {
	var a Activity
	err := db.Where("id = ? AND status IN ?", id, []string{StatusApproved, StatusPaused, StatusEnded}).Take(&a).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to load public activity %d: %w", id, err)
	}
	out, err := withPublicDetails(db, []int64{a.CentreID}, []Activity{a})
	if err != nil {
		return nil, err
	}
	return &out[0], nil
}

// withPublicDetails adds needs, room names and counts: three statements.
func withPublicDetails(db *gorm.DB, centreIDs []int64, as []Activity) ([]PublicActivity, error) {
	out := make([]PublicActivity, len(as))
	if len(as) == 0 {
		return out, nil
	}
	ids := make([]int64, len(as))
	for i, a := range as {
		ids[i] = a.ID
	}
	var needs []Need
	if err := db.Where("activity_id IN ?", ids).Order("activity_id, position, id").Find(&needs).Error; err != nil {
		return nil, fmt.Errorf("store: unable to list needs: %w", err)
	}
	counts, err := CountSignUps(db, ids)
	if err != nil {
		return nil, err
	}
	rooms, err := roomNames(db, centreIDs)
	if err != nil {
		return nil, err
	}
	byActivity := map[int64][]Need{}
	for _, n := range needs {
		byActivity[n.ActivityID] = append(byActivity[n.ActivityID], n)
	}
	for i, a := range as {
		out[i] = PublicActivity{Activity: a, Needs: byActivity[a.ID], Counts: counts[a.ID]}
		if a.RoomID != nil {
			out[i].RoomName = rooms[*a.RoomID]
		}
	}
	return out, nil
}

// NewlyPublished lists the centre's activities on the programme now, the most recently
// published first, at most n: the feed of new activities.
func NewlyPublished(db *gorm.DB, centreID int64, n int) ([]Activity, error) {
	var as []Activity
	err := db.Where("centre_id = ? AND status = ?", centreID, StatusApproved).
		Order("COALESCE(published_at, created_at) DESC, id DESC").Limit(n).Find(&as).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list newly published activities of centre %d: %w", centreID, err)
	}
	return as, nil
}

// ProgrammeBetween returns a centre's programme of the local dates first to last
// (both included, at local midnight), day by day: the same items as Programme.
func ProgrammeBetween(db *gorm.DB, centre *Centre, first, last time.Time) ([]ProgrammeDay, error) {
	var dates []time.Time
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		dates = append(dates, d)
	}
	if len(dates) == 0 {
		return nil, errors.New("store: an empty range of dates")
	}
	return programmeOf(db, []Centre{*centre}, dates, "")
}
