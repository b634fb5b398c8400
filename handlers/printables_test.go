package handlers_test

import (
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"onshuis/app/apptest"
	"onshuis/figures"
	"onshuis/models"
)

// pdfPageText extracts one page's text (pages count from 1).
func pdfPageText(t *testing.T, pdf []byte, page int) string {
	t.Helper()
	apptest.RequireTool(t, "pdftotext")
	in := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", "-f", fmt.Sprint(page), "-l", fmt.Sprint(page), in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext page %d: %v", page, err)
	}
	return string(out)
}

func TestSessionRosterPDF(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		id, _ := s.Activity(coordinator, "Taalcafé", "2")
		page := fmt.Sprintf("/activiteiten/%d", id)
		for i, name := range []string{"Ayşe Yılmaz", "Łukasz Wójcik", "Zoë de Vries"} {
			c := s.Register(name, fmt.Sprintf("p%d@example.nl", i))
			c.Submit(page, page+"/aanmelden", nil)
		}
		role := models.VolunteerRole{ActivityID: id, Name: "taalmaatje", PerSession: 2}
		models.AddRole(s.DB, &role)
		henk := s.Register("Henk van den Berg", "henk@example.nl")
		s.Volunteer(henk, []string{"teaching"}, nil)
		henk.Submit(page+"/vrijwilligers", fmt.Sprintf("/rollen/%d/aanmelden", role.ID), apptest.Form("session", "every"))
		var sess models.Session
		s.DB.Where("activity_id = ? AND date = ?", id, "2026-12-01").Take(&sess)

		r := coordinator.Get(fmt.Sprintf("/coordinator/sessies/%d/rooster.pdf", sess.ID))
		if r.Status != 200 || !strings.Contains(r.Header.Get("Content-Disposition"), `filename="rooster-taalcafe-2026-12-01.pdf"`) {
			t.Fatalf("roster: %d %s", r.Status, r.Header.Get("Content-Disposition"))
		}
		text := pdfPageText(t, []byte(r.Body), 1)
		for _, want := range []string{"Taalcafé", "dinsdag 1 december 2026", "14:00–16:00", "Begeleiding: Leider Taalcafé",
			"Ayşe Yılmaz", "Łukasz Wójcik", "Deelnemers (2 van 2)", "Wachtlijst (1)", "Zoë de Vries",
			"Vrijwilligers: taalmaatje (2 nodig)", "Henk van den Berg", "Handtekening", "Zonder aanmelding binnengelopen", "Pagina 1 van 1"} {
			if !strings.Contains(text, want) {
				t.Errorf("roster lacks %q", want)
			}
		}
		if again := coordinator.Get(fmt.Sprintf("/coordinator/sessies/%d/rooster.pdf", sess.ID)); again.Body != r.Body {
			t.Error("the roster is not deterministic")
		}
		// Names are for coordinators only.
		if r := s.Register("Wim", "wim@example.nl").Get(fmt.Sprintf("/coordinator/sessies/%d/rooster.pdf", sess.ID)); r.Status != 403 {
			t.Errorf("resident printing a roster: %d", r.Status)
		}
	})
}

