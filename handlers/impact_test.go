package handlers_test

import (
	"fmt"
	"html"
	"strings"
	"sync"
	"testing"
	"time"

	"onshuis/app/apptest"
	"onshuis/models"
)

// healthAnswers is a filled-in health check form.
var healthAnswers = apptest.Form("score_1", "7", "score_2", "6", "score_3", "8", "score_4", "7", "score_5", "5", "score_6", "9")

// The health check's consent rules: nothing without separate consent (recorded with
// its time and the wording's version); answers kept apart from the account and the
// visitor key; at most once every three months; never offered at the door; stopping
// deletes the answers; a deleted account leaves answers that belong to nobody.
func TestHealthCheckConsent(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		s.Setup()
		wim := s.Register("Wim Verhoeven", "wim@example.nl")
		user, _ := models.UserByLogin(s.DB, "wim@example.nl")
		count := func() (n int64) { s.DB.Table("health_checks").Count(&n); return }

		page := wim.Get("/mijn-gezondheid")
		apptest.Contains(t, page.Body, "Doe je mee met de gezondheidscheck?", "Niemand ziet jouw antwoorden", `name="health_consent"`)
		apptest.NotContains(t, page.Body, `name="score_1"`)
		// Answers without consent are not stored.
		if r := wim.PostWithToken("/mijn-gezondheid", healthAnswers); r.Status != 303 || count() != 0 {
			t.Fatalf("answers without consent: %d, %d stored", r.Status, count())
		}
		// Consent must be ticked; the message stands next to the field.
		r := wim.Submit("/mijn-gezondheid", "/mijn-gezondheid/toestemming", nil)
		if r.Status != 422 || !strings.Contains(r.Body, "Vink dit aan als je mee wilt doen.") {
			t.Fatalf("consent without the tick: %d", r.Status)
		}
		wim.Submit("/mijn-gezondheid", "/mijn-gezondheid/toestemming", apptest.Form("health_consent", "on"))
		consent, _ := models.HealthConsentOf(s.DB, user.ID)
		if consent == nil || consent.WordingVersion != 0 || !consent.ConsentedAt.Equal(s.Clock.Now()) {
			t.Fatalf("consent recorded as %+v, want version 0 at %s", consent, s.Clock.Now())
		}

		// A score out of range is refused with a message, the other answers kept.
		bad := apptest.Form("score_1", "11", "score_2", "6")
		r = wim.Submit("/mijn-gezondheid", "/mijn-gezondheid", bad)
		if r.Status != 422 || !strings.Contains(r.Body, "Kies een cijfer van 0 tot 10.") || !strings.Contains(r.Body, `id="f-score_2-6" name="score_2" value="6" checked`) {
			t.Errorf("a bad score: %d", r.Status)
		}
		if r := wim.Submit("/mijn-gezondheid", "/mijn-gezondheid", healthAnswers); r.Status != 303 || count() != 1 {
			t.Fatalf("answers: %d, %d stored", r.Status, count())
		}
		// Kept apart: the answers carry the consent's random code, no account, no key.
		var cols []string
		if s.DB.Migrator().HasColumn("health_checks", "user_id") || s.DB.Migrator().HasColumn("health_checks", "visitor_key") {
			t.Error("health_checks has a user_id or visitor_key column")
		}
		s.DB.Table("health_checks").Pluck("respondent", &cols)
		if len(cols) != 1 || cols[0] != consent.Respondent {
			t.Errorf("respondent %v, want the consent's code %s", cols, consent.Respondent)
		}

		// Once every three months.
		apptest.Contains(t, wim.Get("/mijn-gezondheid").Body, "Je vulde de check in op 26 november 2026", "De volgende keer kan vanaf 26 februari 2027")
		wim.PostWithToken("/mijn-gezondheid", healthAnswers)
		s.Clock.Set(time.Date(2027, 2, 25, 12, 0, 0, 0, time.UTC))
		wim.PostWithToken("/mijn-gezondheid", healthAnswers)
		if count() != 1 {
			t.Fatalf("%d checks within three months, want 1", count())
		}
		s.Clock.Set(time.Date(2027, 2, 26, 12, 0, 0, 0, time.UTC))
		wim = s.Login("wim@example.nl") // three months on, the old session has ended
		if wim.Submit("/mijn-gezondheid", "/mijn-gezondheid", healthAnswers); count() != 2 {
			t.Fatalf("after three months: %d checks, want 2", count())
		}

		// Never at the door.
		var code string
		s.DB.Table("centres").Select("door_code").Scan(&code)
		for _, c := range []*apptest.Client{s.Client(), wim} {
			apptest.NotContains(t, c.Get("/checkin/"+code).Body, "gezondheid", "score_1")
		}

		// The centre's own wording: a new version, which a new consent records.
		form := apptest.Form("instrument", "Licentie-instrument")
		for i := 1; i <= 6; i++ {
			form.Set(fmt.Sprintf("question_%d", i), fmt.Sprintf("Eigen vraag %d?", i))
		}
		coordinator := s.Login("carla@example.nl")
		if r := coordinator.Submit("/coordinator/gezondheid", "/coordinator/gezondheid/vragen", form); r.Status != 303 {
			t.Fatalf("the centre's wording: %d", r.Status)
		}
		zoe := s.Register("Zoë", "zoe@example.nl")
		zoe.Submit("/mijn-gezondheid", "/mijn-gezondheid/toestemming", apptest.Form("health_consent", "on"))
		apptest.Contains(t, zoe.Get("/mijn-gezondheid").Body, "Eigen vraag 3?")
		zu, _ := models.UserByLogin(s.DB, "zoe@example.nl")
		if c, _ := models.HealthConsentOf(s.DB, zu.ID); c == nil || c.WordingVersion != 1 {
			t.Errorf("consent to the centre's wording: %+v, want version 1", c)
		}

		// Stopping deletes the answers and the consent.
		wim.Submit("/mijn-gezondheid", "/mijn-gezondheid/stoppen", nil)
		if c, _ := models.HealthConsentOf(s.DB, user.ID); c != nil || count() != 0 {
			t.Errorf("after stopping: consent %+v, %d checks", c, count())
		}
		// A deleted account: the answers stay, tied to nobody.
		zoe.Submit("/mijn-gezondheid", "/mijn-gezondheid", healthAnswers)
		if err := models.AnonymiseUser(s.DB, zu.ID); err != nil {
			t.Fatal(err)
		}
		var consents int64
		s.DB.Table("health_consents").Count(&consents)
		if consents != 0 || count() != 1 {
			t.Errorf("after deleting the account: %d consents, %d checks; want 0 and 1", consents, count())
		}
	})
}

