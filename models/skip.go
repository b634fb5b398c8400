package models

import (
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// ErrCannotSkip means "Deze keer niet" (or taking it back) does not apply: the session
// has begun or is cancelled, or the user's sign-up or shift does not cover it.
var ErrCannotSkip = errors.New("that session cannot be skipped or taken back")

// A sign-up for every session covers the sessions that start after it was made: one
// that had begun, or was over, when someone signed up was never theirs. CreatedAt of a
// participation or a shift is that moment.

// SkipParticipation records that the user, who takes part in every session, does not
// come to this one ("Deze keer niet"); their place stays for the rest. Skipping twice
// changes nothing.
func SkipParticipation(db *gorm.DB, sessionID, userID int64, now time.Time) error {
	res := db.Exec(`INSERT INTO participation_skips (participation_id, session_id, created_at)
		SELECT p.id, s.id, ? FROM participations p JOIN activity_sessions s ON s.activity_id = p.activity_id
		WHERE p.user_id = ? AND p.status = ? AND s.id = ? AND s.cancelled = ? AND s.starts_at > ? AND s.starts_at > p.created_at
		ON CONFLICT DO NOTHING`, now.UTC(), userID, Joined, sessionID, false, now.UTC())
	if res.Error != nil {
		return fmt.Errorf("store: unable to skip session %d: %w", sessionID, res.Error)
	}
	if res.RowsAffected == 0 {
		return alreadySkipped(db, `SELECT COUNT(*) FROM participation_skips k JOIN participations p ON p.id = k.participation_id
			WHERE k.session_id = ? AND p.user_id = ?`, sessionID, userID)
	}
	return nil
}

// UndoParticipationSkip takes "Deze keer niet" back while the session has not begun.
// The place was never given to anyone else: sign-ups are for every session.
func UndoParticipationSkip(db *gorm.DB, sessionID, userID int64, now time.Time) error {
	res := db.Exec(`DELETE FROM participation_skips WHERE session_id = ?
		AND participation_id IN (SELECT id FROM participations WHERE user_id = ?)
		AND session_id IN (SELECT id FROM activity_sessions WHERE starts_at > ?)`, sessionID, userID, now.UTC())
	if res.Error != nil {
		return fmt.Errorf("store: unable to take back skipping session %d: %w", sessionID, res.Error)
	}
	if res.RowsAffected == 0 {
		return ErrCannotSkip
	}
	return nil
}

// SkipShift records that the volunteer, on a role every time, does not come to this
// session; the role then misses someone there, and another volunteer can take it.
func SkipShift(db *gorm.DB, shiftID, userID, sessionID int64, now time.Time) error {
	res := db.Exec(`INSERT INTO shift_skips (shift_id, session_id, created_at)
		SELECT sh.id, s.id, ? FROM shifts sh JOIN volunteer_roles r ON r.id = sh.role_id
		JOIN activity_sessions s ON s.activity_id = r.activity_id
		WHERE sh.id = ? AND sh.user_id = ? AND sh.session_id IS NULL AND s.id = ? AND s.cancelled = ?
			AND s.starts_at > ? AND s.starts_at > sh.created_at
		ON CONFLICT DO NOTHING`, now.UTC(), shiftID, userID, sessionID, false, now.UTC())
	if res.Error != nil {
		return fmt.Errorf("store: unable to skip session %d of shift %d: %w", sessionID, shiftID, res.Error)
	}
	if res.RowsAffected == 0 {
		return alreadySkipped(db, `SELECT COUNT(*) FROM shift_skips k JOIN shifts sh ON sh.id = k.shift_id
			WHERE k.session_id = ? AND sh.user_id = ? AND sh.id = ?`, sessionID, userID, shiftID)
	}
	return nil
}

// UndoShiftSkip takes "Deze keer niet" back while the session has not begun and the
// role still has room in it: someone else may have taken the place meanwhile
// (ErrRoleFull). The role row is locked, as for a sign-up.
func UndoShiftSkip(db *gorm.DB, shiftID, userID, sessionID int64, now time.Time) error {
	err := db.Transaction(func(tx *gorm.DB) error {
		var sh Shift
		err := tx.Where("id = ? AND user_id = ? AND session_id IS NULL", shiftID, userID).Take(&sh).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return ErrCannotSkip
		}
		if err != nil {
			return err
		}
		if err := lockRow(tx, "volunteer_roles", sh.RoleID); err != nil {
			return err
		}
		var s Session
		err = tx.Where("id = ? AND starts_at > ?", sessionID, now.UTC()).Take(&s).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return ErrCannotSkip
		}
		if err != nil {
			return err
		}
		var role VolunteerRole
		if err := tx.Where("id = ?", sh.RoleID).Take(&role).Error; err != nil {
			return err
		}
		filled, err := staffedIn(tx, role.ID, &s)
		if err != nil {
			return err
		}
		if filled >= int64(role.PerSession) {
			return ErrRoleFull
		}
		res := tx.Exec("DELETE FROM shift_skips WHERE shift_id = ? AND session_id = ?", shiftID, sessionID)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrCannotSkip
		}
		return nil
	})
	if errors.Is(err, ErrCannotSkip) || errors.Is(err, ErrRoleFull) {
		return err
	}
	if err != nil {
		return fmt.Errorf("store: unable to take back skipping session %d of shift %d: %w", sessionID, shiftID, err)
	}
	return nil
}