// A roster of 200 participants runs over several pages; every page repeats the
// session and the table header, and is numbered.
func TestLongRosterRepeatsHeader(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		id, _ := s.Activity(coordinator, "Buurtfeest", "200")
		for i := 0; i < 200; i++ {
			email := fmt.Sprintf("gast%03d@example.nl", i)
			u := models.User{Name: fmt.Sprintf("Gast %03d Zoë", i), Email: &email, PasswordHash: "x"}
			if err := models.CreateUser(s.DB, &u); err != nil {
				t.Fatal(err)
			}
			if err := s.DB.Create(&models.Participation{ActivityID: id, UserID: u.ID, Status: models.Joined}).Error; err != nil {
				t.Fatal(err)
			}
		}
		coordinator.Get(fmt.Sprintf("/activiteiten/%d", id))
		var sess models.Session
		s.DB.Where("activity_id = ?", id).Order("date").Limit(1).Take(&sess)
		r := coordinator.Get(fmt.Sprintf("/coordinator/sessies/%d/rooster.pdf", sess.ID))
		page2 := pdfPageText(t, []byte(r.Body), 2)
		for _, want := range []string{"Buurtfeest (vervolg)", "Deelnemers (200 van 200) (vervolg)", "Naam", "Handtekening", "Pagina 2 van"} {
			if !strings.Contains(page2, want) {
				t.Errorf("page 2 lacks %q:\n%s", want, page2)
			}
		}
		all := pdfText(t, []byte(r.Body))
		if !strings.Contains(all, "Gast 000 Zoë") || !strings.Contains(all, "Gast 199 Zoë") || strings.Count(all, "Handtekening") < 7 {
			t.Errorf("participants or repeated headers missing:\n%s", all)
		}
	})
}

func TestWeekBundleAndProgrammePoster(t *testing.T) {
	apptest.RequireTool(t, "zbarimg")
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		s.Activity(coordinator, "Taalles", "10", "weekdays", "2", "weekdays", "4") // Tuesday and Thursday
		s.Activity(coordinator, "Ronde tafel", "0", "weekdays", "1", "start_time", "10:00", "end_time", "11:30", "first_date", "2026-11-30")
		r := coordinator.Get("/coordinator/roosters.pdf?week=2026-W49")
		if r.Status != 200 || !strings.Contains(r.Header.Get("Content-Disposition"), "roosters-ons-huis-van-de-wijk-2026-W49.pdf") {
			t.Fatalf("bundle: %d %s", r.Status, r.Header.Get("Content-Disposition"))
		}
		// Three sessions (Mon, Tue, Thu), one per page, in order.
		for i, want := range []string{"maandag 30 november 2026", "dinsdag 1 december 2026", "donderdag 3 december 2026"} {
			if text := pdfPageText(t, []byte(r.Body), i+1); !strings.Contains(text, want) || !strings.Contains(text, fmt.Sprintf("Pagina %d van 3", i+1)) {
				t.Errorf("page %d does not show %q:\n%s", i+1, want, text)
			}
		}

		r = coordinator.Get("/coordinator/programmaposter.pdf?week=2026-W49")
		text := pdfPageText(t, []byte(r.Body), 1)
		for _, want := range []string{"Programma week 49", "maandag 30 november", "10:00–11:30", "Ronde tafel", "vrije inloop", "dinsdag 1 december", "Taalles", "zondag 6 december"} {
			if !strings.Contains(text, want) {
				t.Errorf("programme poster lacks %q", want)
			}
		}
		if got := decodeQR(t, []byte(r.Body)); got != "http://127.0.0.1:3000/checkin/"+doorCode(t, s) {
			t.Errorf("programme poster QR: %q", got)
		}
	})
}

