package handlers_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"onshuis/app/apptest"
	"onshuis/models"
)

// reportCosts is what the report (page, PDF and the costs CSV) says was spent in
// November 2026, each as it reads there.
func reportCosts(t *testing.T, c *apptest.Client) (page, pdf, csv string) {
	t.Helper()
	report := c.Get("/rapport?periode=2026-11").Body
	m := regexp.MustCompile(`Uitgegeven in de periode</th><td>([^<]+)</td>`).FindStringSubmatch(report)
	if m == nil {
		t.Fatal("the report does not say what was spent")
	}
	text := pdfText(t, []byte(c.Get(link(t, report, "Download de rapportage (PDF)")).Body))
	pm := regexp.MustCompile(`Uitgegeven in de periode\s*(€ [0-9.,]+)`).FindStringSubmatch(text)
	if pm == nil {
		t.Fatal("the PDF does not say what was spent")
	}
	for _, row := range readCSV(t, c.Get(link(t, report, "Kosten")).Body) {
		if len(row) == 2 && row[0] == "uitgegeven in de periode" {
			csv = row[1]
		}
	}
	return m[1], pm[1], csv
}

// The wijkbudget's lines and entries are changed and deleted through the budget page's
// own links and buttons: a bad amount is refused next to its field with the input kept;
// deleting asks first; a line with entries is not deleted; a deleted need's entry makes
// the need wait for a line again; the report's page, PDF and CSV follow each change.
func TestBudgetChangeAndDelete(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		id, _ := s.Activity(coordinator, "Taalcafé", "10")
		need := models.Need{ActivityID: id, Kind: models.NeedMaterials, Description: "Woordenboeken", AmountCents: 4500, Status: models.NeedOpen}
		s.DB.Create(&need)
		if err := models.ArrangeNeed(s.DB, defaultCentreID(t, s), models.NeedOfActivity, need.ID); err != nil {
			t.Fatal(err)
		}
		for _, l := range [][]string{{"materials", "Materiaal", "500"}, {"other", "Reserve", "100"}} {
			coordinator.Submit("/coordinator/budget", "/coordinator/budget/regels", apptest.Form("year", "2026", "line_kind", l[0], "line_label", l[1], "line_amount", l[2]))
		}
		page := coordinator.Get("/coordinator/budget").Body
		coordinator.Submit("/coordinator/budget", fmt.Sprintf("/coordinator/budget/behoeften/%d", need.ID), apptest.Form("year", "2026",
			fmt.Sprintf("need_line_%d", need.ID), firstOption(t, page, fmt.Sprintf("need_line_%d", need.ID)), fmt.Sprintf("need_amount_%d", need.ID), "45,00"))

		// The line: a bad amount, then a new name and amount.
		edit := link(t, coordinator.Get("/coordinator/budget").Body, "Materiaal wijzigen")
		form := coordinator.Get(edit).Body
		apptest.Contains(t, form, `value="Materiaal"`, `value="500,00"`, `<option value="materials" selected>`)
		r := coordinator.PostWithToken(edit, apptest.Form("line_kind", "materials", "line_label", "Boeken", "line_amount", "veel"))
		if r.Status != 422 || !strings.Contains(r.Body, "Vul een bedrag in euro&#39;s in.") || !strings.Contains(r.Body, `value="Boeken"`) {
			t.Fatalf("a bad amount: %d", r.Status)
		}
		if r := coordinator.PostWithToken(edit, apptest.Form("line_kind", "materials", "line_label", "Boeken", "line_amount", "600")); r.Status != 303 || r.Location != "/coordinator/budget?jaar=2026" {
			t.Fatalf("changing the line: %d %s", r.Status, r.Location)
		}
		page = coordinator.Get("/coordinator/budget").Body
		apptest.Contains(t, page, "Boeken <span", "<td>€ 600,00</td><td>€ 45,00</td><td>€ 0,00</td><td>€ 555,00</td>")

		// A line with entries is not deleted: the page says why and has no button.
		ask := coordinator.Get(link(t, coordinator.Get(edit).Body, "Budgetregel verwijderen")).Body
		apptest.Contains(t, ask, "Er staat nog 1 post op deze regel.")
		apptest.NotContains(t, ask, `name="confirm"`)
		if r := coordinator.PostWithToken(edit+"/verwijderen", apptest.Form("confirm", "yes")); r.Status != 303 {
			t.Fatalf("deleting a line with entries: %d", r.Status)
		}
		if n := count(s, "budget_lines"); n != 2 {
			t.Fatalf("%d lines after deleting one with entries, want 2", n)
		}

		// The entry: paid, moved to the other line, then a bad date and a half payment.
		entry := link(t, page, "Woordenboeken wijzigen")
		form = coordinator.Get(entry).Body
		apptest.Contains(t, form, `value="Woordenboeken"`, `value="45,00"`, "Deze post is een geregelde behoefte van Taalcafé.")
		reserve := regexp.MustCompile(`<option value="(\d+)">Reserve</option>`).FindStringSubmatch(form)
		if reserve == nil {
			t.Fatal("the entry's form does not offer the other line")
		}
		r = coordinator.PostWithToken(entry, apptest.Form("entry_line", reserve[1], "entry_description", "Woordenboeken Arabisch", "entry_amount", "45,00",
			"entry_date", "2026-11-02", "entry_spent_amount", "40", "entry_spent_date", ""))
		if r.Status != 422 || !strings.Contains(r.Body, `id="f-entry_spent_date-error"`) || !strings.Contains(r.Body, `value="Woordenboeken Arabisch"`) {
			t.Fatalf("a payment without a date: %d", r.Status)
		}
		r = coordinator.PostWithToken(entry, apptest.Form("entry_line", reserve[1], "entry_description", "Woordenboeken Arabisch", "entry_amount", "45,00",
			"entry_date", "2026-11-02", "entry_spent_amount", "40", "entry_spent_date", "2027-01-01"))
		if r.Status != 422 || !strings.Contains(r.Body, "Deze datum ligt in de toekomst.") {
			t.Fatalf("a payment in the future: %d", r.Status)
		}
		r = coordinator.PostWithToken(entry, apptest.Form("entry_line", reserve[1], "entry_description", "Woordenboeken Arabisch", "entry_amount", "45,00",
			"entry_date", "2026-11-02", "entry_spent_amount", "40", "entry_spent_date", "2026-11-20"))
		if r.Status != 303 {
			t.Fatalf("changing the entry: %d", r.Status)
		}
		page = coordinator.Get("/coordinator/budget").Body
		apptest.Contains(t, page, "<td>€ 600,00</td><td>€ 0,00</td><td>€ 0,00</td><td>€ 600,00</td>",
			"<td>€ 100,00</td><td>€ 0,00</td><td>€ 40,00</td><td>€ 60,00</td>", "Woordenboeken Arabisch</strong> · Taalcafé · Reserve")
		if p, pdf, csv := reportCosts(t, coordinator); p != "€ 40,00" || pdf != "€ 40,00" || csv != "40,00" {
			t.Errorf("the report after changing the entry: page %s, PDF %s, CSV %s; want 40 euros", p, pdf, csv)
		}
		// Emptying both payment fields takes the payment back.
		coordinator.Get(entry)
		coordinator.PostWithToken(entry, apptest.Form("entry_line", reserve[1], "entry_description", "Woordenboeken Arabisch", "entry_amount", "45,00", "entry_date", "2026-11-02"))
		if p, pdf, csv := reportCosts(t, coordinator); p != "€ 0,00" || pdf != "€ 0,00" || csv != "0,00" {
			t.Errorf("the report after taking the payment back: page %s, PDF %s, CSV %s", p, pdf, csv)
		}
		coordinator.PostWithToken(entry, apptest.Form("entry_line", reserve[1], "entry_description", "Woordenboeken Arabisch", "entry_amount", "45,00",
			"entry_date", "2026-11-02", "entry_spent_amount", "40", "entry_spent_date", "2026-11-20"))

		// Deleting the entry asks first; "no" keeps it; the need waits for a line again.
		ask = coordinator.Get(link(t, coordinator.Get(entry).Body, "Post verwijderen")).Body
		apptest.Contains(t, ask, "Woordenboeken Arabisch verwijderen?", "De behoefte blijft geregeld")
		if back := link(t, ask, "Nee, niet verwijderen"); back != "/coordinator/budget?jaar=2026" {
			t.Errorf("keeping it goes to %s", back)
		}
		if r := coordinator.PostWithToken(entry+"/verwijderen", nil); r.Status != 303 || count(s, "budget_entries") != 1 {
			t.Fatalf("deleting without the confirmation: %d, %d entries", r.Status, count(s, "budget_entries"))
		}
		if r := press(t, coordinator, ask, "verwijderen?", "Post verwijderen"); r.Status != 303 || count(s, "budget_entries") != 0 {
			t.Fatalf("deleting the entry: %d, %d entries", r.Status, count(s, "budget_entries"))
		}
		page = coordinator.Get("/coordinator/budget").Body
		apptest.Contains(t, page, "De post is verwijderd.", "Taalcafé</strong>: Woordenboeken (€ 45,00)", "Nog niets toegezegd of betaald.")
		if p, pdf, csv := reportCosts(t, coordinator); p != "€ 0,00" || pdf != "€ 0,00" || csv != "0,00" {
			t.Errorf("the report after deleting the entry: page %s, PDF %s, CSV %s", p, pdf, csv)
		}

		// Now the line can go.
		ask = coordinator.Get(link(t, coordinator.Get(edit).Body, "Budgetregel verwijderen")).Body
		apptest.Contains(t, ask, "Budgetregel Boeken verwijderen?")
		if r := press(t, coordinator, ask, "verwijderen?", "Budgetregel verwijderen"); r.Status != 303 || count(s, "budget_lines") != 1 {
			t.Fatalf("deleting the line: %d, %d lines", r.Status, count(s, "budget_lines"))
		}
		apptest.NotContains(t, coordinator.Get("/coordinator/budget").Body, "Boeken")
		if r := coordinator.Get(edit); r.Status != 404 {
			t.Errorf("the deleted line: %d", r.Status)
		}
	})
}

