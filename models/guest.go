package models

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// People without an account (issue 16): the man who comes to the course every week but
// has no computer. A coordinator or the activity's lead puts him on the list by name,
// with a phone number if he has one. He is a users row that can never log in
// (User.WithoutAccount), so the lists, rosters, the call list, the figures and the
// retention rules treat him like everyone else.

// Errors of adding a person without an account.
var (
	// ErrAlreadyOnList: someone of that name or phone number is on the list already.
	ErrAlreadyOnList = errors.New("this person is already on the activity's list")
	// ErrNotAGuest: the participant to remove has an account (they sign off themselves).
	ErrNotAGuest = errors.New("the participant has an account")
)

// AddGuest puts a person without an account on the activity's list: a place while there
// is one, else the end of the waiting list. Someone of the same name (letter case and
// accents aside) or the same phone number on the list already gives ErrAlreadyOnList.
func AddGuest(db *gorm.DB, activityID, byID int64, name string, phone *string) (MyPlace, error) {
	var place MyPlace
	err := db.Transaction(func(tx *gorm.DB) error {
		a, err := lockActivity(tx, activityID)
		if err != nil {
			return err
		}
		if !a.IsPublished() || a.IsOpen() {
			return ErrNoSignUp
		}
		var listed []struct {
			Name                string
			Phone, ContactPhone *string
		}
		err = tx.Table("participations p").Select("u.name, u.phone, u.contact_phone").
			Joins("JOIN users u ON u.id = p.user_id").Where("p.activity_id = ?", activityID).Scan(&listed).Error
		if err != nil {
			return fmt.Errorf("list who is on it: %w", err)
		}
		for _, l := range listed {
			samePhone := phone != nil && (l.Phone != nil && *l.Phone == *phone || l.ContactPhone != nil && *l.ContactPhone == *phone)
			if samePhone || foldForSearch(strings.TrimSpace(l.Name)) == foldForSearch(name) {
				return ErrAlreadyOnList
			}
		}
		guest := User{Name: name, Role: RoleResident, Language: "nl", WithoutAccount: true, ContactPhone: phone, AddedByID: &byID}
		if err := tx.Create(&guest).Error; err != nil {
			return fmt.Errorf("add the person: %w", err)
		}
		place, err = Join(tx, activityID, guest.ID)
		return err
	})
	if errors.Is(err, ErrAlreadyOnList) || errors.Is(err, ErrNoSignUp) {
		return place, err
	}
	if err != nil {
		return place, fmt.Errorf("store: unable to add a person without an account to activity %d: %w", activityID, err)
	}
	return place, nil
}

// RemoveGuest takes a person without an account off the activity's list; a place they
// held goes to the first on the waiting list. Someone on no other list is then removed
// altogether (name and phone number gone), as an account deleted. A participant with
// an account gives ErrNotAGuest: they sign off themselves.
func RemoveGuest(db *gorm.DB, activityID, userID int64) error {
	err := db.Transaction(func(tx *gorm.DB) error {
		var u User
		err := tx.Where("id = ? AND anonymised_at IS NULL", userID).Take(&u).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return ErrNotAGuest
		}
		if err != nil {
			return err
		}
		if !u.WithoutAccount {
			return ErrNotAGuest
		}
		if _, err := Leave(tx, activityID, userID); err != nil {
			return err
		}
		var others int64
		if err := tx.Model(&Participation{}).Where("user_id = ?", userID).Count(&others).Error; err != nil {
			return err
		}
		if others > 0 {
			return nil
		}
		return anonymise(tx, userID)
	})
	if errors.Is(err, ErrNotAGuest) {
		return err
	}
	if err != nil {
		return fmt.Errorf("store: unable to remove person %d from activity %d: %w", userID, activityID, err)
	}
	return nil
}

// PlaceToTakeOver is a place held for a person without an account with the phone
// number of a resident who has since made an account.
type PlaceToTakeOver struct {
	ActivityID int64
	Title      string
	GuestName  string
	Status     string
	AddedAt    time.Time
}

// PlacesToTakeOver lists the places on running activities held for people without an
// account whose phone number is the user's: the user may be that person. One statement.
func PlacesToTakeOver(db *gorm.DB, u *User) ([]PlaceToTakeOver, error) {
	if u == nil || u.Phone == nil || u.WithoutAccount {
		return nil, nil
	}
	var rows []PlaceToTakeOver
	err := db.Table("users g").Select("a.id AS activity_id, a.title, g.name AS guest_name, p.status, p.created_at AS added_at").
		Joins("JOIN participations p ON p.user_id = g.id").Joins("JOIN activities a ON a.id = p.activity_id").
		Where("g.without_account = ? AND g.anonymised_at IS NULL AND g.contact_phone = ? AND a.status IN ?", true, *u.Phone, runningStatuses).
		Order("a.title, p.id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list places to take over for user %d: %w", u.ID, err)
	}
	return rows, nil
}

// TakeOverPlaces moves the places held for people without an account with the user's
// phone number to the user's account, keeping each place (and its spot on a waiting
// list). Where the user is on that list already, the held place is given up (the first
// waiting gets it). The people without an account are then removed. It returns how many
// places moved.
func TakeOverPlaces(db *gorm.DB, userID int64) (int, error) {
	moved := 0
	err := db.Transaction(func(tx *gorm.DB) error {
		var u User
		if err := tx.Where("id = ?", userID).Take(&u).Error; err != nil {
			return err
		}
		if u.Phone == nil || u.WithoutAccount {
			return nil
		}
		var guests []int64
		err := tx.Model(&User{}).Where("without_account = ? AND anonymised_at IS NULL AND contact_phone = ?", true, *u.Phone).
			Order("id").Pluck("id", &guests).Error
		if err != nil || len(guests) == 0 {
			return err
		}
		var held []Participation
		if err := tx.Where("user_id IN ?", guests).Order("id").Find(&held).Error; err != nil {
			return err
		}
		for _, p := range held {
			var mine int64
			if err := tx.Model(&Participation{}).Where("activity_id = ? AND user_id = ?", p.ActivityID, userID).Count(&mine).Error; err != nil {
				return err
			}
			if mine > 0 {
				if _, err := Leave(tx, p.ActivityID, p.UserID); err != nil {
					return err
				}
				continue
			}
			if err := tx.Model(&Participation{}).Where("id = ?", p.ID).Update("user_id", userID).Error; err != nil {
				return err
			}
			moved++
		}
		for _, g := range guests {
			if err := anonymise(tx, g); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: unable to take over places for user %d: %w", userID, err)
	}
	return moved, nil
}
