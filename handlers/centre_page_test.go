package handlers_test

import (
	"regexp"
	"strings"
	"testing"

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
