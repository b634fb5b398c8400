package models

import (
	"errors"
	"fmt"

	"gorm.io/gorm"
)

// ErrSetupDone means the first-run setup has already created a coordinator.
var ErrSetupDone = errors.New("setup already done")

// SetupInput is what the first-run setup form asks.
type SetupInput struct {
	CentreName    string
	CentreAddress string
	Name          string
	Email         *string
	Phone         *string
	PasswordHash  string
	Language      string
}

// SetupNeeded reports whether no coordinator exists yet, so the site must be set up.
func SetupNeeded(db *gorm.DB) (bool, error) {
	var n int64
	if err := db.Model(&User{}).Where("role = ?", RoleCoordinator).Limit(1).Count(&n).Error; err != nil {
		return false, fmt.Errorf("store: unable to check for a coordinator: %w", err)
	}
	return n == 0, nil
}

// CompleteSetup creates the default centre and the first coordinator, who is also the
// administrator, in one transaction.
// The single setup_claims row makes a second, racing setup fail with ErrSetupDone.
func CompleteSetup(db *gorm.DB, in SetupInput) (*User, error) {
	var coordinator User
	err := db.Transaction(func(tx *gorm.DB) error {
		err := tx.Exec("INSERT INTO setup_claims (id, claimed_at) VALUES (1, ?)", tx.NowFunc()).Error
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			return ErrSetupDone
		}
		if err != nil {
			return fmt.Errorf("claim setup: %w", err)
		}
		if needed, err := SetupNeeded(tx); err != nil {
			return err
		} else if !needed {
			return ErrSetupDone
		}
		centre := Centre{
			Name: in.CentreName, Slug: Slugify(in.CentreName), Address: in.CentreAddress,
			TimeZone: DefaultTimeZone, DoorCode: NewDoorCode(), IsDefault: true,
		}
		if err := tx.Create(&centre).Error; err != nil {
			return fmt.Errorf("create centre: %w", err)
		}
		coordinator = User{
			Name: in.Name, Email: in.Email, Phone: in.Phone, PasswordHash: in.PasswordHash,
			Role: RoleCoordinator, Language: in.Language, IsAdmin: true,
		}
		if err := CreateUser(tx, &coordinator); err != nil {
			return err
		}
		return AddCoordinator(tx, centre.ID, coordinator.ID)
	})
	if errors.Is(err, ErrSetupDone) {
		return nil, ErrSetupDone
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to complete setup: %w", err)
	}
	return &coordinator, nil
}
