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

func TestVolunteerOfferLifecycle(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		henk := s.Register("Henk van den Berg", "henk@example.nl")
		thuMorning := models.AvailabilityBit(time.Thursday, models.Morning)

		// Without "what I want" the form comes back with the ticks kept.
		r := henk.Submit("/vrijwilliger", "/vrijwilliger", apptest.Form("skills", "teaching", "languages", "en",
			"availability", fmt.Sprint(thuMorning), "need_kind_0", "training", "need_description_0", "Cursus NT2-les geven"))
		if r.Status != 422 {
			t.Fatalf("offer without want: %d", r.Status)
		}
		apptest.Contains(t, r.Body, `id="skill-teaching" name="skills" value="teaching" checked`, `value="Cursus NT2-les geven"`,
			fmt.Sprintf(`value="%d" checked`, thuMorning))

		s.Volunteer(henk, []string{"teaching", "listening"}, []string{"nl", "en"}, thuMorning)
		hu, _ := models.UserByLogin(s.DB, "henk@example.nl")
		p, _, _ := models.VolunteerProfileOf(s.DB, hu.ID)
		if p == nil || !p.Active || p.Skills != "teaching,listening" || !p.Available(time.Thursday, models.Morning) || p.Available(time.Monday, models.Morning) {
			t.Fatalf("stored profile: %+v", p)
		}
		apptest.Contains(t, henk.Get("/mijn-diensten").Body, "Mijn diensten", "Je hebt nog geen diensten.")

		// He takes a recurring shift, then stops: future shifts go, the profile stays inactive.
		id, _ := s.Activity(coordinator, "Taalles", "12", "weekdays", "4", "start_time", "09:30", "end_time", "11:30")
		lead, _ := models.ActivityByID(s.DB, id)
		role := models.VolunteerRole{ActivityID: lead.ID, Name: "taalmaatje", PerSession: 2}
		if err := models.AddRole(s.DB, &role); err != nil {
			t.Fatal(err)
		}
		page := fmt.Sprintf("/activiteiten/%d/vrijwilligers", id)
		if r := henk.Submit(page, fmt.Sprintf("/rollen/%d/aanmelden", role.ID), apptest.Form("session", "every")); r.Status != 303 {
			t.Fatalf("recurring sign-up: %d", r.Status)
		}
		apptest.Contains(t, henk.Get("/mijn-diensten").Body, "taalmaatje", "Taalles", "elke keer")
		henk.Submit("/vrijwilliger", "/vrijwilliger/stoppen", nil)
		var shifts int64
		s.DB.Table("shifts").Count(&shifts)
		p, _, _ = models.VolunteerProfileOf(s.DB, hu.ID)
		if shifts != 0 || p.Active {
			t.Errorf("after stopping: %d shifts, active %v", shifts, p.Active)
		}
		r = henk.Submit(page, fmt.Sprintf("/rollen/%d/aanmelden", role.ID), apptest.Form("session", "every"))
		if r.Location != "/vrijwilliger" {
			t.Errorf("a stopped volunteer signing up: got %q, want the offer page", r.Location)
		}
		// Starting again keeps the offer.
		apptest.Contains(t, henk.Get("/vrijwilliger").Body, "Je bent gestopt als vrijwilliger", "Helpen waar het nodig is.")
		s.Volunteer(henk, []string{"teaching"}, nil)
		if ok, _ := models.IsActiveVolunteer(s.DB, hu.ID); !ok {
			t.Error("volunteering again did not make him active")
		}
	})
}

