package models

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// CentreWithCount is an open centre with the number of its activities that meet in a
// week: a line of the list of all centres.
type CentreWithCount struct {
	Centre
	Activities int
}

// OpenCentresThisWeek lists the open centres (the default first, then by name), each
// with the number of published activities that have a session in the week of now in
// the centre's zone (cancelled sessions count: the activity is still on the
// programme; a session moved counts in the week it was moved to). These are the
// activities the centre's programme page shows for the week, counted without building
// that programme: no sessions are made, no sign-ups or rooms read. Three statements
// whatever the number of centres or time zones: the
// centres, their published activities, and the dates of those activities' sessions
// in the week.
func OpenCentresThisWeek(db *gorm.DB, now time.Time) ([]CentreWithCount, error) {
	centres, err := OpenCentres(db)
	if err != nil {
		return nil, err
	}
	out := make([]CentreWithCount, len(centres))
	index := make(map[int64]int, len(centres))
	for i, c := range centres {
		out[i].Centre = c
		index[c.ID] = i
	}
	if len(centres) == 0 {
		return out, nil
	}
	// Centres in one zone share a week; the widest range of dates covers them all, and
	// each activity is then counted in its own centre's week.
	type span struct{ from, to time.Time }
	weekOf := make(map[int64]span, len(centres))
	ids := make([]int64, len(centres))
	var first, last time.Time
	for i, c := range centres {
		loc := c.Location()
		w := WeekOf(now, loc)
		sp := span{w.Start(), w.End()}
		weekOf[c.ID] = sp
		ids[i] = c.ID
		if i == 0 || sp.from.Format(Date) < first.Format(Date) {
			first = sp.from
		}
		if i == 0 || sp.to.Format(Date) > last.Format(Date) {
			last = sp.to
		}
	}
	activities, err := publishedActivities(db, ids, first, last, "")
	if err != nil {
		return nil, err
	}
	if len(activities) == 0 {
		return out, nil
	}
	fromDate, toDate := first.Format(Date), last.Format(Date)
	var rows []struct {
		ActivityID int64
		Date       string
		SlotDate   *string
	}
	// As SessionsOf reads them: a session moved out of the week still holds its slot.
	if err := db.Table("activity_sessions").Select("activity_id, date, slot_date").
		Where("activity_id IN ? AND (date >= ? AND date < ? OR slot_date >= ? AND slot_date < ?)",
			activityIDs(activities), fromDate, toDate, fromDate, toDate).
		Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: unable to list this week's sessions of the centres: %w", err)
	}
	dated := map[int64]bool{}           // has a session taking place in its centre's week
	movedIn := map[int64]bool{}         // one of them was moved there by hand
	held := map[int64]map[string]bool{} // the slots that have their session already
	centreOf := make(map[int64]int64, len(activities))
	for _, a := range activities {
		centreOf[a.ID] = a.CentreID
	}
	for _, r := range rows {
		sp := weekOf[centreOf[r.ActivityID]]
		if r.Date >= sp.from.Format(Date) && r.Date < sp.to.Format(Date) {
			dated[r.ActivityID] = true
			if r.SlotDate != nil {
				movedIn[r.ActivityID] = true
			}
		}
		slot := r.Date
		if r.SlotDate != nil {
			slot = *r.SlotDate
		}
		if held[r.ActivityID] == nil {
			held[r.ActivityID] = map[string]bool{}
		}
		held[r.ActivityID][slot] = true
	}
	for i := range activities {
		a := &activities[i]
		sp := weekOf[a.CentreID]
		// As publishedActivities selects: the schedule reaches the centre's week (not
		// only the widest week), or a session was moved into it.
		if !movedIn[a.ID] && !onProgrammeBetween(a, sp.from.Format(Date), sp.to.Format(Date)) {
			continue
		}
		if !dated[a.ID] && !hasUnheldSlot(a, held[a.ID], sp.from, sp.to) {
			continue
		}
		out[index[a.CentreID]].Activities++
	}
	return out, nil
}

// hasUnheldSlot reports whether the activity's schedule has a date in [from, to) whose
// session is not made yet: the programme would make it on that date.
func hasUnheldSlot(a *Activity, held map[string]bool, from, to time.Time) bool {
	sch := a.Schedule()
	for day := from; day.Before(to); day = day.AddDate(0, 0, 1) {
		if date := day.Format(Date); sch.occursOnDate(date) && !held[date] {
			return true
		}
	}
	return false
}

// onProgrammeBetween is publishedActivities' condition on the dates, for one activity.
func onProgrammeBetween(a *Activity, from, to string) bool {
	if a.FirstDate >= to {
		return false
	}
	if a.Recurrence == RecurrenceOnce {
		return a.FirstDate >= from
	}
	return a.LastDate == "" || a.LastDate >= from
}
