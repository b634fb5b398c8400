package models

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// callKinds are the messages worth a phone call to someone without e-mail.
var callKinds = []string{KindPromoted, KindCancelled, KindMoved, KindDecision}

// CallListDays is how far back the call list looks: older news is no longer news.
const CallListDays = 14

// CallList lists the messages of the centre for people without an e-mail address that
// nobody has ticked off as called yet, oldest first. With leadID set, only those about
// activities that person leads (a lead calls their own participants).
func CallList(db *gorm.DB, centreID int64, leadID *int64, now time.Time) ([]OutboxRow, error) {
	q := db.Table("notifications n").
		Select("n.*, u.name, u.email, COALESCE(u.phone, u.contact_phone) AS phone, u.language AS lang").
		Joins("JOIN users u ON u.id = n.user_id").
		Where("n.centre_id = ? AND u.email IS NULL AND u.anonymised_at IS NULL AND n.called_at IS NULL AND n.kind IN ? AND n.status <> ? AND n.created_at > ?",
			centreID, callKinds, NotifySkipped, now.AddDate(0, 0, -CallListDays).UTC())
	if leadID != nil {
		q = q.Joins("JOIN activities a ON a.id = n.activity_id").Where("a.lead_id = ?", *leadID)
	}
	var rows []OutboxRow
	if err := q.Order("n.id").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: unable to list the call list: %w", err)
	}
	return rows, nil
}

// MarkCalled ticks a message off the call list. With leadID set, only a message about
// an activity that person leads; it reports whether a message was ticked off.
func MarkCalled(db *gorm.DB, id, by int64, leadID *int64, now time.Time) (bool, error) {
	q := db.Model(&Notification{}).Where("id = ? AND called_at IS NULL", id)
	if leadID != nil {
		q = q.Where("activity_id IN (SELECT id FROM activities WHERE lead_id = ?)", *leadID)
	}
	res := q.Updates(map[string]any{"called_at": now.UTC(), "called_by": by})
	if res.Error != nil {
		return false, fmt.Errorf("store: unable to tick off notification %d: %w", id, res.Error)
	}
	return res.RowsAffected == 1, nil
}

// MyNotifications lists the newest messages for the user (not the password resets,
// which only ever go by mail).
func MyNotifications(db *gorm.DB, userID int64, limit int) ([]Notification, error) {
	var ns []Notification
	err := db.Where("user_id = ? AND kind <> ? AND status <> ?", userID, KindPasswordReset, NotifySkipped).
		Order("id DESC").Limit(limit).Find(&ns).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list notifications of user %d: %w", userID, err)
	}
	return ns, nil
}

// MarkSeen marks every message of the user as seen (the badge goes).
func MarkSeen(db *gorm.DB, userID int64, now time.Time) error {
	err := db.Model(&Notification{}).Where("user_id = ? AND seen_at IS NULL", userID).Update("seen_at", now.UTC()).Error
	if err != nil {
		return fmt.Errorf("store: unable to mark notifications of user %d seen: %w", userID, err)
	}
	return nil
}

// CountUnseen counts the user's messages not yet seen on Mijn pagina.
func CountUnseen(db *gorm.DB, userID int64) (int64, error) {
	var n int64
	err := db.Model(&Notification{}).Where("user_id = ? AND seen_at IS NULL AND kind <> ? AND status <> ?", userID, KindPasswordReset, NotifySkipped).Count(&n).Error
	if err != nil {
		return 0, fmt.Errorf("store: unable to count notifications of user %d: %w", userID, err)
	}
	return n, nil
}

// NotificationKeepDays is how long the outbox keeps a message that is done with (sent,
// failed, kept, read on the page): long enough to answer "did I get told?", no longer.
const NotificationKeepDays = 90

// DeleteOldNotifications removes finished messages older than NotificationKeepDays
// and password reset links that expired more than a day ago.
func DeleteOldNotifications(db *gorm.DB, now time.Time) (int64, error) {
	res := db.Where("status <> ? AND created_at < ?", NotifyQueued, now.AddDate(0, 0, -NotificationKeepDays).UTC()).Delete(&Notification{})
	if res.Error != nil {
		return 0, fmt.Errorf("store: unable to delete old notifications: %w", res.Error)
	}
	if err := db.Where("expires_at < ?", now.Add(-24*time.Hour).UTC()).Delete(&PasswordReset{}).Error; err != nil {
		return 0, fmt.Errorf("store: unable to delete expired password resets: %w", err)
	}
	return res.RowsAffected, nil
}