// A need in the volunteer offer that is too long is marked in its own row, with
// everything typed kept; nothing is saved until it is fixed.
func TestVolunteerNeedTooLong(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		s.Setup()
		henk := s.Register("Henk van den Berg", "henk@example.nl")
		long := strings.Repeat("Een cursus NT2-les geven aan volwassenen. ", 8) // 336 characters
		r := henk.Submit("/vrijwilliger", "/vrijwilliger", apptest.Form("want", "Mensen welkom heten.",
			"need_kind_0", "training", "need_description_0", "Sleutel van de kast", "need_kind_1", "training", "need_description_1", long))
		if r.Status != 422 {
			t.Fatalf("a need of %d characters: got %d, want 422", len(long), r.Status)
		}
		apptest.Contains(t, r.Body, `href="#f-needs"`, "Kies een soort en schrijf kort wat je nodig hebt.",
			`id="need_description_1-error">Dit is te lang. Maak het korter.`,
			`name="need_description_1" type="text" value="`+strings.TrimSpace(long)+`" aria-invalid="true"`,
			`value="Sleutel van de kast">`, "Mensen welkom heten.")
		apptest.NotContains(t, r.Body, `id="need_description_0-error"`)
		hu, _ := models.UserByLogin(s.DB, "henk@example.nl")
		if p, _, _ := models.VolunteerProfileOf(s.DB, hu.ID); p != nil {
			t.Errorf("a refused offer was stored: %+v", p)
		}
	})
}

// Offering, arranging or withdrawing from something that is not there (or not yours)
// is a 404 page, not a message that it worked.
func TestNeedsAndShiftsThatDoNotExist(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		id, _ := s.Activity(coordinator, "Taalles", "12")
		role := models.VolunteerRole{ActivityID: id, Name: "taalmaatje", PerSession: 2}
		if err := models.AddRole(s.DB, &role); err != nil {
			t.Fatal(err)
		}
		henk := s.Register("Henk van den Berg", "henk@example.nl")
		zoe := s.Register("Zoë de Vries", "zoe@example.nl")
		page := fmt.Sprintf("/activiteiten/%d/vrijwilligers", id)
		for _, v := range []*apptest.Client{henk, zoe} {
			s.Volunteer(v, []string{"teaching"}, nil)
			if r := v.Submit(page, fmt.Sprintf("/rollen/%d/aanmelden", role.ID), apptest.Form("session", "every")); r.Status != 303 {
				t.Fatalf("sign up: %d", r.Status)
			}
		}
		for _, path := range []string{"/hulp-gezocht/activity/999/aanbieden", "/hulp-gezocht/volunteer/999/aanbieden"} {
			if r := henk.Submit("/hulp-gezocht", path, nil); r.Status != 404 {
				t.Errorf("%s: got %d, want 404", path, r.Status)
			}
		}
		for _, path := range []string{"/hulp-gezocht/activity/999/geregeld", "/hulp-gezocht/volunteer/999/geregeld"} {
			if r := coordinator.Submit("/hulp-gezocht", path, nil); r.Status != 404 {
				t.Errorf("%s: got %d, want 404", path, r.Status)
			}
		}
		// A need of a declined proposal is not on the board: it cannot be offered.
		fatma := s.Register("Fatma Demir", "fatma@example.nl")
		declined := s.Propose(fatma, "Vuurwerk", "need_kind_0", "budget", "need_description_0", "Pijlen", "need_amount_0", "50")
		review := fmt.Sprintf("/coordinator/voorstellen/%d", declined)
		coordinator.Submit(review, review+"/besluit", apptest.Form("lowers_threshold", "no", "more_collective", "no", "healthier", "no",
			"decision", "decline", "message", "Niet in het gebouw."))
		var needID int64
		s.DB.Table("activity_needs").Select("id").Where("activity_id = ?", declined).Scan(&needID)
		if r := henk.Submit("/hulp-gezocht", fmt.Sprintf("/hulp-gezocht/activity/%d/aanbieden", needID), nil); r.Status != 404 {
			t.Errorf("offering a need of a declined proposal: got %d, want 404", r.Status)
		}
		var status string
		s.DB.Table("activity_needs").Select("status").Where("id = ?", needID).Scan(&status)
		if status != models.NeedOpen {
			t.Errorf("need of a declined proposal is %q after the refused offer", status)
		}

		z, _ := models.UserByLogin(s.DB, "zoe@example.nl")
		var zoesShift, shifts int64
		s.DB.Table("shifts").Select("id").Where("user_id = ?", z.ID).Scan(&zoesShift)
		for _, shift := range []int64{zoesShift, zoesShift + 100} {
			if r := henk.Submit(page, fmt.Sprintf("/diensten/%d/afmelden", shift), apptest.Form("next", page)); r.Status != 404 {
				t.Errorf("Henk withdrawing shift %d (not his): got %d, want 404", shift, r.Status)
			}
		}
		if s.DB.Table("shifts").Count(&shifts); shifts != 2 {
			t.Errorf("shifts after refused withdrawals: %d, want 2", shifts)
		}
		// Her own: the button asks first (the place goes to someone else), then it is done.
		r := zoe.Submit(page, fmt.Sprintf("/diensten/%d/afmelden", zoesShift), apptest.Form("next", page))
		if r.Status != 303 || !strings.HasPrefix(r.Location, fmt.Sprintf("/diensten/%d/afmelden", zoesShift)) {
			t.Fatalf("Zoë withdrawing her own shift: got %d %q, want the question first", r.Status, r.Location)
		}
		apptest.Contains(t, r.Follow(zoe).Body, "Afmelden als taalmaatje bij Taalles?", "Ja, niet meer elke keer")
		r = zoe.PostWithToken(fmt.Sprintf("/diensten/%d/afmelden", zoesShift), apptest.Form("next", page, "confirm", "yes"))
		if r.Status != 303 || r.Location != page {
			t.Fatalf("Zoë confirming: got %d %q", r.Status, r.Location)
		}
		apptest.Contains(t, r.Follow(zoe).Body, "Je bent afgemeld voor die dienst.")
	})
}

