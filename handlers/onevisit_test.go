package handlers_test

import (
	"encoding/json"
	"testing"
	"time"

	"onshuis/app/apptest"
	"onshuis/figures"
	"onshuis/models"
)

// One person, one visit a day per centre, whichever way they come in (issue 12,
// DESIGN.md §5): a phone that checked in anonymously and then by name, or the other way
// round, is one visit; after logging in on it, its anonymous check-ins count for the
// account on later days too, and the person is new only once.
func TestOnePersonOneVisitADay(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		s.Setup()
		code := doorCode(t, s)
		door := "/checkin/" + code
		checkIn := func(c *apptest.Client) {
			t.Helper()
			if r := c.Submit(door, door, nil); r.Status != 303 {
				t.Fatalf("check in: %d\n%s", r.Status, r.Body)
			}
		}
		centre, _ := models.DefaultCentre(s.DB)
		weekFigures := func() *figures.WeekFigures {
			t.Helper()
			f, err := figures.WeekFiguresOf(s.DB, centre, models.WeekOf(s.Clock.Now(), centre.Location()), s.Clock.Now())
			if err != nil {
				t.Fatal(err)
			}
			return f
		}
		s.Register("Truus Janssen", "truus@example.nl") // on her computer at home
		truus, _ := models.UserByLogin(s.DB, "truus@example.nl")

		// Thursday morning: her phone checks in anonymously; at noon she logs in on it
		// and checks in by name for the afternoon. One visit, hers by name.
		phone := s.Client()
		checkIn(phone)
		phone.Submit("/inloggen", "/inloggen", apptest.Form("login", "truus@example.nl", "password", apptest.Password))
		s.Clock.Add(3 * time.Hour)
		checkIn(phone)
		var visits []models.Visit
		s.DB.Order("id").Find(&visits)
		if len(visits) != 1 || visits[0].VisitorKey == nil || *visits[0].VisitorKey != models.UserVisitorKey(truus.ID) ||
			visits[0].UserID == nil || !visits[0].IsFirst {
			t.Fatalf("after checking in anonymously and by name on one phone: %+v", visits)
		}
		if f := weekFigures(); f.Visits != 1 || f.Unique != 1 || f.New != 1 {
			t.Errorf("Thursday: %d visits, %d unique, %d new; want 1, 1, 1", f.Visits, f.Unique, f.New)
		}

		// Friday: logged out on the phone she checks in anonymously, and by name at home
		// (another device): still one visit, and not new again.
		s.Clock.Add(24 * time.Hour)
		phone.Submit("/", "/uitloggen", nil)
		checkIn(phone)
		home := s.Login("truus@example.nl")
		checkIn(home)
		if f := weekFigures(); f.Visits != 2 || f.Unique != 1 || f.New != 1 {
			t.Errorf("Thursday and Friday: %d visits, %d unique, %d new; want 2, 1, 1", f.Visits, f.Unique, f.New)
		}

		// The other way round: Wim checks in by name on his phone first, logs out and
		// checks in again anonymously the same day. One visit.
		wim := s.Register("Wim Verhoeven", "wim@example.nl")
		checkIn(wim)
		wim.Submit("/", "/uitloggen", nil)
		checkIn(wim)
		// Someone else's phone, never logged in, is someone else.
		checkIn(s.Client())
		if f := weekFigures(); f.Visits != 4 || f.Unique != 3 || f.New != 3 {
			t.Errorf("with Wim and a stranger: %d visits, %d unique, %d new; want 4, 3, 3", f.Visits, f.Unique, f.New)
		}
		// A check-in without logging in stays without a name, unless the person also
		// checked in by name that day: only the stranger's is.
		var anonymous int64
		s.DB.Model(&models.Visit{}).Where("user_id IS NULL").Count(&anonymous)
		if anonymous != 1 {
			t.Errorf("visits without a name: %d, want 1 (the stranger's)", anonymous)
		}

		// Her data download names the two devices she logged in on.
		var export models.UserExport
		if err := json.Unmarshal([]byte(home.Get("/mijn-gegevens/download").Body), &export); err != nil || len(export.Devices) != 2 {
			t.Errorf("export: %d linked devices (%v), want 2", len(export.Devices), err)
		}
		// Deleting her account removes the link: the phone is nobody's any more.
		if r := home.Submit("/mijn-gegevens", "/mijn-gegevens/verwijderen", apptest.Form("confirm", "on", "password", apptest.Password)); r.Status != 303 {
			t.Fatalf("delete the account: %d", r.Status)
		}
		var links int64
		s.DB.Table("visitor_keys").Where("user_id = ?", truus.ID).Count(&links)
		if links != 0 {
			t.Errorf("after deleting the account %d device links are left", links)
		}
	})
}
