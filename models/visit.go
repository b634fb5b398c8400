package models

import (
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"
)

// Sources of a visit.
const (
	SourceQR        = "qr"        // scanned the door poster
	SourceKiosk     = "kiosk"     // checked in by name at the host's tablet
	SourceHeadcount = "headcount" // counted with "+1 bezoeker", no key
)

// ErrMoodOutOfRange means a wellbeing answer was not 1 to 10.
var ErrMoodOutOfRange = errors.New("mood must be 1 to 10")

// CheckIn is one "Ik ben er" at a centre.
type CheckIn struct {
	Centre     *Centre
	At         time.Time
	Source     string
	VisitorKey string // "u:<user id>" or an anonymous device key; empty for a headcount
	UserID     *int64
	DeviceKey  string // with UserID: the device's own key, which this check-in links to the account
	KioskID    *int64
	SessionIDs []int64 // today's sessions they came for; others are ignored
	Mood       int     // 1–10, or 0 when skipped
}

// CheckInResult tells what a check-in stored.
type CheckInResult struct {
	VisitID  int64
	NewVisit bool // false when this key had already visited today
}

// UserVisitorKey is the visitor key of a logged-in user.
func UserVisitorKey(userID int64) string { return "u:" + strconv.FormatInt(userID, 10) }

// RecordCheckIn stores a visit: one per visitor key per local day at a centre, so
// scanning again that day adds no visit (it may add the activity chosen). A unique index
// decides between two taps racing; a headcount (no key) always counts. The first visit
// of a key ever at the centre is marked, for the "new visitors" figure. A device linked
// to an account counts as the account, so a person checking in by phone and by name on
// one day is one visit (see mergeDeviceVisits).
func RecordCheckIn(db *gorm.DB, in CheckIn) (CheckInResult, error) {
	if in.Mood != 0 && (in.Mood < 1 || in.Mood > 10) {
		return CheckInResult{}, ErrMoodOutOfRange
	}
	loc := in.Centre.Location()
	local := in.At.In(loc)
	date := local.Format(Date)
	week := WeekOf(in.At, loc).String()
	var owner int64 // the account the visit counts for
	if in.UserID != nil {
		owner = *in.UserID
	} else if IsDeviceKey(in.VisitorKey) {
		// Its owner checking in without logging in: the visit counts for the account
		// but carries no name.
		id, err := accountOfDevice(db, in.VisitorKey)
		if err != nil {
			return CheckInResult{}, fmt.Errorf("store: unable to record check-in: %w", err)
		}
		if id != 0 {
			owner, in.VisitorKey = id, UserVisitorKey(id)
		}
	}
	var key any
	if in.VisitorKey != "" {
		key = in.VisitorKey
	}
	withExtras := len(in.SessionIDs) > 0 || in.Mood != 0 || owner != 0
	var res CheckInResult
	record := func(tx *gorm.DB) error {
		if owner != 0 {
			if in.UserID != nil && in.DeviceKey != "" {
				if err := LinkVisitorKey(tx, in.DeviceKey, owner, in.At); err != nil {
					return err
				}
			}
			if err := mergeDeviceVisits(tx, in.Centre.ID, date, owner); err != nil {
				return err
			}
		}
		var ids []int64
		err := tx.Raw(`INSERT INTO visits (centre_id, visited_at, local_date, iso_week, source, visitor_key, user_id, kiosk_id, is_first, mood_given)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (centre_id, visitor_key, local_date) DO NOTHING RETURNING id`,
			in.Centre.ID, in.At.UTC(), date, week, in.Source, key, in.UserID, in.KioskID,
			firstVisitExpr(tx, in.Centre.ID, key, owner), in.Mood != 0).Scan(&ids).Error
		if err != nil {
			return fmt.Errorf("insert visit: %w", err)
		}
		if len(ids) == 1 {
			res = CheckInResult{VisitID: ids[0], NewVisit: true}
			if in.Mood != 0 {
				if err := addMood(tx, in.Centre.ID, date, week, in.Mood); err != nil {
					return err
				}
			}
		} else {
			err := tx.Raw("SELECT id FROM visits WHERE centre_id = ? AND visitor_key = ? AND local_date = ?",
				in.Centre.ID, key, date).Scan(&res.VisitID).Error
			if err != nil {
				return fmt.Errorf("find today's visit: %w", err)
			}
			if in.UserID != nil {
				// Made without a name earlier today (the linked phone, logged out): now by name.
				if err := tx.Exec("UPDATE visits SET user_id = ? WHERE id = ? AND user_id IS NULL", owner, res.VisitID).Error; err != nil {
					return fmt.Errorf("name today's visit: %w", err)
				}
			}
			if in.Mood != 0 {
				// One answer per visitor per day: only the first is kept.
				upd := tx.Exec("UPDATE visits SET mood_given = ? WHERE id = ? AND mood_given = ?", true, res.VisitID, false)
				if upd.Error != nil {
					return fmt.Errorf("mark mood: %w", upd.Error)
				}
				if upd.RowsAffected == 1 {
					if err := addMood(tx, in.Centre.ID, date, week, in.Mood); err != nil {
						return err
					}
				}
			}
		}
		if len(in.SessionIDs) > 0 {
			err := tx.Exec(`INSERT INTO visit_sessions (visit_id, session_id)
				SELECT ?, s.id FROM activity_sessions s JOIN activities a ON a.id = s.activity_id
				WHERE s.id IN ? AND a.centre_id = ? AND s.date = ?
				ON CONFLICT DO NOTHING`, res.VisitID, in.SessionIDs, in.Centre.ID, date).Error
			if err != nil {
				return fmt.Errorf("link sessions: %w", err)
			}
		}
		return nil
	}
	var err error
	if withExtras {
		err = db.Transaction(record)
	} else {
		err = record(db)
	}
	if err != nil {
		return CheckInResult{}, fmt.Errorf("store: unable to record check-in: %w", err)
	}
	return res, nil
}

