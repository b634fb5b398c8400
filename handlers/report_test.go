package handlers_test

import (
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"

	"onshuis/app/apptest"
	"onshuis/models"
)

var anchor = regexp.MustCompile(`<a\s[^>]*?href="([^"]*)"[^>]*>([^<]*)</a>`)

// link returns the address of the link on the page whose text is text, as a browser
// would follow it.
func link(t *testing.T, page, text string) string {
	t.Helper()
	for _, m := range anchor.FindAllStringSubmatch(page, -1) {
		if strings.TrimSpace(html.UnescapeString(m[2])) == text {
			return html.UnescapeString(m[1])
		}
	}
	t.Fatalf("no link %q on the page", text)
	return ""
}

// reportTables are the names of the report's seven CSV links, in Dutch.
var reportTables = []string{"Samenvatting", "Bezoekers per week", "Bezoeken per thema", "Activiteiten", "Vrijwilligers", "Collectieve betrokkenheid", "Welzijn per maand"}

// The report's PDF and CSV links download the period the page shows, for each quick
// link and for own dates, for a coordinator and for a partner: the links are followed
// as a person would, and each file names its period and centre and holds its figures.
func TestReportDownloadsFollowThePeriod(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db) // today is Thursday 26 November 2026
		coordinator := s.Setup()
		partner := s.Register("Gemeente Oss", "partner@example.nl")
		s.GiveRole("partner@example.nl", models.RolePartner)
		centre, _ := models.DefaultCentre(s.DB)
		ams := centre.Location()
		count := func(n int, y int, m time.Month, d int) {
			for i := 0; i < n; i++ {
				at := time.Date(y, m, d, 10, i, 0, 0, ams)
				if _, err := models.RecordCheckIn(s.DB, models.CheckIn{Centre: centre, At: at, Source: models.SourceHeadcount}); err != nil {
					t.Fatal(err)
				}
			}
		}
		// At least 5 in each period: fewer would read "<5" (a small group).
		count(14, 2025, time.June, 10)    // last year
		count(13, 2026, time.August, 11)  // this year, third quarter
		count(12, 2026, time.October, 13) // last month, this quarter
		count(15, 2026, time.November, 10)

		periods := []struct {
			quick, label, from, to, visits string
		}{
			{"Deze maand", "november 2026", "2026-11-01", "2026-11-30", "15"},
			{"Vorige maand", "oktober 2026", "2026-10-01", "2026-10-31", "12"},
			{"Dit kwartaal", "4e kwartaal 2026", "2026-10-01", "2026-12-31", "27"},
			{"Dit jaar", "2026", "2026-01-01", "2026-12-31", "40"},
			{"Vorig jaar", "2025", "2025-01-01", "2025-12-31", "14"},
			{"", "1 augustus 2026 t/m 31 augustus 2026", "2026-08-01", "2026-08-31", "13"},
		}
		for _, who := range []struct {
			name string
			c    *apptest.Client
		}{{"coordinator", coordinator}, {"partner", partner}} {
			for _, p := range periods {
				start := who.c.Get("/rapport")
				var page *apptest.Response
				if p.quick != "" {
					page = who.c.Get(link(t, start.Body, p.quick))
				} else { // own dates, through the form on the page
					apptest.Contains(t, start.Body, `name="van"`, `name="tot"`, `name="centrum"`)
					page = who.c.Get("/rapport?van=" + p.from + "&tot=" + p.to + "&centrum=" + centre.Slug)
				}
				if page.Status != 200 {
					t.Fatalf("%s, %s: the report page answers %d", who.name, p.label, page.Status)
				}
				apptest.Contains(t, page.Body, "Impact van Ons Huis van de Wijk – "+p.label)

				pdf := who.c.Get(link(t, page.Body, "Download de rapportage (PDF)"))
				text := pdfText(t, []byte(pdf.Body))
				if pdf.Status != 200 || !strings.Contains(text, "Ons Huis van de Wijk · "+p.label) {
					t.Errorf("%s, %s: the PDF (%d) is about another period:\n%.300s", who.name, p.label, pdf.Status, text)
				}
				for _, table := range reportTables {
					r := who.c.Get(link(t, page.Body, table))
					if r.Status != 200 {
						t.Errorf("%s, %s, %s: %d", who.name, p.label, table, r.Status)
						continue
					}
					if name := r.Header.Get("Content-Disposition"); !strings.Contains(name, centre.Slug) || !strings.Contains(name, strings.ReplaceAll(periodKey(p.from, p.to, p.quick), "..", "-tot-")) {
						t.Errorf("%s, %s, %s: file name %s does not name the period and centre", who.name, p.label, table, name)
					}
					// A line for the centre, one for the period, an empty line, the table.
					rows := readCSV(t, r.Body)
					if len(rows) < 3 || strings.Join(rows[0], ";") != "buurthuis;Ons Huis van de Wijk" ||
						strings.Join(rows[1], ";") != "periode;"+p.label+";"+p.from+";"+p.to || !strings.Contains(r.Body, p.to+"\r\n\r\n") {
						t.Errorf("%s, %s, %s: the CSV does not open with its centre and period: %q", who.name, p.label, table, rows[:min(len(rows), 3)])
						continue
					}
					if table == "Samenvatting" && (rows[3][0] != "bezoeken" || rows[3][1] != p.visits) {
						t.Errorf("%s, %s: summary CSV counts %v, want %s visits", who.name, p.label, rows[3], p.visits)
					}
				}
			}
		}
	})
}

