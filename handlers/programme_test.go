package handlers_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"onshuis/app/apptest"
	"onshuis/models"
)

// A Sunday 10:00 activity stays at 10:00 on the Sundays the clocks change (last Sunday
// of October and of March), while its stored UTC time moves by an hour.
func TestProgrammeAcrossDST(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		s.Clock.Set(time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC))
		id, _ := s.Activity(coordinator, "Zondagswandeling", "0", "weekdays", "0", "start_time", "10:00", "end_time", "11:00",
			"first_date", "2026-10-04")
		for _, tc := range []struct {
			week, day, utc string
		}{
			{"2026-W43", "zondag 25 oktober", "2026-10-25T09:00:00Z"}, // winter time starts at 03:00 that night
			{"2026-W44", "zondag 1 november", "2026-11-01T09:00:00Z"},
			{"2027-W12", "zondag 28 maart", "2027-03-28T08:00:00Z"}, // summer time starts at 02:00
			{"2027-W11", "zondag 21 maart", "2027-03-21T09:00:00Z"},
		} {
			page := s.Client().Get("/?week=" + tc.week).Body
			day := page[strings.Index(page, tc.day):]
			if !strings.Contains(day[:600], "10:00–11:00") {
				t.Errorf("%s: %s does not show 10:00–11:00", tc.week, tc.day)
			}
			var sess models.Session
			s.DB.Where("activity_id = ? AND starts_at >= ? AND starts_at < ?", id,
				mustTime(tc.utc).Add(-time.Hour/2), mustTime(tc.utc).Add(time.Hour/2)).Take(&sess)
			if sess.ID == 0 {
				t.Errorf("%s: no session stored at %s UTC", tc.week, tc.utc)
			}
		}
	})
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// 2026 has 53 ISO weeks: week 53 runs from Monday 28 December 2026 to Sunday
// 3 January 2027, and the week after it is 2027-W01.
func TestProgrammeWeek53(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		s.Activity(coordinator, "Nieuwjaarsborrel", "0", "recurrence", "once", "first_date", "2027-01-03",
			"start_time", "15:00", "end_time", "17:00")
		page := s.Client().Get("/?week=2026-W53").Body
		apptest.Contains(t, page, "Programma week 53", "maandag 28 december", "zondag 3 januari", "Nieuwjaarsborrel",
			`href="/?week=2027-W01"`, `href="/?week=2026-W52"`)
		apptest.NotContains(t, s.Client().Get("/?week=2027-W01").Body, "Nieuwjaarsborrel")
		if r := s.Client().Get("/?week=2027-W53"); r.Status != 404 {
			t.Errorf("2027 has no week 53: got %d", r.Status)
		}
	})
}

func TestWeekBoundaries(t *testing.T) {
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	// Monday 00:10 in Amsterdam is still Sunday in UTC, but belongs to the new week.
	w := models.WeekOf(time.Date(2026, 11, 29, 23, 10, 0, 0, time.UTC), ams)
	if w.String() != "2026-W49" {
		t.Errorf("Monday 00:10 local: got %s, want 2026-W49", w)
	}
	if w := models.WeekOf(time.Date(2027, 1, 3, 12, 0, 0, 0, ams), ams); w.String() != "2026-W53" {
		t.Errorf("3 January 2027: got %s, want 2026-W53", w)
	}
	// The week with the October clock change is 169 hours long and starts at local midnight.
	w43, _ := models.ParseWeek("2026-W43", ams)
	if d := w43.End().Sub(w43.Start()); d != 169*time.Hour {
		t.Errorf("week 43 of 2026 lasts %v, want 169h", d)
	}
	if got := w43.Start().Format("2006-01-02 15:04 MST"); got != "2026-10-19 00:00 CEST" {
		t.Errorf("week 43 starts %s", got)
	}
	w13, _ := models.ParseWeek("2027-W12", ams)
	if d := w13.End().Sub(w13.Start()); d != 167*time.Hour {
		t.Errorf("week 12 of 2027 lasts %v, want 167h", d)
	}
	for _, bad := range []string{"2026-W54", "2026-W00", "2026W48", "2026-W4", "abc"} {
		if _, err := models.ParseWeek(bad, ams); err == nil {
			t.Errorf("ParseWeek(%q) accepted", bad)
		}
	}
}

