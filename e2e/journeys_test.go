package e2e

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/gofiber/fiber/v2"

	"onshuis/app"
	"onshuis/app/apptest"
	"onshuis/models"
)

// TestJourneys is the first week of a new centre, in a real browser: the coordinator
// sets the site up and adds a room (a), a resident proposes an activity that the
// coordinator approves and a neighbour joins (b), a volunteer signs up for a task (c),
// a visitor checks in at the door on a phone (d), the coordinator prints the rosters
// (e), someone with JavaScript switched off joins and checks in (f), someone without a
// mouse registers and joins with the keyboard alone (g), every other page is opened by
// someone allowed to see it (h), a report is downloaded for a chosen period (i), and a
// partner shows the programme in its own page (j). Each journey builds on the one
// before, as the week would; at the end every page of the site must have been audited.
func TestJourneys(t *testing.T) {
	require(t)
	t.Parallel()
	for _, db := range apptest.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			partners := startPartnerSites(t)
			s := startSite(t, db, func(c *app.Config) { c.EmbedOrigins = []string{partners.allowed.origin} })
			w := &week{site: s, partners: partners}
			for _, j := range []struct {
				name string
				fn   func(*testing.T)
			}{
				{"a_setup_and_room", w.setupAndRoom},
				{"b_propose_approve_join", w.proposeApproveJoin},
				{"c_volunteer", w.volunteer},
				{"d_checkin_on_phone", w.checkInOnPhone},
				{"e_roster_pdf", w.rosterPDF},
				{"f_without_javascript", w.withoutJavaScript},
				{"g_keyboard_only", w.keyboardOnly},
				{"h_every_other_page", w.everyOtherPage},
				{"i_report_downloads", w.reportDownloads},
				{"j_programme_on_a_partner_site", w.programmeOnPartnerSite},
				{"k_told_without_email", w.toldWithoutEmail},
				{"k_impact", w.impact},
				{"k_schedule_editor", w.scheduleEditor},
				{"k_learning_and_trust", w.learningAndTrust},
				{"l_first_run_checklist", w.firstRunChecklist},
				{"m_choose_centre", w.chooseCentre},
			} {
				var finished, skipped bool // neither when the journey stopped half-way (t.Fatal)
				t.Run(j.name, func(t *testing.T) {
					defer func() { skipped = t.Skipped() }()
					j.fn(t)
					finished = true
				})
				if !finished && !skipped {
					t.Fatalf("journey %s stopped half-way; the journeys after it build on it", j.name)
				}
			}
			s.everyPageVisited(t)
		})
	}
}

