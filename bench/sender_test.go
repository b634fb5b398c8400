package bench

import (
	"context"
	"fmt"
	"testing"
	"time"

	"onshuis/app"
	"onshuis/app/apptest"
	"onshuis/models"
	"onshuis/notify"
)

// BenchmarkSender clears 1,000 queued messages to an SMTP server on loopback (go-smtp
// in this process): claim, render (text, HTML), send, mark sent. One op is the whole
// 1,000; issue 14 asks for under 10 s.
func BenchmarkSender(b *testing.B) {
	eachDatabase(b, func(b *testing.B, db apptest.Database) {
		ms := apptest.StartMailServer(b)
		s := apptest.Fresh(b, db, func(cfg *app.Config) {
			cfg.SMTP, _ = notify.ParseSMTPURL(ms.URL())
			cfg.MailPoll = time.Hour
		})
		s.Setup()
		var users []int64
		for i := range 10 {
			s.Register(fmt.Sprintf("Bewoner %d", i), fmt.Sprintf("b%d@example.nl", i))
		}
		s.DB.Table("users").Where("email LIKE ?", "b%@example.nl").Pluck("id", &users)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			for r := range 100 {
				if err := models.Enqueue(s.DB, models.KindMoved, users, nil, nil, nil, models.NotifyData{Activity: fmt.Sprint("Activiteit ", r)}); err != nil {
					b.Fatal(err)
				}
			}
			before := len(ms.Received())
			b.StartTimer()
			n, err := s.Sender.SendDue(context.Background())
			if err != nil || n != 1000 {
				b.Fatalf("sent %d: %v", n, err)
			}
			b.StopTimer()
			if got := len(ms.Received()) - before; got != 1000 {
				b.Fatalf("%d arrived", got)
			}
			b.StartTimer()
		}
	})
}
