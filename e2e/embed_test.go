package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// partnerSite is a page of another site (another origin: another port) that shows
// the programme in an iframe, as the municipality's would.
type partnerSite struct {
	origin string
	embed  atomic.Value // the address the iframe shows, set once the site runs
}

// partnerSites are one origin that EMBED_ORIGINS allows and one it does not.
type partnerSites struct{ allowed, refused *partnerSite }

func startPartnerSites(t *testing.T) *partnerSites {
	t.Helper()
	start := func(name string) *partnerSite {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		p := &partnerSite{origin: "http://" + ln.Addr().String()}
		srv := &http.Server{ReadHeaderTimeout: 5 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			src, _ := p.embed.Load().(string)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>%s</title><style>body { margin: 0 } iframe { display: block; width: 100%%; height: 900px; border: 0 }</style></head>
<body><h1>%s</h1><iframe title="Programma van het buurthuis" src="%s"></iframe></body></html>`, name, name, html.EscapeString(src))
		})}
		go func() { _ = srv.Serve(ln) }()
		t.Cleanup(func() { _ = srv.Close() })
		return p
	}
	return &partnerSites{allowed: start("Gemeente Oss"), refused: start("Een andere site")}
}

// frameInfo is what the browser says of the iframe in the partner's page.
type frameInfo struct {
	id          cdp.FrameID
	url         string
	unreachable string
}

// childFrame waits until the page's iframe has a document, or a load that failed.
func (p *person) childFrame(t *testing.T, want func(frameInfo) bool) frameInfo {
	t.Helper()
	var last frameInfo
	for range 100 {
		tree := run(t, p, "read the frame tree", chromedp.Action[*page.FrameTree](func(ctx context.Context, tg *chromedp.Target) (*page.FrameTree, error) {
			res, err := cdp.Call(ctx, tg, page.GetFrameTree, cdp.Empty{})
			return res.FrameTree, err
		}))
		if len(tree.ChildFrames) == 1 {
			f := tree.ChildFrames[0].Frame
			last = frameInfo{id: f.ID, url: f.URL, unreachable: f.UnreachableURL}
			if want(last) {
				return last
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s: the iframe never got where expected; last %+v", p.name, last)
	return last
}

// inFrame evaluates js in the iframe's document (a world of its own, through DevTools:
// the frame is of another origin than the page around it) and returns its value.
func inFrame[T any](t *testing.T, p *person, frame cdp.FrameID, js string) T {
	t.Helper()
	return run(t, p, "evaluate in the iframe", chromedp.Action[T](func(ctx context.Context, tg *chromedp.Target) (T, error) {
		var out T
		world, err := cdp.Call(ctx, tg, page.CreateIsolatedWorld, page.CreateIsolatedWorldParams{FrameID: frame, WorldName: "e2e"})
		if err != nil {
			return out, err
		}
		yes := true
		res, err := cdp.Call(ctx, tg, runtime.Evaluate, runtime.EvaluateParams{Expression: js, ContextID: world.ExecutionContextID, ReturnByValue: &yes})
		if err != nil {
			return out, err
		}
		if res.ExceptionDetails != nil {
			return out, fmt.Errorf("%s: %s", js, res.ExceptionDetails.Text)
		}
		return out, json.Unmarshal([]byte(res.Result.Value), &out)
	}))
}

// embedLayout is how the programme lies in a 360 px iframe.
type embedLayout struct {
	Width       float64 `json:"width"`       // the iframe's viewport
	ScrollWidth float64 `json:"scrollWidth"` // the document's, wider when it scrolls sideways
	Widest      float64 `json:"widest"`      // the right edge of the furthest element
	Heading     string  `json:"heading"`
	Sessions    int     `json:"sessions"`
	Scripts     int     `json:"scripts"`
	Header      bool    `json:"header"`
}

// j. A partner shows the programme in its own page: the municipality's site (an origin
// in EMBED_ORIGINS) frames /embed/{centre} on a 360 px phone, which fills the width
// without scrolling sideways, with no script and no site header; the weeks are browsed
// inside the frame with JavaScript off. Another site's frame is refused by the
// browser.
func (w *week) programmeOnPartnerSite(t *testing.T) {
	visitor := w.site.newPerson(t, "a visitor of the municipality's site", phone)
	visitor.disableScript(t)
	embed := "/embed/ons-huis-ruwaard"
	visitor.open(t, embed, 200)
	visitor.sees(t, "h1", "Programma week 48", "Ons Huis Ruwaard")
	visitor.press(t, visitor.link(t, "Volgende week →"), 200)
	visitor.sees(t, "main", "Samen koken", "Nog 8 plekken vrij")
	if got := visitor.path(t); got != embed+"?week=2026-W49" {
		t.Errorf("the next week is at %s, want %s?week=2026-W49", got, embed)
	}
	visitor.open(t, "/embed?lang=en", 200)
	visitor.sees(t, "h1", "Programme week 48")

	// The activity page's schema.org JSON-LD is a data block: under the site's CSP
	// (script-src 'self', no inline script) Chromium reports no violation for it and
	// search engines read it as it stands.
	visitor.setScript(t, true)
	visitor.do(t, "listen for CSP violations", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: `
			window.cspViolations = [];
			document.addEventListener('securitypolicyviolation', e => window.cspViolations.push(e.effectiveDirective + ' ' + e.blockedURI));`})
		return err
	}))
	visitor.open(t, w.activity, 200)
	type ldState struct {
		Violations []string `json:"violations"`
		Events     int      `json:"events"`
		Type       string   `json:"type"`
	}
	ld := run(t, visitor, "read the JSON-LD", chromedp.Evaluate[ldState](`(() => {
		const events = JSON.parse(document.querySelector('script[type="application/ld+json"]').textContent);
		return { violations: window.cspViolations, events: events.length, type: events[0]['@type'] };
	})()`))
	if len(ld.Violations) != 0 || ld.Events == 0 || ld.Type != "Event" {
		t.Errorf("the activity page under its CSP: violations %q, %d JSON-LD events of type %q", ld.Violations, ld.Events, ld.Type)
	}
	visitor.disableScript(t)

	src := w.site.URL + embed + "?week=2026-W49"
	for _, p := range []*partnerSite{w.partners.allowed, w.partners.refused} {
		p.embed.Store(src)
	}
	visitor.do(t, "open the municipality's page", chromedp.Navigate(w.partners.allowed.origin+"/"))
	frame := visitor.childFrame(t, func(f frameInfo) bool {
		return f.url == src && inFrame[string](t, visitor, f.id, "document.readyState") == "complete"
	})
	got := inFrame[embedLayout](t, visitor, frame.id, `(() => {
		let widest = 0;
		for (const e of document.querySelectorAll('body *')) widest = Math.max(widest, e.getBoundingClientRect().right);
		return { width: window.innerWidth, scrollWidth: document.documentElement.scrollWidth, widest,
			heading: document.querySelector('h1').textContent, sessions: document.querySelectorAll('li.session').length,
			scripts: document.scripts.length, header: !!document.querySelector('.site-header') };
	})()`)
	if got.Width != 360 || got.ScrollWidth > got.Width || got.Widest > got.Width {
		t.Errorf("the programme in a 360 px iframe: viewport %.0f px, document %.0f px, furthest element ends at %.0f px; want it to fit 360 px", got.Width, got.ScrollWidth, got.Widest)
	}
	if !strings.Contains(got.Heading, "Programma week 49") || got.Sessions == 0 || got.Scripts != 0 || got.Header {
		t.Errorf("the programme in the iframe: %+v", got)
	}
	visitor.screenshot(t, "embed-on-partner-site")

	visitor.do(t, "open another site's page", chromedp.Navigate(w.partners.refused.origin+"/"))
	refused := visitor.childFrame(t, func(f frameInfo) bool { return f.unreachable != "" || strings.HasPrefix(f.url, "chrome-error:") })
	if refused.url == src {
		t.Errorf("another site framed the programme: %+v", refused)
	}
	t.Logf("another origin's frame was refused: %+v", refused)
}
