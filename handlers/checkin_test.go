package handlers_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"onshuis/app"
	"onshuis/app/apptest"
	"onshuis/figures"
	"onshuis/models"
)

func doorCode(t *testing.T, s *apptest.Server) string {
	t.Helper()
	c, err := models.DefaultCentre(s.DB)
	if err != nil || c == nil {
		t.Fatalf("default centre: %v", err)
	}
	return c.DoorCode
}

func countVisits(s *apptest.Server) (n int64) {
	s.DB.Table("visits").Count(&n)
	return n
}

func TestDoorPosterDecodesToCheckInURL(t *testing.T) {
	apptest.RequireTool(t, "pdftoppm")
	apptest.RequireTool(t, "zbarimg")
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db, func(c *app.Config) { c.BaseURL = "https://onshuis.example" })
		coordinator := s.Setup()
		r := coordinator.Get("/coordinator/deur/poster.pdf")
		if r.Status != 200 || r.Header.Get("Content-Type") != "application/pdf" || !strings.Contains(r.Header.Get("Content-Disposition"), "deurposter-ons-huis-van-de-wijk.pdf") {
			t.Fatalf("poster: %d %s %s", r.Status, r.Header.Get("Content-Type"), r.Header.Get("Content-Disposition"))
		}
		want := "https://onshuis.example/checkin/" + doorCode(t, s)
		if got := decodeQR(t, []byte(r.Body)); got != want {
			t.Errorf("QR code decodes to %q, want %q", got, want)
		}
		text := pdfText(t, []byte(r.Body))
		for _, w := range []string{"Ons Huis van de Wijk", "Ik ben er", "Geen telefoon? Meld je bij de gastvrouw.", "English"} {
			if !strings.Contains(text, w) {
				t.Errorf("poster text lacks %q", w)
			}
		}
		// The same data gives the same file.
		if again := coordinator.Get("/coordinator/deur/poster.pdf"); again.Body != r.Body {
			t.Error("the poster is not deterministic")
		}
		if r := s.Register("Henk van den Berg", "henk@example.nl").Get("/coordinator/deur/poster.pdf"); r.Status != 403 {
			t.Errorf("resident printing the poster: %d", r.Status)
		}
	})
}

// decodeQR renders the first PDF page to PNG and reads the QR code with zbarimg.
func decodeQR(t *testing.T, pdf []byte) string {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "doc.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", in, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "page*.png"))
	if len(pages) == 0 {
		t.Fatal("pdftoppm made no page")
	}
	out, err := exec.Command("zbarimg", "-q", "--raw", pages[0]).Output()
	if err != nil {
		t.Fatalf("zbarimg found no code: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// pdfText extracts a PDF's text with pdftotext.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	apptest.RequireTool(t, "pdftotext")
	cmd := exec.Command("pdftotext", "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func TestAnonymousAndNamedCheckIn(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		id, lead := s.Activity(coordinator, "Taalcafé", "10", "weekdays", "4", "start_time", "10:00", "end_time", "12:00", "first_date", "2026-11-26")
		code := doorCode(t, s)
		phone := s.Client()
		page := phone.Get("/checkin/" + code)
		if page.Status != 200 {
			t.Fatalf("check-in page: %d", page.Status)
		}
		apptest.Contains(t, page.Body, "Ik ben er", "Taalcafé", "Hoe gaat het met je?", "Zeg ik liever niet")
		session := regexp.MustCompile(`name="session" value="(\d+)"`).FindStringSubmatch(page.Body)
		if session == nil {
			t.Fatal("today's session is not offered")
		}

		r := phone.PostWithToken("/checkin/"+code, apptest.Form("mood", "8"))
		if r.Status != 303 || r.Location != "/checkin/"+code+"/welkom" {
			t.Fatalf("check-in: %d %q", r.Status, r.Location)
		}
		welcome := r.Follow(phone).Body
		apptest.Contains(t, welcome, "Welkom! Fijn dat je er bent.", "Je bent ingecheckt bij Ons Huis van de Wijk.", "Taalcafé")
		var v models.Visit
		s.DB.Take(&v)
		if v.VisitorKey == nil || !strings.HasPrefix(*v.VisitorKey, "a:") || v.UserID != nil || !v.IsFirst || v.Source != "qr" || v.LocalDate != "2026-11-26" || v.IsoWeek != "2026-W48" {
			t.Errorf("stored visit: %+v", v)
		}

		// Scanning again the same day adds no visit and no second mood, but may add the activity.
		r = phone.Submit("/checkin/"+code, "/checkin/"+code, apptest.Form("mood", "2", "session", session[1]))
		apptest.Contains(t, r.Follow(phone).Body, "Je was vandaag al ingecheckt")
		var moods int64
		s.DB.Table("moods").Count(&moods)
		if n := countVisits(s); n != 1 || moods != 1 {
			t.Errorf("after a second scan: %d visits, %d moods; want 1 and 1", n, moods)
		}

		// The next day counts again, but the phone is no longer new.
		s.Clock.Add(24 * time.Hour)
		phone.Submit("/checkin/"+code, "/checkin/"+code, nil)
		var second models.Visit
		s.DB.Order("id DESC").Take(&second)
		if countVisits(s) != 2 || second.IsFirst || *second.VisitorKey != *v.VisitorKey {
			t.Errorf("next day: %d visits, second %+v", countVisits(s), second)
		}

		// A logged-in resident is checked in by name and shows on the session's attendance.
		s.Clock.Add(-24 * time.Hour)
		ayse := s.Register("Ayşe Yılmaz", "ayse@example.nl")
		r = ayse.Submit("/checkin/"+code, "/checkin/"+code, apptest.Form("session", session[1]))
		if r.Status != 303 {
			t.Fatalf("named check-in: %d", r.Status)
		}
		var named models.Visit
		s.DB.Where("user_id IS NOT NULL").Take(&named)
		if named.VisitorKey == nil || !strings.HasPrefix(*named.VisitorKey, "u:") {
			t.Errorf("named visit: %+v", named)
		}
		attendance := lead.Get("/sessies/" + session[1] + "/aanwezig")
		apptest.Contains(t, attendance.Body, "Ayşe Yılmaz", "en 1 bezoeker zonder naam")
		if r := s.Register("Wim", "wim@example.nl").Get("/sessies/" + session[1] + "/aanwezig"); r.Status != 403 {
			t.Errorf("attendance for another resident: %d", r.Status)
		}
		_ = id
	})
}

