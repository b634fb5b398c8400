package models

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Schedule is when an activity takes place, between a start and end time of day, from a
// first date until an optional last date: once; weekly on some weekdays (every week, or
// every Interval weeks counted from the week of the first date); monthly on the nth
// weekday (Ordinal 1–5, or -1 for the last one; the weekday in Weekdays); monthly on a
// day of the month (MonthDay); or on a list of own dates (Dates). SkipDates are dates
// the rule has that are left out (a holiday). Times and dates are local to the centre,
// and every rule works in calendar dates, so a clock change never moves a session to
// another day or hour.
type Schedule struct {
	Recurrence string
	Weekdays   int // bit 1<<time.Weekday per day
	Interval   int // weekly: every Interval weeks; 0 means 1
	Ordinal    int // monthly on a weekday: 1–5, -1 = the last of the month
	MonthDay   int // monthly on a date: 1–31
	Dates      string
	SkipDates  string
	StartTime  string
	EndTime    string
	FirstDate  string
	LastDate   string
}

// Limits of a schedule: how far apart weekly sessions may be, and how many own dates or
// skipped dates one schedule keeps.
const (
	MaxInterval = 52
	MaxDates    = 100
)

// ScheduleErrors maps a schedule field to the message id of what is wrong with it.
type ScheduleErrors map[string]string

// Recurring reports whether the schedule has more than one session in principle.
func (s Schedule) Recurring() bool { return s.Recurrence != RecurrenceOnce }

// IsRecurrence reports whether kind is one of the schedule kinds.
func IsRecurrence(kind string) bool {
	for _, k := range Recurrences {
		if k == kind {
			return true
		}
	}
	return false
}

// Validate checks the schedule and returns what is wrong per field (empty when fine).
// Field names are the form's: recurrence, interval, weekdays, ordinal, month_weekday,
// month_day, dates, skip_dates, start_time, end_time, first_date, last_date. A rule that
// has no date at all between its first and last date is refused too.
func (s Schedule) Validate() ScheduleErrors {
	errs := ScheduleErrors{}
	if !IsRecurrence(s.Recurrence) {
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
	if s.Recurrence != RecurrenceDates && (firstErr != nil || first.Year() < 2000 || first.Year() > 2200) {
		errs["first_date"] = "schedule.date_invalid"
	}
	switch s.Recurrence {
	case RecurrenceWeekly:
		if s.Weekdays&0x7f == 0 || s.Weekdays&^0x7f != 0 {
			errs["weekdays"] = "schedule.weekdays_required"
		}
		if s.Interval < 0 || s.Interval > MaxInterval {
			errs["interval"] = "schedule.interval_invalid"
		}
	case RecurrenceMonthlyWeekday:
		if s.Ordinal != -1 && (s.Ordinal < 1 || s.Ordinal > 5) {
			errs["ordinal"] = "schedule.ordinal_invalid"
		}
		if len(WeekdayList(s.Weekdays)) != 1 || s.Weekdays&^0x7f != 0 {
			errs["month_weekday"] = "schedule.month_weekday_required"
		}
	case RecurrenceMonthlyDate:
		if s.MonthDay < 1 || s.MonthDay > 31 {
			errs["month_day"] = "schedule.month_day_invalid"
		}
	case RecurrenceDates:
		dates, ok := splitDates(s.Dates)
		switch {
		case !ok:
			errs["dates"] = "schedule.dates_invalid"
		case len(dates) == 0:
			errs["dates"] = "schedule.dates_required"
		case len(dates) > MaxDates:
			errs["dates"] = "schedule.dates_too_many"
		}
	}
	if skips, ok := splitDates(s.SkipDates); !ok {
		errs["skip_dates"] = "schedule.dates_invalid"
	} else if len(skips) > MaxDates {
		errs["skip_dates"] = "schedule.dates_too_many"
	}
	if s.Recurring() && s.Recurrence != RecurrenceDates && s.LastDate != "" {
		last, err := time.Parse(Date, s.LastDate)
		switch {
		case err != nil || last.Year() > 2200:
			errs["last_date"] = "schedule.date_invalid"
		case firstErr == nil && last.Before(first):
			errs["last_date"] = "schedule.last_before_first"
		}
	}
	if n := s.Normalised(); len(errs) == 0 && len(n.Next(n.FirstDate, 1)) == 0 {
		// Valid parts that together never meet: a fifth Monday in a February-only
		// period, the 31st in a period of April, every date skipped.
		field := "last_date"
		switch {
		case n.SkipDates != "" && len(n.withoutSkips().Next(n.FirstDate, 1)) > 0:
			field = "skip_dates"
		case s.Recurrence == RecurrenceDates:
			field = "dates"
		}
		errs[field] = "schedule.no_dates"
	}
	return errs
}

// Normalised is the schedule as it is stored: own dates and skipped dates sorted and
// without doubles, a list of own dates running from its first to its last date, and no
// fields left over from another kind.
func (s Schedule) Normalised() Schedule {
	dates, _ := splitDates(s.Dates)
	skips, _ := splitDates(s.SkipDates)
	s.SkipDates = strings.Join(skips, ",")
	if s.Interval <= 1 {
		s.Interval = 1
	}
	if s.Recurrence != RecurrenceWeekly {
		s.Interval = 1
	}
	if s.Recurrence != RecurrenceWeekly && s.Recurrence != RecurrenceMonthlyWeekday {
		s.Weekdays = 0
	}
	if s.Recurrence != RecurrenceMonthlyWeekday {
		s.Ordinal = 0
	}
	if s.Recurrence != RecurrenceMonthlyDate {
		s.MonthDay = 0
	}
	s.Dates = ""
	switch s.Recurrence {
	case RecurrenceOnce:
		s.LastDate, s.SkipDates = "", ""
	case RecurrenceDates:
		s.Dates = strings.Join(dates, ",")
		if len(dates) > 0 {
			s.FirstDate, s.LastDate = dates[0], dates[len(dates)-1]
		}
	}
	return s
}

// splitDates reads dates separated by commas, spaces or line breaks, in ISO form
// (2026-12-01) or as written in Dutch (1-12-2026), sorted and without doubles. ok is
// false when one of them is no date.
func splitDates(s string) (dates []string, ok bool) {
	seen := map[string]bool{}
	for _, word := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\r' || r == '\t' }) {
		d, err := ParseDay(word)
		if err != nil {
			return nil, false
		}
		if !seen[d] {
			seen[d] = true
			dates = append(dates, d)
		}
	}
	sort.Strings(dates)
	return dates, true
}