// alreadySkipped is nil when the skip the count query looks for exists (skipping twice
// is fine), else ErrCannotSkip.
func alreadySkipped(db *gorm.DB, count string, args ...any) error {
	var n int64
	if err := db.Raw(count, args...).Scan(&n).Error; err != nil {
		return fmt.Errorf("store: unable to look up a skip: %w", err)
	}
	if n == 0 {
		return ErrCannotSkip
	}
	return nil
}

// staffedIn counts the volunteers a role has in one session: every-time shifts made
// before it began, less those who skip it, plus the shifts for that session alone.
func staffedIn(tx *gorm.DB, roleID int64, s *Session) (int64, error) {
	var n int64
	err := tx.Raw(`SELECT
			(SELECT COUNT(*) FROM shifts WHERE role_id = ? AND session_id IS NULL AND created_at < ?)
			- (SELECT COUNT(*) FROM shift_skips k JOIN shifts sh ON sh.id = k.shift_id WHERE sh.role_id = ? AND k.session_id = ?)
			+ (SELECT COUNT(*) FROM shifts WHERE role_id = ? AND session_id = ?)`,
		roleID, s.StartsAt.UTC(), roleID, s.ID, roleID, s.ID).Scan(&n).Error
	if err != nil {
		return 0, fmt.Errorf("count volunteers of role %d in session %d: %w", roleID, s.ID, err)
	}
	return n, nil
}

// skipsOf reads which sign-ups and shifts skip which of the sessions: the keys are
// participation or shift id, then session id.
func skipsOf(db *gorm.DB, table, column string, sessionIDs []int64) (map[int64]map[int64]bool, error) {
	out := map[int64]map[int64]bool{}
	if len(sessionIDs) == 0 {
		return out, nil
	}
	var rows []struct{ Owner, SessionID int64 }
	err := db.Raw("SELECT "+column+" AS owner, session_id FROM "+table+" WHERE session_id IN ?", sessionIDs).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to read %s: %w", table, err)
	}
	for _, r := range rows {
		if out[r.Owner] == nil {
			out[r.Owner] = map[int64]bool{}
		}
		out[r.Owner][r.SessionID] = true
	}
	return out, nil
}

// ParticipationSkips returns which of the sessions the user skips ("Deze keer niet").
func ParticipationSkips(db *gorm.DB, userID int64, sessionIDs []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	if len(sessionIDs) == 0 {
		return out, nil
	}
	var ids []int64
	err := db.Raw(`SELECT k.session_id FROM participation_skips k JOIN participations p ON p.id = k.participation_id
		WHERE p.user_id = ? AND k.session_id IN ?`, userID, sessionIDs).Scan(&ids).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to read skips of user %d: %w", userID, err)
	}
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}
