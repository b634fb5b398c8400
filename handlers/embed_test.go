package handlers_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"onshuis/app"
	"onshuis/app/apptest"
)

// The embed pages may be framed by the configured origins (and the site itself), and
// by nobody else: their CSP's frame-ancestors names them and they send no
// X-Frame-Options; every other page keeps frame-ancestors 'none' and DENY. The rest of
// the policy is the site's own.
func TestEmbedFramingFollowsEmbedOrigins(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		p := newPublicCentre(t, db, func(c *app.Config) { c.EmbedOrigins = []string{"https://www.oss.nl", "https://*.woonwijzer.example"} })
		anon := p.s.Client()
		site := anon.Get("/").Header.Get("Content-Security-Policy")
		for _, path := range []string{"/embed", "/embed/" + p.slug, "/embed/" + p.slug + "?lang=en&week=2026-W50"} {
			r := anon.Get(path)
			csp := r.Header.Get("Content-Security-Policy")
			if !strings.Contains(csp, "frame-ancestors 'self' https://www.oss.nl https://*.woonwijzer.example;") {
				t.Errorf("GET %s: CSP %q, want frame-ancestors of the configured origins", path, csp)
			}
			if strings.Replace(csp, "frame-ancestors 'self' https://www.oss.nl https://*.woonwijzer.example", "frame-ancestors 'none'", 1) != site {
				t.Errorf("GET %s: CSP %q differs from the site's %q in more than frame-ancestors", path, csp, site)
			}
			if xfo := r.Header.Get("X-Frame-Options"); xfo != "" {
				t.Errorf("GET %s: X-Frame-Options %q, which would refuse every frame", path, xfo)
			}
		}
		for _, path := range []string{"/", fmt.Sprintf("/activiteiten/%d", p.taalcafe), "/centra/" + p.slug, "/inloggen", "/api/v1/centres", "/embed/bestaat-niet/x"} {
			r := anon.Get(path)
			if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") || r.Header.Get("X-Frame-Options") != "DENY" {
				t.Errorf("GET %s: CSP %q, X-Frame-Options %q; want frame-ancestors 'none' and DENY", path, csp, r.Header.Get("X-Frame-Options"))
			}
		}
	})
	// Without EMBED_ORIGINS only the site itself may frame them.
	s := apptest.Fresh(t, apptest.Databases(t)[0])
	s.Setup()
	if csp := s.Client().Get("/embed").Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'self';") {
		t.Errorf("without EMBED_ORIGINS: CSP %q, want frame-ancestors 'self'", csp)
	}
}

var (
	externalURL = regexp.MustCompile(`(?:src|href)="(https?:)?//[^"]*"`)
	topLink     = regexp.MustCompile(`<a href="([^"]*)"( target="_top")?`)
)

// An embed page is the week's programme on its own: no site header or menu, no script,
// nothing from another origin, no form; links to the site open it in the whole window
// (a page of the site refuses to be framed), links to other weeks stay in the frame.
// The language is part of the address.
func TestEmbedPage(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		p := newPublicCentre(t, db)
		anon := p.s.Client()
		for _, path := range []string{"/embed", "/embed/" + p.slug} {
			r := anon.Get(path + "?week=2026-W51")
			apptest.Contains(t, r.Body, "Programma week 51", "Taalcafé", "Koffie-inloop", "Nog 1 plek vrij", "Vrije inloop", `<main id="main">`)
			apptest.NotContains(t, r.Body, "<script", "site-header", "site-nav", "<form", "<iframe")
			if m := externalURL.FindString(r.Body); m != "" && !strings.Contains(m, p.s.Config.BaseURL) {
				t.Errorf("GET %s loads or links another site: %s", path, m)
			}
			for _, m := range topLink.FindAllStringSubmatch(r.Body, -1) {
				stays := strings.HasPrefix(m[1], "/embed")
				if stays == (m[2] != "") {
					t.Errorf("GET %s: link %q (target %q): links to other weeks stay in the frame, all others open the whole window", path, m[1], m[2])
				}
			}
		}
		apptest.Contains(t, anon.Get("/embed/"+p.slug+"?week=2026-W50").Body, "Gaat niet door", "Sinterklaas in de grote zaal")
		r := anon.Get("/embed/" + p.slug + "?lang=en&week=2026-W51")
		apptest.Contains(t, r.Body, `<html lang="en">`, "Programme week 51", "1 place left", `href="/embed/`+p.slug+`?lang=en&amp;week=2026-W52"`)
		if r := anon.Get("/embed/" + p.slug + "?week=2026-W99"); r.Status != 404 {
			t.Errorf("a week that does not exist: %d", r.Status)
		}
		if r := anon.Get("/embed/bestaat-niet"); r.Status != 404 {
			t.Errorf("a centre that does not exist: %d", r.Status)
		}
		apptest.Contains(t, anon.Get("/embed?week=2026-W40").Body, "Deze week staat er niets op het programma.")
	})
}
