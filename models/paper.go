package models

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"
)

// SourcePaper is a visit entered afterwards from a session's paper sign-in sheet.
const SourcePaper = "paper"

// MaxPaperWalkIns bounds the walk-ins of one sheet: more than this is a typing error.
const MaxPaperWalkIns = 500

// Errors of a paper sheet that the form explains.
var (
	ErrSessionNotHeld     = errors.New("store: the session has not started yet")
	ErrSessionCancelled   = errors.New("store: the session was cancelled")
	ErrWalkInsOutOfRange  = errors.New("store: walk-ins must be 0 to 500")
	ErrPaperNotOnTheSheet = errors.New("store: a ticked person is not on the sheet")
)

// PaperRow is one name on a session's sign-in sheet.
type PaperRow struct {
	UserID int64
	Name   string
	// Ticked: the paper sheet counted them for this session.
	Ticked bool
	// Counted is how they were counted otherwise that day ("qr", "kiosk"), or "":
	// such a person already has the day's visit, and the sheet adds none.
	Counted string
}

// PaperSheet is what "Presentielijst invoeren" shows for a session.
type PaperSheet struct {
	Rows    []PaperRow
	WalkIns int  // visits without a name entered from this sheet
	Entered bool // something was entered from this sheet before
}

// PaperSheetOf reads a session's sheet in three statements: the participants on the
// roster then (see RosterDataOf), who of them has a visit that day, and the walk-ins.
// People who checked in for the session by name without being on the roster are listed
// too, after the roster.
func PaperSheetOf(db *gorm.DB, centre *Centre, a *Activity, s *Session) (*PaperSheet, error) {
	roster, err := RosterDataOf(db, []Activity{*a}, []Session{*s})
	if err != nil {
		return nil, err
	}
	sheet := &PaperSheet{}
	index := map[string]int{}
	for _, p := range roster.Participants[s.ID] {
		if p.Status != Joined {
			continue
		}
		index[UserVisitorKey(p.UserID)] = len(sheet.Rows)
		sheet.Rows = append(sheet.Rows, PaperRow{UserID: p.UserID, Name: p.Name})
	}
	var visits []struct {
		UserID  int64
		Name    string
		Key     string
		Source  string
		ForThis bool
	}
	// Named visits of the day: everyone on the roster, and anyone linked to this session.
	err = db.Raw(`SELECT v.user_id, COALESCE(u.name, '') AS name, v.visitor_key AS key, v.source,
			EXISTS (SELECT 1 FROM visit_sessions vs WHERE vs.visit_id = v.id AND vs.session_id = ?) AS for_this
		FROM visits v JOIN users u ON u.id = v.user_id AND u.anonymised_at IS NULL
		WHERE v.centre_id = ? AND v.local_date = ? AND v.user_id IS NOT NULL
		ORDER BY u.name`, s.ID, centre.ID, s.Date).Scan(&visits).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the visits of session %d: %w", s.ID, err)
	}
	for _, v := range visits {
		i, onRoster := index[v.Key]
		if !onRoster {
			if !v.ForThis {
				continue
			}
			i = len(sheet.Rows)
			index[v.Key] = i
			sheet.Rows = append(sheet.Rows, PaperRow{UserID: v.UserID, Name: v.Name})
		}
		row := &sheet.Rows[i]
		if v.Source == SourcePaper {
			row.Ticked = v.ForThis
		} else {
			row.Counted = v.Source
		}
		if v.Source == SourcePaper && v.ForThis {
			sheet.Entered = true
		}
	}
	err = db.Raw(`SELECT COUNT(*) FROM visit_sessions vs JOIN visits v ON v.id = vs.visit_id
		WHERE vs.session_id = ? AND v.source = ? AND v.visitor_key IS NULL`, s.ID, SourcePaper).Scan(&sheet.WalkIns).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to count the walk-ins of session %d: %w", s.ID, err)
	}
	if sheet.WalkIns > 0 {
		sheet.Entered = true
	}
	return sheet, nil
}