// Two taps at the same moment from one phone still give one visit.
func TestRacingTapsGiveOneVisit(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		s.Setup()
		code := doorCode(t, s)
		phone := s.Client()
		phone.Get("/checkin/" + code)
		phone.PostWithToken("/checkin/"+code, nil) // the phone gets its visitor key
		s.DB.Exec("DELETE FROM visits")
		token := phone.CSRF()
		var wg sync.WaitGroup
		statuses := make([]int, 20)
		for i := range statuses {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses[i] = phone.Post("/checkin/"+code, apptest.Form("_csrf", token)).Status
			}()
		}
		wg.Wait()
		for i, st := range statuses {
			if st != 303 {
				t.Errorf("tap %d: %d", i, st)
			}
		}
		if n := countVisits(s); n != 1 {
			t.Errorf("20 racing taps gave %d visits, want 1", n)
		}
	})
}

func TestCheckInRateLimit(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db, func(c *app.Config) { c.CheckInLimitPerIP = 3 })
		s.Setup()
		code := doorCode(t, s)
		for i := 0; i < 3; i++ {
			if r := s.Client().Submit("/checkin/"+code, "/checkin/"+code, nil); r.Status != 303 {
				t.Fatalf("check-in %d: %d", i, r.Status)
			}
		}
		r := s.Client().Submit("/checkin/"+code, "/checkin/"+code, nil)
		if r.Status != 429 || !strings.Contains(r.Body, "Wacht een minuut") || !strings.Contains(r.Body, "Ik ben er") {
			t.Errorf("over the limit: got %d, want 429 with a calm message and the form", r.Status)
		}
		if n := countVisits(s); n != 3 {
			t.Errorf("visits after the limit: %d, want 3", n)
		}
	})
}

