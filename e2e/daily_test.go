package e2e

import (
	"fmt"
	"strings"
	"testing"

	"onshuis/models"
)

// l. At the end of the first week Carla, on her phone (360 px), finishes the first-run
// checklist from her home page: what the week did is ticked off by itself (the room,
// the approved activity, the check-in at the door); she prints the door poster and makes
// Ayşe a second coordinator through the steps' own links, and the list goes. Then she
// enters the Sunday sjoelclub straight onto the programme and puts a man without an
// account on its list.
func (w *week) firstRunChecklist(t *testing.T) {
	carla := w.site.newPerson(t, "Carla on her phone", phone)
	carla.open(t, "/inloggen", 200)
	carla.typeIn(t, "#f-login", "carla@example.nl")
	carla.typeIn(t, "#f-password", password)
	carla.press(t, carla.button(t, "Inloggen"), 200)
	carla.open(t, "/coordinator", 200)
	carla.sees(t, ".checklist", "Aan de slag", "3 van de 5 gedaan.")
	carla.sees(t, ".checklist-step--done", "Ruimtes toevoegen")
	carla.screenshot(t, "l-checklist-360")

	carla.press(t, carla.link(t, "De deurposter printen"), 200)
	if poster := carla.fetchLink(t, `a[href="/coordinator/deur/poster.pdf"]`); poster.Type != "application/pdf" {
		t.Errorf("the poster came as %q", poster.Type)
	}
	carla.open(t, "/coordinator", 200)
	carla.sees(t, ".checklist", "4 van de 5 gedaan.")

	carla.press(t, carla.link(t, "Een tweede coördinator uitnodigen"), 200)
	carla.typeIn(t, "#f-q", "Ayşe")
	carla.press(t, carla.button(t, "Zoeken"), 200)
	ayse, err := models.UserByLogin(w.site.DB, "ayse@example.nl")
	if err != nil || ayse == nil {
		t.Fatalf("Ayşe's account: %v", err)
	}
	carla.choose(t, fmt.Sprintf("#role-%d", ayse.ID), "coördinator")
	carla.press(t, carla.button(t, "Wijzigen"), 200)
	carla.open(t, "/coordinator", 200)
	if text := carla.mainText(t); strings.Contains(text, "Aan de slag") {
		t.Errorf("the checklist stays when every step is done:\n%s", text)
	}
	carla.sees(t, "main", "Huiskamer")
	carla.screenshot(t, "l-checklist-done-360")

	// Direct entry: the proposal's questions, short answers, and the schedule editor.
	carla.press(t, carla.tile(t, "Een activiteit invoeren"), 200)
	carla.typeIn(t, "#f-title", "Sjoelclub")
	carla.typeIn(t, "#f-want", "Sjoelen.")
	carla.typeIn(t, "#f-can", "De bak staat er.")
	carla.choose(t, "#f-room_id", "Huiskamer (40)")
	carla.replace(t, "#f-capacity", "8")
	carla.tick(t, "wd-0")
	carla.setValue(t, "#f-start_time", "10:00")
	carla.setValue(t, "#f-end_time", "11:30")
	carla.press(t, carla.button(t, "Toon de data"), 200)
	carla.sees(t, ".preview-dates", "zondag")
	carla.screenshot(t, "l-entry-preview-360")
	carla.press(t, carla.button(t, "Op het programma zetten"), 200)
	carla.sees(t, ".flash", "De activiteit staat in het programma.")
	carla.sees(t, "h1", "Sjoelclub")
	entered := carla.path(t)

	// Someone without an account on its list.
	carla.open(t, entered+"/deelnemers", 200)
	carla.typeIn(t, "#f-guest_name", "Gerrit de Boer")
	carla.typeIn(t, "#f-guest_phone", "06 3333 4444")
	carla.press(t, carla.button(t, "Op de lijst zetten"), 200)
	carla.sees(t, ".flash", "Op de lijst gezet.")
	carla.sees(t, "main", "Gerrit de Boer", "zonder account", "06 33334444")
	carla.screenshot(t, "l-guest-360")
}