// RecordPhoneCheckIn stores the check-in of a phone that is not linked to an account,
// with no activity and no wellbeing answer (most scans at the door), in one statement:
// the door code and the centre's zone are checked in the same INSERT, so the caller
// may take the centre from a copy it keeps (handlers' door cache) and a centre whose
// code or zone changed since gets no visit, in whichever process kept it. The visit is
// the one RecordCheckIn stores for the same check-in. ok is false when nothing was
// stored: the check-in is not of that kind, the phone was here today already, it is
// linked to an account, or the centre no longer has that code and zone; RecordCheckIn
// with the centre loaded afresh then does what is right.
func RecordPhoneCheckIn(db *gorm.DB, in CheckIn, doorCode string) (res CheckInResult, ok bool, err error) {
	if in.UserID != nil || in.KioskID != nil || in.Mood != 0 || len(in.SessionIDs) > 0 || !IsDeviceKey(in.VisitorKey) {
		return CheckInResult{}, false, nil
	}
	loc := in.Centre.Location()
	date := in.At.In(loc).Format(Date)
	var id int64
	err = phoneCheckIn.scanRow(db, []any{in.At.UTC(), date, WeekOf(in.At, loc).String(), in.Source, in.VisitorKey, in.VisitorKey, false,
		in.Centre.ID, doorCode, in.Centre.TimeZone, in.VisitorKey}, &id)
	if errors.Is(err, sql.ErrNoRows) {
		return CheckInResult{}, false, nil
	}
	if err != nil {
		return CheckInResult{}, false, fmt.Errorf("store: unable to record check-in: %w", err)
	}
	return CheckInResult{VisitID: id, NewVisit: true}, true, nil
}

// phoneCheckIn is RecordPhoneCheckIn's statement, sent without GORM's builder
// (statement.go): building it with db.Raw was 7 % of a check-in's CPU time, and
// Raw().Scan made GORM format it with its values for a log line never written.
var phoneCheckIn = newStatement(`INSERT INTO visits (centre_id, visited_at, local_date, iso_week, source, visitor_key, is_first, mood_given)
	SELECT c.id, ?, ?, ?, ?, ?, NOT EXISTS (SELECT 1 FROM visits v WHERE v.centre_id = c.id AND v.visitor_key = ?), ?
	FROM centres c
	WHERE c.id = ? AND c.door_code = ? AND c.time_zone = ?
		AND NOT EXISTS (SELECT 1 FROM visitor_keys k WHERE k.visitor_key = ?)
	ON CONFLICT (centre_id, visitor_key, local_date) DO NOTHING RETURNING id`)

