package handlers_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"onshuis/app"
	"onshuis/app/apptest"
	"onshuis/models"
)

// visitsBySource counts the centre's visits per source on a day.
func visitsBySource(s *apptest.Server, date string) map[string]int {
	var rows []struct {
		Source string
		N      int
	}
	s.DB.Raw("SELECT source, COUNT(*) AS n FROM visits WHERE local_date = ? GROUP BY source", date).Scan(&rows)
	out := map[string]int{}
	for _, r := range rows {
		out[r.Source] = r.N
	}
	return out
}

// storedWeek reads the stored figures of a finished week at the default centre.
func storedWeek(s *apptest.Server, week string) (visits, headcounts int, ok bool) {
	var rows []struct{ Visits, Headcounts int }
	s.DB.Raw("SELECT visits, headcounts FROM week_figures WHERE iso_week = ? AND scope = (SELECT CAST(MIN(id) AS TEXT) FROM centres)", week).Scan(&rows)
	if len(rows) == 0 {
		return 0, 0, false
	}
	return rows[0].Visits, rows[0].Headcounts, true
}

// The paper sign-in sheet (issue 17): the lead finds "Presentielijst invoeren" on the
// participants page after a session, ticks names and writes the walk-ins; a person who
// had scanned the QR code keeps one visit; the sheet can be corrected, and a finished
// week's stored figures follow.
func TestPaperSignInSheet(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		activity, lead := s.Activity(coordinator, "Kookclub", "10")
		page := fmt.Sprintf("/activiteiten/%d", activity)
		names := []string{"Ayşe Yılmaz", "Łukasz Wójcik", "Zoë de Vries"}
		people := make([]*apptest.Client, len(names))
		for i, n := range names {
			people[i] = s.Register(n, fmt.Sprintf("p%d@example.nl", i))
			if r := people[i].Submit(page, page+"/aanmelden", nil); r.Status != 303 {
				t.Fatalf("join: %d", r.Status)
			}
		}
		session := sessionOn(t, s, activity, "2026-12-01").ID
		sheet := fmt.Sprintf("/sessies/%d/presentielijst", session)

		// Before the session the page says it has not been yet.
		apptest.Contains(t, lead.Get(sheet).Body, "Deze keer is nog niet begonnen")

		// Ayşe scans the door's QR code during the session.
		s.Clock.Set(time.Date(2026, 12, 1, 13, 30, 0, 0, time.UTC))
		code := doorCode(t, s)
		people[0].Submit("/checkin/"+code, "/checkin/"+code, apptest.Form("session", fmt.Sprint(session)))

		// The next day the lead enters the sheet, from the participants page.
		s.Clock.Set(time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC))
		parts := lead.Get(page + "/deelnemers").Body
		apptest.Contains(t, parts, `href="`+sheet+`"`, "Presentielijst invoeren")
		form := lead.Get(sheet).Body
		apptest.Contains(t, form, "Presentielijst van Kookclub invoeren", "Łukasz Wójcik", "Zoë de Vries",
			"al ingecheckt: QR-code bij de deur", `name="walk_ins"`)
		ayse, lukasz, zoe := userID(t, s, "p0@example.nl"), userID(t, s, "p1@example.nl"), userID(t, s, "p2@example.nl")
		if !regexp.MustCompile(fmt.Sprintf(`id="present-%d" checked disabled`, ayse)).MatchString(form) {
			t.Errorf("Ayşe, who scanned, is not shown as checked in")
		}

		// A mistake: the number is kept and explained next to the field; nothing is stored.
		bad := url.Values{"present": {fmt.Sprint(lukasz), fmt.Sprint(ayse)}, "walk_ins": {"drie"}}
		r := lead.Submit(sheet, sheet, bad)
		if r.Status != 422 {
			t.Fatalf("bad walk-ins: %d", r.Status)
		}
		apptest.Contains(t, r.Body, "Schrijf een getal van 0 tot 500.", `value="drie"`, `aria-invalid="true"`)
		if regexp.MustCompile(fmt.Sprintf(`value="%d" checked`, lukasz)).FindString(r.Body) == "" {
			t.Errorf("the tick for Łukasz is lost")
		}
		if got := visitsBySource(s, "2026-12-01"); got["paper"] != 0 {
			t.Errorf("a refused sheet stored visits: %v", got)
		}

		// Ayşe is ticked too (she is on the paper): still one visit for her.
		r = lead.Submit(sheet, sheet, url.Values{"present": {fmt.Sprint(ayse), fmt.Sprint(lukasz), fmt.Sprint(zoe)}, "walk_ins": {"3"}})
		if r.Status != 303 || r.Location != sheet {
			t.Fatalf("save: %d %s\n%s", r.Status, r.Location, r.Body)
		}
		apptest.Contains(t, r.Follow(lead).Body, "De presentielijst is opgeslagen.", "Deze lijst is al eerder ingevoerd.", `value="3"`)
		if got := visitsBySource(s, "2026-12-01"); got["qr"] != 1 || got["paper"] != 5 {
			t.Errorf("visits by source: %v; want 1 qr (Ayşe) and 5 paper (Łukasz, Zoë, 3 walk-ins)", got)
		}
		var ayseVisits int64
		s.DB.Table("visits").Where("user_id = ?", ayse).Count(&ayseVisits)
		if ayseVisits != 1 {
			t.Errorf("Ayşe has %d visits", ayseVisits)
		}
		att := lead.Get(fmt.Sprintf("/sessies/%d/aanwezig", session)).Body
		apptest.Contains(t, att, "Łukasz Wójcik", "Zoë de Vries", "Ayşe Yılmaz", "en 3 bezoekers zonder naam")

		// The dashboard shows the visits per source.
		dash := coordinator.Get("/coordinator/bezoekers?week=2026-W49").Body
		apptest.Contains(t, dash, "Papieren presentielijst")

		// The week ends; its figures are stored. Then the sheet is corrected: Zoë was
		// not there after all, and only 2 came without a name.
		s.Clock.Set(time.Date(2026, 12, 8, 9, 0, 0, 0, time.UTC))
		coordinator.Get("/coordinator/bezoekers?week=2026-W50")
		if v, h, ok := storedWeek(s, "2026-W49"); !ok || v != 6 || h != 3 {
			t.Fatalf("stored W49: %d visits, %d without a key (%v); want 6 and 3", v, h, ok)
		}
		r = coordinator.Submit(sheet, sheet, url.Values{"present": {fmt.Sprint(lukasz)}, "walk_ins": {"2"}})
		if r.Status != 303 {
			t.Fatalf("correct: %d\n%s", r.Status, r.Body)
		}
		if got := visitsBySource(s, "2026-12-01"); got["qr"] != 1 || got["paper"] != 3 {
			t.Errorf("after the correction: %v; want 1 qr and 3 paper", got)
		}
		if v, h, ok := storedWeek(s, "2026-W49"); !ok || v != 4 || h != 2 {
			t.Errorf("stored W49 after the correction: %d visits, %d without a key (%v); want 4 and 2", v, h, ok)
		}
		dash = coordinator.Get("/coordinator/bezoekers?week=2026-W49").Body
		if !regexp.MustCompile(`Papieren presentielijst</th><td>3</td>`).MatchString(dash) {
			t.Errorf("dashboard does not show 3 visits from paper")
		}
		// The report shows the visits per source in HTML, CSV and PDF; 1 and 3 visits are
		// a small group, which a partner's report does not show.
		report := coordinator.Get("/rapport?periode=2026-12").Body
		if !regexp.MustCompile(`QR-code bij de deur</th><td>minder dan 5</td>`).MatchString(report) || !regexp.MustCompile(`Papieren presentielijst</th><td>minder dan 5</td>`).MatchString(report) {
			t.Errorf("report per source wrong:\n%s", report)
		}
		csv := coordinator.Get("/rapport/samenvatting.csv?periode=2026-12").Body
		apptest.Contains(t, csv, "bezoeken via papieren presentielijst;<5", "bezoeken via qr-code bij de deur;<5")
		pdf := coordinator.Get("/rapport.pdf?periode=2026-12")
		if text := pdfText(t, []byte(pdf.Body)); !regexp.MustCompile(`Via: Papieren presentielijst\s+minder dan 5`).MatchString(text) {
			t.Errorf("report PDF lacks the paper source:\n%s", text)
		}

		// Someone else's session: a resident who does not lead it may not enter it.
		if r := people[1].Get(sheet); r.Status != 403 {
			t.Errorf("a participant opens the sheet: %d", r.Status)
		}
		if r := people[1].PostWithToken(sheet, url.Values{"walk_ins": {"50"}}); r.Status != 403 {
			t.Errorf("a participant saves the sheet: %d", r.Status)
		}
		// The short link on the roster leads to the sheet.
		if r := lead.Get(fmt.Sprintf("/p/%d", session)); r.Status != 303 || r.Location != sheet {
			t.Errorf("short link: %d %q", r.Status, r.Location)
		}
	})
}

