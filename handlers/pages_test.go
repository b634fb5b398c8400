package handlers_test

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"onshuis/app"
	"onshuis/app/apptest"
	"onshuis/models"
)

// Every page: valid HTML. The test renders every HTML page of the site, filled with
// real data and in its important states (forms with mistakes, error pages, English),
// on each database, and checks them all with one run of the W3C Nu Html Checker. It
// also fails when a GET route that serves a page has no case here, so a new page
// cannot skip the check.
func TestEveryPageIsValidHTML(t *testing.T) {
	var pages []apptest.HTMLPage
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		p := visitEveryPage(t, db)
		p.checkCoverage()
		pages = append(pages, p.pages...)
	})
	checkErrorSummaries(t, pages)
	if errs := apptest.ValidateHTML(t, pages); len(errs) > 0 {
		report := make([]string, len(errs))
		for i, e := range errs {
			report[i] = e.String()
		}
		t.Errorf("the Nu Html Checker found %d errors in the %d pages:\n%s", len(errs), len(pages), strings.Join(report, "\n"))
	}
}

// pageSet collects the HTML pages a test visits and the GET routes they cover.
type pageSet struct {
	t       *testing.T
	db      string
	fiber   *fiber.App
	routes  []string        // the app's GET route patterns, in the order Fiber tries them
	covered map[string]bool // route patterns answered with 200 and a page
	pages   []apptest.HTMLPage
}

func newPageSet(t *testing.T, db string, a *app.App) *pageSet {
	p := &pageSet{t: t, db: db, fiber: a.Fiber, covered: map[string]bool{}}
	for _, r := range a.Fiber.GetRoutes(true) {
		if r.Method == fiber.MethodGet {
			p.routes = append(p.routes, r.Path)
		}
	}
	return p
}

// get loads path as the visitor who and keeps the page; a page answered with 200
// covers its route.
func (p *pageSet) get(who string, c *apptest.Client, path string, status int) *apptest.Response {
	p.t.Helper()
	r := c.Get(path)
	if p.keep(who+" GET "+path, r, status) && status == fiber.StatusOK {
		p.covered[p.route(path)] = true
	}
	return r
}

// keep adds a page the test got some other way (a form sent back with mistakes).
func (p *pageSet) keep(name string, r *apptest.Response, status int) bool {
	p.t.Helper()
	if r.Status != status {
		p.t.Errorf("%s: got %d %s, want %d", name, r.Status, r.Location, status)
		return false
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		p.t.Errorf("%s: Content-Type %q, want an HTML page", name, ct)
		return false
	}
	// A value the template expected but did not get shows as "<no value>" (escaped):
	// valid HTML, wrong page.
	if strings.Contains(r.Body, "&lt;no value&gt;") {
		p.t.Errorf("%s: the page shows <no value> where data is missing", name)
	}
	// A message id the translations lack is shown as the id itself.
	if id := untranslated.FindString(r.Body); id != "" {
		p.t.Errorf("%s: the page shows the message id %q instead of words", name, id)
	}
	p.pages = append(p.pages, apptest.HTMLPage{Name: p.db + ": " + name, Body: r.Body})
	return true
}

// untranslated finds a text that starts with a message id ("need.kind_travel:").
var untranslated = regexp.MustCompile(`>\s*[a-z]+\.[a-z_]+[:<]`)

// route is the pattern of the GET route that serves path.
func (p *pageSet) route(path string) string {
	path, _, _ = strings.Cut(path, "?")
	for _, pattern := range p.routes {
		if fiber.RoutePatternMatch(path, pattern, p.fiber.Config()) {
			return pattern
		}
	}
	return ""
}

