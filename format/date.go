package format

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Names are the words dates are written with, in the reader's language. They are
// translations, kept in views/i18n; views.Names gives them for a localizer.
type Names interface {
	Weekday(time.Weekday) string // "maandag"
	Month(time.Month) string     // "november"
}

// LongDate is "maandag 23 november 2026"; t must already be in the centre's zone.
func LongDate(n Names, t time.Time) string {
	return fmt.Sprintf("%s %d %s %d", n.Weekday(t.Weekday()), t.Day(), n.Month(t.Month()), t.Year())
}

// DayMonth is "23 november".
func DayMonth(n Names, t time.Time) string { return fmt.Sprintf("%d %s", t.Day(), n.Month(t.Month())) }

// WeekdayDayMonth is "maandag 23 november".
func WeekdayDayMonth(n Names, t time.Time) string {
	return fmt.Sprintf("%s %d %s", n.Weekday(t.Weekday()), t.Day(), n.Month(t.Month()))
}

// DayMonthYear is "23 november 2026".
func DayMonthYear(n Names, t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), n.Month(t.Month()), t.Year())
}

// MonthYear is "november 2026".
func MonthYear(n Names, t time.Time) string { return n.Month(t.Month()) + " " + strconv.Itoa(t.Year()) }

// DateCode writes a stored date "2026-11-23" as "23 november 2026"; anything else is
// written as it is.
func DateCode(n Names, code string) string {
	t, err := time.Parse(time.DateOnly, code)
	if err != nil {
		return code
	}
	return DayMonthYear(n, t)
}

// MonthCode writes a month code such as "2026-09" as "september 2026"; anything else
// is written as it is.
func MonthCode(n Names, code string) string {
	t, err := time.Parse("2006-01", code)
	if err != nil || len(code) != 7 {
		return code
	}
	return MonthYear(n, t)
}

// Clock is the time of day the Dutch way, in both languages: 14:30.
func Clock(t time.Time) string { return t.Format("15:04") }

// TimeRange is "14:00–16:00".
func TimeRange(from, to time.Time) string { return Clock(from) + "–" + Clock(to) }

// WeekLabel writes an ISO week code such as "2026-W05" as "5 (2026)", which reads as
// a week number under a "Week" heading; anything else is written as it is.
func WeekLabel(code string) string {
	year, week, ok := strings.Cut(code, "-W")
	if !ok || len(year) != 4 || len(week) != 2 {
		return code
	}
	return strings.TrimPrefix(week, "0") + " (" + year + ")"
}

// WeekNumber writes an ISO week code such as "2026-W05" as its number, "5", for the
// label under a week's bar; anything else is written as it is.
func WeekNumber(code string) string {
	_, week, ok := strings.Cut(code, "-W")
	if !ok || len(week) != 2 {
		return code
	}
	return strings.TrimPrefix(week, "0")
}
