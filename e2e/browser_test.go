package e2e

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"golang.org/x/crypto/bcrypt"

	"onshuis/app"
	"onshuis/app/apptest"
)

// chromiumPath is Debian's Chromium binary (the /usr/bin/chromium wrapper prints a
// warning); E2E_CHROMIUM points elsewhere.
var chromiumPath = cmp.Or(os.Getenv("E2E_CHROMIUM"), "/usr/lib/chromium/chromium")

// axePath is axe-core as `npm ci --prefix e2e` installs it.
const axePath = "node_modules/axe-core/axe.min.js"

// actionTimeout bounds every browser step: a missing element fails the test instead
// of hanging it.
const actionTimeout = 20 * time.Second

var (
	requireOnce sync.Once
	requireErr  error
	axeSource   string

	browserOnce sync.Once
	browserCtx  context.Context
	browserErr  error
	stopBrowser = func() {}
)

func TestMain(m *testing.M) {
	code := m.Run()
	if n := auditCount.Load(); n > 0 {
		fmt.Printf("e2e: axe-core audited %d distinct pages, each at %d sizes\n", n, len(auditViewports))
		if r := minorReport(); r != "" && testing.Verbose() {
			fmt.Printf("e2e: moderate and minor axe findings (not failures):\n%s\n", r)
		}
	}
	stopBrowser()
	os.Exit(code)
}

// require skips the test when Chromium or axe-core is missing, and fails it under
// CI=true, where a missing tool must not pass quietly (apptest.Unavailable).
func require(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("browser journeys are skipped with -short")
	}
	requireOnce.Do(func() {
		var missing []string
		if fi, err := os.Stat(chromiumPath); err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
			missing = append(missing, "Chromium at "+chromiumPath+" (apt-get install chromium)")
		}
		if src, err := os.ReadFile(axePath); err != nil {
			missing = append(missing, "axe-core at e2e/"+axePath+" (npm ci --prefix e2e)")
		} else {
			axeSource = string(src)
		}
		if len(missing) > 0 {
			requireErr = errors.New("the browser tests need " + strings.Join(missing, " and "))
		}
	})
	if requireErr != nil {
		apptest.Unavailable(t, "%v", requireErr)
	}
}

// browser starts one headless Chromium for the whole package; every person in a
// journey gets a browser context of their own in it (own cookies, own tab).
func browser(t *testing.T) context.Context {
	t.Helper()
	browserOnce.Do(func() {
		dir, err := os.MkdirTemp("", "onshuis-e2e-chromium-")
		if err != nil {
			browserErr = err
			return
		}
		allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
			chromedp.ExecPath(chromiumPath),
			chromedp.Flag("headless", true),
			chromedp.Flag("no-sandbox", true),
			chromedp.Flag("disable-gpu", true),
			chromedp.Flag("disable-dev-shm-usage", true),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.Flag("no-first-run", true),
			// The site sends Origin-Agent-Cluster: ?1, which would give a partner's page on
			// another port of 127.0.0.1 and the programme framed in it processes of their
			// own; in one process DevTools can look inside the frame (programmeOnPartnerSite).
			// What the browser allows to be framed stays the same.
			chromedp.Flag("disable-features", "OriginKeyedProcessesByDefault,OriginIsolationHeader"),
			chromedp.UserDataDir(dir),
		)
		ctx, cancel := chromedp.NewContext(allocCtx)
		stopBrowser = func() {
			cancel()
			cancelAlloc()
			_ = os.RemoveAll(dir)
		}
		// The first run starts the browser; its life is bound to ctx, so no timeout here.
		browserErr = chromedp.Do(ctx)
		browserCtx = ctx
	})
	if browserErr != nil {
		t.Fatalf("starting Chromium: %v", browserErr)
	}
	return browserCtx
}

// site is the real application on a real port.
type site struct {
	*app.App
	URL string
	t   *testing.T // the test the site lives for; browsers close with it

	mu      sync.Mutex
	visited []string // every address a person opened or landed on, without the origin
}

// startSite runs the app on a fresh database of the given kind, on 127.0.0.1 and a
// free port, with the test clock at Thursday 26 November 2026, 10:00 in Amsterdam.
func startSite(t *testing.T, db apptest.Database, options ...func(*app.Config)) *site {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	clock := &apptest.Clock{} // pinned: the programme's "this week" is week 48 of 2026
	clock.Set(apptest.DefaultNow)
	cfg := app.Defaults(db.Fresh(t))
	cfg.BaseURL = "http://" + ln.Addr().String()
	cfg.BcryptCost = bcrypt.MinCost
	cfg.Now = clock.Now
	cfg.LogOutput = io.Discard
	cfg.KeepWeeksAfter = 0 // as apptest: the tests write past weeks
	for _, o := range options {
		o(&cfg)
	}
	a, err := app.New(cfg)
	if err != nil {
		ln.Close()
		t.Fatalf("app.New: %v", err)
	}
	served := make(chan error, 1)
	go func() { served <- a.Fiber.Listener(ln) }()
	t.Cleanup(func() {
		if err := a.Fiber.ShutdownWithTimeout(5 * time.Second); err != nil {
			t.Logf("shutdown: %v", err)
		}
		<-served
		_ = a.Close()
	})
	return &site{App: a, URL: cfg.BaseURL, t: t}
}