// ParseDay reads a date as 2026-12-01 or as 1-12-2026 (also with slashes or dots) and
// gives it in ISO form.
func ParseDay(s string) (string, error) {
	for _, layout := range []string{Date, "2-1-2006", "2/1/2006", "2.1.2006"} {
		if t, err := time.Parse(layout, s); err == nil && t.Year() >= 2000 && t.Year() <= 2200 {
			return t.Format(Date), nil
		}
	}
	return "", fmt.Errorf("%q is not a date", s)
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

// civil is a local date as midnight UTC: date arithmetic without clock changes.
func civil(date string) (time.Time, bool) {
	t, err := time.Parse(Date, date)
	return t, err == nil
}

// OccursOn reports whether the schedule has a session on the local date of day.
func (s Schedule) OccursOn(day time.Time) bool {
	return s.occursOnDate(day.Format(Date))
}

func (s Schedule) occursOnDate(date string) bool {
	if s.Recurrence == RecurrenceOnce {
		return date == s.FirstDate
	}
	if date < s.FirstDate || s.LastDate != "" && date > s.LastDate || listed(s.SkipDates, date) {
		return false
	}
	d, ok := civil(date)
	if !ok {
		return false
	}
	switch s.Recurrence {
	case RecurrenceWeekly:
		if s.Weekdays&WeekdayBit(d.Weekday()) == 0 {
			return false
		}
		if s.Interval <= 1 {
			return true
		}
		first, ok := civil(s.FirstDate)
		if !ok {
			return false
		}
		weeks := int(mondayOf(d).Sub(mondayOf(first)).Hours()/24) / 7
		return weeks%s.Interval == 0
	case RecurrenceMonthlyWeekday:
		if s.Weekdays&WeekdayBit(d.Weekday()) == 0 {
			return false
		}
		if s.Ordinal == -1 {
			return d.AddDate(0, 0, 7).Month() != d.Month()
		}
		return (d.Day()-1)/7+1 == s.Ordinal
	case RecurrenceMonthlyDate:
		return d.Day() == s.MonthDay
	case RecurrenceDates:
		return listed(s.Dates, date)
	}
	return false
}

// listed reports whether date is in a comma-separated list of dates.
func listed(list, date string) bool {
	return list != "" && strings.Contains(","+list+",", ","+date+",")
}

func mondayOf(d time.Time) time.Time {
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// withoutSkips is the schedule without its skipped dates.
func (s Schedule) withoutSkips() Schedule {
	s.SkipDates = ""
	return s
}

// searchDays is how far ahead Next looks for a date: a fifth weekday comes at least
// once in a year, any interval within a year, so two years are plenty.
const searchDays = 2 * 366

// Next returns the schedule's first n dates on or after the local date from ("2006-01-02").
func (s Schedule) Next(from string, n int) []string {
	day, ok := civil(from)
	if !ok || n <= 0 {
		return nil
	}
	if first, ok := civil(s.FirstDate); ok && first.After(day) {
		day = first
	}
	var out []string
	for i := 0; i < searchDays && len(out) < n; i++ {
		date := day.AddDate(0, 0, i).Format(Date)
		if s.LastDate != "" && date > s.LastDate && s.Recurring() {
			break
		}
		if s.occursOnDate(date) {
			out = append(out, date)
		}
	}
	return out
}

// MissedMonths are the months between the local dates from and to (inclusive) in
// which a monthly schedule has no date because the month is too short: no fifth
// Tuesday, no 31st. Those months are skipped; the editor says so.
func (s Schedule) MissedMonths(from, to string) []string {
	if s.Recurrence != RecurrenceMonthlyWeekday && s.Recurrence != RecurrenceMonthlyDate {
		return nil
	}
	if s.Recurrence == RecurrenceMonthlyWeekday && s.Ordinal < 5 || s.Recurrence == RecurrenceMonthlyDate && s.MonthDay < 29 {
		return nil // every month has it
	}
	start, ok1 := civil(from)
	end, ok2 := civil(to)
	if !ok1 || !ok2 {
		return nil
	}
	if first, ok := civil(s.FirstDate); ok && first.After(start) {
		start = first
	}
	if last, ok := civil(s.LastDate); ok && last.Before(end) {
		end = last
	}
	var out []string
	for m := time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, time.UTC); !m.After(end); m = m.AddDate(0, 1, 0) {
		has := false
		for d := m; d.Month() == m.Month(); d = d.AddDate(0, 0, 1) {
			if s.withoutSkips().occursOnDateAnyPeriod(d) {
				has = true
				break
			}
		}
		if !has {
			out = append(out, m.Format("2006-01"))
		}
	}
	return out
}

// occursOnDateAnyPeriod is the rule alone, without the first and last date.
func (s Schedule) occursOnDateAnyPeriod(d time.Time) bool {
	s.FirstDate, s.LastDate = "2000-01-01", ""
	return s.occursOnDate(d.Format(Date))
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
	// Within the shared date range, look for a day both have: a week is enough for two
	// plain weekly schedules; other rules repeat within two years.
	day, ok := civil(from)
	if !ok {
		return false
	}
	days := searchDays
	if s.plainWeekly() && o.plainWeekly() {
		days = 7
	}
	for i := 0; i < days; i++ {
		date := day.AddDate(0, 0, i).Format(Date)
		if date > to {
			break
		}
		if s.occursOnDate(date) && o.occursOnDate(date) {
			return true
		}
	}
	return false
}

// plainWeekly reports whether the schedule is every week without skipped dates.
func (s Schedule) plainWeekly() bool {
	return s.Recurrence == RecurrenceWeekly && s.Interval <= 1 && s.SkipDates == ""
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
	return Schedule{Recurrence: a.Recurrence, Weekdays: a.Weekdays, Interval: a.IntervalWeeks, Ordinal: a.MonthOrdinal,
		MonthDay: a.MonthDay, Dates: a.Dates, SkipDates: a.SkipDates, StartTime: a.StartTime, EndTime: a.EndTime,
		FirstDate: a.FirstDate, LastDate: a.LastDate}
}

// SetSchedule puts a (normalised) schedule on the activity.
func (a *Activity) SetSchedule(s Schedule) {
	a.Recurrence, a.Weekdays, a.IntervalWeeks, a.MonthOrdinal, a.MonthDay, a.Dates, a.SkipDates =
		s.Recurrence, s.Weekdays, s.Interval, s.Ordinal, s.MonthDay, s.Dates, s.SkipDates
	a.StartTime, a.EndTime, a.FirstDate, a.LastDate = s.StartTime, s.EndTime, s.FirstDate, s.LastDate
}

// scheduleColumns are the activity's schedule as columns to update.
func scheduleColumns(s Schedule) map[string]any {
	return map[string]any{"recurrence": s.Recurrence, "weekdays": s.Weekdays, "interval_weeks": s.Interval,
		"month_ordinal": s.Ordinal, "month_day": s.MonthDay, "dates": s.Dates, "skip_dates": s.SkipDates,
		"start_time": s.StartTime, "end_time": s.EndTime, "first_date": s.FirstDate, "last_date": s.LastDate}
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