// A sheet entered for a session before a person's first scan makes the sheet's visit
// their first: "new visitors" counts them in the week they really came.
func TestPaperVisitBecomesTheFirst(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		activity, lead := s.Activity(coordinator, "Kookclub", "10")
		page := fmt.Sprintf("/activiteiten/%d", activity)
		zoe := s.Register("Zoë de Vries", "zoe@example.nl")
		zoe.Submit(page, page+"/aanmelden", nil)
		session := sessionOn(t, s, activity, "2026-12-01").ID
		s.Clock.Set(time.Date(2026, 12, 9, 9, 0, 0, 0, time.UTC)) // she scans a week later
		code := doorCode(t, s)
		zoe.Submit("/checkin/"+code, "/checkin/"+code, nil)
		sheet := fmt.Sprintf("/sessies/%d/presentielijst", session)
		lead.Submit(sheet, sheet, url.Values{"present": {fmt.Sprint(userID(t, s, "zoe@example.nl"))}, "walk_ins": {"0"}})
		var visits []models.Visit
		s.DB.Order("local_date").Find(&visits)
		if len(visits) != 2 || !visits[0].IsFirst || visits[0].Source != "paper" || visits[1].IsFirst {
			t.Errorf("visits: %+v; want the paper visit of 1 December as the first", visits)
		}
	})
}

