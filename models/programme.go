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
	CentreID   int64
	Title      string
	Themes     []string
	StartsAt   time.Time // in the centre's zone
	EndsAt     time.Time
	RoomID     int64 // 0 when no room is set
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
// on the local dates [from, to), optionally with one theme: those whose schedule reaches
// the dates and those with a session moved into them.
func PublishedActivities(db *gorm.DB, centreID int64, from, to time.Time, theme string) ([]Activity, error) {
	return publishedActivities(db, []int64{centreID}, from, to, theme)
}

// publishedActivities is PublishedActivities for several centres, in one statement.
func publishedActivities(db *gorm.DB, centreIDs []int64, from, to time.Time, theme string) ([]Activity, error) {
	fromDate, toDate := from.Format(Date), to.Format(Date)
	// An activity whose schedule does not reach the dates still has a session there when
	// one was moved into them (a one-off moved to an earlier week, a first session moved
	// before the first date, a last one after the last date): the same statement finds it.
	q := db.Where("centre_id IN ? AND status = ?", centreIDs, StatusApproved).
		Where(`first_date < ? AND ((recurrence <> ? AND (last_date = '' OR last_date >= ?)) OR (recurrence = ? AND first_date >= ?))
			OR id IN (SELECT activity_id FROM activity_sessions WHERE date >= ? AND date < ? AND slot_date IS NOT NULL)`,
			toDate, RecurrenceOnce, fromDate, RecurrenceOnce, fromDate, fromDate, toDate)
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
	return programmeOf(db, []Centre{*centre}, week.Days(), theme)
}

// ProgrammeOfCentres returns the week's programme of several centres together, day by
// day, each item with its centre: the same items as Programme gives for each, in a
// number of statements that does not grow with the number of centres (one more per
// time zone beyond the first).
func ProgrammeOfCentres(db *gorm.DB, centres []Centre, week Week) ([]ProgrammeDay, error) {
	return programmeOf(db, centres, week.Days(), "")
}

// DayProgramme returns one local day of a centre's programme (day at local midnight).
func DayProgramme(db *gorm.DB, centre *Centre, day time.Time) (ProgrammeDay, error) {
	days, err := programmeOf(db, []Centre{*centre}, []time.Time{startOfDay(day.In(centre.Location()))}, "")
	if err != nil {
		return ProgrammeDay{}, err
	}
	return days[0], nil
}

// programmeOf builds the programme of consecutive local days of the centres.
func programmeOf(db *gorm.DB, centres []Centre, dates []time.Time, theme string) ([]ProgrammeDay, error) {
	days := make([]ProgrammeDay, len(dates))
	index := map[string]int{}
	for i, d := range dates {
		days[i].Date = d
		index[d.Format(Date)] = i
	}
	if len(centres) == 0 {
		return days, nil
	}
	from, to := dates[0], dates[len(dates)-1].AddDate(0, 0, 1)
	ids := make([]int64, len(centres))
	zoneOf := make(map[int64]*time.Location, len(centres))
	for i := range centres {
		ids[i] = centres[i].ID
		zoneOf[centres[i].ID] = centres[i].Location()
	}
	activities, err := publishedActivities(db, ids, from, to, theme)
	if err != nil {
		return nil, err
	}
	// Sessions are made in their centre's zone: one statement per zone (there is one).
	var zones []*time.Location
	perZone := map[*time.Location][]Activity{}
	for _, a := range activities {
		loc := zoneOf[a.CentreID]
		if _, ok := perZone[loc]; !ok {
			zones = append(zones, loc)
		}
		perZone[loc] = append(perZone[loc], a)
	}
	var sessions []Session
	for _, loc := range zones {
		ss, err := SessionsOf(db, perZone[loc], from, to, loc)
		if err != nil {
			return nil, err
		}
		sessions = append(sessions, ss...)
	}
	counts, err := CountSignUpsPerSession(db, sessions)
	if err != nil {
		return nil, err
	}
	rooms, err := roomNames(db, ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*Activity, len(activities))
	for i := range activities {
		byID[activities[i].ID] = &activities[i]
	}

	for _, s := range sessions {
		a := byID[s.ActivityID]
		loc := zoneOf[a.CentreID]
		item := ProgrammeItem{
			SessionID: s.ID, ActivityID: a.ID, CentreID: a.CentreID, Title: a.Title, Themes: a.ThemeList(),
			StartsAt: s.StartsAt.In(loc), EndsAt: s.EndsAt.In(loc), Capacity: a.Capacity,
			Joined: counts[s.ID].Joined, Waitlisted: counts[s.ID].Waitlisted,
			Cancelled: s.Cancelled, CancelNote: s.CancelNote,
		}
		if room := s.RoomID; room != nil || a.RoomID != nil {
			if room == nil {
				room = a.RoomID // the session is where its activity is, unless moved
			}
			item.RoomID, item.RoomName = *room, rooms[*room]
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
			if x.Title != y.Title {
				return x.Title < y.Title
			}
			return x.SessionID < y.SessionID
		})
	}
	return days, nil
}

// roomNames maps the centres' room ids to names.
func roomNames(db *gorm.DB, centreIDs []int64) (map[int64]string, error) {
	var rooms []Room
	if err := db.Where("centre_id IN ?", centreIDs).Find(&rooms).Error; err != nil {
		return nil, fmt.Errorf("store: unable to list rooms: %w", err)
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
