package models

import (
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Session is one dated occurrence of an activity. Sessions are created when a range of
// dates is first looked at, so a weekly activity without an end has sessions as far
// ahead as anyone looks, and a single one can be cancelled with a note.
type Session struct {
	ID         int64
	ActivityID int64
	Date       string // local date "2006-01-02" on which it takes place
	// SlotDate is the date the schedule gave a session that was moved to another day
	// (nil for one that never moved): that date has its session, so none is made for it.
	SlotDate   *string
	RoomID     *int64 // another room than the activity's, for this session only
	StartsAt   time.Time
	EndsAt     time.Time
	Cancelled  bool
	CancelNote string // public: the programme and the calendar feeds show it
	// CancelPrivateNote is the reason for the coordinator: only the lead and
	// coordinators see it.
	CancelPrivateNote string
	CreatedAt         time.Time
}

// TableName keeps the table name explicit.
func (Session) TableName() string { return "activity_sessions" }

// EnsureSessions creates the missing sessions of the activities for the local dates in
// [from, to).
func EnsureSessions(db *gorm.DB, activities []Activity, from, to time.Time, loc *time.Location) error {
	if len(activities) == 0 {
		return nil
	}
	// Only which slots exist: a year of twenty centres' sessions is tens of thousands
	// of rows, and reading them whole into structs was most of the time (issue 15).
	fromDate, toDate := from.Format(Date), to.Format(Date)
	var slots []struct {
		ActivityID int64
		Date       string
		SlotDate   *string
	}
	err := db.Raw(`SELECT activity_id, date, slot_date FROM activity_sessions
		WHERE activity_id IN ? AND (date >= ? AND date < ? OR slot_date >= ? AND slot_date < ?)`,
		activityIDs(activities), fromDate, toDate, fromDate, toDate).Scan(&slots).Error
	if err != nil {
		return fmt.Errorf("store: unable to list sessions: %w", err)
	}
	have := make(map[int64]map[string]bool, len(activities))
	for _, s := range slots {
		slot := Session{Date: s.Date, SlotDate: s.SlotDate}.Slot()
		if have[s.ActivityID] == nil {
			have[s.ActivityID] = map[string]bool{}
		}
		have[s.ActivityID][slot] = true
	}
	return createSessions(db, missingSessions(activities, have, from, to, loc))
}

func activityIDs(activities []Activity) []int64 {
	ids := make([]int64, len(activities))
	for i, a := range activities {
		ids[i] = a.ID
	}
	return ids
}

// missingSessions are the sessions the activities' schedules give from from to to
// whose slot (activity, date) is not in have.
func missingSessions(activities []Activity, have map[int64]map[string]bool, from, to time.Time, loc *time.Location) []Session {
	// The days and their dates once for every activity: formatting them per activity
	// was most of a year's report over twenty centres (issue 15).
	var days []time.Time
	var dates []string
	for day := from; day.Before(to); day = day.AddDate(0, 0, 1) {
		days = append(days, day)
		dates = append(dates, day.Format(Date))
	}
	var missing []Session
	for _, a := range activities {
		sch := a.Schedule()
		for i, day := range days {
			date := dates[i]
			if !sch.occursOnDate(date) || have[a.ID][date] { // OccursOn(day)
				continue
			}
			start, end := sch.Times(day, loc)
			missing = append(missing, Session{ActivityID: a.ID, Date: date, StartsAt: start, EndsAt: end})
		}
	}
	return missing
}

// createSessions stores the sessions; another request may create the same sessions at
// the same moment: theirs are kept.
func createSessions(db *gorm.DB, missing []Session) error {
	if len(missing) == 0 {
		return nil
	}
	if err := db.Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(&missing, 500).Error; err != nil {
		return fmt.Errorf("store: unable to create sessions: %w", err)
	}
	return nil
}

// SessionByID returns the session, or nil.
func SessionByID(db *gorm.DB, id int64) (*Session, error) {
	var s Session
	err := db.Where("id = ?", id).Take(&s).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to load session %d: %w", id, err)
	}
	return &s, nil
}

