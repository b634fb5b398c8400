package models

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Schedule is when an activity takes place: once, or weekly on some weekdays, between
// a start and end time of day, from a first date until an optional last date. Times
// and dates are local to the centre.
type Schedule struct {
	Recurrence string
	Weekdays   int // bit 1<<time.Weekday per day
	StartTime  string
	EndTime    string
	FirstDate  string
	LastDate   string
}

// ScheduleErrors maps a schedule field to the message id of what is wrong with it.
type ScheduleErrors map[string]string

// Validate checks the schedule and returns what is wrong per field (empty when fine).
// Field names are the form's: recurrence, weekdays, start_time, end_time, first_date, last_date.
func (s Schedule) Validate() ScheduleErrors {
	errs := ScheduleErrors{}
	if s.Recurrence != RecurrenceOnce && s.Recurrence != RecurrenceWeekly {
		errs["recurrence"] = "schedule.recurrence_invalid"
	}
	start, startErr := parseClock(s.StartTime)
	end, endErr := parseClock(s.EndTime)
	if startErr != nil {
		errs["start_time"] = "schedule.time_invalid"
	}
	if endErr != nil {
		errs["end_time"] = "schedule.time_invalid"
	}
	if startErr == nil && endErr == nil && end <= start {
		errs["end_time"] = "schedule.end_before_start"
	}
	first, firstErr := time.Parse(Date, s.FirstDate)
	if firstErr != nil || first.Year() < 2000 || first.Year() > 2200 {
		errs["first_date"] = "schedule.date_invalid"
	}
	if s.Recurrence == RecurrenceWeekly {
		if s.Weekdays&0x7f == 0 || s.Weekdays&^0x7f != 0 {
			errs["weekdays"] = "schedule.weekdays_required"
		}
		if s.LastDate != "" {
			last, err := time.Parse(Date, s.LastDate)
			switch {
			case err != nil || last.Year() > 2200:
				errs["last_date"] = "schedule.date_invalid"
			case firstErr == nil && last.Before(first):
				errs["last_date"] = "schedule.last_before_first"
			}
		}
	}
	return errs
}

// parseClock reads "14:30" as minutes after midnight.
func parseClock(s string) (int, error) {
	t, err := time.Parse("15:04", s)
	if err != nil || len(s) != 5 {
		return 0, errors.New("not a time of day")
	}
	return t.Hour()*60 + t.Minute(), nil
}

// ParseWeekdays turns form values ("1" for Monday … "0" for Sunday) into the bit set.
func ParseWeekdays(values []string) (int, error) {
	bits := 0
	for _, v := range values {
		if len(v) != 1 || v[0] < '0' || v[0] > '6' {
			return 0, fmt.Errorf("weekday %q: want 0 (Sunday) to 6", v)
		}
		bits |= WeekdayBit(time.Weekday(v[0] - '0'))
	}
	return bits, nil
}

// WeekdayList is the weekdays of a bit set, Monday first.
func WeekdayList(bits int) []time.Weekday {
	var days []time.Weekday
	for _, d := range []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday} {
		if bits&WeekdayBit(d) != 0 {
			days = append(days, d)
		}
	}
	return days
}

// OccursOn reports whether the schedule has a session on the local date day ("2006-01-02").
func (s Schedule) OccursOn(day time.Time) bool {
	date := day.Format(Date)
	switch s.Recurrence {
	case RecurrenceOnce:
		return date == s.FirstDate
	case RecurrenceWeekly:
		return date >= s.FirstDate && (s.LastDate == "" || date <= s.LastDate) && s.Weekdays&WeekdayBit(day.Weekday()) != 0
	}
	return false
}

// Times returns when the session on local date day starts and ends, in UTC. Built from
// the local date and clock time, so 10:00 stays 10:00 across a clock change.
func (s Schedule) Times(day time.Time, loc *time.Location) (start, end time.Time) {
	sm, _ := parseClock(s.StartTime)
	em, _ := parseClock(s.EndTime)
	y, m, d := day.Date()
	start = time.Date(y, m, d, sm/60, sm%60, 0, 0, loc)
	end = time.Date(y, m, d, em/60, em%60, 0, 0, loc)
	return start.UTC(), end.UTC()
}

// Overlaps reports whether two schedules can have sessions at the same time on the same day.
func (s Schedule) Overlaps(o Schedule) bool {
	sStart, _ := parseClock(s.StartTime)
	sEnd, _ := parseClock(s.EndTime)
	oStart, _ := parseClock(o.StartTime)
	oEnd, _ := parseClock(o.EndTime)
	if sStart >= oEnd || oStart >= sEnd {
		return false
	}
	from, to := s.dateRange()
	oFrom, oTo := o.dateRange()
	if from < oFrom {
		from = oFrom
	}
	if oTo < to {
		to = oTo
	}
	if from > to {
		return false
	}
	// Within the shared date range, look for a day both have: a week is enough.
	day, err := time.Parse(Date, from)
	if err != nil {
		return false
	}
	for i := 0; i < 7; i++ {
		date := day.AddDate(0, 0, i)
		if date.Format(Date) > to {
			break
		}
		if s.OccursOn(date) && o.OccursOn(date) {
			return true
		}
	}
	return false
}

// dateRange is the first and last date the schedule can have a session; an open end is far away.
func (s Schedule) dateRange() (string, string) {
	if s.Recurrence == RecurrenceOnce {
		return s.FirstDate, s.FirstDate
	}
	if s.LastDate == "" {
		return s.FirstDate, "9999-12-31"
	}
	return s.FirstDate, s.LastDate
}

// Schedule returns the activity's schedule.
func (a *Activity) Schedule() Schedule {
	return Schedule{Recurrence: a.Recurrence, Weekdays: a.Weekdays, StartTime: a.StartTime, EndTime: a.EndTime,
		FirstDate: a.FirstDate, LastDate: a.LastDate}
}

// ThemeList is the activity's themes as keys.
func (a *Activity) ThemeList() []string {
	if a.Themes == "" {
		return nil
	}
	return strings.Split(a.Themes, ",")
}

// IsOpen reports whether anyone can walk in without signing up (capacity 0).
func (a *Activity) IsOpen() bool { return a.Capacity == 0 }
