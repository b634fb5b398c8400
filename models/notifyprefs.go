package models

import (
	"errors"
	"fmt"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// KindOnByDefault says whether a kind is on for someone who never chose: promotions,
// cancellations, moves and decisions for everyone; reminders and the hours summary for
// volunteers; the coordinator's digest and a participant's reminder only when asked for.
func KindOnByDefault(kind string, volunteer bool) bool {
	switch kind {
	case KindPromoted, KindCancelled, KindMoved, KindDecision:
		return true
	case KindReminder, KindHours:
		return volunteer
	}
	return false
}

// prefsOf returns the choices people made, by user and kind (absent: the default).
func prefsOf(db *gorm.DB, userIDs []int64) (map[int64]map[string]bool, error) {
	var rows []struct {
		UserID  int64
		Kind    string
		Enabled bool
	}
	if err := db.Table("notification_prefs").Where("user_id IN ?", userIDs).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: unable to load notification choices: %w", err)
	}
	out := map[int64]map[string]bool{}
	for _, r := range rows {
		if out[r.UserID] == nil {
			out[r.UserID] = map[string]bool{}
		}
		out[r.UserID][r.Kind] = r.Enabled
	}
	return out, nil
}

// NotifyPrefs returns, for each kind, whether the user gets it.
func NotifyPrefs(db *gorm.DB, userID int64, volunteer bool) (map[string]bool, error) {
	chosen, err := prefsOf(db, []int64{userID})
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(Kinds))
	for _, k := range Kinds {
		on, ok := chosen[userID][k]
		if !ok {
			on = KindOnByDefault(k, volunteer)
		}
		out[k] = on
	}
	return out, nil
}

// SetNotifyPrefs stores the user's choice for each kind given. The reminders are
// optional messages the person asks for: switching them on or off is also recorded as
// a consent (consent.go).
func SetNotifyPrefs(db *gorm.DB, userID int64, prefs map[string]bool) error {
	return db.Transaction(func(tx *gorm.DB) error {
		if err := setNotifyPrefs(tx, userID, prefs); err != nil {
			return err
		}
		on, ok := prefs[KindReminder]
		switch {
		case !ok:
			return nil
		case on:
			return GiveConsent(tx, userID, ConsentReminders, RemindersVersion, tx.NowFunc())
		default:
			return WithdrawConsent(tx, userID, ConsentReminders, tx.NowFunc())
		}
	})
}

func setNotifyPrefs(db *gorm.DB, userID int64, prefs map[string]bool) error {
	rows := make([]map[string]any, 0, len(prefs))
	for _, k := range Kinds {
		if on, ok := prefs[k]; ok {
			rows = append(rows, map[string]any{"user_id": userID, "kind": k, "enabled": on})
		}
	}
	if len(rows) == 0 {
		return nil
	}
	err := db.Table("notification_prefs").Clauses(clause.OnConflict{
		Columns: []clause.Column{{Name: "user_id"}, {Name: "kind"}}, DoUpdates: clause.AssignmentColumns([]string{"enabled"}),
	}).Create(rows).Error
	if err != nil {
		return fmt.Errorf("store: unable to save notification choices of user %d: %w", userID, err)
	}
	return nil
}

// ErrBadUnsubscribe means the unsubscribe link's token or kind is not known.
var ErrBadUnsubscribe = errors.New("unknown unsubscribe link")

// UnsubscribeByToken switches kind off for the person whose unsubscribe token it is
// (the one-click link in every mail: no login), and returns their id.
func UnsubscribeByToken(db *gorm.DB, token, kind string) (int64, error) {
	known := false
	for _, k := range Kinds {
		known = known || k == kind
	}
	if !known || token == "" {
		return 0, ErrBadUnsubscribe
	}
	var ids []int64
	if err := db.Table("notification_tokens").Where("token = ?", token).Pluck("user_id", &ids).Error; err != nil {
		return 0, fmt.Errorf("store: unable to look up an unsubscribe token: %w", err)
	}
	if len(ids) == 0 {
		return 0, ErrBadUnsubscribe
	}
	return ids[0], SetNotifyPrefs(db, ids[0], map[string]bool{kind: false})
}
