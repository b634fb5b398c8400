package models

import (
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// One person, one visit a day per centre, whichever way they came in (DESIGN.md §5):
// a phone checks in with an anonymous device key until its owner logs in on it. From
// then on the device key is linked to the account, and a check-in with either counts
// for the account (u:<id>). Visits made anonymously before the link stay anonymous.

// VisitorKeyLink says that an anonymous device key belongs to an account: someone
// logged in on that device. Deleting the account deletes the link.
type VisitorKeyLink struct {
	VisitorKey string `gorm:"primaryKey"`
	UserID     int64
	LinkedAt   time.Time
}

// TableName keeps the table name explicit.
func (VisitorKeyLink) TableName() string { return "visitor_keys" }

// IsDeviceKey reports whether key is an anonymous device key (not an account's).
func IsDeviceKey(key string) bool { return strings.HasPrefix(key, "a:") }

// LinkVisitorKey links a device key to the account that logged in on the device; a
// later login of someone else on it moves the link to them.
func LinkVisitorKey(db *gorm.DB, deviceKey string, userID int64, now time.Time) error {
	if !IsDeviceKey(deviceKey) {
		return nil
	}
	err := db.Exec(`INSERT INTO visitor_keys (visitor_key, user_id, linked_at) VALUES (?, ?, ?)
		ON CONFLICT (visitor_key) DO UPDATE SET user_id = excluded.user_id, linked_at = excluded.linked_at`,
		deviceKey, userID, now.UTC()).Error
	if err != nil {
		return fmt.Errorf("store: unable to link a device to user %d: %w", userID, err)
	}
	return nil
}

// accountOfDevice returns the account a device key is linked to, or 0.
func accountOfDevice(db *gorm.DB, deviceKey string) (int64, error) {
	var ids []int64
	if err := db.Raw("SELECT user_id FROM visitor_keys WHERE visitor_key = ?", deviceKey).Scan(&ids).Error; err != nil {
		return 0, fmt.Errorf("look up device key: %w", err)
	}
	if len(ids) == 0 {
		return 0, nil
	}
	return ids[0], nil
}

// mergeDeviceVisits makes today's visits of the user's linked devices at the centre
// one visit under the account's key: the first becomes the account's when it has none
// yet, the others go into it with the activities they named. The merged visit is the
// person's first ever only if each part was.
func mergeDeviceVisits(tx *gorm.DB, centreID int64, date string, userID int64) error {
	type part struct {
		ID         int64
		VisitorKey string
		IsFirst    bool
		MoodGiven  bool
	}
	var parts []part
	err := tx.Raw(`SELECT id, visitor_key, is_first, mood_given FROM visits WHERE centre_id = ? AND local_date = ?
		AND (visitor_key = ? OR visitor_key IN (SELECT visitor_key FROM visitor_keys WHERE user_id = ?))
		ORDER BY CASE WHEN visitor_key = ? THEN 0 ELSE 1 END, id`,
		centreID, date, UserVisitorKey(userID), userID, UserVisitorKey(userID)).Scan(&parts).Error
	if err != nil {
		return fmt.Errorf("find today's visits of user %d's devices: %w", userID, err)
	}
	if len(parts) == 0 || len(parts) == 1 && parts[0].VisitorKey == UserVisitorKey(userID) {
		return nil
	}
	kept := parts[0]
	first, mood := kept.IsFirst, kept.MoodGiven
	for _, p := range parts[1:] {
		if err := tx.Exec(`INSERT INTO visit_sessions (visit_id, session_id) SELECT ?, session_id FROM visit_sessions
			WHERE visit_id = ? ON CONFLICT DO NOTHING`, kept.ID, p.ID).Error; err != nil {
			return fmt.Errorf("move the activities of visit %d: %w", p.ID, err)
		}
		if err := tx.Exec("DELETE FROM visits WHERE id = ?", p.ID).Error; err != nil {
			return fmt.Errorf("merge visit %d: %w", p.ID, err)
		}
		first, mood = first && p.IsFirst, mood || p.MoodGiven
	}
	err = tx.Exec("UPDATE visits SET visitor_key = ?, user_id = ?, is_first = ?, mood_given = ? WHERE id = ?",
		UserVisitorKey(userID), userID, first, mood, kept.ID).Error
	if err != nil {
		return fmt.Errorf("make visit %d the account's: %w", kept.ID, err)
	}
	return nil
}
