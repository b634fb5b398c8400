package handlers_test

import (
	"time"

	"onshuis/app"
	"onshuis/app/apptest"
	"onshuis/notify"
)

// withMailServer points the app at a test SMTP server; the background sender waits, so
// the test sends with SendDue.
func withMailServer(ms *apptest.MailServer) func(*app.Config) {
	return func(cfg *app.Config) {
		smtp, err := notify.ParseSMTPURL(ms.URL())
		if err != nil {
			panic(err)
		}
		cfg.SMTP, cfg.MailPoll = smtp, time.Hour
	}
}
