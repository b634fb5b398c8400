package models

import (
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Participation statuses.
const (
	Joined     = "joined"
	Waitlisted = "waitlisted"
)

// ErrNoSignUp means the activity takes no sign-ups: it is not published, or it is open
// to everyone without sign-up (capacity 0).
var ErrNoSignUp = errors.New("this activity takes no sign-ups")

// Participation is a user taking part in an activity (every session), or waiting for
// a place. The waiting list is served in the order people joined it (by id). It covers
// the sessions that start after CreatedAt, the sign-up, except those it skips ("Deze
// keer niet").
type Participation struct {
	ID         int64
	ActivityID int64
	UserID     int64
	Status     string
	PromotedAt *time.Time // when the user moved from the waiting list to a place
	CreatedAt  time.Time
}

// MyPlace is where a user stands in an activity.
type MyPlace struct {
	Status   string // "", joined or waitlisted
	Position int    // place on the waiting list, from 1
	Promoted bool   // got a place from the waiting list
}

// Join signs the user up: a place while there is one, else the end of the waiting list.
// The activity row is locked so concurrent joins never exceed the capacity and the
// waiting list keeps the order in which joins got the lock. Joining twice changes nothing.
func Join(db *gorm.DB, activityID, userID int64) (MyPlace, error) {
	var place MyPlace
	already := false
	err := db.Transaction(func(tx *gorm.DB) error {
		a, err := lockActivity(tx, activityID)
		if err != nil {
			return err
		}
		if !a.IsPublished() || a.IsOpen() {
			return ErrNoSignUp
		}
		var n struct{ Joined, Waiting, Mine, CalledOff int }
		err = tx.Raw(`SELECT COALESCE(SUM(CASE WHEN status = ? THEN 1 ELSE 0 END), 0) AS joined,
				COALESCE(SUM(CASE WHEN status = ? THEN 1 ELSE 0 END), 0) AS waiting,
				COALESCE(SUM(CASE WHEN user_id = ? THEN 1 ELSE 0 END), 0) AS mine,
				(SELECT COUNT(*) FROM activity_sessions WHERE activity_id = ? AND cancelled = ? AND starts_at > ?) AS called_off
			FROM participations WHERE activity_id = ?`, Joined, Waitlisted, userID, activityID, true, tx.NowFunc(), activityID).Scan(&n).Error
		if err != nil {
			return err
		}
		if n.Mine > 0 {
			already = true
			return nil
		}
		p := Participation{ActivityID: activityID, UserID: userID, Status: Joined}
		place = MyPlace{Status: Joined}
		if n.Joined >= a.Capacity {
			// The activity row is locked, so this is the end of the waiting list.
			p.Status = Waitlisted
			place = MyPlace{Status: Waitlisted, Position: n.Waiting + 1}
		}
		if err := tx.Create(&p).Error; err != nil || p.Status != Joined || n.CalledOff == 0 {
			return err
		}
		return tellCalledOffAhead(tx, a, userID)
	})
	if errors.Is(err, ErrNoSignUp) {
		return place, err
	}
	if err != nil {
		return place, fmt.Errorf("store: unable to join activity %d: %w", activityID, err)
	}
	if already {
		return PlaceOf(db, activityID, userID)
	}
	return place, nil
}

// Leave signs the user off. When they had a place, the first on the waiting list gets
// it; the promoted user's id is returned (0 when nobody moved up).
func Leave(db *gorm.DB, activityID, userID int64) (promoted int64, err error) {
	err = db.Transaction(func(tx *gorm.DB) error {
		a, err := lockActivity(tx, activityID)
		if err != nil {
			return err
		}
		var p Participation
		err = tx.Where("activity_id = ? AND user_id = ?", activityID, userID).Take(&p).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := tx.Delete(&p).Error; err != nil {
			return err
		}
		if p.Status != Joined {
			return nil
		}
		promoted, err = promoteFirst(tx, a)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: unable to leave activity %d: %w", activityID, err)
	}
	return promoted, nil
}

// promoteFirst gives a free place to the first on the waiting list, if places are free.
// The caller holds the activity's lock.
func promoteFirst(tx *gorm.DB, a *Activity) (int64, error) {
	activityID := a.ID
	var joined int64
	if err := tx.Model(&Participation{}).Where("activity_id = ? AND status = ?", activityID, Joined).Count(&joined).Error; err != nil {
		return 0, err
	}
	if joined >= int64(a.Capacity) {
		return 0, nil
	}
	var next Participation
	err := tx.Where("activity_id = ? AND status = ?", activityID, Waitlisted).Order("id").Take(&next).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	err = tx.Model(&next).Updates(map[string]any{"status": Joined, "promoted_at": tx.NowFunc()}).Error
	if err != nil {
		return 0, err
	}
	if err := notifyActivity(tx, KindPromoted, a, nil, []int64{next.UserID}, NotifyData{}); err != nil {
		return 0, err
	}
	return next.UserID, tellCalledOffAhead(tx, a, next.UserID)
}

// tellCalledOffAhead tells someone who has just got a place of the sessions still to
// come that were called off before they came: the message everyone with a place had
// when it happened (on Mijn pagina, by mail, and on the call list for people without
// e-mail, whom the coordinator would otherwise never ring about it).
func tellCalledOffAhead(tx *gorm.DB, a *Activity, userID int64) error {
	var off []Session
	err := tx.Where("activity_id = ? AND cancelled = ? AND starts_at > ?", a.ID, true, tx.NowFunc()).Order("starts_at").Find(&off).Error
	if err != nil {
		return fmt.Errorf("list the sessions called off ahead: %w", err)
	}
	if len(off) == 0 {
		return nil
	}
	now, centre, activity := tx.NowFunc(), a.CentreID, a.ID
	rows := make([]Notification, len(off))
	for i, s := range off {
		rows[i] = queued(KindCancelled, userID, &centre, &activity, &off[i].ID,
			encodeData(NotifyData{Activity: a.Title, StartsAt: s.StartsAt, EndsAt: s.EndsAt, Note: s.CancelNote}), now)
	}
	if err := tx.Create(&rows).Error; err != nil {
		return fmt.Errorf("queue the sessions called off ahead: %w", err)
	}
	return nil
}

// PlaceOf tells where the user stands in the activity.
func PlaceOf(db *gorm.DB, activityID, userID int64) (MyPlace, error) {
	var p Participation
	err := db.Where("activity_id = ? AND user_id = ?", activityID, userID).Take(&p).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return MyPlace{}, nil
	}
	if err != nil {
		return MyPlace{}, fmt.Errorf("store: unable to load participation: %w", err)
	}
	place := MyPlace{Status: p.Status, Promoted: p.PromotedAt != nil}
	if p.Status == Waitlisted {
		var ahead int64
		err := db.Model(&Participation{}).Where("activity_id = ? AND status = ? AND id < ?", activityID, Waitlisted, p.ID).Count(&ahead).Error
		if err != nil {
			return MyPlace{}, fmt.Errorf("store: unable to count waiting list: %w", err)
		}
		place.Position = int(ahead) + 1
	}
	return place, nil
}

// Participant is a person on an activity's list, for the lead and the coordinator.
type Participant struct {
	UserID    int64
	Name      string
	Email     *string
	Phone     *string // the login phone, or the number written down for a person without an account
	Status    string
	CreatedAt time.Time
	// WithoutAccount: put on the list by a coordinator or the lead (guest.go).
	WithoutAccount bool
}

// ParticipantsOf lists who takes part and who waits, in order.
func ParticipantsOf(db *gorm.DB, activityID int64) (joined, waitlist []Participant, err error) {
	var all []Participant
	err = db.Table("participations p").Select("p.user_id, u.name, u.email, COALESCE(u.phone, u.contact_phone) AS phone, p.status, p.created_at, u.without_account").
		Joins("JOIN users u ON u.id = p.user_id").
		Where("p.activity_id = ?", activityID).Order("p.id").Scan(&all).Error
	if err != nil {
		return nil, nil, fmt.Errorf("store: unable to list participants of activity %d: %w", activityID, err)
	}
	for _, p := range all {
		if p.Status == Joined {
			joined = append(joined, p)
		} else {
			waitlist = append(waitlist, p)
		}
	}
	return joined, waitlist, nil
}

// SignUpCounts are the numbers of places taken and people waiting.
type SignUpCounts struct {
	Joined, Waitlisted int
}

// CountSignUps counts places taken and waiting per activity.
func CountSignUps(db *gorm.DB, activityIDs []int64) (map[int64]SignUpCounts, error) {
	counts := make(map[int64]SignUpCounts, len(activityIDs))
	if len(activityIDs) == 0 {
		return counts, nil
	}
	var rows []statusCount
	// The sign-ups of an activity whose participant list the retention rules removed
	// stay counted on the activity (removed_joined, removed_waitlisted).
	err := db.Raw(`SELECT activity_id AS id, status, COUNT(*) AS n FROM participations WHERE activity_id IN ? GROUP BY activity_id, status
		UNION ALL SELECT id, ?, removed_joined FROM activities WHERE id IN ? AND removed_joined > 0
		UNION ALL SELECT id, ?, removed_waitlisted FROM activities WHERE id IN ? AND removed_waitlisted > 0`,
		activityIDs, Joined, activityIDs, Waitlisted, activityIDs).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to count sign-ups: %w", err)
	}
	addCounts(counts, rows)
	return counts, nil
}

