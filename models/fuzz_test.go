package models

import (
	"testing"
	"time"
)

func FuzzSchedule(f *testing.F) {
	f.Add("weekly", 4, "14:00", "16:00", "2026-12-01", "")
	f.Add("once", 0, "09:30", "11:30", "2027-03-28", "")
	f.Add("weekly", 200, "23:59", "00:00", "2026-13-01", "2026-01-01")
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	f.Fuzz(func(t *testing.T, recurrence string, weekdays int, start, end, first, last string) {
		s := Schedule{Recurrence: recurrence, Weekdays: weekdays, StartTime: start, EndTime: end, FirstDate: first, LastDate: last}
		if len(s.Validate()) > 0 {
			return
		}
		// A valid schedule has sessions that end after they start, on the right dates.
		day, _ := time.ParseInLocation(Date, first, ams)
		for i := 0; i < 14; i++ {
			d := day.AddDate(0, 0, i)
			if !s.OccursOn(d) {
				continue
			}
			from, to := s.Times(d, ams)
			if !to.After(from) || from.In(ams).Format(Date) != d.Format(Date) {
				t.Fatalf("%+v on %s: %v–%v", s, d.Format(Date), from, to)
			}
		}
		_ = s.Overlaps(s)
	})
}

func FuzzParseWeek(f *testing.F) {
	for _, s := range []string{"2026-W53", "2027-W53", "2026-W00", "2026-11", "2026-Q4", "2026", "2026-01-01..2026-12-31", "x"} {
		f.Add(s)
	}
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	f.Fuzz(func(t *testing.T, s string) {
		if w, err := ParseWeek(s, ams); err == nil {
			if w.String() != s || WeekOf(w.Start(), ams).String() != s || !w.End().After(w.Start()) {
				t.Fatalf("week %q: %s %v %v", s, w, w.Start(), w.End())
			}
		}
	})
}

func FuzzNormaliseContact(f *testing.F) {
	for _, s := range []string{"06-12345678", "+31 (0)6 12345678", "0048 601 234 567", "henk@example.nl", "a@b", "<x>@y.nl"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if e, ok := NormaliseEmail(s); ok {
			if again, ok := NormaliseEmail(e); !ok || again != e {
				t.Fatalf("NormaliseEmail is not stable for %q: %q", e, again)
			}
		}
	})
}