// The impact report against a hand-made November 2026:
//
//	Taalcafé (theme meeting, 10 places) on Tuesdays 3, 10, 17 (cancelled) and 24 November,
//	with 5, 4 and 6 check-ins: 3 sessions held, average 5,0, fill rate 50%.
//	Visitors: keys k1…k9 and two headcounts, 15 visits; k1 and k2 also came in October.
//	Volunteer Henk: 2 hours on 3 and 10 November → 1 active, 4 hours, € 60,00.
//	Proposals by residents in November: 2, one approved and one declined; one need arranged.
//	Wellbeing: 5 answers 6, 7, 8, 9, 10 → 8,0.
func TestImpactReportFigures(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		id, _ := s.Activity(coordinator, "Taalcafé", "10", "first_date", "2026-11-03")
		declined := s.Propose(s.Register("Wim Verhoeven", "wim@example.nl"), "Vuurwerk")
		p := fmt.Sprintf("/coordinator/voorstellen/%d", declined)
		coordinator.Submit(p, p+"/besluit", apptest.Form("lowers_threshold", "no", "more_collective", "no", "healthier", "no",
			"decision", "decline", "message", "Niet in het gebouw."))
		centre, _ := models.DefaultCentre(s.DB)
		ams := centre.Location()
		a, _ := models.ActivityByID(s.DB, id)
		sessions, err := models.SessionsOf(s.DB, []models.Activity{*a}, time.Date(2026, 11, 1, 0, 0, 0, 0, ams), time.Date(2026, 12, 1, 0, 0, 0, 0, ams), ams)
		if err != nil || len(sessions) != 4 {
			t.Fatalf("sessions: %d %v", len(sessions), err)
		}
		models.SetSessionCancelled(s.DB, sessions[2].ID, true, "ziek", "")
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
		check("a:k2", time.Date(2026, 10, 27, 14, 0, 0, 0, ams), 0, 0)
		nov3, nov10, nov24 := sessions[0].StartsAt, sessions[1].StartsAt, sessions[3].StartsAt
		for i, k := range []string{"a:k1", "a:k2", "a:k3", "a:k4", "a:k5"} {
			check(k, nov3, sessions[0].ID, 6+i) // moods 6, 7, 8, 9, 10: five answers, too few for the report (it needs 10)
		}
		for _, k := range []string{"a:k1", "a:k2", "a:k6", "a:k7"} {
			check(k, nov10, sessions[1].ID, 0)
		}
		for _, k := range []string{"a:k1", "a:k8", "a:k9", "", ""} {
			check(k, nov24, sessions[3].ID, 0)
		}
		check("a:k3", nov24, sessions[3].ID, 0)
		// Volunteer hours.
		role := models.VolunteerRole{ActivityID: id, Name: "taalmaatje", PerSession: 1}
		models.AddRole(s.DB, &role)
		henk := s.Register("Henk van den Berg", "henk@example.nl")
		hu, _ := models.UserByLogin(s.DB, "henk@example.nl")
		for _, sess := range sessions[:2] {
			models.ConfirmHours(s.DB, sess.ID, 1, []models.HoursEntry{{RoleID: &role.ID, UserID: hu.ID, Present: true, Minutes: 120}})
		}
		_ = henk
		need := models.Need{ActivityID: id, Kind: models.NeedMaterials, Description: "Woordenboeken", Status: models.NeedOpen}
		s.DB.Create(&need)
		if err := models.ArrangeNeed(s.DB, defaultCentreID(t, s), models.NeedOfActivity, need.ID); err != nil {
			t.Fatal(err)
		}

		f, err := figures.ReportFiguresOf(s.DB, []models.Centre{*centre}, mustPeriod(t, "2026-11"), 1500, s.Clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		got := fmt.Sprintf("visits %d unique %d new %d returning %d headcounts %d held %d avg %.1f fill %.2f meeting %d volunteers %d min %d value %d proposals %d approved %d declined %d share %.2f led %d needs %d mood %d %.1f %v",
			f.Totals.Visits, f.Totals.Unique, f.Totals.New, f.Totals.Returning, f.Totals.Headcounts, f.SessionsHeld, f.AvgAttendance, f.FillRate,
			f.Themes[0].Visits, f.Volunteers.Active, f.Volunteers.Minutes, f.Volunteers.ValueCents, f.Involvement.Proposals,
			f.Involvement.Approved, f.Involvement.Declined, f.Involvement.ApprovedShare, f.Involvement.ResidentLed, f.Involvement.NeedsArranged,
			f.WellbeingAll.Count, f.WellbeingAll.Average, f.WellbeingAll.Shown)
		want := "visits 15 unique 11 new 7 returning 2 headcounts 2 held 3 avg 5.0 fill 0.50 meeting 15 volunteers 1 min 240 value 6000 proposals 2 approved 1 declined 1 share 0.50 led 1 needs 1 mood 5 0.0 false"
		if got != want {
			t.Errorf("November 2026:\n got %s\nwant %s", got, want)
		}
		// Regulars: k1 came in W43, W45, W46, W48 and k2 in W44, W45, W46: both are
		// regulars in W46, only k1 in W48, nobody in W45 (two of four weeks).
		regular := map[string]int{}
		for _, w := range f.Weeks {
			regular[w.Week] = w.Regulars
		}
		if regular["2026-W45"] != 0 || regular["2026-W46"] != 2 || regular["2026-W47"] != 0 || regular["2026-W48"] != 1 || len(regular) != 5 {
			t.Errorf("regulars per week: %v", regular)
		}

		// The PDF shows the same figures and no personal data.
		partner := s.Register("Gemeente Oss", "partner@example.nl")
		s.GiveRole("partner@example.nl", models.RolePartner)
		r := partner.Get("/rapport.pdf?periode=2026-11")
		if r.Status != 200 || !strings.Contains(r.Header.Get("Content-Disposition"), "impactrapportage-ons-huis-van-de-wijk-2026-11.pdf") {
			t.Fatalf("report PDF: %d %s", r.Status, r.Header.Get("Content-Disposition"))
		}
		all := pdfText(t, []byte(r.Body))
		// One volunteer's hours (€ 60,00) are a small group's: "minder dan 5".
		for _, want := range []string{"Impactrapportage", "november 2026", "minder dan 5", "Bijlage: wat betekenen de cijfers?", "Vulgraad", "50,0%", "Taalcafé",
			"Periode 1 november 2026 t/m 30 november 2026", "46 (2026)"} {
			if !strings.Contains(all, want) {
				t.Errorf("report PDF lacks %q", want)
			}
		}
		for _, personal := range []string{"Henk", "Wim", "Carla", "@example.nl", "Leider"} {
			if strings.Contains(all, personal) {
				t.Errorf("report PDF contains personal data %q", personal)
			}
		}
		// The CSV tables open with encoding/csv and hold the same values.
		r = partner.Get("/rapport/activiteiten.csv?periode=2026-11")
		rows := readCSV(t, r.Body)[2:] // after the centre and the period
		if len(rows) != 2 || rows[1][0] != "Taalcafé" || rows[1][2] != "3" || rows[1][3] != "15" || rows[1][4] != "5,0" || rows[1][5] != "50,0%" {
			t.Errorf("activities CSV: %v", rows)
		}
		rows = readCSV(t, partner.Get("/rapport/samenvatting.csv?periode=2026-11").Body)[2:]
		if rows[1][0] != "bezoeken" || rows[1][1] != "15" {
			t.Errorf("summary CSV: %v", rows)
		}
		apptest.Contains(t, partner.Get("/rapport?periode=2026-11").Body, "Impact van Ons Huis van de Wijk – november 2026", "waarde vrijwilligersuren")
		apptest.NotContains(t, partner.Get("/rapport?periode=2026-11").Body, "€ 60,00")
		// Residents see no report.
		if r := s.Register("Zoë", "zoe@example.nl").Get("/rapport"); r.Status != 403 {
			t.Errorf("resident on the report: %d", r.Status)
		}
		// A partner cannot print names.
		if r := partner.Get("/coordinator/roosters.pdf"); r.Status != 403 {
			t.Errorf("partner printing rosters: %d", r.Status)
		}
	})
}