// count is the number of rows in a table.
func count(s *apptest.Server, table string) (n int64) {
	s.DB.Table(table).Count(&n)
	return n
}

// A story is changed and deleted through the stories page's own links and buttons,
// with the same checks as a new one (consent, a known name); the report follows.
func TestStoryChangeAndDelete(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		s.Register("Ayşe Yılmaz", "ayse@example.nl")
		coordinator.Submit("/coordinator/verhalen", "/coordinator/verhalen", apptest.Form("text", "Een buurvrouw komt nu elke week.",
			"themes", "meeting", "told_on", "2026-11-20", "consent_how", "spoken", "consent_on", "2026-11-20", "consent", "on", "publishable", "on"))
		report := coordinator.Get("/rapport?periode=2026-11").Body
		apptest.Contains(t, report, "Een buurvrouw komt nu elke week.")

		list := coordinator.Get("/coordinator/verhalen").Body
		edit := regexp.MustCompile(`<a class="button" href="(/coordinator/verhalen/\d+)">Wijzigen<span class="visually-hidden"> \(verhaal van 20 november 2026\)</span></a>`).FindStringSubmatch(list)
		if edit == nil {
			t.Fatal("no link to change the story")
		}
		form := coordinator.Get(edit[1]).Body
		apptest.Contains(t, form, "Een buurvrouw komt nu elke week.</textarea>", `value="meeting" checked`, `name="consent" type="checkbox" value="on" checked`)
		changed := apptest.Form("text", "Ayşe komt nu elke week en kookt mee.", "themes", "food", "dimensions", "participation",
			"told_on", "2026-11-21", "consent_how", "paper", "consent_on", "2026-11-21", "consent", "on", "publishable", "on")
		r := coordinator.PostWithToken(edit[1], changed)
		if r.Status != 422 || !strings.Contains(r.Body, "Gevonden: Ayşe") || !strings.Contains(r.Body, "kookt mee.</textarea>") {
			t.Fatalf("a changed story with a name: %d", r.Status)
		}
		changed.Set("text", "Een buurvrouw komt nu elke week en kookt mee.")
		changed.Del("consent")
		if r := coordinator.PostWithToken(edit[1], changed); r.Status != 422 || !strings.Contains(r.Body, "Zonder toestemming van de bewoner") {
			t.Fatalf("a changed story without consent: %d", r.Status)
		}
		changed.Set("consent", "on")
		if r := coordinator.PostWithToken(edit[1], changed); r.Status != 303 {
			t.Fatalf("changing the story: %d", r.Status)
		}
		report = coordinator.Get("/rapport?periode=2026-11").Body
		apptest.Contains(t, report, "Een buurvrouw komt nu elke week en kookt mee.", "21 november 2026 · ")
		pdf := pdfText(t, []byte(coordinator.Get(link(t, report, "Download de rapportage (PDF)")).Body))
		apptest.Contains(t, pdf, "kookt mee.")

		// Deleting asks first, then the story leaves the list and the report.
		ask := coordinator.Get(link(t, coordinator.Get(edit[1]).Body, "Verwijderen")).Body
		apptest.Contains(t, ask, "Dit verhaal verwijderen?", "kookt mee.")
		if r := coordinator.PostWithToken(edit[1]+"/verwijderen", nil); r.Status != 303 || count(s, "stories") != 1 {
			t.Fatalf("deleting without the confirmation: %d", r.Status)
		}
		if r := press(t, coordinator, ask, "verwijderen?", "Verwijderen"); r.Status != 303 || count(s, "stories") != 0 {
			t.Fatalf("deleting the story: %d, %d stories", r.Status, count(s, "stories"))
		}
		apptest.NotContains(t, coordinator.Get("/rapport?periode=2026-11").Body, "buurvrouw")
		apptest.NotContains(t, pdfText(t, []byte(coordinator.Get("/rapport.pdf?periode=2026-11").Body)), "buurvrouw")
	})
}

