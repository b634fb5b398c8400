package models

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Retention says how long personal data is kept (issue 18). The privacy page states
// these numbers and ApplyRetention removes by them: one source.
type Retention struct {
	// InactiveMonths: a resident's account is deleted (AnonymiseUser) after this long
	// without a login, a visit by name, confirmed hours, a running activity they take
	// part in or lead, unless a coordinator keeps them with a reason.
	InactiveMonths int
	// SessionMonths: sessions older than this lose their names: the participant lists
	// of activities that ended, the shifts and "Deze keer niet" dates of those sessions,
	// and the names on visits (attendance by name).
	SessionMonths int
	// MoodMonths: after this long a visit no longer says that its visitor answered the
	// wellbeing question (the answers themselves never carry a key).
	MoodMonths int
	// VisitorKeyMonths: the key of an anonymous phone unused for this long (its cookie
	// has expired) is replaced in every visit by a new random one that no phone holds.
	VisitorKeyMonths int
	// HealthLinkMonths: a resident whose newest health check is this old loses the link
	// from their account to their answers (retention_health.go); the answers stay.
	HealthLinkMonths int
}

// DefaultRetention are the periods of the issue.
func DefaultRetention() Retention {
	return Retention{InactiveMonths: 24, SessionMonths: 18, MoodMonths: 3, VisitorKeyMonths: 13, HealthLinkMonths: 13}
}

// RetentionCounts says what one run removed.
type RetentionCounts struct {
	People          int // accounts deleted for inactivity
	SignUps         int // sign-ups of ended activities removed (their counts stay)
	Shifts          int // shifts of old sessions and of ended activities
	Skips           int // "Deze keer niet" dates of old sessions
	AttendanceNames int // visits whose name was removed
	MoodLinks       int // visits that no longer say their visitor answered
	VisitorKeys     int // anonymous keys replaced
	HealthLinks     int // health consents that no longer lead to their answers
}

// Total is the number of things removed.
func (c RetentionCounts) Total() int {
	return c.People + c.SignUps + c.Shifts + c.Skips + c.AttendanceNames + c.MoodLinks + c.VisitorKeys + c.HealthLinks
}

// retentionLock serialises the batches of ApplyRetention across processes on
// PostgreSQL (SQLite transactions take the write lock at BEGIN): two runs at once then
// never split one key's visits over two replacements, and each row is counted once.
const retentionLock = 7301020

// RetentionBatch is how many rows one statement of a rule touches at most, so a first
// run over years of data is a series of short transactions.
const RetentionBatch = 500

// retentionCutoffs are the moments (and the local dates) before which each rule removes.
type retentionCutoffs struct {
	inactive, visitorKeys time.Time
	sessionDate, moodDate string
}

func (r Retention) cutoffs(now time.Time, loc *time.Location) retentionCutoffs {
	local := now.In(loc)
	return retentionCutoffs{
		inactive:    now.AddDate(0, -r.InactiveMonths, 0).UTC(),
		visitorKeys: now.AddDate(0, -r.VisitorKeyMonths, 0).UTC(),
		sessionDate: local.AddDate(0, -r.SessionMonths, 0).Format(Date),
		moodDate:    local.AddDate(0, -r.MoodMonths, 0).Format(Date),
	}
}

// ApplyRetention removes what the rules say is due at now (loc: the default centre's
// zone, for the dates of sessions), in batches of batch rows, each its own transaction.
// Nothing any figure counts changes: sign-up counts move onto the activity, keys are
// replaced one for one (a key's visits all get the same new key, so unique visitors,
// new visitors and regulars stay), visits stay. Running it again removes nothing more.
func ApplyRetention(db *gorm.DB, r Retention, loc *time.Location, now time.Time, batch int) (RetentionCounts, error) {
	if batch < 1 {
		batch = RetentionBatch
	}
	cut := r.cutoffs(now, loc)
	var c RetentionCounts
	rules := []struct {
		name  string
		count *int
		step  func(tx *gorm.DB) (int, error)
	}{
		{"inactive people", &c.People, func(tx *gorm.DB) (int, error) { return retainPeople(tx, cut.inactive, batch) }},
		{"skipped dates", &c.Skips, func(tx *gorm.DB) (int, error) { return retainSkips(tx, cut.sessionDate, batch) }},
		{"shifts", &c.Shifts, func(tx *gorm.DB) (int, error) { return retainShifts(tx, cut.sessionDate, batch) }},
		{"sign-ups", &c.SignUps, func(tx *gorm.DB) (int, error) { return retainSignUps(tx, cut.sessionDate, batch) }},
		{"attendance names", &c.AttendanceNames, func(tx *gorm.DB) (int, error) {
			return updateBatch(tx, "visits", "user_id = NULL", "user_id IS NOT NULL AND local_date < ?", cut.sessionDate, batch)
		}},
		{"wellbeing links", &c.MoodLinks, func(tx *gorm.DB) (int, error) {
			return updateBatch(tx, "visits", "mood_given = FALSE", "mood_given = TRUE AND local_date < ?", cut.moodDate, batch)
		}},
		{"visitor keys", &c.VisitorKeys, func(tx *gorm.DB) (int, error) { return retainVisitorKeys(tx, cut.visitorKeys, batch) }},
		{"health links", &c.HealthLinks, func(tx *gorm.DB) (int, error) { return retainHealthLinks(tx, r.healthLinkDate(now, loc), batch) }},
	}
	for _, rule := range rules {
		for {
			var n int
			err := db.Transaction(func(tx *gorm.DB) error {
				if IsPostgres(tx) {
					if err := tx.Exec("SELECT pg_advisory_xact_lock(?)", retentionLock).Error; err != nil {
						return fmt.Errorf("lock: %w", err)
					}
				}
				var err error
				n, err = rule.step(tx)
				return err
			})
			if err != nil {
				return c, fmt.Errorf("retention: %s: %w", rule.name, err)
			}
			*rule.count += n
			if n == 0 {
				break
			}
		}
	}
	return c, nil
}

