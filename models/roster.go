package models

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// RosterData is what the rosters of some sessions show, read in six statements
// whatever the number of sessions (a week's bundle has about forty): the leads' names,
// the sign-ups, the volunteer roles, who staffs them and who skips a date.
type RosterData struct {
	LeadNames    map[int64]string              // by user id
	Participants map[int64][]Participant       // by session id: joined and waiting then, in order (see participantsAt)
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
	var signUps []signUp
	err := db.Table("participations p").Select("p.id, p.activity_id, p.user_id, u.name, u.email, COALESCE(u.phone, u.contact_phone) AS phone, p.status, p.created_at, p.promoted_at, u.without_account").
		Joins("JOIN users u ON u.id = p.user_id").Where("p.activity_id IN ?", ids).Order("p.id").Scan(&signUps).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list participants: %w", err)
	}
	skipped, err := skipsOf(db, "participation_skips", "participation_id", SessionIDs(sessions))
	if err != nil {
		return nil, err
	}
	for _, s := range sessions {
		d.Participants[s.ID] = participantsAt(s, signUps, skipped)
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

// signUp is a participation with what a roster of one session needs to know of it.
type signUp struct {
	ID         int64
	ActivityID int64
	PromotedAt *time.Time
	Participant
}

// participantsAt lists who takes part in session s and who waits, as it was for that
// session: not those who signed up after it began, nor those who skip it; someone moved
// up from the waiting list after it began was still waiting then.
func participantsAt(s Session, signUps []signUp, skipped map[int64]map[int64]bool) []Participant {
	var out []Participant
	for _, p := range signUps {
		if p.ActivityID != s.ActivityID || !p.CreatedAt.Before(s.StartsAt) || skipped[p.ID][s.ID] {
			continue
		}
		if p.Status == Joined && p.PromotedAt != nil && !p.PromotedAt.Before(s.StartsAt) {
			p.Status = Waitlisted
		}
		out = append(out, p.Participant)
	}
	return out
}
