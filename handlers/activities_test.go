package handlers_test

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"onshuis/app/apptest"
	"onshuis/models"
)

func TestProposeReviewAndProgramme(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		ayse := s.Register("Ayşe Yılmaz", "ayse@example.nl")

		// A draft needs only a title and can be changed later.
		r := ayse.Submit("/voorstellen/nieuw", "/voorstellen", apptest.Form("title", "Samen koken", "action", "draft"))
		if r.Status != 303 {
			t.Fatalf("save draft: got %d\n%s", r.Status, r.Body)
		}
		mine := ayse.Get("/mijn-voorstellen").Body
		apptest.Contains(t, mine, "Samen koken", "Concept", "Aanpassen")
		var id int64
		s.DB.Table("activities").Select("id").Where("title = ?", "Samen koken").Scan(&id)

		// Sending it for review needs the three answers; the needs are checked per row.
		edit := fmt.Sprintf("/voorstellen/%d/bewerken", id)
		r = ayse.Submit(edit, fmt.Sprintf("/voorstellen/%d", id), apptest.Form("title", "Samen koken", "action", "submit",
			"need_kind_0", "budget", "need_description_0", "Boodschappen", "need_amount_0", "twintig"))
		if r.Status != 422 {
			t.Fatalf("submit without answers: got %d", r.Status)
		}
		apptest.Contains(t, r.Body, "Vul dit in.", "Schrijf een bedrag", `value="twintig"`, `value="Boodschappen"`)

		r = ayse.PostWithToken(fmt.Sprintf("/voorstellen/%d", id), apptest.Form("title", "Samen koken", "action", "submit",
			"want", "Samen gezond koken en eten met buren.", "can", "Ik kook Turks en leer het anderen.",
			"themes", "food", "themes", "meeting", "expected_people", "12",
			"need_kind_0", "budget", "need_description_0", "Boodschappen", "need_amount_0", "€ 25,50",
			"need_kind_1", "volunteers", "need_description_1", "kok", "need_volunteers_1", "2",
			"need_kind_2", "check", "need_description_2", "Keuken hygiëne"))
		if r.Status != 303 {
			t.Fatalf("submit: got %d\n%s", r.Status, r.Body)
		}
		needs, _ := models.NeedsOf(s.DB, id)
		if len(needs) != 3 || needs[0].AmountCents != 2550 || needs[1].Volunteers != 2 || needs[2].Kind != models.NeedCheck {
			t.Errorf("stored needs: %+v", needs)
		}
		apptest.Contains(t, ayse.Get("/mijn-voorstellen").Body, "Ingediend")

		// Only the proposer may edit; others get 403.
		other := s.Register("Zoë de Vries", "zoe@example.nl")
		if r := other.Get(edit); r.Status != 403 {
			t.Errorf("other resident editing: got %d, want 403", r.Status)
		}

		// The coordinator first wants to talk: the proposal stays open, the message shows.
		review := fmt.Sprintf("/coordinator/voorstellen/%d", id)
		apptest.Contains(t, coordinator.Get("/coordinator/voorstellen").Body, "Samen koken", "Ayşe Yılmaz")
		r = coordinator.Submit(review, review+"/besluit", apptest.Form("lowers_threshold", "yes", "more_collective", "yes",
			"healthier", "yes", "decision", "talk"))
		if r.Status != 422 {
			t.Fatalf("talk without message: got %d", r.Status)
		}
		r = coordinator.PostWithToken(review+"/besluit", apptest.Form("lowers_threshold", "yes", "more_collective", "yes",
			"healthier", "yes", "decision", "talk", "message", "Mooi plan! Kom je dinsdag even langs over de keuken?"))
		if r.Status != 303 {
			t.Fatalf("talk: got %d\n%s", r.Status, r.Body)
		}
		mine = ayse.Get("/mijn-voorstellen").Body
		apptest.Contains(t, mine, "Eerst in gesprek", "Kom je dinsdag even langs over de keuken?", "Carla Coördinator", "Ingediend")

		// Approving needs a sensible schedule; mistakes come back next to the fields.
		r = s.Approve(coordinator, id, "-1", "end_time", "13:00", "weekdays", "9")
		if r.Status != 422 {
			t.Fatalf("approve with mistakes: got %d", r.Status)
		}
		apptest.Contains(t, r.Body, "De eindtijd moet na de begintijd zijn.", "Vul een geldig getal in.", "Kies minstens één dag.", `value="-1"`)
		r = s.Approve(coordinator, id, "10", "weekdays", "4", "start_time", "17:00", "end_time", "19:30")
		if r.Status != 303 {
			t.Fatalf("approve: got %d\n%s", r.Status, r.Body)
		}
		a, _ := models.ActivityByID(s.DB, id)
		if a.Status != models.StatusApproved || a.LeadID == nil || *a.LeadID != *a.ProposerID || a.Capacity != 10 {
			t.Errorf("approved activity: %+v", a)
		}
		reviews, _ := models.ReviewsOf(s.DB, id)
		if len(reviews) != 2 || reviews[0].Decision != "talk" || reviews[1].Decision != "approve" || reviews[1].ReviewerName != "Carla Coördinator" {
			t.Errorf("review history: %+v", reviews)
		}
		// Once reviewed, the proposal can no longer be edited.
		if r := ayse.Get(edit); r.Status != 404 {
			t.Errorf("edit after approval: got %d, want 404", r.Status)
		}

		// The programme of the week of 3 December shows it on Thursday with its places.
		page := other.Get("/?week=2026-W49").Body
		apptest.Contains(t, page, "Programma week 49", "donderdag 3 december", "Samen koken", "17:00–19:30", "Nog 10 plekken vrij")
		if strings.Contains(other.Get("/?week=2026-W49&thema=language").Body, "Samen koken") {
			t.Error("theme filter language shows a food activity")
		}
		apptest.Contains(t, other.Get("/?week=2026-W49&thema=food").Body, "Samen koken")
		// The lead is a public role, by first name (see TestLeadIsShownByFirstName).
		apptest.Contains(t, other.Get(fmt.Sprintf("/activiteiten/%d", id)).Body, "Samen gezond koken", "Ik kook Turks", "Boodschappen", "€\u00a025,50", "<dd>Ayşe</dd>", "donderdag 3 december 2026")
	})
}