// statusCount is how many sign-ups of one activity or session have a status.
type statusCount struct {
	ID     int64
	Status string
	N      int
}

func addCounts(counts map[int64]SignUpCounts, rows []statusCount) {
	for _, r := range rows {
		c := counts[r.ID]
		if r.Status == Joined {
			c.Joined += r.N
		} else {
			c.Waitlisted += r.N
		}
		counts[r.ID] = c
	}
}

// CountSignUpsPerSession counts, per session, the places taken by those who come (they
// signed up before it began and do not skip it) and the people waiting, in one statement.
func CountSignUpsPerSession(db *gorm.DB, sessions []Session) (map[int64]SignUpCounts, error) {
	counts := make(map[int64]SignUpCounts, len(sessions))
	if len(sessions) == 0 {
		return counts, nil
	}
	var rows []statusCount
	err := db.Raw(`SELECT s.id, p.status, COUNT(*) AS n FROM activity_sessions s
		JOIN participations p ON p.activity_id = s.activity_id AND p.created_at < s.starts_at
		WHERE s.id IN ? AND NOT EXISTS (SELECT 1 FROM participation_skips k WHERE k.participation_id = p.id AND k.session_id = s.id)
		GROUP BY s.id, p.status`, SessionIDs(sessions)).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to count sign-ups per session: %w", err)
	}
	addCounts(counts, rows)
	return counts, nil
}