// periodKey is the key the report's links carry for the period: the quick links' own,
// or from..to for own dates.
func periodKey(from, to, quick string) string {
	switch quick {
	case "Deze maand", "Vorige maand":
		return from[:7]
	case "Dit kwartaal":
		return from[:4] + "-Q4"
	case "Dit jaar", "Vorig jaar":
		return from[:4]
	}
	return from + ".." + to
}

// The average number of regulars per week counts the weeks that are over: the week
// under way (here Thursday of week 48) would only pull it down. Twenty-two visitors
// come in weeks 45, 46 and 47, so all are regulars of week 47 alone; Els came in
// October, so the centre was open all of November. Its finished weeks are 44 (its
// Sunday, 1 November), 45, 46 and 47: 22 over 4 weeks is 5,5, where counting week 48
// too gave 4,4.
func TestAverageRegularsOverFinishedWeeks(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		centre, _ := models.DefaultCentre(s.DB)
		october := time.Date(2026, time.October, 20, 14, 0, 0, 0, centre.Location())
		if _, err := models.RecordCheckIn(s.DB, models.CheckIn{Centre: centre, At: october, Source: models.SourceQR, VisitorKey: "a:els"}); err != nil {
			t.Fatal(err)
		}
		// 22 regulars in W47, over the four weeks that are over (W44–W47): 5,5 a week;
		// counting the week under way would give 4,4 (and below 5 reads "minder dan 5").
		for i := 0; i < 22; i++ {
			key := fmt.Sprintf("a:k%d", i)
			for _, day := range []int{3, 10, 17} {
				at := time.Date(2026, time.November, day, 14, 0, 0, 0, centre.Location())
				if _, err := models.RecordCheckIn(s.DB, models.CheckIn{Centre: centre, At: at, Source: models.SourceQR, VisitorKey: key}); err != nil {
					t.Fatal(err)
				}
			}
		}
		page := coordinator.Get("/rapport?periode=2026-11")
		apptest.Contains(t, page.Body, `<span class="figure">5,5</span> vaste bezoekers (gem. per afgelopen week)`,
			"alleen weken die voorbij zijn")
		rows := readCSV(t, coordinator.Get(link(t, page.Body, "Samenvatting")).Body)
		if got := strings.Join(rows[7], ";"); got != "vaste bezoekers gemiddeld per afgelopen week;5,5" {
			t.Errorf("summary CSV: %q, want the average over finished weeks, 5,5", got)
		}
		text := pdfText(t, []byte(coordinator.Get(link(t, page.Body, "Download de rapportage (PDF)")).Body))
		words := strings.Join(strings.Fields(text), " ")
		if !regexp.MustCompile(`5,5\s+\S.*\n\s*Vaste bezoekers \(gem. per afgelopen week\)`).MatchString(text) ||
			!strings.Contains(words, "Vaste bezoekers, gemiddeld per afgelopen week 5,5") || !strings.Contains(words, "een week die nog loopt, telt niet mee") {
			t.Errorf("the PDF does not give 5,5 regulars over finished weeks:\n%s", text)
		}
	})
}