func TestDeclineShowsReason(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		wim := s.Register("Wim Verhoeven", "wim@example.nl")
		id := s.Propose(wim, "Vuurwerk afsteken")
		path := fmt.Sprintf("/coordinator/voorstellen/%d", id)
		r := coordinator.Submit(path, path+"/besluit", apptest.Form("lowers_threshold", "no", "more_collective", "some",
			"healthier", "no", "decision", "decline", "message", "Dat mag niet in het gebouw, maar een oudjaarsborrel kan wel!"))
		if r.Status != 303 {
			t.Fatalf("decline: %d\n%s", r.Status, r.Body)
		}
		apptest.Contains(t, wim.Get("/mijn-voorstellen").Body, "Niet doorgegaan", "een oudjaarsborrel kan wel")
		if r := wim.Get(fmt.Sprintf("/activiteiten/%d", id)); r.Status != 404 {
			t.Errorf("declined activity page: got %d, want 404", r.Status)
		}
		// A decision is final: a second one is refused calmly.
		r = coordinator.Submit(path, path+"/besluit", apptest.Form("lowers_threshold", "yes", "more_collective", "yes",
			"healthier", "yes", "decision", "talk", "message", "toch?"))
		if r.Status != 303 || r.Location != "/coordinator/voorstellen" {
			t.Errorf("second decision: got %d %q", r.Status, r.Location)
		}
		// Also when that second decision has mistakes: its page has no form left to show
		// them in, so the answer is the same calm message, not a 422 without the form.
		r = coordinator.Submit(path, path+"/besluit", apptest.Form("decision", "approve", "capacity", "veel"))
		if r.Status != 303 || r.Location != "/coordinator/voorstellen" {
			t.Fatalf("second decision with mistakes: got %d %q", r.Status, r.Location)
		}
		apptest.Contains(t, r.Follow(coordinator).Body, "Over dit voorstel is al besloten.")
	})
}

