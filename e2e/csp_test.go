package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"onshuis/app/apptest"
)

// TestAxeThroughDevToolsDespiteCSP shows that the audits are real: the site's
// Content-Security-Policy stops an inline script in the page, but axe-core injected
// through DevTools runs, and it does report a page with a real problem.
func TestAxeThroughDevToolsDespiteCSP(t *testing.T) {
	require(t)
	t.Parallel()
	s := startSite(t, apptest.Databases(t)[0])
	p := s.newPerson(t, "auditor", desktop)

	resp := run(t, p, "open /setup", chromedp.NavigateResponse(s.URL+"/setup"))
	csp, _ := resp.Headers["Content-Security-Policy"].(string)
	if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Fatalf("Content-Security-Policy is %q, want script-src 'self' without unsafe-inline", csp)
	}

	// A script element added to the page is refused by the policy.
	type outcome struct {
		Ran      bool   `json:"ran"`
		Violated string `json:"violated"`
	}
	got := run(t, p, "add an inline script", chromedp.Evaluate[outcome](`new Promise(resolve => {
		let violated = '';
		document.addEventListener('securitypolicyviolation', e => { violated = e.effectiveDirective; });
		const s = document.createElement('script');
		s.textContent = 'window.inlineRan = true';
		document.head.appendChild(s);
		setTimeout(() => resolve({ ran: window.inlineRan === true, violated }), 200);
	})`, chromedp.EvalAwaitPromise))
	if got.Ran || !strings.HasPrefix(got.Violated, "script-src") {
		t.Fatalf("inline script: ran=%v, violated directive %q; want it blocked by script-src", got.Ran, got.Violated)
	}

	// axe-core through DevTools is not: it loads and audits.
	p.do(t, "inject axe-core", chromedp.Evaluate[chromedp.Void](axeSource))
	version := run(t, p, "axe version", chromedp.Evaluate[string](`axe.version`))
	if !strings.HasPrefix(version, "4.") {
		t.Fatalf("axe-core version %q, want 4.x", version)
	}
	if vs := run(t, p, "axe.run", chromedp.Evaluate[[]axeViolation](runAxe, chromedp.EvalAwaitPromise)); len(vs) != 0 {
		t.Errorf("the setup page has violations: %s", describeViolations(vs))
	}

	// And it finds a real problem: an image without a text alternative and a button
	// without a name, added to the page through DevTools.
	p.do(t, "spoil the page", chromedp.Evaluate[chromedp.Void](`
		document.querySelector('main').insertAdjacentHTML('beforeend', '<img src="/static/icons/house.svg"><button type="button"></button>')`))
	found := map[string]string{}
	for _, v := range run(t, p, "axe.run", chromedp.Evaluate[[]axeViolation](runAxe, chromedp.EvalAwaitPromise)) {
		found[v.ID] = v.Impact
	}
	if found["image-alt"] != "critical" || found["button-name"] != "critical" {
		t.Errorf("axe on a spoilt page found %v, want image-alt and button-name (critical)", found)
	}
	t.Logf("axe-core %s ran through DevTools under %q", version, csp)
}
