package e2e

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"onshuis/app"
	"onshuis/app/apptest"
)

// harness drives the site over HTTP for what the test only needs as a fact (accounts,
// an activity, a kiosk link), so the browser is used for what is under test.
func harness(t *testing.T, s *site) *apptest.Server {
	return &apptest.Server{App: s.App, T: t, Clock: &apptest.Clock{}}
}

// login logs the person in through the login form.
func (p *person) login(t *testing.T, email string) {
	t.Helper()
	p.open(t, "/inloggen", 200)
	p.typeIn(t, "#f-login", email)
	p.typeIn(t, "#f-password", password)
	p.press(t, p.button(t, "Inloggen"), 200)
}

// setOffline cuts or restores the tab's connection with the DevTools protocol's network
// emulation, service worker included, and tells the page (navigator.onLine, "online").
func (p *person) setOffline(t *testing.T, offline bool) {
	t.Helper()
	yes := true
	p.do(t, fmt.Sprintf("offline=%v", offline), chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			EmulateOfflineServiceWorker: &yes,
			MatchedNetworkConditions:    []*network.Conditions{{Offline: offline, DownloadThroughput: -1, UploadThroughput: -1}},
		})
		if err != nil {
			return err
		}
		_, err = cdp.Call(ctx, tg, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: offline, DownloadThroughput: -1, UploadThroughput: -1})
		return err
	}))
}

// waitFor polls a script until it is true.
func (p *person) waitFor(t *testing.T, what, js string) {
	t.Helper()
	deadline := time.Now().Add(actionTimeout)
	for time.Now().Before(deadline) {
		if run(t, p, what, chromedp.Evaluate[bool](js)) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s: waited in vain for %s; the page says:\n%s", p.name, what, p.mainText(t))
}

func headcountsOf(s *site) (n int64) {
	s.DB.Table("visits").Where("source = ?", "headcount").Count(&n)
	return n
}

// The kiosk keeps counting offline (issue 17): the host taps three times without a
// connection, the tablet says "3 tellingen wachten op verbinding", the page still
// loads from the service worker, and when the connection is back the taps arrive,
// once. A revoked tablet's waiting taps are refused with a message on the tablet.
func TestKioskOffline(t *testing.T) {
	require(t)
	t.Parallel()
	// A tap carries the tablet's own time, and Chromium's clock is the real one: so is
	// the site's here (a pinned clock would find the taps in its future).
	s := startSite(t, apptest.Databases(t)[0], func(c *app.Config) { c.Now = time.Now })
	coordinator := harness(t, s).Setup()
	coordinator.Submit("/coordinator/deur", "/coordinator/kiosk", apptest.Form("label", "Tablet bij de deur"))
	m := regexp.MustCompile(`href="(?:http://[^/]+)?(/kiosk/[a-z0-9]+)"`).FindStringSubmatch(coordinator.Get("/coordinator/deur").Body)
	if m == nil {
		t.Fatal("no kiosk link on the door page")
	}
	kiosk := m[1]

	for _, view := range []viewport{phone, desktop} {
		t.Run(view.Name, func(t *testing.T) {
			host := s.newPerson(t, "host, tablet "+view.Name, view)
			before := headcountsOf(s)
			host.open(t, kiosk, 200)
			host.do(t, "wait for the service worker", chromedp.Evaluate[chromedp.Void](`navigator.serviceWorker.ready`, chromedp.EvalAwaitPromise))
			// Online, a tap goes through the queue and arrives at once.
			host.do(t, "tap +1 online", chromedp.Click(chromedp.CSS(`form[data-tap] button`)))
			host.waitFor(t, "the online tap sent", `document.getElementById('kiosk-pending').hidden`)
			if n := headcountsOf(s); n != before+1 {
				t.Fatalf("online tap: %d headcounts, want %d", n, before+1)
			}

			host.setOffline(t, true)
			for range 3 {
				host.do(t, "tap +1 offline", chromedp.Click(chromedp.CSS(`form[data-tap] button`)))
			}
			host.sees(t, "#kiosk-pending", "3 tellingen wachten op verbinding")
			host.sees(t, "[data-total]", fmt.Sprintf("Vandaag %d bezoekers geteld", before+4))
			host.screenshot(t, "kiosk-offline-"+strings.Fields(view.Name)[0])
			if n := headcountsOf(s); n != before+1 {
				t.Fatalf("offline taps reached the server: %d headcounts", n)
			}
			// The page reloads without a connection: the service worker serves it.
			host.do(t, "reload offline", chromedp.Reload())
			host.sees(t, "h1", "Bezoekers tellen")
			host.sees(t, "#kiosk-pending", "3 tellingen wachten op verbinding")

			host.setOffline(t, false)
			host.waitFor(t, "the waiting taps sent", `document.getElementById('kiosk-pending').hidden`)
			if n := headcountsOf(s); n != before+4 {
				t.Errorf("after the connection came back: %d headcounts, want %d", n, before+4)
			}
			host.sees(t, "[data-total]", fmt.Sprintf("Vandaag %d bezoekers geteld", before+4))
		})
	}

	// Revoked while offline: the waiting tap is refused and the tablet says why.
	host := s.newPerson(t, "host, revoked tablet", desktop)
	host.open(t, kiosk, 200)
	host.do(t, "wait for the service worker", chromedp.Evaluate[chromedp.Void](`navigator.serviceWorker.ready`, chromedp.EvalAwaitPromise))
	host.setOffline(t, true)
	host.do(t, "tap +1 offline", chromedp.Click(chromedp.CSS(`form[data-tap] button`)))
	var kioskID int64
	s.DB.Raw("SELECT id FROM kiosk_links").Scan(&kioskID)
	coordinator.Submit("/coordinator/deur", fmt.Sprintf("/coordinator/kiosk/%d/intrekken", kioskID), nil)
	before := headcountsOf(s)
	host.setOffline(t, false)
	host.waitFor(t, "the refusal shown", `!document.getElementById('kiosk-problem').hidden`)
	host.sees(t, "#kiosk-problem", "Deze tablet mag niet meer tellen", "1 telling is niet meegeteld")
	if n := headcountsOf(s); n != before {
		t.Errorf("a revoked tablet's tap counted")
	}
}