func TestRoomDoubleBookingRefused(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		s.Activity(coordinator, "Taalcafe", "12") // Tuesdays 14:00–16:00 from 1 December
		lead := s.Register("Truus Janssen", "truus@example.nl")
		id := s.Propose(lead, "Breiclub")
		r := s.Approve(coordinator, id, "8", "start_time", "15:30", "end_time", "17:00")
		if r.Status != 422 || !strings.Contains(r.Body, "al bezet door „Taalcafe”") {
			t.Fatalf("overlapping approval: got %d\n%s", r.Status, r.Body)
		}
		apptest.Contains(t, r.Body, `value="15:30"`, `value="8"`)
		// Right after it in the same room is fine.
		if r := s.Approve(coordinator, id, "8", "start_time", "16:00", "end_time", "17:00"); r.Status != 303 {
			t.Errorf("approval right after: got %d", r.Status)
		}
	})
}

// leave stops taking part the way the page offers it: the button leads to a question,
// and only its "Ja" gives the place away.
func leave(c *apptest.Client, activity string) *apptest.Response {
	c.T.Helper()
	c.Get(activity + "/afmelden")
	return c.PostWithToken(activity+"/afmelden", apptest.Form("confirm", "yes"))
}

func TestJoinWaitlistAndPromotion(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		id, lead := s.Activity(coordinator, "Kaartclub", "2")
		page := fmt.Sprintf("/activiteiten/%d", id)
		people := make([]*apptest.Client, 4)
		for i := range people {
			people[i] = s.Register(fmt.Sprintf("Deelnemer %d", i+1), fmt.Sprintf("d%d@example.nl", i+1))
			if r := people[i].Submit(page, page+"/aanmelden", nil); r.Status != 303 {
				t.Fatalf("join %d: %d", i, r.Status)
			}
		}
		apptest.Contains(t, people[0].Get(page).Body, "Je doet mee")
		apptest.Contains(t, people[3].Get(page).Body, "Je bent nummer 2")
		apptest.Contains(t, people[2].Get("/mijn-activiteiten").Body, "Kaartclub", "Je bent nummer 1")
		apptest.Contains(t, s.Client().Get("/?week=2026-W49").Body, "Vol", "2 op de wachtlijst")

		// Joining twice changes nothing.
		people[0].Submit(page, page+"/aanmelden", nil)
		joined, waitlist, _ := models.ParticipantsOf(s.DB, id)
		if len(joined) != 2 || len(waitlist) != 2 {
			t.Fatalf("after double join: %d joined, %d waiting", len(joined), len(waitlist))
		}

		// The lead sees names and contact details; the list is in order.
		list := lead.Get(page + "/deelnemers").Body
		apptest.Contains(t, list, "Deelnemer 1", "d1@example.nl", "Deelnemer 4")
		if strings.Index(list, "Deelnemer 3") > strings.Index(list, "Deelnemer 4") {
			t.Error("waiting list is not in join order")
		}

		// Someone with a place leaves: the first on the waiting list moves up and sees it.
		if r := leave(people[1], page); r.Status != 303 {
			t.Fatalf("leave: %d", r.Status)
		}
		apptest.Contains(t, people[2].Get(page).Body, "er kwam een plek vrij")
		apptest.Contains(t, people[2].Get("/mijn-activiteiten").Body, "er kwam een plek vrij")
		apptest.Contains(t, people[3].Get(page).Body, "Je bent nummer 1")

		// Leaving the waiting list promotes nobody.
		leave(people[3], page)
		joined, waitlist, _ = models.ParticipantsOf(s.DB, id)
		if len(joined) != 2 || len(waitlist) != 0 {
			t.Errorf("after leaving the waiting list: %d joined, %d waiting", len(joined), len(waitlist))
		}

		// Walk-in activities take no sign-up.
		open, _ := s.Activity(coordinator, "Ronde tafel", "0", "weekdays", "1", "start_time", "10:00", "end_time", "11:30")
		openPage := fmt.Sprintf("/activiteiten/%d", open)
		body := people[0].Get(openPage).Body
		apptest.Contains(t, body, "Vrije inloop", "Wie wil, schuift aan")
		apptest.NotContains(t, body, "Ik doe mee")
		people[0].Get(page) // a page with a CSRF token
		if r := people[0].PostWithToken(openPage+"/aanmelden", nil); r.Status != 303 {
			t.Errorf("join walk-in: got %d", r.Status)
		}
		if j, w, _ := models.ParticipantsOf(s.DB, open); len(j)+len(w) != 0 {
			t.Error("a walk-in activity took a sign-up")
		}
	})
}