// checkCoverage fails the test for every GET route that serves a page no case visited.
func (p *pageSet) checkCoverage() {
	p.t.Helper()
	var missing []string
	for _, pattern := range p.routes {
		if servesPage(pattern) && !p.covered[pattern] {
			missing = append(missing, pattern)
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		p.t.Errorf("GET %s serves a page but no case in this test visits it: add one", m)
	}
}

// servesPage reports whether a GET route answers with an HTML page rather than a
// download or data.
func servesPage(pattern string) bool {
	if strings.HasPrefix(pattern, "/api/") {
		return false // JSON
	}
	for _, ext := range []string{".pdf", ".ics", ".csv", ".atom", ".js", ".json"} {
		if strings.HasSuffix(pattern, ext) {
			return false
		}
	}
	switch pattern {
	case "/healthz", "/mijn-gegevens/download", "/p/:id<int>", "/taal": // the last two only redirect (to the sign-in sheet; back to the page, in the chosen language)
		return false
	}
	return !strings.HasPrefix(pattern, "/static/")
}

var (
	kioskLink    = regexp.MustCompile(`href="/kiosk/([a-z0-9]+)"`)
	sessionField = regexp.MustCompile(`name="session" value="(\d+)"`)
)

// visitEveryPage builds a centre with real data in it and visits every page as someone
// allowed to see it, in the states worth checking.
func visitEveryPage(t *testing.T, db apptest.Database) *pageSet {
	const checkInLimit = 3
	s := apptest.Fresh(t, db, func(c *app.Config) { c.CheckInLimitPerIP = checkInLimit })
	p := newPageSet(t, db.Name, s.App)
	// done fails the test when a step that builds the data was refused: the pages
	// would be checked without the data they are meant to show.
	done := func(step string, r *apptest.Response) *apptest.Response {
		t.Helper()
		if r.Status != fiber.StatusSeeOther {
			t.Fatalf("%s: got %d, want 303\n%s", step, r.Status, r.Body)
		}
		return r
	}
	anon := s.Client()

	// A fresh site: the setup page, also with mistakes.
	p.get("visitor", anon, "/setup", 200)
	p.keep("visitor POST /setup with mistakes", anon.Submit("/setup", "/setup", apptest.Form(
		"centre_name", "Ons Huis", "name", "", "email", "geen-adres", "password", "kort", "password_repeat", "kort")), 422)
	coordinator := s.Setup()

	// Empty states, before there is anything to show.
	p.get("coordinator, nothing yet", coordinator, "/", 200)
	p.get("coordinator, nothing yet", coordinator, "/coordinator/voorstellen", 200)
	p.get("coordinator, nothing yet", coordinator, "/coordinator/ruimtes", 200)
	p.get("coordinator, nothing yet", coordinator, "/coordinator", 200) // the first-run checklist, no rooms yet
	p.get("coordinator, nothing yet", coordinator, "/coordinator/activiteiten/nieuw", 200)
	p.get("coordinator, nothing yet", coordinator, "/coordinator/bezetting", 200)
	p.get("coordinator, nothing yet", coordinator, "/hulp-gezocht", 200)
	p.get("coordinator, nothing yet", coordinator, "/mijn-activiteiten", 200)
	p.get("coordinator, nothing yet", coordinator, "/mijn-diensten", 200)
	p.get("coordinator, nothing yet", coordinator, "/rapport", 200)
	p.get("coordinator, nothing yet", coordinator, "/leersessies", 200)

	// Activities: a taalcafé with two places on Thursdays from today, a walk-in coffee
	// afternoon, and one the coordinator paused.
	taalcafe, lead := s.Activity(coordinator, "Taalcafé", "2", "weekdays", "4", "start_time", "10:00", "end_time", "12:00", "first_date", "2026-11-26")
	koffie, _ := s.Activity(coordinator, "Koffie-inloop", "0", "weekdays", "4", "start_time", "13:00", "end_time", "15:00", "first_date", "2026-11-26")
	paused, _ := s.Activity(coordinator, "Schaakclub", "8")
	done("pause", coordinator.Submit(fmt.Sprintf("/activiteiten/%d/deelnemers", paused), fmt.Sprintf("/coordinator/activiteiten/%d/status", paused), apptest.Form("status", "paused")))
	activity := fmt.Sprintf("/activiteiten/%d", taalcafe)
	lead.Get(activity + "/deelnemers") // creates the sessions
	var today, next models.Session
	s.DB.Where("activity_id = ? AND date = ?", taalcafe, "2026-11-26").Take(&today)
	s.DB.Where("activity_id = ? AND date = ?", taalcafe, "2026-12-03").Take(&next)
	done("cancel a session", lead.Submit(activity+"/deelnemers", fmt.Sprintf("/sessies/%d/annuleren", next.ID), apptest.Form("note", "Sinterklaas")))

	// Residents: two join (full), a third waits; one has a phone number.
	ayse := s.Register("Ayşe Yılmaz", "ayse@example.nl")
	done("add a phone number", ayse.Submit("/mijn-gegevens", "/mijn-gegevens", apptest.Form("name", "Ayşe Yılmaz", "email", "ayse@example.nl", "phone", "06 12345678")))
	wim := s.Register("Wim Verhoeven", "wim@example.nl")
	fatma := s.Register("Fatma Demir", "fatma@example.nl")
	for _, c := range []*apptest.Client{ayse, wim, fatma} {
		done("join", c.Submit(activity, activity+"/aanmelden", nil))
	}

	// Proposals: Fatma's waits for review after a talk, with needs; a draft; a declined one.
	proposal := s.Propose(fatma, "Samen koken", "need_kind_0", "volunteers", "need_description_0", "kok", "need_volunteers_0", "2",
		"need_kind_1", "budget", "need_description_1", "Boodschappen", "need_amount_1", "30")
	review := fmt.Sprintf("/coordinator/voorstellen/%d", proposal)
	done("talk first", coordinator.Submit(review, review+"/besluit", apptest.Form("lowers_threshold", "yes", "more_collective", "yes", "healthier", "yes",
		"decision", "talk", "message", "Mooi plan! Kom je dinsdag langs over de keuken?")))
	done("save a draft", fatma.Submit("/voorstellen/nieuw", "/voorstellen", apptest.Form("title", "Naaicafé", "action", "draft")))
	declined := s.Propose(fatma, "Vuurwerk afsteken")
	done("decline", coordinator.Submit(fmt.Sprintf("/coordinator/voorstellen/%d", declined), fmt.Sprintf("/coordinator/voorstellen/%d/besluit", declined),
		apptest.Form("lowers_threshold", "no", "more_collective", "some", "healthier", "no", "decision", "decline", "message", "Dat mag niet in het gebouw.")))

	// Volunteers: Henk with a need of his own takes every Taalcafé session as host; Anna
	// stopped. A role with two places per session stays understaffed.
	henk := s.Register("Henk van den Berg", "henk@example.nl")
	done("volunteer with a need", henk.Submit("/vrijwilliger", "/vrijwilliger", apptest.Form("want", "Mensen welkom heten.", "skills", "hosting", "skills", "teaching",
		"languages", "nl", "languages", "en", "availability", fmt.Sprint(models.AvailabilityBit(time.Thursday, models.Morning)),
		"need_kind_0", "training", "need_description_0", "Cursus NT2-les geven", "action", "save")))
	anna := s.Register("Anna de Wit", "anna@example.nl")
	s.Volunteer(anna, []string{"cooking"}, []string{"nl"})
	done("stop volunteering", anna.Submit("/vrijwilliger", "/vrijwilliger/stoppen", nil))
	host := models.VolunteerRole{ActivityID: taalcafe, Name: "gastheer", PerSession: 2}
	helper := models.VolunteerRole{ActivityID: koffie, Name: "koffiezetter", PerSession: 1}
	for _, role := range []*models.VolunteerRole{&host, &helper} {
		if err := models.AddRole(s.DB, role); err != nil {
			t.Fatal(err)
		}
	}
	// An hour before today's session: a shift for every session covers those that
	// begin after the sign-up.
	s.Clock.Add(-time.Hour)
	done("take every shift", henk.Submit(activity+"/vrijwilligers", fmt.Sprintf("/rollen/%d/aanmelden", host.ID), apptest.Form("session", "every")))
	s.Clock.Add(time.Hour)
	koffieRoles := fmt.Sprintf("/activiteiten/%d/vrijwilligers", koffie)
	m := sessionField.FindStringSubmatch(henk.Get(koffieRoles).Body)
	if m == nil {
		t.Fatal("no session to take a shift in")
	}
	done("take one shift", henk.PostWithToken(fmt.Sprintf("/rollen/%d/aanmelden", helper.ID), apptest.Form("session", m[1])))
	var need models.Need
	s.DB.Where("activity_id = ? AND kind = ?", proposal, models.NeedBudget).Take(&need)
	done("offer help", henk.Submit("/hulp-gezocht", fmt.Sprintf("/hulp-gezocht/activity/%d/aanbieden", need.ID), nil))

	// The door: an anonymous visitor and Ayşe check in for today's Taalcafé; a kiosk
	// counts a walk-in; a second kiosk link is revoked.
	code := doorCode(t, s)
	phone := s.Client()
	p.get("visitor at the door", phone, "/checkin/"+code, 200)
	r := phone.PostWithToken("/checkin/"+code, apptest.Form("mood", "8", "session", fmt.Sprint(today.ID)))
	p.get("visitor just checked in", phone, done("check in", r).Location, 200)
	done("check in by name", ayse.Submit("/checkin/"+code, "/checkin/"+code, apptest.Form("session", fmt.Sprint(today.ID))))
	done("make a kiosk link", coordinator.Submit("/coordinator/deur", "/coordinator/kiosk", apptest.Form("label", "Tablet bij de deur")))
	done("make a kiosk link", coordinator.Submit("/coordinator/deur", "/coordinator/kiosk", apptest.Form("label", "Oude tablet")))
	var old models.KioskLink
	s.DB.Where("label = ?", "Oude tablet").Take(&old)
	done("revoke a kiosk link", coordinator.Submit("/coordinator/deur", fmt.Sprintf("/coordinator/kiosk/%d/intrekken", old.ID), nil))
	m = kioskLink.FindStringSubmatch(coordinator.Get("/coordinator/deur").Body)
	if m == nil {
		t.Fatal("no kiosk link on the door page")
	}
	tablet := s.Client()
	p.get("host tablet", tablet, "/kiosk/"+m[1], 200)
	done("count a visitor", tablet.PostWithToken("/kiosk/"+m[1]+"/tel", nil))
	p.get("host tablet after a tap", tablet, "/kiosk/"+m[1], 200)

	// Hours: the lead confirms Henk's hours for today, after a mistake.
	hours := fmt.Sprintf("/sessies/%d/uren", today.ID)
	p.get("lead", lead, hours, 200)
	henkUser, _ := models.UserByLogin(s.DB, "henk@example.nl")
	hk := fmt.Sprint(henkUser.ID)
	p.keep("lead POST "+hours+" with a mistake", lead.PostWithToken(hours, apptest.Form("present_"+hk, "on", "hours_"+hk, "veel")), 422)
	done("confirm hours", lead.PostWithToken(hours, apptest.Form("present_"+hk, "on", "hours_"+hk, "2,5")))

	// The paper sign-in sheet of today's session: a mistake, then saved (issue 17).
	paper := fmt.Sprintf("/sessies/%d/presentielijst", today.ID)
	p.get("lead", lead, paper, 200)
	p.keep("lead POST "+paper+" with a mistake", lead.PostWithToken(paper, apptest.Form("walk_ins", "-2")), 422)
	done("enter the sign-in sheet", lead.PostWithToken(paper, apptest.Form("walk_ins", "2")))
	p.get("lead, the sheet entered", lead, paper, 200)

	// "Deze keer niet": Ayşe skips the Taalcafé of 10 December, Henk his task there.
	var later models.Session
	lead.Get(activity) // makes the coming sessions
	s.DB.Where("activity_id = ? AND date = ?", taalcafe, "2026-12-10").Take(&later)
	done("skip one date", ayse.Submit(activity, fmt.Sprintf("/sessies/%d/deze-keer-niet", later.ID), apptest.Form("next", activity)))
	var henksShift, henksOneOff int64
	s.DB.Table("shifts").Select("id").Where("role_id = ?", host.ID).Scan(&henksShift)
	s.DB.Table("shifts").Select("id").Where("role_id = ?", helper.ID).Scan(&henksOneOff)
	done("skip one shift", henk.Submit("/mijn-diensten", fmt.Sprintf("/diensten/%d/deze-keer-niet", henksShift),
		apptest.Form("session", fmt.Sprint(later.ID), "next", "/mijn-diensten")))

	partner := s.Register("Gemeente Oss", "partner@example.nl")
	s.GiveRole("partner@example.nl", models.RolePartner)

	// Every page with that data in it, as someone allowed to see it.
	for _, path := range []string{"/", "/?week=2026-W49", "/?week=2026-W49&thema=language", "/centra", "/centra/ons-huis-van-de-wijk",
		activity, fmt.Sprintf("/activiteiten/%d", koffie), activity + "/vrijwilligers", "/inloggen", "/inloggen?next=" + activity, "/registreren", "/privacy",
		"/embed", "/embed?week=2026-W49", "/embed/ons-huis-van-de-wijk", "/embed/ons-huis-van-de-wijk?week=2026-W49&lang=en", "/embed?week=2026-W40",
		"/centra/ons-huis-van-de-wijk/mijn-buurthuis"} {
		p.get("visitor", anon, path, 200)
	}
	// "Dit is mijn buurthuis": the button on a centre's page, and that page once chosen.
	p.get("resident, before choosing a centre", ayse, "/centra/ons-huis-van-de-wijk", 200)
	p.get("resident, before choosing a centre", ayse, "/centra/ons-huis-van-de-wijk/mijn-buurthuis", 200)
	done("choose a home centre", ayse.Submit("/centra", "/centra/ons-huis-van-de-wijk/mijn-buurthuis", nil))
	p.get("resident with a centre of their own", ayse, "/centra", 200)
	p.get("resident with a centre of their own", ayse, "/centra/ons-huis-van-de-wijk", 200)
	p.get("resident with a centre of their own", ayse, "/centra/ons-huis-van-de-wijk/mijn-buurthuis", 200)
	closedAt := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	if err := s.DB.Create(&models.Centre{Name: "Huis van de Wijk Gesloten", Slug: "gesloten", TimeZone: models.DefaultTimeZone,
		DoorCode: models.NewDoorCode(), ClosedAt: &closedAt}).Error; err != nil {
		t.Fatal(err)
	}
	p.get("visitor of a closed centre", anon, "/centra/gesloten", 410)
	p.get("partner site framing a closed centre", anon, "/embed/gesloten", 410)
	p.get("partner site framing a closed centre", anon, "/embed/gesloten?lang=en", 410)
	p.get("lead", lead, activity, 200)
	p.get("lead", lead, activity+"/deelnemers", 200)
	p.get("lead", lead, "/mijn-activiteiten", 200)
	p.get("lead", lead, activity+"/vrijwilligers", 200)
	p.get("lead", lead, fmt.Sprintf("/sessies/%d/aanwezig", today.ID), 200)
	p.get("resident who joined", ayse, activity, 200)
	p.get("resident who joined", ayse, "/mijn-activiteiten", 200)
	p.get("resident who joined", ayse, "/mijn-gegevens", 200)
	p.get("resident who joined", ayse, "/mijn-gegevens/overzicht", 200)
	p.get("resident who joined", ayse, "/mijn-diensten", 200)
	p.get("resident who joined", ayse, "/vrijwilliger", 200)
	p.get("resident who joined", ayse, activity+"/vrijwilligers", 200)
	p.get("resident who joined, before leaving", ayse, activity+"/afmelden", 200)
	p.get("resident on the waiting list", fatma, activity, 200)
	p.get("resident on the waiting list, before leaving it", fatma, activity+"/afmelden", 200)
	p.get("proposer", fatma, "/mijn-activiteiten", 200)
	p.get("proposer", fatma, "/mijn-voorstellen", 200)
	p.get("proposer", fatma, "/voorstellen/nieuw", 200)
	p.get("proposer", fatma, fmt.Sprintf("/voorstellen/%d/bewerken", proposal), 200)
	p.get("volunteer", henk, "/vrijwilliger", 200)
	p.get("volunteer", henk, "/mijn-diensten", 200)
	p.get("volunteer", henk, "/hulp-gezocht", 200)
	p.get("volunteer", henk, activity+"/vrijwilligers", 200)
	p.get("volunteer", henk, koffieRoles, 200)
	p.get("volunteer", henk, activity, 200)
	p.get("volunteer, before giving up a task every time", henk, fmt.Sprintf("/diensten/%d/afmelden", henksShift), 200)
	p.get("volunteer, before giving up one shift", henk, fmt.Sprintf("/diensten/%d/afmelden?next=%s", henksOneOff, koffieRoles), 200)
	p.get("stopped volunteer", anna, "/vrijwilliger", 200)
	p.get("stopped volunteer", anna, "/mijn-diensten", 200)
	p.get("partner", partner, "/rapport", 200)
	for _, path := range []string{"/", activity, fmt.Sprintf("/activiteiten/%d", paused), fmt.Sprintf("/activiteiten/%d/deelnemers", paused),
		activity + "/deelnemers", activity + "/vrijwilligers", fmt.Sprintf("/sessies/%d/aanwezig", today.ID), hours,
		"/coordinator", "/coordinator/voorstellen", "/coordinator/voorstellen?status=approved", "/coordinator/voorstellen?status=declined",
		"/coordinator/voorstellen?status=draft", review, "/coordinator/ruimtes", "/coordinator/deur", "/coordinator/bezoekers",
		"/coordinator/bezoekers?week=2026-W47", "/coordinator/bezetting", "/hulp-gezocht", "/coordinator/printen", "/coordinator/accounts",
		"/rapport", "/rapport?periode=2026&centrum=alle", "/mijn-gegevens", fmt.Sprintf("/coordinator/activiteiten/%d/rooster", paused),
		fmt.Sprintf("/coordinator/activiteiten/%d/tekst", paused), fmt.Sprintf("/coordinator/sessies/%d/verplaatsen", next.ID)} {
		p.get("coordinator", coordinator, path, 200)
	}
	// The administrator's pages (the setup's coordinator), with a taken web address.
	for _, path := range []string{"/beheer/centra", "/beheer/partners", fmt.Sprintf("/beheer/centra/%d", defaultCentreID(t, s))} {
		p.get("coordinator", coordinator, path, 200)
	}
	p.keep("coordinator POST /beheer/centra with mistakes", coordinator.Submit("/beheer/centra", "/beheer/centra",
		apptest.Form("name", "", "slug", "ons-huis-van-de-wijk", "time_zone", "Mars/Olympus")), 422)
	// Notifications: Berichten and one message, the call list, and the pages a mail's
	// links open (a reset link that works, and the unsubscribe question).
	var first int64
	s.DB.Table("notifications").Select("COALESCE(MIN(id), 0)").Scan(&first)
	if first == 0 {
		t.Fatal("no notification to show on Berichten")
	}
	for _, path := range []string{"/coordinator/berichten", fmt.Sprintf("/coordinator/berichten/%d", first), "/bellijst"} {
		p.get("coordinator", coordinator, path, 200)
	}
	p.get("visitor", s.Client(), "/wachtwoord-vergeten", 200)
	if err := models.RequestPasswordReset(s.DB, "carla@example.nl", s.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	var data string
	s.DB.Table("notifications").Select("data").Where("kind = ?", models.KindPasswordReset).Scan(&data)
	token := strings.TrimSuffix(strings.TrimPrefix(data, `{"token":"`), `"}`)
	p.get("visitor", s.Client(), "/wachtwoord-vergeten/"+token, 200)
	p.get("visitor", s.Client(), "/berichten-uit/"+strings.Repeat("a", 26)+"/promoted", 200)

	// The impact report's pages, empty and with data.
	for _, path := range []string{"/coordinator/dimensies", "/coordinator/budget", "/coordinator/verhalen", "/coordinator/gezondheid"} {
		p.get("coordinator, nothing yet of the impact pages", coordinator, path, 200)
	}
	p.get("resident, before the health check", ayse, "/mijn-gezondheid", 200)
	done("add a budget line", coordinator.Submit("/coordinator/budget", "/coordinator/budget/regels", apptest.Form("year", "2026",
		"line_kind", "rooms", "line_label", "Huur huiskamer", "line_amount", "1.200,00")))
	done("add a cost", coordinator.Submit("/coordinator/budget", "/coordinator/budget/kosten", apptest.Form("year", "2026",
		"cost_line", firstOption(t, coordinator.Get("/coordinator/budget").Body, "cost_line"), "cost_description", "Huur november", "cost_amount", "100", "cost_date", "2026-11-01")))
	done("record a story", coordinator.Submit("/coordinator/verhalen", "/coordinator/verhalen", apptest.Form("text", "Een vrijwilliger heeft geen hulp van de GGZ meer nodig.",
		"themes", "meeting", "dimensions", "meaning", "told_on", "2026-11-20", "consent_how", "spoken", "consent_on", "2026-11-20", "consent", "on", "publishable", "on")))
	done("give consent to the health check", ayse.Submit("/mijn-gezondheid", "/mijn-gezondheid/toestemming", apptest.Form("health_consent", "on")))
	p.get("resident who consented", ayse, "/mijn-gezondheid", 200)
	p.keep("resident POST /mijn-gezondheid without answers", ayse.Submit("/mijn-gezondheid", "/mijn-gezondheid", apptest.Form("score_1", "11")), 422)
	done("fill in the health check", ayse.Submit("/mijn-gezondheid", "/mijn-gezondheid", apptest.Form("score_1", "7", "score_2", "6", "score_3", "8", "score_4", "7", "score_5", "5", "score_6", "9")))
	p.get("resident after the health check", ayse, "/mijn-gezondheid", 200)
	for _, path := range []string{"/coordinator/budget", "/coordinator/budget?jaar=2025", "/coordinator/verhalen", "/coordinator/gezondheid", "/rapport?periode=2026-11"} {
		p.get("coordinator, with impact data", coordinator, path, 200)
	}
	var lineID, entryID, storyID int64
	s.DB.Table("budget_lines").Select("MIN(id)").Scan(&lineID)
	s.DB.Table("budget_entries").Select("MIN(id)").Scan(&entryID)
	s.DB.Table("stories").Select("MIN(id)").Scan(&storyID)
	for _, path := range []string{fmt.Sprintf("/coordinator/budget/regels/%d", lineID), fmt.Sprintf("/coordinator/budget/regels/%d/verwijderen", lineID),
		fmt.Sprintf("/coordinator/budget/posten/%d", entryID), fmt.Sprintf("/coordinator/budget/posten/%d/verwijderen", entryID),
		fmt.Sprintf("/coordinator/verhalen/%d", storyID), fmt.Sprintf("/coordinator/verhalen/%d/verwijderen", storyID)} {
		p.get("coordinator, changing the impact data", coordinator, path, 200)
	}
	p.keep("coordinator POST a budget line with mistakes", coordinator.Submit(fmt.Sprintf("/coordinator/budget/regels/%d", lineID),
		fmt.Sprintf("/coordinator/budget/regels/%d", lineID), apptest.Form("line_kind", "", "line_label", "", "line_amount", "veel")), 422)
	p.keep("coordinator POST a budget entry with mistakes", coordinator.Submit(fmt.Sprintf("/coordinator/budget/posten/%d", entryID),
		fmt.Sprintf("/coordinator/budget/posten/%d", entryID), apptest.Form("entry_line", "0", "entry_amount", "x", "entry_date", "2099-01-01", "entry_spent_amount", "5")), 422)
	p.keep("coordinator POST a story with mistakes", coordinator.Submit(fmt.Sprintf("/coordinator/verhalen/%d", storyID),
		fmt.Sprintf("/coordinator/verhalen/%d", storyID), apptest.Form("text", "Ayşe komt elke week.", "consent_on", "morgen")), 422)
	p.keep("coordinator POST /coordinator/dimensies without a dimension", coordinator.Submit("/coordinator/dimensies", "/coordinator/dimensies",
		apptest.Form("dim_1", "body")), 422)
	p.keep("coordinator POST /coordinator/budget/regels with mistakes", coordinator.Submit("/coordinator/budget", "/coordinator/budget/regels",
		apptest.Form("line_kind", "", "line_label", "", "line_amount", "veel")), 422)
	p.keep("coordinator POST /coordinator/budget/kosten with mistakes", coordinator.Submit("/coordinator/budget", "/coordinator/budget/kosten",
		apptest.Form("cost_line", "0", "cost_amount", "x", "cost_date", "2099-01-01")), 422)
	p.keep("coordinator POST /coordinator/verhalen with a name and no consent", coordinator.Submit("/coordinator/verhalen", "/coordinator/verhalen",
		apptest.Form("text", "Ayşe komt elke week.", "consent_on", "morgen")), 422)
	p.keep("coordinator POST /coordinator/gezondheid with mistakes", coordinator.Submit("/coordinator/gezondheid", "/coordinator/gezondheid",
		apptest.Form("date", "", "score_1", "12")), 422)
	p.keep("coordinator POST /coordinator/gezondheid/vragen with mistakes", coordinator.Submit("/coordinator/gezondheid", "/coordinator/gezondheid/vragen",
		apptest.Form("question_1", "")), 422)

	// Forms sent back with mistakes.
	p.keep("visitor POST /registreren with a bad email", anon.Submit("/registreren", "/registreren", apptest.Form(
		"name", "Zoë", "email", "zoe@", "password", "kort", "password_repeat", "anders")), 422)
	p.keep("visitor POST /inloggen with a wrong password", anon.Submit("/inloggen", "/inloggen", apptest.Form(
		"login", "wim@example.nl", "password", "verkeerd wachtwoord")), 422)
	p.keep("proposer POST /voorstellen without answers", fatma.Submit("/voorstellen/nieuw", "/voorstellen", apptest.Form(
		"title", "Buurtmoestuin", "action", "submit", "expected_people", "veel", "need_kind_0", "budget", "need_description_0", "Zaden",
		"need_amount_0", "twintig", "need_kind_1", "volunteers", "need_description_1", "tuinier", "need_volunteers_1", "twee")), 422)
	p.keep("coordinator POST "+review+"/besluit with the room taken", s.Approve(coordinator, proposal, "8",
		"weekdays", "4", "start_time", "10:30", "end_time", "11:30", "first_date", "2026-12-03"), 422)
	p.keep("coordinator POST "+review+"/besluit with mistakes", s.Approve(coordinator, proposal, "veel", "end_time", "13:00", "weekdays", "9"), 422)
	plan := fmt.Sprintf("/coordinator/activiteiten/%d/rooster", paused)
	text := fmt.Sprintf("/coordinator/activiteiten/%d/tekst", paused)
	p.keep("coordinator POST "+text+" with mistakes", coordinator.Submit(text, text, apptest.Form("title", "", "want", "", "can", "Ik neem de borden mee.")), 422)
	p.keep("coordinator POST /coordinator/activiteiten with mistakes", coordinator.Submit("/coordinator/activiteiten/nieuw", "/coordinator/activiteiten", apptest.Form(
		"on_behalf", "resident", "resident", "niemand@example.nl", "title", "Sjoelen", "action", "submit", "room_id", "",
		"capacity", "veel", "recurrence", "weekly", "start_time", "16:00", "end_time", "14:00", "first_date", "2026-12-03")), 422)
	p.keep("coordinator POST /coordinator/activiteiten previewing", coordinator.Submit("/coordinator/activiteiten/nieuw", "/coordinator/activiteiten", apptest.Form(
		"on_behalf", "centre", "title", "Sjoelen", "recurrence", "monthly_weekday", "ordinal", "-1", "month_weekday", "5",
		"start_time", "14:00", "end_time", "16:00", "first_date", "2026-12-03", "preview", "1")), 200)
	p.keep("coordinator POST "+plan+" with mistakes", coordinator.Submit(plan, plan, apptest.Form(
		"room_id", "", "capacity", "veel", "recurrence", "weekly", "start_time", "16:00", "end_time", "14:00", "first_date", "1 december")), 422)
	p.keep("coordinator POST "+plan+" previewing a fifth Tuesday", coordinator.Submit(plan, plan, apptest.Form(
		"capacity", "8", "recurrence", "monthly_weekday", "ordinal", "5", "month_weekday", "2", "start_time", "14:00", "end_time", "16:00",
		"first_date", "2026-12-01", "skip_dates", "29-12-2026", "preview", "1")), 200)
	p.keep("coordinator POST "+plan+" previewing own dates with a mistake", coordinator.Submit(plan, plan, apptest.Form(
		"capacity", "8", "recurrence", "dates", "dates", "5-12-2026\n31-02-2027", "start_time", "14:00", "end_time", "16:00", "preview", "1")), 422)
	move := fmt.Sprintf("/coordinator/sessies/%d/verplaatsen", next.ID)
	p.keep("coordinator POST "+move+" with mistakes", coordinator.Submit(move, move, apptest.Form("date", "morgen", "start_time", "25:00", "end_time", "", "room_id", "")), 422)
	var wimID int64
	s.DB.Table("users").Select("id").Where("email = ?", "wim@example.nl").Scan(&wimID)
	p.keep("coordinator POST /coordinator/accounts/…/wachtwoord too short", coordinator.Submit("/coordinator/accounts",
		fmt.Sprintf("/coordinator/accounts/%d/wachtwoord", wimID), apptest.Form("password", "kort")), 422)
	s.Register("Oud Lid", "oud@example.nl")
	var oudID int64
	s.DB.Table("users").Select("id").Where("email = ?", "oud@example.nl").Scan(&oudID)
	s.DB.Exec("UPDATE users SET last_seen_at = ? WHERE id = ?", s.Clock.Now().AddDate(-2, 0, 10), oudID)
	p.get("coordinator", coordinator, "/coordinator/binnenkort-verwijderd", 200)
	p.keep("coordinator POST /coordinator/binnenkort-verwijderd/…/bewaren without a reason", coordinator.Submit("/coordinator/binnenkort-verwijderd",
		fmt.Sprintf("/coordinator/binnenkort-verwijderd/%d/bewaren", oudID), apptest.Form("reason", "")), 422)
	var roomID int64
	s.DB.Table("rooms").Select("MIN(id)").Scan(&roomID)
	p.keep("coordinator POST /coordinator/ruimtes/… with mistakes", coordinator.Submit("/coordinator/ruimtes", fmt.Sprintf("/coordinator/ruimtes/%d", roomID),
		apptest.Form("name", "", "capacity", "veel")), 422)
	p.keep("coordinator POST /coordinator/ruimtes without a name", coordinator.Submit("/coordinator/ruimtes", "/coordinator/ruimtes", apptest.Form("capacity", "veel")), 422)
	p.keep("lead POST "+activity+"/rollen without a name", lead.Submit(activity+"/vrijwilligers", activity+"/rollen", apptest.Form("per_session", "twee")), 422)
	p.keep("resident POST /vrijwilliger without what they want and a need too long", wim.Submit("/vrijwilliger", "/vrijwilliger", apptest.Form(
		"skills", "handy", "need_kind_0", "travel", "need_description_0", "Vervoer",
		"need_kind_1", "training", "need_description_1", strings.Repeat("Een cursus. ", 30))), 422)
	p.keep("coordinator POST /coordinator/kiosk with a label too long", coordinator.Submit("/coordinator/deur", "/coordinator/kiosk",
		apptest.Form("label", strings.Repeat("Tablet ", 10))), 422)
	p.keep("coordinator POST /coordinator/deur/vervangen without the tick", coordinator.Submit("/coordinator/deur", "/coordinator/deur/vervangen", nil), 422)
	p.keep("resident POST /mijn-gegevens with a bad email", ayse.Submit("/mijn-gegevens", "/mijn-gegevens", apptest.Form(
		"name", "", "email", "ayse@", "phone", "12")), 422)
	p.keep("resident POST /mijn-gegevens/wachtwoord with mistakes", ayse.Submit("/mijn-gegevens", "/mijn-gegevens/wachtwoord", apptest.Form(
		"current_password", "fout", "new_password", "kort", "new_password_repeat", "anders")), 422)
	p.keep("resident POST /mijn-gegevens/verwijderen unconfirmed", ayse.Submit("/mijn-gegevens", "/mijn-gegevens/verwijderen", nil), 422)

	// The trust path and a leersessie (issue 16): Bep's walking club held seven
	// sessions, so she publishes a new walking activity directly; the coordinator's
	// leersessie of 25 November gets its log.
	bep := s.Register("Bep Smits", "bep@example.nl")
	centre, _ := models.DefaultCentre(s.DB)
	var bepID, carlaID int64
	s.DB.Table("users").Select("id").Where("email = ?", "bep@example.nl").Scan(&bepID)
	s.DB.Table("users").Select("id").Where("email = ?", "carla@example.nl").Scan(&carlaID)
	published := s.Clock.Now().AddDate(0, -2, 0)
	for _, a := range []struct {
		title, theme string
		lead         int64
		sch          models.Schedule
	}{
		{"Wandelclub", "moving", bepID, models.Schedule{Recurrence: models.RecurrenceWeekly, Weekdays: models.WeekdayBit(time.Monday),
			StartTime: "07:00", EndTime: "08:00", FirstDate: "2026-10-05", LastDate: "2026-11-16"}},
		{"Leersessie wijkteam", models.ThemeLearning, carlaID, models.Schedule{Recurrence: models.RecurrenceWeekly, Interval: 2,
			Weekdays: models.WeekdayBit(time.Wednesday), StartTime: "07:00", EndTime: "08:00", FirstDate: "2026-11-11", LastDate: "2026-11-25"}},
	} {
		act := models.Activity{CentreID: centre.ID, ProposerID: &a.lead, LeadID: &a.lead, Title: a.title, Want: "Samen.", Can: "Ik regel het.",
			Themes: a.theme, Status: models.StatusApproved, PublishedAt: &published}
		act.SetSchedule(a.sch.Normalised())
		if err := s.DB.Create(&act).Error; err != nil {
			t.Fatal(err)
		}
	}
	p.get("resident on the trust path", bep, "/voorstellen/nieuw", 200)
	p.keep("resident on the trust path POST /voorstellen with another theme", bep.Submit("/voorstellen/nieuw", "/voorstellen",
		trustForm(s, "Kookclub", "food", "publish")), 422)
	preview := trustForm(s, "Ommetje", "moving", "publish")
	preview.Set("preview", "1")
	p.keep("resident on the trust path POST /voorstellen previewing the dates", bep.Submit("/voorstellen/nieuw", "/voorstellen", preview), 200)
	done("publish directly", bep.Submit("/voorstellen/nieuw", "/voorstellen", trustForm(s, "Ommetje", "moving", "publish")))
	var ommetje int64
	s.DB.Table("activities").Select("id").Where("title = ?", "Ommetje").Scan(&ommetje)
	direct := fmt.Sprintf("/coordinator/voorstellen/%d", ommetje)
	p.get("coordinator", coordinator, "/coordinator/voorstellen?status=direct", 200)
	p.get("coordinator, published directly", coordinator, direct, 200)
	p.keep("coordinator POST "+direct+"/terugnemen without a reason", coordinator.Submit(direct, direct+"/terugnemen", apptest.Form("withdraw_reason", "")), 422)
	p.get("coordinator, with a leersessie", coordinator, "/leersessies", 200)
	var learnt int64
	s.DB.Table("activity_sessions s").Select("s.id").Joins("JOIN activities a ON a.id = s.activity_id").
		Where("a.title = ? AND s.date = ?", "Leersessie wijkteam", "2026-11-25").Scan(&learnt)
	learnPath := fmt.Sprintf("/sessies/%d/geleerd", learnt)
	p.get("coordinator, nothing learned yet", coordinator, learnPath, 200)
	p.keep("coordinator POST "+learnPath+" with a name", coordinator.Submit(learnPath, learnPath, apptest.Form("learned", "Bep Smits vertelde over de bus.")), 422)
	done("write what was learned", coordinator.Submit(learnPath, learnPath, apptest.Form("learned", "De bus stopt niet meer bij de markt.")))
	p.get("partner", partner, "/leersessies", 200)

	// Error pages: not found, forbidden, an expired form, limits.
	p.get("visitor", anon, "/bestaat-niet", 404)
	p.get("visitor", anon, fmt.Sprintf("/activiteiten/%d", proposal), 404)
	p.get("resident", wim, "/coordinator", 403)
	p.get("resident", wim, fmt.Sprintf("/voorstellen/%d/bewerken", proposal), 403)
	anon.Get("/")
	p.keep("visitor POST /taal without a token", anon.Post("/taal", apptest.Form("lang", "en")), 403)
	var last *apptest.Response
	for i := 0; i <= checkInLimit; i++ {
		if last = s.Client().Submit("/checkin/"+code, "/checkin/"+code, nil); last.Status == 429 {
			break
		}
	}
	p.keep("visitor POST /checkin/… over the limit", last, 429)
	for i := 0; i <= s.Config.LoginLimitPerAccount; i++ {
		if last = anon.Submit("/inloggen", "/inloggen", apptest.Form("login", "fatma@example.nl", "password", "raden")); last.Status == 429 {
			break
		}
	}
	p.keep("visitor POST /inloggen over the limit", last, 429)

	// The coordinator replaces the door code: the old poster says it is outdated.
	done("replace the door code", coordinator.Submit("/coordinator/deur", "/coordinator/deur/vervangen", apptest.Form("confirm", "on")))
	p.get("visitor with an old poster", s.Client(), "/checkin/"+code, 404)
	p.get("visitor with an unknown code", s.Client(), "/checkin/geheel-onbekend", 404)
	p.get("visitor with the new poster", s.Client(), "/checkin/"+doorCode(t, s), 200)

	// English.
	done("switch to English", anon.Submit("/inloggen", "/taal", apptest.Form("lang", "en", "next", "/")))
	for _, path := range []string{"/", activity, "/inloggen", "/registreren", "/privacy"} {
		p.get("English visitor", anon, path, 200)
	}
	p.get("English visitor", anon, "/bestaat-niet", 404)
	p.keep("English visitor POST /registreren with mistakes", anon.Submit("/registreren", "/registreren", apptest.Form("email", "x@")), 422)
	done("switch to English", coordinator.Submit("/", "/taal", apptest.Form("lang", "en", "next", "/")))
	for _, path := range []string{"/coordinator", review, "/coordinator/bezoekers", "/rapport", "/hulp-gezocht", "/mijn-gegevens"} {
		p.get("English coordinator", coordinator, path, 200)
	}
	done("switch to English", henk.Submit("/", "/taal", apptest.Form("lang", "en", "next", "/")))
	p.get("English volunteer", henk, "/vrijwilliger", 200)
	p.get("English volunteer", henk, "/mijn-diensten", 200)

	// After today's session: it is listed under the sessions held.
	s.Clock.Set(time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC))
	if body := p.get("lead after the session", lead, activity+"/deelnemers", 200).Body; !strings.Contains(body, `id="held"`) {
		t.Error("the finished session is not listed on the participants page")
	}
	return p
}

// firstOption is the value of the first option of the select named name on the page.
func firstOption(t *testing.T, page, name string) string {
	t.Helper()
	m := regexp.MustCompile(`name="` + name + `"><option value="([^"]*)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no select %q with options on the page", name)
	}
	return m[1]
}
