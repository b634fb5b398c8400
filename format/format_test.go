package format_test

import (
	"testing"
	"time"

	"onshuis/app/apptest"
	"onshuis/format"
)

// dutch are the names the Dutch translation gives (views/i18n/nl.json), as a literal
// so format is tested on its own.
type dutch struct{}

func (dutch) Weekday(d time.Weekday) string {
	return [7]string{"zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"}[d]
}
func (dutch) Month(m time.Month) string {
	return [12]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}[m-1]
}

func TestFormats(t *testing.T) {
	d := time.Date(2026, 11, 23, 14, 5, 0, 0, time.UTC)
	for _, tc := range []struct{ got, want string }{
		{format.Clock(d), "14:05"},
		{format.TimeRange(d, d.Add(115*time.Minute)), "14:05–16:00"},
		{format.Number(1234567), "1.234.567"},
		{format.Number(-999), "-999"},
		{format.Decimal(7.45), "7,5"},
		{format.Euro(125050), "€ 1.250,50"},
		{format.EuroInText(3500), "€\u00a035,00"},
		{format.Amount(125050), "1250,50"},
		{format.Amount(5), "0,05"},
		{format.Percent(0.833), "83,3%"},
		{format.WeekLabel("2026-W05"), "5 (2026)"},
		{format.WeekLabel("2020-W53"), "53 (2020)"},
		{format.WeekLabel("week 5"), "week 5"},
		{format.WeekNumber("2026-W05"), "5"},
		{format.WeekNumber("2026-W48"), "48"},
		{format.LongDate(dutch{}, d), "maandag 23 november 2026"},
		{format.DayMonth(dutch{}, d), "23 november"},
		{format.WeekdayDayMonth(dutch{}, d), "maandag 23 november"},
		{format.DayMonthYear(dutch{}, d), "23 november 2026"},
		{format.MonthYear(dutch{}, d), "november 2026"},
		{format.MonthCode(dutch{}, "2026-09"), "september 2026"},
		{format.MonthCode(dutch{}, "2026"), "2026"},
		{format.DateCode(dutch{}, "2026-01-01"), "1 januari 2026"},
		{format.DateCode(dutch{}, "gisteren"), "gisteren"},
		{format.Phone("+31612345678"), "06 12345678"},
		{format.Phone("+31412123456"), "0412123456"},
		{format.Phone("+48601234567"), "+48601234567"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

// One decimal, rounded half up, from the number as written: exact ties go up, whether
// the binary fraction lies just under them (6.05, 1.15, 2.675·100) or on them (0.25).
func TestRoundingHalfUp(t *testing.T) {
	for _, tc := range []struct {
		got, want string
	}{
		{format.Decimal(6.05), "6,1"}, {format.Decimal(121.0 / 20), "6,1"}, {format.Decimal(363.0 / 60), "6,1"},
		{format.Decimal(1.15), "1,2"}, {format.Decimal(0.25), "0,3"}, {format.Decimal(0.35), "0,4"},
		{format.Decimal(6.04999), "6,0"}, {format.Decimal(9.96), "10,0"}, {format.Decimal(0), "0,0"}, {format.Decimal(0.04), "0,0"},
		{format.Decimal(1234.55), "1234,6"}, {format.Decimal(-2.25), "-2,3"}, {format.Decimal(-0.04), "0,0"}, {format.Decimal(1e21), "1000000000000000000000,0"},
		{format.Percent(0.5), "50,0%"}, {format.Percent(0.0005), "0,1%"}, {format.Percent(0.02675), "2,7%"}, {format.Percent(1), "100,0%"},
		{format.Percent(2.0 / 3), "66,7%"}, {format.Percent(0.83349), "83,3%"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestParseEuros(t *testing.T) {
	for in, want := range map[string]int64{"12": 1200, "12,50": 1250, "€ 1.250,00": 125000, "12.50": 1250, "12,5": 1250, "15,00": 1500, "0,05": 5} {
		if got, err := format.ParseEuros(in); err != nil || got != want {
			t.Errorf("ParseEuros(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "€", "-3", "twaalf", "12345678", "1,2,3,x"} {
		if got, err := format.ParseEuros(bad); err == nil {
			t.Errorf("ParseEuros(%q) = %d, want an error", bad, got)
		}
	}
}

func TestParsePhone(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"06-12345678", "+31612345678", true},
		{"06 1234 5678", "+31612345678", true},
		{"+31 (0)6 12345678", "+31612345678", true},
		{"0412 123456", "+31412123456", true},
		{"0048 601 234 567", "+48601234567", true},
		{"+90 532 123 45 67", "+905321234567", true},
		{"12345", "", false},
		{"06-1234567", "", false},
		{"bel mij", "", false},
	} {
		got, ok := format.ParsePhone(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParsePhone(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func FuzzParseEuros(f *testing.F) {
	for _, s := range []string{"12", "12,50", "€ 1.250,00", "12.5", "-3", "1,2,3", "", "€", "9999999,99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cents, err := format.ParseEuros(s)
		if err == nil && (cents < 0 || cents > 100_000_000_00) {
			t.Fatalf("ParseEuros(%q) = %d", s, cents)
		}
	})
}

func FuzzParsePhone(f *testing.F) {
	for _, s := range []string{"06-12345678", "+31 (0)6 12345678", "0048 601 234 567", "henk@example.nl", "a@b", "<x>@y.nl"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if p, ok := format.ParsePhone(s); ok {
			if p[0] != '+' || len(p) < 10 || len(p) > 16 {
				t.Fatalf("ParsePhone(%q) = %q", s, p)
			}
			if again, ok := format.ParsePhone(p); !ok || again != p {
				t.Fatalf("ParsePhone is not stable for %q: %q", p, again)
			}
		}
	})
}

// format is a leaf: it imports nothing of the project, so every package can use it.
func TestImportsNothingOfTheProject(t *testing.T) {
	for _, path := range apptest.ProjectImports(t, ".") {
		t.Errorf("format imports %s", path)
	}
}
