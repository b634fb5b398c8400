package handlers_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"onshuis/app/apptest"
	"onshuis/models"
)

// The authorisation matrix: every route against every kind of visitor, in one table.
// A cell is the status the visitor gets; "login" means a redirect to the login page.
func TestAuthorisationMatrix(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		activity, lead := s.Activity(coordinator, "Handwerkclub", "10")
		lead.Get(fmt.Sprintf("/activiteiten/%d/deelnemers", activity)) // creates the sessions
		var session int64
		s.DB.Table("activity_sessions").Select("MIN(id)").Where("activity_id = ?", activity).Scan(&session)
		// A leersessie of the same lead, with a session that took place (1 December).
		learning := s.Propose(lead, "Leersessie", "themes", models.ThemeLearning)
		if r := s.Approve(coordinator, learning, "0", "start_time", "09:00", "end_time", "10:00"); r.Status != 303 {
			t.Fatalf("approve the leersessie: %d", r.Status)
		}
		s.Clock.Set(time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC))
		lead.Get(fmt.Sprintf("/activiteiten/%d/deelnemers", learning))
		var learningSession int64
		s.DB.Table("activity_sessions").Select("MIN(id)").Where("activity_id = ?", learning).Scan(&learningSession)
		proposer := s.Register("Fatma Demir", "fatma@example.nl")
		proposal := s.Propose(proposer, "Kinderkookclub", "need_kind_0", "budget", "need_description_0", "Boodschappen", "need_amount_0", "30")
		resident := s.Register("Wim Verhoeven", "wim@example.nl")
		partner := s.Register("Gemeente Oss", "partner@example.nl")
		s.GiveRole("partner@example.nl", models.RolePartner)
		volunteer := s.Register("Łukasz Wójcik", "lukasz@example.nl")
		s.Volunteer(volunteer, []string{"handy"}, nil)
		role := models.VolunteerRole{ActivityID: activity, Name: "gastheer", PerSession: 2}
		if err := models.AddRole(s.DB, &role); err != nil {
			t.Fatal(err)
		}
		var need models.Need
		if err := s.DB.Where("activity_id = ?", proposal).Take(&need).Error; err != nil {
			t.Fatalf("the proposal's need: %v", err)
		}
		lukasz, _ := models.UserByLogin(s.DB, "lukasz@example.nl")
		feed, _, _ := models.VolunteerProfileOf(s.DB, lukasz.ID)
		volunteer.Submit(fmt.Sprintf("/activiteiten/%d/vrijwilligers", activity), fmt.Sprintf("/rollen/%d/aanmelden", role.ID), apptest.Form("session", "every"))
		var shift int64
		s.DB.Table("shifts").Select("id").Where("user_id = ?", lukasz.ID).Scan(&shift)
		if shift == 0 {
			t.Fatal("the volunteer has no shift")
		}
		shiftPath := fmt.Sprintf("/diensten/%d/", shift)
		wim, _ := models.UserByLogin(s.DB, "wim@example.nl")
		keepPath := fmt.Sprintf("/coordinator/binnenkort-verwijderd/%d/bewaren", wim.ID)
		carla, _ := models.UserByLogin(s.DB, "carla@example.nl")
		centre, _ := models.DefaultCentre(s.DB)
		tablet, err := models.CreateKioskLink(s.DB, centre.ID, carla.ID, "Tablet")
		if err != nil {
			t.Fatal(err)
		}

		visitors := []struct {
			name   string
			client *apptest.Client
		}{
			{"anonymous", s.Client()}, {"resident", resident}, {"proposer", proposer}, {"lead", lead},
			{"volunteer", volunteer}, {"partner", partner}, {"coordinator", coordinator},
		}
		const login = 1 // redirect to the login page
		type cell = map[string]int
		all := func(status int) cell {
			return cell{"anonymous": status, "resident": status, "proposer": status, "lead": status, "volunteer": status, "partner": status, "coordinator": status}
		}
		loggedIn := func(status int) cell {
			c := all(status)
			c["anonymous"] = login
			return c
		}
		coordinatorOnly := func(ok int) cell {
			return cell{"anonymous": login, "resident": 403, "proposer": 403, "lead": 403, "volunteer": 403, "partner": 403, "coordinator": ok}
		}
		reportsOnly := func(ok int) cell {
			return cell{"anonymous": login, "resident": 403, "proposer": 403, "lead": 403, "volunteer": 403, "partner": ok, "coordinator": ok}
		}
		ownShift := func(ok int) cell {
			return cell{"anonymous": login, "resident": 404, "proposer": 404, "lead": 404, "volunteer": ok, "partner": 404, "coordinator": 404}
		}
		leadOnly := func(ok int) cell {
			return cell{"anonymous": login, "resident": 403, "proposer": 403, "lead": ok, "volunteer": 403, "partner": 403, "coordinator": ok}
		}
		a := fmt.Sprintf("/activiteiten/%d", activity)
		p := fmt.Sprintf("/voorstellen/%d", proposal)
		review := fmt.Sprintf("/coordinator/voorstellen/%d", proposal)
		routes := []struct {
			method, path string
			want         cell
		}{
			{"GET", "/", all(200)},
			{"GET", "/programme.ics", all(200)},
			{"GET", "/centra/ons-huis-van-de-wijk/poster.pdf", all(200)},
			{"GET", a, all(200)},
			{"GET", a + "/agenda.ics", all(200)},
			{"GET", fmt.Sprintf("/activiteiten/%d", proposal), all(404)}, // not published
			{"GET", a + "/deelnemers", leadOnly(200)},
			{"POST", a + "/deelnemers", leadOnly(422)}, // the empty form: who is allowed gets the message
			{"POST", a + "/deelnemers/999999/verwijderen", leadOnly(404)},
			{"POST", "/mijn-activiteiten/plaatsen-overnemen", loggedIn(303)},
			{"POST", fmt.Sprintf("/sessies/%d/annuleren", session), leadOnly(303)},
			{"GET", fmt.Sprintf("/sessies/%d/aanwezig", session), leadOnly(200)},
			{"GET", fmt.Sprintf("/sessies/%d/uren", session), leadOnly(200)},
			{"GET", fmt.Sprintf("/sessies/%d/presentielijst", session), leadOnly(200)},
			{"POST", fmt.Sprintf("/sessies/%d/presentielijst", session), leadOnly(422)}, // the session is still to come
			{"GET", fmt.Sprintf("/p/%d", session), all(303)},                            // the roster's short link, to the page above
			{"POST", fmt.Sprintf("/sessies/%d/uren", session), leadOnly(303)},
			{"GET", a + "/vrijwilligers", all(200)},
			{"POST", a + "/rollen", leadOnly(422)},
			{"POST", fmt.Sprintf("/rollen/%d/aanmelden", role.ID), loggedIn(303)},
			{"GET", "/vrijwilliger", loggedIn(200)},
			{"GET", "/mijn-diensten", loggedIn(200)},
			{"GET", "/diensten/" + feed.FeedToken + ".ics", all(200)},
			{"GET", "/hulp-gezocht", cell{"anonymous": login, "resident": 403, "proposer": 403, "lead": 403, "volunteer": 200, "partner": 403, "coordinator": 200}},
			{"POST", fmt.Sprintf("/hulp-gezocht/activity/%d/geregeld", need.ID), coordinatorOnly(303)},
			{"GET", "/coordinator/bezetting", coordinatorOnly(200)},
			{"GET", "/coordinator/deur", coordinatorOnly(200)},
			{"GET", "/coordinator/deur/poster.pdf", coordinatorOnly(200)},
			{"GET", "/coordinator/bezoekers", coordinatorOnly(200)},
			{"GET", "/coordinator/bezoekers.csv", coordinatorOnly(200)},
			{"POST", "/coordinator/kiosk", coordinatorOnly(303)},
			// The tablet's upload: the secret link is the key, the same for everyone (a
			// form is no JSON list of taps).
			{"POST", "/kiosk/" + tablet.Token + "/tellingen", all(400)},
			{"GET", "/coordinator/printen", coordinatorOnly(200)},
			{"GET", "/coordinator/roosters.pdf", coordinatorOnly(200)},
			{"GET", "/coordinator/programmaposter.pdf", coordinatorOnly(200)},
			{"GET", fmt.Sprintf("/coordinator/sessies/%d/rooster.pdf", session), coordinatorOnly(200)},
			{"GET", fmt.Sprintf("/coordinator/sessies/%d/verplaatsen", session), coordinatorOnly(200)},
			{"POST", fmt.Sprintf("/coordinator/sessies/%d/verplaatsen", session), coordinatorOnly(422)},
			{"GET", "/coordinator/accounts", coordinatorOnly(200)},
			{"GET", "/coordinator/berichten", coordinatorOnly(200)},
			{"GET", "/coordinator/berichten/999999", coordinatorOnly(404)},
			{"GET", "/bellijst", leadOnly(200)},
			{"GET", "/bellijst.pdf", leadOnly(200)},
			{"POST", "/bellijst/999999/gebeld", leadOnly(404)},
			{"GET", "/wachtwoord-vergeten", all(200)},
			{"GET", "/wachtwoord-vergeten/" + strings.Repeat("a", 52), all(404)},
			{"GET", "/berichten-uit/" + strings.Repeat("a", 26) + "/promoted", all(200)}, // asks; the token is checked on the POST
			{"POST", "/mijn-gegevens/berichten", loggedIn(303)},
			{"POST", "/mijn-gegevens/toestemming-intrekken", loggedIn(422)},
			{"GET", "/coordinator/binnenkort-verwijderd", coordinatorOnly(200)},
			{"POST", keepPath, coordinatorOnly(303)},
			{"POST", fmt.Sprintf("/coordinator/binnenkort-verwijderd/%d/niet-meer-bewaren", wim.ID), coordinatorOnly(303)},
			{"GET", "/leersessies", reportsOnly(200)},
			// The session above is not of a leersessie and still to come: the lead and the
			// coordinator get past the check of who they are to "no such log".
			{"GET", fmt.Sprintf("/sessies/%d/geleerd", session), leadOnly(404)},
			{"POST", fmt.Sprintf("/sessies/%d/geleerd", session), leadOnly(404)},
			{"GET", fmt.Sprintf("/sessies/%d/geleerd", learningSession), leadOnly(200)},
			{"POST", fmt.Sprintf("/sessies/%d/geleerd", learningSession), leadOnly(422)}, // nothing written
			{"GET", "/rapport", reportsOnly(200)},
			{"GET", "/rapport.pdf", reportsOnly(200)},
			{"GET", "/rapport/weken.csv", reportsOnly(200)},
			{"GET", "/rapport/kostenbaten.csv", reportsOnly(200)},
			{"GET", "/rapport/doelen.csv", reportsOnly(200)},
			// The impact report's own data: the coordinator keeps it; a partner reads the
			// report and nothing else.
			{"GET", "/coordinator/dimensies", coordinatorOnly(200)},
			{"POST", "/coordinator/dimensies", coordinatorOnly(422)},
			{"GET", "/coordinator/budget", coordinatorOnly(200)},
			{"POST", "/coordinator/budget/regels", coordinatorOnly(422)},
			{"POST", "/coordinator/budget/kosten", coordinatorOnly(422)},
			{"POST", fmt.Sprintf("/coordinator/budget/behoeften/%d", need.ID), coordinatorOnly(422)},
			{"POST", "/coordinator/budget/posten/999/betaald", coordinatorOnly(422)}, // the empty form first
			{"GET", "/coordinator/budget/regels/999", coordinatorOnly(404)},
			{"POST", "/coordinator/budget/regels/999", coordinatorOnly(404)},
			{"GET", "/coordinator/budget/regels/999/verwijderen", coordinatorOnly(404)},
			{"POST", "/coordinator/budget/regels/999/verwijderen", coordinatorOnly(404)},
			{"GET", "/coordinator/budget/posten/999", coordinatorOnly(404)},
			{"POST", "/coordinator/budget/posten/999", coordinatorOnly(404)},
			{"GET", "/coordinator/budget/posten/999/verwijderen", coordinatorOnly(404)},
			{"POST", "/coordinator/budget/posten/999/verwijderen", coordinatorOnly(404)},
			{"GET", "/coordinator/verhalen", coordinatorOnly(200)},
			{"GET", "/coordinator/verhalen/999", coordinatorOnly(404)},
			{"POST", "/coordinator/verhalen/999", coordinatorOnly(404)},
			{"GET", "/coordinator/verhalen/999/verwijderen", coordinatorOnly(404)},
			{"POST", "/coordinator/verhalen", coordinatorOnly(422)},
			{"POST", "/coordinator/verhalen/999/delen", coordinatorOnly(404)},
			{"POST", "/coordinator/verhalen/999/verwijderen", coordinatorOnly(404)},
			{"GET", "/coordinator/gezondheid", coordinatorOnly(200)},
			{"POST", "/coordinator/gezondheid", coordinatorOnly(422)},
			{"POST", "/coordinator/gezondheid/vragen", coordinatorOnly(422)},
			{"GET", "/mijn-gezondheid", loggedIn(200)},
			{"POST", "/mijn-gezondheid", loggedIn(422)},
			{"POST", "/mijn-gezondheid/toestemming", loggedIn(422)},
			{"POST", "/mijn-gezondheid/stoppen", loggedIn(303)},
			{"POST", a + "/aanmelden", loggedIn(303)},
			{"GET", a + "/afmelden", loggedIn(200)}, // the question; everyone joined just above
			{"POST", a + "/afmelden", loggedIn(303)},
			{"POST", fmt.Sprintf("/sessies/%d/deze-keer-niet", session), loggedIn(303)}, // only one's own place changes
			{"POST", fmt.Sprintf("/sessies/%d/toch-wel", session), loggedIn(303)},
			{"GET", shiftPath + "afmelden", ownShift(200)},
			{"POST", shiftPath + "afmelden", ownShift(303)}, // to the question first
			{"POST", shiftPath + "deze-keer-niet", loggedIn(303)},
			{"POST", shiftPath + "toch-wel", loggedIn(303)},
			{"GET", "/mijn-activiteiten", loggedIn(200)},
			{"GET", "/voorstellen/nieuw", loggedIn(200)},
			{"GET", "/mijn-voorstellen", loggedIn(200)},
			{"GET", p + "/bewerken", cell{"anonymous": login, "resident": 403, "proposer": 200, "lead": 403, "volunteer": 403, "partner": 403, "coordinator": 403}},
			{"POST", p, cell{"anonymous": login, "resident": 403, "proposer": 422, "lead": 403, "volunteer": 403, "partner": 403, "coordinator": 403}},
			{"GET", "/mijn-gegevens", loggedIn(200)},
			{"GET", "/mijn-gegevens/download", loggedIn(200)},
			{"GET", "/mijn-gegevens/overzicht", loggedIn(200)},
			{"GET", "/coordinator", coordinatorOnly(200)},
			{"POST", "/coordinator/startlijst/verbergen", coordinatorOnly(303)},
			{"GET", "/coordinator/activiteiten/nieuw", coordinatorOnly(200)},
			{"POST", "/coordinator/activiteiten", coordinatorOnly(422)},
			{"POST", "/centrum-kiezen", loggedIn(404)}, // one centre each here: nothing to switch to
			// The administrator (the setup's coordinator) manages centres and partners.
			{"GET", "/beheer/centra", coordinatorOnly(200)},
			{"POST", "/beheer/centra", coordinatorOnly(422)},
			{"GET", fmt.Sprintf("/beheer/centra/%d", centre.ID), coordinatorOnly(200)},
			{"POST", fmt.Sprintf("/beheer/centra/%d", centre.ID), coordinatorOnly(422)},
			{"GET", "/beheer/centra/999999", coordinatorOnly(404)},
			{"POST", "/beheer/centra/999999/sluiten", coordinatorOnly(404)},
			{"GET", "/beheer/partners", coordinatorOnly(200)},
			{"POST", "/beheer/partners", coordinatorOnly(422)},
			{"POST", "/beheer/partners/999999", coordinatorOnly(404)},
			{"GET", "/coordinator/voorstellen", coordinatorOnly(200)},
			{"GET", review, coordinatorOnly(200)},
			{"POST", review + "/besluit", coordinatorOnly(422)},
			{"POST", review + "/terugnemen", coordinatorOnly(422)}, // no reason given
			{"POST", review + "/vertrouwen", coordinatorOnly(303)}, // gives the proposer's trust back
			{"GET", "/coordinator/ruimtes", coordinatorOnly(200)},
			{"POST", "/coordinator/ruimtes", coordinatorOnly(422)},
			{"POST", "/coordinator/ruimtes/1", coordinatorOnly(422)},
			{"GET", "/coordinator/activiteiten/" + fmt.Sprint(activity) + "/rooster", coordinatorOnly(200)},
			{"POST", "/coordinator/activiteiten/" + fmt.Sprint(activity) + "/rooster", coordinatorOnly(422)},
			{"GET", "/coordinator/activiteiten/" + fmt.Sprint(activity) + "/tekst", coordinatorOnly(200)},
			{"POST", "/coordinator/activiteiten/" + fmt.Sprint(activity) + "/tekst", coordinatorOnly(422)},
			// The public programme for other sites: anyone, the same for everyone.
			{"GET", "/api/v1/centres", all(200)},
			{"GET", "/api/v1/centres/ons-huis-van-de-wijk", all(200)},
			{"GET", "/api/v1/centres/ons-huis-van-de-wijk/activities", all(200)},
			{"GET", "/api/v1/centres/ons-huis-van-de-wijk/sessions", all(200)},
			{"GET", fmt.Sprintf("/api/v1/activities/%d", activity), all(200)},
			{"GET", fmt.Sprintf("/api/v1/activities/%d", proposal), all(404)}, // not published
			{"GET", "/api/v1/openapi.json", all(200)},
			{"POST", "/api/v1/centres", all(405)},
			{"GET", "/embed", all(200)},
			{"GET", "/embed/ons-huis-van-de-wijk", all(200)},
			{"GET", "/centra/ons-huis-van-de-wijk/nieuw.atom", all(200)},
			{"GET", "/centra", all(200)},
			// "Dit is mijn buurthuis": anyone (a cookie; a logged-in user's account too).
			{"GET", "/centra/ons-huis-van-de-wijk/mijn-buurthuis", all(200)},
			{"POST", "/centra/ons-huis-van-de-wijk/mijn-buurthuis", all(303)},
			{"GET", "/centra/nergens/mijn-buurthuis", all(404)},
			{"POST", "/centra/nergens/mijn-buurthuis", all(404)},
			{"GET", "/setup", all(404)},
			{"GET", "/privacy", all(200)},
			{"GET", "/taal?lang=nl&next=/", all(303)}, // the visitor's language link: only a cookie
			// Keep this one last: it ends the visitors' sessions.
			{"POST", "/mijn-gegevens/overal-uitloggen", loggedIn(303)},
		}
		// Forms some routes need to get past input checks to the authorisation decision.
		forms := map[string]url.Values{fmt.Sprintf("/rollen/%d/aanmelden", role.ID): apptest.Form("session", "every"), keepPath: apptest.Form("reason", "Vrijwilliger"),
			shiftPath + "deze-keer-niet": apptest.Form("session", fmt.Sprint(session)), shiftPath + "toch-wel": apptest.Form("session", fmt.Sprint(session)),
			review + "/vertrouwen": apptest.Form("trust", "restore")}
		for _, route := range routes {
			for _, v := range visitors {
				want, ok := route.want[v.name]
				if !ok {
					t.Fatalf("%s %s: no expectation for %s", route.method, route.path, v.name)
				}
				var r *apptest.Response
				if route.method == "GET" {
					r = v.client.Get(route.path)
				} else {
					if !strings.Contains(v.client.Get("/").Body, `name="_csrf"`) {
						v.client.Get("/inloggen") // a visitor's programme carries no token (issue 21)
					}
					form := url.Values{}
					for k, vs := range forms[route.path] {
						form[k] = vs
					}
					r = v.client.PostWithToken(route.path, form)
				}
				if want == login {
					if r.Status != 303 || !strings.HasPrefix(r.Location, "/inloggen") {
						t.Errorf("%s %s as %s: got %d %q, want redirect to login", route.method, route.path, v.name, r.Status, r.Location)
					}
				} else if r.Status != want {
					t.Errorf("%s %s as %s: got %d, want %d", route.method, route.path, v.name, r.Status, want)
				}
			}
		}
	})
}