// Two tabs sending the check at the same moment store it once.
func TestHealthCheckOnceUnderRace(t *testing.T) {
	db := apptest.Postgres(t)
	s := apptest.Fresh(t, db)
	s.Setup()
	wim := s.Register("Wim Verhoeven", "wim@example.nl")
	wim.Submit("/mijn-gezondheid", "/mijn-gezondheid/toestemming", apptest.Form("health_consent", "on"))
	user, _ := models.UserByLogin(s.DB, "wim@example.nl")
	centre, _ := models.DefaultCentre(s.DB)
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := models.RecordOwnHealthCheck(s.DB, user.ID, centre, []int{5, 5, 5, 5, 5, 5}, s.Clock.Now()); err != nil && err != models.ErrHealthTooSoon {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	var n int64
	s.DB.Table("health_checks").Count(&n)
	if n != 1 {
		t.Errorf("%d checks stored, want 1", n)
	}
}

// A story with a known name or phone number is stopped once with a warning that names
// it; a publishable story appears in the report (page and PDF), another does not.
func TestStories(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		s.Register("Ayşe Yılmaz", "ayse@example.nl")
		story := func(text string, extra ...string) *apptest.Response {
			form := apptest.Form(append([]string{"text", text, "themes", "meeting", "dimensions", "meaning", "told_on", "2026-11-20",
				"consent_how", "spoken", "consent_on", "2026-11-20", "consent", "on"}, extra...)...)
			return coordinator.Submit("/coordinator/verhalen", "/coordinator/verhalen", form)
		}
		r := story("Ayşe komt elke week en helpt nu zelf mee.")
		if r.Status != 422 || !strings.Contains(r.Body, "Gevonden: Ayşe") || !strings.Contains(r.Body, "Ayşe komt elke week") {
			t.Fatalf("a story with a name: %d", r.Status)
		}
		if r := story("Bel haar op 06 1234 5678."); r.Status != 303 { // no account has that number
			t.Errorf("a story with an unknown number: %d", r.Status)
		}
		r = coordinator.Submit("/coordinator/verhalen", "/coordinator/verhalen", apptest.Form("text", "Iets.", "told_on", "2027-01-01"))
		for _, msg := range []string{"Kies minstens één thema of dimensie.", "Kies hoe de bewoner toestemming gaf.", "Zonder toestemming van de bewoner slaan we het verhaal niet op.", "Deze datum ligt in de toekomst."} {
			if !strings.Contains(r.Body, msg) {
				t.Errorf("story without consent: no %q", msg)
			}
		}
		if r := story("Een vrijwilliger heeft geen hulp van de GGZ meer nodig.", "publishable", "on"); r.Status != 303 {
			t.Fatalf("a publishable story: %d", r.Status)
		}
		partner := s.Register("Gemeente Oss", "partner@example.nl")
		s.GiveRole("partner@example.nl", models.RolePartner)
		page := partner.Get("/rapport?periode=2026-11").Body
		apptest.Contains(t, page, "Een vrijwilliger heeft geen hulp van de GGZ meer nodig.", "20 november 2026 · Ontmoeting (eenzaamheid) · Zingeving")
		apptest.NotContains(t, page, "Bel haar op")
		pdf := pdfText(t, []byte(partner.Get("/rapport.pdf?periode=2026-11").Body))
		apptest.Contains(t, pdf, "Een vrijwilliger heeft geen hulp van de GGZ meer nodig.")
		apptest.NotContains(t, pdf, "Bel haar op", "Ayşe")
		// Taken out of the report.
		var id int64
		s.DB.Table("stories").Select("id").Where("publishable = ?", true).Scan(&id)
		coordinator.Submit("/coordinator/verhalen", fmt.Sprintf("/coordinator/verhalen/%d/delen", id), nil)
		apptest.NotContains(t, partner.Get("/rapport?periode=2026-11").Body, "GGZ")
	})
}