// toldWithoutEmail: Truus has only a phone. When her session is called off she sees a
// badge in the menu and the message on Mijn pagina, and the coordinator finds her on the
// call list (on screen, with a tick-off button) and the message on Berichten.
func (w *week) toldWithoutEmail(t *testing.T) {
	truus := w.site.newPerson(t, "Truus Janssen", phone)
	truus.open(t, "/registreren", 200)
	truus.typeIn(t, "#f-name", "Truus Janssen")
	truus.typeIn(t, "#f-phone", "06 12345678")
	truus.typeIn(t, "#f-password", password)
	truus.typeIn(t, "#f-password_repeat", password)
	truus.tick(t, "f-consent")
	truus.press(t, truus.button(t, "Account maken"), 200)
	truus.open(t, w.activity, 200)
	truus.press(t, truus.button(t, "Ik doe mee"), 200)
	// The lead calls the next session off (the form itself is exercised in handlers/);
	// the sender then runs as it does every few seconds.
	id, _ := strconv.ParseInt(strings.TrimPrefix(w.activity, "/activiteiten/"), 10, 64)
	var next models.Session
	if err := w.site.DB.Where("activity_id = ? AND starts_at > ? AND cancelled = ?", id, w.site.Config.Now().UTC(), false).Order("starts_at").Take(&next).Error; err != nil {
		t.Fatal(err)
	}
	if err := models.SetSessionCancelled(w.site.DB, next.ID, true, "de kok is ziek", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := w.site.Sender.SendDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	truus.open(t, "/", 200)
	truus.sees(t, ".site-nav .badge", "1 nieuw bericht")
	truus.sees(t, ".site-header__top .badge", "1 nieuw bericht") // in sight on a phone, where the menu scrolls
	truus.screenshot(t, "badge-360")
	truus.press(t, truus.link(t, "Mijn pagina 1 nieuw bericht"), 200)
	truus.sees(t, "main", "Berichten voor jou", "gaat niet door", "Waarom: de kok is ziek")
	truus.screenshot(t, "mijn-pagina-360")
	truus.open(t, "/mijn-gegevens", 200)
	truus.sees(t, "#berichten", "Je hebt geen e-mailadres")
	truus.screenshot(t, "mijn-gegevens-360")
	truus.press(t, truus.link(t, "Bekijk mijn gegevens"), 200)
	truus.sees(t, "h1", "Alles wat we van jou bewaren")
	truus.sees(t, "main", "Truus Janssen", "Waar je toestemming voor gaf")
	truus.screenshot(t, "mijn-gegevens-overzicht-360")

	carla := w.coordinator
	carla.open(t, "/coordinator", 200)
	carla.press(t, carla.tile(t, "Bellijst"), 200)
	carla.sees(t, "main", "Bel Truus Janssen, 06 12345678:", "gaat niet door")
	carla.screenshot(t, "bellijst-1280")
	carla.open(t, "/coordinator/berichten", 200)
	carla.sees(t, "main", "Geen e-mail: op Mijn pagina en de bellijst")
	carla.screenshot(t, "berichten-1280")
	carla.open(t, "/bellijst", 200)
	carla.press(t, carla.button(t, "Gebeld"), 200)
	carla.sees(t, ".flash", "Afgevinkt: gebeld.")
}

// week carries what the journeys share: the site, the coordinator's browser and the
// activity, as the people in it would remember them.
type week struct {
	site        *site
	coordinator *person
	activity    string  // path of the approved activity, /activiteiten/{id}
	doorPath    string  // path of the door poster's check-in address
	henk        *person // the volunteer, on the rota for 1 December
	partners    *partnerSites
}

const password = "een lang wachtwoord"

// resident opens a new browser on a desktop and makes an account in it.
func (w *week) resident(t *testing.T, name, email string) *person {
	t.Helper()
	p := w.site.newPerson(t, name, desktop)
	w.signUp(t, p, name, email)
	return p
}

// signUp makes an account through the registration form; the person is then logged in.
func (w *week) signUp(t *testing.T, p *person, name, email string) {
	t.Helper()
	p.open(t, "/", 200)
	p.press(t, p.link(t, "Account maken"), 200)
	p.sees(t, "h1", "Account maken")
	p.typeIn(t, "#f-name", name)
	p.typeIn(t, "#f-email", email)
	p.typeIn(t, "#f-password", password)
	p.typeIn(t, "#f-password_repeat", password)
	p.tick(t, "f-consent")
	p.press(t, p.button(t, "Account maken"), 200)
	p.sees(t, ".flash", "Welkom! Je account is gemaakt en je bent ingelogd.")
	p.sees(t, ".site-header__user", "Ingelogd als "+name)
}

// a. First run: the setup form, then the coordinator's home with its checklist, whose
// first step adds the first room.
func (w *week) setupAndRoom(t *testing.T) {
	carla := w.site.newPerson(t, "Carla (coordinator)", desktop)
	carla.open(t, "/", 200)
	if got := carla.path(t); got != "/setup" {
		t.Fatalf("a fresh site sent the first visitor to %s, want /setup", got)
	}
	carla.sees(t, "h1", "Ons Huis instellen")
	if got := run(t, carla, "read centre name", chromedp.Value(chromedp.CSS("#f-centre_name"))); got != "Ons Huis van de Wijk" {
		t.Errorf("centre name is prefilled with %q", got)
	}
	carla.replace(t, "#f-centre_name", "Ons Huis Ruwaard")
	carla.typeIn(t, "#f-centre_address", "Ruwaard, Oss")
	carla.typeIn(t, "#f-name", "Carla Coördinator")
	carla.typeIn(t, "#f-email", "carla@example.nl")
	carla.typeIn(t, "#f-password", password)
	carla.typeIn(t, "#f-password_repeat", password)
	carla.press(t, carla.button(t, "Instellen en inloggen"), 200)

	if got := carla.path(t); got != "/coordinator" {
		t.Errorf("after setup the coordinator is on %s, want her home /coordinator", got)
	}
	carla.sees(t, ".flash", "Het buurthuis is ingesteld. Je bent ingelogd als coördinator.")
	carla.sees(t, "h1", "Coördinator")
	carla.sees(t, "main", "Aan de slag")
	carla.sees(t, ".site-header__user", "Ingelogd als Carla Coördinator")
	carla.sees(t, ".brand", "Ons Huis Ruwaard")

	carla.press(t, carla.link(t, "Programma"), 200)
	carla.sees(t, "h1", "Programma week 48")
	carla.press(t, carla.link(t, "Coördinator"), 200)
	carla.press(t, carla.link(t, "Ruimtes toevoegen"), 200) // the checklist's first step
	carla.sees(t, "main", "Er zijn nog geen ruimtes.")
	carla.typeIn(t, "#f-name", "Huiskamer")
	carla.typeIn(t, "#f-capacity", "40")
	carla.press(t, carla.button(t, "Ruimte toevoegen"), 200)
	carla.sees(t, ".flash", "De ruimte is opgeslagen.")
	if got := run(t, carla, "read room", chromedp.Value(chromedp.CSS(".cards .card input[name=name]"))); got != "Huiskamer" {
		t.Errorf("the room list shows %q, want Huiskamer", got)
	}
	carla.screenshot(t, "a-rooms")
	w.coordinator = carla
}

// b. A resident proposes with the three questions; the coordinator approves it with a
// schedule; a neighbour finds it in next week's programme and joins.
func (w *week) proposeApproveJoin(t *testing.T) {
	ayse := w.resident(t, "Ayşe Yılmaz", "ayse@example.nl")
	ayse.press(t, ayse.link(t, "Voorstel doen"), 200)
	ayse.sees(t, "h1", "Een activiteit voorstellen")
	ayse.typeIn(t, "#f-title", "Samen koken")
	ayse.typeIn(t, "#f-want", "Samen gezond koken en eten met buren.")
	ayse.tick(t, "theme-food")
	ayse.typeIn(t, "#f-can", "Ik kook Turks en leer het anderen.")
	ayse.choose(t, "#need_kind_0", "Geld")
	ayse.typeIn(t, "#need_description_0", "Boodschappen")
	ayse.typeIn(t, "#need_amount_0", "25,50")
	ayse.typeIn(t, "#f-expected_people", "12")
	ayse.press(t, ayse.button(t, "Voorstel indienen"), 200)
	ayse.sees(t, ".flash", "Bedankt! Je voorstel is ingediend.")
	ayse.sees(t, "main", "Samen koken", "Ingediend")

	carla := w.coordinator
	carla.open(t, "/coordinator", 200)
	carla.sees(t, "main", "1 voorstel wacht")
	carla.press(t, carla.tile(t, "Voorstellen beoordelen"), 200)
	carla.press(t, carla.link(t, "Samen koken"), 200)
	review := carla.path(t)
	if !regexp.MustCompile(`^/coordinator/voorstellen/\d+$`).MatchString(review) {
		t.Fatalf("the proposal link led to %s", review)
	}
	carla.sees(t, "main", "Samen gezond koken en eten met buren.", "Ik kook Turks en leer het anderen.", "Boodschappen", "Ayşe Yılmaz")
	carla.tick(t, "f-lowers_threshold-yes")
	carla.tick(t, "f-more_collective-yes")
	carla.tick(t, "f-healthier-some")
	carla.tick(t, "f-decision-approve")
	carla.choose(t, "#f-room_id", "Huiskamer (40)")
	carla.replace(t, "#f-capacity", "12") // prefilled with the expected number of people
	carla.tick(t, "f-recurrence-weekly")
	carla.tick(t, "wd-2") // Tuesday
	carla.setValue(t, "#f-start_time", "14:00")
	carla.setValue(t, "#f-end_time", "16:00")
	carla.setValue(t, "#f-first_date", "2026-12-01")
	carla.press(t, carla.button(t, "Besluit opslaan"), 200)
	carla.sees(t, ".flash", "Goedgekeurd. De activiteit staat in het programma.")
	w.activity = "/activiteiten/" + strings.TrimPrefix(review, "/coordinator/voorstellen/")

	zoe := w.resident(t, "Zoë de Vries", "zoe@example.nl")
	w.joinFromProgramme(t, zoe)
	zoe.screenshot(t, "b-joined")
}

// joinFromProgramme goes to next week's programme, opens the activity and joins it.
func (w *week) joinFromProgramme(t *testing.T, p *person) {
	t.Helper()
	p.press(t, p.link(t, "Volgende week →"), 200)
	p.sees(t, "h1", "Programma week 49")
	p.sees(t, `section[aria-labelledby="day-2026-12-01"]`, "dinsdag", "Samen koken", "14:00–16:00", "Huiskamer")
	p.press(t, p.link(t, "Samen koken"), 200)
	if got := p.path(t); got != w.activity {
		t.Fatalf("the programme's link led to %s, want %s", got, w.activity)
	}
	p.sees(t, "h1", "Samen koken")
	p.sees(t, ".when", "dinsdag", "14:00–16:00", "Huiskamer")
	p.press(t, p.button(t, "Ik doe mee"), 200)
	p.sees(t, ".flash", "Je bent aangemeld. Tot dan!")
	p.sees(t, ".signup .status--joined", "Je doet mee")
}

// c. The coordinator adds a task to the activity; a resident offers to volunteer and
// takes the first shift.
func (w *week) volunteer(t *testing.T) {
	carla := w.coordinator
	roles := w.activity + "/vrijwilligers"
	carla.open(t, w.activity, 200)
	carla.press(t, carla.link(t, "Vrijwilligers"), 200)
	if got := carla.path(t); got != roles {
		t.Fatalf("the activity's volunteers button led to %s, want %s", got, roles)
	}
	carla.sees(t, "main", "Deze activiteit zoekt geen vrijwilligers.")
	carla.typeIn(t, "#f-name", "Tafel dekken")
	carla.typeIn(t, "#f-per_session", "2")
	carla.press(t, carla.button(t, "Taak toevoegen"), 200)
	carla.sees(t, ".flash", "De taak is toegevoegd.")
	carla.sees(t, "main h2", "Tafel dekken")

	henk := w.resident(t, "Henk van den Berg", "henk@example.nl")
	henk.open(t, roles, 200)
	henk.sees(t, "main .notice", "Word eerst vrijwilliger.")
	henk.press(t, henk.link(t, "Vrijwilliger worden"), 200)
	henk.typeIn(t, "#f-want", "Helpen waar het nodig is.")
	henk.tick(t, "skill-cooking")
	henk.tick(t, "skill-hosting")
	henk.tick(t, "lang-nl")
	henk.press(t, henk.button(t, "Opslaan"), 200)
	henk.sees(t, ".flash", "Dank je wel! Je aanbod is opgeslagen.")

	henk.open(t, roles, 200)
	henk.sees(t, "main h2", "Tafel dekken")
	henk.sees(t, "main tbody tr:first-child", "1 december", "0 / 2")
	henk.press(t, henk.button(t, "Ik help"), 200)
	henk.sees(t, ".flash", "Dank je wel! Je staat op het rooster.")
	henk.sees(t, "main tbody tr:first-child", "1 december", "1 / 2", "Afmelden")
	henk.screenshot(t, "c-shift")

	henk.open(t, "/mijn-diensten", 200)
	henk.sees(t, "main", "Tafel dekken", "Samen koken")
	w.henk = henk
}

// d. A visitor scans the door poster with a phone and taps "Ik ben er".
func (w *week) checkInOnPhone(t *testing.T) {
	carla := w.coordinator
	carla.open(t, "/coordinator", 200)
	carla.press(t, carla.tile(t, "Inchecken bij de deur"), 200)
	url := carla.text(t, "main .lead a")
	if !strings.HasPrefix(url, w.site.URL+"/checkin/") {
		t.Fatalf("the door page shows check-in address %q", url)
	}
	w.doorPath = strings.TrimPrefix(url, w.site.URL)

	visitor := w.site.newPerson(t, "visitor on a phone", phone)
	visitor.open(t, w.doorPath, 200)
	visitor.sees(t, "h1", "Welkom in Ons Huis Ruwaard!")
	// Before tapping, the visitor reads what the code on the phone is for.
	visitor.press(t, visitor.link(t, "Wat we bewaren, wie het ziet en hoe lang"), 200)
	visitor.sees(t, "h1", "Privacy: wat we bewaren")
	visitor.sees(t, "#checkin", "Inchecken bij de deur", "na je laatste keer inchecken")
	visitor.open(t, w.doorPath, 200)
	visitor.press(t, visitor.button(t, "Ik ben er"), 200)
	if got := visitor.path(t); got != w.doorPath+"/welkom" {
		t.Errorf("after checking in the visitor is on %s", got)
	}
	visitor.sees(t, "h1", "Welkom")
	visitor.sees(t, ".lead", "Je bent ingecheckt bij Ons Huis Ruwaard.")
	visitor.screenshot(t, "d-welcome")
}

// e. The coordinator downloads next week's rosters from the printing page.
func (w *week) rosterPDF(t *testing.T) {
	carla := w.coordinator
	carla.open(t, "/coordinator", 200)
	carla.press(t, carla.tile(t, "Printen"), 200)
	link := carla.tile(t, "Roosters week 49")
	href := run(t, carla, "read roster link", chromedp.AttributeValue(chromedp.CSS(link), "href"))
	if href.Value != "/coordinator/roosters.pdf?week=2026-W49" {
		t.Fatalf("roster link points to %q", href.Value)
	}

	// Fetched inside the page, with the coordinator's cookies, as the link would.
	text := carla.fetchLink(t, link).pdfText(t, "roosters.pdf")
	for _, want := range []string{"Samen koken", "dinsdag 1 december 2026", "Zoë de Vries", "Henk van den Berg"} {
		if !strings.Contains(text, want) {
			t.Errorf("the roster PDF does not show %q:\n%s", want, text)
		}
	}
	carla.screenshot(t, "e-printing")
}

// f. Someone whose browser runs no JavaScript registers, joins the activity and checks
// in at the door on a phone: the site has no script, so all of it works.
func (w *week) withoutJavaScript(t *testing.T) {
	noor := w.site.newPerson(t, "Noor (JavaScript off)", phone)
	noor.disableScript(t)
	noor.assertScriptOff(t)
	w.signUp(t, noor, "Noor Bakker", "noor@example.nl")
	w.joinFromProgramme(t, noor)
	noor.open(t, w.doorPath, 200)
	noor.sees(t, "main .lead", "Noor Bakker")
	noor.press(t, noor.button(t, "Ik ben er"), 200)
	noor.sees(t, "h1", "Welkom")
	noor.screenshot(t, "f-welcome-without-javascript")
	noor.assertScriptOff(t) // still off after all those pages
}

// g. Someone who uses no mouse registers, finds the activity in next week's programme
// and joins it with the keyboard alone: Tab to move, typing, Space to tick, Enter to
// press. Every element the focus passes must show it.
func (w *week) keyboardOnly(t *testing.T) {
	kim := w.site.newPerson(t, "Kim (keyboard only)", desktop)
	kim.open(t, "/registreren", 200)
	kim.tabTo(t, "a.skip-link")
	kim.tabTo(t, "#f-name")
	kim.typeHere(t, "Kim de Boer")
	kim.tabTo(t, "#f-email")
	kim.typeHere(t, "kim@example.nl")
	kim.tabTo(t, "#f-password")
	kim.typeHere(t, password)
	kim.tabTo(t, "#f-password_repeat")
	kim.typeHere(t, password)
	kim.tabTo(t, "#f-consent")
	kim.pressKey(t, " ")
	if !run(t, kim, "read consent", chromedp.JavascriptAttribute[bool](chromedp.CSS("#f-consent"), "checked")) {
		t.Fatal("Space did not tick the consent box")
	}
	kim.tabTo(t, kim.button(t, "Account maken"))
	kim.enter(t, 200)
	kim.sees(t, ".flash", "Welkom! Je account is gemaakt en je bent ingelogd.")
	kim.tabTo(t, kim.link(t, "Volgende week →"))
	kim.enter(t, 200)
	kim.tabTo(t, kim.link(t, "Samen koken"))
	kim.enter(t, 200)
	kim.tabTo(t, kim.button(t, "Ik doe mee"))
	kim.enter(t, 200)
	kim.sees(t, ".flash", "Je bent aangemeld. Tot dan!")
}

// h. Every page the other journeys did not open, each by someone allowed to see it,
// so each is audited at phone width, desktop and 200% zoom: the coordinator's visitor
// figures, report, what is deleted soon, accounts, staffing and help board, an activity's participants,
// schedule (moved half an hour) and text, a session's attendance and hours, the host's
// kiosk tablet, a resident's own pages, the login page with a wrong password, the
// error pages, and last an old door poster after the coordinator replaced the code.
func (w *week) everyOtherPage(t *testing.T) {
	carla := w.coordinator
	carla.open(t, "/coordinator", 200)
	carla.press(t, carla.tile(t, "Bezoekers"), 200)
	carla.sees(t, "h1", "Bezoekers")
	carla.sees(t, "main", "week 48")
	carla.press(t, carla.link(t, "← Vorige week"), 200)
	carla.sees(t, "main", "week 47")
	carla.open(t, "/coordinator", 200)
	carla.press(t, carla.tile(t, "Bezetting"), 200)
	carla.sees(t, "h1", "Bezetting")
	carla.open(t, "/coordinator", 200)
	carla.press(t, carla.tile(t, "Hulp gezocht"), 200)
	carla.sees(t, "h1", "Hulp gezocht")
	carla.open(t, "/coordinator", 200)
	carla.press(t, carla.tile(t, "Binnenkort verwijderd"), 200)
	carla.sees(t, "h1", "Binnenkort verwijderd")
	carla.sees(t, "main", "Je bewaart niemand apart.")
	carla.open(t, "/coordinator", 200)
	carla.press(t, carla.tile(t, "Accounts"), 200)
	carla.sees(t, "main", "Ayşe Yılmaz", "Henk van den Berg", "Noor Bakker")
	carla.press(t, carla.link(t, "Rapportage"), 200)
	carla.sees(t, "h1", "Impact van Ons Huis Ruwaard")

	// Carla set the site up, so she is its administrator: the centres and the partners.
	carla.press(t, carla.link(t, "Beheer"), 200)
	carla.sees(t, "h1", "Centra beheren")
	carla.press(t, carla.link(t, "Ons Huis Ruwaard wijzigen"), 200)
	carla.sees(t, "main", "Ons Huis Ruwaard")
	carla.press(t, carla.link(t, "Terug naar alle centra"), 200)
	carla.press(t, carla.link(t, "Partners en hun centra"), 200)
	carla.sees(t, "h1", "Partners en hun centra")
	carla.open(t, "/", 200)
	carla.press(t, carla.link(t, "Andere huizen van de wijk"), 200)
	carla.sees(t, "h1", "Alle huizen van de wijk")
	carla.sees(t, "main", "Ons Huis Ruwaard")

	carla.open(t, w.activity, 200)
	carla.press(t, carla.link(t, "Deelnemers en datums beheren"), 200)
	carla.sees(t, "main", "Zoë de Vries", "Noor Bakker")
	// "Wie was er?" is offered once a session has begun; the first one is next week, so
	// its page is opened by its address (the roster link carries the session's id).
	roster := run(t, carla, "read roster link", chromedp.AttributeValue(chromedp.CSS(carla.link(t, "Rooster printen")), "href"))
	session := regexp.MustCompile(`/sessies/(\d+)/`).FindStringSubmatch(roster.Value)
	if session == nil {
		t.Fatalf("roster link %q names no session", roster.Value)
	}
	carla.open(t, "/sessies/"+session[1]+"/aanwezig", 200)
	carla.sees(t, "h1", "Wie was er bij Samen koken?")
	// The roster's short link leads to "Presentielijst invoeren"; this session is still
	// to come, so the page says so (the sheet itself: TestPaperSheetInTheBrowser).
	carla.open(t, "/p/"+session[1], 200)
	carla.sees(t, "h1", "Presentielijst van Samen koken invoeren")
	carla.sees(t, "main", "Deze keer is nog niet begonnen")
	carla.open(t, "/sessies/"+session[1]+"/aanwezig", 200)
	carla.press(t, carla.link(t, "← Terug naar de deelnemers"), 200)
	carla.press(t, carla.link(t, "Rooster, ruimte of plaatsen wijzigen"), 200)
	carla.sees(t, "h1", "Rooster, ruimte en plaatsen van Samen koken")
	carla.setValue(t, "#f-end_time", "16:30")
	carla.press(t, carla.button(t, "Opslaan"), 200)
	carla.sees(t, ".flash", "Het rooster is opgeslagen.")
	carla.open(t, w.activity, 200)
	carla.sees(t, ".when", "dinsdag", "14:00–16:30")
	carla.press(t, carla.link(t, "Deelnemers en datums beheren"), 200)
	carla.press(t, carla.link(t, "Naam, tekst of thema's aanpassen"), 200)
	carla.sees(t, "h1", "Tekst van Samen koken")
	carla.tick(t, "theme-meeting")
	carla.press(t, carla.button(t, "Opslaan"), 200)
	carla.sees(t, ".flash", "De tekst is aangepast.")
	carla.open(t, w.activity+"/vrijwilligers", 200)
	carla.press(t, carla.link(t, "Uren bevestigen"), 200)
	carla.sees(t, "h1", "Wie hielp bij Samen koken?")
	carla.sees(t, "main", "Henk van den Berg")
	carla.open(t, "/centra/ons-huis-ruwaard", 200)
	carla.sees(t, ".brand", "Ons Huis Ruwaard")

	// Berichten: what went out (here: kept, no mail server), each as it would arrive;
	// the call list; and the pages a mail's links open.
	carla.open(t, "/coordinator", 200)
	carla.press(t, carla.tile(t, "Berichten"), 200)
	carla.sees(t, "h1", "Berichten")
	carla.sees(t, "main", "Niet verstuurd (geen mailserver)")
	first := run(t, carla, "read a message link", chromedp.AttributeValue(chromedp.CSS("main table tbody a"), "href"))
	carla.open(t, first.Value, 200)
	carla.sees(t, "main", "Zo komt het bericht aan:")
	carla.open(t, "/coordinator", 200)
	carla.press(t, carla.tile(t, "Bellijst"), 200)
	carla.sees(t, "h1", "Bellijst")
	carla.open(t, "/wachtwoord-vergeten", 200)
	carla.open(t, "/wachtwoord-vergeten/"+strings.Repeat("a", 52), 404)
	carla.sees(t, "main", "Deze link werkt niet meer")
	carla.open(t, "/berichten-uit/"+strings.Repeat("a", 26)+"/promoted", 200)
	carla.sees(t, "h1", "Geen berichten meer")

	// The host's tablet: the coordinator makes a link, the host counts a visitor and
	// takes the tap back.
	carla.open(t, "/coordinator/deur", 200)
	carla.typeIn(t, "#f-label", "Tablet bij de bar")
	carla.press(t, carla.button(t, "Nieuwe tabletlink maken"), 200)
	kiosk := strings.TrimPrefix(carla.text(t, "main table tbody tr:last-child a"), w.site.URL)
	if !strings.HasPrefix(kiosk, "/kiosk/") {
		t.Fatalf("the door page shows tablet link %q", kiosk)
	}
	// Online the kiosk works without JavaScript (its script only adds the offline
	// queue; see TestKioskOffline).
	host := w.site.newPerson(t, "host with a tablet", desktop)
	host.disableScript(t)
	host.open(t, kiosk, 200)
	host.sees(t, "h1", "Bezoekers tellen")
	host.press(t, host.button(t, "+1 bezoeker"), 200)
	host.sees(t, "main", "Vandaag 1 bezoeker geteld op deze tablet.")
	host.press(t, host.button(t, "Laatste tik ongedaan maken"), 200)
	host.sees(t, "main", "Vandaag 0 bezoekers geteld op deze tablet.")

	// A resident's own pages, and a page that is not theirs.
	piet := w.resident(t, "Piet Jansen", "piet@example.nl")
	piet.open(t, "/mijn-activiteiten", 200)
	piet.sees(t, "main", "Je doet nog nergens aan mee.")
	piet.press(t, piet.link(t, "Mijn gegevens"), 200)
	piet.sees(t, "h1", "Mijn gegevens")
	piet.press(t, piet.link(t, "Voorstel doen"), 200)
	piet.typeIn(t, "#f-title", "Klaverjassen")
	piet.press(t, piet.button(t, "Voorstel indienen"), 422) // the three questions are not answered
	piet.sees(t, ".error-summary", "Er is iets niet goed ingevuld.")
	if got := run(t, piet, "read title", chromedp.Value(chromedp.CSS("#f-title"))); got != "Klaverjassen" {
		t.Errorf("after the error the title field holds %q, want what Piet typed", got)
	}
	piet.typeIn(t, "#f-want", "Elke week een kaartmiddag.")
	piet.tick(t, "theme-meeting")
	piet.typeIn(t, "#f-can", "Ik neem de kaarten mee.")
	piet.press(t, piet.button(t, "Voorstel indienen"), 200)
	piet.press(t, piet.link(t, "Aanpassen"), 200)
	piet.sees(t, "h1", "Je voorstel aanpassen")
	piet.open(t, "/coordinator", 403)
	piet.sees(t, "main", "Je mag deze pagina niet bekijken.")
	piet.open(t, "/bestaat-niet", 404)
	piet.sees(t, "main", "Deze pagina bestaat niet (meer).")
	piet.press(t, piet.button(t, "Uitloggen"), 200)
	piet.press(t, piet.link(t, "Inloggen"), 200)
	piet.typeIn(t, "#f-login", "piet@example.nl")
	piet.typeIn(t, "#f-password", "niet mijn wachtwoord")
	piet.press(t, piet.button(t, "Inloggen"), 422)
	piet.sees(t, "main", "Het e-mailadres, telefoonnummer of wachtwoord klopt niet.")
	// The right password, then "Overal uitloggen" on Mijn gegevens: back to the login page.
	piet.typeIn(t, "#f-password", password)
	piet.press(t, piet.button(t, "Inloggen"), 200)
	piet.open(t, "/mijn-gegevens", 200)
	piet.press(t, piet.button(t, "Overal uitloggen"), 200)
	piet.sees(t, ".flash", "Je bent overal uitgelogd.")
	piet.sees(t, "h1", "Inloggen")

	// Giving back, with a second thought: a neighbour skips one date and takes it back,
	// then asks to stop and stays; the volunteer asks to give his shift up and stays.
	sanne := w.resident(t, "Sanne de Boer", "sanne@example.nl")
	sanne.open(t, w.activity, 200)
	sanne.press(t, sanne.button(t, "Ik doe mee"), 200)
	sanne.press(t, sanne.button(t, "Deze keer niet"), 200)
	sanne.sees(t, ".flash", "Genoteerd: je komt die keer niet. Je plek blijft van jou.")
	sanne.sees(t, "#next-sessions + ul li:first-child", "1 december", "Je komt deze keer niet")
	sanne.press(t, sanne.button(t, "Toch wel"), 200)
	sanne.sees(t, ".flash", "Fijn, je komt toch.")
	sanne.press(t, sanne.link(t, "Ik doe niet meer mee"), 200)
	sanne.sees(t, "h1", "Doe je niet meer mee met Samen koken?")
	sanne.screenshot(t, "h-leave-question")
	sanne.press(t, sanne.link(t, "Nee, ik blijf"), 200)
	sanne.sees(t, ".signup .status--joined", "Je doet mee")
	henk := w.henk
	henk.open(t, w.activity+"/vrijwilligers", 200)
	henk.press(t, henk.link(t, "Afmelden"), 200)
	henk.sees(t, "h1", "Afmelden als Tafel dekken bij Samen koken?")
	henk.press(t, henk.link(t, "Nee, ik blijf"), 200)
	henk.sees(t, "main tbody tr:first-child", "1 december", "1 / 2", "Afmelden")

	// Last, as it makes the printed poster outdated.
	oldDoor := w.doorPath
	carla.open(t, "/coordinator/deur", 200)
	carla.tick(t, "f-confirm")
	carla.press(t, carla.button(t, "Nieuwe code maken"), 200)
	visitor := w.site.newPerson(t, "visitor with an old poster", phone)
	visitor.open(t, oldDoor, 404)
	visitor.sees(t, "h1", "Deze poster is verouderd")

	w.compactHeader(t)
}

// compactHeader: the coordinator, who has the longest menu, on her phone and at 200%
// zoom on a demo site: the header and the demo banner leave the page most of the screen
// (they took 420 of 640 px on a phone), and the menu is still reached with Tab with the
// focus showing.
func (w *week) compactHeader(t *testing.T) {
	if err := w.site.DB.Exec("UPDATE centres SET is_demo = ?", true).Error; err != nil {
		t.Fatal(err)
	}
	defer w.site.DB.Exec("UPDATE centres SET is_demo = ?", false)
	for _, v := range []struct {
		view viewport
		most float64 // of the screen's height, for the header and the banner together
	}{{phone, 1.0 / 3}, {zoom200, 0.4}} {
		p := w.site.newPerson(t, "Carla on "+v.view.Name, v.view)
		p.open(t, "/inloggen", 200)
		p.typeIn(t, "#f-login", "carla@example.nl")
		p.typeIn(t, "#f-password", password)
		p.press(t, p.button(t, "Inloggen"), 200)
		p.sees(t, ".demo-banner", "Dit is een demo.")
		top := run(t, p, "measure the header", chromedp.Evaluate[float64](`document.getElementById('main').getBoundingClientRect().top`))
		if limit := v.most * float64(v.view.Height); top > limit {
			p.screenshot(t, "header")
			t.Errorf("%s: the page starts %.0f px down, below the header and banner; want at most %.0f of %d", v.view.Name, top, limit, v.view.Height)
		}
		p.sees(t, ".site-header__user", "Ingelogd als Carla Coördinator")
		p.tabTo(t, `.site-nav a[href="/rapport"]`) // the last link, scrolled into the menu row
		p.enter(t, 200)
		p.sees(t, "h1", "Impact van Ons Huis Ruwaard")
	}
}

// everyPageVisited fails naming each page of the site (a GET route that answers with
// HTML) that no journey opened, so a new page is audited from the day it is added.
func (s *site) everyPageVisited(t *testing.T) {
	t.Helper()
	// /p/{id} is the roster's short address: a redirect to the sign-in sheet, opened above.
	notHTML := regexp.MustCompile(`^/(static|healthz|api/|p/|taal$)|\.(pdf|ics|csv|atom|js)$|/download$`)
	param := regexp.MustCompile(`:[a-z]+(<int>)?`)
	s.mu.Lock()
	defer s.mu.Unlock()
	var missing []string
	for _, r := range s.Fiber.GetRoutes(true) {
		if r.Method != fiber.MethodGet || notHTML.MatchString(r.Path) {
			continue
		}
		pattern := regexp.MustCompile("^" + param.ReplaceAllStringFunc(regexp.QuoteMeta(r.Path), func(p string) string {
			if strings.HasSuffix(p, "<int>") {
				return `\d+`
			}
			return `[^/]+`
		}) + "$")
		if !slices.ContainsFunc(s.visited, pattern.MatchString) {
			missing = append(missing, r.Path)
		}
	}
	if len(missing) > 0 {
		t.Errorf("no journey opens these pages, so they are not audited: %s", strings.Join(missing, ", "))
	}
}