func TestReplacedDoorCode(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		old := doorCode(t, s)
		// Without the tick nothing changes, and the page says so next to the tick box.
		r := coordinator.Submit("/coordinator/deur", "/coordinator/deur/vervangen", nil)
		if r.Status != 422 || doorCode(t, s) != old {
			t.Fatalf("replace without confirmation: got %d, code replaced %v; want 422 and the old code", r.Status, doorCode(t, s) != old)
		}
		apptest.Contains(t, r.Body, `href="#f-confirm"`, `id="f-confirm-error"`,
			"Zet eerst het vinkje als je zeker weet dat je een nieuwe code wilt.", `aria-describedby="f-confirm-error"`)
		coordinator.Submit("/coordinator/deur", "/coordinator/deur/vervangen", apptest.Form("confirm", "on"))
		fresh := doorCode(t, s)
		if fresh == old || len(fresh) < 16 {
			t.Fatalf("new door code %q", fresh)
		}
		r = s.Client().Get("/checkin/" + old)
		if r.Status != 404 || !strings.Contains(r.Body, "Deze poster is verouderd") || !strings.Contains(r.Body, "Ons Huis van de Wijk") {
			t.Errorf("old poster: got %d", r.Status)
		}
		if r := s.Client().Submit("/checkin/"+fresh, "/checkin/"+fresh, nil); r.Status != 303 {
			t.Errorf("new code: %d", r.Status)
		}
		apptest.Contains(t, coordinator.Get("/coordinator/deur").Body, "/checkin/"+fresh)
		if r := s.Client().Get("/checkin/geheel-onbekend"); r.Status != 404 || !strings.Contains(r.Body, "kennen we niet") {
			t.Errorf("unknown code: %d", r.Status)
		}
	})
}

func TestKioskCountUndoRevoke(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		s.Activity(coordinator, "Koffieochtend", "0", "weekdays", "4", "start_time", "10:00", "end_time", "12:00", "first_date", "2026-11-26")
		coordinator.Submit("/coordinator/deur", "/coordinator/kiosk", apptest.Form("label", "Tablet bij de deur"))
		m := regexp.MustCompile(`href="/kiosk/([a-z0-9]+)"`).FindStringSubmatch(coordinator.Get("/coordinator/deur").Body)
		if m == nil {
			t.Fatal("no kiosk link on the door page")
		}
		kiosk := "/kiosk/" + m[1]
		host := s.Client() // the tablet: no login
		page := host.Get(kiosk)
		apptest.Contains(t, page.Body, "&#43;1 bezoeker", "Koffieochtend", "Algemeen bezoek")
		session := regexp.MustCompile(`name="session" value="(\d+)"`).FindStringSubmatch(page.Body)[1]
		host.PostWithToken(kiosk+"/tel", nil)
		host.PostWithToken(kiosk+"/tel", apptest.Form("session", session))
		host.PostWithToken(kiosk+"/tel", apptest.Form("session", session))
		if n := countVisits(s); n != 3 {
			t.Fatalf("three taps: %d visits", n)
		}
		apptest.Contains(t, host.Get(kiosk).Body, "Vandaag 3 bezoekers geteld")
		r := host.PostWithToken(kiosk+"/ongedaan", nil)
		apptest.Contains(t, r.Follow(host).Body, "De laatste tik is weggehaald.", "Vandaag 2 bezoekers geteld")
		var sessions int64
		s.DB.Table("visit_sessions").Count(&sessions)
		if countVisits(s) != 2 || sessions != 1 {
			t.Errorf("after undo: %d visits, %d session links; want 2 and 1", countVisits(s), sessions)
		}

		// Revoked: the tablet can no longer count.
		var k models.KioskLink
		s.DB.Take(&k)
		coordinator.Submit("/coordinator/deur", fmt.Sprintf("/coordinator/kiosk/%d/intrekken", k.ID), nil)
		if r := host.Get(kiosk); r.Status != 404 {
			t.Errorf("revoked kiosk page: %d", r.Status)
		}
		host.Get("/inloggen") // an anonymous page with a form
		if r := host.PostWithToken(kiosk+"/tel", nil); r.Status != 404 || countVisits(s) != 2 {
			t.Errorf("revoked kiosk count: %d, visits %d", r.Status, countVisits(s))
		}
	})
}