// The wijkbudget through its page: a line, an arranged need committed against it, the
// payment; committed, paid and left add up, and the report's costs follow.
func TestBudgetThroughThePage(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		id, _ := s.Activity(coordinator, "Taalcafé", "10")
		need := models.Need{ActivityID: id, Kind: models.NeedMaterials, Description: "Woordenboeken", AmountCents: 4500, Status: models.NeedOpen}
		s.DB.Create(&need)
		if err := models.ArrangeNeed(s.DB, defaultCentreID(t, s), models.NeedOfActivity, need.ID); err != nil {
			t.Fatal(err)
		}
		r := coordinator.Submit("/coordinator/budget", "/coordinator/budget/regels", apptest.Form("year", "2026", "line_kind", "materials", "line_label", "Materiaal", "line_amount", "veel"))
		if r.Status != 422 || !strings.Contains(r.Body, "Vul een bedrag in euro&#39;s in.") || !strings.Contains(r.Body, `value="Materiaal"`) {
			t.Errorf("a bad amount: %d", r.Status)
		}
		coordinator.Submit("/coordinator/budget", "/coordinator/budget/regels", apptest.Form("year", "2026", "line_kind", "materials", "line_label", "Materiaal", "line_amount", "500,00"))
		page := coordinator.Get("/coordinator/budget").Body
		apptest.Contains(t, page, "Taalcafé</strong>: Woordenboeken (€ 45,00)")
		line := firstOption(t, page, fmt.Sprintf("need_line_%d", need.ID))
		coordinator.Submit("/coordinator/budget", fmt.Sprintf("/coordinator/budget/behoeften/%d", need.ID), apptest.Form("year", "2026",
			fmt.Sprintf("need_line_%d", need.ID), line, fmt.Sprintf("need_amount_%d", need.ID), "45,00"))
		page = coordinator.Get("/coordinator/budget").Body
		apptest.Contains(t, page, "<td>€ 500,00</td><td>€ 45,00</td><td>€ 0,00</td><td>€ 455,00</td>", "Er wachten geen geregelde behoeften")
		var entry int64
		s.DB.Table("budget_entries").Select("id").Scan(&entry)
		coordinator.Submit("/coordinator/budget", fmt.Sprintf("/coordinator/budget/posten/%d/betaald", entry), apptest.Form("year", "2026",
			fmt.Sprintf("paid_amount_%d", entry), "42,50", fmt.Sprintf("paid_date_%d", entry), "2026-11-20"))
		page = coordinator.Get("/coordinator/budget").Body
		apptest.Contains(t, page, "<td>€ 500,00</td><td>€ 0,00</td><td>€ 42,50</td><td>€ 457,50</td>", "€ 42,50 betaald op 20 november 2026")
		report := coordinator.Get("/rapport?periode=2026-11").Body
		apptest.Contains(t, report, "Uitgegeven in de periode</th><td>€ 42,50")
	})
}

