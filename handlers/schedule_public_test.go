package handlers_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"

	"onshuis/api"
	"onshuis/app/apptest"
)

// A schedule of every kind reaches the public sides whole: the JSON API gives its
// interval, ordinal, day of the month, own dates and skipped dates; a fifth Tuesday's
// activity page names the coming months without one, and its iCal feed has no session
// in them (one VEVENT per session, so a calendar needs no RRULE to get this right).
func TestSchedulesOnThePublicSides(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		resident := s.Register("Voorsteller", "v@example.nl")
		hour := 8
		publish := func(title string, fields ...string) int64 {
			id := s.Propose(resident, title)
			hour += 2 // one room: each at its own time
			times := []string{"first_date", "2026-12-01", "start_time", fmt.Sprintf("%02d:00", hour), "end_time", fmt.Sprintf("%02d:00", hour+1)}
			if r := s.Approve(coordinator, id, "12", append(times, fields...)...); r.Status != 303 {
				t.Fatalf("approve %s: %d\n%s", title, r.Status, r.Body)
			}
			return id
		}
		fortnight := publish("Om de week", "recurrence", "weekly", "interval", "2", "weekdays", "4", "skip_dates", "24-12-2026")
		fifth := publish("Vijfde dinsdag", "recurrence", "monthly_weekday", "ordinal", "5", "month_weekday", "2")
		day31 := publish("De 31e", "recurrence", "monthly_date", "month_day", "31")
		own := publish("Eigen data", "recurrence", "dates", "dates", "5-12-2026\n2027-01-09", "first_date", "")

		schedule := func(id int64) api.Schedule {
			t.Helper()
			r := s.Client().Get(fmt.Sprintf("/api/v1/activities/%d", id))
			var a api.Activity
			if err := json.Unmarshal([]byte(r.Body), &a); err != nil {
				t.Fatalf("activity %d: %v\n%s", id, err, r.Body)
			}
			return a.Schedule
		}
		if got := schedule(fortnight); got.Recurrence != "weekly" || got.IntervalWeeks != 2 || !slices.Equal(got.Weekdays, []string{"thursday"}) ||
			!slices.Equal(got.SkipDates, []string{"2026-12-24"}) || got.MonthOrdinal != 0 || len(got.Dates) != 0 {
			t.Errorf("fortnightly in the API: %+v", got)
		}
		if got := schedule(fifth); got.Recurrence != "monthly_weekday" || got.MonthOrdinal != 5 || !slices.Equal(got.Weekdays, []string{"tuesday"}) || got.IntervalWeeks != 0 {
			t.Errorf("fifth Tuesday in the API: %+v", got)
		}
		if got := schedule(day31); got.Recurrence != "monthly_date" || got.MonthDay != 31 {
			t.Errorf("the 31st in the API: %+v", got)
		}
		if got := schedule(own); got.Recurrence != "dates" || !slices.Equal(got.Dates, []string{"2026-12-05", "2027-01-09"}) {
			t.Errorf("own dates in the API: %+v", got)
		}

		// The fifth Tuesday: the activity page says which months are skipped, the
		// feed has 29 December and 30 March and nothing in between.
		page := s.Client().Get(fmt.Sprintf("/activiteiten/%d", fifth))
		apptest.Contains(t, page.Body, "Elke vijfde dinsdag van de maand, 12:00–13:00",
			"maanden hebben geen zo’n dag en slaan we over: januari 2027, februari 2027, april 2027")
		apptest.NotContains(t, s.Client().Get(fmt.Sprintf("/activiteiten/%d", fortnight)).Body, "slaan we over")
		feed := s.Client().Get(fmt.Sprintf("/activiteiten/%d/agenda.ics", fifth))
		cal, err := ics.ParseCalendar(strings.NewReader(feed.Body))
		if err != nil {
			t.Fatalf("feed: %v\n%s", err, feed.Body)
		}
		var starts []string
		for _, e := range cal.Events() {
			starts = append(starts, e.GetProperty(ics.ComponentPropertyDtStart).Value[:8])
		}
		if len(starts) < 2 || starts[0] != "20261229" || starts[1] != "20270330" {
			t.Errorf("fifth Tuesdays in the feed: %v", starts)
		}
		if strings.Contains(feed.Body, "RRULE") {
			t.Errorf("the feed carries an RRULE beside its sessions")
		}
	})
}
