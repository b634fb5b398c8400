package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
	"gorm.io/gorm"

	"onshuis/models"
	"onshuis/views"
)

// Sender takes due messages from the outbox and sends them. Every process runs one;
// the outbox's claim makes sure each message goes once.
type Sender struct {
	DB       *gorm.DB
	Renderer *Renderer
	SMTP     *SMTP  // nil: no mail server, messages are kept for Berichten
	From     string // MAIL_FROM
	Log      *slog.Logger
	Now      func() time.Time
	// Poll is how often the outbox is looked at when it was empty.
	Poll time.Duration
	// Batch is how many messages one claim takes (PostgreSQL; SQLite takes one).
	Batch int
	// Lease is how long a claimed message is left alone before another sender may try
	// it again (a sender that died while sending).
	Lease time.Duration
}

// roundKey marks the context of Run's rounds; every statement of a round carries it.
type roundKey struct{}

// InRound reports whether ctx is that of a background round of Run: a test that counts
// the statements of a page leaves those out (a round may fall in the middle of it).
func InRound(ctx context.Context) bool { return ctx.Value(roundKey{}) != nil }

// MaxAttempts is how often a message is tried before it fails for good.
const MaxAttempts = 6

// backoff is the wait before try n+1: 1 minute, 5, 30, 2 hours, 6 hours.
func backoff(attempts int) time.Duration {
	steps := []time.Duration{time.Minute, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 6 * time.Hour}
	if attempts-1 < len(steps) {
		return steps[max(attempts-1, 0)]
	}
	return steps[len(steps)-1]
}

// Run sends due messages until ctx ends.
func (s *Sender) Run(ctx context.Context) {
	ctx = context.WithValue(ctx, roundKey{}, true)
	poll := s.Poll
	if poll <= 0 {
		poll = 5 * time.Second
	}
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		}
		n, err := s.SendDue(ctx)
		if err != nil {
			s.Log.Warn("unable to send notifications", "error", err)
		}
		if n > 0 {
			s.Log.Debug("sent notifications", "count", n)
		}
		timer.Reset(poll)
	}
}

// SendDue sends every message that is due now, batch by batch, and returns how many it
// handled (sent, kept, or marked for the page).
func (s *Sender) SendDue(ctx context.Context) (int, error) {
	// Every statement of the round goes with ctx: a round of Run is told apart by it
	// (InRound), and stops between statements when ctx is cancelled.
	round := *s
	round.DB = s.DB.WithContext(ctx)
	return round.sendDue(ctx)
}

