package models

import (
	"fmt"
	"sort"
	"time"

	"gorm.io/gorm"
)

// ProgrammeItem is one session on the programme.
type ProgrammeItem struct {
	SessionID  int64
	ActivityID int64
	Title      string
	Themes     []string
	StartsAt   time.Time // in the centre's zone
	EndsAt     time.Time
	RoomName   string
	Capacity   int // 0 = walk-in
	Joined     int // places taken by those who come this time
	Waitlisted int
	Cancelled  bool
	CancelNote string
}

// PlacesLeft is how many places are still free (only for activities with sign-up).
func (i ProgrammeItem) PlacesLeft() int {
	if left := i.Capacity - i.Joined; left > 0 {
		return left
	}
	return 0
}

// ProgrammeDay is one day of the programme.
type ProgrammeDay struct {
	Date  time.Time // local midnight
	Items []ProgrammeItem
}

// PublishedActivities returns the centre's published activities that may have sessions
// on the local dates [from, to), optionally with one theme.
func PublishedActivities(db *gorm.DB, centreID int64, from, to time.Time, theme string) ([]Activity, error) {
	q := db.Where("centre_id = ? AND status = ? AND first_date < ?", centreID, StatusApproved, to.Format(Date)).
		Where("(recurrence = ? AND (last_date = '' OR last_date >= ?)) OR (recurrence = ? AND first_date >= ?)",
			RecurrenceWeekly, from.Format(Date), RecurrenceOnce, from.Format(Date))
	if theme != "" {
		q = q.Where("(',' || themes || ',') LIKE ?", "%,"+theme+",%")
	}
	var as []Activity
	if err := q.Find(&as).Error; err != nil {
		return nil, fmt.Errorf("store: unable to list published activities: %w", err)
	}
	return as, nil
}

// Programme returns the week's programme of a centre, day by day (all seven days, also
// empty ones), optionally for one theme.
func Programme(db *gorm.DB, centre *Centre, week Week, theme string) ([]ProgrammeDay, error) {
	return programmeDays(db, centre, week.Days(), theme)
}

// DayProgramme returns one local day of a centre's programme (day at local midnight).
func DayProgramme(db *gorm.DB, centre *Centre, day time.Time) (ProgrammeDay, error) {
	days, err := programmeDays(db, centre, []time.Time{startOfDay(day.In(centre.Location()))}, "")
	if err != nil {
		return ProgrammeDay{}, err
	}
	return days[0], nil
}

// programmeDays builds the programme of consecutive local days.
func programmeDays(db *gorm.DB, centre *Centre, dates []time.Time, theme string) ([]ProgrammeDay, error) {
	loc := centre.Location()
	from, to := dates[0], dates[len(dates)-1].AddDate(0, 0, 1)
	activities, err := PublishedActivities(db, centre.ID, from, to, theme)
	if err != nil {
		return nil, err
	}
	sessions, err := SessionsOf(db, activities, from, to, loc)
	if err != nil {
		return nil, err
	}
	counts, err := CountSignUpsPerSession(db, sessions)
	if err != nil {
		return nil, err
	}
	rooms, err := roomNames(db, centre.ID)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*Activity, len(activities))
	for i := range activities {
		byID[activities[i].ID] = &activities[i]
	}

	days := make([]ProgrammeDay, len(dates))
	index := map[string]int{}
	for i, d := range dates {
		days[i].Date = d
		index[d.Format(Date)] = i
	}
	for _, s := range sessions {
		a := byID[s.ActivityID]
		item := ProgrammeItem{
			SessionID: s.ID, ActivityID: a.ID, Title: a.Title, Themes: a.ThemeList(),
			StartsAt: s.StartsAt.In(loc), EndsAt: s.EndsAt.In(loc), Capacity: a.Capacity,
			Joined: counts[s.ID].Joined, Waitlisted: counts[s.ID].Waitlisted,
			Cancelled: s.Cancelled, CancelNote: s.CancelNote,
		}
		if a.RoomID != nil {
			item.RoomName = rooms[*a.RoomID]
		}
		i := index[s.Date]
		days[i].Items = append(days[i].Items, item)
	}
	for i := range days {
		sort.Slice(days[i].Items, func(a, b int) bool {
			x, y := days[i].Items[a], days[i].Items[b]
			if !x.StartsAt.Equal(y.StartsAt) {
				return x.StartsAt.Before(y.StartsAt)
			}
			return x.Title < y.Title
		})
	}
	return days, nil
}

// roomNames maps the centre's room ids to names.
func roomNames(db *gorm.DB, centreID int64) (map[int64]string, error) {
	rooms, err := RoomsOfCentre(db, centreID)
	if err != nil {
		return nil, err
	}
	names := make(map[int64]string, len(rooms))
	for _, r := range rooms {
		names[r.ID] = r.Name
	}
	return names, nil
}

// RoomByID returns the room, or nil.
func RoomByID(db *gorm.DB, id int64) (*Room, error) {
	var r Room
	err := db.Where("id = ?", id).Limit(1).Find(&r).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to load room %d: %w", id, err)
	}
	if r.ID == 0 {
		return nil, nil
	}
	return &r, nil
}