func TestICalFeed(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		id, lead := s.Activity(coordinator, "Taalcafé Zoë", "12")
		manage := fmt.Sprintf("/activiteiten/%d/deelnemers", id)
		lead.Get(manage)
		var sess models.Session
		s.DB.Where("activity_id = ? AND date = ?", id, "2026-12-08").Take(&sess)
		lead.Submit(manage, fmt.Sprintf("/sessies/%d/annuleren", sess.ID), apptest.Form("note", "Sinterklaas"))

		for _, path := range []string{"/programme.ics", fmt.Sprintf("/activiteiten/%d/agenda.ics", id), "/centra/ons-huis-van-de-wijk/programme.ics"} {
			r := s.Client().Get(path)
			if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/calendar") {
				t.Fatalf("%s: %d %s", path, r.Status, r.Header.Get("Content-Type"))
			}
			if !strings.Contains(r.Body, "\r\n") || strings.Contains(strings.ReplaceAll(r.Body, "\r\n", ""), "\n") {
				t.Errorf("%s: lines must end in CRLF", path)
			}
			cal, err := ics.ParseCalendar(strings.NewReader(r.Body))
			if err != nil {
				t.Fatalf("%s: parse: %v", path, err)
			}
			if len(cal.Timezones()) != 1 {
				t.Errorf("%s: want one VTIMEZONE, got %d", path, len(cal.Timezones()))
			}
			var found, cancelled bool
			for _, ev := range cal.Events() {
				start, err := ev.GetStartAt()
				if err != nil {
					t.Fatalf("%s: event start: %v", path, err)
				}
				if ev.Id() == fmt.Sprintf("activiteit-%d-2026-12-01@127.0.0.1", id) {
					found = true
					if !start.Equal(time.Date(2026, 12, 1, 13, 0, 0, 0, time.UTC)) {
						t.Errorf("1 December starts %v, want 14:00 Amsterdam", start)
					}
					if p := ev.GetProperty(ics.ComponentPropertyDtStart); p.ICalParameters["TZID"][0] != "Europe/Amsterdam" {
						t.Errorf("DTSTART has no TZID Europe/Amsterdam: %v", p.ICalParameters)
					}
					if ev.GetProperty(ics.ComponentPropertySummary).Value != "Taalcafé Zoë" {
						t.Errorf("summary: %q", ev.GetProperty(ics.ComponentPropertySummary).Value)
					}
				}
				if strings.HasSuffix(ev.Id(), "-2026-12-08@127.0.0.1") {
					cancelled = ev.GetProperty(ics.ComponentPropertyStatus).Value == "CANCELLED"
				}
			}
			if !found || !cancelled {
				t.Errorf("%s: session of 1 December found %v, 8 December cancelled %v", path, found, cancelled)
			}
		}
		// UIDs stay the same in the next request (calendar apps update, not duplicate).
		a, b := s.Client().Get("/programme.ics").Body, s.Client().Get("/programme.ics").Body
		uids := func(s string) string {
			var out []string
			for _, l := range strings.Split(s, "\r\n") {
				if strings.HasPrefix(l, "UID:") {
					out = append(out, l)
				}
			}
			return strings.Join(out, ",")
		}
		if uids(a) == "" || uids(a) != uids(b) {
			t.Error("UIDs differ between two requests")
		}
		if r := s.Client().Get("/centra/bestaat-niet/programme.ics"); r.Status != 404 {
			t.Errorf("feed of unknown centre: %d", r.Status)
		}
	})
}