// A kiosk link's name that is too long comes back on the door page with the message
// next to the field and the name as typed; revoking a link the centre does not have is
// a 404, not "it no longer works".
func TestKioskLinkMistakes(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		label := "Tablet bij de deur van de grote zaal, naast de kapstok en de koffie" // 67 characters
		r := coordinator.Submit("/coordinator/deur", "/coordinator/kiosk", apptest.Form("label", label))
		if r.Status != 422 {
			t.Fatalf("a label of %d characters: got %d, want 422", len(label), r.Status)
		}
		apptest.Contains(t, r.Body, "Er is iets niet goed ingevuld.", `href="#f-label"`, `id="f-label-error"`,
			"Dit is te lang. Maak het korter.", `name="label" type="text" value="`+label+`" aria-invalid="true"`)
		var links int64
		s.DB.Table("kiosk_links").Count(&links)
		if links != 0 {
			t.Errorf("a refused kiosk link was stored: %d links", links)
		}

		if r := coordinator.Submit("/coordinator/deur", "/coordinator/kiosk", apptest.Form("label", label[:40])); r.Status != 303 {
			t.Fatalf("a label of 40 characters: got %d", r.Status)
		}
		var k models.KioskLink
		s.DB.Take(&k)
		if r := coordinator.Submit("/coordinator/deur", fmt.Sprintf("/coordinator/kiosk/%d/intrekken", k.ID+1), nil); r.Status != 404 {
			t.Errorf("revoking a link that does not exist: got %d, want 404", r.Status)
		}
		for i := 0; i < 2; i++ { // a second press (an old tab) is no error
			r := coordinator.Submit("/coordinator/deur", fmt.Sprintf("/coordinator/kiosk/%d/intrekken", k.ID), nil)
			if r.Status != 303 {
				t.Fatalf("revoke %d: got %d", i+1, r.Status)
			}
			apptest.Contains(t, r.Follow(coordinator).Body, "De tabletlink werkt niet meer.")
		}
	})
}

// The weekly figures against a small hand-made week (Europe/Amsterdam):
//
//	key A: W46, W47, W48 (Mon 00:10 local = Sunday in UTC) → regular, not new
//	key B: W48 only, twice on Tuesday (one visit) → new
//	key C: W45, W48 → returning, not regular
//	two headcounts on Wednesday W48, one for the session → never new
func TestWeekFiguresFixture(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		centre, _ := models.DefaultCentre(s.DB)
		ams := centre.Location()
		at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, ams) }
		check := func(key string, t0 time.Time, mood int) {
			_, err := models.RecordCheckIn(s.DB, models.CheckIn{Centre: centre, At: t0, Source: models.SourceQR, VisitorKey: key, Mood: mood})
			if err != nil {
				t.Fatal(err)
			}
		}
		check("a:A", at(2026, 11, 10, 10, 0), 0) // W46
		check("a:A", at(2026, 11, 17, 10, 0), 0) // W47
		check("a:A", at(2026, 11, 23, 0, 10), 7) // W48: Monday 00:10 local is Sunday 23:10 UTC
		check("a:B", at(2026, 11, 24, 10, 0), 8)
		check("a:B", at(2026, 11, 24, 15, 0), 9) // same day: no visit, no second mood
		check("a:C", at(2026, 11, 3, 10, 0), 0)  // W45
		check("a:C", at(2026, 11, 29, 23, 30), 6)
		for i := 0; i < 2; i++ {
			if _, err := models.RecordCheckIn(s.DB, models.CheckIn{Centre: centre, At: at(2026, 11, 25, 11, 0), Source: models.SourceHeadcount}); err != nil {
				t.Fatal(err)
			}
		}
		week, _ := models.ParseWeek("2026-W48", ams)
		f, err := figures.WeekFiguresOf(s.DB, centre, week, s.Clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		got := fmt.Sprintf("visits %d unique %d new %d returning %d regulars %d headcounts %d moods %d shown %v",
			f.Visits, f.Unique, f.New, f.Returning, f.Regulars, f.Headcounts, f.Mood.Count, f.Mood.Shown)
		want := "visits 5 unique 5 new 1 returning 2 regulars 1 headcounts 2 moods 3 shown false"
		if got != want {
			t.Errorf("week 48:\n got %s\nwant %s", got, want)
		}
		perDay := []int{}
		for _, d := range f.PerDay {
			perDay = append(perDay, d.Visits)
		}
		if fmt.Sprint(perDay) != "[1 1 2 0 0 0 1]" {
			t.Errorf("per day: %v", perDay)
		}
		if f.PerSource[0].Visits != 3 || f.PerSource[2].Visits != 2 {
			t.Errorf("per source: %+v", f.PerSource)
		}
		if last := f.Trend[len(f.Trend)-1]; last.Week.String() != "2026-W48" || last.Visits != 5 || f.Trend[len(f.Trend)-2].Visits != 1 || f.Trend[len(f.Trend)-3].Visits != 1 {
			t.Errorf("trend: %+v", f.Trend)
		}
		// Two more answers make five: the average (7+8+6+5+9)/5 = 7.0 is shown.
		check("a:D", at(2026, 11, 26, 10, 0), 5)
		check("a:E", at(2026, 11, 26, 10, 0), 9)
		f, _ = figures.WeekFiguresOf(s.DB, centre, week, s.Clock.Now())
		if !f.Mood.Shown || f.Mood.Average != 7.0 || f.Mood.Count != 5 {
			t.Errorf("mood with 5 answers: %+v", f.Mood)
		}

		// The dashboard and its CSV show the same figures; only coordinators see them.
		page := coordinator.Get("/coordinator/bezoekers?week=2026-W48").Body
		apptest.Contains(t, page, "Bezoekers week 48", "<svg", "7,0")
		apptest.NotContains(t, page, `rel="next"`) // week 48 is this week: nothing to show after it
		apptest.Contains(t, coordinator.Get("/coordinator/bezoekers?week=2026-W47").Body, `href="/coordinator/bezoekers?week=2026-W48" rel="next"`)
		r := coordinator.Get("/coordinator/bezoekers.csv?week=2026-W48")
		if !strings.HasPrefix(r.Body, "\uFEFF") || !strings.Contains(r.Header.Get("Content-Disposition"), "bezoekers-ons-huis-van-de-wijk-2026-W48.csv") {
			t.Errorf("CSV: %q %s", r.Body[:10], r.Header.Get("Content-Disposition"))
		}
		cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.Body, "\uFEFF")))
		cr.Comma, cr.FieldsPerRecord = ';', -1
		rows, err := cr.ReadAll()
		if err != nil {
			t.Fatalf("CSV does not parse: %v", err)
		}
		values := map[string]string{}
		for _, row := range rows {
			if len(row) == 2 {
				values[row[0]] = row[1]
			}
		}
		if values["bezoeken"] != "7" || values["unieke bezoekers"] != "7" || values["vaste bezoekers"] != "1" {
			t.Errorf("CSV figures: %v", values)
		}
		if r := s.Register("Zoë", "zoe@example.nl").Get("/coordinator/bezoekers"); r.Status != 403 {
			t.Errorf("resident on dashboard: %d", r.Status)
		}
	})
}