func mustPeriod(t *testing.T, key string) figures.Period {
	p, err := figures.ParsePeriod(key)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func readCSV(t *testing.T, body string) [][]string {
	t.Helper()
	if !strings.HasPrefix(body, "\uFEFF") {
		t.Error("CSV has no byte order mark")
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF")))
	r.Comma, r.FieldsPerRecord = ';', -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("CSV: %v", err)
	}
	return rows
}

func TestAccountsRoles(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		partner := s.Register("Gemeente Oss", "partner@example.nl")
		u, _ := models.UserByLogin(s.DB, "partner@example.nl")
		coordinator.Submit("/coordinator/accounts", fmt.Sprintf("/coordinator/accounts/%d/rol", u.ID), apptest.Form("role", "partner"))
		apptest.Contains(t, partner.Get("/").Body, `href="/rapport"`)
		if r := partner.Get("/rapport"); r.Status != 200 {
			t.Errorf("partner on report: %d", r.Status)
		}
		// The only coordinator cannot step down.
		r := coordinator.Submit("/coordinator/accounts", "/coordinator/accounts/1/rol", apptest.Form("role", "resident"))
		apptest.Contains(t, r.Follow(coordinator).Body, "Dit is de enige coördinator")
		if r := partner.Get("/coordinator/accounts"); r.Status != 403 {
			t.Errorf("partner on accounts: %d", r.Status)
		}
	})
}

