package handlers

import (
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"onshuis/models"
	"onshuis/views"
)

// scheduleFields are the fields of the schedule editor (partials/plan_fields): a
// preview ("Toon de data") looks at these alone, so the rest of the form may still be
// half filled in.
var scheduleFields = []string{"recurrence", "interval", "weekdays", "ordinal", "month_weekday", "month_day",
	"dates", "skip_dates", "start_time", "end_time", "first_date", "last_date"}

// previewCount is how many dates "Toon de data" shows.
const previewCount = 8

// maxDatesText bounds the list fields of the editor (a hundred dates and some spaces).
const maxDatesText = 2000

// parseSchedule reads the schedule editor and records what is wrong with it. Fields of
// another kind than the chosen one are kept as typed but not checked.
func parseSchedule(f *form) models.Schedule {
	s := models.Schedule{
		Recurrence: f.raw("recurrence"),
		StartTime:  f.raw("start_time"),
		EndTime:    f.raw("end_time"),
		FirstDate:  f.raw("first_date"),
		LastDate:   f.raw("last_date"),
		Dates:      f.lines("dates", false, maxDatesText),
		SkipDates:  f.lines("skip_dates", false, maxDatesText),
	}
	whole := func(name string) (int, bool) {
		v := f.raw(name)
		if v == "" {
			return 0, true
		}
		n, err := strconv.Atoi(v)
		return n, err == nil
	}
	interval, intervalOK := whole("interval")
	ordinal, ordinalOK := whole("ordinal")
	monthDay, monthDayOK := whole("month_day")
	monthWeekday := f.raw("month_weekday")
	days := f.multi("weekdays")
	switch s.Recurrence {
	case models.RecurrenceWeekly:
		bits, err := models.ParseWeekdays(days)
		if err != nil {
			f.fail("weekdays", "schedule.weekdays_required")
		}
		s.Weekdays, s.Interval = bits, interval
		if !intervalOK {
			f.fail("interval", "schedule.interval_invalid")
		}
	case models.RecurrenceMonthlyWeekday:
		s.Ordinal = ordinal
		if !ordinalOK {
			f.fail("ordinal", "schedule.ordinal_invalid")
		}
		if monthWeekday != "" {
			bits, err := models.ParseWeekdays([]string{monthWeekday})
			if err != nil {
				f.fail("month_weekday", "schedule.month_weekday_required")
			}
			s.Weekdays = bits
		}
	case models.RecurrenceMonthlyDate:
		s.MonthDay = monthDay
		if !monthDayOK {
			f.fail("month_day", "schedule.month_day_invalid")
		}
	}
	if s.Recurrence == models.RecurrenceDates {
		// The list says when it starts and ends; the date fields do not count.
		norm := s.Normalised()
		s.FirstDate, s.LastDate = norm.FirstDate, norm.LastDate
		delete(f.Errors, "first_date")
		delete(f.Errors, "last_date")
	}
	for field, msg := range s.Validate() {
		f.fail(field, msg)
	}
	return s
}

// scheduleErrors are the messages of the schedule editor's fields alone.
func scheduleErrors(errs map[string]string) map[string]string {
	out := map[string]string{}
	for _, field := range scheduleFields {
		if m, ok := errs[field]; ok {
			out[field] = m
		}
	}
	return out
}

// scheduleValues is a stored schedule as the editor's values.
func scheduleValues(a *models.Activity) map[string]string {
	s := a.Schedule()
	v := map[string]string{
		"recurrence": s.Recurrence, "weekdays": weekdayValues(s.Weekdays), "interval": itoa(max(s.Interval, 1)),
		"start_time": s.StartTime, "end_time": s.EndTime, "first_date": s.FirstDate, "last_date": s.LastDate,
		"dates": strings.ReplaceAll(s.Dates, ",", "\n"), "skip_dates": strings.ReplaceAll(s.SkipDates, ",", "\n"),
		"ordinal": "1", "month_day": "",
	}
	switch s.Recurrence {
	case models.RecurrenceMonthlyWeekday:
		v["ordinal"], v["month_weekday"], v["weekdays"] = itoa(s.Ordinal), weekdayValues(s.Weekdays), ""
	case models.RecurrenceMonthlyDate:
		v["month_day"] = itoa(s.MonthDay)
	case models.RecurrenceDates:
		v["first_date"], v["last_date"] = "", ""
	}
	return v
}

