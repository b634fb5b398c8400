package models

import (
	"crypto/rand"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// The health check: six questions, one per dimension of Positieve Gezondheid, each
// answered 0–10. It is health data (DESIGN.md section 8): asked only of a resident who
// gave separate, explicit consent; at most once every three months; never at the door.
// The answers carry a random respondent code, not a user id or visitor key.

// Sources of a health check.
const (
	HealthMine  = "mine"  // filled in on Mijn pagina
	HealthPaper = "paper" // entered by the coordinator from a paper form
)

// HealthInterval is how long after one check the next may be filled in.
const HealthInterval = 3 // months

// ErrHealthTooSoon says the last check is less than three months old.
var ErrHealthTooSoon = errors.New("health check: the last one is less than three months old")

// ErrNoHealthConsent says the resident has not consented to the health check.
var ErrNoHealthConsent = errors.New("health check: no consent")

// HealthWording is a centre's own wording of the six questions; version 0 (no row) is
// the app's own text in the translations.
type HealthWording struct {
	ID                                                         int64
	CentreID                                                   int64
	Version                                                    int
	Instrument                                                 string // the licensed instrument's name, or empty
	QBody, QMental, QMeaning, QQuality, QParticipation, QDaily string
	CreatedAt                                                  time.Time
}

// Questions lists the wording in the order of Dimensions.
func (w HealthWording) Questions() []string {
	return []string{w.QBody, w.QMental, w.QMeaning, w.QQuality, w.QParticipation, w.QDaily}
}

// HealthWordingOf returns the centre's newest own wording, or nil when it uses the app's.
func HealthWordingOf(db *gorm.DB, centreID int64) (*HealthWording, error) {
	var w HealthWording
	err := db.Where("centre_id = ?", centreID).Order("version DESC").Limit(1).Find(&w).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to read health wording: %w", err)
	}
	if w.ID == 0 {
		return nil, nil
	}
	return &w, nil
}

// SaveHealthWording stores a new version of the centre's wording; consents and checks
// given from now on record that version.
func SaveHealthWording(db *gorm.DB, w *HealthWording) error {
	return db.Transaction(func(tx *gorm.DB) error {
		var last int
		if err := tx.Model(&HealthWording{}).Where("centre_id = ?", w.CentreID).Select("COALESCE(MAX(version), 0)").Scan(&last).Error; err != nil {
			return fmt.Errorf("store: unable to read health wording version: %w", err)
		}
		w.ID, w.Version = 0, last+1
		if err := tx.Create(w).Error; err != nil {
			return fmt.Errorf("store: unable to save health wording: %w", err)
		}
		return nil
	})
}

// HealthConsent is a resident's consent to the health check: when, and the version of
// the wording they agreed to. It is the only link from an account to its answers.
type HealthConsent struct {
	ID             int64
	UserID         int64
	Respondent     string
	WordingVersion int
	ConsentedAt    time.Time
}

// HealthConsentOf returns the user's consent, or nil.
func HealthConsentOf(db *gorm.DB, userID int64) (*HealthConsent, error) {
	var c HealthConsent
	if err := db.Where("user_id = ?", userID).Limit(1).Find(&c).Error; err != nil {
		return nil, fmt.Errorf("store: unable to read health consent: %w", err)
	}
	if c.ID == 0 {
		return nil, nil
	}
	return &c, nil
}

// GiveHealthConsent records the user's consent at now for the wording version; giving
// it again keeps the first.
func GiveHealthConsent(db *gorm.DB, userID int64, version int, now time.Time) (*HealthConsent, error) {
	if c, err := HealthConsentOf(db, userID); err != nil || c != nil {
		return c, err
	}
	c := &HealthConsent{UserID: userID, Respondent: rand.Text(), WordingVersion: version, ConsentedAt: now.UTC()}
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(c).Error; err != nil {
			return err
		}
		return GiveConsent(tx, userID, ConsentHealth, HealthConsentVersion(version), now)
	})
	if errors.Is(err, gorm.ErrDuplicatedKey) { // a second tab, at the same moment
		return HealthConsentOf(db, userID)
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to record health consent: %w", err)
	}
	return c, nil
}

// WithdrawHealthConsent deletes the consent and the answers given under it.
func WithdrawHealthConsent(db *gorm.DB, userID int64) error {
	return db.Transaction(func(tx *gorm.DB) error {
		c, err := HealthConsentOf(tx, userID)
		if err != nil || c == nil {
			return err
		}
		if err := tx.Where("respondent = ?", c.Respondent).Delete(&HealthCheck{}).Error; err != nil {
			return fmt.Errorf("store: unable to delete health checks: %w", err)
		}
		if err := tx.Delete(c).Error; err != nil {
			return fmt.Errorf("store: unable to delete health consent: %w", err)
		}
		return WithdrawConsent(tx, userID, ConsentHealth, tx.NowFunc())
	})
}