// viewport is a window size the journeys and the audits use.
type viewport struct {
	Name          string
	Width, Height int64
	Scale         float64 // device pixel ratio
	Mobile        bool    // mobile emulation: touch, mobile meta viewport handling
}

var (
	desktop = viewport{Name: "1280x800", Width: 1280, Height: 800, Scale: 1}
	phone   = viewport{Name: "360x640 mobile", Width: 360, Height: 640, Scale: 2, Mobile: true}
	// zoom200 is a 1280x800 window at 200% browser zoom: the browser then lays the page
	// out in 640x400 CSS pixels and draws each CSS pixel with 2x2 device pixels, so
	// media queries, rem sizes and wrapping are those of 200% zoom.
	zoom200 = viewport{Name: "200% zoom (1280x800 window: 640x400 CSS px, device scale 2)", Width: 640, Height: 400, Scale: 2}
)

// auditViewports are the sizes every visited page is audited at.
var auditViewports = []viewport{phone, desktop, zoom200}

func (v viewport) apply() chromedp.Action[chromedp.Void] {
	opts := []chromedp.EmulateViewportOption{chromedp.EmulateScale(v.Scale)}
	if v.Mobile {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	return chromedp.EmulateViewport(v.Width, v.Height, opts...)
}

// person is one user with a browser of their own: separate cookies, one tab.
type person struct {
	name     string
	site     *site
	ctx      context.Context
	view     viewport
	noScript bool
	marks    int
}

// newPerson opens a fresh browser context (like a private window) for name.
func (s *site) newPerson(t *testing.T, name string, view viewport) *person {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser(t), chromedp.WithNewBrowserContext())
	s.t.Cleanup(cancel)                                    // people stay for every journey of the site
	if err := chromedp.Do(ctx, view.apply()); err != nil { // opens the tab, no timeout
		t.Fatalf("%s: open a tab: %v", name, err)
	}
	return &person{name: name, site: s, ctx: ctx, view: view}
}

// do runs browser steps with a timeout.
func (p *person) do(t *testing.T, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	defer trace(t, what)()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %s: %v", p.name, what, err)
	}
}

// run runs one browser action with a timeout and returns its value.
func run[T any](t *testing.T, p *person, what string, a chromedp.Action[T]) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	defer trace(t, what)()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %s: %v", p.name, what, err)
	}
	return v
}

// disableScript turns JavaScript off in this person's tab, as in a browser with
// scripting switched off.
func (p *person) disableScript(t *testing.T) {
	t.Helper()
	p.setScript(t, false)
	p.noScript = true
}

func (p *person) setScript(t *testing.T, on bool) {
	t.Helper()
	p.do(t, fmt.Sprintf("set JavaScript on=%v", on), chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on})
		return err
	}))
}

// open loads path like typing the address, checks the status and audits the page.
func (p *person) open(t *testing.T, path string, wantStatus int) {
	t.Helper()
	resp := run(t, p, "open "+path, chromedp.NavigateResponse(p.site.URL+path))
	if resp == nil || int(resp.Status) != wantStatus {
		t.Fatalf("%s: open %s: got status %v, want %d; the page says:\n%s", p.name, path, status(resp), wantStatus, p.mainText(t))
	}
	p.audit(t)
}

// press clicks (or on a touch screen taps) the element and waits for the page the
// browser lands on; it checks the final status and audits the new page.
func (p *person) press(t *testing.T, selector string, wantStatus int) {
	t.Helper()
	var act chromedp.Action[chromedp.Void]
	if p.view.Mobile {
		act = chromedp.Tap(chromedp.CSS(selector))
	} else {
		act = chromedp.Click(chromedp.CSS(selector))
	}
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, act)
	if err != nil {
		t.Fatalf("%s: press %s: %v", p.name, selector, err)
	}
	if resp == nil || int(resp.Status) != wantStatus {
		t.Fatalf("%s: press %s: landed on %s with status %v, want %d; the page says:\n%s",
			p.name, selector, p.path(t), status(resp), wantStatus, p.mainText(t))
	}
	p.audit(t)
}