// Averages and shares are rounded half up to one decimal, from the exact figures, and
// read the same on the page, in the PDF and in the CSV. November 2026 holds two exact
// ties: 20 wellbeing answers (nineteen 6s and a 7) average 6,05, and 363 minutes of
// volunteering are 6,05 hours; both read 6,1 (the binary 6.05 is 6.0499…, which
// rounded down to 6,0). The 20 visitors came to one of Taalcafé's four sessions held
// (10 places): 5,0 on average, a fill rate of 50,0% everywhere, where the page and the
// PDF said 50%.
func TestRoundingHalfUpEverywhere(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		id, _ := s.Activity(coordinator, "Taalcafé", "10", "first_date", "2026-11-03")
		centre, _ := models.DefaultCentre(s.DB)
		ams := centre.Location()
		a, _ := models.ActivityByID(s.DB, id)
		sessions, err := models.SessionsOf(s.DB, []models.Activity{*a}, time.Date(2026, 11, 1, 0, 0, 0, 0, ams), time.Date(2026, 12, 1, 0, 0, 0, 0, ams), ams)
		if err != nil || len(sessions) != 4 {
			t.Fatalf("sessions: %d %v", len(sessions), err)
		}
		for i := 0; i < 20; i++ {
			mood := 6
			if i == 0 {
				mood = 7
			}
			in := models.CheckIn{Centre: centre, At: sessions[1].StartsAt, Source: models.SourceQR, VisitorKey: "a:k" + strings.Repeat("x", i+1),
				SessionIDs: []int64{sessions[1].ID}, Mood: mood}
			if _, err := models.RecordCheckIn(s.DB, in); err != nil {
				t.Fatal(err)
			}
		}
		role := models.VolunteerRole{ActivityID: id, Name: "taalmaatje", PerSession: 1}
		if err := models.AddRole(s.DB, &role); err != nil {
			t.Fatal(err)
		}
		// 363 minutes from five volunteers (fewer would be a small group).
		var entries []models.HoursEntry
		for i, minutes := range []int{73, 73, 73, 72, 72} {
			email := fmt.Sprintf("vrijwilliger%d@example.nl", i)
			s.Register(fmt.Sprintf("Vrijwilliger %d", i), email)
			u, _ := models.UserByLogin(s.DB, email)
			entries = append(entries, models.HoursEntry{RoleID: &role.ID, UserID: u.ID, Present: true, Minutes: minutes})
		}
		if err := models.ConfirmHours(s.DB, sessions[1].ID, 1, entries); err != nil {
			t.Fatal(err)
		}

		page := coordinator.Get("/rapport?periode=2026-11")
		apptest.Contains(t, page.Body, `<span class="figure">6,1</span> vrijwilligersuren`, `<span class="figure">50,0%</span> vulgraad`,
			`<span class="figure">6,1</span> gemiddeld welzijn`, `<td>20</td><td>6,1</td>`, `<td>50,0%</td>`)
		apptest.Contains(t, coordinator.Get("/coordinator/bezoekers?week=2026-W46").Body, `<span class="figure">6,1</span>`)

		words := strings.Join(strings.Fields(pdfText(t, []byte(coordinator.Get(link(t, page.Body, "Download de rapportage (PDF)")).Body))), " ")
		for _, want := range []string{"Vrijwilligersuren 6,1", "5,0 50,0% Gemiddelde opkomst Vulgraad", "november 2026 20 6,1", "Hele periode 20 6,1", "Taalcafé 4 5,0 50,0%", "Totaal 4 5,0 50,0%"} {
			if !strings.Contains(words, want) {
				t.Errorf("the PDF lacks %q:\n%s", want, words)
			}
		}
		csv := func(table string) string {
			var lines []string
			for _, row := range readCSV(t, coordinator.Get(link(t, page.Body, table)).Body) {
				lines = append(lines, strings.Join(row, ";"))
			}
			return strings.Join(lines, "\n")
		}
		apptest.Contains(t, csv("Samenvatting")+"\n", "\nvrijwilligersuren;6,1\n", "\nvulgraad;50,0%\n", "\ngemiddelde opkomst;5,0\n")
		apptest.Contains(t, csv("Welzijn per maand")+"\n", "\n2026-11;20;6,1\n", "\nhele periode;20;6,1\n")
		apptest.Contains(t, csv("Vrijwilligers")+"\n", "\nuren;6,1\n")
		apptest.Contains(t, csv("Activiteiten")+"\n", "\nTaalcafé;10;4;20;5,0;50,0%;0\n")
	})
}