// PaperEntry is what the lead or coordinator ticked and wrote on the sheet.
type PaperEntry struct {
	Ticked  []int64 // user ids ticked; each must be on the sheet
	WalkIns int
}

// SavePaperSheet makes the session's visits what the sheet says, in one transaction:
// a ticked person gets the day's visit with source "paper" unless they already have
// one (then that visit is only linked to the session: one person, one visit a day); an
// untick takes back only what the sheet added; the walk-ins become that many visits
// without a name. The session's row is locked, so two people saving one sheet at once
// take turns. Figures of finished weeks from the session's week on are recomputed
// (they may have changed: the week itself, new visitors, regulars of the weeks after).
func SavePaperSheet(db *gorm.DB, centre *Centre, a *Activity, s *Session, in PaperEntry, now time.Time) error {
	if s.Cancelled {
		return ErrSessionCancelled
	}
	if now.Before(s.StartsAt) {
		return ErrSessionNotHeld
	}
	if in.WalkIns < 0 || in.WalkIns > MaxPaperWalkIns {
		return ErrWalkInsOutOfRange
	}
	sheet, err := PaperSheetOf(db, centre, a, s)
	if err != nil {
		return err
	}
	var untick []string
	ticked := map[int64]bool{}
	for _, id := range in.Ticked {
		ticked[id] = true
	}
	onSheet := map[int64]bool{}
	for _, r := range sheet.Rows {
		onSheet[r.UserID] = true
		if !ticked[r.UserID] {
			untick = append(untick, UserVisitorKey(r.UserID))
		}
	}
	for id := range ticked {
		if !onSheet[id] {
			return ErrPaperNotOnTheSheet
		}
	}
	err = db.Transaction(func(tx *gorm.DB) error {
		if err := lockRow(tx, "activity_sessions", s.ID); err != nil {
			return err
		}
		ids := slices.Sorted(func(yield func(int64) bool) {
			for id := range ticked {
				if !yield(id) {
					return
				}
			}
		})
		for _, id := range ids {
			uid := id
			_, err := RecordCheckIn(tx, CheckIn{Centre: centre, At: s.StartsAt, Source: SourcePaper,
				VisitorKey: UserVisitorKey(uid), UserID: &uid, SessionIDs: []int64{s.ID}})
			if err != nil {
				return err
			}
		}
		if len(untick) > 0 {
			if err := tx.Exec(`DELETE FROM visit_sessions WHERE session_id = ? AND visit_id IN
				(SELECT id FROM visits WHERE centre_id = ? AND local_date = ? AND source = ? AND visitor_key IN ?)`,
				s.ID, centre.ID, s.Date, SourcePaper, untick).Error; err != nil {
				return fmt.Errorf("untick: %w", err)
			}
			// A paper visit still linked to another session's sheet of that day stays.
			if err := tx.Exec(`DELETE FROM visits WHERE centre_id = ? AND local_date = ? AND source = ? AND visitor_key IN ?
				AND NOT EXISTS (SELECT 1 FROM visit_sessions vs WHERE vs.visit_id = visits.id)`,
				centre.ID, s.Date, SourcePaper, untick).Error; err != nil {
				return fmt.Errorf("remove unticked visits: %w", err)
			}
		}
		var keys []string
		for _, id := range ids {
			keys = append(keys, UserVisitorKey(id))
		}
		keys = append(keys, untick...)
		if err := renumberFirstVisits(tx, centre.ID, keys); err != nil {
			return err
		}
		if err := setPaperWalkIns(tx, centre, s, in.WalkIns); err != nil {
			return err
		}
		return forgetWeeksFrom(tx, centre.ID, WeekOf(s.StartsAt, centre.Location()).String())
	})
	if err != nil {
		return fmt.Errorf("store: unable to save the sign-in sheet of session %d: %w", s.ID, err)
	}
	return nil
}

