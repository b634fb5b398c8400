package models

import (
	"fmt"

	"gorm.io/gorm"
)

// Residents belong to the municipality, but the lists a coordinator reads of them (the
// accounts, "Binnenkort verwijderd") are of their own centre: the people who have
// something to do with it. A person belongs to a centre when they chose it as their
// own, take part or volunteer in one of its activities, proposed or lead one, checked
// in there with their account, or coordinate it or read its figures. Someone linked to
// no centre at all (an account made and never used) is the default centre's, so that
// nobody falls outside every list.

// ofCentre is the condition, on users u, that u belongs to the centre (the first
// argument of centreArgs); its arguments are centreArgs(id).
const ofCentre = `(u.home_centre_id = ?
	OR EXISTS (SELECT 1 FROM participations p JOIN activities a ON a.id = p.activity_id WHERE p.user_id = u.id AND a.centre_id = ?)
	OR EXISTS (SELECT 1 FROM activities a WHERE (a.lead_id = u.id OR a.proposer_id = u.id) AND a.centre_id = ?)
	OR EXISTS (SELECT 1 FROM shifts s JOIN volunteer_roles r ON r.id = s.role_id JOIN activities a ON a.id = r.activity_id
		WHERE s.user_id = u.id AND a.centre_id = ?)
	OR EXISTS (SELECT 1 FROM visits v WHERE v.user_id = u.id AND v.centre_id = ?)
	OR EXISTS (SELECT 1 FROM centre_coordinators cc WHERE cc.user_id = u.id AND cc.centre_id = ?)
	OR EXISTS (SELECT 1 FROM centre_partners cp WHERE cp.user_id = u.id AND cp.centre_id = ?)
	OR ? = (SELECT id FROM centres ORDER BY is_default DESC, id LIMIT 1) AND u.home_centre_id IS NULL
		AND NOT EXISTS (SELECT 1 FROM participations p WHERE p.user_id = u.id)
		AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.lead_id = u.id OR a.proposer_id = u.id)
		AND NOT EXISTS (SELECT 1 FROM shifts s WHERE s.user_id = u.id)
		AND NOT EXISTS (SELECT 1 FROM visits v WHERE v.user_id = u.id)
		AND NOT EXISTS (SELECT 1 FROM centre_coordinators cc WHERE cc.user_id = u.id)
		AND NOT EXISTS (SELECT 1 FROM centre_partners cp WHERE cp.user_id = u.id))`

func centreArgs(centreID int64) []any {
	return []any{centreID, centreID, centreID, centreID, centreID, centreID, centreID, centreID}
}

// BelongsToCentre reports whether the account belongs to the centre (see ofCentre).
func BelongsToCentre(db *gorm.DB, userID, centreID int64) (bool, error) {
	var n int64
	err := db.Raw("SELECT COUNT(*) FROM users u WHERE u.id = ? AND "+ofCentre, append([]any{userID}, centreArgs(centreID)...)...).Scan(&n).Error
	if err != nil {
		return false, fmt.Errorf("store: unable to tell whether user %d belongs to centre %d: %w", userID, centreID, err)
	}
	return n > 0, nil
}
