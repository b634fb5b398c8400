package e2e

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeViolation is what axe-core reports for one failed rule.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	URL    string `json:"helpUrl"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		HTML    string `json:"html"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// runAxe runs every axe-core rule on the page and returns the violations. axe is
// injected beforehand through DevTools, which the site's Content-Security-Policy does
// not govern (TestAxeThroughDevToolsDespiteCSP shows both).
const runAxe = `axe.run(document, { resultTypes: ['violations'] }).then(r => r.violations)`

// overflowJS lists the elements that stick out to the right of the viewport: with
// them the page scrolls sideways, which at 200% zoom or on a phone means reading
// every line by scrolling back and forth (WCAG 1.4.10).
const overflowJS = `(() => {
	const width = document.documentElement.clientWidth;
	if (document.documentElement.scrollWidth <= width) return null;
	const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
		(typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\s+/).join('.') : '');
	// Content inside a box that scrolls or clips on its own (a wide table of figures)
	// does not move the page; the box itself is checked.
	const inOwnBox = e => { for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
		if (getComputedStyle(a).overflowX !== 'visible') return true; } return false; };
	return [...document.body.querySelectorAll('*')]
		.filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > width + 1 && !inOwnBox(e); })
		.slice(0, 8).map(e => name(e) + ' (right edge ' + Math.round(e.getBoundingClientRect().right) + 'px of ' + width + 'px)');
})()`

// structureJS describes the page's element structure without its words: the same
// template in the same state gives the same description, whoever looks at it and
// whatever the database holds. Repeated siblings (rows, list items) count once, and
// the one-line flash message is left out: it is audited on the first page that has
// it. The main part and the rest (header with the menu, footer) are described apart.
const structureJS = `(() => {
	const sig = e => {
		if (e.classList.contains('flash')) return '';
		const kids = [];
		for (const c of e.children) { const s = c.tagName === 'MAIN' ? 'MAIN' : sig(c); if (s && s !== kids[kids.length - 1]) kids.push(s); }
		return e.tagName + '.' + (e.getAttribute('class') || '') + (e.getAttribute('type') ? ':' + e.getAttribute('type') : '') +
			(e.hasAttribute('aria-invalid') ? '!' : '') + (kids.length ? '(' + kids.join(',') + ')' : '');
	};
	const main = document.querySelector('main');
	return [main ? sig(main) : '', sig(document.body)];
})()`

var (
	auditedMu sync.Mutex
	audited   = map[string]bool{} // pages audited in this run, by address pattern and structure
	digits    = regexp.MustCompile(`/\d+`)
	secret    = regexp.MustCompile(`^/(checkin|kiosk)/[^/?]+`) // door code, tablet link
)

