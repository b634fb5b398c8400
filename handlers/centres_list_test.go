package handlers_test

import (
	"fmt"
	"testing"
	"time"

	"onshuis/app/apptest"
	"onshuis/models"
)

// twoCentres sets up the default centre (A, coordinated by the returned Carla) and
// Schadewijk (B, coordinated by Bram, with a room and one published weekly activity
// "Fietsreparatie"), and a closed third centre. The clock is on Wednesday 2 December.
func twoCentres(t *testing.T, s *apptest.Server) (carla, bram *apptest.Client, centreB models.Centre) {
	t.Helper()
	carla = s.Setup()
	centreB = models.Centre{Name: "Huis van de Wijk Schadewijk", Slug: "schadewijk", Address: "Kruisstraat 1, Oss",
		TimeZone: models.DefaultTimeZone, DoorCode: models.NewDoorCode()}
	if err := s.DB.Create(&centreB).Error; err != nil {
		t.Fatal(err)
	}
	closed := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	if err := s.DB.Create(&models.Centre{Name: "Huis van de Wijk Gesloten", Slug: "gesloten", TimeZone: models.DefaultTimeZone,
		DoorCode: models.NewDoorCode(), ClosedAt: &closed}).Error; err != nil {
		t.Fatal(err)
	}
	roomB := models.Room{CentreID: centreB.ID, Name: "fietsenwerkplaats", Capacity: 12}
	if err := models.SaveRoom(s.DB, &roomB); err != nil {
		t.Fatal(err)
	}
	s.Register("Bram Bakker", "bram@example.nl")
	bramUser, _ := models.UserByLogin(s.DB, "bram@example.nl")
	if err := models.SetCentreCoordinators(s.DB, centreB.ID, []int64{bramUser.ID}); err != nil {
		t.Fatal(err)
	}
	bram = s.Login("bram@example.nl")
	activityB := s.Propose(bram, "Fietsreparatie")
	if r := s.Approve(bram, activityB, "10", "room_id", fmt.Sprint(roomB.ID)); r.Status != 303 {
		t.Fatalf("approving at B: %d\n%s", r.Status, r.Body)
	}
	s.Clock.Set(time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC))
	return carla, bram, centreB
}

// /centra lists the open centres with their address and this week's number of
// activities; a visitor reaches it from the programme and goes on to a centre's own.
func TestCentresList(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		twoCentres(t, s)
		anon := s.Client()
		home := anon.Get("/")
		apptest.Contains(t, home.Body, `<a href="/centra">Andere huizen van de wijk</a>`, `<a href="/centra">Alle huizen van de wijk</a>`)
		r := anon.Get("/centra")
		if r.Status != 200 {
			t.Fatalf("/centra: %d", r.Status)
		}
		apptest.Contains(t, r.Body, "<h1>Alle huizen van de wijk</h1>", `<a href="/centra/ons-huis-van-de-wijk">Ons Huis van de Wijk</a>`,
			"Deze week 0 activiteiten", `<a href="/centra/schadewijk">Huis van de Wijk Schadewijk</a>`, "Kruisstraat 1, Oss", "Deze week 1 activiteit<")
		apptest.NotContains(t, r.Body, "Gesloten")
		apptest.Contains(t, anon.Get("/centra/schadewijk").Body, "Fietsreparatie")
	})
}
