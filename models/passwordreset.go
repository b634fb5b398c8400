package models

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// PasswordResetLifetime is how long a reset link works.
const PasswordResetLifetime = time.Hour

// PasswordReset is a link to choose a new password. Only the token's hash is kept: a
// copy of the database does not open anyone's account.
type PasswordReset struct {
	ID        int64
	UserID    int64
	TokenHash string
	ExpiresAt time.Time
	UsedAt    *time.Time
	CreatedAt time.Time
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// RequestPasswordReset makes a reset link for the account with that e-mail address and
// queues the mail with it, in one transaction. An unknown address does nothing and
// gives no error: the page answers the same either way.
func RequestPasswordReset(db *gorm.DB, email string, now time.Time) error {
	email, ok := NormaliseEmail(email)
	if !ok {
		return nil
	}
	err := db.Transaction(func(tx *gorm.DB) error {
		var u User
		err := tx.Where("email = ? AND anonymised_at IS NULL", email).Take(&u).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		token := strings.ToLower(rand.Text()) + strings.ToLower(rand.Text())
		r := PasswordReset{UserID: u.ID, TokenHash: hashToken(token), ExpiresAt: now.Add(PasswordResetLifetime).UTC(), CreatedAt: now.UTC()}
		if err := tx.Create(&r).Error; err != nil {
			return err
		}
		return enqueue(tx, KindPasswordReset, []int64{u.ID}, nil, nil, nil, NotifyData{Token: token})
	})
	if err != nil {
		return fmt.Errorf("store: unable to make a password reset: %w", err)
	}
	return nil
}

// ErrResetInvalid means the reset link is unknown, used or expired.
var ErrResetInvalid = errors.New("password reset link is not valid")

// PasswordResetUser returns the user whose unused, unexpired reset link has the token.
func PasswordResetUser(db *gorm.DB, token string, now time.Time) (*User, error) {
	var r PasswordReset
	err := db.Where("token_hash = ? AND used_at IS NULL AND expires_at > ?", hashToken(token), now.UTC()).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrResetInvalid
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to look up a password reset: %w", err)
	}
	return UserByID(db, r.UserID)
}

// UsePasswordReset sets the new password hash through the link, once: the link and the
// account's other links stop working, every session of the account ends, and the mail
// that carried the token no longer holds it in the outbox.
func UsePasswordReset(db *gorm.DB, token, hash string, now time.Time) (int64, error) {
	var userID int64
	err := db.Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&PasswordReset{}).Where("token_hash = ? AND used_at IS NULL AND expires_at > ?", hashToken(token), now.UTC()).
			Update("used_at", now.UTC())
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return ErrResetInvalid
		}
		var r PasswordReset
		if err := tx.Where("token_hash = ?", hashToken(token)).Take(&r).Error; err != nil {
			return err
		}
		userID = r.UserID
		if err := tx.Model(&PasswordReset{}).Where("user_id = ? AND used_at IS NULL", r.UserID).Update("used_at", now.UTC()).Error; err != nil {
			return err
		}
		_, err := SetPasswordHash(tx, r.UserID, hash)
		return err
	})
	if errors.Is(err, ErrResetInvalid) {
		return 0, err
	}
	if err != nil {
		return 0, fmt.Errorf("store: unable to reset a password: %w", err)
	}
	return userID, nil
}