// A paper health check carries no one's code, so the coordinator confirms the three
// months when typing it in; the report says how many of its people are paper forms.
func TestPaperHealthCheckInterval(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		page := coordinator.Get("/coordinator/gezondheid").Body
		apptest.Contains(t, page, "de app ziet dus niet of iemand al meedeed", "In de rapportage telt elk formulier op papier als één persoon.")
		form := apptest.Form("date", "2026-11-20", "paper_consent", "on")
		for i := 1; i <= 6; i++ {
			form.Set(fmt.Sprintf("score_%d", i), "7")
		}
		r := coordinator.Submit("/coordinator/gezondheid", "/coordinator/gezondheid", form)
		if r.Status != 422 || !strings.Contains(r.Body, "Deed de bewoner binnen 3 maanden al een check?") || !strings.Contains(r.Body, `value="2026-11-20"`) {
			t.Fatalf("a paper check without the three months confirmed: %d", r.Status)
		}
		if count(s, "health_checks") != 0 {
			t.Fatal("stored without the three months confirmed")
		}
		form.Set("paper_interval", "on")
		if r := coordinator.Submit("/coordinator/gezondheid", "/coordinator/gezondheid", form); r.Status != 303 || count(s, "health_checks") != 1 {
			t.Fatalf("a paper check: %d", r.Status)
		}
		report := coordinator.Get("/rapport?periode=2026-11").Body
		// One person is a small group: how many, and how many on paper, reads "minder dan 5".
		apptest.Contains(t, report, "Op papier ingevuld: minder dan 5 van de minder dan 5.", "elk formulier telt als één persoon", "Wie 13 maanden geen check deed")
		apptest.Contains(t, pdfText(t, []byte(coordinator.Get("/rapport.pdf?periode=2026-11").Body)), "Op papier ingevuld: minder dan 5 van de minder dan 5.")
	})
}
