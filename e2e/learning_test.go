package e2e

import (
	"testing"
	"time"

	"onshuis/app/apptest"
	"onshuis/models"
)

// k. Leersessies and the trust path, on a phone (360 px). The coordinator opens
// "Leersessies: wat we leerden" from her page, writes what the last session learned
// (the form reminds her: no names) and finds it in the list. Bep, whose walking club
// held its sessions since October, sees on the proposal form that a new walking
// activity goes onto the programme directly, and publishes one; the coordinator finds
// it under "Direct gepubliceerd" with the trust section beside it.
func (w *week) learningAndTrust(t *testing.T) {
	db := w.site.DB
	var carlaID int64
	db.Raw("SELECT id FROM users WHERE email = ?", "carla@example.nl").Scan(&carlaID)
	centre, err := models.DefaultCentre(db)
	if err != nil {
		t.Fatal(err)
	}
	published := apptest.DefaultNow.AddDate(0, -2, 0)
	add := func(title, themes string, lead int64, sch models.Schedule) {
		a := models.Activity{CentreID: centre.ID, ProposerID: &lead, LeadID: &lead, Title: title, Want: "Samen leren.", Can: "Ik bereid het voor.",
			Themes: themes, Status: models.StatusApproved, PublishedAt: &published}
		a.SetSchedule(sch.Normalised())
		if err := db.Create(&a).Error; err != nil {
			t.Fatal(err)
		}
	}
	add("Leersessie wijkteam", models.ThemeLearning, carlaID, models.Schedule{Recurrence: models.RecurrenceWeekly, Interval: 2,
		Weekdays: models.WeekdayBit(time.Wednesday), StartTime: "08:00", EndTime: "09:00", FirstDate: "2026-11-11"})

	carla := w.site.newPerson(t, "Carla on her phone, leersessies", phone)
	carla.login(t, "carla@example.nl")
	carla.open(t, "/coordinator", 200)
	carla.press(t, carla.tile(t, "Leersessies: wat we leerden"), 200)
	carla.sees(t, "main", "Leersessie wijkteam", "woensdag 25 november 2026", "woensdag 11 november 2026", "Nog geen verslag")
	carla.press(t, carla.link(t, "Schrijf wat we leerden"), 200)
	carla.sees(t, "#no-names", "Schrijf geen namen van bewoners op")
	carla.typeIn(t, "#f-learned", "Huisarts en welzijn spreken een vast inloopuur af in de huiskamer.")
	carla.press(t, carla.button(t, "Verslag opslaan"), 200)
	carla.sees(t, ".flash", "Het verslag is opgeslagen.")
	carla.sees(t, "main", "Huisarts en welzijn spreken een vast inloopuur af")
	carla.screenshot(t, "k-leersessies-360")

	// Bep's walking club: Mondays since 5 October, so seven sessions held.
	h := harness(t, w.site)
	h.Register("Bep Smits", "bep@example.nl")
	var bep int64
	db.Raw("SELECT id FROM users WHERE email = ?", "bep@example.nl").Scan(&bep)
	add("Wandelclub", "moving", bep, models.Schedule{Recurrence: models.RecurrenceWeekly, Weekdays: models.WeekdayBit(time.Monday),
		StartTime: "07:00", EndTime: "08:00", FirstDate: "2026-10-05", LastDate: "2026-11-16"})
	p := w.site.newPerson(t, "Bep on her phone", phone)
	p.login(t, "bep@example.nl")
	p.open(t, "/voorstellen/nieuw", 200)
	p.sees(t, "#trust-notice", "Je kunt dit direct publiceren", "Bewegen")
	p.typeIn(t, "#f-title", "Ommetje in het park")
	p.typeIn(t, "#f-want", "Samen een half uurtje wandelen in het park.")
	p.typeIn(t, "#f-can", "Ik loop voorop en wacht op iedereen.")
	p.tick(t, "theme-moving")
	p.choose(t, "#f-room_id", "Huiskamer (40)")
	p.tick(t, "wd-4")
	p.setValue(t, "#f-start_time", "07:00")
	p.setValue(t, "#f-end_time", "07:45")
	p.setValue(t, "#f-first_date", "2026-12-03")
	p.press(t, p.button(t, "Toon de data"), 200)
	p.sees(t, ".schedule-preview", "donderdag 3 december 2026, 07:00–07:45")
	p.press(t, p.button(t, "Direct publiceren"), 200)
	p.sees(t, ".flash", "Je activiteit staat in het programma.")
	p.sees(t, "h1", "Ommetje in het park")
	p.screenshot(t, "k-direct-gepubliceerd-360")

	carla.open(t, "/coordinator/voorstellen", 200)
	carla.press(t, carla.link(t, "Direct gepubliceerd (1)"), 200)
	carla.press(t, carla.link(t, "Ommetje in het park"), 200)
	carla.sees(t, "main", "Direct gepubliceerd door de bewoner (vertrouwen)", "Bewegen (7)", "Vertrouwen intrekken")
	carla.screenshot(t, "k-review-direct-360")
}
