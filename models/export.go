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
	// Centres are those the user coordinates or reads the figures of as a partner.
	Centres []CentreRoleJSON `json:"centres"`
	// MessagePrefs says, per kind of message, whether the user gets it (their own
	// choice, else the default).
	MessagePrefs map[string]bool `json:"message_preferences"`
	// Messages are the messages written for the user, without their text (a password
	// reset's carries a token while it waits).
	Messages      []MessageJSON      `json:"messages"`
	HealthConsent *HealthConsentJSON `json:"health_consent,omitempty"`
	// HealthChecks are the user's answers to the health check while they are still
	// linked to the account (retention.go unlinks them later).
	HealthChecks []HealthCheckJSON `json:"health_checks"`
	// Kept is a coordinator's reason to keep an account that would otherwise be
	// removed after two years without use.
	Kept *KeptJSON `json:"kept_from_removal,omitempty"`
}

// CentreRoleJSON is a centre the user works for: as coordinator or partner.
type CentreRoleJSON struct {
	Centre string `json:"centre"`
	Role   string `json:"role"`
}

// MessageJSON is one message for the user: what it was about and what became of it.
type MessageJSON struct {
	Kind      string     `json:"kind"`
	Activity  *string    `json:"activity"`
	Status    string     `json:"status"`
	CreatedAt time.Time  `json:"created_at"`
	SentAt    *time.Time `json:"sent_at"`
	SeenAt    *time.Time `json:"seen_at"`
	CalledAt  *time.Time `json:"called_at"`
}

// HealthConsentJSON is the consent to the health check.
type HealthConsentJSON struct {
	WordingVersion int       `json:"wording_version"`
	ConsentedAt    time.Time `json:"consented_at"`
}

// HealthCheckJSON is one health check: six answers from 0 to 10.
type HealthCheckJSON struct {
	Date          string `json:"date"`
	Source        string `json:"source"`
	Body          int    `json:"body"`
	Mental        int    `json:"mental"`
	Meaning       int    `json:"meaning"`
	Quality       int    `json:"quality"`
	Participation int    `json:"participation"`
	Daily         int    `json:"daily"`
}

// KeptJSON is why and since when the account is kept.
type KeptJSON struct {
	Reason string    `json:"reason"`
	KeptAt time.Time `json:"kept_at"`
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
	HomeCentre    *string `json:"home_centre"`
	Administrator bool    `json:"administrator"`
	// LastSeenAt is the last login or day of use, from which retention counts.
	LastSeenAt *time.Time `json:"last_seen_at"`
	CreatedAt  time.Time  `json:"created_at"`
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
			Language: u.Language, Administrator: u.IsAdmin, LastSeenAt: u.LastSeenAt, CreatedAt: u.CreatedAt},
		Participations: []ParticipationJSON{}, Proposals: []ProposalJSON{}, Shifts: []ShiftJSON{},
		Hours: []HoursJSON{}, Visits: []VisitJSON{}, Skips: []SkipJSON{}, Devices: []DeviceJSON{},
		Centres: []CentreRoleJSON{}, Messages: []MessageJSON{}, HealthChecks: []HealthCheckJSON{},
	}
	var kept []KeptJSON
	var healthConsent []HealthConsentJSON
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
		{&e.Centres, `SELECT c.name AS centre, 'coordinator' AS role FROM centre_coordinators x JOIN centres c ON c.id = x.centre_id
			WHERE x.user_id = @user UNION ALL SELECT c.name, 'partner' FROM centre_partners x JOIN centres c ON c.id = x.centre_id
			WHERE x.user_id = @user ORDER BY role, centre`},
		{&e.Messages, `SELECT n.kind, a.title AS activity, n.status, n.created_at, n.sent_at, n.seen_at, n.called_at
			FROM notifications n LEFT JOIN activities a ON a.id = n.activity_id WHERE n.user_id = @user ORDER BY n.id`},
		{&healthConsent, `SELECT wording_version, consented_at FROM health_consents WHERE user_id = @user`},
		{&e.HealthChecks, `SELECT h.local_date AS date, h.source, h.body, h.mental, h.meaning, h.quality, h.participation, h.daily
			FROM health_checks h JOIN health_consents k ON k.respondent = h.respondent WHERE k.user_id = @user ORDER BY h.local_date, h.id`},
		{&kept, `SELECT reason, kept_at FROM retention_keeps WHERE user_id = @user`},
	}
	for _, q := range queries {
		if err := db.Raw(q.sql, sql.Named("user", userID)).Scan(q.into).Error; err != nil {
			return nil, fmt.Errorf("store: unable to export user %d: %w", userID, err)
		}
	}
	if len(healthConsent) > 0 {
		e.HealthConsent = &healthConsent[0]
	}
	if len(kept) > 0 {
		e.Kept = &kept[0]
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
	if e.MessagePrefs, err = NotifyPrefs(db, userID, p != nil); err != nil {
		return nil, err
	}
	return e, nil
}
