package models

import (
	"crypto/rand"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Skills a volunteer can tick ("Wat kan ik?"), in form order.
var Skills = []string{"cooking", "teaching", "hosting", "handy", "creative", "first_aid", "children", "admin", "transport", "listening"}

// Languages a volunteer can tick, in form order (ISO 639 codes, "ber" for Tamazight).
var Languages = []string{"nl", "en", "tr", "ar", "pl", "ber", "pap", "de", "uk", "ti", "so", "fa"}

// VolunteerNeedKinds are what a volunteer may need ("Wat heb ik nodig?").
var VolunteerNeedKinds = []string{"training", "travel", "quiet_room", "other"}

// Day parts of the availability grid.
const (
	Morning   = 0 // before 12:00
	Afternoon = 1 // 12:00–17:00
	Evening   = 2 // from 17:00
)

// AvailabilityBit is the bit for a weekday and day part in VolunteerProfile.Availability.
func AvailabilityBit(d time.Weekday, part int) int {
	day := (int(d) + 6) % 7 // Monday 0 … Sunday 6
	return 1 << (day*3 + part)
}

// DayPart returns the part of the day a clock time "14:30" falls in.
func DayPart(clock string) int {
	switch {
	case clock < "12:00":
		return Morning
	case clock < "17:00":
		return Afternoon
	}
	return Evening
}

// VolunteerProfile is a resident's offer to volunteer, in the three questions: what I
// want to contribute, what I can (skills, languages, when), and their needs.
type VolunteerProfile struct {
	UserID       int64 `gorm:"primaryKey"`
	Active       bool
	Want         string
	Skills       string // comma-separated keys of Skills
	SkillsOther  string
	Languages    string // comma-separated keys of Languages
	Availability int
	FeedToken    string // secret part of the shifts calendar feed
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// SkillList and LanguageList are the comma-separated fields as lists.
func (p *VolunteerProfile) SkillList() []string    { return splitList(p.Skills) }
func (p *VolunteerProfile) LanguageList() []string { return splitList(p.Languages) }

// Available reports whether the volunteer can come on weekday d in day part part.
func (p *VolunteerProfile) Available(d time.Weekday, part int) bool {
	return p.Availability&AvailabilityBit(d, part) != 0
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// VolunteerNeed is something a volunteer needs to do their part.
type VolunteerNeed struct {
	ID          int64
	UserID      int64
	Kind        string
	Description string
	Status      string
	OfferedByID *int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// ErrNotVolunteer means the user has no active volunteer profile.
var ErrNotVolunteer = errors.New("user is not an active volunteer")

// VolunteerProfileOf returns the user's profile and needs; nil when they never offered.
func VolunteerProfileOf(db *gorm.DB, userID int64) (*VolunteerProfile, []VolunteerNeed, error) {
	var p VolunteerProfile
	err := db.Where("user_id = ?", userID).Take(&p).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("store: unable to load volunteer profile of user %d: %w", userID, err)
	}
	var needs []VolunteerNeed
	if err := db.Where("user_id = ?", userID).Order("id").Find(&needs).Error; err != nil {
		return nil, nil, fmt.Errorf("store: unable to load volunteer needs of user %d: %w", userID, err)
	}
	return &p, needs, nil
}

// SaveVolunteerProfile stores the offer (and makes the user an active volunteer) with
// its needs. A need that stays the same keeps its status (open, offered, arranged).
func SaveVolunteerProfile(db *gorm.DB, p *VolunteerProfile, needs []VolunteerNeed) error {
	err := db.Transaction(func(tx *gorm.DB) error {
		var existing VolunteerProfile
		err := tx.Where("user_id = ?", p.UserID).Take(&existing).Error
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
			p.FeedToken = strings.ToLower(rand.Text())
			p.Active = true
			if err := tx.Create(p).Error; err != nil {
				return err
			}
		case err != nil:
			return err
		default:
			p.FeedToken, p.CreatedAt, p.Active = existing.FeedToken, existing.CreatedAt, true
			if err := tx.Save(p).Error; err != nil {
				return err
			}
		}
		var old []VolunteerNeed
		if err := tx.Where("user_id = ?", p.UserID).Find(&old).Error; err != nil {
			return err
		}
		keep := map[string]VolunteerNeed{}
		for _, n := range old {
			keep[n.Kind+"\x00"+n.Description] = n
		}
		if err := tx.Where("user_id = ?", p.UserID).Delete(&VolunteerNeed{}).Error; err != nil {
			return err
		}
		for _, n := range needs {
			n.ID, n.UserID, n.Status = 0, p.UserID, NeedOpen
			if prev, ok := keep[n.Kind+"\x00"+n.Description]; ok {
				n.Status, n.OfferedByID = prev.Status, prev.OfferedByID
			}
			if err := tx.Create(&n).Error; err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: unable to save volunteer profile of user %d: %w", p.UserID, err)
	}
	return nil
}

// StopVolunteering makes the profile inactive and withdraws the user from every
// recurring shift and every shift still to come. Hours already given stay.
func StopVolunteering(db *gorm.DB, userID int64, now time.Time) error {
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Model(&VolunteerProfile{}).Where("user_id = ?", userID).Update("active", false).Error; err != nil {
			return err
		}
		if err := keepHeldSessions(tx, "sh.user_id = ?", now, userID); err != nil {
			return err
		}
		return tx.Exec(`DELETE FROM shifts WHERE user_id = ? AND (session_id IS NULL OR session_id IN
			(SELECT id FROM activity_sessions WHERE starts_at > ?))`, userID, now.UTC()).Error
	})
	if err != nil {
		return fmt.Errorf("store: unable to stop volunteering for user %d: %w", userID, err)
	}
	return nil
}

// IsActiveVolunteer reports whether the user currently volunteers.
func IsActiveVolunteer(db *gorm.DB, userID int64) (bool, error) {
	var n int64
	if err := db.Model(&VolunteerProfile{}).Where("user_id = ? AND active = ?", userID, true).Count(&n).Error; err != nil {
		return false, fmt.Errorf("store: unable to check volunteer %d: %w", userID, err)
	}
	return n > 0, nil
}

// VolunteerByFeedToken returns the user whose shifts feed has that token, or nil.
func VolunteerByFeedToken(db *gorm.DB, token string) (*VolunteerProfile, error) {
	var p VolunteerProfile
	err := db.Where("feed_token = ?", token).Take(&p).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to find shifts feed: %w", err)
	}
	return &p, nil
}

// roleSkills maps words in a role's name to the skill it asks for.
var roleSkills = []struct{ word, skill string }{
	{"taal", "teaching"}, {"les", "teaching"}, {"kok", "cooking"}, {"kook", "cooking"}, {"keuken", "cooking"},
	{"gastvrouw", "hosting"}, {"gastheer", "hosting"}, {"host", "hosting"}, {"werkplaats", "handy"},
	{"klus", "handy"}, {"techn", "handy"}, {"fiets", "handy"}, {"kind", "children"}, {"ehbo", "first_aid"},
	{"creat", "creative"}, {"schilder", "creative"}, {"handwerk", "creative"}, {"vervoer", "transport"},
	{"chauffeur", "transport"}, {"administr", "admin"}, {"luister", "listening"},
}

// SkillForRole returns the skill a role's name asks for, or "".
func SkillForRole(name string) string {
	name = strings.ToLower(name)
	for _, rs := range roleSkills {
		if strings.Contains(name, rs.word) {
			return rs.skill
		}
	}
	return ""
}

// MatchReason explains one reason a volunteer fits, as a message id with its data.
type MatchReason struct {
	ID   string
	Args []any
}

// Match is a volunteer suggested for a role, with a score and the reasons behind it.
type Match struct {
	UserID  int64
	Name    string
	Score   int
	Reasons []MatchReason
}

// volunteerForMatch is an active volunteer with what matching looks at.
type volunteerForMatch struct {
	VolunteerProfile
	Name string
}

// activeVolunteers lists the active volunteers (not anonymised) by name, for matching.
func activeVolunteers(db *gorm.DB) ([]volunteerForMatch, error) {
	var rows []volunteerForMatch
	err := db.Table("volunteer_profiles p").Select("p.*, u.name").Joins("JOIN users u ON u.id = p.user_id").
		Where("p.active = ? AND u.anonymised_at IS NULL", true).Order("u.name").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list volunteers: %w", err)
	}
	return rows, nil
}

