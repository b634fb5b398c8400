package systemtest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"onshuis/app/apptest"
	"onshuis/models"
)

// Three processes send from one outbox: every one of 600 messages arrives exactly
// once. The senders claim rows with FOR UPDATE SKIP LOCKED, so none waits for another
// and none sends what another took.
func TestThreeProcessesSendEachMessageOnce(t *testing.T) {
	dbURL := apptest.Postgres(t).Fresh(t)
	ms := apptest.StartMailServer(t)
	env := []string{"SMTP_URL=" + ms.URL(), "MAIL_POLL=50ms", "MAIL_FROM=Ons Huis <noreply@example.nl>"}
	procs := []*process{start(t, dbURL, env...), start(t, dbURL, env...), start(t, dbURL, env...)}
	db := openDB(t, dbURL)
	setUp(t, procs[0])
	var users []int64
	for i := range 10 {
		register(t, procs[i%3], fmt.Sprintf("Bewoner %d", i), fmt.Sprintf("b%d@example.nl", i))
	}
	db.Table("users").Where("email LIKE ?", "b%@example.nl").Order("id").Pluck("id", &users)
	const rounds = 60 // 600 messages
	for i := range rounds {
		if err := models.Enqueue(db, models.KindMoved, users, nil, nil, nil, models.NotifyData{Activity: fmt.Sprintf("Activiteit %d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	want := rounds * len(users)
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		var left int64
		db.Model(&models.Notification{}).Where("status = ?", models.NotifyQueued).Count(&left)
		if left == 0 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // a mail in flight when the last row was marked
	got := ms.Received()
	seen := map[string]int{}
	for _, m := range got {
		seen[m.Header("Message-Id")]++
	}
	var sent int64
	db.Model(&models.Notification{}).Where("status = ?", models.NotifySent).Count(&sent)
	if len(got) != want || len(seen) != want || sent != int64(want) {
		t.Fatalf("want %d mails, each once: %d arrived, %d distinct, %d marked sent", want, len(got), len(seen), sent)
	}
	for id, n := range seen {
		if n != 1 || !strings.HasPrefix(id, "<notification-") {
			t.Errorf("%s arrived %d times", id, n)
		}
	}
}