// button returns a CSS selector for the submit button whose visible text is text,
// failing the test when the page has none.
func (p *person) button(t *testing.T, text string) string {
	t.Helper()
	return p.find(t, "button", text)
}

// link returns a CSS selector for the link whose visible text is text.
func (p *person) link(t *testing.T, text string) string {
	t.Helper()
	return p.find(t, "a", text)
}

// tile returns a CSS selector for the tile (a large link on the coordinator's pages)
// whose title is title.
func (p *person) tile(t *testing.T, title string) string {
	t.Helper()
	return "a:has(> " + p.find(t, "a.tile strong", title) + ")"
}

// find marks the first element of kind whose visible words are text, so it can be
// clicked as a user picks it out by its words. The script runs through DevTools, which
// works with the page's own JavaScript switched off as well.
func (p *person) find(t *testing.T, kind, text string) string {
	t.Helper()
	p.marks++
	mark := fmt.Sprintf("e2e-%d", p.marks)
	js := fmt.Sprintf(`(() => {
		const words = el => { const c = el.cloneNode(true); c.querySelectorAll('.visually-hidden').forEach(e => e.remove());
			return c.textContent.replace(/\s+/g, ' ').trim(); };
		const els = [...document.querySelectorAll(%s)];
		const el = els.find(el => words(el) === %s);
		if (!el) return els.map(words);
		el.setAttribute('data-e2e', %s);
		return null;
	})()`, jsString(kind), jsString(normalise(text)), jsString(mark))
	if seen := run(t, p, "find "+kind+" "+text, chromedp.Evaluate[[]string](js)); seen != nil {
		t.Fatalf("%s: no %s %q on %s; there are: %q", p.name, kind, text, p.path(t), seen)
	}
	return fmt.Sprintf(`[data-e2e="%s"]`, mark)
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

var spaces = regexp.MustCompile(`\s+`)

func normalise(s string) string { return strings.TrimSpace(spaces.ReplaceAllString(s, " ")) }

// typeIn clicks into the field and types text, entered in one go as a phone's
// keyboard or a paste does (Input.insertText: the browser's own text input path).
func (p *person) typeIn(t *testing.T, selector, text string) {
	t.Helper()
	p.do(t, "type in "+selector, chromedp.Click(chromedp.CSS(selector)),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, input.InsertText, input.InsertTextParams{Text: text})
			return err
		}))
	if got := run(t, p, "read "+selector, chromedp.Value(chromedp.CSS(selector))); !strings.HasSuffix(got, text) {
		t.Fatalf("%s: typed %q into %s, it shows %q", p.name, text, selector, got)
	}
}

// replace empties a field and types text into it.
func (p *person) replace(t *testing.T, selector, text string) {
	t.Helper()
	p.do(t, "clear "+selector, chromedp.Clear(chromedp.CSS(selector)))
	p.typeIn(t, selector, text)
}

// setValue fills fields whose typing depends on the browser's locale (date, time)
// or picks an option of a select list.
func (p *person) setValue(t *testing.T, selector, value string) {
	t.Helper()
	p.do(t, "set "+selector, chromedp.SetValue(chromedp.CSS(selector), value))
}

// tick clicks a checkbox or radio button by its label, as people do; where the label
// is only there for screen readers, on the box itself.
func (p *person) tick(t *testing.T, inputID string) {
	t.Helper()
	label := `label[for="` + inputID + `"]`
	target := "#" + inputID
	if run(t, p, "look at the label of "+inputID, chromedp.Evaluate[bool](`(() => {
		const l = document.querySelector(`+jsString(label)+`);
		return !!l && l.getBoundingClientRect().width > 2 && l.getBoundingClientRect().height > 2;
	})()`)) {
		target = label
	}
	p.do(t, "tick "+inputID, chromedp.Click(chromedp.CSS(target)))
	if !run(t, p, "read "+inputID, chromedp.JavascriptAttribute[bool](chromedp.CSS("#"+inputID), "checked")) {
		t.Fatalf("%s: clicking %s did not tick %s", p.name, target, inputID)
	}
}

// choose picks the option with the visible text in a select list. Headless Chromium
// draws no list to click in, so the choice is made through DevTools.
func (p *person) choose(t *testing.T, selector, option string) {
	t.Helper()
	ok := run(t, p, "choose "+option, chromedp.Evaluate[bool](`(() => {
		const s = document.querySelector(`+jsString(selector)+`);
		const o = s && [...s.options].find(o => o.text.replace(/\s+/g, ' ').trim() === `+jsString(option)+`);
		if (!o) return false;
		s.value = o.value;
		return true;
	})()`))
	if !ok {
		t.Fatalf("%s: %s has no option %q", p.name, selector, option)
	}
}