func TestRoleFromProposalNeed(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		ayse := s.Register("Ayşe Yılmaz", "ayse@example.nl")
		id := s.Propose(ayse, "Samen koken", "need_kind_0", "volunteers", "need_description_0", "kok", "need_volunteers_0", "2")
		s.Approve(coordinator, id, "12")
		roles, _ := models.RolesOf(s.DB, id)
		if len(roles) != 1 || roles[0].Name != "kok" || roles[0].PerSession != 2 || roles[0].NeedID == nil {
			t.Errorf("roles after approval: %+v", roles)
		}
	})
}

// 30 volunteers press "Ik help" for the same session of a role that needs 3: exactly 3
// are on the rota, the others hear it is full, nobody sees an error.
func TestConcurrentShiftSignUps(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		id, _ := s.Activity(coordinator, "Werkplaats", "8")
		role := models.VolunteerRole{ActivityID: id, Name: "werkplaatsbegeleider", PerSession: 3}
		if err := models.AddRole(s.DB, &role); err != nil {
			t.Fatal(err)
		}
		page := fmt.Sprintf("/activiteiten/%d/vrijwilligers", id)
		const n = 30
		clients := make([]*apptest.Client, n)
		tokens := make([]string, n)
		var session string
		for i := range clients {
			clients[i] = s.Register(fmt.Sprintf("Vrijwilliger %02d", i), fmt.Sprintf("v%02d@example.nl", i))
			s.Volunteer(clients[i], []string{"handy"}, nil)
			body := clients[i].Get(page).Body
			tokens[i] = clients[i].CSRF()
			if session == "" {
				session = regexp.MustCompile(`name="session" value="(\d+)"`).FindStringSubmatch(body)[1]
			}
		}
		statuses := make([]int, n)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				statuses[i] = clients[i].Post(fmt.Sprintf("/rollen/%d/aanmelden", role.ID), apptest.Form("_csrf", tokens[i], "session", session)).Status
			}()
		}
		close(start)
		wg.Wait()
		for i, st := range statuses {
			if st != 303 {
				t.Errorf("sign-up %d: %d", i, st)
			}
		}
		var shifts int64
		s.DB.Table("shifts").Where("role_id = ? AND session_id = ?", role.ID, session).Count(&shifts)
		if shifts != 3 {
			t.Errorf("%d volunteers on a role that needs 3", shifts)
		}
		// A recurring sign-up now would overfill that session: refused.
		late := s.Register("Laatkomer", "laat@example.nl")
		s.Volunteer(late, []string{"handy"}, nil)
		r := late.Submit(page, fmt.Sprintf("/rollen/%d/aanmelden", role.ID), apptest.Form("session", "every"))
		apptest.Contains(t, r.Follow(late).Body, "er zijn al genoeg vrijwilligers")
	})
}