// 50 residents press "Ik doe mee" at the same moment for 10 places: exactly 10 get a
// place, 40 wait in the order they came, and nobody sees an error.
func TestConcurrentJoinsNeverOverbook(t *testing.T) {
	for _, db := range apptest.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			s := apptest.Fresh(t, db)
			second := apptest.New(t, s.URL) // two app processes, one database
			coordinator := s.Setup()
			id, _ := s.Activity(coordinator, "Taalles", "10")
			page := fmt.Sprintf("/activiteiten/%d", id)
			const n = 50
			clients := make([]*apptest.Client, n)
			tokens := make([]string, n)
			for i := range clients {
				clients[i] = s.Register(fmt.Sprintf("Bewoner %02d", i), fmt.Sprintf("b%02d@example.nl", i))
				if i%2 == 1 {
					clients[i] = clients[i].Use(second.App)
				}
				clients[i].Get(page)
				tokens[i] = clients[i].CSRF()
			}
			statuses := make([]int, n)
			var wg sync.WaitGroup
			start := make(chan struct{})
			for i := range clients {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					statuses[i] = clients[i].Post(page+"/aanmelden", apptest.Form("_csrf", tokens[i])).Status
				}()
			}
			close(start)
			wg.Wait()
			for i, st := range statuses {
				if st != 303 {
					t.Errorf("join %d: got %d, want 303", i, st)
				}
			}
			var ps []models.Participation
			s.DB.Where("activity_id = ?", id).Order("id").Find(&ps)
			joined, waiting := 0, 0
			for _, p := range ps {
				if p.Status == models.Joined {
					joined++
					if waiting > 0 {
						t.Errorf("participation %d got a place after someone was put on the waiting list", p.ID)
					}
				} else {
					waiting++
				}
			}
			if len(ps) != n || joined != 10 || waiting != 40 {
				t.Fatalf("got %d participations, %d joined, %d waiting; want 50, 10, 40", len(ps), joined, waiting)
			}
			// Every waiting resident sees a distinct position, 1 to 40, in order of arrival.
			seen := map[string]bool{}
			re := regexp.MustCompile(`Je bent nummer (\d+)`)
			for _, c := range clients {
				if m := re.FindStringSubmatch(c.Get(page).Body); m != nil {
					seen[m[1]] = true
				}
			}
			if len(seen) != 40 || !seen["1"] || !seen["40"] {
				t.Errorf("residents see %d distinct waiting-list positions, want 1 to 40", len(seen))
			}
			for i, p := range ps[10:] {
				place, _ := models.PlaceOf(s.DB, id, p.UserID)
				if place.Position != i+1 {
					t.Errorf("waiting %d has position %d", i+1, place.Position)
				}
			}
		})
	}
}

func TestLeadCancelsSession(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		id, lead := s.Activity(coordinator, "Werkplaats", "8")
		manage := fmt.Sprintf("/activiteiten/%d/deelnemers", id)
		lead.Get(manage)
		var session models.Session
		s.DB.Where("activity_id = ? AND date = ?", id, "2026-12-08").Take(&session)
		if session.ID == 0 {
			t.Fatal("no session on 8 December after the lead looked at the dates")
		}
		// The note is optional; one over 300 characters is refused calmly, nothing cancelled.
		r := lead.Submit(manage, fmt.Sprintf("/sessies/%d/annuleren", session.ID), apptest.Form("note", strings.Repeat("ziek ", 61)))
		if r.Status != 303 {
			t.Fatalf("cancel with a note of 305 characters: got %d, want 303 back to the page", r.Status)
		}
		apptest.Contains(t, r.Follow(lead).Body, "De reden is te lang. Maak hem korter.")
		if s.DB.Where("id = ?", session.ID).Take(&session); session.Cancelled {
			t.Error("a session was cancelled with a refused note")
		}
		r = lead.Submit(manage, fmt.Sprintf("/sessies/%d/annuleren", session.ID), apptest.Form("note", "De begeleider is ziek"))
		if r.Status != 303 {
			t.Fatalf("cancel: %d", r.Status)
		}
		week := s.Client().Get("/?week=2026-W50").Body
		apptest.Contains(t, week, "Gaat niet door", "De begeleider is ziek")
		apptest.NotContains(t, s.Client().Get("/?week=2026-W49").Body, "De begeleider is ziek")

		// Another resident may not cancel or see names.
		other := s.Register("Mohamed El Amrani", "mohamed@example.nl")
		if r := other.Get(manage); r.Status != 403 {
			t.Errorf("other resident on participants page: %d", r.Status)
		}
		other.Get("/")
		if r := other.PostWithToken(fmt.Sprintf("/sessies/%d/annuleren", session.ID), apptest.Form("restore", "1")); r.Status != 403 {
			t.Errorf("other resident restoring: %d", r.Status)
		}
		// The coordinator may restore it.
		if r := coordinator.Submit(manage, fmt.Sprintf("/sessies/%d/annuleren", session.ID), apptest.Form("restore", "1")); r.Status != 303 {
			t.Errorf("coordinator restore: %d", r.Status)
		}
		apptest.NotContains(t, s.Client().Get("/?week=2026-W50").Body, "Gaat niet door")
	})
}