func (s *Sender) sendDue(ctx context.Context) (int, error) {
	total := 0
	for ctx.Err() == nil {
		batch := max(s.Batch, 1)
		lease := s.Lease
		if lease <= 0 {
			lease = 5 * time.Minute
		}
		claimed, err := models.ClaimDue(s.DB, s.Now(), lease, batch)
		if err != nil || len(claimed) == 0 {
			return total, err
		}
		n, err := s.send(ctx, claimed)
		total += n
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// outgoing is a claimed message on its way.
type outgoing struct {
	n   *models.Notification
	msg *gomail.Msg
}

func (s *Sender) send(ctx context.Context, claimed []models.Notification) (int, error) {
	recipients, err := models.RecipientsOf(s.DB, claimed)
	if err != nil {
		return 0, err
	}
	about, err := s.about(claimed)
	if err != nil {
		return 0, err
	}
	done := 0
	var mails []outgoing
	for i := range claimed {
		n := &claimed[i]
		r := recipients[n.UserID]
		status := ""
		switch {
		case r == nil || r.Name == "" && r.Email == nil && r.Phone == nil: // deleted meanwhile
			status = models.NotifySkipped
		case r.Off[n.Kind]:
			status = models.NotifySkipped
		case r.Email == nil:
			status = models.NotifyNoEmail
		case s.SMTP == nil:
			status = models.NotifyKept
		}
		if status != "" {
			if err := models.MarkDone(s.DB, n.ID, status); err != nil {
				return done, err
			}
			if n.Kind == models.KindPasswordReset {
				if err := models.ForgetToken(s.DB, n.ID); err != nil {
					return done, err
				}
			}
			done++
			continue
		}
		msg, err := s.mail(n, r, about[n.ID])
		if err != nil {
			// A bad address is not going to get better: failed once, not retried.
			if err := models.MarkFailed(s.DB, n.ID, err.Error(), time.Time{}); err != nil {
				return done, err
			}
			done++
			continue
		}
		mails = append(mails, outgoing{n, msg})
	}
	if len(mails) == 0 {
		return done, nil
	}
	sent, err := s.deliver(ctx, mails)
	return done + sent, err
}

// deliver sends the mails over one connection and records each result.
func (s *Sender) deliver(ctx context.Context, mails []outgoing) (int, error) {
	client, err := s.SMTP.client(30 * time.Second)
	if err == nil {
		err = client.DialWithContext(ctx)
	}
	if err != nil {
		// The server is down or refuses us: every message waits and tries again.
		for _, o := range mails {
			if ferr := s.failed(o.n, fmt.Sprintf("mail server: %v", err), true); ferr != nil {
				return 0, ferr
			}
		}
		return 0, fmt.Errorf("notify: unable to reach the mail server: %w", err)
	}
	defer func() { _ = client.Close() }()
	done := 0
	for _, o := range mails {
		if err := client.Send(o.msg); err != nil {
			var se *gomail.SendError
			temp := !errors.As(err, &se) || se.IsTemp()
			if ferr := s.failed(o.n, err.Error(), temp); ferr != nil {
				return done, ferr
			}
			continue
		}
		if err := models.MarkSent(s.DB, o.n.ID, s.Now()); err != nil {
			return done, err
		}
		if o.n.Kind == models.KindPasswordReset {
			if err := models.ForgetToken(s.DB, o.n.ID); err != nil {
				return done, err
			}
		}
		done++
	}
	return done, nil
}

// failed records a failed try: a temporary failure waits and tries again, until
// MaxAttempts; a permanent one (the server refused the address) fails at once.
func (s *Sender) failed(n *models.Notification, reason string, temporary bool) error {
	s.Log.Warn("a notification was not sent", "id", n.ID, "kind", n.Kind, "attempt", n.Attempts, "error", reason)
	retry := time.Time{}
	if temporary && n.Attempts < MaxAttempts {
		retry = s.Now().Add(backoff(n.Attempts))
	}
	return models.MarkFailed(s.DB, n.ID, reason, retry)
}

// mail builds the message for one person: to them alone (nobody else's address
// appears), with the unsubscribe headers of RFC 8058 and the session's .ics file.
func (s *Sender) mail(n *models.Notification, r *models.Recipient, about About) (*gomail.Msg, error) {
	m := s.Renderer.Render(n, r, about)
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	if err := msg.From(s.From); err != nil {
		return nil, fmt.Errorf("sender address: %w", err)
	}
	if err := msg.AddToFormat(r.Name, *r.Email); err != nil {
		return nil, fmt.Errorf("invalid address: %w", err)
	}
	msg.Subject(m.Subject)
	msg.SetDateWithValue(s.Now())
	msg.SetMessageIDWithValue(fmt.Sprintf("notification-%d%s", n.ID, mailDomain(s.From)))
	msg.SetGenHeader(gomail.HeaderContentLang, views.SupportedLanguage(r.Language))
	if m.Unsubscribe != "" {
		msg.SetGenHeader(gomail.HeaderListUnsubscribe, "<"+m.Unsubscribe+">")
		msg.SetGenHeader(gomail.HeaderListUnsubscribePost, "List-Unsubscribe=One-Click")
	}
	msg.SetBodyString(gomail.TypeTextPlain, m.Text())
	msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML(views.SupportedLanguage(r.Language)))
	if m.ICS != nil {
		msg.AttachReadSeeker("afspraak.ics", strings.NewReader(string(m.ICS)), gomail.WithFileContentType("text/calendar; charset=utf-8; method=PUBLISH"))
	}
	return msg, nil
}

func mailDomain(from string) string {
	if i := strings.LastIndexByte(from, '@'); i >= 0 {
		return strings.TrimRight(from[i:], ">")
	}
	return "@onshuis.local"
}

// about loads what the messages concern: centre, activity, room, and for a place from
// the waiting list the next session.
func (s *Sender) about(ns []models.Notification) (map[int64]About, error) {
	ctx, err := models.NotifyContextOf(s.DB, ns)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]About, len(ns))
	next := map[int64]*models.Session{}
	for _, n := range ns {
		var a About
		if n.CentreID != nil {
			a.Centre = ctx.Centres[*n.CentreID]
		}
		if n.ActivityID != nil {
			a.Activity = ctx.Activities[*n.ActivityID]
		}
		if a.Activity != nil && a.Activity.RoomID != nil {
			a.Room = ctx.Rooms[*a.Activity.RoomID]
		}
		if n.Kind == models.KindPromoted && a.Activity != nil && a.Centre != nil {
			session, ok := next[a.Activity.ID]
			if !ok {
				ss, err := models.UpcomingSessions(s.DB, a.Activity, s.Now(), a.Centre.Location(), 1)
				if err != nil {
					return nil, err
				}
				if len(ss) > 0 {
					session = &ss[0]
				}
				next[a.Activity.ID] = session
			}
			a.Next = session
		}
		out[n.ID] = a
	}
	return out, nil
}