func TestRoomsPage(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		r := coordinator.Submit("/coordinator/ruimtes", "/coordinator/ruimtes", apptest.Form("name", "keuken", "capacity", "16"))
		if r.Status != 303 {
			t.Fatalf("add room: %d\n%s", r.Status, r.Body)
		}
		r = coordinator.Submit("/coordinator/ruimtes", "/coordinator/ruimtes", apptest.Form("name", "keuken", "capacity", "x"))
		if r.Status != 422 {
			t.Fatalf("duplicate room: %d", r.Status)
		}
		apptest.Contains(t, r.Body, "Vul een geldig getal in.")
		r = coordinator.PostWithToken("/coordinator/ruimtes", apptest.Form("name", "keuken", "capacity", "10"))
		apptest.Contains(t, r.Body, "Er is al een ruimte met deze naam.")
		rooms, _ := models.RoomsOfCentre(s.DB, 1)
		if len(rooms) != 1 || rooms[0].Capacity != 16 {
			t.Errorf("rooms: %+v", rooms)
		}
		// A mistake while changing a listed room is shown with that room, input kept.
		edit := fmt.Sprintf("/coordinator/ruimtes/%d", rooms[0].ID)
		r = coordinator.Submit("/coordinator/ruimtes", edit, apptest.Form("name", "grote keuken", "capacity", "veel"))
		if r.Status != 422 {
			t.Fatalf("room change with a wrong number: %d", r.Status)
		}
		apptest.Contains(t, r.Body, "Ruimte „keuken” wijzigen", `action="`+edit+`"`, `value="grote keuken"`, `value="veel"`, "Vul een geldig getal in.")
		apptest.NotContains(t, r.Body, "Ruimte toevoegen")
		r = coordinator.PostWithToken(edit, apptest.Form("name", "grote keuken", "capacity", "20"))
		if r.Status != 303 {
			t.Fatalf("room change: %d", r.Status)
		}
		if rooms, _ = models.RoomsOfCentre(s.DB, 1); rooms[0].Name != "grote keuken" || rooms[0].Capacity != 20 {
			t.Errorf("changed room: %+v", rooms[0])
		}
		if r := coordinator.PostWithToken("/coordinator/ruimtes/999", apptest.Form("name", "kelder")); r.Status != 404 {
			t.Errorf("changing a room that does not exist: %d", r.Status)
		}
		resident := s.Register("Zoë de Vries", "zoe@example.nl")
		if r := resident.Get("/coordinator/ruimtes"); r.Status != 403 {
			t.Errorf("resident on rooms page: %d", r.Status)
		}
	})
}

// Sessions that are over say so: a past day in the programme shows "Geweest" instead of
// places left, and today's session that has ended needs no volunteers any more.
func TestSessionsThatAreOver(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup() // the clock: Thursday 26 November 2026, 10:00 in Oss
		s.Activity(coordinator, "Maandagkoffie", "8", "weekdays", "1", "start_time", "10:00", "end_time", "11:00", "first_date", "2026-11-23")
		early, _ := s.Activity(coordinator, "Vroege wandeling", "8", "weekdays", "4", "start_time", "08:00", "end_time", "09:00", "first_date", "2026-11-26")
		late, _ := s.Activity(coordinator, "Middagles", "8", "weekdays", "4", "start_time", "14:00", "end_time", "15:00", "first_date", "2026-11-26")
		body := s.Client().Get("/").Body
		mon := body[strings.Index(body, `id="day-2026-11-23"`):strings.Index(body, `id="day-2026-11-24"`)]
		apptest.Contains(t, mon, "Maandagkoffie", "Geweest")
		apptest.NotContains(t, mon, "plekken vrij")
		today := body[strings.Index(body, `id="day-2026-11-26"`):strings.Index(body, `id="day-2026-11-27"`)]
		apptest.Contains(t, today[strings.Index(today, "Vroege wandeling"):strings.Index(today, "Middagles")], "Geweest") // 08:00–09:00
		apptest.Contains(t, today[strings.Index(today, "Middagles"):], "Nog 8 plekken vrij")
		next := s.Client().Get("/?week=2026-W49").Body
		apptest.Contains(t, next, "Maandagkoffie", "Nog 8 plekken vrij")
		apptest.NotContains(t, next, "Geweest")

		for _, id := range []int64{early, late} {
			if err := models.AddRole(s.DB, &models.VolunteerRole{ActivityID: id, Name: "gids", PerSession: 1}); err != nil {
				t.Fatal(err)
			}
		}
		staffing := coordinator.Get("/coordinator/bezetting").Body
		apptest.Contains(t, staffing, "donderdag 26 november, 14:00", "donderdag 3 december, 08:00")
		apptest.Contains(t, staffing, `data-label="Nog nodig">1 van de 1</td>`)
		apptest.NotContains(t, staffing, "donderdag 26 november, 08:00")

		// At the door, the check-in form offers the sessions still to come today.
		centre, _ := models.DefaultCentre(s.DB)
		door := s.Client().Get("/checkin/" + centre.DoorCode).Body
		apptest.Contains(t, door, "Middagles")
		apptest.NotContains(t, door, "Vroege wandeling")
	})
}