// The printed roster says where the filled-in sheet is entered: a short address and a
// QR code that leads to "Presentielijst invoeren" for that session (issue 17).
func TestRosterLeadsToThePaperSheet(t *testing.T) {
	apptest.RequireTool(t, "pdftoppm")
	apptest.RequireTool(t, "zbarimg")
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db, func(c *app.Config) { c.BaseURL = "https://onshuis.example" })
		coordinator := s.Setup()
		activity, lead := s.Activity(coordinator, "Kookclub", "10")
		lead.Get(fmt.Sprintf("/activiteiten/%d/deelnemers", activity))
		session := sessionOn(t, s, activity, "2026-12-01").ID
		r := coordinator.Get(fmt.Sprintf("/coordinator/sessies/%d/rooster.pdf", session))
		if r.Status != 200 {
			t.Fatalf("roster: %d", r.Status)
		}
		short := fmt.Sprintf("https://onshuis.example/p/%d", session)
		if got := decodeQR(t, []byte(r.Body)); got != short {
			t.Errorf("the roster's QR code decodes to %q, want %q", got, short)
		}
		apptest.Contains(t, pdfText(t, []byte(r.Body)), fmt.Sprintf("Na afloop de presentielijst invoeren: onshuis.example/p/%d", session), "Kookclub")
		// Following it (after logging in) ends on the sheet.
		if r := lead.Get(strings.TrimPrefix(short, "https://onshuis.example")); r.Location != fmt.Sprintf("/sessies/%d/presentielijst", session) {
			t.Errorf("the short address leads to %q", r.Location)
		}
	})
}

