package models

import (
	"reflect"
	"testing"
	"time"
)

func TestScheduleRules(t *testing.T) {
	tue, sat, fri := WeekdayBit(time.Tuesday), WeekdayBit(time.Saturday), WeekdayBit(time.Friday)
	cases := []struct {
		name string
		s    Schedule
		from string
		want []string
	}{
		{"every week", Schedule{Recurrence: RecurrenceWeekly, Weekdays: tue, FirstDate: "2026-12-01"}, "2026-12-01",
			[]string{"2026-12-01", "2026-12-08", "2026-12-15"}},
		{"every two weeks, counted from the first week", Schedule{Recurrence: RecurrenceWeekly, Interval: 2, Weekdays: tue | fri, FirstDate: "2026-12-02"}, "2026-12-02",
			[]string{"2026-12-04", "2026-12-15", "2026-12-18", "2026-12-29"}},
		{"every three weeks, looked at later", Schedule{Recurrence: RecurrenceWeekly, Interval: 3, Weekdays: tue, FirstDate: "2026-12-01"}, "2026-12-10",
			[]string{"2026-12-22", "2027-01-12"}},
		{"first Saturday", Schedule{Recurrence: RecurrenceMonthlyWeekday, Ordinal: 1, Weekdays: sat, FirstDate: "2026-12-01"}, "2026-12-01",
			[]string{"2026-12-05", "2027-01-02", "2027-02-06"}},
		{"last Friday", Schedule{Recurrence: RecurrenceMonthlyWeekday, Ordinal: -1, Weekdays: fri, FirstDate: "2026-12-01"}, "2026-12-01",
			[]string{"2026-12-25", "2027-01-29", "2027-02-26"}},
		{"fifth Tuesday skips the months without one", Schedule{Recurrence: RecurrenceMonthlyWeekday, Ordinal: 5, Weekdays: tue, FirstDate: "2026-12-01"}, "2026-12-01",
			[]string{"2026-12-29", "2027-03-30", "2027-06-29"}},
		{"the 31st", Schedule{Recurrence: RecurrenceMonthlyDate, MonthDay: 31, FirstDate: "2027-01-01"}, "2027-01-01",
			[]string{"2027-01-31", "2027-03-31", "2027-05-31"}},
		{"own dates", Schedule{Recurrence: RecurrenceDates, Dates: "2027-02-03,2026-12-20,2027-01-09"}.Normalised(), "2026-12-01",
			[]string{"2026-12-20", "2027-01-09", "2027-02-03"}},
		{"skipped dates", Schedule{Recurrence: RecurrenceWeekly, Weekdays: tue, FirstDate: "2026-12-01", SkipDates: "2026-12-22,2026-12-29"}, "2026-12-15",
			[]string{"2026-12-15", "2027-01-05"}},
		{"last date", Schedule{Recurrence: RecurrenceMonthlyDate, MonthDay: 15, FirstDate: "2026-12-01", LastDate: "2027-01-31"}, "2026-12-01",
			[]string{"2026-12-15", "2027-01-15"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.s.StartTime, c.s.EndTime = "10:00", "12:00"
			if c.s.FirstDate == "" {
				t.Fatal("no first date")
			}
			if errs := c.s.Validate(); len(errs) > 0 {
				t.Fatalf("invalid: %v", errs)
			}
			if got := c.s.Next(c.from, len(c.want)+1); !reflect.DeepEqual(got[:min(len(got), len(c.want))], c.want) {
				t.Fatalf("dates %v, want %v", got, c.want)
			}
		})
	}
}

