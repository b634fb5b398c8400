package models

import (
	"fmt"

	"gorm.io/gorm"
)

// RosterData is what the rosters of some sessions show, read in four statements
// whatever the number of sessions (a week's bundle has about forty): the leads' names,
// the sign-ups, the volunteer roles and who staffs them.
type RosterData struct {
	LeadNames    map[int64]string              // by user id
	Participants map[int64][]Participant       // by activity id: joined and waiting, in order
	Roles        map[int64][]VolunteerRole     // by activity id, by name
	Staffing     map[int64]map[int64]*Staffing // by role id, then session id
}

// RosterDataOf reads the roster data of the sessions of these activities.
func RosterDataOf(db *gorm.DB, activities []Activity, sessions []Session) (*RosterData, error) {
	d := &RosterData{LeadNames: map[int64]string{}, Participants: map[int64][]Participant{}, Roles: map[int64][]VolunteerRole{}}
	if len(activities) == 0 {
		d.Staffing = map[int64]map[int64]*Staffing{}
		return d, nil
	}
	ids := make([]int64, len(activities))
	var leads []int64
	for i, a := range activities {
		ids[i] = a.ID
		if a.LeadID != nil {
			leads = append(leads, *a.LeadID)
		}
	}
	if len(leads) > 0 {
		var users []User
		if err := db.Select("id", "name").Where("id IN ?", leads).Find(&users).Error; err != nil {
			return nil, fmt.Errorf("store: unable to load leads: %w", err)
		}
		for _, u := range users {
			d.LeadNames[u.ID] = u.Name
		}
	}
	var signUps []struct {
		ActivityID int64
		Participant
	}
	err := db.Table("participations p").Select("p.activity_id, p.user_id, u.name, u.email, u.phone, p.status, p.created_at").
		Joins("JOIN users u ON u.id = p.user_id").Where("p.activity_id IN ?", ids).Order("p.id").Scan(&signUps).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list participants: %w", err)
	}
	for _, s := range signUps {
		d.Participants[s.ActivityID] = append(d.Participants[s.ActivityID], s.Participant)
	}
	var roles []VolunteerRole
	if err := db.Where("activity_id IN ?", ids).Order("name").Find(&roles).Error; err != nil {
		return nil, fmt.Errorf("store: unable to list roles: %w", err)
	}
	for _, r := range roles {
		d.Roles[r.ActivityID] = append(d.Roles[r.ActivityID], r)
	}
	if d.Staffing, err = StaffingOf(db, roles, sessions); err != nil {
		return nil, err
	}
	return d, nil
}