func TestRecurringShiftAcrossCancelledSession(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		id, lead := s.Activity(coordinator, "Samen koken", "12") // Tuesdays from 1 December
		role := models.VolunteerRole{ActivityID: id, Name: "kok", PerSession: 1}
		models.AddRole(s.DB, &role)
		ayse := s.Register("Ayşe Yılmaz", "ayse@example.nl")
		s.Volunteer(ayse, []string{"cooking"}, []string{"tr"})
		page := fmt.Sprintf("/activiteiten/%d/vrijwilligers", id)
		ayse.Submit(page, fmt.Sprintf("/rollen/%d/aanmelden", role.ID), apptest.Form("session", "every"))

		var dec8 models.Session
		s.DB.Where("activity_id = ? AND date = ?", id, "2026-12-08").Take(&dec8)
		lead.Submit(fmt.Sprintf("/activiteiten/%d/deelnemers", id), fmt.Sprintf("/sessies/%d/annuleren", dec8.ID), apptest.Form("note", "Kerstmarkt"))

		shifts := ayse.Get("/mijn-diensten").Body
		apptest.Contains(t, shifts, "dinsdag 1 december 2026", "dinsdag 8 december 2026", "dinsdag 15 december 2026")
		dec8Part := shifts[strings.Index(shifts, "dinsdag 8 december 2026"):]
		if !strings.Contains(dec8Part[:300], "Gaat niet door") {
			t.Error("the cancelled session is not marked on the volunteer's shifts")
		}
		// The cancelled session plans nobody and is not understaffed; the others are covered.
		s.DB.Where("id = ?", dec8.ID).Take(&dec8)
		planned, _ := models.PlannedForSession(s.DB, &dec8)
		if len(planned) != 0 {
			t.Errorf("planned volunteers on a cancelled session: %+v", planned)
		}
		understaffed := coordinator.Get("/coordinator/bezetting").Body
		apptest.Contains(t, understaffed, "Alle taken zijn de komende 14 dagen bezet.")
		// A one-off sign-up for the cancelled session is refused calmly.
		other := s.Register("Zoë de Vries", "zoe@example.nl")
		s.Volunteer(other, []string{"cooking"}, nil)
		other.Get(page)
		r := other.PostWithToken(fmt.Sprintf("/rollen/%d/aanmelden", role.ID), apptest.Form("session", fmt.Sprint(dec8.ID)))
		apptest.Contains(t, r.Follow(other).Body, "Die keer gaat niet door")
		// The shifts feed marks it cancelled too.
		ay, _ := models.UserByLogin(s.DB, "ayse@example.nl")
		p, _, _ := models.VolunteerProfileOf(s.DB, ay.ID)
		feed := s.Client().Get("/diensten/" + p.FeedToken + ".ics").Body
		if !strings.Contains(feed, "STATUS:CANCELLED") || !strings.Contains(feed, "kok · Samen koken") {
			t.Errorf("shifts feed:\n%s", feed)
		}
		if r := s.Client().Get("/diensten/verkeerd.ics"); r.Status != 404 {
			t.Errorf("wrong feed token: %d", r.Status)
		}
	})
}

