package handlers_test

import (
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"onshuis/app/apptest"
	"onshuis/models"
)

// A logged-in resident's programme page renders only the layout and the page's head
// around the week kept for everyone (issue 21), and it is right the moment anything
// changes: after every change below the resident's page equals the one a fresh process
// renders (nothing kept), shows the change, and a view of a kept week costs three
// statements (session, user, the centre with its programme's state) and writes nothing.
func TestResidentProgrammeStaysRight(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		p := newPublicCentre(t, db)
		s := p.s
		activity := fmt.Sprintf("/activiteiten/%d", p.taalcafe)
		watched := []string{"/", "/?week=2026-W50", "/?week=2026-W51", "/?week=2026-W52", "/?week=2026-W53",
			"/?week=2026-W53&thema=language", "/centra/" + p.slug, "/centra/" + p.slug + "?week=2026-W52&thema=language"}
		bram := s.Register("Bram Hendriks", "bram@example.nl")
		// A name with every character the layout escapes.
		odd := s.Register(`Zoë "Zo" <de> Vries & O'Brien+1`, "odd@example.nl")
		anonymous := s.Client()
		for _, path := range watched { // the week's sessions are made, the tokens given
			bram.Get(path)
			odd.Get(path)
		}

		// A second process on the same database has kept nothing, and a message cookie
		// (one that names no message) makes it render the layout too: its pages are
		// the templates' own.
		check := func(step string) map[string]string {
			t.Helper()
			fresh := apptest.New(t, s.URL)
			fresh.Clock.Set(s.Clock.Now())
			got := map[string]string{}
			for _, path := range watched {
				for _, who := range []*apptest.Client{bram, odd} {
					who.Get(path) // kept now, if it was not
					zipped := gunzipped(t, who, path)
					r := who.Get(path)
					if r.Status != 200 {
						t.Fatalf("%s: GET %s: %d", step, path, r.Status)
					}
					req := httptest.NewRequest(http.MethodGet, path, nil)
					req.AddCookie(&http.Cookie{Name: "onshuis_melding", Value: "x"})
					if want := who.Use(fresh.App).Do(req); r.Body != want.Body {
						t.Errorf("%s: GET %s: the resident's page differs from a fresh one\n%s", step, path, firstDifference(r.Body, want.Body))
					}
					if zipped != r.Body {
						t.Errorf("%s: GET %s: the gzipped page differs from the plain one\n%s", step, path, firstDifference(zipped, r.Body))
					}
					got[path] = r.Body
				}
				apptest.Contains(t, got[path], `Zoë &#34;Zo&#34; &lt;de&gt; Vries &amp; O&#39;Brien&#43;1`, `action="/uitloggen"`, odd.CSRF())
				apptest.NotContains(t, got[path], "Bram", bram.CSRF())
				anonymous.Get(path)
				apptest.NotContains(t, anonymous.Get(path).Body, "Bram", "Zoë", bram.CSRF(), odd.CSRF()) // the kept week has nothing of them
				got[path] = bram.Get(path).Body
				apptest.Contains(t, got[path], "Bram Hendriks", bram.CSRF())
				apptest.NotContains(t, got[path], "Zoë", odd.CSRF())
			}
			return got
		}
		day := func(page, date string) string {
			t.Helper()
			i := strings.Index(page, `id="day-`+date+`"`)
			if i < 0 {
				t.Fatalf("no %s on the page", date)
			}
			return page[i : i+strings.Index(page[i:], "</section>")]
		}
		w53 := "/?week=2026-W53"
		check("at first")
		apptest.Contains(t, day(bram.Get(w53).Body, "2026-12-31"), "Vol</span> · 1 op de wachtlijst")

		// A kept week: session, user, centre; nothing written. (On PostgreSQL the
		// session is read from the ephemeral pool, which counts only its writes.)
		want := int64(3)
		if s.Ephemeral != s.DB {
			want = 2
		}
		statements := s.CountStatements()
		var n int64
		writes := statements.WritesDuring(func() { n = statements.During(func() { bram.Get(w53) }) })
		if n != want || writes != 0 {
			t.Errorf("a resident's view of a kept week took %d statements and %d writes; want %d and 0", n, writes, want)
		}

		// Another resident joins: the resident's page shows it at once.
		zoe := s.Register("Zoë de Vries", "zoe@example.nl")
		if r := zoe.Submit(activity, activity+"/aanmelden", nil); r.Status != 303 {
			t.Fatalf("join: %d", r.Status)
		}
		apptest.Contains(t, day(bram.Get(w53).Body, "2026-12-31"), "Vol</span> · 2 op de wachtlijst")
		check("join")
		if r := p.wim.Submit(activity+"/afmelden", activity+"/afmelden", apptest.Form("confirm", "yes")); r.Status != 303 {
			t.Fatalf("leave: %d", r.Status)
		}
		apptest.Contains(t, day(bram.Get(w53).Body, "2026-12-31"), "Vol</span> · 1 op de wachtlijst")
		check("leave")

		// The lead calls a session off; the coordinator adds an activity, moves a
		// session and renames a room.
		var dec31 models.Session
		s.DB.Where("activity_id = ? AND date = ?", p.taalcafe, "2026-12-31").Take(&dec31)
		off := fmt.Sprintf("/sessies/%d/annuleren", dec31.ID)
		if r := p.lead.Submit(activity+"/deelnemers", off, apptest.Form("note", "Oudjaar")); r.Status != 303 {
			t.Fatalf("call off: %d", r.Status)
		}
		apptest.Contains(t, day(bram.Get(w53).Body, "2026-12-31"), "Gaat niet door", "Oudjaar")
		check("call a session off")
		if r := s.Approve(p.coordinator, p.proposal, "6", "weekdays", "5", "start_time", "17:00", "end_time", "19:00",
			"first_date", "2026-12-04"); r.Status != 303 {
			t.Fatalf("approve: %d", r.Status)
		}
		apptest.Contains(t, day(bram.Get("/").Body, "2026-12-04"), "Samen koken", "Nog 6 plekken vrij")
		check("a new activity")
		var room models.Room
		s.DB.Take(&room)
		var dec24 models.Session
		s.DB.Where("activity_id = ? AND date = ?", p.taalcafe, "2026-12-24").Take(&dec24)
		move := fmt.Sprintf("/coordinator/sessies/%d/verplaatsen", dec24.ID)
		if r := p.coordinator.Submit(move, move, apptest.Form("date", "2026-12-22", "start_time", "14:00", "end_time", "16:00",
			"room_id", fmt.Sprint(room.ID))); r.Status != 303 {
			t.Fatalf("move: %d\n%s", r.Status, r.Body)
		}
		week52 := bram.Get("/?week=2026-W52").Body
		apptest.Contains(t, day(week52, "2026-12-22"), "Taalcafé", "14:00–16:00", room.Name)
		apptest.NotContains(t, day(week52, "2026-12-24"), "Taalcafé")
		check("move a session")
		if r := p.coordinator.Submit("/coordinator/ruimtes", fmt.Sprintf("/coordinator/ruimtes/%d", room.ID),
			apptest.Form("name", "grote zaal", "capacity", "40")); r.Status != 303 {
			t.Fatalf("rename the room: %d", r.Status)
		}
		apptest.Contains(t, day(bram.Get("/?week=2026-W52").Body, "2026-12-22"), "grote zaal")
		check("rename the room")

		// The clock alone: the first session (10:00–12:00 in Oss) is over just after
		// 12:00, and at midnight the next day is today.
		s.Clock.Set(time.Date(2026, 12, 3, 11, 0, 0, 0, time.UTC))
		apptest.NotContains(t, day(bram.Get("/").Body, "2026-12-03"), "Geweest")
		s.Clock.Set(time.Date(2026, 12, 3, 11, 0, 1, 0, time.UTC))
		apptest.Contains(t, day(bram.Get("/").Body, "2026-12-03"), "Geweest")
		check("a session ends")
		s.Clock.Set(time.Date(2026, 12, 3, 23, 0, 1, 0, time.UTC)) // Friday in Oss
		apptest.Contains(t, bram.Get("/").Body, `<section class="day day--today" aria-labelledby="day-2026-12-04"`)
		check("a day passes")
		s.Clock.Set(time.Date(2026, 12, 6, 23, 0, 1, 0, time.UTC)) // Monday of week 50 in Oss
		apptest.Contains(t, bram.Get("/").Body, "Programma week 50", `<section class="day day--today" aria-labelledby="day-2026-12-07"`)
		check("a week passes")
	})
}

