package models

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Story is a short story of what the centre meant for someone, told with their
// consent and without their name, tied to themes and dimensions. Only a story marked
// publishable appears in the impact report.
type Story struct {
	ID          int64
	CentreID    int64
	Text        string
	Themes      string // comma-separated theme keys
	Dimensions  string // comma-separated dimension keys
	ConsentHow  string // spoken or paper
	ConsentOn   string // local date of the consent
	Publishable bool
	ToldOn      string // local date the story was recorded
	CreatedByID *int64
	CreatedAt   time.Time
}

// Ways a resident gives consent to their story.
var ConsentWays = []string{"spoken", "paper"}

// StoriesOf lists the centre's stories, newest first.
func StoriesOf(db *gorm.DB, centreID int64) ([]Story, error) {
	var out []Story
	if err := db.Where("centre_id = ?", centreID).Order("told_on DESC, id DESC").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: unable to list stories: %w", err)
	}
	return out, nil
}

// PublishableStories lists the stories of the centres told in the period (local dates,
// inclusive) that may appear in the report.
func PublishableStories(db *gorm.DB, centreIDs []int64, from, to string) ([]Story, error) {
	var out []Story
	err := db.Where("centre_id IN ? AND publishable = ? AND told_on BETWEEN ? AND ?", centreIDs, true, from, to).
		Order("told_on, id").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list publishable stories: %w", err)
	}
	return out, nil
}

// SaveStory stores a new story.
func SaveStory(db *gorm.DB, s *Story) error {
	if err := db.Create(s).Error; err != nil {
		return fmt.Errorf("store: unable to save story: %w", err)
	}
	return nil
}

// SetStoryPublishable marks a story of the centre publishable or not.
func SetStoryPublishable(db *gorm.DB, centreID, id int64, publishable bool) error {
	res := db.Model(&Story{}).Where("id = ? AND centre_id = ?", id, centreID).Update("publishable", publishable)
	if res.Error != nil {
		return fmt.Errorf("store: unable to change story %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return gorm.ErrRecordNotFound
	}
	return nil
}

// DeleteStory deletes a story of the centre (the resident withdrew consent).
func DeleteStory(db *gorm.DB, centreID, id int64) error {
	res := db.Where("id = ? AND centre_id = ?", id, centreID).Delete(&Story{})
	if res.Error != nil {
		return fmt.Errorf("store: unable to delete story %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return gorm.ErrRecordNotFound
	}
	return nil
}

var (
	wordPattern  = regexp.MustCompile(`[\p{L}][\p{L}'’-]*`)
	digitPattern = regexp.MustCompile(`\d`)
)

// KnownPersonalData returns the names and phone numbers of accounts that appear in
// text: a whole name, or a first or last name of at least three letters that starts
// with a capital in the text ("Ayşe" is a name, "wim" in a sentence may be a word; a
// surname such as "de Vries" is found in full). Phone numbers match on their digits.
// One statement reads the names and numbers of every account.
func KnownPersonalData(db *gorm.DB, text string) ([]string, error) {
	var users []struct {
		Name  string
		Phone *string
	}
	if err := db.Raw(`SELECT name, phone FROM users WHERE anonymised_at IS NULL AND name <> ''`).Scan(&users).Error; err != nil {
		return nil, fmt.Errorf("store: unable to read names: %w", err)
	}
	words := map[string]bool{}
	for _, w := range wordPattern.FindAllString(text, -1) {
		if r := []rune(w); len(r) > 0 && strings.ToUpper(string(r[0])) == string(r[0]) {
			words[strings.ToLower(w)] = true
		}
	}
	lower := strings.ToLower(text)
	digits := strings.Join(digitPattern.FindAllString(text, -1), "")
	seen := map[string]bool{}
	var found []string
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			found = append(found, s)
		}
	}
	for _, u := range users {
		if strings.Contains(lower, strings.ToLower(u.Name)) {
			add(u.Name)
		} else {
			for _, part := range strings.Fields(u.Name) {
				if len([]rune(part)) >= 3 && words[strings.ToLower(part)] {
					add(part)
				}
			}
		}
		if u.Phone != nil {
			p := strings.Join(digitPattern.FindAllString(*u.Phone, -1), "")
			// A Dutch number is stored as +316…; the text may say 06….
			local := p
			if strings.HasPrefix(p, "31") {
				local = "0" + p[2:]
			}
			if len(p) >= 8 && (strings.Contains(digits, p) || strings.Contains(digits, local)) {
				add(*u.Phone)
			}
		}
	}
	return found, nil
}

// StoryOf returns a story of the centre, or nil.
func StoryOf(db *gorm.DB, centreID, id int64) (*Story, error) {
	var s Story
	if err := db.Where("id = ? AND centre_id = ?", id, centreID).Limit(1).Find(&s).Error; err != nil {
		return nil, fmt.Errorf("store: unable to read story %d: %w", id, err)
	}
	if s.ID == 0 {
		return nil, nil
	}
	return &s, nil
}

// UpdateStory changes a story of the centre: its text, tags, dates, consent and whether
// it may appear in the report.
func UpdateStory(db *gorm.DB, s *Story) error {
	res := db.Model(&Story{}).Where("id = ? AND centre_id = ?", s.ID, s.CentreID).Updates(map[string]any{
		"text": s.Text, "themes": s.Themes, "dimensions": s.Dimensions, "consent_how": s.ConsentHow,
		"consent_on": s.ConsentOn, "told_on": s.ToldOn, "publishable": s.Publishable})
	if res.Error != nil {
		return fmt.Errorf("store: unable to change story %d: %w", s.ID, res.Error)
	}
	if res.RowsAffected == 0 {
		return gorm.ErrRecordNotFound
	}
	return nil
}