// updateBatch sets set on up to batch rows of table matching where.
func updateBatch(tx *gorm.DB, table, set, where string, arg any, batch int) (int, error) {
	res := tx.Exec("UPDATE "+table+" SET "+set+" WHERE id IN (SELECT id FROM "+table+" WHERE "+where+" ORDER BY id LIMIT ?)", arg, batch)
	return int(res.RowsAffected), res.Error
}

// inactivePeopleQuery selects the residents who are due by cutoff: nothing of theirs
// happened since, and nobody keeps them.
const inactivePeopleQuery = `FROM users u WHERE u.anonymised_at IS NULL AND u.role = ?
	AND COALESCE(u.last_seen_at, u.created_at) < ?
	AND NOT EXISTS (SELECT 1 FROM retention_keeps k WHERE k.user_id = u.id)
	AND NOT EXISTS (SELECT 1 FROM visits v WHERE v.visitor_key = 'u:' || CAST(u.id AS TEXT) AND v.visited_at >= ?)
	AND NOT EXISTS (SELECT 1 FROM volunteer_hours h WHERE h.user_id = u.id AND h.confirmed_at >= ?)
	AND NOT EXISTS (SELECT 1 FROM participations p JOIN activities a ON a.id = p.activity_id
		WHERE p.user_id = u.id AND a.status IN ?)
	AND NOT EXISTS (SELECT 1 FROM activities a WHERE (a.lead_id = u.id OR a.proposer_id = u.id) AND a.status IN ?)`

// runningStatuses are the activities whose people are active by taking part.
var runningStatuses = []string{StatusApproved, StatusPaused}

// livingStatuses are the activities whose lead or proposer is active.
var livingStatuses = []string{StatusDraft, StatusProposed, StatusApproved, StatusPaused}

func inactiveArgs(cutoff time.Time) []any {
	return []any{RoleResident, cutoff, cutoff, cutoff, runningStatuses, livingStatuses}
}

