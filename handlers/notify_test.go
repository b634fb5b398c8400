package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"onshuis/app"
	"onshuis/app/apptest"
	"onshuis/models"
)

func registerByPhone(t *testing.T, s *apptest.Server, name, phone string) *apptest.Client {
	t.Helper()
	c := s.Client()
	r := c.Submit("/registreren", "/registreren", apptest.Form(
		"name", name, "phone", phone, "password", apptest.Password, "password_repeat", apptest.Password, "consent", "on"))
	if r.Status != 303 {
		t.Fatalf("register %s: got %d\n%s", name, r.Status, r.Body)
	}
	return c
}

// Without SMTP_URL nothing is sent: Berichten shows every message with its state and as
// it would arrive; a resident with only a phone reads it on Mijn pagina (a badge until
// then) and is on the call list of the coordinator and the lead, ticked off when called.
func TestBerichtenCallListAndBadge(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		id, lead := s.Activity(coordinator, "Taalles Nederlands", "5")
		page := fmt.Sprintf("/activiteiten/%d", id)
		truus := registerByPhone(t, s, "Truus Janssen", "0612345678")
		anna := s.Register("Anna de Vries", "anna@example.nl")
		truus.Submit(page, page+"/aanmelden", nil)
		anna.Submit(page, page+"/aanmelden", nil)
		var session int64
		s.DB.Table("activity_sessions").Select("MIN(id)").Where("activity_id = ?", id).Scan(&session)
		if session == 0 {
			lead.Get(page + "/deelnemers")
			s.DB.Table("activity_sessions").Select("MIN(id)").Where("activity_id = ?", id).Scan(&session)
		}
		lead.Get(page + "/deelnemers")
		if r := lead.PostWithToken(fmt.Sprintf("/sessies/%d/annuleren", session), apptest.Form("note", "de docent is ziek")); r.Status != 303 {
			t.Fatalf("cancel: %d", r.Status)
		}
		if _, err := s.Sender.SendDue(context.Background()); err != nil {
			t.Fatal(err)
		}
		var cancelled []models.Notification
		s.DB.Where("kind = ?", models.KindCancelled).Order("user_id").Find(&cancelled)
		if len(cancelled) != 2 || cancelled[0].Status != models.NotifyNoEmail || cancelled[1].Status != models.NotifyKept {
			t.Fatalf("cancellation messages: %+v", cancelled)
		}

		list := coordinator.Get("/coordinator/berichten")
		apptest.Contains(t, list.Body, "Taalles Nederlands van dinsdag 1 december gaat niet door", "Niet verstuurd (geen mailserver)",
			"Geen e-mail: op Mijn pagina en de bellijst", "Anna de Vries", "Je voorstel Taalles Nederlands is goedgekeurd")
		one := coordinator.Get(fmt.Sprintf("/coordinator/berichten/%d", cancelled[1].ID))
		apptest.Contains(t, one.Body, "Hallo Anna,", "Waarom: de docent is ziek", "Met een afspraak voor de agenda")

		// The badge, until Mijn pagina is seen; a resident with e-mail gets none.
		apptest.Contains(t, truus.Get("/").Body, `<span class="badge">1 nieuw bericht</span>`)
		apptest.NotContains(t, anna.Get("/").Body, `class="badge"`)
		apptest.Contains(t, truus.Get("/mijn-activiteiten").Body, "Berichten voor jou", "Taalles Nederlands van dinsdag 1 december gaat niet door", "Waarom: de docent is ziek")
		apptest.NotContains(t, truus.Get("/").Body, `class="badge"`)

		// The call list: exactly the people without e-mail, for the coordinator and the lead.
		calls := coordinator.Get("/bellijst")
		apptest.Contains(t, calls.Body, "Bel Truus Janssen, 06 12345678: Taalles Nederlands van dinsdag 1 december gaat niet door")
		apptest.NotContains(t, calls.Body, "Anna")
		apptest.Contains(t, lead.Get("/bellijst").Body, "Bel Truus Janssen")
		if r := anna.Get("/bellijst"); r.Status != 403 {
			t.Errorf("a resident's call list: %d", r.Status)
		}
		pdf := coordinator.Get("/bellijst.pdf")
		if pdf.Status != 200 || !strings.HasPrefix(pdf.Body, "%PDF") {
			t.Errorf("call list PDF: %d", pdf.Status)
		}
		if r := lead.Submit("/bellijst", fmt.Sprintf("/bellijst/%d/gebeld", cancelled[0].ID), nil); r.Status != 303 {
			t.Fatalf("tick off: %d", r.Status)
		}
		apptest.Contains(t, coordinator.Get("/bellijst").Body, "Er hoeft niemand gebeld te worden.")

		// The privacy page says how long; after that the housekeeping removes them.
		apptest.Contains(t, s.Client().Get("/privacy").Body, "Berichten die we sturen", fmt.Sprintf("%d dagen.", models.NotificationKeepDays))
		if n, err := models.DeleteOldNotifications(s.DB, s.Clock.Now().AddDate(0, 0, models.NotificationKeepDays+1)); err != nil || n == 0 {
			t.Fatalf("deleted %d old messages: %v", n, err)
		}
		apptest.Contains(t, coordinator.Get("/coordinator/berichten").Body, "Er zijn nog geen berichten.")
	})
}

