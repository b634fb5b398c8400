package handlers_test

import (
	"encoding/xml"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"onshuis/api"
	"onshuis/app/apptest"
)

var hrefRe = regexp.MustCompile(`(?:href|action)="([^"]+)"`)

// A centre's own page is that centre's throughout: its week's links, its calendar feed
// and news feed, the page's title and footer (so a printed page names it), and only its
// activities; the visitor's own centre is only the header's way home.
func TestCentrePageLinksAreItsOwn(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		twoCentresWithActivities(t, s)
		var ownActivities []string
		s.DB.Table("activities a").Joins("JOIN centres c ON c.id = a.centre_id").Where("c.slug = ?", "schadewijk").
			Select("'/activiteiten/' || a.id").Scan(&ownActivities)
		anon := s.Client()
		page := anon.Get("/centra/schadewijk").Body
		apptest.Contains(t, page, "<title>Programma · Huis van de Wijk Schadewijk</title>",
			`<a href="/centra/schadewijk/programme.ics">Zet het programma in je agenda</a>`,
			`<link rel="alternate" type="application/atom+xml" href="/centra/schadewijk/nieuw.atom"`,
			"<p>Huis van de Wijk Schadewijk · Kruisstraat 1, Oss</p>", "Fietsreparatie")
		apptest.NotContains(t, page, "Koffie-inloop", `href="/programme.ics"`)
		// Every link is this centre's, or the site's own (not another centre's page).
		for _, m := range hrefRe.FindAllStringSubmatch(page, -1) {
			link := strings.ReplaceAll(m[1], "&amp;", "&")
			switch {
			case strings.HasPrefix(link, "/centra/schadewijk"), strings.HasPrefix(link, "/static/"), strings.HasPrefix(link, "/taal?"),
				strings.HasPrefix(link, "#"):
			case strings.HasPrefix(link, "/activiteiten/"):
				found := false
				for _, a := range ownActivities {
					found = found || link == a
				}
				if !found {
					t.Errorf("the page of Schadewijk links to %s, an activity of another centre", link)
				}
			case link == "/", link == "/centra", link == "/privacy", link == "/inloggen", link == "/registreren", link == "/voorstellen/nieuw":
			default:
				t.Errorf("the page of Schadewijk links to %s", link)
			}
		}
		feed := anon.Get("/centra/schadewijk/programme.ics")
		if feed.Status != 200 || !strings.HasPrefix(feed.Header.Get("Content-Type"), "text/calendar") {
			t.Fatalf("the page's calendar feed: %d %s", feed.Status, feed.Header.Get("Content-Type"))
		}
		apptest.Contains(t, feed.Body, "Fietsreparatie")
		apptest.NotContains(t, feed.Body, "Koffie-inloop")
	})
}

// A closed centre's address (on old posters, in bookmarks and calendars) says it is
// closed and leads to the other centres, instead of an empty programme (as if it were
// open) or "not found" (as if it never was); its feed stays a calendar, with nothing in
// it. Closing is seen at once, also by a visitor whose page was kept.
func TestClosedCentrePage(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		carla, _, _ := twoCentresWithActivities(t, s)
		anon := s.Client()
		r := anon.Get("/centra/gesloten")
		if r.Status != 410 {
			t.Fatalf("a closed centre's page: %d, want 410", r.Status)
		}
		apptest.Contains(t, r.Body, "<h1>Huis van de Wijk Gesloten is gesloten</h1>", "Dit huis van de wijk is gesloten sinds zondag 1 november 2026.",
			`<a class="button button--primary" href="/centra">Alle huizen van de wijk</a>`)
		apptest.NotContains(t, r.Body, "Programma week", "Dit is mijn buurthuis")
		feed := anon.Get("/centra/gesloten/programme.ics")
		if feed.Status != 200 {
			t.Fatalf("a closed centre's feed: %d", feed.Status)
		}
		apptest.Contains(t, feed.Body, "BEGIN:VCALENDAR")
		apptest.NotContains(t, feed.Body, "BEGIN:VEVENT")

		// Schadewijk is open, and kept; the administrator closes it with its button.
		for range 2 {
			apptest.Contains(t, anon.Get("/centra/schadewijk").Body, "Fietsreparatie")
		}
		apptest.Contains(t, anon.Get("/centra/schadewijk/programme.ics").Body, "Fietsreparatie")
		if r := press(t, carla, carla.Get("/beheer/centra").Body, "Huis van de Wijk Schadewijk", "Sluiten"); r.Status != 303 {
			t.Fatalf("closing: %d\n%s", r.Status, r.Body)
		}
		r = anon.Get("/centra/schadewijk")
		if r.Status != 410 {
			t.Fatalf("a centre just closed: %d, want 410", r.Status)
		}
		apptest.Contains(t, r.Body, "Huis van de Wijk Schadewijk is gesloten")
		apptest.NotContains(t, anon.Get("/centra/schadewijk/programme.ics").Body, "Fietsreparatie")
		apptest.NotContains(t, anon.Get("/centra").Body, "Schadewijk")
	})
}