func TestParsePeriod(t *testing.T) {
	for key, want := range map[string]string{
		"2026-11": "2026-11-01..2026-11-30", "2026-02": "2026-02-01..2026-02-28", "2026-Q4": "2026-10-01..2026-12-31",
		"2026": "2026-01-01..2026-12-31", "2026-01-05..2026-03-29": "2026-01-05..2026-03-29",
	} {
		p, err := figures.ParsePeriod(key)
		if err != nil || p.From+".."+p.To != want {
			t.Errorf("ParsePeriod(%q) = %s..%s, %v; want %s", key, p.From, p.To, err, want)
		}
	}
	for _, bad := range []string{"2026-13", "2026-Q5", "26", "2026-03-01..2026-01-01", "x"} {
		if _, err := figures.ParsePeriod(bad); err == nil {
			t.Errorf("ParsePeriod(%q) accepted", bad)
		}
	}
}

// The programme poster shows what the programme page shows, in full: a long walk-in
// title with its room is not cut off, the week's dates do not break in two, and a day
// without sessions says what the page says. It prints in one typeface.
func TestProgrammePosterShowsWhatTheSiteShows(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		id := s.Propose(s.Register("Truus Janssen", "truus@example.nl"), "Ronde tafel: wie wil, schuift aan")
		if r := s.Approve(coordinator, id, "0", "weekdays", "1", "start_time", "10:00", "end_time", "11:30", "first_date", "2026-11-30"); r.Status != 303 {
			t.Fatalf("approve: %d", r.Status)
		}
		site := coordinator.Get("/?week=2026-W49").Body
		sunday := site[strings.Index(site, `id="day-2026-12-06"`):]
		apptest.Contains(t, sunday[:strings.Index(sunday, "</section>")], "Geen activiteiten.")

		r := coordinator.Get("/coordinator/programmaposter.pdf?week=2026-W49")
		text := pdfPageText(t, []byte(r.Body), 1)
		words := strings.Join(strings.Fields(text), " ")
		for _, want := range []string{"Ronde tafel: wie wil, schuift aan (huiskamer, vrije inloop)", "zondag 6 december Geen activiteiten."} {
			if !strings.Contains(words, want) {
				t.Errorf("the poster lacks %q:\n%s", want, text)
			}
		}
		if !regexp.MustCompile(`(?m)30 november – 6 december\s*$`).MatchString(text) || strings.Contains(text, "…") || strings.Contains(text, "Huiskamer open") {
			t.Errorf("the poster breaks the dates, cuts a title or says what the site does not:\n%s", text)
		}
		file := filepath.Join(t.TempDir(), "poster.pdf")
		if err := os.WriteFile(file, []byte(r.Body), 0o600); err != nil {
			t.Fatal(err)
		}
		fonts, err := exec.Command(apptest.RequireTool(t, "pdffonts"), file).Output()
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(fonts), "\n")[2:] {
			if f := strings.Fields(line); len(f) > 0 && f[0] != "utf8liberationsans" && f[0] != "utf8liberationsansB" {
				t.Errorf("the poster prints in %s too", f[0])
			}
		}
	})
}
