package systemtest

import (
	"strings"
	"sync"
	"testing"
	"time"

	"onshuis/app/apptest"
)

// Two processes applying the night's retention rules at the same moment on one
// PostgreSQL: one of them does it, the other finds the night done, and each inactive
// account and old phone key is removed once.
func TestRetentionOncePerNight(t *testing.T) {
	pg := apptest.Postgres(t)
	url := pg.Fresh(t)
	server := start(t, url)
	setUp(t, server)
	register(t, server, "Anna de Wit", "anna@example.nl")
	register(t, server, "Bram Smits", "bram@example.nl")
	db := openDB(t, url)
	old := time.Now().AddDate(-3, 0, 0)
	if err := db.Exec("UPDATE users SET last_seen_at = ?, created_at = ? WHERE email IN ?", old, old, []string{"anna@example.nl", "bram@example.nl"}).Error; err != nil {
		t.Fatal(err)
	}
	var centre int64
	db.Raw("SELECT id FROM centres LIMIT 1").Scan(&centre)
	for i, key := range []string{"a:oud1", "a:oud2", "a:oud3"} {
		at := old.AddDate(0, 0, i)
		if err := db.Exec(`INSERT INTO visits (centre_id, visited_at, local_date, iso_week, source, visitor_key, is_first, mood_given)
			VALUES (?, ?, ?, '2023-W48', 'qr', ?, TRUE, FALSE)`, centre, at, at.Format("2006-01-02"), key).Error; err != nil {
			t.Fatal(err)
		}
	}

	outs := make([]string, 2)
	var wg sync.WaitGroup
	for i := range outs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, out, errOut := onshuis(t, []string{"DATABASE_URL=" + url}, "retention")
			if code != 0 {
				t.Errorf("retention %d: exit %d %s", i, code, errOut)
			}
			outs[i] = out
		}()
	}
	wg.Wait()
	ran := 0
	for _, out := range outs {
		switch {
		case strings.Contains(out, "removed people=2 "):
			ran++
			if !strings.Contains(out, "visitor_keys=3") {
				t.Errorf("the run: %s", out)
			}
		case strings.Contains(out, "already applied tonight"):
		default:
			t.Errorf("unexpected: %q", out)
		}
	}
	if ran != 1 {
		t.Fatalf("%d processes applied the rules: %q", ran, outs)
	}
	var n int64
	db.Raw("SELECT COUNT(*) FROM users WHERE anonymised_at IS NOT NULL AND name = ''").Scan(&n)
	if n != 2 {
		t.Errorf("%d accounts anonymised", n)
	}
	db.Raw("SELECT COUNT(*) FROM visits WHERE visitor_key LIKE 'x:%'").Scan(&n)
	if n != 3 {
		t.Errorf("%d keys replaced", n)
	}
}