func TestHTMLShownAsText(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		evil := s.Register(`<b>Boze</b> "Bewoner"`, "boos@example.nl")
		payload := `<script>alert(1)</script><img src=x onerror=alert(2)>`
		id := s.Propose(evil, "Koken "+payload, "want", payload, "can", payload)
		s.Approve(coordinator, id, "5")
		pages := []string{
			evil.Get("/mijn-voorstellen").Body,
			coordinator.Get(fmt.Sprintf("/coordinator/voorstellen/%d", id)).Body,
			coordinator.Get("/coordinator/voorstellen?status=approved").Body,
			s.Client().Get(fmt.Sprintf("/activiteiten/%d", id)).Body,
			s.Client().Get("/?week=2026-W49").Body,
		}
		for i, p := range pages {
			if strings.Contains(p, "<script>alert") || strings.Contains(p, "<img src=x") || strings.Contains(p, "<b>Boze</b>") {
				t.Errorf("page %d shows HTML from a user unescaped", i)
			}
		}
		apptest.Contains(t, pages[3], "&lt;script&gt;alert(1)&lt;/script&gt;")
	})
}

func TestTenThousandCharacterTitle(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		s.Setup()
		c := s.Register("Henk van den Berg", "henk@example.nl")
		long := strings.Repeat("a", 10000)
		r := c.Submit("/voorstellen/nieuw", "/voorstellen", apptest.Form("title", long, "want", "x", "can", "y", "action", "submit"))
		if r.Status != 422 || !strings.Contains(r.Body, "Dit is te lang.") || !strings.Contains(r.Body, long) {
			t.Errorf("10,000-character title: got %d", r.Status)
		}
		var n int64
		s.DB.Table("activities").Count(&n)
		if n != 0 {
			t.Error("the over-long proposal was stored")
		}
	})
}

func TestPauseResumeEndActivity(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		id, lead := s.Activity(coordinator, "Schildercursus", "10")
		manage := fmt.Sprintf("/activiteiten/%d/deelnemers", id)
		status := fmt.Sprintf("/coordinator/activiteiten/%d/status", id)
		coordinator.Submit(manage, status, apptest.Form("status", "paused"))
		apptest.NotContains(t, s.Client().Get("/?week=2026-W49").Body, "Schildercursus")
		apptest.Contains(t, s.Client().Get(fmt.Sprintf("/activiteiten/%d", id)).Body, "Deze activiteit is even gestopt.")
		coordinator.Submit(manage, status, apptest.Form("status", "approved"))
		apptest.Contains(t, s.Client().Get("/?week=2026-W49").Body, "Schildercursus")
		coordinator.Submit(manage, status, apptest.Form("status", "ended"))
		a, _ := models.ActivityByID(s.DB, id)
		if a.Status != models.StatusEnded || a.LastDate != "2026-11-26" {
			t.Errorf("ended activity: status %s last date %s", a.Status, a.LastDate)
		}
		var future int64
		s.DB.Table("activity_sessions").Where("activity_id = ? AND date > ?", id, "2026-11-26").Count(&future)
		if future != 0 {
			t.Errorf("%d future sessions left after ending", future)
		}
		r := coordinator.Submit(manage, status, apptest.Form("status", "approved"))
		apptest.Contains(t, r.Follow(coordinator).Body, "Dat kan niet vanuit de huidige status.")
		// Only coordinators; the lead may not.
		if r := lead.Submit(manage, status, apptest.Form("status", "paused")); r.Status != 403 {
			t.Errorf("lead changing status: %d", r.Status)
		}
	})
}