func retainPeople(tx *gorm.DB, cutoff time.Time, batch int) (int, error) {
	var ids []int64
	if err := tx.Raw("SELECT u.id "+inactivePeopleQuery+" ORDER BY u.id LIMIT ?", append(inactiveArgs(cutoff), batch)...).Scan(&ids).Error; err != nil {
		return 0, fmt.Errorf("find inactive people: %w", err)
	}
	for _, id := range ids {
		if err := anonymise(tx, id); err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}

func retainSkips(tx *gorm.DB, date string, batch int) (int, error) {
	n := 0
	for _, table := range []string{"participation_skips", "shift_skips"} {
		owner := "participation_id"
		if table == "shift_skips" {
			owner = "shift_id"
		}
		res := tx.Exec(`DELETE FROM `+table+` WHERE (`+owner+`, session_id) IN (SELECT k.`+owner+`, k.session_id FROM `+table+` k
			JOIN activity_sessions s ON s.id = k.session_id WHERE s.date < ? LIMIT ?)`, date, batch)
		if res.Error != nil {
			return n, res.Error
		}
		n += int(res.RowsAffected)
	}
	return n, nil
}

// endedBefore selects the activities that ended with their last session before date
// (or, without sessions, were last changed before it).
const endedBefore = `SELECT a.id FROM activities a WHERE a.status = ? AND COALESCE(
	(SELECT MAX(s.date) FROM activity_sessions s WHERE s.activity_id = a.id), SUBSTR(CAST(a.updated_at AS TEXT), 1, 10)) < ?`

func retainShifts(tx *gorm.DB, date string, batch int) (int, error) {
	res := tx.Exec(`DELETE FROM shifts WHERE id IN (SELECT id FROM shifts WHERE
		session_id IN (SELECT id FROM activity_sessions WHERE date < ?)
		OR session_id IS NULL AND role_id IN (SELECT id FROM volunteer_roles WHERE activity_id IN (`+endedBefore+`))
		ORDER BY id LIMIT ?)`, date, StatusEnded, date, batch)
	return int(res.RowsAffected), res.Error
}

// retainSignUps deletes the participant lists of activities that ended before date,
// a batch of activities at a time; the counts stay on the activity.
func retainSignUps(tx *gorm.DB, date string, batch int) (int, error) {
	var ids []int64
	err := tx.Raw(`SELECT DISTINCT activity_id FROM participations WHERE activity_id IN (`+endedBefore+`) ORDER BY activity_id LIMIT ?`,
		StatusEnded, date, batch).Scan(&ids).Error
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	if err := tx.Exec(`UPDATE activities SET
		removed_joined = removed_joined + (SELECT COUNT(*) FROM participations p WHERE p.activity_id = activities.id AND p.status = ?),
		removed_waitlisted = removed_waitlisted + (SELECT COUNT(*) FROM participations p WHERE p.activity_id = activities.id AND p.status = ?)
		WHERE id IN ?`, Joined, Waitlisted, ids).Error; err != nil {
		return 0, fmt.Errorf("keep the sign-up counts: %w", err)
	}
	if err := tx.Exec("DELETE FROM participation_skips WHERE participation_id IN (SELECT id FROM participations WHERE activity_id IN ?)", ids).Error; err != nil {
		return 0, err
	}
	res := tx.Exec("DELETE FROM participations WHERE activity_id IN ?", ids)
	return int(res.RowsAffected), res.Error
}

// retainVisitorKeys replaces anonymous keys last used before cutoff. The new key
// starts with "x:": no phone holds it, and no later run picks it again.
func retainVisitorKeys(tx *gorm.DB, cutoff time.Time, batch int) (int, error) {
	var keys []string
	err := tx.Raw(`SELECT visitor_key FROM visits WHERE visitor_key LIKE 'a:%' GROUP BY visitor_key
		HAVING MAX(visited_at) < ? ORDER BY visitor_key LIMIT ?`, cutoff, batch).Scan(&keys).Error
	if err != nil {
		return 0, fmt.Errorf("find old keys: %w", err)
	}
	for _, k := range keys {
		b := make([]byte, 16)
		if _, err := rand.Read(b); err != nil {
			return 0, err
		}
		if err := tx.Exec("UPDATE visits SET visitor_key = ? WHERE visitor_key = ?", "x:"+hex.EncodeToString(b), k).Error; err != nil {
			return 0, fmt.Errorf("replace a key: %w", err)
		}
		if err := tx.Exec("DELETE FROM visitor_keys WHERE visitor_key = ?", k).Error; err != nil {
			return 0, fmt.Errorf("forget a device link: %w", err)
		}
	}
	return len(keys), nil
}

// ClaimRetentionRun claims the night of date for this process: true when no process
// has run the rules that night yet. The row stays, so the night runs once.
func ClaimRetentionRun(db *gorm.DB, date string, now time.Time) (bool, error) {
	res := db.Exec("INSERT INTO retention_runs (local_date, started_at) VALUES (?, ?) ON CONFLICT (local_date) DO NOTHING", date, now.UTC())
	if res.Error != nil {
		return false, fmt.Errorf("store: unable to claim the retention run of %s: %w", date, res.Error)
	}
	return res.RowsAffected == 1, nil
}

// FinishRetentionRun records what the night's run removed.
func FinishRetentionRun(db *gorm.DB, date string, now time.Time, c RetentionCounts) error {
	summary := fmt.Sprintf("people=%d signups=%d shifts=%d skips=%d names=%d moods=%d keys=%d health=%d",
		c.People, c.SignUps, c.Shifts, c.Skips, c.AttendanceNames, c.MoodLinks, c.VisitorKeys, c.HealthLinks)
	if err := db.Exec("UPDATE retention_runs SET finished_at = ?, summary = ? WHERE local_date = ?", now.UTC(), summary, date).Error; err != nil {
		return fmt.Errorf("store: unable to record the retention run of %s: %w", date, err)
	}
	return nil
}

// DuePerson is a resident whose account the inactivity rule deletes soon.
type DuePerson struct {
	ID         int64
	Name       string
	LastSeenAt *time.Time
	CreatedAt  time.Time
}

// DueSession is a past session whose names the rules remove soon.
type DueSession struct {
	ID       int64
	Activity string
	Date     string
	Names    int // visits by name
}

// Upcoming is what the rules remove between now and now+days ("Binnenkort
// verwijderd"), and who is kept.
type Upcoming struct {
	People   []DuePerson
	Sessions []DueSession
	Kept     []KeptPerson
}

// KeptPerson is someone a coordinator keeps from the inactivity rule.
type KeptPerson struct {
	UserID int64
	Name   string
	Reason string
	KeptAt time.Time
	KeptBy string
}

// UpcomingRemovals lists, in three statements, who and which sessions' names the rules
// remove in the coming days (at most limit of each), and who is kept.
func UpcomingRemovals(db *gorm.DB, r Retention, centre *Centre, now time.Time, days, limit int) (*Upcoming, error) {
	loc := centre.Location()
	later := r.cutoffs(now.AddDate(0, 0, days), loc)
	cur := r.cutoffs(now, loc)
	out := &Upcoming{}
	// The centre's own people and sessions (centre_people.go): the rules run for the
	// whole municipality, but each coordinator sees whom they know.
	args := append(inactiveArgs(later.inactive), centreArgs(centre.ID)...)
	err := db.Raw("SELECT u.id, u.name, u.last_seen_at, u.created_at "+inactivePeopleQuery+" AND "+ofCentre+" ORDER BY u.name, u.id LIMIT ?",
		append(args, limit)...).Scan(&out.People).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list people due: %w", err)
	}
	err = db.Raw(`SELECT s.id, a.title AS activity, s.date, COUNT(v.id) AS names FROM activity_sessions s
		JOIN activities a ON a.id = s.activity_id JOIN visit_sessions vs ON vs.session_id = s.id
		JOIN visits v ON v.id = vs.visit_id AND v.user_id IS NOT NULL
		WHERE a.centre_id = ? AND s.date >= ? AND s.date < ? GROUP BY s.id, a.title, s.date ORDER BY s.date, a.title LIMIT ?`,
		centre.ID, cur.sessionDate, later.sessionDate, limit).Scan(&out.Sessions).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list sessions due: %w", err)
	}
	err = db.Raw(`SELECT k.user_id, u.name, k.reason, k.kept_at, COALESCE(b.name, '') AS kept_by FROM retention_keeps k
		JOIN users u ON u.id = k.user_id LEFT JOIN users b ON b.id = k.kept_by_id
		WHERE u.anonymised_at IS NULL AND `+ofCentre+` ORDER BY u.name, k.user_id`, centreArgs(centre.ID)...).Scan(&out.Kept).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list people kept: %w", err)
	}
	return out, nil
}

