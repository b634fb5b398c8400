package models

import (
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"
)

// The things a person can agree to. Each consent is kept with the version of the text
// they read, so a later change of wording does not change what they agreed to.
const (
	// ConsentTerms: keeping the account's name and contact details (the box ticked at
	// registration, the privacy page). Withdrawn only by deleting the account.
	ConsentTerms = "terms"
	// ConsentReminders: the optional reminder the day before a session.
	ConsentReminders = "reminders"
	// ConsentHealth: taking part in the health check (its own, explicit consent); the
	// version is the centre's wording of the questions.
	ConsentHealth = "health"
)

// ConsentTopics are the topics in the order Mijn gegevens shows them.
var ConsentTopics = []string{ConsentTerms, ConsentReminders, ConsentHealth}

// TermsVersion is the version of the registration consent and privacy page text. Raise
// it when register.consent or the privacy page changes what is kept or who sees it.
const TermsVersion = "2026-12"

// RemindersVersion is the version of the text that offers the reminders.
const RemindersVersion = "2026-12"

// HealthConsentVersion names a version of the health check wording in the record.
func HealthConsentVersion(wording int) string { return "vragen-" + strconv.Itoa(wording) }

// Consent is one time a person agreed to a topic; WithdrawnAt is set when they took it
// back. Giving it again adds a row.
type Consent struct {
	ID          int64      `json:"-"`
	UserID      int64      `json:"-"`
	Topic       string     `json:"topic"`
	TextVersion string     `json:"text_version"`
	GivenAt     time.Time  `json:"given_at"`
	WithdrawnAt *time.Time `json:"withdrawn_at"`
}

// Active reports whether the consent has not been withdrawn.
func (c Consent) Active() bool { return c.WithdrawnAt == nil }

// GiveConsent records that the user agreed to topic in the text of version at now.
// Agreeing again to the same text while the consent stands records nothing.
func GiveConsent(db *gorm.DB, userID int64, topic, version string, now time.Time) error {
	var open int64
	if err := db.Model(&Consent{}).Where("user_id = ? AND topic = ? AND text_version = ? AND withdrawn_at IS NULL",
		userID, topic, version).Count(&open).Error; err != nil {
		return fmt.Errorf("store: unable to read consent %s of user %d: %w", topic, userID, err)
	}
	if open > 0 {
		return nil
	}
	c := Consent{UserID: userID, Topic: topic, TextVersion: version, GivenAt: now.UTC()}
	if err := db.Create(&c).Error; err != nil {
		return fmt.Errorf("store: unable to record consent %s of user %d: %w", topic, userID, err)
	}
	return nil
}

// WithdrawConsent records that the user took back their consent to topic at now.
func WithdrawConsent(db *gorm.DB, userID int64, topic string, now time.Time) error {
	err := db.Model(&Consent{}).Where("user_id = ? AND topic = ? AND withdrawn_at IS NULL", userID, topic).
		Update("withdrawn_at", now.UTC()).Error
	if err != nil {
		return fmt.Errorf("store: unable to withdraw consent %s of user %d: %w", topic, userID, err)
	}
	return nil
}

// ConsentHistory returns every consent the user gave, oldest first.
func ConsentHistory(db *gorm.DB, userID int64) ([]Consent, error) {
	out := []Consent{}
	if err := db.Where("user_id = ?", userID).Order("given_at, id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: unable to read consents of user %d: %w", userID, err)
	}
	return out, nil
}

// CurrentConsents returns, by topic, the newest consent of the history (withdrawn or
// not); a topic never agreed to has none.
func CurrentConsents(history []Consent) map[string]Consent {
	out := map[string]Consent{}
	for _, c := range history {
		out[c.Topic] = c
	}
	return out
}