// assertScriptOff proves that this tab runs no page JavaScript: a page whose script
// would change its title keeps the title it was written with.
func (p *person) assertScriptOff(t *testing.T) {
	t.Helper()
	page := "data:text/html;charset=utf-8," + url.PathEscape(`<title>off</title><script>document.title = "on"</script>`)
	p.do(t, "open a page with a script", chromedp.Navigate(page))
	if title := run(t, p, "read the title", chromedp.Title()); title != "off" {
		t.Fatalf("%s: JavaScript runs in this tab (title %q)", p.name, title)
	}
}

// text is the visible text of the first element matching selector.
func (p *person) text(t *testing.T, selector string) string {
	t.Helper()
	return normalise(run(t, p, "read "+selector, chromedp.Text(chromedp.CSS(selector))))
}

// sees fails unless the element shows every one of want.
func (p *person) sees(t *testing.T, selector string, want ...string) {
	t.Helper()
	got := p.text(t, selector)
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("%s on %s: %s shows %q, want it to contain %q", p.name, p.path(t), selector, got, w)
		}
	}
}

// mainText is what the page's main part says, for failure messages.
func (p *person) mainText(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 5*time.Second)
	defer cancel()
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector('main') || document.body).innerText`))
	if err != nil {
		return "(unreadable: " + err.Error() + ")"
	}
	return text
}

// path is the address the browser shows, without the site's origin.
func (p *person) path(t *testing.T) string {
	t.Helper()
	loc := run(t, p, "location", chromedp.Location())
	return strings.TrimPrefix(loc, p.site.URL)
}

// screenshot saves the whole page as a PNG and logs where.
func (p *person) screenshot(t *testing.T, name string) string {
	t.Helper()
	png := run(t, p, "screenshot", chromedp.FullScreenshot(100))
	dir := t.TempDir()
	if keep := os.Getenv("E2E_SCREENSHOT_DIR"); keep != "" {
		dir = filepath.Join(keep, strings.NewReplacer("/", "_", " ", "_").Replace(t.Name()))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	file := filepath.Join(dir, name+".png")
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot of %s (%s, %s): %s", p.path(t), p.name, p.view.Name, file)
	return file
}

func status(resp *network.Response) string {
	if resp == nil {
		return "none"
	}
	return fmt.Sprint(resp.Status)
}

func trace(t *testing.T, what string) func() {
	if os.Getenv("E2E_TRACE") == "" {
		return func() {}
	}
	start := time.Now()
	return func() { t.Logf("TRACE %6.0fms %s", float64(time.Since(start).Microseconds())/1000, what) }
}

// focusState is what the keyboard focus is on.
type focusState struct {
	Match   bool   `json:"match"`
	Visible bool   `json:"visible"`
	What    string `json:"what"`
}

// tabTo presses Tab until the element matching selector has the focus, as someone
// without a mouse moves through a page, and fails when an element on the way does not
// show that it has the focus (WCAG 2.4.7).
func (p *person) tabTo(t *testing.T, selector string) {
	t.Helper()
	look := `(() => {
		const e = document.activeElement, s = getComputedStyle(e);
		return { match: e.matches(` + jsString(selector) + `),
			visible: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none',
			what: e.outerHTML.slice(0, 100) };
	})()`
	for range 80 {
		p.do(t, "press Tab", chromedp.KeyEvent(kb.Tab))
		focus := run(t, p, "look at the focus", chromedp.Evaluate[focusState](look))
		if !focus.Visible {
			t.Errorf("%s on %s: the focus is on %s but nothing shows it", p.name, p.path(t), focus.What)
		}
		if focus.Match {
			return
		}
	}
	t.Fatalf("%s on %s: 80 presses of Tab never reached %s", p.name, p.path(t), selector)
}

// typeHere types text into the field that has the focus.
func (p *person) typeHere(t *testing.T, text string) {
	t.Helper()
	p.do(t, "type "+text, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, input.InsertText, input.InsertTextParams{Text: text})
		return err
	}))
}

// pressKey presses a key on the element that has the focus.
func (p *person) pressKey(t *testing.T, key string) {
	t.Helper()
	p.do(t, fmt.Sprintf("press %q", key), chromedp.KeyEvent(key))
}

// enter presses Enter on the focused link or button and waits for the page it leads
// to; it checks the status and audits the page, as press does.
func (p *person) enter(t *testing.T, wantStatus int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.KeyEvent(kb.Enter))
	if err != nil {
		t.Fatalf("%s: press Enter: %v", p.name, err)
	}
	if resp == nil || int(resp.Status) != wantStatus {
		t.Fatalf("%s: press Enter: landed on %s with status %v, want %d; the page says:\n%s",
			p.name, p.path(t), status(resp), wantStatus, p.mainText(t))
	}
	p.audit(t)
}
