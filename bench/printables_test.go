package bench

import (
	"bytes"
	"fmt"
	"strconv"
	"testing"
	"time"

	"onshuis/figures"
	"onshuis/models"
	"onshuis/printables"
)

// Size of the printables of issue 7.
const (
	partyPlaces   = 200 // participants on the big roster
	partyWaiting  = 10  // and on its waiting list
	bundleSession = 40  // sessions in the week's bundle: every activity once
	hourValue     = 1500
)

// BenchmarkPrintables measures the coordinator's PDFs (issue 7) on a centre with three
// years of visits, sessions and volunteer hours, every activity meeting once a week:
//
//   - roster-200: the roster of one session with 200 participants, 10 on the waiting
//     list and two volunteer roles (GET /coordinator/sessies/{id}/rooster.pdf);
//   - week-40-sessions: this week's bundle, one roster per session
//     (GET /coordinator/roosters.pdf?week=…);
//   - report-2026: the impact report for the year (GET /rapport.pdf?periode=2026),
//     warm, the first one of the year (cold), and the first one after the app's
//     housekeeping stored the weeks that ended (KeepFinishedWeeks, also timed);
//   - programme-poster: this week's programme poster, for comparison;
//   - report-3-years: ReportFiguresOf over the whole visit history, for scale.
//
// "render" times the printables function alone on data gathered beforehand (pure PDF
// rendering), "http" the request as the coordinator over a real TCP connection (SQL,
// rendering, gzip, transfer), and "ReportFiguresOf" the report's SQL alone. Extra
// columns: pdf-B (size) and pages, and for http server-ms/op and queries/op.
func BenchmarkPrintables(b *testing.B) {
	eachVisitFixture(b, []fixtureOption{oncePerWeek}, func(b *testing.B, f *fixture) {
		now := f.Clock.Now()
		loc := f.centre.Location()
		coordinator := f.coordinator(b)
		rooms, err := models.RoomsOfCentre(f.DB, f.centre.ID)
		if err != nil {
			b.Fatal(err)
		}
		roomNames := map[int64]string{}
		for _, r := range rooms {
			roomNames[r.ID] = r.Name
		}

		party, partySession := f.addParty(b)
		roster := f.rosterOf(b, party, partySession, roomNames)
		if len(roster.Lists) < 3 || len(roster.Lists[0].People) != partyPlaces || len(roster.Lists[2].People) != partyWaiting {
			b.Fatalf("party roster: %+v", roster.Lists)
		}
		b.Run("roster-200", func(b *testing.B) {
			b.Run("render", func(b *testing.B) {
				renderLoop(b, func(buf *bytes.Buffer) error {
					return printables.WriteRosters(buf, rosters("Rooster "+party.Title, now, roster))
				})
			})
			b.Run("http", func(b *testing.B) {
				f.pdfLoop(b, coordinator, fmt.Sprintf("/coordinator/sessies/%d/rooster.pdf", partySession.ID))
			})
		})

		week := models.WeekOf(now, loc)
		acts, err := models.PublishedActivities(f.DB, f.centre.ID, week.Start(), week.End(), "")
		if err != nil {
			b.Fatal(err)
		}
		sessions, err := models.SessionsOf(f.DB, acts, week.Start(), week.End(), loc)
		if err != nil || len(sessions) != bundleSession {
			b.Fatalf("week %s: %d sessions, want %d (%v)", week, len(sessions), bundleSession, err)
		}
		byID := map[int64]*models.Activity{}
		for i := range acts {
			byID[acts[i].ID] = &acts[i]
		}
		var bundle []printables.RosterSession
		for _, s := range sessions {
			bundle = append(bundle, f.rosterOf(b, byID[s.ActivityID], s, roomNames))
		}
		b.Run("week-40-sessions", func(b *testing.B) {
			b.Run("render", func(b *testing.B) {
				renderLoop(b, func(buf *bytes.Buffer) error {
					return printables.WriteRosters(buf, rosters(fmt.Sprintf("Roosters week %d", week.Number), now, bundle...))
				})
			})
			b.Run("http", func(b *testing.B) {
				f.pdfLoop(b, coordinator, "/coordinator/roosters.pdf?week="+week.String())
			})
		})

		year, err := figures.ParsePeriod("2026")
		if err != nil {
			b.Fatal(err)
		}
		centres := []models.Centre{*f.centre}
		fig, err := figures.ReportFiguresOf(f.DB, centres, year, hourValue, now)
		if err != nil {
			b.Fatal(err)
		}
		if fig.Totals.Visits == 0 || len(fig.Weeks) != week.Number || fig.SessionsHeld == 0 || fig.AvgRegulars == 0 ||
			fig.Volunteers.Active == 0 || !fig.WellbeingAll.Shown || fig.Themes[0].Visits == 0 {
			b.Fatalf("report 2026: figures incomplete: %+v", fig)
		}
		b.Logf("report 2026: %d visits, %d unique, %d new, %.1f regulars a week, %d sessions held, average attendance %.1f, fill rate %.3f, %d volunteers %.0f h, %d weeks",
			fig.Totals.Visits, fig.Totals.Unique, fig.Totals.New, fig.AvgRegulars, fig.SessionsHeld, fig.AvgAttendance, fig.FillRate,
			fig.Volunteers.Active, fig.Volunteers.Hours(), len(fig.Weeks))
		f.profile(b, "ReportFiguresOf (2026)", 3, func() {
			if _, err := figures.ReportFiguresOf(f.DB, centres, year, hourValue, now); err != nil {
				b.Fatal(err)
			}
		})
		b.Run("report-2026", func(b *testing.B) {
			b.Run("ReportFiguresOf", func(b *testing.B) {
				q0 := f.queries.n.Load()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					if _, err := figures.ReportFiguresOf(f.DB, centres, year, hourValue, now); err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				b.ReportMetric(float64(f.queries.n.Load()-q0)/float64(b.N), "queries/op")
			})
			// The first report of the year, in its two parts: the weeks that ended stored
			// by the app's housekeeping (three years from nothing), then the report.
			b.Run("KeepFinishedWeeks", func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					if err := figures.ClearWeekFigures(f.DB); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
					n, err := figures.KeepFinishedWeeks(f.DB, now)
					if err != nil {
						b.Fatal(err)
					}
					b.ReportMetric(float64(n), "weeks")
				}
			})
			b.Run("first-after-housekeeping", func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					if err := figures.ClearWeekFigures(f.DB); err != nil {
						b.Fatal(err)
					}
					if _, err := figures.KeepFinishedWeeks(f.DB, now); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
					if _, err := figures.ReportFiguresOf(f.DB, centres, year, hourValue, now); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("first-cold", func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					if err := figures.ClearWeekFigures(f.DB); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
					if _, err := figures.ReportFiguresOf(f.DB, centres, year, hourValue, now); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("render", func(b *testing.B) {
				renderLoop(b, func(buf *bytes.Buffer) error {
					return printables.WriteImpactReport(buf, reportView(f.centre.Name+" · 2026", fig, now))
				})
			})
			b.Run("http", func(b *testing.B) {
				f.pdfLoop(b, coordinator, "/rapport.pdf?periode=2026")
			})
		})

		b.Run("programme-poster", func(b *testing.B) {
			b.Run("http", func(b *testing.B) {
				f.pdfLoop(b, coordinator, "/coordinator/programmaposter.pdf?week="+week.String())
			})
		})

		first := models.WeekOf(now, loc).Add(-visitWeeks).Start()
		all, err := figures.ParsePeriod(first.Format(models.Date) + ".." + now.In(loc).Format(models.Date))
		if err != nil {
			b.Fatal(err)
		}
		b.Run("report-3-years", func(b *testing.B) {
			b.Run("ReportFiguresOf", func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					fig, err := figures.ReportFiguresOf(f.DB, centres, all, hourValue, now)
					if err != nil {
						b.Fatal(err)
					}
					if i == 0 {
						b.ReportMetric(float64(fig.Totals.Visits), "visits")
					}
				}
			})
		})
	})
}

