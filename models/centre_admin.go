package models

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// ErrSlugTaken means another centre already has that public address (slug).
var ErrSlugTaken = errors.New("centre slug already in use")

// CentreInput is what the administrator's form says about a centre.
type CentreInput struct {
	Name, Address, TimeZone, Slug string
	Rooms                         []string // new rooms by name; existing names are left alone
}

// CreateCentre adds a centre with a new door code and its rooms, in one transaction.
func CreateCentre(db *gorm.DB, in CentreInput) (*Centre, error) {
	centre := Centre{Name: in.Name, Slug: in.Slug, Address: in.Address, TimeZone: in.TimeZone, DoorCode: NewDoorCode()}
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := slugFree(tx, in.Slug, 0); err != nil {
			return err
		}
		if err := tx.Create(&centre).Error; err != nil {
			return err
		}
		return addRooms(tx, centre.ID, in.Rooms)
	})
	if errors.Is(err, ErrSlugTaken) || errors.Is(err, gorm.ErrDuplicatedKey) {
		return nil, ErrSlugTaken
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to create centre %q: %w", in.Name, err)
	}
	return &centre, nil
}

// UpdateCentre renames a centre, changes its address, zone and slug, and adds rooms.
func UpdateCentre(db *gorm.DB, id int64, in CentreInput) error {
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := slugFree(tx, in.Slug, id); err != nil {
			return err
		}
		res := tx.Model(&Centre{}).Where("id = ?", id).Updates(map[string]any{"name": in.Name, "address": in.Address,
			"time_zone": in.TimeZone, "slug": in.Slug, "updated_at": tx.NowFunc()})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		return addRooms(tx, id, in.Rooms)
	})
	switch {
	case errors.Is(err, ErrSlugTaken) || errors.Is(err, gorm.ErrDuplicatedKey):
		return ErrSlugTaken
	case errors.Is(err, ErrNotFound):
		return err
	case err != nil:
		return fmt.Errorf("store: unable to update centre %d: %w", id, err)
	}
	return nil
}

func slugFree(tx *gorm.DB, slug string, except int64) error {
	var n int64
	if err := tx.Model(&Centre{}).Where("slug = ? AND id <> ?", slug, except).Count(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		return ErrSlugTaken
	}
	return nil
}

// addRooms adds the rooms whose names the centre does not have yet.
func addRooms(tx *gorm.DB, centreID int64, names []string) error {
	for _, name := range names {
		err := tx.Exec("INSERT INTO rooms (centre_id, name, capacity, created_at) VALUES (?, ?, 0, ?) ON CONFLICT DO NOTHING",
			centreID, name, tx.NowFunc()).Error
		if err != nil {
			return fmt.Errorf("add room %q: %w", name, err)
		}
	}
	return nil
}

// SetCentreClosed closes a centre (it leaves the public lists, keeps its history) or
// opens it again.
func SetCentreClosed(db *gorm.DB, id int64, closed bool, now time.Time) error {
	var at any
	if closed {
		at = now.UTC()
	}
	res := db.Model(&Centre{}).Where("id = ?", id).Update("closed_at", at)
	if res.Error != nil {
		return fmt.Errorf("store: unable to close centre %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return ErrNotFound
	}
	return nil
}

// CentreOverview is a centre on the administrator's list, with its coordinators.
type CentreOverview struct {
	Centre
	Coordinators []string
	Rooms        []string
}

// CentresOverview lists every centre, open ones first, with the names of their
// coordinators and rooms: three statements.
func CentresOverview(db *gorm.DB) ([]CentreOverview, error) {
	var centres []Centre
	if err := db.Order("closed_at IS NOT NULL, is_default DESC, name, id").Find(&centres).Error; err != nil {
		return nil, fmt.Errorf("store: unable to list centres: %w", err)
	}
	var coordinators []struct {
		CentreID int64
		Name     string
	}
	err := db.Raw(`SELECT l.centre_id, u.name FROM centre_coordinators l JOIN users u ON u.id = l.user_id
		WHERE u.anonymised_at IS NULL ORDER BY u.name`).Scan(&coordinators).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list coordinators: %w", err)
	}
	var rooms []Room
	if err := db.Order("name").Find(&rooms).Error; err != nil {
		return nil, fmt.Errorf("store: unable to list rooms: %w", err)
	}
	out := make([]CentreOverview, len(centres))
	at := map[int64]int{}
	for i, c := range centres {
		out[i].Centre = c
		at[c.ID] = i
	}
	for _, c := range coordinators {
		if i, ok := at[c.CentreID]; ok {
			out[i].Coordinators = append(out[i].Coordinators, c.Name)
		}
	}
	for _, r := range rooms {
		if i, ok := at[r.CentreID]; ok {
			out[i].Rooms = append(out[i].Rooms, r.Name)
		}
	}
	return out, nil
}

// CoordinatorsOf lists the coordinators of a centre by name.
func CoordinatorsOf(db *gorm.DB, centreID int64) ([]User, error) {
	var us []User
	err := db.Where("id IN (SELECT user_id FROM centre_coordinators WHERE centre_id = ?) AND anonymised_at IS NULL", centreID).
		Order("name, id").Find(&us).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list coordinators of centre %d: %w", centreID, err)
	}
	return us, nil
}

// PartnerWithCentres is a partner account and the centres whose figures they read.
type PartnerWithCentres struct {
	User
	CentreIDs map[int64]bool
}

// PartnersWithCentres lists the partner accounts with their centres: two statements.
func PartnersWithCentres(db *gorm.DB) ([]PartnerWithCentres, error) {
	var us []User
	if err := db.Where("role = ? AND anonymised_at IS NULL", RolePartner).Order("name, id").Find(&us).Error; err != nil {
		return nil, fmt.Errorf("store: unable to list partners: %w", err)
	}
	var links []struct{ CentreID, UserID int64 }
	if err := db.Raw("SELECT centre_id, user_id FROM centre_partners").Scan(&links).Error; err != nil {
		return nil, fmt.Errorf("store: unable to list the partners' centres: %w", err)
	}
	out := make([]PartnerWithCentres, len(us))
	at := map[int64]int{}
	for i, u := range us {
		out[i] = PartnerWithCentres{User: u, CentreIDs: map[int64]bool{}}
		at[u.ID] = i
	}
	for _, l := range links {
		if i, ok := at[l.UserID]; ok {
			out[i].CentreIDs[l.CentreID] = true
		}
	}
	return out, nil
}

// RoomLines splits a text area of room names, one a line, without empty or repeated ones.
func RoomLines(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, line := range strings.Split(text, "\n") {
		name := strings.TrimSpace(line)
		if name != "" && !seen[strings.ToLower(name)] {
			seen[strings.ToLower(name)] = true
			out = append(out, name)
		}
	}
	return out
}
