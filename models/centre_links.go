package models

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// LoadCentreLinks fills u.Coordinates and u.Reads (in one statement, ordered by the
// centres' names so the first is a sensible current centre); residents have none.
func LoadCentreLinks(db *gorm.DB, u *User) error {
	if u == nil || u.Role == RoleResident {
		return nil
	}
	var rows []struct {
		CentreID int64
		Kind     string
	}
	err := db.Raw(`SELECT l.centre_id, l.kind FROM (
			SELECT centre_id, 'c' AS kind FROM centre_coordinators WHERE user_id = ?
			UNION ALL SELECT centre_id, 'p' AS kind FROM centre_partners WHERE user_id = ?) l
		JOIN centres c ON c.id = l.centre_id ORDER BY c.is_default DESC, c.name, c.id`, u.ID, u.ID).Scan(&rows).Error
	if err != nil {
		return fmt.Errorf("store: unable to load the centres of user %d: %w", u.ID, err)
	}
	u.Coordinates, u.Reads = nil, nil
	for _, r := range rows {
		if r.Kind == "c" {
			u.Coordinates = append(u.Coordinates, r.CentreID)
		} else {
			u.Reads = append(u.Reads, r.CentreID)
		}
	}
	return nil
}

// CentresByIDs returns the centres with those ids, the default first, then by name.
func CentresByIDs(db *gorm.DB, ids []int64) ([]Centre, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var cs []Centre
	if err := db.Where("id IN ?", ids).Order("is_default DESC, name, id").Find(&cs).Error; err != nil {
		return nil, fmt.Errorf("store: unable to list centres: %w", err)
	}
	return cs, nil
}

// OpenCentres lists the centres that are not closed, the default first, then by name.
func OpenCentres(db *gorm.DB) ([]Centre, error) {
	var cs []Centre
	if err := db.Where("closed_at IS NULL").Order("is_default DESC, name, id").Find(&cs).Error; err != nil {
		return nil, fmt.Errorf("store: unable to list open centres: %w", err)
	}
	return cs, nil
}

// AddCoordinator makes the user coordinator of the centre (again: no change).
func AddCoordinator(db *gorm.DB, centreID, userID int64) error {
	err := db.Exec("INSERT INTO centre_coordinators (centre_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING", centreID, userID).Error
	if err != nil {
		return fmt.Errorf("store: unable to add coordinator %d to centre %d: %w", userID, centreID, err)
	}
	return nil
}

// AddPartnerCentre lets the partner read the centre's figures (again: no change).
func AddPartnerCentre(db *gorm.DB, centreID, userID int64) error {
	err := db.Exec("INSERT INTO centre_partners (centre_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING", centreID, userID).Error
	if err != nil {
		return fmt.Errorf("store: unable to give partner %d centre %d: %w", userID, centreID, err)
	}
	return nil
}

// SetCentreCoordinators makes exactly userIDs the coordinators of the centre; each of
// them gets the coordinator role (a partner or resident named here becomes coordinator).
func SetCentreCoordinators(db *gorm.DB, centreID int64, userIDs []int64) error {
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec("DELETE FROM centre_coordinators WHERE centre_id = ?", centreID).Error; err != nil {
			return err
		}
		for _, id := range userIDs {
			if err := tx.Exec("INSERT INTO centre_coordinators (centre_id, user_id) VALUES (?, ?)", centreID, id).Error; err != nil {
				return err
			}
		}
		if len(userIDs) == 0 {
			return nil
		}
		return tx.Model(&User{}).Where("id IN ? AND anonymised_at IS NULL", userIDs).
			Updates(map[string]any{"role": RoleCoordinator, "updated_at": time.Now().UTC()}).Error
	})
	if err != nil {
		return fmt.Errorf("store: unable to set the coordinators of centre %d: %w", centreID, err)
	}
	return nil
}

// SetPartnerCentres makes exactly centreIDs the centres whose figures the partner reads.
func SetPartnerCentres(db *gorm.DB, userID int64, centreIDs []int64) error {
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec("DELETE FROM centre_partners WHERE user_id = ?", userID).Error; err != nil {
			return err
		}
		for _, id := range centreIDs {
			if err := tx.Exec("INSERT INTO centre_partners (centre_id, user_id) VALUES (?, ?)", id, userID).Error; err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: unable to set the centres of partner %d: %w", userID, err)
	}
	return nil
}

// SetHomeCentre remembers the centre as the user's own: the programme at / shows it
// first. The handler checks that the centre is open.
func SetHomeCentre(db *gorm.DB, userID, centreID int64) error {
	if err := db.Model(&User{}).Where("id = ?", userID).Update("home_centre_id", centreID).Error; err != nil {
		return fmt.Errorf("store: unable to set the home centre of user %d: %w", userID, err)
	}
	return nil
}

// AdoptHomeCentre makes the centre the user's own when their account has none yet and
// the centre is open: the choice a visitor made on a device before logging in or
// registering. One statement; it changes nothing otherwise.
func AdoptHomeCentre(db *gorm.DB, userID, centreID int64) error {
	err := db.Exec("UPDATE users SET home_centre_id = ? WHERE id = ? AND home_centre_id IS NULL "+
		"AND EXISTS (SELECT 1 FROM centres WHERE id = ? AND closed_at IS NULL)", centreID, userID, centreID).Error
	if err != nil {
		return fmt.Errorf("store: unable to adopt the home centre of user %d: %w", userID, err)
	}
	return nil
}