// The reset link: the same answer for a known and an unknown address, one hour, once;
// only the token's hash is kept.
func TestPasswordResetByMail(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		ms := apptest.StartMailServer(t)
		s := apptest.Fresh(t, db, withMailServer(ms))
		s.Setup()
		s.Register("Anna de Vries", "anna@example.nl")
		c := s.Client()
		known := c.Submit("/inloggen", "/wachtwoord-vergeten", apptest.Form("email", "Anna@Example.nl"))
		unknown := c.Submit("/wachtwoord-vergeten", "/wachtwoord-vergeten", apptest.Form("email", "nobody@example.nl"))
		if known.Status != 200 || unknown.Status != 200 || !strings.Contains(known.Body, "Als dit adres bij een account hoort") ||
			stripCSRF(known.Body) != stripCSRF(unknown.Body) {
			t.Fatalf("the answers differ: %d %d", known.Status, unknown.Status)
		}
		if _, err := s.Sender.SendDue(context.Background()); err != nil {
			t.Fatal(err)
		}
		mails := ms.To("anna@example.nl")
		if len(mails) != 1 || len(ms.Received()) != 1 {
			t.Fatalf("want one reset mail, got %d (%d in all)", len(mails), len(ms.Received()))
		}
		link := regexp.MustCompile(`/wachtwoord-vergeten/[a-z0-9]+`).FindString(mails[0].Part("text/plain"))
		token := strings.TrimPrefix(link, "/wachtwoord-vergeten/")
		var stored int64
		s.DB.Table("password_resets").Where("token_hash = ?", token).Count(&stored)
		var inOutbox int64
		s.DB.Model(&models.Notification{}).Where("data LIKE ?", "%"+token+"%").Count(&inOutbox)
		if token == "" || stored != 0 || inOutbox != 0 {
			t.Fatalf("token %q stored as is (%d) or left in the outbox (%d)", token, stored, inOutbox)
		}
		c.Get(link)
		if r := c.PostWithToken(link, apptest.Form("new_password", "een heel nieuw wachtwoord", "new_password_repeat", "een heel nieuw wachtwoord")); r.Status != 303 {
			t.Fatalf("reset: %d\n%s", r.Status, r.Body)
		}
		r := c.Submit("/inloggen", "/inloggen", apptest.Form("login", "anna@example.nl", "password", "een heel nieuw wachtwoord"))
		if r.Status != 303 {
			t.Fatalf("login with the new password: %d", r.Status)
		}
		if r := s.Client().Get(link); r.Status != 404 || !strings.Contains(r.Body, "Deze link werkt niet meer") {
			t.Errorf("a used link: %d", r.Status)
		}
		// An hour later a new link no longer works.
		s.Client().Submit("/wachtwoord-vergeten", "/wachtwoord-vergeten", apptest.Form("email", "anna@example.nl"))
		s.Sender.SendDue(context.Background())
		mails = ms.To("anna@example.nl")
		link = regexp.MustCompile(`/wachtwoord-vergeten/[a-z0-9]+`).FindString(mails[len(mails)-1].Part("text/plain"))
		s.Clock.Add(time.Hour + time.Second)
		if r := s.Client().Get(link); r.Status != 404 {
			t.Errorf("an expired link: %d", r.Status)
		}
	})
}