// UpcomingSessions returns the activity's next n sessions from now on, creating them
// as needed (looking ahead up to a year).
func UpcomingSessions(db *gorm.DB, a *Activity, now time.Time, loc *time.Location, n int) ([]Session, error) {
	today := startOfDay(now.In(loc))
	if err := EnsureSessions(db, []Activity{*a}, today, today.AddDate(0, 0, 7*8), loc); err != nil {
		return nil, err
	}
	var ss []Session
	err := db.Where("activity_id = ? AND ends_at > ?", a.ID, now.UTC()).Order("starts_at").Limit(n).Find(&ss).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list sessions of activity %d: %w", a.ID, err)
	}
	if len(ss) < n && a.Recurrence != RecurrenceOnce {
		// Sparse schedules (monthly, every few weeks, own dates far apart) may need more weeks.
		if err := EnsureSessions(db, []Activity{*a}, today.AddDate(0, 0, 7*8), today.AddDate(1, 0, 0), loc); err != nil {
			return nil, err
		}
		err = db.Where("activity_id = ? AND ends_at > ?", a.ID, now.UTC()).Order("starts_at").Limit(n).Find(&ss).Error
		if err != nil {
			return nil, fmt.Errorf("store: unable to list sessions of activity %d: %w", a.ID, err)
		}
	}
	return ss, nil
}

// FinishedSessions returns the activity's sessions that ended in the last days days,
// newest first, without the cancelled ones: those whose attendance and volunteer hours
// are looked at afterwards.
func FinishedSessions(db *gorm.DB, activityID int64, now time.Time, days int) ([]Session, error) {
	var ss []Session
	err := db.Where("activity_id = ? AND ends_at <= ? AND ends_at > ? AND cancelled = ?",
		activityID, now.UTC(), now.AddDate(0, 0, -days).UTC(), false).Order("starts_at DESC").Find(&ss).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list finished sessions of activity %d: %w", activityID, err)
	}
	return ss, nil
}

// SetSessionCancelled cancels a session with a public note and a private one, or
// restores it (and forgets both notes). Calling off a session that is still to come
// tells its participants and volunteers, in the same transaction.
func SetSessionCancelled(db *gorm.DB, sessionID int64, cancelled bool, note, privateNote string) error {
	if !cancelled {
		note, privateNote = "", ""
	}
	err := db.Transaction(func(tx *gorm.DB) error {
		var s Session
		if err := tx.Where("id = ?", sessionID).Take(&s).Error; err != nil {
			return err
		}
		err := tx.Model(&Session{}).Where("id = ?", sessionID).
			Updates(map[string]any{"cancelled": cancelled, "cancel_note": note, "cancel_private_note": privateNote}).Error
		if err != nil || !cancelled || s.Cancelled || !s.StartsAt.After(tx.NowFunc()) {
			return err
		}
		var a Activity
		if err := tx.Where("id = ?", s.ActivityID).Take(&a).Error; err != nil {
			return err
		}
		users, err := sessionAudience(tx, a.ID, s.ID)
		if err != nil {
			return err
		}
		return notifyActivity(tx, KindCancelled, &a, &s.ID, users, NotifyData{StartsAt: s.StartsAt, EndsAt: s.EndsAt, Note: note})
	})
	if err != nil {
		return fmt.Errorf("store: unable to change session %d: %w", sessionID, err)
	}
	return nil
}

