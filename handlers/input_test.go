package handlers_test

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	"onshuis/app"
	"onshuis/app/apptest"
)

// syncBuffer collects the app's log; requests may write from several goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// A statement that fails is logged with its placeholders, never with what the user typed.
func TestFailedSQLLoggedWithoutValues(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		log := &syncBuffer{}
		s := apptest.Fresh(t, db, func(c *app.Config) { c.LogOutput = log })
		s.Setup()
		s.Register("Truus Janssen", "truus@example.nl")
		henk := s.Register("Henk van den Berg", "henk@example.nl")
		// Taking Truus's address fails on the unique index: the statement is logged.
		r := henk.Submit("/mijn-gegevens", "/mijn-gegevens", apptest.Form("name", "Geheime Naam Henk", "email", "truus@example.nl"))
		if r.Status != 422 {
			t.Fatalf("taking another's address: got %d, want 422", r.Status)
		}
		out := log.String()
		if !strings.Contains(out, "SQL executed") {
			t.Fatalf("the failed statement was not logged at all:\n%s", out)
		}
		for _, value := range []string{"Geheime Naam Henk", "truus@example.nl"} {
			if strings.Contains(out, value) {
				t.Errorf("the log holds the user's value %q:\n%s", value, out)
			}
		}
	})
}