// UserActivity is an activity on the user's own page: their place (in one they joined
// or wait for) and when it is next.
type UserActivity struct {
	Activity Activity
	Centre   *Centre
	Place    MyPlace
	Next     *Session  // the next session not over yet, cancelled or not; nil when none is planned or the activity is paused or ended
	Skipped  []Session // coming sessions they said "Deze keer niet" for, by start
	since    time.Time // their sign-up: the sessions that began before are not theirs
}

// SkipsNext reports whether they said "Deze keer niet" for the next session.
func (u UserActivity) SkipsNext() bool {
	for _, s := range u.Skipped {
		if u.Next != nil && s.ID == u.Next.ID {
			return true
		}
	}
	return false
}

// ActivitiesOfUser lists the activities the user joined or waits for, in the order
// they signed up, and the published activities they lead, by title; each with its
// next session. The number of statements does not grow with the number of activities.
func ActivitiesOfUser(db *gorm.DB, userID int64, now time.Time) (joined, led []UserActivity, err error) {
	var rows []struct {
		Activity
		PlaceStatus string
		PromotedAt  *time.Time
		Since       time.Time
	}
	err = db.Raw(`SELECT a.*, p.status AS place_status, p.promoted_at, p.created_at AS since FROM participations p
		JOIN activities a ON a.id = p.activity_id WHERE p.user_id = ? ORDER BY p.id`, userID).Scan(&rows).Error
	if err != nil {
		return nil, nil, fmt.Errorf("store: unable to list participations of user %d: %w", userID, err)
	}
	ahead := map[int64]int{}
	for _, r := range rows {
		if r.PlaceStatus == Waitlisted {
			var counts []struct {
				ActivityID int64
				N          int
			}
			err := db.Raw(`SELECT p.activity_id, COUNT(*) AS n FROM participations p
				JOIN participations w ON w.activity_id = p.activity_id AND w.status = ? AND w.id < p.id
				WHERE p.user_id = ? AND p.status = ? GROUP BY p.activity_id`, Waitlisted, userID, Waitlisted).Scan(&counts).Error
			if err != nil {
				return nil, nil, fmt.Errorf("store: unable to count waiting lists of user %d: %w", userID, err)
			}
			for _, c := range counts {
				ahead[c.ActivityID] = c.N
			}
			break
		}
	}
	leads, err := ActivitiesLedBy(db, userID)
	if err != nil {
		return nil, nil, err
	}
	joined = make([]UserActivity, len(rows))
	for i, r := range rows {
		place := MyPlace{Status: r.PlaceStatus, Promoted: r.PromotedAt != nil}
		if r.PlaceStatus == Waitlisted {
			place.Position = ahead[r.ID] + 1
		}
		joined[i] = UserActivity{Activity: r.Activity, Place: place, since: r.Since}
	}
	if len(rows) > 0 {
		var skips []Session
		err := db.Raw(`SELECT s.* FROM participation_skips k JOIN participations p ON p.id = k.participation_id
			JOIN activity_sessions s ON s.id = k.session_id WHERE p.user_id = ? AND s.ends_at > ? ORDER BY s.starts_at`, userID, now.UTC()).Scan(&skips).Error
		if err != nil {
			return nil, nil, fmt.Errorf("store: unable to list skipped sessions of user %d: %w", userID, err)
		}
		for i := range joined {
			for _, s := range skips {
				if s.ActivityID == joined[i].Activity.ID {
					joined[i].Skipped = append(joined[i].Skipped, s)
				}
			}
		}
	}
	led = make([]UserActivity, len(leads))
	for i, a := range leads {
		led[i] = UserActivity{Activity: a}
	}
	all := make([]*UserActivity, 0, len(joined)+len(led))
	for i := range joined {
		all = append(all, &joined[i])
	}
	for i := range led {
		all = append(all, &led[i])
	}
	if err := withNextSessions(db, all, now); err != nil {
		return nil, nil, err
	}
	return joined, led, nil
}

// ActivitiesLedBy lists the published activities (approved or paused) the user leads.
func ActivitiesLedBy(db *gorm.DB, userID int64) ([]Activity, error) {
	var as []Activity
	err := db.Where("lead_id = ? AND status IN ?", userID, []string{StatusApproved, StatusPaused}).Order("title, id").Find(&as).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list activities led by user %d: %w", userID, err)
	}
	return as, nil
}
