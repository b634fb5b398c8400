package handlers_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"onshuis/app/apptest"
	"onshuis/models"
)

// addGuest sends the participants page's form to put someone without an account on it.
func addGuest(c *apptest.Client, activity int64, name, phone string) *apptest.Response {
	page := fmt.Sprintf("/activiteiten/%d/deelnemers", activity)
	return c.Submit(page, page, apptest.Form("guest_name", name, "guest_phone", phone))
}

// The lead and the coordinator put people without an account on the list, and take them
// off; they are on the roster, the call list and in the counts like anyone else.
func TestPeopleWithoutAnAccount(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		id, lead := s.Activity(coordinator, "Taalles", "2")
		page := fmt.Sprintf("/activiteiten/%d/deelnemers", id)
		apptest.Contains(t, lead.Get(page).Body, "Iemand zonder account op de lijst zetten")

		r := addGuest(lead, id, "Henk de Vries", "06-1234 5678")
		if r.Status != 303 || r.Location != page {
			t.Fatalf("add: %d %q\n%s", r.Status, r.Location, r.Body)
		}
		body := r.Follow(lead).Body
		apptest.Contains(t, body, "Op de lijst gezet.", "Henk de Vries", "zonder account", "06 12345678", "Van de lijst halen")

		// Bad input: the form again, the message next to the field, the input kept.
		r = addGuest(lead, id, "Gerrit Jansen", "12345")
		if r.Status != 422 {
			t.Errorf("a wrong phone number: %d", r.Status)
		}
		apptest.Contains(t, r.Body, "Dit is geen geldig telefoonnummer.", `id="f-guest_phone-error"`, `value="Gerrit Jansen"`, `value="12345"`)
		for _, twice := range [][2]string{{"henk de vries", ""}, {"H. de Vries", "0612345678"}} {
			r = addGuest(coordinator, id, twice[0], twice[1])
			if r.Status != 422 {
				t.Errorf("%q added twice: %d", twice[0], r.Status)
			}
			apptest.Contains(t, r.Body, "Iemand met deze naam of dit telefoonnummer staat al op de lijst of de wachtlijst.", `id="f-guest_name-error"`)
		}
		r = addGuest(lead, id, "", "")
		apptest.Contains(t, r.Body, "Naam: vul dit in.")

		// The coordinator adds two more: the last goes on the waiting list.
		addGuest(coordinator, id, "Ayşe Yılmaz", "")
		r = addGuest(coordinator, id, "Zoë Bakker", "06 2222 3333")
		apptest.Contains(t, r.Follow(coordinator).Body, "De activiteit is vol: op de wachtlijst gezet.")
		counts, err := models.CountSignUps(s.DB, []int64{id})
		if err != nil || counts[id] != (models.SignUpCounts{Joined: 2, Waitlisted: 1}) {
			t.Fatalf("counts: %+v %v", counts[id], err)
		}

		// The roster of the next session names them.
		var sess models.Session
		s.DB.Where("activity_id = ?", id).Order("date").Take(&sess)
		roster := coordinator.Get(fmt.Sprintf("/coordinator/sessies/%d/rooster.pdf", sess.ID))
		text := pdfPageText(t, []byte(roster.Body), 1)
		for _, want := range []string{"Henk de Vries", "Ayşe Yılmaz", "Deelnemers (2 van 2)", "Wachtlijst (1)", "Zoë Bakker"} {
			if !strings.Contains(text, want) {
				t.Errorf("roster lacks %q:\n%s", want, text)
			}
		}

		// Henk is taken off: Zoë moves up, and has to be called.
		henk := guestID(t, s, "Henk de Vries")
		lead.Get(page)
		r = lead.PostWithToken(fmt.Sprintf("%s/%d/verwijderen", page, henk), nil)
		if r.Status != 303 {
			t.Fatalf("remove: %d", r.Status)
		}
		body = r.Follow(lead).Body
		apptest.Contains(t, body, "Van de lijst gehaald.")
		apptest.NotContains(t, body, "Henk de Vries")
		var gone models.User
		s.DB.Take(&gone, henk)
		if gone.Name != "" || gone.ContactPhone != nil || gone.AnonymisedAt == nil {
			t.Errorf("Henk's data stays: %+v", gone)
		}
		if _, err := s.Sender.SendDue(context.Background()); err != nil {
			t.Fatal(err)
		}
		apptest.Contains(t, coordinator.Get("/bellijst").Body, "Bel Zoë Bakker, 06 22223333")
		apptest.Contains(t, lead.Get("/bellijst").Body, "Bel Zoë Bakker")
		if pdf := coordinator.Get("/bellijst.pdf"); !strings.Contains(pdfText(t, []byte(pdf.Body)), "Zoë Bakker") {
			t.Error("the call list's PDF lacks Zoë")
		}

		// Only people without an account are taken off this way; and only by the lead
		// or a coordinator.
		wim := s.Register("Wim Verhoeven", "wim@example.nl")
		wimUser, _ := models.UserByLogin(s.DB, "wim@example.nl")
		if r := lead.PostWithToken(fmt.Sprintf("%s/%d/verwijderen", page, wimUser.ID), nil); r.Status != 404 {
			t.Errorf("removing an account holder: %d", r.Status)
		}
		wim.Get("/")
		if r := wim.PostWithToken(page, apptest.Form("guest_name", "Iemand")); r.Status != 403 {
			t.Errorf("a resident adding someone: %d", r.Status)
		}
		// People without an account are no accounts.
		apptest.NotContains(t, coordinator.Get("/coordinator/accounts").Body, "Ayşe Yılmaz")
	})
}