// HealthCheck is one filled-in check: six scores 0–10, in the order of Dimensions.
type HealthCheck struct {
	ID                                                   int64
	CentreID                                             int64
	Respondent                                           string
	Source                                               string
	WordingVersion                                       int
	ConsentAt                                            time.Time
	LocalDate                                            string
	Body, Mental, Meaning, Quality, Participation, Daily int
	CreatedAt                                            time.Time
}

// Scores lists the answers in the order of Dimensions.
func (h HealthCheck) Scores() []int {
	return []int{h.Body, h.Mental, h.Meaning, h.Quality, h.Participation, h.Daily}
}

// SetScores fills the answers from a list in the order of Dimensions.
func (h *HealthCheck) SetScores(s []int) {
	h.Body, h.Mental, h.Meaning, h.Quality, h.Participation, h.Daily = s[0], s[1], s[2], s[3], s[4], s[5]
}

// LastHealthCheckDate is the local date of the respondent's newest check, or "".
func LastHealthCheckDate(db *gorm.DB, respondent string) (string, error) {
	var d string
	err := db.Model(&HealthCheck{}).Where("respondent = ?", respondent).Select("COALESCE(MAX(local_date), '')").Scan(&d).Error
	if err != nil {
		return "", fmt.Errorf("store: unable to read the last health check: %w", err)
	}
	return d, nil
}

// NextHealthCheckDate is the first local date a new check may be given after last.
func NextHealthCheckDate(last string) string {
	if last == "" {
		return ""
	}
	t, err := time.Parse(Date, last)
	if err != nil {
		return ""
	}
	return t.AddDate(0, HealthInterval, 0).Format(Date)
}

// RecordOwnHealthCheck stores the consenting user's check for today (local date) at the
// centre. The user's consent row is locked first, so two tabs cannot both get past the
// three-month rule.
func RecordOwnHealthCheck(db *gorm.DB, userID int64, centre *Centre, scores []int, now time.Time) error {
	today := now.In(centre.Location()).Format(Date)
	return db.Transaction(func(tx *gorm.DB) error {
		var c HealthConsent
		q := tx.Where("user_id = ?", userID)
		if IsPostgres(tx) { // SQLite's write transaction already holds the lock
			q = q.Clauses(clause.Locking{Strength: "UPDATE"})
		}
		if err := q.Limit(1).Find(&c).Error; err != nil {
			return fmt.Errorf("store: unable to read health consent: %w", err)
		}
		if c.ID == 0 {
			return ErrNoHealthConsent
		}
		last, err := LastHealthCheckDate(tx, c.Respondent)
		if err != nil {
			return err
		}
		if next := NextHealthCheckDate(last); next != "" && today < next {
			return ErrHealthTooSoon
		}
		wording, err := HealthWordingOf(tx, centre.ID)
		if err != nil {
			return err
		}
		h := HealthCheck{CentreID: centre.ID, Respondent: c.Respondent, Source: HealthMine, ConsentAt: c.ConsentedAt, LocalDate: today}
		if wording != nil {
			h.WordingVersion = wording.Version
		}
		h.SetScores(scores)
		if err := tx.Create(&h).Error; err != nil {
			return fmt.Errorf("store: unable to save health check: %w", err)
		}
		return nil
	})
}

// RecordPaperHealthCheck stores a check a coordinator types in from a paper form the
// resident filled in and signed (the consent is on that paper, dated). The paper stays
// with the centre; the check gets a respondent code of its own.
func RecordPaperHealthCheck(db *gorm.DB, centre *Centre, date string, scores []int, now time.Time) error {
	wording, err := HealthWordingOf(db, centre.ID)
	if err != nil {
		return err
	}
	d, err := time.ParseInLocation(Date, date, centre.Location())
	if err != nil {
		return fmt.Errorf("health check: date %q: %w", date, err)
	}
	h := HealthCheck{CentreID: centre.ID, Respondent: rand.Text(), Source: HealthPaper, ConsentAt: d.Add(12 * time.Hour).UTC(), LocalDate: date}
	if wording != nil {
		h.WordingVersion = wording.Version
	}
	h.SetScores(scores)
	if err := db.Create(&h).Error; err != nil {
		return fmt.Errorf("store: unable to save paper health check: %w", err)
	}
	return nil
}

// CountHealthChecks counts the centre's checks per source, for the coordinator's page.
func CountHealthChecks(db *gorm.DB, centreID int64) (mine, paper int, err error) {
	var rows []struct {
		Source string
		N      int
	}
	if err := db.Model(&HealthCheck{}).Where("centre_id = ?", centreID).Select("source, COUNT(*) AS n").Group("source").Scan(&rows).Error; err != nil {
		return 0, 0, fmt.Errorf("store: unable to count health checks: %w", err)
	}
	for _, r := range rows {
		if r.Source == HealthMine {
			mine = r.N
		} else {
			paper = r.N
		}
	}
	return mine, paper, nil
}