// renderLoop renders a PDF b.N times into a reused buffer and reports its size and pages.
func renderLoop(b *testing.B, render func(*bytes.Buffer) error) {
	b.Helper()
	var buf bytes.Buffer
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		buf.Reset()
		if err := render(&buf); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	reportPDF(b, buf.Bytes())
}

// pdfLoop GETs the PDF at path b.N times as w, after checking once that it is a PDF.
func (f *fixture) pdfLoop(b *testing.B, w *browser, path string) {
	b.Helper()
	st, body, err := w.get(path)
	if err != nil || st != 200 || !bytes.HasPrefix(body, []byte("%PDF-")) {
		b.Fatalf("GET %s: %d %v %q", path, st, err, body[:min(len(body), 200)])
	}
	f.getLoop(b, w, path, "application/pdf")
	reportPDF(b, body)
}

func reportPDF(b *testing.B, pdf []byte) {
	b.ReportMetric(float64(len(pdf)), "pdf-B")
	b.ReportMetric(float64(bytes.Count(pdf, []byte("/Type /Page"))-bytes.Count(pdf, []byte("/Type /Pages"))), "pages")
}

// addParty adds next Saturday's neighbourhood party: one session with 200 places, all
// taken, 10 people on the waiting list, and two volunteer roles (one full, one not).
func (f *fixture) addParty(b *testing.B) (*models.Activity, models.Session) {
	b.Helper()
	loc := f.centre.Location()
	day := models.WeekOf(f.Clock.Now(), loc).Next().Start().AddDate(0, 0, 5) // Saturday
	lead := f.residents[3].ID
	room := f.rooms[2].ID // Grote zaal
	a := models.Activity{
		CentreID: f.centre.ID, ProposerID: &lead, LeadID: &lead, RoomID: &room,
		Title: "Buurtfeest", Want: "Eén keer per jaar de hele buurt aan tafel.", Can: "Ik regel de tafels en de muziek.",
		Themes: "meeting,food", ExpectedPeople: 200, Capacity: partyPlaces, Recurrence: models.RecurrenceOnce,
		StartTime: "16:00", EndTime: "21:00", FirstDate: day.Format(models.Date), Status: models.StatusApproved,
	}
	if err := f.DB.Create(&a).Error; err != nil {
		b.Fatal(err)
	}
	ss, err := models.SessionsOf(f.DB, []models.Activity{a}, day, day.AddDate(0, 0, 1), loc)
	if err != nil || len(ss) != 1 {
		b.Fatalf("party session: %d %v", len(ss), err)
	}
	ps := make([]models.Participation, 0, partyPlaces+partyWaiting)
	for i := 0; i < partyPlaces+partyWaiting; i++ {
		p := models.Participation{ActivityID: a.ID, UserID: f.residents[(7*i)%numResidents].ID, Status: models.Joined, CreatedAt: f.Clock.Now()}
		if i >= partyPlaces {
			p.Status = models.Waitlisted
		}
		ps = append(ps, p)
	}
	if err := f.DB.CreateInBatches(&ps, 500).Error; err != nil {
		b.Fatal(err)
	}
	roles := []models.VolunteerRole{{ActivityID: a.ID, Name: "Opbouwen", PerSession: 4}, {ActivityID: a.ID, Name: "Afwas", PerSession: 3}}
	if err := f.DB.Create(&roles).Error; err != nil {
		b.Fatal(err)
	}
	var shifts []models.Shift
	for i := 0; i < 5; i++ {
		role := roles[0].ID
		if i >= 4 {
			role = roles[1].ID
		}
		shifts = append(shifts, models.Shift{RoleID: role, UserID: f.residents[250+i].ID, SessionID: &ss[0].ID})
	}
	if err := f.DB.Create(&shifts).Error; err != nil {
		b.Fatal(err)
	}
	return &a, ss[0]
}

