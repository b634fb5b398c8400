package models

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"gorm.io/gorm"
)

// A kiosk tablet that loses its connection keeps counting: each "+1" is stored on the
// tablet with its own id and its own time, and sent later, perhaps more than once
// (a reply lost on the way looks like no reply). The server keeps every id it has seen
// (kiosk_taps), so a tap counts once however often it arrives.

// Bounds of a tap's time: the tablet's clock may run a little ahead; a tap older than
// a week is no longer believed (the tablet lay in a drawer, or its clock is wrong).
const (
	TapClockSkew = 5 * time.Minute
	TapMaxAge    = 7 * 24 * time.Hour
	MaxTapBatch  = 1000
)

// Tap is one "+1 bezoeker" made on a kiosk tablet.
type Tap struct {
	ID        string // the tablet's id for the tap: a UUID
	At        time.Time
	SessionID int64 // 0 for a general visit
}

// TapProblem says why a tap was refused.
type TapProblem struct {
	ID     string `json:"id"`
	Reason string `json:"reason"` // "id", "future", "too_old"
}

// TapsRefused lists the taps of a batch that cannot be stored; none of the batch was.
type TapsRefused struct{ Problems []TapProblem }

func (e *TapsRefused) Error() string {
	return fmt.Sprintf("store: %d taps refused", len(e.Problems))
}

// ErrTooManyTaps means a batch was larger than MaxTapBatch.
var ErrTooManyTaps = errors.New("store: too many taps in one batch")

var tapIDPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// CheckTaps refuses taps without a UUID, from the future or older than a week.
func CheckTaps(taps []Tap, now time.Time) error {
	if len(taps) > MaxTapBatch {
		return ErrTooManyTaps
	}
	var problems []TapProblem
	for _, t := range taps {
		switch {
		case !tapIDPattern.MatchString(strings.ToLower(t.ID)):
			problems = append(problems, TapProblem{ID: t.ID, Reason: "id"})
		case t.At.After(now.Add(TapClockSkew)):
			problems = append(problems, TapProblem{ID: t.ID, Reason: "future"})
		case t.At.Before(now.Add(-TapMaxAge)):
			problems = append(problems, TapProblem{ID: t.ID, Reason: "too_old"})
		}
	}
	if len(problems) > 0 {
		return &TapsRefused{Problems: problems}
	}
	return nil
}

// RecordTaps stores the taps of a kiosk as headcount visits on the day each was made
// (in the centre's zone: a tap at 23:59 counts on its own day, however late it
// arrives), linked to its session when that session is on that day. It returns how
// many were new; the rest had come before. One transaction for the batch: either all
// are kept or none. Two uploads of the same tap at once: the primary key of kiosk_taps
// lets one insert it, the other waits and then sees it is there.
func RecordTaps(db *gorm.DB, k *KioskLink, centre *Centre, taps []Tap, now time.Time) (int, error) {
	if err := CheckTaps(taps, now); err != nil {
		return 0, err
	}
	loc := centre.Location()
	stored := 0
	oldest := ""
	err := db.Transaction(func(tx *gorm.DB) error {
		for _, t := range taps {
			res := tx.Exec(`INSERT INTO kiosk_taps (kiosk_id, tap_id, tapped_at, received_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (kiosk_id, tap_id) DO NOTHING`, k.ID, strings.ToLower(t.ID), t.At.UTC(), now.UTC())
			if res.Error != nil {
				return fmt.Errorf("keep tap id: %w", res.Error)
			}
			if res.RowsAffected == 0 {
				continue
			}
			in := CheckIn{Centre: centre, At: t.At, Source: SourceHeadcount, KioskID: &k.ID}
			if t.SessionID > 0 {
				in.SessionIDs = []int64{t.SessionID}
			}
			r, err := RecordCheckIn(tx, in)
			if err != nil {
				return err
			}
			if err := tx.Exec("UPDATE kiosk_taps SET visit_id = ? WHERE kiosk_id = ? AND tap_id = ?", r.VisitID, k.ID, strings.ToLower(t.ID)).Error; err != nil {
				return fmt.Errorf("link tap to visit: %w", err)
			}
			stored++
			if w := WeekOf(t.At, loc).String(); oldest == "" || w < oldest {
				oldest = w
			}
		}
		// A tap of a finished week changes figures already stored.
		if oldest != "" && oldest < WeekOf(now, loc).String() {
			return forgetWeeksFrom(tx, centre.ID, oldest)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: unable to record the taps of kiosk %d: %w", k.ID, err)
	}
	return stored, nil
}

// KioskByTokenAny returns the kiosk link with that token, revoked or not, or nil: a
// revoked tablet is told so, rather than "not found".
func KioskByTokenAny(db *gorm.DB, token string) (*KioskLink, error) {
	var ks []KioskLink
	if err := db.Where("token = ?", token).Limit(1).Find(&ks).Error; err != nil {
		return nil, fmt.Errorf("store: unable to load kiosk link: %w", err)
	}
	if len(ks) == 0 {
		return nil, nil
	}
	return &ks[0], nil
}
