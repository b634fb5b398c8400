package notify_test

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"onshuis/app"
	"onshuis/app/apptest"
	"onshuis/models"
	"onshuis/notify"
)

// A bad SMTP_URL stops the start with a message that names the setting.
func TestBadSMTPURLIsRefused(t *testing.T) {
	for _, raw := range []string{"http://mail.example.nl", "smtp://", "smtp://mail.example.nl:99999", "smtp://mail.example.nl/x?y=1", "mail.example.nl"} {
		_, err := app.Load(nil, func(k string) string {
			if k == "SMTP_URL" {
				return raw
			}
			return ""
		})
		if err == nil || !strings.Contains(err.Error(), "smtp-url") {
			t.Errorf("SMTP_URL=%q: got %v, want an error naming smtp-url", raw, err)
		}
	}
	for raw, want := range map[string]notify.SMTP{
		"smtp://u:p@mail.example.nl":     {Host: "mail.example.nl", Port: 587, Username: "u", Password: "p"},
		"smtps://mail.example.nl":        {Host: "mail.example.nl", Port: 465, Implicit: true},
		"smtp://127.0.0.1:2525":          {Host: "127.0.0.1", Port: 2525, Loopback: true},
		"smtp://localhost:25":            {Host: "localhost", Port: 25, Loopback: true},
		"smtp://user%40x:p%2Fq@mx.nl:25": {Host: "mx.nl", Port: 25, Username: "user@x", Password: "p/q"},
	} {
		got, err := notify.ParseSMTPURL(raw)
		if err != nil || *got != want {
			t.Errorf("%s: got %+v, %v; want %+v", raw, got, err, want)
		}
	}
	if _, err := app.Load(nil, func(k string) string {
		if k == "MAIL_FROM" {
			return "not an address"
		}
		return ""
	}); err == nil || !strings.Contains(err.Error(), "mail-from") {
		t.Errorf("a bad MAIL_FROM: %v", err)
	}
}

// An address the server refuses fails once and for good, with the reason on
// Berichten; a server that is down delays the message (the request that caused it is
// not slowed), which goes out once the server is back.
func TestRefusedAddressAndServerDown(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		ms := apptest.StartMailServer(t)
		ms.Reject = "@nowhere.example"
		s := apptest.Fresh(t, db, withMail(ms))
		coordinator := s.Setup()
		s.Register("Nina Nergens", "nina@nowhere.example")
		nina := userID(s, "nina@nowhere.example")
		models.Enqueue(s.DB, models.KindMoved, []int64{nina}, nil, nil, nil, models.NotifyData{Activity: "Kaartclub"})
		send(t, s)
		var n models.Notification
		n = models.Notification{}
		s.DB.Where("user_id = ?", nina).Take(&n)
		if n.Status != models.NotifyFailed || n.Attempts != 1 || !strings.Contains(n.LastError, "550") {
			t.Fatalf("refused address: %+v", n)
		}
		s.Clock.Add(24 * time.Hour)
		send(t, s)
		n = models.Notification{}
		s.DB.Where("user_id = ?", nina).Take(&n)
		if n.Attempts != 1 {
			t.Errorf("a refused address was tried again: %d attempts", n.Attempts)
		}
		apptest.Contains(t, coordinator.Get("/coordinator/berichten").Body, "Mislukt", "550")

		// The server goes away: the message waits with backoff.
		l, _ := net.Listen("tcp", "127.0.0.1:0")
		down := l.Addr().String()
		l.Close()
		s.Sender.SMTP = &notify.SMTP{Host: "127.0.0.1", Port: port(down), Loopback: true}
		s.Register("Anna de Vries", "anna@example.nl")
		anna := userID(s, "anna@example.nl")
		models.Enqueue(s.DB, models.KindMoved, []int64{anna}, nil, nil, nil, models.NotifyData{Activity: "Kaartclub"})
		if _, err := s.Sender.SendDue(context.Background()); err == nil {
			t.Error("no error with the mail server down")
		}
		n = models.Notification{}
		s.DB.Where("user_id = ?", anna).Take(&n)
		if n.Status != models.NotifyQueued || n.Attempts != 1 || !n.DueAt.After(s.Clock.Now()) {
			t.Fatalf("after a failed try: %+v", n)
		}
		send(t, s) // not due yet
		s.Sender.SMTP, _ = notify.ParseSMTPURL(ms.URL())
		s.Clock.Add(2 * time.Minute)
		send(t, s)
		n = models.Notification{}
		s.DB.Where("user_id = ?", anna).Take(&n)
		if n.Status != models.NotifySent || len(ms.To("anna@example.nl")) != 1 {
			t.Errorf("after the server came back: %+v, %d mails", n, len(ms.To("anna@example.nl")))
		}
	})
}

func port(addr string) int {
	_, p, _ := net.SplitHostPort(addr)
	n := 0
	for _, c := range p {
		n = n*10 + int(c-'0')
	}
	return n
}