// guestID is the id of the person without an account of that name.
func guestID(t *testing.T, s *apptest.Server, name string) int64 {
	t.Helper()
	var id int64
	s.DB.Table("users").Select("id").Where("name = ? AND without_account = ?", name, true).Scan(&id)
	if id == 0 {
		t.Fatalf("no person without an account named %q", name)
	}
	return id
}

// A man on the list without an account makes one with the phone number the lead wrote
// down: he is offered the place, and taking it moves the sign-up to his account.
func TestTakeOverAPlaceAfterRegistering(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		id, lead := s.Activity(coordinator, "Werkplaats", "1")
		other, _ := s.Activity(coordinator, "Kaartclub", "5", "weekdays", "4")
		addGuest(lead, id, "Henk", "06 1111 2222")
		addGuest(coordinator, id, "Gerrit", "")                     // on the waiting list behind Henk
		addGuest(coordinator, other, "Henk de Vries", "0611112222") // the same man, written down twice
		if r := addGuest(coordinator, id, "Iemand anders", "+31611112222"); r.Status != 422 {
			t.Errorf("the same number twice on one list: %d", r.Status)
		}

		henk := s.Client()
		r := henk.Submit("/registreren", "/registreren", apptest.Form("name", "Henk de Vries", "phone", "06-11112222",
			"password", apptest.Password, "password_repeat", apptest.Password, "consent", "on"))
		if r.Status != 303 || r.Location != "/mijn-activiteiten" {
			t.Fatalf("register: %d %q", r.Status, r.Location)
		}
		mine := r.Follow(henk).Body
		apptest.Contains(t, mine, "Er staat al een plaats voor je klaar", "Sta jij al op een lijst?",
			"Werkplaats, op naam van Henk (met een plaats)", "Kaartclub, op naam van Henk de Vries (met een plaats)")
		form := regexp.MustCompile(`action="(/mijn-activiteiten/plaatsen-overnemen)"`).FindStringSubmatch(mine)
		if form == nil {
			t.Fatal("no form to take the places over")
		}
		r = henk.PostWithToken(form[1], nil)
		if r.Status != 303 {
			t.Fatalf("take over: %d", r.Status)
		}
		mine = r.Follow(henk).Body
		apptest.Contains(t, mine, "De plaatsen staan nu op jouw account.", "Werkplaats", "Kaartclub")
		apptest.NotContains(t, mine, "Sta jij al op een lijst?")

		me, _ := models.UserByLogin(s.DB, "0611112222")
		for _, a := range []int64{id, other} {
			if place, err := models.PlaceOf(s.DB, a, me.ID); err != nil || place.Status != models.Joined {
				t.Errorf("activity %d: place %+v, %v", a, place, err)
			}
		}
		var left int64
		s.DB.Table("users").Where("without_account = ? AND anonymised_at IS NULL AND contact_phone IS NOT NULL", true).Count(&left)
		if left != 0 {
			t.Errorf("%d people without an account still hold the number", left)
		}
		// The place kept its turn: Gerrit still waits.
		joined, waiting, _ := models.ParticipantsOf(s.DB, id)
		if len(joined) != 1 || joined[0].Name != "Henk de Vries" || len(waiting) != 1 || waiting[0].Name != "Gerrit" {
			t.Errorf("the list after taking over: %+v / %+v", joined, waiting)
		}
		// A second visit offers nothing more.
		if r := henk.PostWithToken(form[1], nil); r.Status != 303 {
			t.Errorf("again: %d", r.Status)
		}
	})
}