// withNextSessions fills in each activity's centre and, for published activities, its
// next session that is not over (creating sessions as UpcomingSessions does: eight
// weeks ahead, for a weekly activity up to a year when none falls in those weeks). The
// centres take one statement and the sessions one per centre when they exist already,
// however many activities there are.
func withNextSessions(db *gorm.DB, items []*UserActivity, now time.Time) error {
	if len(items) == 0 {
		return nil
	}
	var centreIDs []int64
	perCentre := map[int64][]Activity{}
	seen := map[int64]bool{}
	for _, it := range items {
		a := it.Activity
		if _, ok := perCentre[a.CentreID]; !ok {
			centreIDs = append(centreIDs, a.CentreID)
			perCentre[a.CentreID] = nil
		}
		if a.Status == StatusApproved && !seen[a.ID] {
			seen[a.ID] = true
			perCentre[a.CentreID] = append(perCentre[a.CentreID], a)
		}
	}
	var centres []Centre
	if err := db.Where("id IN ?", centreIDs).Find(&centres).Error; err != nil {
		return fmt.Errorf("store: unable to load centres: %w", err)
	}
	byID := make(map[int64]*Centre, len(centres))
	for i := range centres {
		byID[centres[i].ID] = &centres[i]
	}
	upcoming := map[int64][]Session{} // by activity: sessions not over, by start
	add := func(ss []Session) {
		for _, s := range ss {
			if s.EndsAt.After(now) {
				upcoming[s.ActivityID] = append(upcoming[s.ActivityID], s)
			}
		}
	}
	for _, id := range centreIDs {
		centre, acts := byID[id], perCentre[id]
		if centre == nil || len(acts) == 0 {
			continue
		}
		loc := centre.Location()
		today := startOfDay(now.In(loc))
		ss, err := SessionsOf(db, acts, today, today.AddDate(0, 0, 7*8), loc)
		if err != nil {
			return err
		}
		add(ss)
		var later []Activity
		for _, a := range acts {
			if len(upcoming[a.ID]) == 0 && a.Recurrence != RecurrenceOnce {
				later = append(later, a)
			}
		}
		if len(later) > 0 {
			if ss, err = SessionsOf(db, later, today.AddDate(0, 0, 7*8), today.AddDate(1, 0, 0), loc); err != nil {
				return err
			}
			add(ss)
		}
	}
	for _, it := range items {
		it.Centre = byID[it.Activity.CentreID]
		if it.Activity.Status != StatusApproved {
			continue
		}
		for _, s := range upcoming[it.Activity.ID] {
			// A session that had begun when they signed up is not theirs.
			if it.since.IsZero() || s.StartsAt.After(it.since) {
				it.Next = &s
				break
			}
		}
	}
	return nil
}

// Slot is the date the schedule gave the session: its own date unless it was moved.
func (s Session) Slot() string {
	if s.SlotDate != nil {
		return *s.SlotDate
	}
	return s.Date
}

// IsMoved reports whether the session was moved by hand to another day or time.
func (s Session) IsMoved() bool { return s.SlotDate != nil }

// SessionIDs are the ids of the sessions, in order.
func SessionIDs(sessions []Session) []int64 {
	ids := make([]int64, len(sessions))
	for i, s := range sessions {
		ids[i] = s.ID
	}
	return ids
}

func startOfDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// SessionsOf returns the sessions of the activities on the local dates [from, to),
// ordered by start, creating the missing ones. Looking at a range that exists already
// costs one query.
func SessionsOf(db *gorm.DB, activities []Activity, from, to time.Time, loc *time.Location) ([]Session, error) {
	if len(activities) == 0 {
		return nil, nil
	}
	ids := activityIDs(activities)
	fromDate, toDate := from.Format(Date), to.Format(Date)
	// A session moved out of the range still holds its date in the range (its slot), so
	// the range is read with those; only sessions taking place in the range are returned.
	var all []Session
	load := func() ([]Session, error) {
		all = nil
		err := db.Where("activity_id IN ? AND (date >= ? AND date < ? OR slot_date >= ? AND slot_date < ?)",
			ids, fromDate, toDate, fromDate, toDate).Order("starts_at, activity_id").Find(&all).Error
		if err != nil {
			return nil, fmt.Errorf("store: unable to list sessions: %w", err)
		}
		var in []Session
		for _, s := range all {
			if s.Date >= fromDate && s.Date < toDate {
				in = append(in, s)
			}
		}
		return in, nil
	}
	sessions, err := load()
	if err != nil {
		return nil, err
	}
	have := make(map[int64]map[string]bool, len(activities))
	for _, s := range all {
		if have[s.ActivityID] == nil {
			have[s.ActivityID] = map[string]bool{}
		}
		have[s.ActivityID][s.Slot()] = true
	}
	missing := missingSessions(activities, have, from, to, loc)
	if len(missing) == 0 {
		return sessions, nil
	}
	// Read the range again to get every session with its id (also those another
	// request created at the same moment).
	if err := createSessions(db, missing); err != nil {
		return nil, err
	}
	return load()
}
