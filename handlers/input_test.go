package handlers_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
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

// Bytes a database cannot store (a NUL, invalid UTF-8, other control characters) get
// the usual message next to the field, with the rest of what was typed kept; nothing
// reaches the database (PostgreSQL refused them with SQLSTATE 22021, a 500 page).
// The bodies are sent exactly as an attacker or a broken client sends them.
func TestBadBytesInFormsGetAMessage(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		s.Setup()
		c := s.Register("Henk van den Berg", "henk@example.nl")
		for _, tc := range []struct {
			page, action, body, field, kept string
		}{
			{"/vrijwilliger", "/vrijwilliger", "want=Helpen&need_kind_0=other&need_description_0=ab%00cd", "need_description_0", `value="abcd"`},
			{"/vrijwilliger", "/vrijwilliger", "want=Helpen&need_kind_0=other&need_description_0=%FF%FE", "need_description_0", `name="need_description_0" type="text" value=""`},
			{"/vrijwilliger", "/vrijwilliger", "want=Hel%00pen%0Aook%09samen", "want", ">Helpen\nook\tsamen</textarea>"},
			{"/voorstellen/nieuw", "/voorstellen", "title=Breicaf%C3%A9&want=Samen&can=Ik&action=submit&need_kind_0=materials&need_description_0=ab%00cd", "need_description_0", `value="abcd"`},
			{"/voorstellen/nieuw", "/voorstellen", "title=Breicaf%C3%A9&want=Samen&can=Ik&action=submit&need_kind_0=materials&need_description_0=%FF%FE", "need_description_0", `name="need_description_0" type="text" value=""`},
			{"/voorstellen/nieuw", "/voorstellen", "title=Brei%1Bcaf%C3%A9%0A&want=Samen&can=Ik&action=submit", "title", `value="Breicafé"`},
		} {
			c.Get(tc.page)
			req := httptest.NewRequest(http.MethodPost, tc.action, strings.NewReader(tc.body+"&_csrf="+url.QueryEscape(c.CSRF())))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			r := c.Do(req)
			if r.Status != 422 {
				t.Errorf("%s %s: got %d, want 422 with the form again", tc.action, tc.body, r.Status)
				continue
			}
			apptest.Contains(t, r.Body, tc.field+`-error"`, "Hier staan tekens in die we niet kunnen opslaan.", tc.kept)
		}
		var n int64
		s.DB.Table("activities").Count(&n)
		if n != 0 {
			t.Error("a proposal with bad bytes was stored")
		}
	})
}