// An English reader gets the report, its PDF and CSVs, the rosters and the posters in
// English: theme names, "All community centres", the period, every heading and column;
// and a session that is over says "Finished".
func TestReportAndPrintablesInEnglish(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		id, _ := s.Activity(coordinator, "Taalcafé", "10", "first_date", "2026-11-03", "themes", "meeting")
		s.Register("Ayşe Yılmaz", "ayse@example.nl").Submit(fmt.Sprintf("/activiteiten/%d", id), fmt.Sprintf("/activiteiten/%d/aanmelden", id), nil)
		centre, _ := models.DefaultCentre(s.DB)
		ams := centre.Location()
		a, _ := models.ActivityByID(s.DB, id)
		tuesday, err := models.SessionsOf(s.DB, []models.Activity{*a}, time.Date(2026, 11, 24, 0, 0, 0, 0, ams), time.Date(2026, 11, 25, 0, 0, 0, 0, ams), ams)
		if err != nil || len(tuesday) != 1 {
			t.Fatalf("Tuesday's session: %v %v", tuesday, err)
		}
		if _, err := models.RecordCheckIn(s.DB, models.CheckIn{Centre: centre, At: tuesday[0].StartsAt, Source: models.SourceQR, VisitorKey: "a:k1",
			SessionIDs: []int64{tuesday[0].ID}}); err != nil {
			t.Fatal(err)
		}
		partner := s.Register("Gemeente Oss", "partner@example.nl")
		s.GiveRole("partner@example.nl", models.RolePartner)
		for _, c := range []*apptest.Client{coordinator, partner} {
			c.Submit("/", "/taal", apptest.Form("lang", "en", "next", "/"))
		}
		dutch := []string{"Alle buurthuizen", "kwartaal", "Ontmoeting", "Bezoeken", "bezoeken", "Pagina ", "vervolg", "Vrijwilligers", "Welzijn", "Periode", "Bijlage", "t/m"}

		page := partner.Get("/rapport?periode=2026-Q4&centrum=alle")
		apptest.Contains(t, page.Body, "Impact of All community centres – Q4 2026", "Meeting people (loneliness)", "Every time someone checks in",
			`Visits per week (week number)`)
		main := page.Body[strings.Index(page.Body, "<main"):]
		for _, nl := range dutch {
			if strings.Contains(main, nl) {
				t.Errorf("the English report page says %q", nl)
			}
		}
		apptest.Contains(t, partner.Get("/rapport?van=2026-08-01&tot=2026-08-31").Body, "1 August 2026 to 31 August 2026")

		pdf := pdfText(t, []byte(partner.Get(link(t, page.Body, "Download the report (PDF)")).Body))
		for _, want := range []string{"Impact report", "All community centres · Q4 2026", "Period 1 October 2026 to 31 December 2026", "Visits", "Page 1 of ",
			"Most visited themes: meeting people (loneliness).", "Appendix: what do the figures mean?", "Meeting people (loneliness)", "October 2026", "Total"} {
			if !strings.Contains(pdf, want) {
				t.Errorf("the English PDF lacks %q", want)
			}
		}
		csvs := ""
		for _, table := range []string{"Summary", "Visitors per week", "Visits per theme", "Activities", "Volunteers", "Collective involvement", "Wellbeing per month"} {
			r := partner.Get(link(t, page.Body, table))
			if !strings.HasPrefix(r.Body, "\uFEFFcommunity centre;All community centres\r\nperiod;Q4 2026;2026-10-01;2026-12-31\r\n") {
				t.Errorf("the English %s CSV opens with %.80q", table, r.Body)
			}
			csvs += r.Body
		}
		apptest.Contains(t, csvs, "figure;value", "visits;<5", "Meeting people (loneliness);<5", "activity;places;sessions held", "hours;0,0",
			"proposals by residents;", "month;answers;average", "whole period;0;")
		for _, nl := range dutch {
			if strings.Contains(pdf+csvs, nl) {
				t.Errorf("the English PDF or CSVs say %q", nl)
			}
		}
		visitors := coordinator.Get("/coordinator/bezoekers.csv?week=2026-W48").Body
		apptest.Contains(t, visitors, "week;date;visits", "figure;value", "unique visitors;1", "source qr;1", "activity;check-ins at the door")

		poster := pdfText(t, []byte(coordinator.Get("/coordinator/programmaposter.pdf?week=2026-W49").Body))
		apptest.Contains(t, poster, "Programme week 49", "Tuesday 1 December", "Taalcafé", "Scan when you come in", "Page 1 of 1")
		roster := pdfText(t, []byte(coordinator.Get("/coordinator/roosters.pdf?week=2026-W49").Body))
		apptest.Contains(t, roster, "Tuesday 1 December 2026, 14:00–16:00", "Participants (1 of 10)", "Name", "Signature", "Walked in without signing up", "Page 1 of 1")
		door := pdfText(t, []byte(coordinator.Get("/coordinator/deur/poster.pdf").Body))
		apptest.Contains(t, door, "Welcome! Scan and tap", "No phone? Tell the host.", "Nederlands:")
		for name, text := range map[string]string{"poster": poster, "roster": roster} {
			for _, nl := range []string{"Programma", "dinsdag", "Pagina", "Deelnemers", "Handtekening"} {
				if strings.Contains(text, nl) {
					t.Errorf("the English %s says %q", name, nl)
				}
			}
		}

		// Tuesday's session is over: "Finished", not "Over".
		programme := coordinator.Get("/").Body
		apptest.Contains(t, programme, `<span class="status">Finished</span>`)
	})
}