func TestNeedsBoardMatchingOrder(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		ayse := s.Register("Ayşe Yılmaz", "ayse@example.nl")
		id := s.Propose(ayse, "Samen koken", "need_kind_0", "volunteers", "need_description_0", "kok", "need_volunteers_0", "1",
			"need_kind_1", "budget", "need_description_1", "Boodschappen", "need_amount_1", "30")
		s.Approve(coordinator, id, "12", "weekdays", "4", "start_time", "17:00", "end_time", "19:30")
		thuEvening := models.AvailabilityBit(time.Thursday, models.Evening)
		anna := s.Register("Anna", "anna@example.nl")
		s.Volunteer(anna, []string{"cooking"}, []string{"nl"}, thuEvening) // 3 + 2
		bert := s.Register("Bert", "bert@example.nl")
		s.Volunteer(bert, []string{"handy"}, []string{"nl"}, thuEvening) // 2
		cem := s.Register("Cem", "cem@example.nl")
		s.Volunteer(cem, []string{"cooking"}, []string{"nl", "tr"}, models.AvailabilityBit(time.Monday, models.Evening)) // 3
		dirk := s.Register("Dirk", "dirk@example.nl")
		s.Volunteer(dirk, []string{"admin"}, []string{"nl"}) // nothing

		board := coordinator.Get("/hulp-gezocht").Body
		apptest.Contains(t, board, "3 vrijwilligers passen hierbij", "kan: Koken", "kan op donderdagavond", "Boodschappen", "€\u00a030,00")
		a, b, c := strings.Index(board, "<strong>Anna</strong>"), strings.Index(board, "<strong>Bert</strong>"), strings.Index(board, "<strong>Cem</strong>")
		if a < 0 || b < 0 || c < 0 || !(a < c && c < b) {
			t.Errorf("match order: Anna %d, Cem %d, Bert %d; want Anna, Cem, Bert", a, c, b)
		}
		apptest.NotContains(t, board, "<strong>Dirk</strong>")
		apptest.Contains(t, board, fmt.Sprintf(`<a href="/activiteiten/%d">Samen koken</a>`, id))

		// A proposal's needs are on the board before it has a public page: the title
		// links to its review for the coordinator and is plain text for volunteers.
		fiets := s.Propose(ayse, "Fietsenwerkplaats", "need_kind_0", "materials", "need_description_0", "Bandenplakset")
		apptest.Contains(t, coordinator.Get("/hulp-gezocht").Body, fmt.Sprintf(`<a href="/coordinator/voorstellen/%d">Fietsenwerkplaats</a> (Ingediend)`, fiets))
		forAnna := anna.Get("/hulp-gezocht").Body
		apptest.Contains(t, forAnna, "Fietsenwerkplaats (Ingediend)")
		apptest.NotContains(t, forAnna, fmt.Sprintf(`href="/activiteiten/%d"`, fiets))

		// A volunteer offers to arrange the budget; the coordinator marks it arranged.
		anna.Get("/hulp-gezocht")
		var need models.Need
		s.DB.Where("kind = ?", models.NeedBudget).Take(&need)
		if r := anna.PostWithToken(fmt.Sprintf("/hulp-gezocht/activity/%d/aanbieden", need.ID), nil); r.Status != 303 {
			t.Fatalf("offer: %d", r.Status)
		}
		apptest.Contains(t, coordinator.Get("/hulp-gezocht").Body, "Anna kan dit regelen")
		coordinator.PostWithToken(fmt.Sprintf("/hulp-gezocht/activity/%d/geregeld", need.ID), nil)
		apptest.NotContains(t, coordinator.Get("/hulp-gezocht").Body, "Boodschappen")
		// Residents who do not volunteer do not see the board; volunteers cannot mark arranged.
		if r := s.Register("Gewoon", "gewoon@example.nl").Get("/hulp-gezocht"); r.Status != 403 {
			t.Errorf("resident on the board: %d", r.Status)
		}
		if r := anna.PostWithToken(fmt.Sprintf("/hulp-gezocht/activity/%d/geregeld", need.ID), nil); r.Status != 403 {
			t.Errorf("volunteer marking arranged: %d", r.Status)
		}
	})
}

