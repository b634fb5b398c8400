package notify_test

import (
	"context"
	"crypto/x509"
	"fmt"
	"strings"
	"testing"

	"onshuis/app/apptest"
	"onshuis/models"
	"onshuis/notify"
)

// Mail to a real mail server goes encrypted: over implicit TLS (smtps://, port 465) and
// over STARTTLS (smtp://, port 587), with the server's certificate checked. A server
// that is not on this machine must offer STARTTLS: without it nothing is sent in plain
// text, and a certificate nobody vouches for is refused too; the message waits in the
// outbox with the reason.
func TestMailGoesEncrypted(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		plain := apptest.StartMailServer(t)
		s := apptest.Fresh(t, db, withMail(plain))
		s.Setup()
		for i, c := range []struct {
			name   string
			server *apptest.MailServer
			smtp   func(ms *apptest.MailServer) *notify.SMTP
			sent   bool
			reason string
		}{
			{"smtps:// (implicit TLS)", apptest.StartTLSMailServer(t, apptest.ImplicitTLS), func(ms *apptest.MailServer) *notify.SMTP {
				u, _ := notify.ParseSMTPURL("smtps://" + ms.Addr)
				u.RootCAs = ms.RootCAs
				return u
			}, true, ""},
			{"smtp:// with STARTTLS, a server elsewhere", apptest.StartTLSMailServer(t, apptest.StartTLS), func(ms *apptest.MailServer) *notify.SMTP {
				u := elsewhere(ms)
				u.RootCAs = ms.RootCAs
				return u
			}, true, ""},
			{"smtp:// with STARTTLS on this machine", apptest.StartTLSMailServer(t, apptest.StartTLS), func(ms *apptest.MailServer) *notify.SMTP {
				u, _ := notify.ParseSMTPURL("smtp://" + ms.Addr)
				u.RootCAs = ms.RootCAs
				return u
			}, true, ""},
			{"a server elsewhere without STARTTLS", plain, elsewhere, false, "STARTTLS"},
			{"a certificate nobody vouches for", apptest.StartTLSMailServer(t, apptest.ImplicitTLS), func(ms *apptest.MailServer) *notify.SMTP {
				u, _ := notify.ParseSMTPURL("smtps://" + ms.Addr)
				u.RootCAs = x509.NewCertPool()
				return u
			}, false, "certificate"},
		} {
			t.Run(c.name, func(t *testing.T) {
				s.Sender.SMTP = c.smtp(c.server)
				email := fmt.Sprintf("tls-%d@example.nl", i)
				s.Register("Anna de Vries", email)
				if err := models.Enqueue(s.DB, models.KindMoved, []int64{userID(s, email)}, nil, nil, nil, models.NotifyData{Activity: "Kaartclub"}); err != nil {
					t.Fatal(err)
				}
				_, err := s.Sender.SendDue(context.Background())
				got := c.server.To(email)
				var n models.Notification
				s.DB.Where("user_id = ?", userID(s, email)).Take(&n)
				if c.sent {
					if err != nil || len(got) != 1 || !got[0].TLS || n.Status != models.NotifySent {
						t.Fatalf("want one mail over TLS: err %v, %d mails (%+v), outbox %+v", err, len(got), got, n)
					}
					return
				}
				if err == nil || len(got) != 0 {
					t.Fatalf("want nothing sent: err %v, %d mails", err, len(got))
				}
				if n.Status != models.NotifyQueued || !strings.Contains(n.LastError, c.reason) {
					t.Errorf("the message should wait with the reason %q: %+v", c.reason, n)
				}
			})
		}
	})
}

// elsewhere is the server as if it were not on this machine, where STARTTLS is required.
func elsewhere(ms *apptest.MailServer) *notify.SMTP {
	u, _ := notify.ParseSMTPURL("smtp://" + ms.Addr)
	u.Loopback = false
	return u
}