// firstVisitExpr is true when the key has never visited the centre, nor (for an
// account) any device linked to it; a headcount never counts as a new visitor.
func firstVisitExpr(db *gorm.DB, centreID int64, key any, owner int64) any {
	if key == nil {
		return false
	}
	if owner != 0 {
		return gorm.Expr(`NOT EXISTS (SELECT 1 FROM visits WHERE centre_id = ? AND (visitor_key = ?
			OR visitor_key IN (SELECT visitor_key FROM visitor_keys WHERE user_id = ?)))`, centreID, key, owner)
	}
	return gorm.Expr("NOT EXISTS (SELECT 1 FROM visits WHERE centre_id = ? AND visitor_key = ?)", centreID, key)
}

func addMood(tx *gorm.DB, centreID int64, date, week string, score int) error {
	err := tx.Exec("INSERT INTO moods (centre_id, local_date, iso_week, score) VALUES (?, ?, ?, ?)", centreID, date, week, score).Error
	if err != nil {
		return fmt.Errorf("insert mood: %w", err)
	}
	return nil
}

// UndoLastHeadcount removes the kiosk's most recent "+1" of today; false when there was
// none. Undos of one tablet take turns (its row is locked; SQLite transactions take the
// write lock at once), so two pressed at the same moment take back two taps, or one and
// say there was nothing left: never the same tap twice.
func UndoLastHeadcount(db *gorm.DB, kioskID int64, centre *Centre, now time.Time) (bool, error) {
	date := now.In(centre.Location()).Format(Date)
	undone := false
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := lockRow(tx, "kiosk_links", kioskID); err != nil {
			return err
		}
		var id int64
		err := tx.Raw("SELECT COALESCE(MAX(id), 0) FROM visits WHERE kiosk_id = ? AND source = ? AND local_date = ?",
			kioskID, SourceHeadcount, date).Scan(&id).Error
		if err != nil || id == 0 {
			return err
		}
		if err := tx.Exec("DELETE FROM visit_sessions WHERE visit_id = ?", id).Error; err != nil {
			return err
		}
		res := tx.Exec("DELETE FROM visits WHERE id = ?", id)
		undone = res.RowsAffected == 1
		return res.Error
	})
	if err != nil {
		return false, fmt.Errorf("store: unable to undo the last headcount of kiosk %d: %w", kioskID, err)
	}
	return undone, nil
}

// HeadcountsToday counts today's "+1" taps of a kiosk, per session (0 = general visits).
func HeadcountsToday(db *gorm.DB, kioskID int64, centre *Centre, now time.Time) (map[int64]int, error) {
	date := now.In(centre.Location()).Format(Date)
	var rows []struct {
		SessionID int64
		N         int
	}
	err := db.Raw(`SELECT COALESCE(vs.session_id, 0) AS session_id, COUNT(*) AS n FROM visits v
		LEFT JOIN visit_sessions vs ON vs.visit_id = v.id
		WHERE v.kiosk_id = ? AND v.source = ? AND v.local_date = ? GROUP BY COALESCE(vs.session_id, 0)`,
		kioskID, SourceHeadcount, date).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to count headcounts: %w", err)
	}
	counts := map[int64]int{}
	for _, r := range rows {
		counts[r.SessionID] = r.N
	}
	return counts, nil
}

// Attendance is who came to a session: names of logged-in visitors, and a count of the others.
type Attendance struct {
	Names  []string
	Others int
}

// SessionAttendance returns who checked in for the session.
func SessionAttendance(db *gorm.DB, sessionID int64) (Attendance, error) {
	var rows []struct {
		Name *string
	}
	err := db.Raw(`SELECT u.name FROM visit_sessions vs JOIN visits v ON v.id = vs.visit_id
		LEFT JOIN users u ON u.id = v.user_id AND u.anonymised_at IS NULL
		WHERE vs.session_id = ? ORDER BY u.name`, sessionID).Scan(&rows).Error
	if err != nil {
		return Attendance{}, fmt.Errorf("store: unable to list attendance of session %d: %w", sessionID, err)
	}
	var a Attendance
	for _, r := range rows {
		if r.Name != nil && *r.Name != "" {
			a.Names = append(a.Names, *r.Name)
		} else {
			a.Others++
		}
	}
	return a, nil
}

// Visit is one stored visit (see RecordCheckIn).
type Visit struct {
	ID         int64
	CentreID   int64
	VisitedAt  time.Time
	LocalDate  string
	IsoWeek    string
	Source     string
	VisitorKey *string
	UserID     *int64
	KioskID    *int64
	IsFirst    bool
	MoodGiven  bool
}