// One click in the mail program switches the kind off, without logging in; a guessed
// token does nothing.
func TestOneClickUnsubscribe(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		ms := apptest.StartMailServer(t)
		s := apptest.Fresh(t, db, withMailServer(ms))
		coordinator := s.Setup()
		id, lead := s.Activity(coordinator, "Kaartclub", "1")
		_ = lead
		page := fmt.Sprintf("/activiteiten/%d", id)
		a := s.Register("Anna de Vries", "anna@example.nl")
		b := s.Register("Bert Bakker", "bert@example.nl")
		a.Submit(page, page+"/aanmelden", nil)
		b.Submit(page, page+"/aanmelden", nil)
		s.Sender.SendDue(context.Background())
		var tokens []string
		s.DB.Table("notification_tokens").Pluck("token", &tokens)
		if r := s.Client().Post("/berichten-uit/"+strings.Repeat("a", 26)+"/promoted", apptest.Form("List-Unsubscribe", "One-Click")); r.Status != 404 {
			t.Errorf("a guessed token: %d", r.Status)
		}
		// Bert's token comes with his first mail: make one.
		models.Enqueue(s.DB, models.KindMoved, []int64{userID(t, s, "bert@example.nl")}, nil, nil, nil, models.NotifyData{Activity: "Kaartclub"})
		s.Sender.SendDue(context.Background())
		mails := ms.To("bert@example.nl")
		unsubscribe := strings.Trim(mails[len(mails)-1].Header("List-Unsubscribe"), "<>")
		u, _ := url.Parse(unsubscribe)
		promoted := strings.Replace(u.Path, "/moved", "/promoted", 1)
		req, _ := http.NewRequest("POST", promoted, strings.NewReader("List-Unsubscribe=One-Click"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if r := s.Client().Do(req); r.Status != 200 {
			t.Fatalf("one-click unsubscribe: %d %s", r.Status, r.Body)
		}
		before := len(ms.Received())
		leave(a, page)
		s.Sender.SendDue(context.Background())
		if len(ms.Received()) != before {
			t.Errorf("a switched-off kind was sent")
		}
		apptest.NotContains(t, b.Get("/mijn-gegevens").Body, `name="kind_promoted" type="checkbox" value="on" checked`)
		apptest.Contains(t, b.Get("/mijn-gegevens").Body, `name="kind_cancelled" type="checkbox" value="on" checked`)
	})
}

func userID(t *testing.T, s *apptest.Server, email string) int64 {
	var id int64
	s.DB.Table("users").Select("id").Where("email = ?", email).Scan(&id)
	return id
}

var csrfValue = regexp.MustCompile(`value="[A-Za-z0-9_-]{20,}"`)

func stripCSRF(body string) string { return csrfValue.ReplaceAllString(body, "") }

// Berichten, the call list and the messages on Mijn pagina are read in a fixed number
// of statements: the same with 6 messages as with 60.
func TestMessagePagesReadAFixedNumberOfStatements(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		// The background sender would add its own statements to the count.
		s := apptest.Fresh(t, db, func(cfg *app.Config) { cfg.MailPoll = time.Hour })
		coordinator := s.Setup()
		id, lead := s.Activity(coordinator, "Taalles Nederlands", "50")
		page := fmt.Sprintf("/activiteiten/%d", id)
		truus := registerByPhone(t, s, "Truus Janssen", "0612345678")
		truus.Submit(page, page+"/aanmelden", nil)
		var truusID int64
		s.DB.Table("users").Select("id").Where("email IS NULL AND name = ?", "Truus Janssen").Scan(&truusID)
		a, _ := models.ActivityByID(s.DB, id)
		statements := s.CountStatements()
		add := func(n int) {
			for i := 0; i < n; i++ {
				centre, activity := a.CentreID, a.ID
				must(t, models.Enqueue(s.DB, models.KindCancelled, []int64{truusID}, &centre, &activity, nil,
					models.NotifyData{Activity: a.Title, StartsAt: apptest.DefaultNow.AddDate(0, 0, 5+i), EndsAt: apptest.DefaultNow.AddDate(0, 0, 5+i).Add(time.Hour)}))
			}
			if _, err := s.Sender.SendDue(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		pages := []struct {
			name   string
			client *apptest.Client
			path   string
		}{
			{"Berichten", coordinator, "/coordinator/berichten"},
			{"call list (coordinator)", coordinator, "/bellijst"},
			{"call list (lead)", lead, "/bellijst"},
			{"Mijn pagina", truus, "/mijn-activiteiten"},
		}
		measure := func() map[string]int64 {
			counts := map[string]int64{}
			for _, p := range pages {
				counts[p.name] = statements.During(func() {
					if r := p.client.Get(p.path); r.Status != 200 {
						t.Fatalf("%s: %d", p.path, r.Status)
					}
				})
			}
			return counts
		}
		add(5)
		few := measure()
		add(54)
		many := measure()
		for _, p := range pages {
			if few[p.name] != many[p.name] {
				t.Errorf("%s: %d statements with few messages, %d with many", p.name, few[p.name], many[p.name])
			} else {
				t.Logf("%s: %d statements", p.name, few[p.name])
			}
		}
	})
}
