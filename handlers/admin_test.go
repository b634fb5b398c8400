package handlers_test

import (
	"fmt"
	"strings"
	"testing"

	"onshuis/app/apptest"
	"onshuis/models"
)

// The administrator adds a centre (a taken web address and an unknown zone are said next
// to their fields, the input kept), renames it, names its coordinator, closes it, and
// gives a partner centres; a coordinator who is no administrator may not.
func TestAdminCentres(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		carla := s.Setup()
		s.Register("Bram Bakker", "bram@example.nl")
		s.Register("Gemeente Oss", "gemeente@example.nl")

		r := carla.Get("/beheer/centra")
		apptest.Contains(t, r.Body, "Ons Huis van de Wijk", `href="/beheer/centra"`)
		r = carla.Submit("/beheer/centra", "/beheer/centra", apptest.Form("name", "Schadewijk", "address", "Kruisstraat 1, Oss",
			"slug", "ons-huis-van-de-wijk", "time_zone", "Europe/Osss", "rooms", "zaal\nkeuken"))
		if r.Status != 422 {
			t.Fatalf("a taken slug and a bad zone: %d", r.Status)
		}
		apptest.Contains(t, r.Body, "Dit webadres is al in gebruik bij een ander centrum.", "Deze tijdzone kennen we niet.",
			`value="Kruisstraat 1, Oss"`, `value="Europe/Osss"`, "zaal\nkeuken</textarea>", `href="#f-slug"`)
		r = carla.Submit("/beheer/centra", "/beheer/centra", apptest.Form("name", "Schadewijk", "address", "Kruisstraat 1, Oss",
			"slug", "", "time_zone", "Europe/Amsterdam", "rooms", "zaal\nkeuken"))
		if r.Status != 303 {
			t.Fatalf("adding a centre: %d\n%s", r.Status, r.Body)
		}
		b, err := models.CentreBySlug(s.DB, "schadewijk")
		if err != nil || b == nil {
			t.Fatalf("the new centre: %v %v", b, err)
		}
		rooms, _ := models.RoomsOfCentre(s.DB, b.ID)
		if len(rooms) != 2 {
			t.Errorf("rooms of the new centre: %v", rooms)
		}
		edit := fmt.Sprintf("/beheer/centra/%d", b.ID)
		apptest.Contains(t, carla.Get("/beheer/centra").Body, `href="`+edit+`"`)
		r = carla.Submit(edit, edit, apptest.Form("name", "Huis van de Wijk Schadewijk", "address", "Kruisstraat 1, Oss",
			"slug", "schadewijk", "time_zone", "Europe/Amsterdam", "add_coordinator", "nobody@example.nl"))
		if r.Status != 422 {
			t.Fatalf("an unknown coordinator: %d", r.Status)
		}
		apptest.Contains(t, r.Body, "Er is geen account met dit e-mailadres of telefoonnummer.", `value="nobody@example.nl"`, `value="Huis van de Wijk Schadewijk"`)
		if r := carla.Submit(edit, edit, apptest.Form("name", "Huis van de Wijk Schadewijk", "address", "Kruisstraat 1, Oss",
			"slug", "schadewijk", "time_zone", "Europe/Amsterdam", "add_coordinator", "bram@example.nl")); r.Status != 303 {
			t.Fatalf("renaming and naming a coordinator: %d\n%s", r.Status, r.Body)
		}
		bram := s.Login("bram@example.nl")
		r = bram.Get("/coordinator/ruimtes")
		if r.Status != 200 {
			t.Fatalf("the new coordinator's rooms: %d", r.Status)
		}
		apptest.Contains(t, r.Body, "Huis van de Wijk Schadewijk", "keuken")
		if r := bram.Get("/beheer/centra"); r.Status != 403 {
			t.Errorf("a coordinator who is no administrator: %d", r.Status)
		}
		// Unticking him ends his coordinating.
		if r := carla.Submit(edit, edit, apptest.Form("name", "Huis van de Wijk Schadewijk", "slug", "schadewijk", "time_zone", "Europe/Amsterdam")); r.Status != 303 {
			t.Fatalf("unticking: %d", r.Status)
		}
		if r := bram.Get("/coordinator"); r.Status != 403 {
			t.Errorf("a coordinator of no centre: %d", r.Status)
		}

		// Partners.
		r = carla.Submit("/beheer/partners", "/beheer/partners", apptest.Form("login", "gemeente@example.nl"))
		if r.Status != 422 || !strings.Contains(r.Body, "Kies minstens één centrum.") || !strings.Contains(r.Body, `value="gemeente@example.nl"`) {
			t.Fatalf("a partner without a centre: %d", r.Status)
		}
		if r := carla.Submit("/beheer/partners", "/beheer/partners", apptest.Form("login", "gemeente@example.nl", "centre", fmt.Sprint(b.ID))); r.Status != 303 {
			t.Fatalf("adding a partner: %d", r.Status)
		}
		partner := s.Login("gemeente@example.nl")
		if r := partner.Get("/rapport"); r.Status != 200 || !strings.Contains(r.Body, "Huis van de Wijk Schadewijk") {
			t.Errorf("the partner's report: %d", r.Status)
		}

		// Closing, and opening again.
		if r := carla.Submit("/beheer/centra", edit+"/sluiten", nil); r.Status != 303 {
			t.Fatalf("closing: %d", r.Status)
		}
		apptest.Contains(t, carla.Get("/beheer/centra").Body, "gesloten", "Weer openen")
		if r := carla.Submit("/beheer/centra", edit+"/sluiten", apptest.Form("closed", "no")); r.Status != 303 {
			t.Fatalf("opening: %d", r.Status)
		}
		if c, _ := models.CentreByID(s.DB, b.ID); c.ClosedAt != nil {
			t.Error("the centre stayed closed")
		}
	})
}
