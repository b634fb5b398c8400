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
			{"GET", a, all(200)},
			{"GET", a + "/agenda.ics", all(200)},
			{"GET", fmt.Sprintf("/activiteiten/%d", proposal), all(404)}, // not published
			{"GET", a + "/deelnemers", leadOnly(200)},
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
			{"GET", "/coordinator", coordinatorOnly(200)},
			{"POST", "/coordinator/startlijst/verbergen", coordinatorOnly(303)},
			{"GET", "/coordinator/activiteiten/nieuw", coordinatorOnly(200)},
			{"POST", "/coordinator/activiteiten", coordinatorOnly(422)},
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
			{"GET", "/setup", all(404)},
			{"GET", "/privacy", all(200)},
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
					v.client.Get("/")
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
