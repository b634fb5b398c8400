package e2e

import (
	"testing"

	"onshuis/models"
)

// m. A second huis van de wijk opens in Schadewijk. Anna, on her phone (360 px) and
// without an account, lives there: from the programme she goes to every centre, opens
// Schadewijk's own programme, says "Dit is mijn buurthuis", and from then on the home
// page shows Schadewijk first, with the others one tap away. When Schadewijk closes,
// its page says so.
func (w *week) chooseCentre(t *testing.T) {
	b := models.Centre{Name: "Huis van de Wijk Schadewijk", Slug: "schadewijk", Address: "Kruisstraat 1, Oss",
		TimeZone: models.DefaultTimeZone, DoorCode: models.NewDoorCode()}
	if err := w.site.DB.Create(&b).Error; err != nil {
		t.Fatal(err)
	}
	anna := w.site.newPerson(t, "Anna on her phone", phone)
	anna.open(t, "/", 200)
	anna.sees(t, ".programme-centre", "Ons Huis Ruwaard")
	anna.press(t, anna.link(t, "Kies een ander huis van de wijk"), 200)
	anna.sees(t, "h1", "Alle huizen van de wijk")
	anna.press(t, anna.link(t, "Huis van de Wijk Schadewijk"), 200)
	anna.sees(t, ".programme-centre", "Huis van de Wijk Schadewijk", "Kruisstraat 1, Oss")
	anna.press(t, anna.link(t, "Dit is mijn buurthuis"), 200)
	anna.sees(t, "h1", "Mijn buurthuis")
	anna.screenshot(t, "m-mijn-buurthuis-360")
	anna.press(t, anna.button(t, "Dit is mijn buurthuis"), 200)
	if got := anna.path(t); got != "/" {
		t.Errorf("after choosing, Anna is on %s, want /", got)
	}
	anna.sees(t, ".flash", "dit is nu je buurthuis")
	anna.sees(t, ".programme-centre", "Huis van de Wijk Schadewijk")
	anna.sees(t, ".brand", "Huis van de Wijk Schadewijk")
	anna.screenshot(t, "m-programma-schadewijk-360")
	// Another day: still Schadewijk; Ruwaard is one tap away, and chosen with one more.
	anna.open(t, "/", 200)
	anna.sees(t, ".programme-centre", "Huis van de Wijk Schadewijk")
	anna.press(t, anna.link(t, "Kies een ander huis van de wijk"), 200)
	anna.sees(t, "main", "Jouw buurthuis")
	anna.press(t, anna.button(t, "Dit is mijn buurthuis"), 200)
	anna.sees(t, ".programme-centre", "Ons Huis Ruwaard")
	// Schadewijk closes: its address says so and leads to the others.
	if err := models.SetCentreClosed(w.site.DB, b.ID, true, w.site.Config.Now()); err != nil {
		t.Fatal(err)
	}
	anna.open(t, "/centra/schadewijk", 410)
	anna.sees(t, "h1", "Huis van de Wijk Schadewijk is gesloten")
	anna.screenshot(t, "m-gesloten-360")
	anna.press(t, anna.link(t, "Alle huizen van de wijk"), 200)
	anna.sees(t, "h1", "Alle huizen van de wijk")
}