// ErrNoSuchPerson means the account to keep does not exist (or was deleted).
var ErrNoSuchPerson = errors.New("no such person")

// KeepPerson keeps a resident from the inactivity rule, with the coordinator's reason;
// keeping them again replaces the reason.
func KeepPerson(db *gorm.DB, userID, byID int64, reason string, now time.Time) error {
	reason = strings.TrimSpace(reason)
	return db.Transaction(func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&User{}).Where("id = ? AND anonymised_at IS NULL", userID).Count(&n).Error; err != nil {
			return fmt.Errorf("store: unable to find user %d: %w", userID, err)
		}
		if n == 0 {
			return ErrNoSuchPerson
		}
		err := tx.Exec(`INSERT INTO retention_keeps (user_id, reason, kept_by_id, kept_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (user_id) DO UPDATE SET reason = excluded.reason, kept_by_id = excluded.kept_by_id, kept_at = excluded.kept_at`,
			userID, reason, byID, now.UTC()).Error
		if err != nil {
			return fmt.Errorf("store: unable to keep user %d: %w", userID, err)
		}
		return nil
	})
}

// ReleasePerson ends keeping someone: the inactivity rule applies to them again.
func ReleasePerson(db *gorm.DB, userID int64) error {
	if err := db.Exec("DELETE FROM retention_keeps WHERE user_id = ?", userID).Error; err != nil {
		return fmt.Errorf("store: unable to stop keeping user %d: %w", userID, err)
	}
	return nil
}

// TouchLastSeen notes that the user was here at now, at most once a day.
func TouchLastSeen(db *gorm.DB, u *User, now time.Time) error {
	if u.LastSeenAt != nil && now.Sub(*u.LastSeenAt) < 24*time.Hour {
		return nil
	}
	if err := db.Exec("UPDATE users SET last_seen_at = ? WHERE id = ?", now.UTC(), u.ID).Error; err != nil {
		return fmt.Errorf("store: unable to note user %d was here: %w", u.ID, err)
	}
	t := now.UTC()
	u.LastSeenAt = &t
	return nil
}
