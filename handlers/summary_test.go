package handlers_test

import (
	"encoding/json"
	"fmt"
	"html"
	"os"
	"regexp"
	"strings"
	"testing"

	"onshuis/app/apptest"
)

var summaryItem = regexp.MustCompile(`<li><a href="#(f-[^"]+)">([^<]*)</a></li>`)

// checkErrorSummaries fails for every line of a form's error summary that does not
// start with the name of its field ("Naam: vul dit in.") or whose link leads nowhere.
func checkErrorSummaries(t *testing.T, pages []apptest.HTMLPage) {
	t.Helper()
	names := map[string]bool{}
	for _, lang := range []string{"nl", "en"} {
		var messages map[string]any
		b, err := os.ReadFile("../views/i18n/" + lang + ".json")
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &messages); err != nil {
			t.Fatal(err)
		}
		for id, m := range messages {
			if s, ok := m.(string); ok && strings.HasPrefix(id, "field.") {
				names[s] = true
			}
		}
	}
	summaries := 0
	for _, p := range pages {
		_, summary, ok := strings.Cut(p.Body, `<div class="error-summary"`)
		if !ok {
			continue
		}
		summaries++
		summary, _, _ = strings.Cut(summary, "</div>")
		items := summaryItem.FindAllStringSubmatch(summary, -1)
		if len(items) == 0 {
			t.Errorf("%s: an error summary without lines:\n%s", p.Name, summary)
		}
		for _, it := range items {
			target, line := it[1], html.UnescapeString(it[2])
			name, _, _ := strings.Cut(line, ": ")
			if !names[name] {
				t.Errorf("%s: the summary line %q does not name its field", p.Name, line)
			}
			if !strings.Contains(p.Body, fmt.Sprintf(`id="%s"`, target)) {
				t.Errorf("%s: the summary line %q links to #%s, which the page does not have", p.Name, line, target)
			}
		}
	}
	if summaries < 10 {
		t.Errorf("only %d pages with an error summary were checked", summaries)
	}
}

// Declining without the three questions: each is marked as required, and the summary
// names each question instead of saying "Kies een antwoord." three times.
func TestReviewQuestionsAreNamedAndMarked(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		id := s.Propose(s.Register("Fatma Demir", "fatma@example.nl"), "Naaicafé")
		path := fmt.Sprintf("/coordinator/voorstellen/%d", id)
		form := coordinator.Get(path).Body
		for _, q := range []string{"Maakt het de drempel lager om elkaar te ontmoeten en hulp te vragen?", "Komt er meer samen doen bij?", "Worden mensen er gezonder van?", "Wat besluit je?"} {
			apptest.Contains(t, form, q+` <span class="required-mark">(verplicht)</span></legend>`)
		}
		apptest.Contains(t, form, `Bericht aan de bewoner <span class="optional">(verplicht als je niet goedkeurt)</span>`)

		r := coordinator.PostWithToken(path+"/besluit", apptest.Form("decision", "decline"))
		if r.Status != 422 {
			t.Fatalf("decline without answers: %d", r.Status)
		}
		apptest.Contains(t, r.Body,
			`<a href="#f-lowers_threshold">Vraag over de drempel: kies een antwoord.</a>`,
			`<a href="#f-more_collective">Vraag over samen doen: kies een antwoord.</a>`,
			`<a href="#f-healthier">Vraag over gezondheid: kies een antwoord.</a>`,
			`<a href="#f-message">Bericht aan de bewoner: vul dit in.</a>`)
		// In the order of the form.
		last := -1
		for _, q := range []string{"drempel", "samen doen", "gezondheid", "Bericht aan de bewoner"} {
			i := strings.Index(r.Body, q+":")
			if i < last {
				t.Errorf("the summary names %q out of the form's order", q)
			}
			last = i
		}
	})
}

// Every form's summary names its fields, also in English and on pages where a field
// name means something else (a volunteer role's name is its task).
func TestErrorSummaryNamesTheField(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		visitor := s.Client()
		r := visitor.Submit("/registreren", "/registreren", apptest.Form("email", "wim@"))
		apptest.Contains(t, r.Body, `<a href="#f-name">Naam: vul dit in.</a>`,
			`<a href="#f-email">E-mailadres: dit is geen geldig e-mailadres.`, `<a href="#f-consent">Toestemming: `)
		visitor.PostWithToken("/taal", apptest.Form("lang", "en", "next", "/registreren"))
		r = visitor.Submit("/registreren", "/registreren", apptest.Form("email", "wim@"))
		apptest.Contains(t, r.Body, `<a href="#f-name">Name: please fill this in.</a>`)

		id, lead := s.Activity(coordinator, "Werkplaats", "8")
		roles := fmt.Sprintf("/activiteiten/%d/vrijwilligers", id)
		r = lead.Submit(roles, fmt.Sprintf("/activiteiten/%d/rollen", id), apptest.Form("per_session", "twee"))
		apptest.Contains(t, r.Body, `<a href="#f-name">Taak: vul dit in.</a>`, `<a href="#f-per_session">Vrijwilligers per keer: `)
	})
}
