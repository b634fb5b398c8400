package notify_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"onshuis/app"
	"onshuis/app/apptest"
	"onshuis/models"
	"onshuis/notify"
)

// withMail points the app at the test's SMTP server; the background sender waits, so
// the test decides when mail goes out (SendDue).
func withMail(ms *apptest.MailServer) func(*app.Config) {
	return func(cfg *app.Config) {
		smtp, err := notify.ParseSMTPURL(ms.URL())
		if err != nil {
			panic(err)
		}
		cfg.SMTP, cfg.MailPoll = smtp, time.Hour
	}
}

func send(t *testing.T, s *apptest.Server) int {
	t.Helper()
	n, err := s.Sender.SendDue(context.Background())
	if err != nil {
		t.Fatalf("send: %v", err)
	}
	return n
}

func outboxCount(t *testing.T, s *apptest.Server, kind string) int64 {
	var n int64
	s.DB.Model(&models.Notification{}).Where("kind = ?", kind).Count(&n)
	return n
}

// A resident who moves up from the waiting list gets one mail, in their language, with
// the next session as an .ics part and the one-click unsubscribe headers; nobody else
// gets it, and sending again sends nothing.
func TestPromotionMail(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		ms := apptest.StartMailServer(t)
		s := apptest.Fresh(t, db, withMail(ms))
		coordinator := s.Setup()
		id, _ := s.Activity(coordinator, "Taalles Nederlands", "1")
		page := fmt.Sprintf("/activiteiten/%d", id)
		anna := s.Register("Anna de Vries", "anna@example.nl")
		john := s.Register("John Smith", "john@example.nl")
		john.Submit("/", "/taal", apptest.Form("lang", "en", "next", "/"))
		anna.Submit(page, page+"/aanmelden", nil)
		john.Submit(page, page+"/aanmelden", nil)
		send(t, s) // the approval's decision mail
		before := len(ms.Received())
		anna.Get(page + "/afmelden")
		anna.PostWithToken(page+"/afmelden", apptest.Form("confirm", "yes"))
		send(t, s)
		got := ms.Received()[before:]
		if len(got) != 1 || len(got[0].To) != 1 || got[0].To[0] != "john@example.nl" {
			t.Fatalf("want one mail to john, got %d: %+v", len(got), got)
		}
		m := got[0]
		if m.Subject() != "A place is free at Taalles Nederlands" {
			t.Errorf("subject %q", m.Subject())
		}
		text := m.Part("text/plain")
		apptest.Contains(t, text, "Hello John,", "The next time is Tuesday 1 December, 14:00–16:00", page+"/afmelden")
		apptest.NotContains(t, m.Raw, "anna@example.nl", "Anna")
		apptest.Contains(t, m.Part("text/html"), "<p>Hello John,</p>")
		ics := m.Part("text/calendar")
		apptest.Contains(t, ics, "BEGIN:VEVENT", "SUMMARY:Taalles Nederlands", "DTSTART;TZID=Europe/Amsterdam:20261201T140000")
		if m.Header("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" || !strings.Contains(m.Header("List-Unsubscribe"), "/berichten-uit/") {
			t.Errorf("unsubscribe headers: %q %q", m.Header("List-Unsubscribe"), m.Header("List-Unsubscribe-Post"))
		}
		t.Logf("the mail as it arrived:\n%s", m.Raw)
		if n := send(t, s); n != 0 || len(ms.Received()) != before+1 {
			t.Errorf("a second round sent %d more", n)
		}
	})
}

// A change that is rolled back leaves nothing in the outbox: the message is written in
// the change's own transaction.
func TestRollbackQueuesNothing(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		ms := apptest.StartMailServer(t)
		s := apptest.Fresh(t, db, withMail(ms))
		coordinator := s.Setup()
		id, _ := s.Activity(coordinator, "Kaartclub", "1")
		page := fmt.Sprintf("/activiteiten/%d", id)
		a := s.Register("Anna de Vries", "anna@example.nl")
		b := s.Register("Bert Bakker", "bert@example.nl")
		a.Submit(page, page+"/aanmelden", nil)
		b.Submit(page, page+"/aanmelden", nil)
		var annaID int64
		s.DB.Table("users").Select("id").Where("email = ?", "anna@example.nl").Scan(&annaID)
		boom := fmt.Errorf("boom")
		err := s.DB.Transaction(func(tx *gorm.DB) error {
			if _, err := models.Leave(tx, id, annaID); err != nil {
				return err
			}
			return boom
		})
		if err != boom {
			t.Fatalf("transaction: %v", err)
		}
		if n := outboxCount(t, s, models.KindPromoted); n != 0 {
			t.Fatalf("a rolled-back promotion left %d messages", n)
		}
		if _, err := models.Leave(s.DB, id, annaID); err != nil {
			t.Fatal(err)
		}
		if n := outboxCount(t, s, models.KindPromoted); n != 1 {
			t.Fatalf("a promotion left %d messages, want 1", n)
		}
	})
}