// A check-in on 3 January 2027 belongs to 2026-W53.
func TestCheckInWeek53(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		s.Setup()
		s.Clock.Set(time.Date(2027, 1, 3, 22, 30, 0, 0, time.UTC)) // 23:30 in Amsterdam, Sunday
		code := doorCode(t, s)
		s.Client().Submit("/checkin/"+code, "/checkin/"+code, nil)
		var v models.Visit
		s.DB.Take(&v)
		if v.IsoWeek != "2026-W53" || v.LocalDate != "2027-01-03" {
			t.Errorf("visit on 3 January 2027: week %s date %s", v.IsoWeek, v.LocalDate)
		}
	})
}

// A finished week's figures are stored the first time they are asked for; the current
// week is always counted afresh, and a second report equals the first.
func TestFinishedWeeksAreStored(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		s.Setup()
		centre, _ := models.DefaultCentre(s.DB)
		ams := centre.Location()
		visit := func(key string, at time.Time) {
			if _, err := models.RecordCheckIn(s.DB, models.CheckIn{Centre: centre, At: at, Source: models.SourceQR, VisitorKey: key}); err != nil {
				t.Fatal(err)
			}
		}
		visit("a:1", time.Date(2026, 11, 17, 10, 0, 0, 0, ams)) // W47, over
		visit("a:2", time.Date(2026, 11, 24, 10, 0, 0, 0, ams)) // W48, this week
		w48, _ := models.ParseWeek("2026-W48", ams)
		first, err := figures.WeekFiguresOf(s.DB, centre, w48, s.Clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		var stored []string
		s.DB.Table("week_figures").Pluck("iso_week", &stored)
		if len(stored) != 11 || contains(stored, "2026-W48") {
			t.Errorf("stored weeks: %v; want the 11 finished weeks of the trend, not the current one", stored)
		}
		visit("a:3", time.Date(2026, 11, 26, 8, 0, 0, 0, ams)) // this week: counted at once
		second, _ := figures.WeekFiguresOf(s.DB, centre, w48, s.Clock.Now())
		if first.Visits != 1 || second.Visits != 2 || second.Trend[10].Visits != 1 {
			t.Errorf("this week %d then %d visits; last week %d", first.Visits, second.Visits, second.Trend[10].Visits)
		}
		p, _ := figures.ParsePeriod("2026-11")
		cold, _ := figures.ReportFiguresOf(s.DB, []models.Centre{*centre}, p, 1500, s.Clock.Now())
		warm, _ := figures.ReportFiguresOf(s.DB, []models.Centre{*centre}, p, 1500, s.Clock.Now())
		if fmt.Sprint(cold.Weeks) != fmt.Sprint(warm.Weeks) || cold.Totals != warm.Totals {
			t.Errorf("report differs the second time:\n%v\n%v", cold.Weeks, warm.Weeks)
		}
	})
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// The usual scan at the door, a phone without an account, activity or answer, is one
// statement once the process has seen the door (issue 21), and stores the row the
// full way stores (the first visit marked, one a day, the second scan told so). A code
// replaced gets no visit in this process or in another one on the same database,
// whatever they remembered of it. (A phone linked to an account and checking in
// logged out, through the same remembered door: TestOnePersonOneVisitADay.)
func TestDoorCheckInInOneStatement(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		centre, _ := models.DefaultCentre(s.DB)
		code := doorCode(t, s)
		door := "/checkin/" + code
		if r := s.Client().Submit(door, door, nil); r.Status != 303 { // this process now knows the door
			t.Fatalf("first check-in: %d", r.Status)
		}
		statements := s.CountStatements()
		phone := s.Client()
		phone.Get(door)
		var r *apptest.Response
		// The rate counter was written by the first check-in; within its quarter second
		// (the test clock stands still) it writes nothing more.
		n := statements.During(func() { r = phone.PostWithToken(door, nil) })
		if r.Status != 303 || r.Location != door+"/welkom" || n != 1 {
			t.Errorf("check-in of a new phone: %d %q in %d statements; want 303 to the welcome page in 1", r.Status, r.Location, n)
		}
		var v models.Visit
		s.DB.Order("id DESC").Take(&v)
		key := "a:" + phone.Cookie("onshuis_bezoeker")
		if v.VisitorKey == nil || *v.VisitorKey != key || v.UserID != nil || v.KioskID != nil || !v.IsFirst || v.MoodGiven ||
			v.Source != "qr" || v.CentreID != centre.ID || v.LocalDate != "2026-11-26" || v.IsoWeek != "2026-W48" || !v.VisitedAt.Equal(s.Clock.Now()) {
			t.Errorf("stored visit: %+v, want the phone's key %q", v, key)
		}
		apptest.Contains(t, r.Follow(phone).Body, "Welkom! Fijn dat je er bent.")
		r = phone.Submit(door, door, nil)
		apptest.Contains(t, r.Follow(phone).Body, "Je was vandaag al ingecheckt")
		s.Clock.Add(24 * time.Hour)
		phone.Submit(door, door, nil)
		var next models.Visit
		s.DB.Order("id DESC").Take(&next)
		if countVisits(s) != 3 || next.IsFirst || next.LocalDate != "2026-11-27" || *next.VisitorKey != key {
			t.Errorf("the next day: %d visits, latest %+v; want 3, not the first", countVisits(s), next)
		}

		// Another process on the database has seen the door too; the coordinator
		// replaces the code through this one.
		other := apptest.New(t, s.URL)
		if r := s.Client().Use(other.App).Submit(door, door, nil); r.Status != 303 {
			t.Fatalf("check-in through the other process: %d", r.Status)
		}
		coordinator.Submit("/coordinator/deur", "/coordinator/deur/vervangen", apptest.Form("confirm", "on"))
		fresh := "/checkin/" + doorCode(t, s)
		before := countVisits(s)
		for i, a := range []*apptest.Server{s, other} {
			c := s.Client().Use(a.App)
			c.Get(fresh) // a page with a valid token
			if r := c.PostWithToken(door, nil); r.Status != 404 || !strings.Contains(r.Body, "Deze poster is verouderd") {
				t.Errorf("process %d: check-in with the replaced code: %d, want 404 and the outdated poster's page", i+1, r.Status)
			}
			if r := c.Submit(fresh, fresh, nil); r.Status != 303 {
				t.Errorf("process %d: check-in with the new code: %d", i+1, r.Status)
			}
		}
		if got := countVisits(s) - before; got != 2 {
			t.Errorf("after the code was replaced: %d visits more, want 2 (the new code's)", got)
		}
	})
}