// A person without an account is removed by the same rules as an account: two years
// after the activity ended.
func TestPeopleWithoutAnAccountAreRemovedByRetention(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		id, _ := s.Activity(coordinator, "Taalles", "4")
		addGuest(coordinator, id, "Henk de Vries", "0612345678")
		henk := guestID(t, s, "Henk de Vries")
		centre, _ := models.DefaultCentre(s.DB)
		later := s.Clock.Now().AddDate(3, 0, 0)
		if _, err := models.ApplyRetention(s.DB, models.DefaultRetention(), centre.Location(), later, 0); err != nil {
			t.Fatal(err)
		}
		var u models.User
		s.DB.Take(&u, henk)
		if u.AnonymisedAt != nil {
			t.Fatal("removed while the activity runs")
		}
		page := fmt.Sprintf("/activiteiten/%d/deelnemers", id)
		if r := coordinator.Submit(page, fmt.Sprintf("/coordinator/activiteiten/%d/status", id), apptest.Form("status", "ended")); r.Status != 303 {
			t.Fatalf("end: %d", r.Status)
		}
		if _, err := models.ApplyRetention(s.DB, models.DefaultRetention(), centre.Location(), later, 0); err != nil {
			t.Fatal(err)
		}
		s.DB.Take(&u, henk)
		if u.AnonymisedAt == nil || u.Name != "" || u.ContactPhone != nil {
			t.Errorf("not removed: %+v", u)
		}
	})
}

// Someone who gets a place after a session was called off is told of it like everyone
// with a place then: Henk, put on the list by the lead (no e-mail), is on the call list
// for it; Anna, who joins online, has the message; Zoë, who moves up from the waiting
// list, and Wim, who volunteers every time from now on, are told too. A session called
// off that is already over is not news.
func TestCalledOffBeforeYouCame(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		id, lead := s.Activity(coordinator, "Taalles Nederlands", "2")
		page := fmt.Sprintf("/activiteiten/%d", id)
		manage := page + "/deelnemers"
		lead.Get(manage)
		var sessions []models.Session
		s.DB.Where("activity_id = ?", id).Order("starts_at").Limit(2).Find(&sessions)
		if len(sessions) != 2 {
			t.Fatalf("sessions: %d", len(sessions))
		}
		for _, sess := range sessions {
			if r := lead.Submit(manage, fmt.Sprintf("/sessies/%d/annuleren", sess.ID), apptest.Form("note", "de docent is ziek")); r.Status != 303 {
				t.Fatalf("cancel: %d", r.Status)
			}
		}
		s.Clock.Set(sessions[0].EndsAt.Add(time.Hour)) // the first is over; the second still to come

		if r := addGuest(lead, id, "Henk de Vries", "06-1234 5678"); r.Status != 303 {
			t.Fatalf("add Henk: %d\n%s", r.Status, r.Body)
		}
		anna := s.Register("Anna de Vries", "anna@example.nl")
		anna.Submit(page, page+"/aanmelden", nil)
		zoe := registerByPhone(t, s, "Zoë Bakker", "0622223333")
		zoe.Submit(page, page+"/aanmelden", nil) // full: the waiting list
		if r := anna.Submit(page+"/afmelden", page+"/afmelden", apptest.Form("confirm", "yes")); r.Status != 303 || r.Location != page {
			t.Fatalf("Anna leaves: %d", r.Status)
		}
		// Wim volunteers as host every time from now on.
		role := models.VolunteerRole{ActivityID: id, Name: "gastheer", PerSession: 1}
		must(t, models.AddRole(s.DB, &role))
		wim := s.Register("Wim Verhoeven", "wim@example.nl")
		s.Volunteer(wim, []string{"hosting"}, []string{"nl"})
		if r := wim.Submit(page+"/vrijwilligers", fmt.Sprintf("/rollen/%d/aanmelden", role.ID), apptest.Form("session", "every")); r.Status != 303 {
			t.Fatalf("Wim's shift: %d\n%s", r.Status, r.Body)
		}
		if _, err := s.Sender.SendDue(context.Background()); err != nil {
			t.Fatal(err)
		}

		second := fmt.Sprintf("Taalles Nederlands van %s gaat niet door", "dinsdag 8 december")
		calls := coordinator.Get("/bellijst").Body
		apptest.Contains(t, calls, "Bel Henk de Vries, 06 12345678: "+second, "Bel Zoë Bakker, 06 22223333: "+second)
		apptest.NotContains(t, calls, "dinsdag 1 december")
		var told []struct {
			Name string
			N    int
		}
		s.DB.Raw(`SELECT u.name, COUNT(*) AS n FROM notifications n JOIN users u ON u.id = n.user_id
			WHERE n.kind = ? GROUP BY u.name ORDER BY u.name`, models.KindCancelled).Scan(&told)
		if fmt.Sprint(told) != "[{Anna de Vries 1} {Henk de Vries 1} {Wim Verhoeven 1} {Zoë Bakker 1}]" {
			t.Errorf("told of the cancellation: %v", told)
		}
	})
}
