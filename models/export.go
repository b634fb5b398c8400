package models

import (
	"database/sql"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// UserExport is everything stored about one user, for "download my data" (AVG art. 15/20).
type UserExport struct {
	ExportedAt     time.Time           `json:"exported_at"`
	Account        AccountExport       `json:"account"`
	Participations []ParticipationJSON `json:"participations"`
	Proposals      []ProposalJSON      `json:"proposals"`
	Volunteer      *VolunteerJSON      `json:"volunteer,omitempty"`
	Shifts         []ShiftJSON         `json:"shifts"`
	Hours          []HoursJSON         `json:"volunteer_hours"`
	Visits         []VisitJSON         `json:"visits"`
	Skips          []SkipJSON          `json:"skipped_dates"`
	Devices        []DeviceJSON        `json:"linked_devices"`
	Consents       []Consent           `json:"consents"`
}

// SkipJSON is a date the user said "Deze keer niet" for, as a participant or (with a
// role) as a volunteer.
type SkipJSON struct {
	Activity string `json:"activity"`
	Role     string `json:"role,omitempty"`
	Date     string `json:"date"`
}

// DeviceJSON is a phone or computer the user logged in on, whose check-ins count for
// the account.
type DeviceJSON struct {
	LinkedAt time.Time `json:"linked_at"`
}

// ParticipationJSON is an activity the user takes part in or waits for.
type ParticipationJSON struct {
	Activity string    `json:"activity"`
	Status   string    `json:"status"`
	Since    time.Time `json:"since"`
}

// ProposalJSON is a proposal the user made, with the three answers.
type ProposalJSON struct {
	Title     string    `json:"title"`
	Want      string    `json:"want"`
	Can       string    `json:"can"`
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"created_at"`
}

// VolunteerJSON is the user's volunteer offer.
type VolunteerJSON struct {
	Active       bool     `json:"active"`
	Want         string   `json:"want"`
	Skills       []string `json:"skills"`
	SkillsOther  string   `json:"skills_other"`
	Languages    []string `json:"languages"`
	Availability int      `json:"availability_bits"`
	Needs        []string `json:"needs"`
}

// ShiftJSON is a role the user volunteers for.
type ShiftJSON struct {
	Activity string  `json:"activity"`
	Role     string  `json:"role"`
	Date     *string `json:"date"` // nil: every session
}

// HoursJSON is one confirmed volunteering session.
type HoursJSON struct {
	Date    string `json:"date"`
	Present bool   `json:"present"`
	Minutes int    `json:"minutes"`
}

// VisitJSON is a check-in by name.
type VisitJSON struct {
	Date   string `json:"date"`
	Source string `json:"source"`
}

// AccountExport is the account part of a UserExport.
type AccountExport struct {
	ID       int64   `json:"id"`
	Name     string  `json:"name"`
	Email    *string `json:"email"`
	Phone    *string `json:"phone"`
	Role     Role    `json:"role"`
	Language string  `json:"language"`
	// HomeCentre is the name of the centre the user chose as their own, nil for none.
	HomeCentre *string   `json:"home_centre"`
	CreatedAt  time.Time `json:"created_at"`
}

// ExportUser collects everything stored about the user.
func ExportUser(db *gorm.DB, userID int64) (*UserExport, error) {
	u, err := UserByID(db, userID)
	if err != nil {
		return nil, err
	}
	if u == nil {
		return nil, fmt.Errorf("store: unable to export user %d: not found", userID)
	}
	e := &UserExport{
		ExportedAt: db.NowFunc(),
		Account: AccountExport{ID: u.ID, Name: u.Name, Email: u.Email, Phone: u.Phone, Role: u.Role,
			Language: u.Language, CreatedAt: u.CreatedAt},
		Participations: []ParticipationJSON{}, Proposals: []ProposalJSON{}, Shifts: []ShiftJSON{},
		Hours: []HoursJSON{}, Visits: []VisitJSON{}, Skips: []SkipJSON{}, Devices: []DeviceJSON{},
	}
	if u.HomeCentreID != nil {
		home, err := CentreByID(db, *u.HomeCentreID)
		if err != nil {
			return nil, err
		}
		if home != nil {
			e.Account.HomeCentre = &home.Name
		}
	}
	queries := []struct {
		into any
		sql  string
	}{
		{&e.Participations, `SELECT a.title AS activity, p.status, p.created_at AS since FROM participations p
			JOIN activities a ON a.id = p.activity_id WHERE p.user_id = @user ORDER BY p.id`},
		{&e.Proposals, `SELECT title, want, can, status, created_at FROM activities WHERE proposer_id = @user ORDER BY id`},
		{&e.Shifts, `SELECT a.title AS activity, r.name AS role, s.date FROM shifts sh JOIN volunteer_roles r ON r.id = sh.role_id
			JOIN activities a ON a.id = r.activity_id LEFT JOIN activity_sessions s ON s.id = sh.session_id WHERE sh.user_id = @user ORDER BY sh.id`},
		{&e.Hours, `SELECT s.date, h.present, h.minutes FROM volunteer_hours h JOIN activity_sessions s ON s.id = h.session_id
			WHERE h.user_id = @user ORDER BY s.date`},
		{&e.Visits, `SELECT local_date AS date, source FROM visits WHERE user_id = @user ORDER BY local_date`},
		{&e.Skips, `SELECT a.title AS activity, '' AS role, s.date FROM participation_skips k
			JOIN participations p ON p.id = k.participation_id JOIN activities a ON a.id = p.activity_id
			JOIN activity_sessions s ON s.id = k.session_id WHERE p.user_id = @user
			UNION ALL SELECT a.title, r.name, s.date FROM shift_skips k JOIN shifts sh ON sh.id = k.shift_id
			JOIN volunteer_roles r ON r.id = sh.role_id JOIN activities a ON a.id = r.activity_id
			JOIN activity_sessions s ON s.id = k.session_id WHERE sh.user_id = @user ORDER BY date`},
		{&e.Devices, `SELECT linked_at FROM visitor_keys WHERE user_id = @user ORDER BY linked_at`},
	}
	for _, q := range queries {
		if err := db.Raw(q.sql, sql.Named("user", userID)).Scan(q.into).Error; err != nil {
			return nil, fmt.Errorf("store: unable to export user %d: %w", userID, err)
		}
	}
	if e.Consents, err = ConsentHistory(db, userID); err != nil {
		return nil, err
	}
	p, needs, err := VolunteerProfileOf(db, userID)
	if err != nil {
		return nil, err
	}
	if p != nil {
		v := &VolunteerJSON{Active: p.Active, Want: p.Want, Skills: p.SkillList(), SkillsOther: p.SkillsOther,
			Languages: p.LanguageList(), Availability: p.Availability, Needs: []string{}}
		for _, n := range needs {
			v.Needs = append(v.Needs, n.Kind+": "+n.Description)
		}
		e.Volunteer = v
	}
	return e, nil
}
