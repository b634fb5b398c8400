package handlers_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"onshuis/app/apptest"
	"onshuis/models"
)

// The programme page an anonymous visitor gets is kept (issue 21), and it is right the
// moment anything changes: after every change below the kept page equals the page
// rendered afresh, and a kept page costs one statement and writes nothing.
func TestKeptProgrammeStaysRight(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		p := newPublicCentre(t, db)
		s := p.s
		watched := []string{"/", "/?week=2026-W50", "/?week=2026-W51", "/?week=2026-W52", "/?week=2026-W53",
			"/centra/" + p.slug, "/centra/" + p.slug + "?week=2026-W52&thema=language"}
		visitor := s.Client()
		// fresh renders past the kept pages: a (meaningless) flash cookie bypasses them.
		fresh := func(path string) string {
			req := httptest.NewRequest(http.MethodGet, path, nil)
			req.Header.Set("Cookie", "onshuis_melding=x")
			return s.Client().Do(req).Body
		}
		pages := func() map[string]string {
			got := map[string]string{}
			for _, path := range watched {
				visitor.Get(path) // kept now, if it was not
				r := visitor.Get(path)
				if r.Status != 200 {
					t.Fatalf("GET %s: %d", path, r.Status)
				}
				if want := fresh(path); r.Body != want {
					t.Errorf("GET %s: the kept page differs from a fresh one", path)
				}
				got[path] = r.Body
			}
			return got
		}
		current := pages()
		ok := func(step string, r *apptest.Response) {
			t.Helper()
			if r.Status != 303 {
				t.Fatalf("%s: got %d, want 303\n%s", step, r.Status, r.Body)
			}
		}
		changed := func(step string, r *apptest.Response, want ...string) {
			t.Helper()
			ok(step, r)
			next := pages()
			moved := false
			for _, path := range watched {
				moved = moved || next[path] != current[path]
			}
			if !moved {
				t.Errorf("%s: no programme page changed", step)
			}
			all := strings.Join(mapValues(next), "")
			for _, w := range want {
				if !strings.Contains(all, w) {
					t.Errorf("%s: no page shows %q", step, w)
				}
			}
			current = next
		}

		// A kept page: one statement (the programme's state), no write.
		statements := s.CountStatements()
		var n int64
		writes := statements.WritesDuring(func() { n = statements.During(func() { visitor.Get("/centra/" + p.slug) }) })
		if n != 1 || writes != 0 {
			t.Errorf("a kept programme page took %d statements and %d writes; want 1 and 0", n, writes)
		}

		activity := fmt.Sprintf("/activiteiten/%d", p.taalcafe)
		session := func(date string) int64 {
			var sess models.Session
			s.DB.Where("activity_id = ? AND date = ?", p.taalcafe, date).Take(&sess)
			return sess.ID
		}
		zoe := s.Register("Zoë de Vries", "zoe@example.nl")
		changed("join", zoe.Submit(activity, activity+"/aanmelden", nil))
		changed("leave", p.wim.Submit(activity+"/afmelden", activity+"/afmelden", apptest.Form("confirm", "yes")))
		off := fmt.Sprintf("/sessies/%d/annuleren", session("2026-12-31"))
		changed("call a session off", p.lead.Submit(activity+"/deelnemers", off, apptest.Form("note", "Oudjaar")), "Oudjaar")
		changed("a new activity", s.Approve(p.coordinator, p.proposal, "6", "weekdays", "5", "start_time", "17:00", "end_time", "19:00",
			"first_date", "2026-12-04"), "Samen koken")
		var room models.Room
		s.DB.Take(&room)
		plan := fmt.Sprintf("/coordinator/activiteiten/%d/rooster", p.taalcafe)
		changed("another room and time", p.coordinator.Submit(plan, plan, apptest.Form("room_id", fmt.Sprint(room.ID), "capacity", "4",
			"recurrence", "weekly", "weekdays", "4", "start_time", "10:00", "end_time", "12:30", "first_date", "2026-12-03")), "10:00–12:30", room.Name)
		changed("rename the room", p.coordinator.Submit("/coordinator/ruimtes", fmt.Sprintf("/coordinator/ruimtes/%d", room.ID),
			apptest.Form("name", "grote zaal", "capacity", "40")), "grote zaal")

		// The clock alone: the first session (10:00–12:00 in Oss: it had begun when the
		// plan changed, so it keeps its time) is over just after 12:00.
		today := func() string {
			page := visitor.Get("/").Body
			i := strings.Index(page, `id="day-2026-12-03"`)
			return page[i : i+strings.Index(page[i:], "</section>")]
		}
		s.Clock.Set(time.Date(2026, 12, 3, 11, 0, 0, 0, time.UTC))
		apptest.NotContains(t, today(), "Geweest")
		s.Clock.Set(time.Date(2026, 12, 3, 11, 0, 1, 0, time.UTC))
		apptest.Contains(t, today(), "Geweest")
		s.Clock.Set(time.Date(2026, 12, 3, 23, 0, 1, 0, time.UTC)) // Friday in Oss
		apptest.Contains(t, visitor.Get("/").Body, `<section class="day day--today" aria-labelledby="day-2026-12-04"`)

		// Compressed once, and the same page.
		req := func() *http.Request {
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r.Header.Set("Accept-Encoding", "gzip")
			return r
		}
		visitor.Do(req())
		r := visitor.Do(req())
		if r.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(r.Header.Get("Vary"), "Accept-Encoding") {
			t.Fatalf("kept page: Content-Encoding %q, Vary %q", r.Header.Get("Content-Encoding"), r.Header.Get("Vary"))
		}
		zr, err := gzip.NewReader(bytes.NewReader([]byte(r.Body)))
		if err != nil {
			t.Fatal(err)
		}
		plain, err := io.ReadAll(zr)
		if err != nil || string(plain) != visitor.Get("/").Body {
			t.Errorf("the gzipped kept page differs from the plain one (%v)", err)
		}
	})
}

// A visitor without a session switches language with a link, without JavaScript and
// without the site storing anything; the kept page is kept per language.
func TestLanguageLinkWithoutSession(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		s.Setup()
		visitor := s.Client()
		visitor.Get("/?week=2026-W49")
		statements := s.CountStatements()
		var page *apptest.Response
		writes := statements.WritesDuring(func() {
			link := regexp.MustCompile(`<a href="([^"]*)" lang="en"[^>]*>English</a>`).FindStringSubmatch(visitor.Get("/?week=2026-W49").Body)
			if link == nil {
				t.Fatal("no English link on the programme")
			}
			r := visitor.Get(html.UnescapeString(link[1]))
			if r.Status != 303 || r.Location != "/?week=2026-W49" {
				t.Fatalf("language link: %d %q", r.Status, r.Location)
			}
			page = r.Follow(visitor)
		})
		apptest.Contains(t, page.Body, `<html lang="en">`, "Nederlands")
		apptest.NotContains(t, page.Body, `name="_csrf"`)
		if writes != 0 {
			t.Errorf("switching language wrote %d statements", writes)
		}
		apptest.Contains(t, s.Client().Get("/?week=2026-W49").Body, `<html lang="nl">`, "English")
	})
}

func mapValues(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