// rosterOf gathers a session's roster from the data the handler reads for it
// (models.RosterDataOf), in the shape the PDF takes, so that the rendering can be
// timed alone. The words are the Dutch ones; the handler takes them from the
// translations.
func (f *fixture) rosterOf(b *testing.B, a *models.Activity, s models.Session, rooms map[int64]string) printables.RosterSession {
	b.Helper()
	data, err := models.RosterDataOf(f.DB, []models.Activity{*a}, []models.Session{s})
	if err != nil {
		b.Fatal(err)
	}
	person := func(name string, email, phone *string) printables.RosterPerson {
		p := printables.RosterPerson{Name: name}
		if phone != nil {
			p.Contact = *phone
		} else if email != nil {
			p.Contact = *email
		}
		return p
	}
	r := printables.RosterSession{Title: a.Title, When: s.Date + ", " + a.StartTime + "–" + a.EndTime + " · " + f.centre.Name}
	if a.RoomID != nil {
		r.When += " · " + rooms[*a.RoomID]
	}
	joined, waiting := printables.RosterList{Caption: "Deelnemers"}, printables.RosterList{Caption: "Wachtlijst"}
	for _, p := range data.Participants[s.ID] {
		if p.Status == models.Joined {
			joined.People = append(joined.People, person(p.Name, p.Email, p.Phone))
		} else {
			waiting.People = append(waiting.People, person(p.Name, p.Email, p.Phone))
		}
	}
	r.Lists = []printables.RosterList{joined, {Caption: "Zonder aanmelding binnengelopen", Blanks: 8, From: len(joined.People) + 1}}
	if len(waiting.People) > 0 {
		r.Lists = append(r.Lists, waiting)
	}
	for _, role := range data.Roles[a.ID] {
		l := printables.RosterList{Caption: "Vrijwilligers: " + role.Name}
		if st := data.Staffing[role.ID][s.ID]; st != nil {
			for _, v := range st.Volunteers {
				l.People = append(l.People, person(v.Name, v.Email, v.Phone))
			}
		}
		l.Blanks = max(role.PerSession-len(l.People), 0)
		r.Lists = append(r.Lists, l)
	}
	return r
}