// A closed centre says so to every client of its programme, each in its own way: the
// embedded programme in a partner's page shows the closed message (410 Gone), the Atom
// feed stays a valid feed with one entry saying it closed, and the API gives the centre
// with closed_at and empty lists. The addresses are those a visitor and a partner site
// found while it was open: /centra, the centre's page and its feed, the API's links.
func TestClosedCentreInEmbedFeedAndAPI(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		carla, _, _ := twoCentresWithActivities(t, s)
		anon := s.Client()
		page := anon.Get(link(t, anon.Get("/centra").Body, "Huis van de Wijk Schadewijk"))
		feedPath := regexp.MustCompile(`<link rel="alternate" type="application/atom\+xml" href="([^"]+)"`).FindStringSubmatch(page.Body)
		if feedPath == nil {
			t.Fatalf("no feed on the centre's page:\n%s", page.Body)
		}
		var list api.CentreList
		apiGet(t, anon, "/api/v1/centres", &list)
		var links api.Links
		for _, c := range list.Centres {
			if c.Slug == "schadewijk" {
				links = c.Links
				if c.ClosedAt != nil {
					t.Errorf("an open centre in the API: closed_at %v", c.ClosedAt)
				}
			}
		}
		local := func(u string) string { // the absolute link, as the test client asks it
			p, err := url.Parse(u)
			if err != nil || p.Path == "" {
				t.Fatalf("not a link: %q", u)
			}
			return p.RequestURI()
		}
		apptest.Contains(t, anon.Get(local(links.Embed)).Body, "Fietsreparatie")
		apptest.Contains(t, anon.Get(feedPath[1]).Body, "Fietsreparatie")
		var sessions api.SessionList
		apiGet(t, anon, local(links.Sessions), &sessions)
		if len(sessions.Sessions) == 0 {
			t.Fatal("an open centre without sessions this week: the test sees nothing change")
		}

		if r := press(t, carla, carla.Get("/beheer/centra").Body, "Huis van de Wijk Schadewijk", "Sluiten"); r.Status != 303 {
			t.Fatalf("closing: %d\n%s", r.Status, r.Body)
		}
		for _, path := range []string{local(links.Embed), local(links.Embed) + "?lang=en"} {
			embed := anon.Get(path)
			if embed.Status != 410 {
				t.Errorf("GET %s of a closed centre: %d, want 410", path, embed.Status)
			}
			apptest.NotContains(t, embed.Body, "Fietsreparatie", "site-header")
			if embed.Header.Get("X-Frame-Options") != "" {
				t.Errorf("GET %s: X-Frame-Options %q: the partner's frame would show nothing", path, embed.Header.Get("X-Frame-Options"))
			}
		}
		embed := anon.Get(local(links.Embed))
		apptest.Contains(t, embed.Body, "<h1>Huis van de Wijk Schadewijk is gesloten</h1>", "Dit huis van de wijk is gesloten sinds woensdag 2 december 2026.",
			`href="`+s.Config.BaseURL+`/centra" target="_top">Alle huizen van de wijk</a>`)
		apptest.Contains(t, anon.Get(local(links.Embed)+"?lang=en").Body, "Huis van de Wijk Schadewijk is closed")
		apptest.NotContains(t, anon.Get("/embed").Body, "Fietsreparatie") // every open centre's week

		feed := anon.Get(feedPath[1])
		if feed.Status != 200 || !strings.HasPrefix(feed.Header.Get("Content-Type"), "application/atom+xml") {
			t.Fatalf("the feed of a closed centre: %d %s", feed.Status, feed.Header.Get("Content-Type"))
		}
		var atom atomFeed
		if err := xml.Unmarshal([]byte(feed.Body), &atom); err != nil {
			t.Fatalf("the feed of a closed centre is no Atom feed: %v\n%s", err, feed.Body)
		}
		if len(atom.Entries) != 1 || atom.Entries[0].Title != "Huis van de Wijk Schadewijk is gesloten" ||
			atom.Entries[0].Link.Href != s.Config.BaseURL+"/centra" || !strings.Contains(atom.Entries[0].Summary.Text, "woensdag 2 december 2026") {
			t.Errorf("the feed of a closed centre: want one entry saying it closed\n%s", feed.Body)
		}

		var closed api.Centre
		apiGet(t, anon, "/api/v1/centres/schadewijk", &closed)
		if closed.ClosedAt == nil || closed.ClosedAt.Format("2006-01-02") != "2026-12-02" {
			t.Errorf("the API's closed centre: closed_at %v, want 2 December", closed.ClosedAt)
		}
		apiGet(t, anon, local(links.Sessions), &sessions)
		if len(sessions.Sessions) != 0 || sessions.Centre.ClosedAt == nil {
			t.Errorf("a closed centre's sessions: %d, closed_at %v; want none and closed_at", len(sessions.Sessions), sessions.Centre.ClosedAt)
		}
		var activities api.ActivityList
		apiGet(t, anon, local(links.Activities), &activities)
		if len(activities.Activities) != 0 || activities.Centre.ClosedAt == nil {
			t.Errorf("a closed centre's activities: %d, closed_at %v; want none and closed_at", len(activities.Activities), activities.Centre.ClosedAt)
		}
	})
}
