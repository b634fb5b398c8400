package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// k. The coordinator, on a phone (360 px) with JavaScript off, changes the activity's
// schedule: a fifth Tuesday first ("Toon de data" names the months without one), then
// every first Saturday; a wrong own date comes back with its message and the input
// kept; she saves, and moves one session to another day. At 1280 px the preview is
// looked at too.
func (w *week) scheduleEditor(t *testing.T) {
	carla := w.site.newPerson(t, "Carla on her phone (JavaScript off)", phone)
	carla.disableScript(t)
	carla.open(t, "/inloggen", 200)
	carla.typeIn(t, "#f-login", "carla@example.nl")
	carla.typeIn(t, "#f-password", password)
	carla.press(t, carla.button(t, "Inloggen"), 200)
	carla.open(t, w.activity+"/deelnemers", 200)
	carla.press(t, carla.link(t, "Rooster, ruimte of plaatsen wijzigen"), 200)
	carla.sees(t, "h1", "Samen koken")

	carla.tick(t, "f-recurrence-monthly_weekday")
	carla.choose(t, "#f-ordinal", "vijfde")
	carla.choose(t, "#f-month_weekday", "dinsdag")
	carla.press(t, carla.button(t, "Toon de data"), 200)
	carla.sees(t, ".schedule-preview", "De volgende 8 data", "dinsdag 29 december 2026, 14:00–",
		"maanden hebben geen zo’n dag en slaan we over: januari 2027, februari 2027, april 2027, mei 2027", "Nog niet bewaard")
	if !run(t, carla, "read the kind", chromedp.JavascriptAttribute[bool](chromedp.CSS("#f-recurrence-monthly_weekday"), "checked")) {
		t.Errorf("the preview forgot the chosen kind")
	}
	carla.screenshot(t, "k-preview-fifth-tuesday-360")

	carla.choose(t, "#f-ordinal", "eerste")
	carla.choose(t, "#f-month_weekday", "zaterdag")
	carla.press(t, carla.button(t, "Toon de data"), 200)
	carla.sees(t, ".preview-dates", "zaterdag 5 december 2026, 14:00–", "zaterdag 2 januari 2027, 14:00–")

	carla.tick(t, "f-recurrence-dates")
	carla.typeIn(t, "#f-dates", "5-12-2026\n31-02-2027")
	carla.press(t, carla.button(t, "Toon de data"), 422)
	carla.sees(t, "#f-dates-error", "Eén van de data klopt niet")
	if got := run(t, carla, "read the dates", chromedp.Value(chromedp.CSS("#f-dates"))); got != "5-12-2026\n31-02-2027" {
		t.Errorf("the dates came back as %q", got)
	}
	carla.screenshot(t, "k-wrong-date-360")

	carla.tick(t, "f-recurrence-monthly_weekday")
	carla.press(t, carla.button(t, "Opslaan"), 200)
	carla.sees(t, ".flash", "Het rooster is opgeslagen.")
	carla.press(t, carla.link(t, "Verplaatsen"), 200)
	carla.sees(t, "h1", "één keer verplaatsen")
	carla.setValue(t, "#f-date", "2026-12-06")
	carla.press(t, carla.button(t, "Verplaatsen"), 200)
	carla.sees(t, ".flash", "Deze keer is verplaatst.")
	carla.sees(t, "main", "zondag 6 december 2026", "Verplaatst: dit is niet de gewone dag of tijd.")
	carla.screenshot(t, "k-moved-360")

	desk := w.coordinator
	desk.open(t, w.activity+"/deelnemers", 200)
	desk.press(t, desk.link(t, "Rooster, ruimte of plaatsen wijzigen"), 200)
	desk.choose(t, "#f-ordinal", "laatste")
	desk.choose(t, "#f-month_weekday", "vrijdag")
	desk.press(t, desk.button(t, "Toon de data"), 200)
	desk.sees(t, ".preview-dates", "vrijdag 25 december 2026")
	desk.screenshot(t, "k-preview-1280")
}