// Two centres in one installation: the coordinator of one gets 404 on every page, form
// and download about an object of the other (whose coordinator gets it), whatever id
// they try; a partner reads only the centres given; the switcher offers only one's own
// centres; a kiosk link of one centre counts at that centre only.
func TestAuthorisationTwoCentres(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		carla := s.Setup() // coordinator of A (the default centre)
		centreA, _ := models.DefaultCentre(s.DB)
		centreB := models.Centre{Name: "Huis van de Wijk Schadewijk", Slug: "schadewijk", Address: "Schadewijk, Oss",
			TimeZone: models.DefaultTimeZone, DoorCode: models.NewDoorCode()}
		if err := s.DB.Create(&centreB).Error; err != nil {
			t.Fatal(err)
		}
		roomB := models.Room{CentreID: centreB.ID, Name: "zaal", Capacity: 30}
		if err := models.SaveRoom(s.DB, &roomB); err != nil {
			t.Fatal(err)
		}
		s.Register("Bram Bakker", "bram@example.nl")
		bramUser, _ := models.UserByLogin(s.DB, "bram@example.nl")
		if err := models.SetCentreCoordinators(s.DB, centreB.ID, []int64{bramUser.ID}); err != nil {
			t.Fatal(err)
		}
		bram := s.Login("bram@example.nl")

		// B's objects, made through B's coordinator's own pages where a person would.
		activityB := s.Propose(bram, "Fietsreparatie")
		if r := s.Approve(bram, activityB, "10", "room_id", fmt.Sprint(roomB.ID)); r.Status != 303 {
			t.Fatalf("approving at B: %d\n%s", r.Status, r.Body)
		}
		var owner int64
		s.DB.Table("activities").Select("centre_id").Where("id = ?", activityB).Scan(&owner)
		if owner != centreB.ID {
			t.Fatalf("the activity of B's coordinator is at centre %d, want %d", owner, centreB.ID)
		}
		bram.Get(fmt.Sprintf("/activiteiten/%d/deelnemers", activityB)) // creates the sessions
		var sessionB int64
		s.DB.Table("activity_sessions").Select("MIN(id)").Where("activity_id = ?", activityB).Scan(&sessionB)
		proposalB := s.Propose(bram, "Repaircafé", "need_kind_0", "budget", "need_description_0", "Gereedschap", "need_amount_0", "30")
		var needB int64
		s.DB.Table("activity_needs").Select("id").Where("activity_id = ?", proposalB).Scan(&needB)
		bram.Submit("/coordinator/budget", "/coordinator/budget/regels", apptest.Form("year", "2026", "line_kind", "rooms", "line_label", "Huur zaal", "line_amount", "100"))
		bram.Submit("/coordinator/verhalen", "/coordinator/verhalen", apptest.Form("text", "Een buurman repareert nu zelf.",
			"themes", "meeting", "dimensions", "meaning", "told_on", "2026-11-20", "consent_how", "spoken", "consent_on", "2026-11-20", "consent", "on"))
		var lineB, storyB int64
		s.DB.Table("budget_lines").Select("MAX(id)").Scan(&lineB)
		s.DB.Table("stories").Select("MAX(id)").Where("centre_id = ?", centreB.ID).Scan(&storyB)
		tabletB, err := models.CreateKioskLink(s.DB, centreB.ID, bramUser.ID, "Tablet B")
		if err != nil || needB == 0 || lineB == 0 || storyB == 0 || sessionB == 0 {
			t.Fatalf("B's objects: need %d line %d story %d session %d (%v)", needB, lineB, storyB, sessionB, err)
		}
		wim := s.Register("Wim Verhoeven", "wim@example.nl")
		wimUser, _ := models.UserByLogin(s.DB, "wim@example.nl")

		a := fmt.Sprintf("/coordinator/activiteiten/%d", activityB)
		sess := fmt.Sprintf("/coordinator/sessies/%d", sessionB)
		line := fmt.Sprintf("/coordinator/budget/regels/%d", lineB)
		story := fmt.Sprintf("/coordinator/verhalen/%d", storyB)
		routes := []struct {
			method, path string
			form         url.Values
			bram         int // what B's own coordinator gets: the route is real
		}{
			{"GET", fmt.Sprintf("/coordinator/voorstellen/%d", proposalB), nil, 200},
			{"POST", fmt.Sprintf("/coordinator/voorstellen/%d/besluit", proposalB), nil, 422},
			{"GET", a + "/rooster", nil, 200},
			{"POST", a + "/rooster", nil, 422},
			{"GET", a + "/tekst", nil, 200},
			{"POST", a + "/tekst", nil, 422},
			{"POST", a + "/status", apptest.Form("status", "paused"), 303},
			{"GET", sess + "/rooster.pdf", nil, 200},
			{"GET", sess + "/verplaatsen", nil, 200},
			{"POST", sess + "/verplaatsen", nil, 422},
			{"POST", fmt.Sprintf("/coordinator/ruimtes/%d", roomB.ID), apptest.Form("name", "grote zaal", "capacity", "30"), 303},
			{"POST", fmt.Sprintf("/coordinator/kiosk/%d/intrekken", tabletB.ID), nil, 303},
			{"POST", fmt.Sprintf("/hulp-gezocht/activity/%d/geregeld", needB), nil, 303},
			{"GET", line, nil, 200},
			{"POST", line, apptest.Form("line_kind", "rooms", "line_label", "Huur", "line_amount", "90"), 303},
			{"GET", line + "/verwijderen", nil, 200},
			{"GET", story, nil, 200},
			{"POST", story + "/delen", nil, 303},
			{"GET", story + "/verwijderen", nil, 200},
			{"POST", fmt.Sprintf("/coordinator/accounts/%d/rol", bramUser.ID), apptest.Form("role", "resident"), 0}, // B's coordinator: not A's to change
			{"POST", fmt.Sprintf("/coordinator/accounts/%d/wachtwoord", bramUser.ID), apptest.Form("password", "een ander wachtwoord"), 0},
			{"POST", "/centrum-kiezen", apptest.Form("centre", fmt.Sprint(centreB.ID)), 303},
			// The trust path's forms on a proposal of B (what B's coordinator gets depends on
			// the proposal's history; A's gets nothing).
			{"POST", fmt.Sprintf("/coordinator/voorstellen/%d/terugnemen", proposalB), apptest.Form("withdraw_reason", "Niet nu"), 0},
			{"POST", fmt.Sprintf("/coordinator/voorstellen/%d/vertrouwen", proposalB), apptest.Form("trust", "revoke"), 0},
		}
		for _, route := range routes {
			for _, who := range []struct {
				name   string
				client *apptest.Client
				want   int
			}{{"coordinator of A", carla, 404}, {"coordinator of B", bram, route.bram}} {
				if who.want == 0 {
					continue
				}
				var r *apptest.Response
				if route.method == "GET" {
					r = who.client.Get(route.path)
				} else {
					who.client.Get("/")
					r = who.client.PostWithToken(route.path, route.form)
				}
				if r.Status != who.want {
					t.Errorf("%s %s as %s: got %d, want %d", route.method, route.path, who.name, r.Status, who.want)
				}
			}
		}
		// What A's coordinator sees of their own pages names nothing of B.
		for _, page := range []string{"/coordinator/voorstellen", "/coordinator/budget", "/coordinator/verhalen", "/coordinator/deur", "/coordinator/printen", "/hulp-gezocht"} {
			r := carla.Get(page)
			if r.Status != 200 {
				t.Errorf("%s as coordinator of A: %d", page, r.Status)
			}
			apptest.NotContains(t, r.Body, "Fietsreparatie", "Repaircafé", "Huur zaal", "Een buurman repareert", "Tablet B", centreB.DoorCode)
		}
		// A's coordinator still changes a resident's account: residents belong to every centre.
		if r := carla.Submit("/coordinator/accounts", fmt.Sprintf("/coordinator/accounts/%d/wachtwoord", wimUser.ID), apptest.Form("password", "een ander wachtwoord")); r.Status != 303 {
			t.Errorf("resetting a resident's password at A: %d", r.Status)
		}
		_ = wim

		// Partners: one given A only, one given both.
		s.Register("Gemeente Oss", "partner@example.nl")
		s.Register("GGD", "ggd@example.nl")
		for _, p := range []struct {
			email   string
			centres []int64
		}{{"partner@example.nl", []int64{centreA.ID}}, {"ggd@example.nl", []int64{centreA.ID, centreB.ID}}} {
			u, _ := models.UserByLogin(s.DB, p.email)
			s.DB.Model(&models.User{}).Where("id = ?", u.ID).Update("role", models.RolePartner)
			if err := models.SetPartnerCentres(s.DB, u.ID, p.centres); err != nil {
				t.Fatal(err)
			}
		}
		partnerA := s.Login("partner@example.nl")
		if r := partnerA.Get("/rapport"); r.Status != 200 || strings.Contains(r.Body, `action="/centrum-kiezen"`) {
			t.Errorf("the report of the partner of A: %d, or a switcher with one centre", r.Status)
		}
		partnerA.Get("/")
		if r := partnerA.PostWithToken("/centrum-kiezen", apptest.Form("centre", fmt.Sprint(centreB.ID))); r.Status != 404 {
			t.Errorf("the partner of A switching to B: %d, want 404", r.Status)
		}
		ggd := s.Login("ggd@example.nl")
		page := ggd.Get("/rapport")
		apptest.Contains(t, page.Body, `action="/centrum-kiezen"`, "Huis van de Wijk Schadewijk")
		if r := ggd.Submit("/rapport", "/centrum-kiezen", apptest.Form("centre", fmt.Sprint(centreB.ID))); r.Status != 303 {
			t.Errorf("the partner of both switching to B: %d", r.Status)
		}

		// A coordinator of both switches with the form in the header, without logging in
		// again, and then works in B: its rooms, and B's objects are found.
		carlaUser, _ := models.UserByLogin(s.DB, "carla@example.nl")
		if err := models.SetCentreCoordinators(s.DB, centreB.ID, []int64{bramUser.ID, carlaUser.ID}); err != nil {
			t.Fatal(err)
		}
		home := carla.Get("/coordinator/ruimtes")
		apptest.Contains(t, home.Body, `action="/centrum-kiezen"`, `<option value="`+fmt.Sprint(centreB.ID)+`">Huis van de Wijk Schadewijk</option>`)
		apptest.NotContains(t, home.Body, "grote zaal")
		r := carla.Submit("/coordinator/ruimtes", "/centrum-kiezen", apptest.Form("centre", fmt.Sprint(centreB.ID), "next", "/coordinator/ruimtes"))
		if r.Status != 303 || r.Location != "/coordinator/ruimtes" {
			t.Fatalf("switching to B: %d %q", r.Status, r.Location)
		}
		apptest.Contains(t, carla.Get("/coordinator/ruimtes").Body, "grote zaal", `selected>Huis van de Wijk Schadewijk</option>`)
		if r := carla.Get(story); r.Status != 200 {
			t.Errorf("B's story for the coordinator of both, working in B: %d", r.Status)
		}
		if r := carla.Submit(story, "/centrum-kiezen", apptest.Form("centre", fmt.Sprint(centreA.ID), "next", story)); r.Location != "/coordinator" {
			t.Errorf("switching from a page about one of B's objects leads to %q, want /coordinator", r.Location)
		}

		// The kiosk link of A counts at A, never at B.
		tabletA, err := models.CreateKioskLink(s.DB, centreA.ID, 1, "Tablet A")
		if err != nil {
			t.Fatal(err)
		}
		host := s.Client()
		host.Get("/kiosk/" + tabletA.Token)
		if r := host.PostWithToken("/kiosk/"+tabletA.Token+"/tel", nil); r.Status >= 400 {
			t.Fatalf("counting with A's tablet: %d", r.Status)
		}
		var atA, atB int64
		s.DB.Table("visits").Where("centre_id = ?", centreA.ID).Count(&atA)
		s.DB.Table("visits").Where("centre_id = ?", centreB.ID).Count(&atB)
		if atA != 1 || atB != 0 {
			t.Errorf("A's tablet counted %d at A and %d at B, want 1 and 0", atA, atB)
		}
	})
}
