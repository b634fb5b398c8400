package models

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// UserExport is everything stored about one user, for "download my data" (AVG art. 15/20).
type UserExport struct {
	ExportedAt time.Time     `json:"exported_at"`
	Account    AccountExport `json:"account"`
}

// AccountExport is the account part of a UserExport.
type AccountExport struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Email     *string   `json:"email"`
	Phone     *string   `json:"phone"`
	Role      Role      `json:"role"`
	Language  string    `json:"language"`
	CreatedAt time.Time `json:"created_at"`
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
	return &UserExport{
		ExportedAt: db.NowFunc(),
		Account: AccountExport{ID: u.ID, Name: u.Name, Email: u.Email, Phone: u.Phone, Role: u.Role,
			Language: u.Language, CreatedAt: u.CreatedAt},
	}, nil
}
