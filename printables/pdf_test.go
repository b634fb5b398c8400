package printables_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"onshuis/app/apptest"
	"onshuis/printables"
)

var created = time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)

var words = printables.Words{PageOf: "Pagina {page} van {pages}", Continued: "(vervolg)"}

// rendered is a PDF as a reader meets it: its pages and their text (pdftotext).
type rendered struct {
	pdf   []byte
	pages []string
}

// render runs write into a buffer and reads the PDF back with pdftotext, page by page.
func render(t *testing.T, write func(*bytes.Buffer) error) rendered {
	t.Helper()
	pdftotext := apptest.RequireTool(t, "pdftotext")
	pdfinfo := apptest.RequireTool(t, "pdfinfo")
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		t.Fatal(err)
	}
	// PRINTABLES_PDF_DIR keeps the PDFs, to look at them (pdftoppm -png -r 80).
	dir := os.Getenv("PRINTABLES_PDF_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	file := filepath.Join(dir, strings.ReplaceAll(t.Name(), "/", "-")+".pdf")
	if err := os.WriteFile(file, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	info, err := exec.Command(pdfinfo, file).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(info)
	if m == nil {
		t.Fatalf("pdfinfo gives no page count:\n%s", info)
	}
	n, _ := strconv.Atoi(string(m[1]))
	r := rendered{pdf: buf.Bytes()}
	for page := 1; page <= n; page++ {
		out, err := exec.Command(pdftotext, "-layout", "-f", fmt.Sprint(page), "-l", fmt.Sprint(page), file, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext page %d: %v", page, err)
		}
		r.pages = append(r.pages, string(out))
	}
	return r
}

// fonts are the fonts the PDF uses, as pdffonts names them.
func (r rendered) fonts(t *testing.T) []string {
	t.Helper()
	pdffonts := apptest.RequireTool(t, "pdffonts")
	file := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(file, r.pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdffonts, file).Output()
	if err != nil {
		t.Fatalf("pdffonts: %v", err)
	}
	var names []string
	for _, line := range strings.Split(string(out), "\n")[2:] {
		if f := strings.Fields(line); len(f) > 0 {
			names = append(names, f[0])
		}
	}
	return names
}

func (r rendered) text() string { return strings.Join(r.pages, "\f") }

// has checks that page (from 1; 0 for any page) shows every text.
func (r rendered) has(t *testing.T, page int, texts ...string) {
	t.Helper()
	in := r.text()
	if page > 0 {
		in = r.pages[page-1]
	}
	for _, want := range texts {
		if !strings.Contains(in, want) {
			t.Errorf("page %d lacks %q:\n%s", page, want, in)
		}
	}
}

func (r rendered) wantPages(t *testing.T, n int) {
	t.Helper()
	if len(r.pages) != n {
		t.Fatalf("%d pages, want %d", len(r.pages), n)
	}
	r.oneTypeface(t)
}

// oneTypeface checks that the PDF prints in Liberation Sans alone, regular and bold:
// a proportional face whose digits and middle dot belong to it. (The Go fonts drew
// their digits like Go Mono's, with a slashed zero, and the "·" high up.)
func (r rendered) oneTypeface(t *testing.T) {
	t.Helper()
	for _, f := range r.fonts(t) {
		if f != "utf8liberationsans" && f != "utf8liberationsansB" {
			t.Errorf("the PDF uses font %s", f)
		}
	}
}

func TestDoorPoster(t *testing.T) {
	p := printables.DoorPoster{DocTitle: "Inchecken – Ons Huis", CentreName: "Ons Huis van de Wijk", Heading: "Welkom! Scan en tik: Ik ben er",
		Instruction: "Richt de camera van je telefoon op de code.", OtherLanguage: "English: scan the code.", NoPhone: "Geen telefoon? Meld je bij de gastvrouw.",
		URL: "https://onshuis.example/checkin/abc123", Created: created}
	r := render(t, func(b *bytes.Buffer) error { return printables.WriteDoorPoster(b, p) })
	r.wantPages(t, 1)
	r.has(t, 1, "Ons Huis van de Wijk", "Welkom! Scan en tik: Ik ben er", "Richt de camera", "English: scan the code.",
		"Geen telefoon? Meld je bij de gastvrouw.", "https://onshuis.example/checkin/abc123")
	again := render(t, func(b *bytes.Buffer) error { return printables.WriteDoorPoster(b, p) })
	if !bytes.Equal(r.pdf, again.pdf) {
		t.Error("the same poster gives other bytes")
	}
}

func TestProgrammePoster(t *testing.T) {
	p := printables.ProgrammePoster{DocTitle: "Programma week 49", Title: "Programma week 49", CentreName: "Ons Huis van de Wijk", Dates: "30 november – 6 december",
		QRCaption: "Scan bij binnenkomst", QRURL: "https://onshuis.example/checkin/abc123", Footer: "Alle activiteiten zijn gratis.", Words: words, Created: created}
	days := []string{"maandag 30 november", "dinsdag 1 december", "woensdag 2 december", "donderdag 3 december", "vrijdag 4 december", "zaterdag 5 december", "zondag 6 december"}
	for i, d := range days {
		day := printables.PosterDay{Heading: d, Empty: "Geen activiteiten."}
		if i < 4 {
			day.Items = []printables.PosterItem{{Time: "10:00–11:30", Title: "Taalcafé", Note: "huiskamer"}, {Time: "19:00–21:00", Title: "EHBO-cursus – gaat niet door"}}
		}
		if i == 0 {
			day.Items = append(day.Items, printables.PosterItem{Time: "13:00–15:00", Title: "Ronde tafel: wie wil, schuift aan, met koffie en iets lekkers", Note: "huiskamer, vrije inloop"})
		}
		p.Days = append(p.Days, day)
	}
	r := render(t, func(b *bytes.Buffer) error { return printables.WriteProgrammePoster(b, p) })
	r.wantPages(t, 1)
	r.has(t, 1, "Programma week 49", "Scan bij binnenkomst", "maandag 30 november", "10:00–11:30", "Taalcafé (huiskamer)",
		"EHBO-cursus – gaat niet door", "zondag 6 december", "Geen activiteiten.", "Alle activiteiten zijn gratis.", "Pagina 1 van 1",
		"30 november – 6 december")
	// A long title wraps onto a second line instead of being cut off.
	words := strings.Join(strings.Fields(r.text()), " ")
	if !strings.Contains(words, "Ronde tafel: wie wil, schuift aan, met koffie en iets lekkers (huiskamer, vrije inloop)") || strings.Contains(words, "…") {
		t.Errorf("the long title is cut off:\n%s", r.text())
	}
}

func TestRosters(t *testing.T) {
	var party []printables.RosterPerson
	for i := 1; i <= 60; i++ {
		party = append(party, printables.RosterPerson{Name: fmt.Sprintf("Gast %02d Zoë", i), Contact: "06 12345678"})
	}
	r := printables.Rosters{DocTitle: "Roosters week 49", Columns: [4]string{"#", "Naam", "Contact", "Handtekening"}, Words: words, Created: created,
		Sessions: []printables.RosterSession{
			{Title: "Taalcafé", When: "dinsdag 1 december 2026, 14:00–16:00 · Huiskamer · Ons Huis van de Wijk", Lead: "Begeleiding: Ayşe Yılmaz",
				Lists: []printables.RosterList{
					{Caption: "Deelnemers (2 van 2)", People: []printables.RosterPerson{{Name: "Łukasz Wójcik", Contact: "lukasz@example.nl"}, {Name: "Zoë de Vries"}}},
					{Caption: "Zonder aanmelding binnengelopen", Blanks: 3, From: 3},
					{Caption: "Vrijwilligers: taalmaatje (2 nodig)", People: []printables.RosterPerson{{Name: "Henk van den Berg"}}, Blanks: 1},
				}},
			{Title: "Buurtfeest", When: "zaterdag 5 december 2026, 16:00–21:00", Cancelled: "GAAT NIET DOOR: regen",
				Lists: []printables.RosterList{{Caption: "Deelnemers (60)", People: party}}},
		}}
	doc := render(t, func(b *bytes.Buffer) error { return printables.WriteRosters(b, r) })
	doc.wantPages(t, 4)
	doc.has(t, 1, "Taalcafé", "dinsdag 1 december 2026, 14:00–16:00 · Huiskamer", "Begeleiding: Ayşe Yılmaz", "Deelnemers (2 van 2)",
		"Łukasz Wójcik", "lukasz@example.nl", "Zoë de Vries", "Handtekening", "Vrijwilligers: taalmaatje (2 nodig)", "Henk van den Berg", "Pagina 1 van 4")
	// The walk-in rows go on counting after the participants.
	if !regexp.MustCompile(`(?m)^\s*5\s`).MatchString(doc.pages[0]) {
		t.Errorf("walk-in rows are not numbered 3 to 5:\n%s", doc.pages[0])
	}
	doc.has(t, 2, "Buurtfeest", "GAAT NIET DOOR: regen", "Gast 01 Zoë", "Pagina 2 van 4")
	doc.has(t, 3, "Buurtfeest (vervolg)", "Deelnemers (60) (vervolg)", "Handtekening")
	doc.has(t, 0, "Gast 60 Zoë")

	empty := render(t, func(b *bytes.Buffer) error {
		return printables.WriteRosters(b, printables.Rosters{DocTitle: "Roosters week 50", Empty: "Deze week staan er geen activiteiten op het programma.", Words: words, Created: created})
	})
	empty.wantPages(t, 1)
	empty.has(t, 1, "Deze week staan er geen activiteiten op het programma.")
}

func TestImpactReport(t *testing.T) {
	r := printables.ImpactReport{DocTitle: "Impactrapportage", Title: "Impactrapportage", Heading: "Ons Huis van de Wijk · november 2026",
		Intro: "Periode 1 november 2026 t/m 30 november 2026.",
		Goals: []printables.Goal{
			{Title: "1. Meer collectieve betrokkenheid van bewoners", Figures: []printables.GoalFigure{{Value: "12", Label: "Betrokken bewoners", Change: "+3"}, {Value: "7", Label: "Nieuwe bezoekers", Change: "−2"}}},
			{Title: "2. Betere (positieve) gezondheid", Figures: []printables.GoalFigure{{Value: "6,4", Label: "Gezondheidscheck", Change: "+0,5"}}},
			{Title: "3. Lagere maatschappelijke kosten", Figures: []printables.GoalFigure{{Value: "€ 13,23", Label: "Kosten per bezoek"}}},
			{Title: "4. Zorg, welzijn en wonen", Figures: []printables.GoalFigure{{Value: "1", Label: "Activiteiten met partners"}}},
			{Title: "5. Ondersteunende systemen", Figures: []printables.GoalFigure{{Value: "33,0", Label: "Dagen tot een besluit"}}},
		},
		ChangeLabel: "Verschil met oktober 2026", GoalsNote: "— betekent: geen cijfer.", FiguresTitle: "Kerncijfers",
		DimensionsTitle: "Positieve Gezondheid: bereik per dimensie", DimensionsIntro: "Elk thema hoort bij een of meer dimensies.",
		DimensionChart:  []printables.Bar{{Label: "Lichaamsfuncties", Value: 3}, {Label: "Mentaal welbevinden", Value: 8}},
		Dimensions:      printables.Table{Headers: []string{"Dimensie", "Bezoeken", "Unieke bezoekers", "Deelnemers"}, Rows: [][]string{{"Lichaamsfuncties", "3", "minder dan 5", "minder dan 5"}}},
		DimensionThemes: []string{"Lichaamsfuncties: bewegen, gezond eten"},
		HealthTitle:     "Gezondheidscheck", Health: printables.Table{Headers: []string{"Dimensie", "Deze periode (10 mensen)", "Periode ervoor", "Verschil"}, Rows: [][]string{{"Zingeving", "5,5", "—", ""}}},
		HealthNote: "Alleen gemiddelden, en alleen bij 10 mensen of meer.",
		CostsTitle: "Kosten uit het wijkbudget", Costs: printables.Table{Headers: []string{"Cijfer", "Waarde"}, Rows: [][]string{{"Uitgegeven", "€ 145,50"}}},
		CostThemes:   printables.Table{Caption: "Kosten per thema", Headers: []string{"Thema", "Kosten"}, Rows: [][]string{{"Ontmoeting", "€ 45,50"}}},
		CostsNote:    "Waardering: vervangingswaarde tegen minimumloon.",
		StoriesTitle: "Verhalen", Stories: []printables.Story{{Text: "Ik heb geen hulp van de GGZ meer nodig.", Tags: "Ontmoeting · Zingeving", Date: "12 november 2026"}},
		Summary:    []printables.Figure{{Value: "1.234", Label: "Bezoeken"}, {Value: "6,1", Label: "Gemiddelde opkomst"}, {Value: "€ 60,00", Label: "Waarde vrijwilligersuren"}},
		Highlight:  "Meest bezochte thema's: taal.",
		WeeksTitle: "Bezoekers per week", Chart: printables.Chart{Max: "hoogste week: 412 bezoeken", Caption: "Bezoeken per week (weeknummer)"},
		Weeks:       printables.Table{Headers: []string{"Week", "Bezoeken", "Unieke bezoekers", "Nieuw", "Vaste bezoekers"}},
		Visitors:    printables.Table{Caption: "Nieuwe en terugkerende bezoekers", Headers: []string{"Cijfer", "Aantal"}, Rows: [][]string{{"Nieuwe bezoekers", "7"}}},
		ThemesTitle: "Preventie: bezoeken per thema", Themes: printables.Table{Headers: []string{"Thema", "Aanmeldingen bij de deur"}, Rows: [][]string{{"Taal", "15"}}},
		ActivitiesTitle: "Activiteiten", Activities: printables.Table{Headers: []string{"Activiteit", "Gehouden", "Gem. opkomst", "Vulgraad", "Wachtlijst"}},
		VolunteersTitle: "Vrijwilligers", Volunteers: printables.Table{Headers: []string{"Cijfer", "Waarde"}, Rows: [][]string{{"Vrijwilligersuren", "4,0"}}},
		InvolvementTitle: "Collectieve betrokkenheid", Involvement: printables.Table{Headers: []string{"Cijfer", "Aantal"}, Rows: [][]string{{"Goedgekeurd", "1"}}},
		WellbeingTitle: "Welzijn", Wellbeing: printables.Table{Headers: []string{"Maand", "Antwoorden", "Gemiddeld (1–10)"}, Rows: [][]string{{"november 2026", "5", "8,0"}}},
		WellbeingNote:    "— betekent: minder dan 5 antwoorden.",
		DefinitionsTitle: "Bijlage: wat betekenen de cijfers?", Definitions: []printables.Definition{{Term: "Bezoeken", Text: "Elke keer dat iemand incheckt."}},
		Words: words, Created: created}
	for w := 1; w <= 52; w++ {
		r.Chart.Bars = append(r.Chart.Bars, printables.Bar{Label: strconv.Itoa(w), Value: 300 + w})
		r.Weeks.Rows = append(r.Weeks.Rows, []string{fmt.Sprintf("%d (2026)", w), strconv.Itoa(300 + w), "250", "20", "40"})
	}
	for i := 1; i <= 40; i++ {
		r.Activities.Rows = append(r.Activities.Rows, []string{fmt.Sprintf("Activiteit %02d", i), "4", "6,1", "61,0%", "0"})
	}
	r.Activities.Rows = append(r.Activities.Rows, []string{"Totaal", "160", "6,1", "61,0%", ""})
	doc := render(t, func(b *bytes.Buffer) error { return printables.WriteImpactReport(b, r) })
	// The five goals on one page; key figures; dimensions and health; costs and
	// stories; weeks over two pages; themes and activities over two; volunteers; appendix.
	doc.wantPages(t, 10)
	doc.has(t, 1, "Impactrapportage", "Ons Huis van de Wijk · november 2026", "Periode 1 november 2026", "1. Meer collectieve betrokkenheid van bewoners",
		"Betrokken bewoners", "Verschil met oktober 2026: +3", "Verschil met oktober 2026: −2", "6,4", "€ 13,23", "33,0", "5. Ondersteunende systemen",
		"— betekent: geen cijfer.", "Pagina 1 van 10")
	doc.has(t, 2, "Kerncijfers", "1.234", "Bezoeken", "6,1", "€ 60,00", "Meest bezochte thema's: taal.")
	doc.has(t, 3, "Positieve Gezondheid: bereik per dimensie", "Mentaal welbevinden", "minder dan 5", "Lichaamsfuncties: bewegen, gezond eten",
		"Deze periode (10 mensen)", "5,5", "alleen bij 10 mensen of meer")
	doc.has(t, 4, "Kosten uit het wijkbudget", "€ 145,50", "Kosten per thema", "€ 45,50", "vervangingswaarde tegen minimumloon", "Verhalen",
		"Ik heb geen hulp van de GGZ meer nodig.", "12 november 2026 · Ontmoeting · Zingeving")
	doc.has(t, 5, "Bezoekers per week", "hoogste week: 412 bezoeken", "Bezoeken per week (weeknummer)", "1 (2026)", "Unieke bezoekers")
	doc.has(t, 6, "Bezoekers per week (vervolg)", "52 (2026)", "Nieuwe en terugkerende bezoekers")
	doc.has(t, 7, "Preventie: bezoeken per thema", "Taal", "Activiteiten", "Activiteit 01")
	doc.has(t, 8, "Activiteiten (vervolg)", "Activiteit 40", "Totaal", "61,0%")
	doc.has(t, 9, "Vrijwilligers", "4,0", "Collectieve betrokkenheid", "Welzijn", "november 2026", "8,0", "— betekent")
	doc.has(t, 10, "Bijlage: wat betekenen de cijfers?", "Elke keer dat iemand incheckt.", "Pagina 10 van 10")
}

// printables takes plain data: it imports neither models nor views (nor anything else
// of the project), so that what a PDF says is decided by the handler and the
// translations, and every PDF is tested here.
func TestImportsNothingOfTheProject(t *testing.T) {
	for _, path := range apptest.ProjectImports(t, ".") {
		t.Errorf("printables imports %s", path)
	}
}

func TestCallList(t *testing.T) {
	var rows []printables.CallRow
	for i := 1; i <= 40; i++ {
		rows = append(rows, printables.CallRow{Name: fmt.Sprintf("Bewoner %02d Şükrü", i), Phone: "06 12345678",
			Message: "Taalles Nederlands van dinsdag 8 december gaat niet door"})
	}
	rows[0] = printables.CallRow{Name: "Truus Janssen", Phone: "06 12345678", Message: "Er is een plek vrij bij Taalles Nederlands"}
	c := printables.CallList{DocTitle: "Bellijst", Intro: "Deze mensen hebben geen e-mailadres. Bel ze en vertel het bericht.",
		Made: "Gemaakt op donderdag 26 november 2026 10:00", Columns: [4]string{"Naam", "Telefoon", "Bericht", "Gebeld"},
		Rows: rows, Empty: "Er hoeft niemand gebeld te worden.", Words: words, Created: created}
	doc := render(t, func(b *bytes.Buffer) error { return printables.WriteCallList(b, c) })
	doc.wantPages(t, 2)
	doc.has(t, 1, "Bellijst", "Gemaakt op donderdag 26 november 2026", "Naam", "Telefoon", "Bericht", "Gebeld",
		"Truus Janssen", "06 12345678", "Er is een plek vrij bij Taalles Nederlands", "Bewoner 02 Şükrü", "Pagina 1 van 2")
	doc.has(t, 2, "Bewoner 40 Şükrü", "Pagina 2 van 2")
	t.Run("empty", func(t *testing.T) {
		empty := render(t, func(b *bytes.Buffer) error {
			return printables.WriteCallList(b, printables.CallList{DocTitle: "Bellijst", Empty: c.Empty, Words: words, Created: created})
		})
		empty.wantPages(t, 1)
		empty.has(t, 1, "Er hoeft niemand gebeld te worden.")
	})
}

// Rosters with a QR code on every session's page are the same file each time (gofpdf
// orders images of equal width at random).
func TestRostersWithQRCodesAreDeterministic(t *testing.T) {
	r := printables.Rosters{DocTitle: "Roosters", Columns: [4]string{"#", "Naam", "Contact", "Handtekening"}, Created: created}
	for i := range 6 {
		r.Sessions = append(r.Sessions, printables.RosterSession{Title: fmt.Sprintf("Sessie %d", i), When: "dinsdag",
			Entry: fmt.Sprintf("Invoeren: onshuis.example/p/%d", i), EntryURL: fmt.Sprintf("https://onshuis.example/p/%d", i)})
	}
	first := render(t, func(b *bytes.Buffer) error { return printables.WriteRosters(b, r) })
	for range 5 {
		if again := render(t, func(b *bytes.Buffer) error { return printables.WriteRosters(b, r) }); !bytes.Equal(again.pdf, first.pdf) {
			t.Fatal("the same rosters gave another file")
		}
	}
}