// setPaperWalkIns adds or removes keyless paper visits of the session until there are n.
func setPaperWalkIns(tx *gorm.DB, centre *Centre, s *Session, n int) error {
	var have []int64
	err := tx.Raw(`SELECT v.id FROM visit_sessions vs JOIN visits v ON v.id = vs.visit_id
		WHERE vs.session_id = ? AND v.source = ? AND v.visitor_key IS NULL ORDER BY v.id`, s.ID, SourcePaper).Scan(&have).Error
	if err != nil {
		return fmt.Errorf("list walk-ins: %w", err)
	}
	if len(have) > n {
		if err := tx.Exec("DELETE FROM visits WHERE id IN ?", have[n:]).Error; err != nil {
			return fmt.Errorf("remove walk-ins: %w", err)
		}
		return nil
	}
	week := WeekOf(s.StartsAt, centre.Location()).String()
	for range n - len(have) {
		var id int64
		err := tx.Raw(`INSERT INTO visits (centre_id, visited_at, local_date, iso_week, source, is_first, mood_given)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, centre.ID, s.StartsAt.UTC(), s.Date, week, SourcePaper, false, false).Scan(&id).Error
		if err != nil {
			return fmt.Errorf("add a walk-in: %w", err)
		}
		if err := tx.Exec("INSERT INTO visit_sessions (visit_id, session_id) VALUES (?, ?)", id, s.ID).Error; err != nil {
			return fmt.Errorf("link a walk-in: %w", err)
		}
	}
	return nil
}

// renumberFirstVisits marks, for each key, its earliest visit at the centre as the
// first. A sheet is entered afterwards: its visit can come before a scan already
// stored, which then is no longer the first, and an untick can make a later one first.
func renumberFirstVisits(tx *gorm.DB, centreID int64, keys []string) error {
	if len(keys) == 0 {
		return nil
	}
	err := tx.Exec(`UPDATE visits SET is_first = NOT EXISTS (SELECT 1 FROM visits e WHERE e.centre_id = visits.centre_id
			AND e.visitor_key = visits.visitor_key AND (e.local_date < visits.local_date OR (e.local_date = visits.local_date AND e.id < visits.id)))
		WHERE centre_id = ? AND visitor_key IN ?`, centreID, keys).Error
	if err != nil {
		return fmt.Errorf("renumber first visits: %w", err)
	}
	return nil
}

// forgetWeeksFrom removes the stored figures (week_figures and period_figures, see
// package figures) of the week given and every later one, for every set of centres
// that includes this one, in the transaction that changed the visits, so no stale
// figure is ever read: the figures compute and store them again when asked. Later
// weeks go too, because a week's regulars look three weeks back and a new visitor can
// move between weeks; a period's stored figures go when their dates reach into the
// week, whatever day they start (a visit made the first can make a later one no longer
// the first).
func forgetWeeksFrom(tx *gorm.DB, centreID int64, week string) error {
	id := fmt.Sprint(centreID)
	w, err := ParseWeek(week, time.UTC)
	if err != nil {
		return fmt.Errorf("forget week figures from %s: %w", week, err)
	}
	scopes := `(scope = ? OR scope LIKE ? OR scope LIKE ? OR scope LIKE ?)`
	err = tx.Exec(`DELETE FROM week_figures WHERE iso_week >= ? AND `+scopes, week, id, id+",%", "%,"+id, "%,"+id+",%").Error
	if err != nil {
		return fmt.Errorf("forget week figures from %s: %w", week, err)
	}
	err = tx.Exec(`DELETE FROM period_figures WHERE last_date >= ? AND `+scopes,
		w.Start().Format(Date), id, id+",%", "%,"+id, "%,"+id+",%").Error
	if err != nil {
		return fmt.Errorf("forget period figures from %s: %w", week, err)
	}
	return nil
}