func TestScheduleNoDates(t *testing.T) {
	cases := []struct {
		s     Schedule
		field string
	}{
		{Schedule{Recurrence: RecurrenceMonthlyWeekday, Ordinal: 5, Weekdays: WeekdayBit(time.Monday), FirstDate: "2027-02-01", LastDate: "2027-02-28"}, "last_date"},
		{Schedule{Recurrence: RecurrenceMonthlyDate, MonthDay: 31, FirstDate: "2027-04-01", LastDate: "2027-04-30"}, "last_date"},
		{Schedule{Recurrence: RecurrenceWeekly, Weekdays: WeekdayBit(time.Monday), FirstDate: "2026-12-01", LastDate: "2026-12-06"}, "last_date"},
		{Schedule{Recurrence: RecurrenceWeekly, Weekdays: WeekdayBit(time.Monday), FirstDate: "2026-12-01", LastDate: "2026-12-10", SkipDates: "2026-12-07"}, "skip_dates"},
		{Schedule{Recurrence: RecurrenceDates, Dates: "2026-12-01", SkipDates: "1-12-2026"}, "skip_dates"},
		{Schedule{Recurrence: RecurrenceDates, Dates: "2026-12-01, gisteren"}, "dates"},
		{Schedule{Recurrence: RecurrenceMonthlyWeekday, Ordinal: 6, Weekdays: WeekdayBit(time.Monday), FirstDate: "2026-12-01"}, "ordinal"},
		{Schedule{Recurrence: RecurrenceMonthlyWeekday, Ordinal: 1, Weekdays: WeekdayBit(time.Monday) | WeekdayBit(time.Friday), FirstDate: "2026-12-01"}, "month_weekday"},
		{Schedule{Recurrence: RecurrenceMonthlyDate, MonthDay: 32, FirstDate: "2026-12-01"}, "month_day"},
		{Schedule{Recurrence: RecurrenceWeekly, Interval: 53, Weekdays: WeekdayBit(time.Monday), FirstDate: "2026-12-01"}, "interval"},
	}
	for _, c := range cases {
		c.s.StartTime, c.s.EndTime = "10:00", "12:00"
		errs := c.s.Normalised().Validate()
		if c.s.Recurrence != RecurrenceDates {
			errs = c.s.Validate()
		}
		if errs[c.field] == "" {
			t.Errorf("%+v: want a message on %s, got %v", c.s, c.field, errs)
		}
	}
}

func TestScheduleMissedMonths(t *testing.T) {
	s := Schedule{Recurrence: RecurrenceMonthlyWeekday, Ordinal: 5, Weekdays: WeekdayBit(time.Tuesday), FirstDate: "2026-12-01"}
	if got, want := s.MissedMonths("2026-12-01", "2027-04-30"), []string{"2027-01", "2027-02", "2027-04"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("missed months %v, want %v", got, want)
	}
	if got := (Schedule{Recurrence: RecurrenceMonthlyWeekday, Ordinal: 4, Weekdays: 2, FirstDate: "2026-12-01"}).MissedMonths("2026-12-01", "2027-12-01"); got != nil {
		t.Fatalf("every month has a fourth Monday, got %v", got)
	}
}

// Every kind of schedule keeps its clock time on both sides of both clock changes in
// Amsterdam (28 March 2027 forward, 31 October 2027 back).
func TestScheduleDST(t *testing.T) {
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	sun := WeekdayBit(time.Sunday)
	for _, change := range []struct{ twoBefore, before, after string }{{"2027-03-14", "2027-03-21", "2027-03-28"}, {"2027-10-17", "2027-10-24", "2027-10-31"}} {
		kinds := []Schedule{
			{Recurrence: RecurrenceWeekly, Weekdays: sun, FirstDate: change.before},
			{Recurrence: RecurrenceWeekly, Interval: 2, Weekdays: sun, FirstDate: change.twoBefore},
			{Recurrence: RecurrenceMonthlyWeekday, Ordinal: -1, Weekdays: sun, FirstDate: "2027-01-01"},
			{Recurrence: RecurrenceMonthlyDate, MonthDay: 28, FirstDate: "2027-01-01"},
			{Recurrence: RecurrenceDates, Dates: change.before + "," + change.after},
			{Recurrence: RecurrenceOnce, FirstDate: change.after},
		}
		for _, s := range kinds {
			s.StartTime, s.EndTime = "02:30", "04:00" // 02:30 does not exist on 28 March
			s = s.Normalised()
			if errs := s.Validate(); len(errs) > 0 {
				t.Fatalf("%+v: %v", s, errs)
			}
			day, _ := LocalDate(change.after, ams)
			if s.Recurrence == RecurrenceMonthlyDate {
				day, _ = LocalDate(change.after[:8]+"28", ams)
			}
			if !s.OccursOn(day) {
				t.Fatalf("%s: no session on %s", s.Recurrence, day.Format(Date))
			}
			start, end := s.Times(day, ams)
			if start.In(ams).Format(Date) != day.Format(Date) || !end.After(start) || end.In(ams).Format("15:04") != "04:00" {
				t.Fatalf("%s on %s: %v–%v", s.Recurrence, day.Format(Date), start.In(ams), end.In(ams))
			}
			s.StartTime = "10:00"
			s.EndTime = "12:00"
			start, _ = s.Times(day, ams)
			if start.In(ams).Format("15:04") != "10:00" {
				t.Fatalf("%s on %s starts at %v", s.Recurrence, day.Format(Date), start.In(ams))
			}
		}
	}
}