// The week is kept once for everyone, but each visitor's page has their own head: a
// resident whose centre is another sees "make this my centre" on the default centre's
// programme, with their own token, and a resident of that centre sees it as theirs.
func TestResidentProgrammeHeadIsTheirOwn(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		p := newPublicCentre(t, db)
		s := p.s
		other, err := models.CreateCentre(s.DB, models.CentreInput{Name: "Huis van de Wijk Schadewijk", Address: "Schadewijk, Oss",
			TimeZone: models.DefaultTimeZone, Slug: "schadewijk"})
		if err != nil {
			t.Fatal(err)
		}
		ours := "/centra/" + p.slug
		for _, c := range []struct {
			who    *apptest.Client
			centre string
		}{{p.wim, p.slug}, {p.ayse, other.Slug}} {
			choose := "/centra/" + c.centre + "/mijn-buurthuis"
			if r := c.who.Submit("/centra/"+c.centre, choose, nil); r.Status != 303 {
				t.Fatalf("choose a centre: %d\n%s", r.Status, r.Body)
			}
		}
		wim, ayse, fatma := p.wim.Get(ours).Body, p.ayse.Get(ours).Body, p.fatma.Get(ours).Body
		apptest.Contains(t, wim, "Wim Verhoeven", "Taalcafé", "Jouw buurthuis")
		apptest.Contains(t, ayse, "Ayşe Yılmaz", "Taalcafé", `action="/centra/`+p.slug+`/mijn-buurthuis"`, `value="`+p.ayse.CSRF()+`"`)
		apptest.Contains(t, fatma, "Fatma Demir", "Taalcafé", `action="/centra/`+p.slug+`/mijn-buurthuis"`, `value="`+p.fatma.CSRF()+`"`)
		apptest.NotContains(t, wim, "Ayşe", "Fatma", `action="/centra/`+p.slug+`/mijn-buurthuis"`)
		apptest.NotContains(t, ayse, "Wim", "Fatma", "Jouw buurthuis", p.fatma.CSRF())
		// Ayşe's own programme at / is the other centre's, with its name in the header.
		apptest.Contains(t, p.ayse.Get("/").Body, "Huis van de Wijk Schadewijk")
		apptest.NotContains(t, p.ayse.Get("/").Body, "Taalcafé")
	})
}

// gunzipped is the page at path as c gets it when it takes gzip, decompressed.
func gunzipped(t *testing.T, c *apptest.Client, path string) string {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("Accept-Encoding", "gzip, deflate, br")
	r := c.Do(req)
	if r.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("GET %s taking gzip: Content-Encoding %q", path, r.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(strings.NewReader(r.Body))
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("GET %s: the gzip stream: %v", path, err)
	}
	return string(plain)
}

// firstDifference shows where two pages part.
func firstDifference(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-80)
	return fmt.Sprintf("at byte %d:\n  got  %q\n  want %q", i, a[from:min(len(a), i+80)], b[from:min(len(b), i+80)])
}