// previewDate is one date of the preview, in the centre's time.
type previewDate struct{ Start, End time.Time }

// schedulePreview is what "Toon de data" shows: the next dates and the months the rule
// skips because they have no such day.
type schedulePreview struct {
	Dates  []previewDate
	Missed []string // month codes "2027-02"
}

// schedulePreviewOf answers "Toon de data" on a form that holds a schedule: with the
// schedule's own messages when it has any (422; other fields' messages wait until
// the form is saved), else with no messages and the next dates (200).
func (h *Handlers) schedulePreviewOf(errs map[string]string, s models.Schedule, loc *time.Location) (int, map[string]string, *schedulePreview) {
	if own := scheduleErrors(errs); len(own) > 0 {
		return fiber.StatusUnprocessableEntity, own, nil
	}
	return fiber.StatusOK, map[string]string{}, previewSchedule(s, h.Now(), loc)
}

// previewSchedule computes the next dates of a valid schedule from today on.
func previewSchedule(s models.Schedule, now time.Time, loc *time.Location) *schedulePreview {
	s = s.Normalised()
	today := now.In(loc).Format(models.Date)
	p := &schedulePreview{}
	dates := s.Next(today, previewCount)
	for _, d := range dates {
		day, err := models.LocalDate(d, loc)
		if err != nil {
			continue
		}
		start, end := s.Times(day, loc)
		p.Dates = append(p.Dates, previewDate{Start: start.In(loc), End: end.In(loc)})
	}
	until := now.In(loc).AddDate(1, 0, 0).Format(models.Date)
	if len(dates) == previewCount {
		until = dates[len(dates)-1]
	}
	p.Missed = s.MissedMonths(today, until)
	return p
}

// ordinalOption is a choice of "welke in de maand": its value and label.
type ordinalOption struct{ Value, Label string }

// ordinalOptions are the choices of "welke in de maand", in order.
var ordinalOptions = []ordinalOption{{"1", "schedule.ordinal_1"}, {"2", "schedule.ordinal_2"}, {"3", "schedule.ordinal_3"},
	{"4", "schedule.ordinal_4"}, {"5", "schedule.ordinal_5"}, {"-1", "schedule.ordinal_last"}}

// describeSchedule says in words when an activity takes place: "Om de 2 weken op
// dinsdag", "Elke eerste zaterdag van de maand", "Op eigen data".
func describeSchedule(l *i18n.Localizer, s models.Schedule) string {
	var days []string
	for _, d := range models.WeekdayList(s.Weekdays) {
		days = append(days, views.WeekdayName(l, d))
	}
	dayList := strings.Join(days, ", ")
	switch s.Recurrence {
	case models.RecurrenceWeekly:
		if s.Interval > 1 {
			return views.T(l, "schedule.describe_interval", "Count", s.Interval, "Days", dayList)
		}
		return views.T(l, "schedule.describe_weekly", "Days", dayList)
	case models.RecurrenceMonthlyWeekday:
		return views.T(l, "schedule.describe_monthly_weekday", "Ordinal", views.T(l, ordinalLabel(s.Ordinal)), "Days", dayList)
	case models.RecurrenceMonthlyDate:
		return views.T(l, "schedule.describe_monthly_date", "Day", s.MonthDay)
	case models.RecurrenceDates:
		return views.T(l, "schedule.describe_dates")
	}
	return views.T(l, "activity.once")
}

// ordinalLabel is the message id of an ordinal: "eerste" … "vijfde", "laatste".
func ordinalLabel(n int) string {
	for _, o := range ordinalOptions {
		if o.Value == strconv.Itoa(n) {
			return o.Label
		}
	}
	return "schedule.ordinal_1"
}
