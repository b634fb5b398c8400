package figures

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"onshuis/models"
)

// Period is a stretch of local calendar dates for a report: a month, a quarter, a year,
// or any from–to range. From and To are inclusive.
type Period struct {
	Key      string // "2026-11", "2026-Q4", "2026" or "2026-01-05..2026-03-29"
	Kind     string // month, quarter, year, range
	From, To string // "2006-01-02"
}

// ParsePeriod reads a period key.
func ParsePeriod(key string) (Period, error) {
	bad := fmt.Errorf("period %q: want 2026-11, 2026-Q4, 2026 or 2026-01-01..2026-03-31", key)
	var y, m, q int
	num := func(s string, dst *int) bool {
		if s == "" || strings.Trim(s, "0123456789") != "" {
			return false
		}
		*dst, _ = strconv.Atoi(s)
		return true
	}
	switch {
	case len(key) == 4:
		if !num(key, &y) || y < 2000 || y > 2200 {
			return Period{}, bad
		}
		return Period{Key: key, Kind: "year", From: fmt.Sprintf("%04d-01-01", y), To: fmt.Sprintf("%04d-12-31", y)}, nil
	case len(key) == 7 && key[4:6] == "-Q":
		if !num(key[:4], &y) || !num(key[6:], &q) || q < 1 || q > 4 || y < 2000 || y > 2200 {
			return Period{}, bad
		}
		from := time.Date(y, time.Month(3*q-2), 1, 0, 0, 0, 0, time.UTC)
		return Period{Key: key, Kind: "quarter", From: from.Format(models.Date), To: from.AddDate(0, 3, -1).Format(models.Date)}, nil
	case len(key) == 7 && key[4] == '-':
		if !num(key[:4], &y) || !num(key[5:], &m) || m < 1 || m > 12 || y < 2000 || y > 2200 {
			return Period{}, bad
		}
		from := time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
		return Period{Key: key, Kind: "month", From: from.Format(models.Date), To: from.AddDate(0, 1, -1).Format(models.Date)}, nil
	case strings.Contains(key, ".."):
		parts := strings.SplitN(key, "..", 2)
		from, err1 := time.Parse(models.Date, parts[0])
		to, err2 := time.Parse(models.Date, parts[1])
		if len(parts[0]) != 10 || len(parts[1]) != 10 || err1 != nil || err2 != nil || to.Before(from) || from.Year() < 2000 || to.Year() > 2200 || to.Sub(from) > 5*366*24*time.Hour {
			return Period{}, bad
		}
		return Period{Key: key, Kind: "range", From: parts[0], To: parts[1]}, nil
	}
	return Period{}, bad
}

// PeriodOfMonth is the month that contains t.
func PeriodOfMonth(t time.Time) Period {
	p, _ := ParsePeriod(t.Format("2006-01"))
	return p
}

// Bounds are the period's first moment and the moment after it, in loc.
func (p Period) Bounds(loc *time.Location) (time.Time, time.Time) {
	from, _ := time.ParseInLocation(models.Date, p.From, loc)
	to, _ := time.ParseInLocation(models.Date, p.To, loc)
	return from, to.AddDate(0, 0, 1)
}

// Weeks lists the ISO weeks the period touches, in order.
func (p Period) Weeks(loc *time.Location) []models.Week {
	from, end := p.Bounds(loc)
	var weeks []models.Week
	for w := models.WeekOf(from, loc); w.Start().Before(end); w = w.Next() {
		weeks = append(weeks, w)
	}
	return weeks
}

// Previous is the period before p of the same kind: the month, quarter or year before,
// or for a range as many days ending the day before it starts. The report's summary
// sets each figure against it.
func (p Period) Previous() Period {
	from, _ := time.Parse(models.Date, p.From)
	to, _ := time.Parse(models.Date, p.To)
	var key string
	switch p.Kind {
	case "month":
		key = from.AddDate(0, -1, 0).Format("2006-01")
	case "quarter":
		prev := from.AddDate(0, -3, 0)
		key = fmt.Sprintf("%d-Q%d", prev.Year(), (int(prev.Month())+2)/3)
	case "year":
		key = strconv.Itoa(from.Year() - 1)
	default:
		days := int(to.Sub(from).Hours()/24) + 1
		end := from.AddDate(0, 0, -1)
		key = end.AddDate(0, 0, 1-days).Format(models.Date) + ".." + end.Format(models.Date)
	}
	prev, err := ParsePeriod(key)
	if err != nil { // before the year 2000: no earlier period to compare with
		return Period{}
	}
	return prev
}
