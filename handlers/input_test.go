package handlers_test

import (
	"bytes"
	"fmt"
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

// Every answer to a logged-in user, and every download with names, says no-store: a
// shared computer's browser or a proxy must not keep a page with someone's details.
// Anonymous public pages keep their caching.
func TestPrivatePagesNotCached(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		id, lead := s.Activity(coordinator, "Taalcafé", "10")
		var sessionID int64
		s.DB.Table("activity_sessions").Select("MIN(id)").Where("activity_id = ?", id).Scan(&sessionID)
		resident := s.Register("Ayşe Yılmaz", "ayse@example.nl")
		page := fmt.Sprintf("/activiteiten/%d", id)
		resident.Submit(page, page+"/aanmelden", nil)

		for _, tc := range []struct {
			who  *apptest.Client
			path string
		}{
			{resident, "/"},
			{resident, "/mijn-gegevens"},
			{resident, "/mijn-gegevens/download"},
			{resident, "/mijn-activiteiten"},
			{resident, page},
			{resident, "/bestaat-niet"},
			{lead, page + "/deelnemers"},
			{coordinator, "/coordinator/accounts"},
			{coordinator, "/coordinator/bezoekers.csv"},
			{coordinator, fmt.Sprintf("/coordinator/sessies/%d/rooster.pdf", sessionID)},
			{coordinator, "/coordinator/roosters.pdf?week=2026-W49"},
			{coordinator, "/rapport/activiteiten.csv"},
			{coordinator, "/programme.ics"},
		} {
			r := tc.who.Get(tc.path)
			if got := r.Header.Get("Cache-Control"); !strings.Contains(got, "no-store") {
				t.Errorf("%s (logged in, status %d): Cache-Control %q, want no-store", tc.path, r.Status, got)
			}
		}
		visitor := s.Client()
		if got := visitor.Get("/").Header.Get("Cache-Control"); got != "" {
			t.Errorf("anonymous programme: Cache-Control %q, want none as before", got)
		}
		if got := visitor.Get("/programme.ics").Header.Get("Cache-Control"); got != "public, max-age=900" {
			t.Errorf("anonymous feed: Cache-Control %q, want public, max-age=900 as before", got)
		}
	})
}