// The sheet's page is read in the same number of statements for 2 names as for 20,
// some checked in already (no query per row).
func TestPaperSheetStatements(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		activity, lead := s.Activity(coordinator, "Kookclub", "40", "weekdays", "4", "start_time", "10:00", "end_time", "12:00", "first_date", "2026-11-26")
		page := fmt.Sprintf("/activiteiten/%d", activity)
		code := doorCode(t, s)
		lead.Get(page + "/deelnemers") // makes the sessions
		sheet := fmt.Sprintf("/sessies/%d/presentielijst", sessionOn(t, s, activity, "2026-11-26").ID)
		statements := s.CountStatements()
		joined := 0
		measure := func(n int) int64 {
			for ; joined < n; joined++ {
				p := s.Register(fmt.Sprintf("Deelnemer %02d", joined), fmt.Sprintf("d%d@example.nl", joined))
				p.Submit(page, page+"/aanmelden", nil)
				if joined%3 == 0 {
					p.Submit("/checkin/"+code, "/checkin/"+code, nil)
				}
			}
			s.DB.Exec("UPDATE participations SET created_at = ?", apptest.DefaultNow.Add(-time.Hour))
			lead.Get(sheet)
			var r *apptest.Response
			count := statements.During(func() { r = lead.Get(sheet) })
			apptest.Contains(t, r.Body, fmt.Sprintf("Deelnemer %02d", n-1))
			return count
		}
		few, many := measure(2), measure(20)
		if few != many {
			t.Errorf("the sheet's page takes %d statements for 2 names and %d for 20", few, many)
		}
	})
}

// Two people save the same sheet at the same moment, on two processes over one
// PostgreSQL: the names still have one visit each and the walk-ins are the number
// written, not twice that.
func TestPaperSheetSavedAtOnce(t *testing.T) {
	db := apptest.Postgres(t)
	s := apptest.Fresh(t, db)
	second := apptest.New(t, s.URL)
	coordinator := s.Setup()
	activity, lead := s.Activity(coordinator, "Kookclub", "10", "weekdays", "4", "start_time", "10:00", "end_time", "12:00", "first_date", "2026-11-26")
	page := fmt.Sprintf("/activiteiten/%d", activity)
	zoe := s.Register("Zoë de Vries", "zoe@example.nl")
	zoe.Submit(page, page+"/aanmelden", nil)
	s.DB.Exec("UPDATE participations SET created_at = ?", apptest.DefaultNow.Add(-time.Hour))
	lead.Get(page + "/deelnemers")
	sheet := fmt.Sprintf("/sessies/%d/presentielijst", sessionOn(t, s, activity, "2026-11-26").ID)
	// One save ticks Zoë, the others only write the walk-ins (so no unique index on a
	// name makes them wait for each other: the session's lock must).
	zoeID := fmt.Sprint(userID(t, s, "zoe@example.nl"))
	const saves = 8
	tabs := make([]*apptest.Client, saves)
	tokens := make([]string, saves)
	for i := range tabs {
		tabs[i] = s.Login("carla@example.nl")
		if i%2 == 1 {
			tabs[i] = tabs[i].Use(second.App)
		}
		tabs[i].Get(sheet)
		tokens[i] = tabs[i].CSRF()
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	statuses := make([]int, saves)
	for i := range tabs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			f := url.Values{"_csrf": {tokens[i]}, "walk_ins": {"3"}}
			if i == 0 {
				f.Set("present", zoeID)
			}
			statuses[i] = tabs[i].Post(sheet, f).Status
		}()
	}
	close(start)
	wg.Wait()
	for i, st := range statuses {
		if st != 303 {
			t.Errorf("save %d: %d", i, st)
		}
	}
	if got := visitsBySource(s, "2026-11-26"); got["paper"] > 4 || got["paper"] < 3 {
		t.Errorf("after %d saves at once: %v; want 3 walk-ins (and Zoë, unless the last save took her off)", saves, got)
	}
	var walkIns int64
	s.DB.Table("visits").Where("source = ? AND visitor_key IS NULL", "paper").Count(&walkIns)
	if walkIns != 3 {
		t.Errorf("%d walk-ins after %d saves of 3 at once", walkIns, saves)
	}
}