// rosters is a roster document of the sessions, with the Dutch words.
func rosters(title string, created time.Time, sessions ...printables.RosterSession) printables.Rosters {
	return printables.Rosters{DocTitle: title, Sessions: sessions, Columns: [4]string{"#", "Naam", "Contact", "Handtekening"},
		Words: printables.Words{PageOf: "Pagina {page} van {pages}", Continued: "(vervolg)"}, Created: created}
}

// reportView writes the figures out in the shape the report's PDF takes (every table
// with its rows), so that the rendering can be timed alone; the handler does the same
// with the words of the translations.
func reportView(heading string, fig *figures.ReportFigures, created time.Time) printables.ImpactReport {
	n := strconv.Itoa
	dec := func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
	r := printables.ImpactReport{DocTitle: "Impactrapportage " + heading, Title: "Impactrapportage", Heading: heading,
		Summary: []printables.Figure{{Value: n(fig.Totals.Visits), Label: "Bezoeken"}, {Value: n(fig.Totals.Unique), Label: "Unieke bezoekers"},
			{Value: dec(fig.AvgRegulars), Label: "Vaste bezoekers"}, {Value: n(fig.SessionsHeld), Label: "Bijeenkomsten gehouden"}},
		Weeks:  printables.Table{Headers: []string{"Week", "Bezoeken", "Unieke bezoekers", "Nieuw", "Vaste bezoekers"}},
		Themes: printables.Table{Headers: []string{"Thema", "Aanmeldingen"}}, Activities: printables.Table{Headers: []string{"Activiteit", "Gehouden", "Gem.", "Vulgraad", "Wachtlijst"}},
		Wellbeing: printables.Table{Headers: []string{"Maand", "Antwoorden", "Gemiddeld"}},
		Words:     printables.Words{PageOf: "Pagina {page} van {pages}", Continued: "(vervolg)"}, Created: created}
	for _, w := range fig.Weeks {
		r.Chart.Bars = append(r.Chart.Bars, printables.Bar{Label: w.Week[6:], Value: w.Visits})
		r.Weeks.Rows = append(r.Weeks.Rows, []string{w.Week, n(w.Visits), n(w.Unique), n(w.New), n(w.Regulars)})
	}
	for _, t := range fig.Themes {
		r.Themes.Rows = append(r.Themes.Rows, []string{t.Theme, n(t.Visits)})
	}
	for _, a := range fig.Activities {
		r.Activities.Rows = append(r.Activities.Rows, []string{a.Title, n(a.SessionsHeld), dec(a.AvgAttendance), dec(a.FillRate * 100), n(a.Waitlist)})
	}
	for _, m := range fig.Wellbeing {
		r.Wellbeing.Rows = append(r.Wellbeing.Rows, []string{m.Month, n(m.Count), dec(m.Average)})
	}
	for _, t := range []*printables.Table{&r.Visitors, &r.Volunteers, &r.Involvement} {
		t.Headers = []string{"Cijfer", "Aantal"}
		for i := 0; i < 5; i++ {
			t.Rows = append(t.Rows, []string{"cijfer", n(i)})
		}
	}
	return r
}
