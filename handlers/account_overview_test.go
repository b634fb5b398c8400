package handlers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"strconv"
	"strings"
	"testing"
	"time"

	"onshuis/app/apptest"
	"onshuis/models"
)

// jsonLeaves lists every value of a decoded JSON document with its path; nulls are
// left out (the page shows "—" for them).
func jsonLeaves(path string, v any, out map[string]string) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			jsonLeaves(path+"."+k, x, out)
		}
	case []any:
		for i, x := range v {
			jsonLeaves(fmt.Sprintf("%s[%d]", path, i), x, out)
		}
	case string:
		out[path] = v
	case float64:
		out[path] = strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		out[path] = strconv.FormatBool(v)
	}
}

// The readable page of Mijn gegevens shows the same data as the JSON download: every
// field of the download, of someone who did a bit of everything (joined, proposed,
// volunteers with a shift, hours and a need, skipped a date, checked in, gave and
// withdrew consents), is on the page, as text or as the stored value of a <data> or
// <time> element (times in UTC); the page is reached through its link.
func TestDataOverviewShowsEveryField(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		id, _ := s.Activity(coordinator, "Kaartclub", "1", "first_date", "2026-11-03")
		page := fmt.Sprintf("/activiteiten/%d", id)
		truus := s.Register("Truus Janssen", "truus@example.nl")
		truus.Submit("/mijn-gegevens", "/mijn-gegevens", apptest.Form("name", "Truus Janssen", "email", "truus@example.nl", "phone", "06 12345678"))
		truus.Submit(page, page+"/aanmelden", nil)
		role := models.VolunteerRole{ActivityID: id, Name: "gastvrouw", PerSession: 1}
		models.AddRole(s.DB, &role)
		s.Volunteer(truus, []string{"hosting", "cooking"}, []string{"nl", "tr"}, models.AvailabilityBit(time.Tuesday, models.Afternoon))
		u, _ := models.UserByLogin(s.DB, "truus@example.nl")
		s.DB.Create(&models.VolunteerNeed{UserID: u.ID, Kind: "travel", Description: "Buskaart", Status: models.NeedOpen})
		truus.Submit(page+"/vrijwilligers", fmt.Sprintf("/rollen/%d/aanmelden", role.ID), apptest.Form("session", "every"))
		centre, _ := models.DefaultCentre(s.DB)
		truus.Submit("/checkin/"+centre.DoorCode, "/checkin/"+centre.DoorCode, nil)
		truus.Submit("/centra", "/centra/"+centre.Slug+"/mijn-buurthuis", nil) // her own centre
		s.Propose(truus, "Breiclub")
		a, _ := models.ActivityByID(s.DB, id)
		ams := centre.Location()
		sessions, err := models.SessionsOf(s.DB, []models.Activity{*a}, time.Date(2026, 11, 1, 0, 0, 0, 0, ams), time.Date(2026, 12, 31, 0, 0, 0, 0, ams), ams)
		if err != nil || len(sessions) < 6 {
			t.Fatalf("sessions: %d %v", len(sessions), err)
		}
		models.ConfirmHours(s.DB, sessions[0].ID, 1, []models.HoursEntry{{RoleID: &role.ID, UserID: u.ID, Present: true, Minutes: 135}})
		if err := models.SkipParticipation(s.DB, sessions[5].ID, u.ID, s.Clock.Now()); err != nil {
			t.Fatal(err)
		}
		s.Clock.Add(time.Hour)
		truus.Submit("/mijn-gegevens", "/mijn-gegevens/berichten", apptest.Form("kind_reminder", "on"))
		s.Clock.Add(time.Hour)
		truus.Submit("/mijn-gegevens", "/mijn-gegevens/toestemming-intrekken", apptest.Form("topic", "reminders"))
		// A message (a session called off, on the call list as well), the health check,
		// and the coordinator keeping her account.
		manage := page + "/deelnemers"
		coordinator.Get(manage)
		if r := coordinator.Submit(manage, fmt.Sprintf("/sessies/%d/annuleren", sessions[4].ID), apptest.Form("note", "ziek")); r.Status != 303 {
			t.Fatalf("cancel: %d", r.Status)
		}
		if _, err := s.Sender.SendDue(context.Background()); err != nil {
			t.Fatal(err)
		}
		truus.Get("/mijn-activiteiten") // seen
		truus.Submit("/mijn-gezondheid", "/mijn-gezondheid/toestemming", apptest.Form("health_consent", "on"))
		if r := truus.Submit("/mijn-gezondheid", "/mijn-gezondheid", healthAnswers); r.Status != 303 {
			t.Fatalf("health check: %d", r.Status)
		}
		coordinator.Get("/coordinator/binnenkort-verwijderd")
		if r := coordinator.PostWithToken(fmt.Sprintf("/coordinator/binnenkort-verwijderd/%d/bewaren", u.ID), apptest.Form("reason", "Komt in het voorjaar terug")); r.Status != 303 {
			t.Fatalf("keep: %d", r.Status)
		}

		var doc map[string]any
		if err := json.Unmarshal([]byte(truus.Get("/mijn-gegevens/download").Body), &doc); err != nil {
			t.Fatal(err)
		}
		leaves := map[string]string{}
		jsonLeaves("", doc, leaves)
		for _, part := range []string{"participations", "proposals", "volunteer", "shifts", "volunteer_hours", "visits", "skipped_dates",
			"linked_devices", "consents", "message_preferences", "messages", "health_consent", "health_checks", "kept_from_removal"} {
			found := false
			for path := range leaves {
				found = found || strings.HasPrefix(path, "."+part)
			}
			if !found {
				t.Errorf("the fixture has nothing in %q of the download", part)
			}
		}

		overview := truus.Get(link(t, truus.Get("/mijn-gegevens").Body, "Bekijk mijn gegevens"))
		if overview.Status != 200 {
			t.Fatalf("overview: %d", overview.Status)
		}
		body := overview.Body
		text := html.UnescapeString(body)
		for path, v := range leaves {
			if when, err := time.Parse(time.RFC3339Nano, v); err == nil {
				v = when.UTC().Format(time.RFC3339)
			}
			if !strings.Contains(text, v) {
				t.Errorf("the overview lacks %s = %q", path, v)
			}
		}
		apptest.Contains(t, text, "Herinneringen de dag voor een activiteit", "Ingetrokken op", "dinsdag middag", "135 minuten",
			"een activiteit gaat niet door", "Kaartclub", "zelf, op Mijn pagina", "Mentaal welbevinden", "Komt in het voorjaar terug")
		// The coordinator's own overview names the centre and the administrator role.
		mine := html.UnescapeString(coordinator.Get("/mijn-gegevens/overzicht").Body)
		apptest.Contains(t, mine, "Ons Huis van de Wijk (<data value=\"coordinator\">", "<dt>Beheerder van het platform</dt><dd><data value=\"true\">ja</data>")
		for _, e := range apptest.ValidateHTML(t, []apptest.HTMLPage{{Name: "overview", Body: body}}) {
			t.Errorf("overview HTML: %s", e)
		}
	})
}
