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

// smallGroupFixture fills November 2026 with fewer than 5 people in every group, so
// that every figure of the report about people is a small group:
//
//	Taalcafé (theme meeting, 2 places) on Tuesdays 3, 10, 17 and 24 November; Ayşe
//	and Bram joined, Carla waits. Visitors k1, k2, k3 with moods 6, 7, 8 on 3 November,
//	k1 and a headcount on 10 November (k1 came in October too, and k4 in October only).
//	Ayşe and Bram give 2 hours each; two paper health checks; € 50,00 spent on Taalcafé.
func smallGroupFixture(t *testing.T, s *apptest.Server, coordinator *apptest.Client) {
	t.Helper()
	id, _ := s.Activity(coordinator, "Taalcafé", "2", "first_date", "2026-11-03", "themes", "meeting")
	page := fmt.Sprintf("/activiteiten/%d", id)
	var volunteers []int64
	for _, name := range []string{"Ayşe Yılmaz", "Bram de Vries", "Carla Jansen"} {
		email := strings.ToLower(strings.Fields(name)[0]) + ".bewoner@example.nl"
		s.Register(name, email).Submit(page, page+"/aanmelden", nil)
		u, _ := models.UserByLogin(s.DB, email)
		volunteers = append(volunteers, u.ID)
	}
	centre, _ := models.DefaultCentre(s.DB)
	ams := centre.Location()
	a, _ := models.ActivityByID(s.DB, id)
	sessions, err := models.SessionsOf(s.DB, []models.Activity{*a}, time.Date(2026, 11, 1, 0, 0, 0, 0, ams), time.Date(2026, 12, 1, 0, 0, 0, 0, ams), ams)
	if err != nil || len(sessions) != 4 {
		t.Fatalf("sessions: %d %v", len(sessions), err)
	}
	check := func(key string, at time.Time, session int64, mood int) {
		in := models.CheckIn{Centre: centre, At: at, Source: models.SourceQR, VisitorKey: key, Mood: mood}
		if key == "" {
			in.Source = models.SourceHeadcount
		}
		if session != 0 {
			in.SessionIDs = []int64{session}
		}
		if _, err := models.RecordCheckIn(s.DB, in); err != nil {
			t.Fatal(err)
		}
	}
	check("a:k1", time.Date(2026, 10, 20, 14, 0, 0, 0, ams), 0, 0)
	check("a:k4", time.Date(2026, 10, 21, 14, 0, 0, 0, ams), 0, 0)
	for i, k := range []string{"a:k1", "a:k2", "a:k3"} {
		check(k, sessions[0].StartsAt, sessions[0].ID, 6+i)
	}
	check("a:k1", sessions[1].StartsAt, sessions[1].ID, 0)
	check("", sessions[1].StartsAt, sessions[1].ID, 0)
	role := models.VolunteerRole{ActivityID: id, Name: "taalmaatje", PerSession: 2}
	if err := models.AddRole(s.DB, &role); err != nil {
		t.Fatal(err)
	}
	if err := models.ConfirmHours(s.DB, sessions[0].ID, 1, []models.HoursEntry{
		{RoleID: &role.ID, UserID: volunteers[0], Present: true, Minutes: 120},
		{RoleID: &role.ID, UserID: volunteers[1], Present: true, Minutes: 120}}); err != nil {
		t.Fatal(err)
	}
	for _, day := range []string{"2026-11-05", "2026-11-12"} {
		if err := models.RecordPaperHealthCheck(s.DB, centre, day, []int{7, 7, 7, 7, 7, 7}, s.Clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	budget := models.Budget{CentreID: centre.ID, Year: 2026}
	s.DB.Create(&budget)
	line := models.BudgetLine{BudgetID: budget.ID, Kind: "materials", Label: "Materiaal", AmountCents: 50000}
	s.DB.Create(&line)
	spent, on := int64(5000), "2026-11-10"
	s.DB.Create(&models.BudgetEntry{CentreID: centre.ID, LineID: line.ID, ActivityID: &id, Description: "Woordenboeken",
		CommittedCents: 5000, CommittedOn: on, SpentCents: &spent, SpentOn: &on})
}

// reportCell is one figure of the report, with the names of its row and column.
type reportCell struct {
	where, row, column, value string
}

// notAboutPeople are the rows and columns (in the report's Dutch words, lower case)
// whose figures are not counts of people: sessions, places, proposals, needs, money
// spent, the hourly rate, dates and periods.
var notAboutPeople = []string{"bijeenkomsten", "plaatsen", "voorstellen", "goedgekeurd", "afgewezen", "door bewoners geleid", "kosten per thema",
	"behoeften geregeld", "met partners", "door partners", "dagen tot een besluit", "uitgegeven", "kosten (euro)",
	"per uur", "periode", "tot en met"}

// notAboutPeopleExactly are such labels that are also part of labels about people.
var notAboutPeopleExactly = []string{"van", "week", "kosten"}

func aboutPeople(c reportCell) bool {
	for _, label := range []string{c.row, c.column} {
		label = strings.ToLower(label)
		for _, not := range notAboutPeople {
			if strings.Contains(label, not) {
				return false
			}
		}
		for _, not := range notAboutPeopleExactly {
			if label == not {
				return false
			}
		}
	}
	return true
}

var reportNumber = regexp.MustCompile(`^[+−-]?(€\s?)?\d[\d.]*(,\d+)?%?$`)

// leaks reports whether a cell about people shows a number other than zero: with fewer
// than 5 people in every group, each such figure must read "minder dan 5" (or "<5").
func leaks(c reportCell) bool {
	v := strings.TrimSpace(c.value)
	if !reportNumber.MatchString(v) || !aboutPeople(c) {
		return false
	}
	digits := strings.Trim(strings.NewReplacer("€", "", " ", "", ".", "", ",", "", "%", "", "+", "", "−", "", "-", "").Replace(v), "0")
	return digits != ""
}

var (
	tagRe      = regexp.MustCompile(`<[^>]*>`)
	figureRe   = regexp.MustCompile(`(?s)<li><span class="figure">(.*?)</span>(.*?)</li>`)
	changeRe   = regexp.MustCompile(`Verschil met [^:]*: ([^<]*)`)
	tableRe    = regexp.MustCompile(`(?s)<table.*?</table>`)
	colRe      = regexp.MustCompile(`(?s)<th scope="col">(.*?)</th>`)
	trRe       = regexp.MustCompile(`(?s)<tr>(.*?)</tr>`)
	rowHeadRe  = regexp.MustCompile(`(?s)<th scope="row">(.*?)</th>`)
	tdRe       = regexp.MustCompile(`(?s)<td>(.*?)</td>`)
	captionRe  = regexp.MustCompile(`(?s)<caption>(.*?)</caption>`)
	barTitleRe = regexp.MustCompile(`<title>([^<]*): ([^<]*)</title>`)
	barTextRe  = regexp.MustCompile(`fill="#1d1d1b">([^<]*)</text>`)
	proseRe    = regexp.MustCompile(`\b([1-4]) (mensen|antwoorden|antwoord|bezoekers|vrijwilligers|deelnemers|bewoners)\b|van de [1-4]\b`)
)

func text(s string) string {
	return strings.TrimSpace(html.UnescapeString(tagRe.ReplaceAllString(s, " ")))
}

// pageCells are the report page's figures: the figure lists, every table cell with
// its row and column, and the charts' bars.
func pageCells(body string) []reportCell {
	main := body[strings.Index(body, "<main"):]
	main = main[:strings.Index(main, `<details class="definitions">`)]
	var cells []reportCell
	for _, m := range figureRe.FindAllStringSubmatch(main, -1) {
		label := text(changeRe.ReplaceAllString(m[2], ""))
		cells = append(cells, reportCell{"page figures", label, "", text(m[1])})
		if ch := changeRe.FindStringSubmatch(m[2]); ch != nil {
			cells = append(cells, reportCell{"page figures", label, "verschil", text(ch[1])})
		}
	}
	for _, table := range tableRe.FindAllString(main, -1) {
		var cols []string
		for _, c := range colRe.FindAllStringSubmatch(table, -1) {
			cols = append(cols, text(c[1]))
		}
		caption := ""
		if c := captionRe.FindStringSubmatch(table); c != nil {
			caption = text(c[1])
		}
		for _, tr := range trRe.FindAllStringSubmatch(table, -1) {
			row := ""
			if h := rowHeadRe.FindStringSubmatch(tr[1]); h != nil {
				row = text(h[1])
			}
			for i, td := range tdRe.FindAllStringSubmatch(tr[1], -1) {
				col := caption
				if i+1 < len(cols) {
					col = cols[i+1]
				}
				cells = append(cells, reportCell{"page table " + strings.Join(cols, "|"), row, col, text(td[1])})
			}
		}
	}
	for _, m := range barTitleRe.FindAllStringSubmatch(main, -1) {
		cells = append(cells, reportCell{"page chart", m[1], "", html.UnescapeString(m[2])})
	}
	for _, m := range barTextRe.FindAllStringSubmatch(main, -1) {
		cells = append(cells, reportCell{"page chart", "", "", html.UnescapeString(m[1])})
	}
	return cells
}

// csvCells are a CSV table's cells after its centre and period lines: a table whose
// first column names each row gives each cell its row; every cell has its column.
func csvCells(name string, rows [][]string) []reportCell {
	var cells []reportCell
	rows = rows[2:]
	header := rows[0]
	for _, row := range rows[1:] {
		for i, v := range row {
			if i == 0 {
				continue
			}
			col := ""
			if i < len(header) {
				col = header[i]
			}
			cells = append(cells, reportCell{name, row[0], col, v})
		}
	}
	return cells
}

// No small groups: every figure a partner sees that is computed from fewer than 5
// people reads "minder dan 5" (in a CSV "<5"), on the report page, in every CSV table
// (the MKBA inputs too) and in the PDF. The test walks every table, found through the
// page's own links, on a month where every group is small; it also fails on a table
// that it cannot find a hidden figure in, so a new table is not left out unseen.
func TestNoSmallGroupsInTheReport(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		smallGroupFixture(t, s, coordinator)
		partner := s.Register("Gemeente Oss", "partner@example.nl")
		s.GiveRole("partner@example.nl", models.RolePartner)

		page := partner.Get("/rapport?periode=2026-11")
		if page.Status != 200 {
			t.Fatalf("report: %d", page.Status)
		}
		check := func(cells []reportCell, few string) {
			hidden := 0
			for _, c := range cells {
				if leaks(c) {
					t.Errorf("%s: %q / %q shows %q, a small group", c.where, c.row, c.column, c.value)
				}
				if c.value == few || strings.Contains(c.value, few) {
					hidden++
				}
			}
			if len(cells) > 0 && hidden == 0 {
				t.Errorf("%s: no figure reads %q", cells[0].where, few)
			}
		}
		check(pageCells(page.Body), "minder dan 5")
		main := text(page.Body[strings.Index(page.Body, "<main"):strings.Index(page.Body, `<details class="definitions">`)])
		for _, m := range proseRe.FindAllString(main, -1) {
			t.Errorf("the page says %q", m)
		}
		apptest.Contains(t, page.Body, "gemiddeld welzijn (minder dan 5 antwoorden)", "Deze periode (minder dan 5 mensen)",
			"Op papier ingevuld: minder dan 5 van de minder dan 5.")

		// Every CSV the page links to.
		csvLink := regexp.MustCompile(`href="(/rapport/[a-z]+\.csv\?[^"]*)"`)
		links := csvLink.FindAllStringSubmatch(page.Body, -1)
		if len(links) != 12 {
			t.Fatalf("%d CSV links, want 12", len(links))
		}
		for _, l := range links {
			href := html.UnescapeString(l[1])
			name := href[len("/rapport/"):strings.Index(href, ".csv")]
			r := partner.Get(href)
			if r.Status != 200 {
				t.Fatalf("%s: %d", href, r.Status)
			}
			rows := readCSV(t, r.Body)
			cells := csvCells(name, rows)
			if name == "doelen" { // goal; figure; value; change
				cells = nil
				for _, row := range rows[3:] {
					for i, v := range row[2:] {
						cells = append(cells, reportCell{name, row[1], rows[2][i+2], v})
					}
				}
			}
			if name == "kostenbaten" { // columns with a header each, every row a centre and theme
				cells = nil
				for _, row := range rows[3:] {
					for i, v := range row {
						cells = append(cells, reportCell{name, row[4], rows[2][i], v})
					}
				}
			}
			switch name {
			case "betrokkenheid": // proposals and needs only, no people
				for _, c := range cells {
					if aboutPeople(c) {
						t.Errorf("%s: %q is not known as a figure without people", name, c.row)
					}
				}
			case "gezondheid": // the averages stay empty; the header says how many people
				apptest.Contains(t, r.Body, "deze periode (<5 mensen)")
				check(cells, "")
			default:
				check(cells, "<5")
			}
		}

		// The PDF: the same words, and no small count in its running text.
		pdf := pdfText(t, []byte(partner.Get(link(t, page.Body, "Download de rapportage (PDF)")).Body))
		words := strings.Join(strings.Fields(pdf[:strings.Index(pdf, "Bijlage: wat betekenen de cijfers?")]), " ")
		for _, m := range proseRe.FindAllString(words, -1) {
			t.Errorf("the PDF says %q", m)
		}
		for _, want := range []string{"Kosten per deelnemer minder dan 5", "Actieve vrijwilligers minder dan 5 Vrijwilligersuren minder dan 5",
			"Deze periode (minder dan 5 mensen)", "Ontmoeting (eenzaamheid) minder dan 5", "Taalcafé 4 minder dan 5 minder dan 5 minder dan 5",
			"Hele periode minder dan 5 —", "45 (2026) minder dan 5 minder dan 5 minder dan 5 0", "Mentaal welbevinden minder dan 5 minder dan 5 minder dan 5"} {
			if !strings.Contains(words, want) {
				t.Errorf("the PDF lacks %q:\n%s", want, words)
			}
		}
	})
}