// The MKBA inputs CSV has the columns the appendix describes, in that order, and a
// row per theme with the small-group rule.
func TestMKBAColumns(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		centre, _ := models.DefaultCentre(s.DB)
		for i := 0; i < 3; i++ {
			models.RecordCheckIn(s.DB, models.CheckIn{Centre: centre, At: time.Date(2026, 11, 10, 10+i, 0, 0, 0, centre.Location()), Source: models.SourceHeadcount})
		}
		page := coordinator.Get("/rapport?periode=2026-11").Body
		rows := readCSV(t, coordinator.Get(link(t, page, "MKBA-invoer (per centrum en thema)")).Body)[2:]
		want := "periode;van;tot en met;buurthuis;thema;unieke bewoners;bezoeken;deelnemers;bijeenkomsten;vrijwilligers;vrijwilligersuren;waarde uren (euro);kosten (euro);" +
			"gezondheidscheck n;lichaamsfuncties gem.;mentaal welbevinden gem.;zingeving gem.;kwaliteit van leven gem.;meedoen gem.;dagelijks functioneren gem.;welzijn n;welzijn gem."
		if got := strings.Join(rows[0], ";"); got != want {
			t.Errorf("columns:\n got %s\nwant %s", got, want)
		}
		for _, col := range rows[0] { // every column is described in the appendix
			apptest.Contains(t, page, "<dt>"+html.EscapeString(col)+"</dt>")
		}
		if all := strings.Join(rows[1], ";"); !strings.HasPrefix(all, "2026-11;2026-11-01;2026-11-30;Ons Huis van de Wijk;Alle thema's;<5;<5;0;0;0;0,0;0,00;0,00;0;;;;;;;0;") {
			t.Errorf("all themes: %s", all)
		}
		if len(rows) != 1+1+len(models.Themes) {
			t.Errorf("%d rows, want a header, all themes and %d themes", len(rows), len(models.Themes))
		}
	})
}

// The coordinator's mapping of themes to dimensions decides the reach per dimension.
func TestDimensionsMapping(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		page := coordinator.Get("/coordinator/dimensies").Body
		apptest.Contains(t, page, `id="f-dim_2-body" name="dim_2" value="body" checked`) // moving → body by default
		form := apptest.Form()
		for i := range models.Themes {
			form.Add(fmt.Sprintf("dim_%d", i+1), "meaning")
		}
		form.Del("dim_3")
		r := coordinator.Submit("/coordinator/dimensies", "/coordinator/dimensies", form)
		if r.Status != 422 || !strings.Contains(r.Body, "Kies minstens één dimensie.") || !strings.Contains(r.Body, `href="#f-dim_3"`) {
			t.Fatalf("a theme without a dimension: %d", r.Status)
		}
		form.Set("dim_3", "body")
		coordinator.Submit("/coordinator/dimensies", "/coordinator/dimensies", form)
		centre, _ := models.DefaultCentre(s.DB)
		m, _ := models.ThemeDimensionsOf(s.DB, []int64{centre.ID})
		if got := fmt.Sprint(m[centre.ID]["moving"], m[centre.ID]["food"]); got != "[meaning] [body]" {
			t.Errorf("mapping: %s", got)
		}
		rows := readCSV(t, coordinator.Get("/rapport/dimensies.csv?periode=2026-11").Body)[2:]
		if rows[3][0] != "Zingeving" || !strings.Contains(rows[3][4], "bewegen") {
			t.Errorf("reach CSV: %v", rows[3])
		}
	})
}