// A text cell that a spreadsheet would read as a formula is neutralised with a leading
// apostrophe (OWASP), in every CSV the app writes; the app's own numbers stay numbers.
func TestCSVCellsAreNeverFormulas(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		evil := `=HYPERLINK("http://evil.example","klik")`
		titles := []string{evil, "+31 6 1234", "-2+3", "@SUM(A1:A2)", "\tTab", "\rReturn"}
		centre, _ := models.DefaultCentre(s.DB)
		ams := centre.Location()
		for i, title := range titles {
			id, _ := s.Activity(coordinator, fmt.Sprintf("Activiteit %d", i), "10", "first_date", "2026-11-24",
				"start_time", fmt.Sprintf("%02d:00", 8+i), "end_time", fmt.Sprintf("%02d:45", 8+i)) // one room, one after the other
			// The first through the form, as a resident would name it; the rest as they
			// might stand in the database.
			if i == 0 {
				page := fmt.Sprintf("/coordinator/activiteiten/%d/tekst", id)
				coordinator.Submit(page, page, apptest.Form("title", title, "want", "Samen.", "can", "Ik regel het.", "themes", "meeting"))
			} else if err := s.DB.Model(&models.Activity{}).Where("id = ?", id).Update("title", title).Error; err != nil {
				t.Fatal(err)
			}
			a, _ := models.ActivityByID(s.DB, id)
			if i == 0 && a.Title != evil {
				t.Fatalf("the form kept the title as %q", a.Title)
			}
			sessions, err := models.SessionsOf(s.DB, []models.Activity{*a}, time.Date(2026, 11, 24, 0, 0, 0, 0, ams), time.Date(2026, 11, 25, 0, 0, 0, 0, ams), ams)
			if err != nil || len(sessions) != 1 {
				t.Fatalf("session: %v %v", sessions, err)
			}
			in := models.CheckIn{Centre: centre, At: sessions[0].StartsAt, Source: models.SourceQR, VisitorKey: fmt.Sprintf("a:k%d", i), SessionIDs: []int64{sessions[0].ID}}
			if _, err := models.RecordCheckIn(s.DB, in); err != nil {
				t.Fatal(err)
			}
		}
		for _, path := range []string{"/coordinator/bezoekers.csv?week=2026-W48", "/rapport/activiteiten.csv?periode=2026-11"} {
			r := coordinator.Get(path)
			cells := map[string]bool{}
			for _, row := range readCSV(t, r.Body) {
				for _, cell := range row {
					cells[cell] = true
				}
			}
			for _, title := range titles {
				// encoding/csv with CRLF line ends drops a lone carriage return.
				title = strings.ReplaceAll(title, "\r", "")
				if !cells["'"+title] || cells[title] {
					t.Errorf("%s: %q is not neutralised:\n%s", path, title, r.Body)
				}
			}
			if !cells["1"] || cells["'1"] {
				t.Errorf("%s: the app's own numbers changed:\n%s", path, r.Body)
			}
		}
	})
}