// After a session the lead finds it under "Geweest" to say who came and confirm the
// volunteers' hours; it is no longer among the sessions to cancel.
func TestFinishedSessionsStayReachable(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		id, lead := s.Activity(coordinator, "Kaartclub", "8") // Tuesdays 14:00–16:00 from 1 December
		manage := fmt.Sprintf("/activiteiten/%d/deelnemers", id)
		lead.Get(manage) // makes the sessions
		var dec1 models.Session
		s.DB.Where("activity_id = ? AND date = ?", id, "2026-12-01").Take(&dec1)
		body := lead.Get(manage).Body
		apptest.NotContains(t, body, "Geweest", fmt.Sprintf(`href="/sessies/%d/aanwezig"`, dec1.ID)) // not begun yet
		apptest.Contains(t, body, "0 van de 8 plaatsen bezet", fmt.Sprintf(`action="/sessies/%d/annuleren"`, dec1.ID))

		// Under way: who came can be filled in, it can no longer be called off.
		s.Clock.Set(time.Date(2026, 12, 1, 13, 30, 0, 0, time.UTC))
		body = lead.Get(manage).Body
		apptest.Contains(t, body, fmt.Sprintf(`href="/sessies/%d/aanwezig"`, dec1.ID))
		apptest.NotContains(t, body, fmt.Sprintf(`action="/sessies/%d/annuleren"`, dec1.ID))

		s.Clock.Set(time.Date(2026, 12, 1, 16, 30, 0, 0, time.UTC)) // 17:30 in Oss
		body = lead.Get(manage).Body
		apptest.Contains(t, body, "Geweest (de laatste twee weken)", "dinsdag 1 december 2026",
			fmt.Sprintf(`href="/sessies/%d/aanwezig"`, dec1.ID), fmt.Sprintf(`href="/sessies/%d/uren"`, dec1.ID))
		apptest.NotContains(t, body, fmt.Sprintf(`action="/sessies/%d/annuleren"`, dec1.ID))
		if r := lead.Get(fmt.Sprintf("/sessies/%d/uren", dec1.ID)); r.Status != 200 {
			t.Errorf("hours of the finished session: %d", r.Status)
		}

		// Two weeks on, it has gone from the list.
		s.Clock.Set(time.Date(2026, 12, 16, 12, 0, 0, 0, time.UTC))
		apptest.NotContains(t, lead.Get(manage).Body, "dinsdag 1 december 2026")
	})
}

// "Mijn activiteiten" says when each activity is next, and lists the ones the resident
// leads with a way to manage them.
func TestMyActivitiesSayWhen(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		id, lead := s.Activity(coordinator, "Kaartclub", "8") // Tuesdays 14:00–16:00 from 1 December
		page := fmt.Sprintf("/activiteiten/%d", id)
		zoe := s.Register("Zoë de Vries", "zoe@example.nl")
		zoe.Submit(page, page+"/aanmelden", nil)

		apptest.Contains(t, zoe.Get("/mijn-activiteiten").Body, "Kaartclub", "Je doet mee", "Volgende keer: <strong>dinsdag 1 december 2026, 14:00–16:00</strong>")
		body := lead.Get("/mijn-activiteiten").Body
		apptest.Contains(t, body, "Activiteiten die je leidt", "Kaartclub", "dinsdag 1 december 2026, 14:00–16:00",
			fmt.Sprintf(`href="/activiteiten/%d/deelnemers"`, id))
		apptest.NotContains(t, zoe.Get("/mijn-activiteiten").Body, "Activiteiten die je leidt")

		manage := page + "/deelnemers"
		coordinator.Submit(manage, fmt.Sprintf("/coordinator/activiteiten/%d/status", id), apptest.Form("status", "paused"))
		apptest.Contains(t, zoe.Get("/mijn-activiteiten").Body, "Er is nog geen volgende keer gepland.")
	})
}
