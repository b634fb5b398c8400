package e2e

import (
	"testing"
)

// impact: the coordinator keeps what the impact report adds (the themes' dimensions,
// the wijkbudget, a story, a paper health check), a resident on a phone takes part in
// the health check from Mijn pagina, and the report opens with the five goals.
func (w *week) impact(t *testing.T) {
	carla := w.coordinator
	carla.open(t, "/coordinator", 200)
	carla.press(t, carla.tile(t, "Thema's en Positieve Gezondheid"), 200)
	carla.sees(t, "h1", "Thema's en Positieve Gezondheid")
	carla.tick(t, "f-dim_8-participation")
	carla.press(t, carla.button(t, "Opslaan"), 200)
	carla.sees(t, ".flash", "De dimensies per thema zijn opgeslagen.")

	carla.open(t, "/coordinator", 200)
	carla.press(t, carla.tile(t, "Wijkbudget"), 200)
	carla.sees(t, "h1", "Wijkbudget 2026")
	carla.choose(t, "#f-line_kind", "Ruimte en faciliteiten")
	carla.typeIn(t, "#f-line_label", "Huur huiskamer")
	carla.typeIn(t, "#f-line_amount", "veel")
	carla.press(t, carla.button(t, "Budgetregel toevoegen"), 422)
	carla.sees(t, ".error-summary", "Bedrag")
	carla.replace(t, "#f-line_amount", "1.200,00")
	carla.press(t, carla.button(t, "Budgetregel toevoegen"), 200)
	carla.sees(t, ".flash", "Het budget is bijgewerkt.")
	carla.typeIn(t, "#f-cost_description", "Huur november")
	carla.typeIn(t, "#f-cost_amount", "100")
	carla.tick(t, "f-cost_paid")
	carla.press(t, carla.button(t, "Andere kosten toevoegen"), 200)
	carla.sees(t, "main", "€ 100,00 betaald op")
	carla.screenshot(t, "k-budget")
	// Changing the entry and asking to delete: the line with an entry cannot go, the
	// entry stays when the coordinator says no.
	carla.press(t, carla.link(t, "Huur november wijzigen"), 200)
	carla.sees(t, "h1", "Huur november wijzigen")
	carla.replace(t, "#f-entry_amount", "")
	carla.press(t, carla.button(t, "Post opslaan"), 422)
	carla.sees(t, ".error-summary", "Toegezegd bedrag")
	carla.replace(t, "#f-entry_amount", "100,00")
	carla.press(t, carla.button(t, "Post opslaan"), 200)
	carla.sees(t, ".flash", "Het budget is bijgewerkt.")
	carla.press(t, carla.link(t, "Huur november wijzigen"), 200)
	carla.press(t, carla.link(t, "Post verwijderen"), 200)
	carla.sees(t, "h1", "Huur november verwijderen?")
	carla.press(t, carla.link(t, "Nee, niet verwijderen"), 200)
	carla.press(t, carla.link(t, "Huur huiskamer wijzigen"), 200)
	carla.press(t, carla.button(t, "Budgetregel opslaan"), 200)
	carla.press(t, carla.link(t, "Huur huiskamer wijzigen"), 200)
	carla.press(t, carla.link(t, "Budgetregel verwijderen"), 200)
	carla.sees(t, "main", "Er staat nog 1 post op deze regel.")
	carla.press(t, carla.link(t, "Terug"), 200)
	carla.sees(t, "main", "€ 100,00 betaald op")

	carla.open(t, "/coordinator", 200)
	carla.press(t, carla.tile(t, "Verhalen"), 200)
	carla.typeIn(t, "#f-text", "Ayşe zegt: ik heb de GGZ niet meer nodig.")
	carla.tick(t, "f-themes-meeting")
	carla.tick(t, "f-consent_how-spoken")
	carla.setValue(t, "#f-consent_on", "2026-11-20")
	carla.tick(t, "f-consent")
	carla.tick(t, "f-publishable")
	carla.press(t, carla.button(t, "Verhaal opslaan"), 422)
	carla.sees(t, ".notice", "Gevonden: Ayşe")
	carla.replace(t, "#f-text", "Een vrijwilliger zegt: ik heb de GGZ niet meer nodig.")
	carla.press(t, carla.button(t, "Verhaal opslaan"), 200)
	carla.sees(t, ".flash", "Het verhaal is opgeslagen.")
	carla.press(t, carla.link(t, "Wijzigen"), 200)
	carla.sees(t, "h1", "Verhaal wijzigen")
	carla.press(t, carla.button(t, "Wijzigingen opslaan"), 200)
	carla.sees(t, ".flash", "Het verhaal is opgeslagen.")
	carla.press(t, carla.link(t, "Verwijderen"), 200)
	carla.sees(t, "h1", "Dit verhaal verwijderen?")
	carla.press(t, carla.link(t, "Nee, niet verwijderen"), 200)
	carla.sees(t, "main", "Een vrijwilliger zegt: ik heb de GGZ niet meer nodig.")

	carla.open(t, "/coordinator", 200)
	carla.press(t, carla.tile(t, "Gezondheidscheck"), 200)
	carla.setValue(t, "#f-date", "2026-11-20")
	for i, v := range []string{"7", "6", "8", "5", "6", "7"} {
		carla.typeIn(t, "#f-score_"+string(rune('1'+i)), v)
	}
	carla.tick(t, "f-paper_consent")
	carla.tick(t, "f-paper_interval")
	carla.press(t, carla.button(t, "Check opslaan"), 200)
	carla.sees(t, ".flash", "De antwoorden zijn opgeslagen.")

	noor := w.site.newPerson(t, "resident on a phone", phone)
	w.signUp(t, noor, "Noor de Wit", "noor.dewit@example.nl")
	noor.open(t, "/mijn-activiteiten", 200)
	noor.press(t, noor.link(t, "Mijn gezondheid"), 200)
	noor.sees(t, "h2", "Doe je mee met de gezondheidscheck?")
	noor.press(t, noor.button(t, "Meedoen"), 422)
	noor.sees(t, ".error-summary", "Meedoen")
	noor.tick(t, "f-health_consent")
	noor.press(t, noor.button(t, "Meedoen"), 200)
	for i, v := range []string{"7", "6", "8", "7", "5", "9"} {
		noor.tick(t, "f-score_"+string(rune('1'+i))+"-"+v)
	}
	noor.screenshot(t, "k-health-check")
	noor.press(t, noor.button(t, "Versturen"), 200)
	noor.sees(t, "main", "Je vulde de check in op")
	noor.screenshot(t, "k-health-done")

	carla.open(t, "/rapport?periode=2026-11", 200)
	carla.sees(t, "#r-goals + p + h3", "1. Meer collectieve betrokkenheid van bewoners")
	carla.sees(t, "main", "Positieve Gezondheid: bereik per dimensie", "Een vrijwilliger zegt: ik heb de GGZ niet meer nodig.", "€ 100,00")
	carla.screenshot(t, "k-report")
	report := w.site.newPerson(t, "partner on a phone", phone)
	w.signUp(t, report, "Gemeente Oss", "gemeente.e2e@example.nl")
	if err := w.site.DB.Exec("UPDATE users SET role = 'partner' WHERE email = ?", "gemeente.e2e@example.nl").Error; err != nil {
		t.Fatal(err)
	}
	if err := w.site.DB.Exec("INSERT INTO centre_partners (centre_id, user_id) SELECT MIN(c.id), MIN(u.id) FROM centres c, users u WHERE u.email = ?", "gemeente.e2e@example.nl").Error; err != nil {
		t.Fatal(err)
	}
	report.open(t, "/rapport?periode=2026-11", 200)
	report.sees(t, "main", "De vijf doelen")
	report.screenshot(t, "k-report-phone")
	report.open(t, "/coordinator/budget", 403)
}