// rankVolunteers ranks volunteers for a role: the skill the role's name asks for
// counts most (3), then each of the activity's weekdays and day part they are free (2
// each), then speaking languages besides Dutch where language or meeting people is the
// theme (1). Volunteers without any reason are left out. Best match first.
func rankVolunteers(volunteers []volunteerForMatch, roleName string, a *Activity) []Match {
	skill := SkillForRole(roleName)
	part := DayPart(a.StartTime)
	days := WeekdayList(a.Weekdays)
	if a.Recurrence == RecurrenceOnce {
		if d, err := time.Parse(Date, a.FirstDate); err == nil {
			days = []time.Weekday{d.Weekday()}
		}
	}
	languageTheme := strings.Contains(a.Themes, "language") || strings.Contains(a.Themes, "meeting")
	var matches []Match
	for _, r := range volunteers {
		m := Match{UserID: r.UserID, Name: r.Name}
		if skill != "" && containsString(r.SkillList(), skill) {
			m.Score += 3
			m.Reasons = append(m.Reasons, MatchReason{ID: "match.skill", Args: []any{"Skill", skill}})
		}
		for _, d := range days {
			if r.Available(d, part) {
				m.Score += 2
				m.Reasons = append(m.Reasons, MatchReason{ID: "match.available", Args: []any{"Day", d, "Part", part}})
			}
		}
		var other []string
		for _, l := range r.LanguageList() {
			if l != "nl" {
				other = append(other, l)
			}
		}
		if languageTheme && len(other) > 0 {
			m.Score++
			m.Reasons = append(m.Reasons, MatchReason{ID: "match.languages", Args: []any{"Languages", other}})
		}
		if m.Score > 0 {
			matches = append(matches, m)
		}
	}
	// Equal scores keep alphabetical order.
	sort.SliceStable(matches, func(i, j int) bool { return matches[i].Score > matches[j].Score })
	return matches
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