func TestHoursConfirmation(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		id, lead := s.Activity(coordinator, "Taalles", "12")
		role := models.VolunteerRole{ActivityID: id, Name: "taalmaatje", PerSession: 2}
		models.AddRole(s.DB, &role)
		henk := s.Register("Henk van den Berg", "henk@example.nl")
		zoe := s.Register("Zoë de Vries", "zoe@example.nl")
		page := fmt.Sprintf("/activiteiten/%d/vrijwilligers", id)
		for _, v := range []*apptest.Client{henk, zoe} {
			s.Volunteer(v, []string{"teaching"}, nil)
			v.Submit(page, fmt.Sprintf("/rollen/%d/aanmelden", role.ID), apptest.Form("session", "every"))
		}
		// The lead sees the volunteers' contact details; another volunteer does not.
		apptest.Contains(t, lead.Get(page).Body, "henk@example.nl")
		apptest.NotContains(t, zoe.Get(page).Body, "henk@example.nl")

		var dec1 models.Session
		s.DB.Where("activity_id = ? AND date = ?", id, "2026-12-01").Take(&dec1)
		s.Clock.Set(time.Date(2026, 12, 1, 18, 0, 0, 0, time.UTC)) // after the session
		form := lead.Get(fmt.Sprintf("/sessies/%d/uren", dec1.ID))
		apptest.Contains(t, form.Body, "Henk van den Berg", "Zoë de Vries", `value="2,0"`)
		if strings.Count(form.Body, " checked>") != 2 {
			t.Error("the tick boxes do not default to the planned volunteers")
		}
		h, _ := models.UserByLogin(s.DB, "henk@example.nl")
		z, _ := models.UserByLogin(s.DB, "zoe@example.nl")
		hk, zk := fmt.Sprint(h.ID), fmt.Sprint(z.ID)
		r := lead.PostWithToken(fmt.Sprintf("/sessies/%d/uren", dec1.ID), apptest.Form("present_"+hk, "on", "hours_"+hk, "veel", "hours_"+zk, "2"))
		if r.Status != 422 || !strings.Contains(r.Body, "Schrijf het aantal uren") {
			t.Fatalf("bad hours: %d", r.Status)
		}
		// "NaN" parses as a number but is none: it gets the same message, not an error page.
		r = lead.PostWithToken(fmt.Sprintf("/sessies/%d/uren", dec1.ID), apptest.Form("present_"+hk, "on", "hours_"+hk, "NaN", "hours_"+zk, "2"))
		if r.Status != 422 {
			t.Fatalf(`hours "NaN": got %d, want 422`, r.Status)
		}
		apptest.Contains(t, r.Body, `id="f-hours_`+hk+`-error">Schrijf het aantal uren, bijvoorbeeld 2 of 2,5.`,
			`name="hours_`+hk+`" type="text" inputmode="decimal" size="5" value="NaN" aria-invalid="true"`)
		var stored int64
		s.DB.Table("volunteer_hours").Count(&stored)
		if stored != 0 {
			t.Errorf("hours stored after a refused form: %d rows", stored)
		}
		r = lead.PostWithToken(fmt.Sprintf("/sessies/%d/uren", dec1.ID), apptest.Form("present_"+hk, "on", "hours_"+hk, "2,5", "hours_"+zk, "2"))
		if r.Status != 303 {
			t.Fatalf("confirm hours: %d\n%s", r.Status, r.Body)
		}
		apptest.Contains(t, henk.Get("/mijn-diensten").Body, "december 2026", "2,5 uur", "2026")
		apptest.Contains(t, zoe.Get("/mijn-diensten").Body, "Er zijn nog geen uren bevestigd.")
		// Only the lead and coordinators confirm.
		if r := zoe.Get(fmt.Sprintf("/sessies/%d/uren", dec1.ID)); r.Status != 403 {
			t.Errorf("volunteer on the hours form: %d", r.Status)
		}
	})
}

// "Mijn diensten" lists the next four weeks of a weekly task; the calendar feed looks
// further ahead.
func TestMyShiftsFourWeeksAhead(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		id, _ := s.Activity(coordinator, "Taalles", "12") // Tuesdays from 1 December; today is 26 November
		role := models.VolunteerRole{ActivityID: id, Name: "taalmaatje", PerSession: 2}
		if err := models.AddRole(s.DB, &role); err != nil {
			t.Fatal(err)
		}
		henk := s.Register("Henk van den Berg", "henk@example.nl")
		s.Volunteer(henk, []string{"teaching"}, nil)
		page := fmt.Sprintf("/activiteiten/%d/vrijwilligers", id)
		if r := henk.Submit(page, fmt.Sprintf("/rollen/%d/aanmelden", role.ID), apptest.Form("session", "every")); r.Status != 303 {
			t.Fatalf("recurring sign-up: %d", r.Status)
		}
		body := henk.Get("/mijn-diensten").Body
		apptest.Contains(t, body, "dinsdag 1 december 2026", "dinsdag 22 december 2026")
		apptest.NotContains(t, body, "dinsdag 29 december 2026")
		hu, _ := models.UserByLogin(s.DB, "henk@example.nl")
		p, _, _ := models.VolunteerProfileOf(s.DB, hu.ID)
		apptest.Contains(t, s.Client().Get("/diensten/"+p.FeedToken+".ics").Body, "20261229T")
	})
}