// audit checks the page the person sees now with axe-core at every audit size, and
// that nothing makes the page scroll sideways; then it puts the person's window size
// back. A page is not audited again when its main part has the same address pattern
// and element structure as one audited before in this run (another database, another
// person, another id), and its header and footer the same structure as one audited
// before.
func (p *person) audit(t *testing.T) {
	t.Helper()
	path := p.path(t)
	p.site.mu.Lock()
	page, _, _ := strings.Cut(path, "#") // /privacy#checkin is the page /privacy
	p.site.visited = append(p.site.visited, strings.SplitN(page, "?", 2)[0])
	p.site.mu.Unlock()
	// A JSON-LD block (<script type="application/ld+json">) is data the browser never runs.
	// The kiosk tablet's one script (public/js/kiosk.js) only adds the offline queue:
	// its page works without it too (the journeys' host has scripting off).
	if n := run(t, p, "count scripts", chromedp.Evaluate[int](`document.querySelectorAll('script:not([type="application/ld+json"]):not([src^="/static/js/kiosk.js"]), [onclick], [onload], [onsubmit]').length`)); n > 0 {
		t.Errorf("%s has %d script elements or handlers; the site promises to work without JavaScript", path, n)
	}
	structure := run(t, p, "read structure", chromedp.Evaluate[[2]string](structureJS))
	mainSum, restSum := sha256.Sum256([]byte(structure[0])), sha256.Sum256([]byte(structure[1]))
	key := fmt.Sprintf("%s %x", secret.ReplaceAllString(digits.ReplaceAllString(path, "/{id}"), "/$1/{code}"), mainSum[:8])
	frame := fmt.Sprintf("header and footer %x", restSum[:8])
	auditedMu.Lock()
	seen := audited[key] && audited[frame]
	audited[key], audited[frame] = true, true
	auditedMu.Unlock()
	if seen {
		return
	}
	if p.noScript {
		// axe-core needs timers, which do not fire while scripting is off. The page
		// has no script of its own (checked above), so switching scripting on for the
		// audit changes nothing on it.
		p.setScript(t, true)
		defer p.setScript(t, false)
	}
	if !run(t, p, "look for axe", chromedp.Evaluate[bool](`typeof axe === 'object'`)) {
		p.do(t, "inject axe-core", chromedp.Evaluate[chromedp.Void](axeSource))
	}
	for _, v := range auditViewports {
		p.do(t, "resize to "+v.Name, v.apply())
		var bad []axeViolation
		for _, found := range run(t, p, "axe.run", chromedp.Evaluate[[]axeViolation](runAxe, chromedp.EvalAwaitPromise)) {
			if found.Impact == "serious" || found.Impact == "critical" {
				bad = append(bad, found)
			} else {
				noteMinor(found, path)
			}
		}
		if len(bad) > 0 {
			t.Errorf("axe on %s at %s (%s): %s", path, v.Name, p.name, describeViolations(bad))
		}
		if keep := os.Getenv("E2E_SCREENSHOT_DIR"); keep != "" {
			// Every audited page at every size, to look at by eye.
			name := strings.Trim(regexp.MustCompile(`[^a-zA-Z0-9]+`).ReplaceAllString(key, "-"), "-") + "-" + v.Name[:strings.IndexByte(v.Name+" ", ' ')]
			png := run(t, p, "screenshot", chromedp.FullScreenshot(100))
			if err := os.MkdirAll(filepath.Join(keep, "audit"), 0o755); err == nil {
				_ = os.WriteFile(filepath.Join(keep, "audit", name+".png"), png, 0o644)
			}
		}
		if wide := run(t, p, "check sideways scrolling", chromedp.Evaluate[[]string](overflowJS)); wide != nil {
			t.Errorf("%s at %s scrolls sideways: %s", path, v.Name, strings.Join(wide, "; "))
		}
	}
	p.do(t, "resize back to "+p.view.Name, p.view.apply())
	auditCount.Add(1)
}

var (
	auditCount atomic.Int64
	minorMu    sync.Mutex
	minor      = map[string][]string{} // moderate and minor findings: "[impact] id: help" → pages
)

// noteMinor remembers a moderate or minor finding; they do not fail the test, and
// TestMain lists them.
func noteMinor(v axeViolation, path string) {
	minorMu.Lock()
	defer minorMu.Unlock()
	key := fmt.Sprintf("[%s] %s: %s", v.Impact, v.ID, v.Help)
	if !slices.Contains(minor[key], path) {
		minor[key] = append(minor[key], path)
	}
}

// minorReport lists the moderate and minor findings, for the end of the run.
func minorReport() string {
	minorMu.Lock()
	defer minorMu.Unlock()
	var lines []string
	for k, pages := range minor {
		lines = append(lines, fmt.Sprintf("  %s (%s)", k, strings.Join(pages, ", ")))
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

func describeViolations(vs []axeViolation) string {
	var b strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&b, "\n  [%s] %s: %s (%s)", v.Impact, v.ID, v.Help, v.URL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "\n      %v  %s", n.Target, n.HTML)
			if n.Summary != "" {
				fmt.Fprintf(&b, "\n        %s", strings.ReplaceAll(n.Summary, "\n", "\n        "))
			}
		}
	}
	return b.String()
}
