package models

import (
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// KioskLink lets a tablet at the door count visitors without a login: whoever has the
// link can count, until the coordinator revokes it.
type KioskLink struct {
	ID          int64
	CentreID    int64
	Token       string
	Label       string
	CreatedByID *int64
	CreatedAt   time.Time
	RevokedAt   *time.Time
}

// CreateKioskLink makes a new kiosk link for a centre.
func CreateKioskLink(db *gorm.DB, centreID, createdBy int64, label string) (*KioskLink, error) {
	k := KioskLink{CentreID: centreID, Token: strings.ToLower(rand.Text()), Label: label, CreatedByID: &createdBy}
	if err := db.Create(&k).Error; err != nil {
		return nil, fmt.Errorf("store: unable to create kiosk link: %w", err)
	}
	return &k, nil
}

// KioskByToken returns the active (not revoked) kiosk link with that token, or nil.
func KioskByToken(db *gorm.DB, token string) (*KioskLink, error) {
	var k KioskLink
	err := db.Where("token = ? AND revoked_at IS NULL", token).Take(&k).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to load kiosk link: %w", err)
	}
	return &k, nil
}

// KioskLinks lists a centre's kiosk links, newest first, revoked ones too.
func KioskLinks(db *gorm.DB, centreID int64) ([]KioskLink, error) {
	var ks []KioskLink
	if err := db.Where("centre_id = ?", centreID).Order("id DESC").Find(&ks).Error; err != nil {
		return nil, fmt.Errorf("store: unable to list kiosk links: %w", err)
	}
	return ks, nil
}

// RevokeKioskLink stops a kiosk link from working. Revoking it twice is fine; a link
// the centre does not have gives ErrNotFound.
func RevokeKioskLink(db *gorm.DB, centreID, id int64) error {
	res := db.Model(&KioskLink{}).Where("id = ? AND centre_id = ? AND revoked_at IS NULL", id, centreID).
		Update("revoked_at", db.NowFunc())
	if res.Error != nil {
		return fmt.Errorf("store: unable to revoke kiosk link %d: %w", id, res.Error)
	}
	if res.RowsAffected > 0 {
		return nil
	}
	var n int64
	if err := db.Model(&KioskLink{}).Where("id = ? AND centre_id = ?", id, centreID).Count(&n).Error; err != nil {
		return fmt.Errorf("store: unable to look up kiosk link %d: %w", id, err)
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

// ReplaceDoorCode gives the centre a new door code; posters with the old one then lead
// to a page that says they are outdated.
func ReplaceDoorCode(db *gorm.DB, centre *Centre) (string, error) {
	code := NewDoorCode()
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec("INSERT INTO retired_door_codes (code, centre_id, retired_at) VALUES (?, ?, ?)",
			centre.DoorCode, centre.ID, tx.NowFunc()).Error; err != nil {
			return err
		}
		return tx.Model(&Centre{}).Where("id = ? AND door_code = ?", centre.ID, centre.DoorCode).
			Updates(map[string]any{"door_code": code, "updated_at": tx.NowFunc()}).Error
	})
	if err != nil {
		return "", fmt.Errorf("store: unable to replace door code: %w", err)
	}
	centre.DoorCode = code
	return code, nil
}

// CentreByRetiredDoorCode returns the centre an outdated poster belonged to, or nil.
func CentreByRetiredDoorCode(db *gorm.DB, code string) (*Centre, error) {
	var centreID int64
	err := db.Raw("SELECT centre_id FROM retired_door_codes WHERE code = ?", code).Scan(&centreID).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to look up old door code: %w", err)
	}
	if centreID == 0 {
		return nil, nil
	}
	return CentreByID(db, centreID)
}
