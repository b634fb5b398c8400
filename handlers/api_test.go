package handlers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm/logger"

	"onshuis/api"
	"onshuis/app/apptest"
)

// publicPaths are requests for every route of the public programme (the API, the
// embeds, the feed), in their important variants; the tests below walk them.
func (p *publicCentre) publicPaths() []string {
	v1 := "/api/v1"
	return []string{
		v1 + "/centres", v1 + "/centres/" + p.slug, v1 + "/centres/" + p.slug + "/activities",
		v1 + "/centres/" + p.slug + "/sessions", v1 + "/centres/" + p.slug + "/sessions?week=2026-W51",
		v1 + "/centres/" + p.slug + "/sessions?from=2026-12-01&to=2026-12-31",
		fmt.Sprintf("%s/activities/%d", v1, p.taalcafe), fmt.Sprintf("%s/activities/%d", v1, p.koffie), v1 + "/openapi.json",
		"/embed", "/embed?week=2026-W51", "/embed/" + p.slug, "/embed/" + p.slug + "?week=2026-W51&lang=en",
		"/centra/" + p.slug + "/nieuw.atom",
	}
}

// isPublicRoute says whether a route pattern belongs to the public programme for
// other sites.
func isPublicRoute(pattern string) bool {
	return strings.HasPrefix(pattern, "/api/") || pattern == "/embed" || strings.HasPrefix(pattern, "/embed/") || strings.HasSuffix(pattern, ".atom")
}

// Nothing personal leaks: every route of the API, the embeds and the feed, walked as an
// anonymous visitor, never shows a name, e-mail address or phone number of the
// fixture's people (residents, the lead, a volunteer, the coordinator), nor the lead's
// private note on a called-off session. And every such route is walked.
func TestPublicProgrammeShowsNothingPersonal(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		p := newPublicCentre(t, db)
		anon := p.s.Client()
		walked := map[string]bool{}
		for _, path := range p.publicPaths() {
			r := anon.Get(path)
			if r.Status != 200 {
				t.Errorf("GET %s: %d\n%s", path, r.Status, r.Body)
				continue
			}
			walked[routeOf(p.s.Fiber, path)] = true
			for _, secret := range p.personal {
				if strings.Contains(r.Body, secret) {
					t.Errorf("GET %s shows %q", path, secret)
				}
			}
			if c := r.Header.Get("Set-Cookie"); c != "" {
				t.Errorf("GET %s sets a cookie: %s", path, c)
			}
		}
		// The check can fail: the pages the fixture's people use do show them.
		if r := p.lead.Get(fmt.Sprintf("/activiteiten/%d/deelnemers", p.taalcafe)); !strings.Contains(r.Body, "Ayşe Yılmaz") {
			t.Fatal("the participants' page does not name Ayşe: the fixture is not what this test expects")
		}
		for _, r := range p.s.Fiber.GetRoutes(true) {
			if r.Method == fiber.MethodGet && isPublicRoute(r.Path) && !walked[r.Path] {
				t.Errorf("GET %s is part of the public programme but this test does not walk it", r.Path)
			}
		}
	})
}

// routeOf is the pattern of the GET route that serves path.
func routeOf(f *fiber.App, path string) string {
	path, _, _ = strings.Cut(path, "?")
	for _, r := range f.GetRoutes(true) {
		if r.Method == fiber.MethodGet && fiber.RoutePatternMatch(path, r.Path, f.Config()) {
			return r.Path
		}
	}
	return ""
}

// The OpenAPI document is valid OpenAPI 3 and says what the API really answers: every
// API route is in it, and every answer (200, 304, 400, 404, 405) of the real API,
// filled with the fixture's data, is checked against it with kin-openapi, down to every
// field (the schemas allow no field they do not name) and format (dates, times with
// offsets, URLs).
func TestAPIAnswersAsItsOpenAPIDocumentSays(t *testing.T) {
	openapi3.DefineStringFormatValidator("uri", openapi3.NewCallbackValidator(func(s string) error {
		u, err := url.Parse(s)
		if err != nil || !u.IsAbs() || u.Host == "" {
			return fmt.Errorf("not an absolute URL: %q", s)
		}
		return nil
	}))
	ctx := context.Background()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(api.OpenAPI)
	if err != nil {
		t.Fatalf("the OpenAPI document does not load: %v", err)
	}
	if err := doc.Validate(ctx); err != nil {
		t.Fatalf("the OpenAPI document is not valid: %v", err)
	}
	doc.Servers = openapi3.Servers{{URL: "http://127.0.0.1:3000/api/v1"}} // where apptest's requests go
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		p := newPublicCentre(t, db)
		anon := p.s.Client()
		documented := map[string]bool{}
		check := func(method, path string, header http.Header, want int) *apptest.Response {
			t.Helper()
			req := httptest.NewRequest(method, "http://127.0.0.1:3000"+path, nil)
			for k, v := range header {
				req.Header[k] = v
			}
			r := anon.Do(req)
			if r.Status != want {
				t.Errorf("%s %s: got %d, want %d\n%s", method, path, r.Status, want, r.Body)
			}
			route, params, err := router.FindRoute(req)
			if err != nil {
				if want == fiber.StatusMethodNotAllowed || want == fiber.StatusNotFound && strings.Contains(path, "/bestaat-niet") {
					return r // not in the document, by design; the body must still be an Error
				}
				t.Errorf("%s %s: not in the OpenAPI document: %v", method, path, err)
				return r
			}
			documented[route.Path] = true
			in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route}
			if want < 400 {
				if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
					t.Errorf("%s %s: the request does not match the document: %v", method, path, err)
				}
			}
			out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: r.Status, Header: r.Header,
				Body: io.NopCloser(strings.NewReader(r.Body)), Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true}}
			if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
				t.Errorf("%s %s (%d): the answer does not match the document: %v\n%s", method, path, r.Status, err, r.Body)
			}
			return r
		}
		for _, path := range p.publicPaths() {
			if !strings.HasPrefix(path, "/api/") {
				continue
			}
			r := check("GET", path, nil, 200)
			check("GET", path, http.Header{"If-None-Match": {r.Header.Get("ETag")}}, 304)
		}
		for _, c := range []struct {
			path string
			want int
		}{
			{"/api/v1/centres/bestaat-niet", 404},
			{"/api/v1/centres/bestaat-niet/activities", 404},
			{"/api/v1/centres/bestaat-niet/sessions", 404},
			{fmt.Sprintf("/api/v1/activities/%d", p.proposal), 404}, // under review: not public
			{"/api/v1/activities/999999", 404},
			{"/api/v1/centres/" + p.slug + "/sessions?week=2026-53", 400},
			{"/api/v1/centres/" + p.slug + "/sessions?week=2026-W49&from=2026-12-01", 400},
			{"/api/v1/centres/" + p.slug + "/sessions?from=2026-12-01", 400},
			{"/api/v1/centres/" + p.slug + "/sessions?from=2026-12-01&to=2027-01-12", 400}, // 43 days
			{"/api/v1/centres/" + p.slug + "/sessions?from=2026-12-10&to=2026-12-09", 400},
			{"/api/v1/bestaat-niet", 404},
		} {
			r := check("GET", c.path, nil, c.want)
			var e api.Error
			if err := json.Unmarshal([]byte(r.Body), &e); err != nil || e.Error.Status != c.want || e.Error.Message == "" {
				t.Errorf("GET %s: the error is not an Error with status %d: %s", c.path, c.want, r.Body)
			}
		}
		r := check("POST", "/api/v1/centres", nil, 405)
		if !strings.Contains(r.Body, `"status":405`) || r.Header.Get("Allow") == "" {
			t.Errorf("POST /api/v1/centres: %s (Allow: %q), want a 405 Error", r.Body, r.Header.Get("Allow"))
		}
		// A range of 42 days is the longest allowed.
		check("GET", "/api/v1/centres/"+p.slug+"/sessions?from=2026-12-01&to=2027-01-11", nil, 200)
		// A closed centre answers as the document says too: closed_at set, lists empty.
		closed := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
		if err := p.s.DB.Exec("UPDATE centres SET closed_at = ? WHERE slug = ?", closed, p.slug).Error; err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/api/v1/centres", "/api/v1/centres/" + p.slug, "/api/v1/centres/" + p.slug + "/activities", "/api/v1/centres/" + p.slug + "/sessions"} {
			check("GET", path, nil, 200)
		}

		for _, r := range p.s.Fiber.GetRoutes(true) {
			if r.Method != fiber.MethodGet || !strings.HasPrefix(r.Path, "/api/v1/") {
				continue
			}
			path := regexp.MustCompile(`:([a-z]+)(<int>)?`).ReplaceAllString(strings.TrimPrefix(r.Path, "/api/v1"), "{$1}")
			if doc.Paths.Find(path) == nil {
				t.Errorf("GET %s is served but not in the OpenAPI document", r.Path)
			} else if !documented[path] {
				t.Errorf("GET %s is in the OpenAPI document but this test never asked for it", r.Path)
			}
		}
		for path := range doc.Paths.Map() {
			if routeOf(p.s.Fiber, "/api/v1"+regexp.MustCompile(`\{[a-z]+\}`).ReplaceAllString(path, "1")) == "" {
				t.Errorf("the OpenAPI document describes %s, which the app does not serve", path)
			}
		}
	})
}

// apiGet reads an API answer into v.
func apiGet(t *testing.T, c *apptest.Client, path string, v any) *apptest.Response {
	t.Helper()
	r := c.Get(path)
	if r.Status != 200 {
		t.Fatalf("GET %s: %d\n%s", path, r.Status, r.Body)
	}
	if err := json.Unmarshal([]byte(r.Body), v); err != nil {
		t.Fatalf("GET %s: %v\n%s", path, err, r.Body)
	}
	return r
}

// Places left per session are what the programme page shows: a sign-up counts from the
// session after it was made ("elke keer"), "Deze keer niet" frees a place for one date,
// and a called-off session says so. Checked for every session of four weeks against
// the programme page's own words, and against the numbers this fixture must give.
func TestAPIPlacesLeftAreTheProgrammes(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		p := newPublicCentre(t, db)
		anon := p.s.Client()
		var list api.SessionList
		apiGet(t, anon, "/api/v1/centres/"+p.slug+"/sessions?from=2026-11-30&to=2026-12-27", &list)
		if len(list.Sessions) != 8 {
			t.Fatalf("%d sessions in four weeks, want 8 (a Taalcafé and a Koffie-inloop each week)", len(list.Sessions))
		}
		left := map[int64]*int{}
		for _, s := range list.Sessions {
			left[s.ID] = s.PlacesLeft
		}
		for _, c := range []struct {
			name string
			id   int64
			want int
		}{
			{"the first session, during which Fatma signed up", p.first.ID, 1},
			{"the session called off (all three signed up count)", p.cancelled.ID, 0},
			{"the session Ayşe skips", p.skipped.ID, 1},
			{"a session with all three", p.full.ID, 0},
		} {
			if got := left[c.id]; got == nil || *got != c.want {
				t.Errorf("%s: places_left %v, want %d", c.name, deref(got), c.want)
			}
		}

		pages := map[string]string{}
		for _, s := range list.Sessions {
			year, week := s.StartsAt.ISOWeek()
			w := fmt.Sprintf("%d-W%02d", year, week)
			if pages[w] == "" {
				pages[w] = anon.Get("/?week=" + w).Body
			}
			shown := sessionOnPage(pages[w], s.Date, s.ActivityID)
			if shown == "" {
				t.Errorf("session %d (%s %s) is not on the programme page", s.ID, s.Date, s.Title)
				continue
			}
			want := expectedStatus(s, p.s.Clock.Now())
			if !strings.Contains(shown, want) {
				t.Errorf("session %d (%s %s): the programme page says %q, the API's places_left %v means %q", s.ID, s.Date, s.Title, shown, deref(s.PlacesLeft), want)
			}
			if s.Cancelled && s.CancelNote != "Sinterklaas in de grote zaal" {
				t.Errorf("session %d: cancel_note %q", s.ID, s.CancelNote)
			}
		}
	})
}

func deref(n *int) any {
	if n == nil {
		return nil
	}
	return *n
}

// sessionOnPage is the text of the programme page's item for the activity on the date.
func sessionOnPage(page, date string, activity int64) string {
	start := strings.Index(page, `id="day-`+date+`"`)
	if start < 0 {
		return ""
	}
	day := page[start:]
	if end := strings.Index(day[1:], `<section class="day`); end > 0 {
		day = day[:end]
	}
	m := regexp.MustCompile(`<li class="session[^"]*"><p class="session__time">.*?href="/activiteiten/` + fmt.Sprint(activity) + `".*?</li>`).FindString(strings.ReplaceAll(day, "\n", " "))
	return regexp.MustCompile(`<[^>]+>`).ReplaceAllString(m, "")
}

// expectedStatus is what the programme page says of a session with these facts.
func expectedStatus(s api.Session, now time.Time) string {
	switch {
	case s.Cancelled:
		return "Gaat niet door"
	case s.EndsAt.Before(now):
		return "Geweest"
	case s.PlacesLeft == nil:
		return "Vrije inloop"
	case *s.PlacesLeft == 1:
		return "Nog 1 plek vrij"
	case *s.PlacesLeft > 1:
		return fmt.Sprintf("Nog %d plekken vrij", *s.PlacesLeft)
	}
	return "Vol"
}

// sqlLog keeps the SQL text of every statement on the app's database.
type sqlLog struct {
	logger.Interface
	mu  sync.Mutex
	sql []string
}

func (l *sqlLog) Trace(ctx context.Context, begin time.Time, fc func() (string, int64), err error) {
	sql, _ := fc()
	l.mu.Lock()
	l.sql = append(l.sql, sql)
	l.mu.Unlock()
	l.Interface.Trace(ctx, begin, fc, err)
}

func (l *sqlLog) during(fn func()) []string {
	l.mu.Lock()
	before := len(l.sql)
	l.mu.Unlock()
	fn()
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.sql[before:]...)
}

// A site polls cheaply: every answer has an ETag and Cache-Control and is open to every
// origin, a preflight is answered, and a conditional GET with the current ETag gets 304
// after one statement on the centres table, never one on sessions, sign-ups or skips.
// A full answer takes a fixed number of statements, however many activities there are.
func TestAPIConditionalGet(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		p := newPublicCentre(t, db)
		log := &sqlLog{Interface: p.s.DB.Logger}
		p.s.DB.Logger = log
		anon := p.s.Client()
		sessions := "/api/v1/centres/" + p.slug + "/sessions?week=2026-W51"
		get := func(path string, header ...string) *apptest.Response {
			t.Helper()
			req := httptest.NewRequest("GET", path, nil)
			for i := 0; i+1 < len(header); i += 2 {
				req.Header.Set(header[i], header[i+1])
			}
			return anon.Do(req)
		}
		for _, path := range p.publicPaths() {
			r := get(path, "Origin", "https://www.gemeente.example")
			etag := r.Header.Get("ETag")
			if !regexp.MustCompile(`^W/"[A-Za-z0-9_-]+"$`).MatchString(etag) || !strings.HasPrefix(r.Header.Get("Cache-Control"), "public, max-age=") {
				t.Errorf("GET %s: ETag %q, Cache-Control %q", path, etag, r.Header.Get("Cache-Control"))
			}
			if strings.HasPrefix(path, "/api/") && (r.Header.Get("Access-Control-Allow-Origin") != "*" || !strings.Contains(r.Header.Get("Access-Control-Expose-Headers"), "Etag") && !strings.Contains(r.Header.Get("Access-Control-Expose-Headers"), "ETag")) {
				t.Errorf("GET %s: CORS headers %v", path, r.Header)
			}
			var again *apptest.Response
			statements := log.during(func() { again = get(path, "If-None-Match", etag) })
			if again.Status != 304 || again.Body != "" || again.Header.Get("ETag") != etag || again.Header.Get("Cache-Control") == "" {
				t.Errorf("GET %s with its ETag: %d %q (ETag %q), want 304 with the same ETag and Cache-Control", path, again.Status, again.Body, again.Header.Get("ETag"))
			}
			if path == "/api/v1/openapi.json" {
				continue
			}
			if len(statements) != 1 || !strings.Contains(statements[0], "centres") {
				t.Errorf("GET %s with its ETag took %d statements, want one on centres: %q", path, len(statements), statements)
			}
			for _, sql := range statements {
				for _, table := range []string{"activity_sessions", "participations", "participation_skips"} {
					if strings.Contains(sql, table) {
						t.Errorf("GET %s with its ETag read %s: %s", path, table, sql)
					}
				}
			}
			if r := get(path, "If-None-Match", `W/"something-else", `+etag); r.Status != 304 {
				t.Errorf("GET %s with a list of ETags that holds it: %d, want 304", path, r.Status)
			}
			if r := get(path, "If-None-Match", `W/"something-else"`); r.Status != 200 {
				t.Errorf("GET %s with another ETag: %d, want 200", path, r.Status)
			}
		}

		pre := httptest.NewRequest("OPTIONS", sessions, nil)
		pre.Header.Set("Origin", "https://www.gemeente.example")
		pre.Header.Set("Access-Control-Request-Method", "GET")
		pre.Header.Set("Access-Control-Request-Headers", "if-none-match")
		r := anon.Do(pre)
		if r.Status != 204 || r.Header.Get("Access-Control-Allow-Origin") != "*" || !strings.Contains(r.Header.Get("Access-Control-Allow-Methods"), "GET") ||
			!strings.Contains(strings.ToLower(r.Header.Get("Access-Control-Allow-Headers")), "if-none-match") {
			t.Errorf("preflight: %d %v", r.Status, r.Header)
		}

		// A fixed number of statements: ten more activities with sessions, the same count.
		count := func() int {
			n := len(log.during(func() { get(sessions) }))
			n += len(log.during(func() { get("/api/v1/centres/" + p.slug + "/activities") }))
			return n
		}
		count() // the week's sessions exist from here on
		before := count()
		for i := range 10 {
			id := p.s.Propose(p.lead, fmt.Sprintf("Extra %d", i), "need_kind_0", "other", "need_description_0", "Koffie")
			p.s.Approve(p.coordinator, id, "5", "weekdays", fmt.Sprint(i%5+1), "start_time", fmt.Sprintf("%02d:00", 8+i), "end_time", fmt.Sprintf("%02d:30", 8+i))
		}
		count()
		if after := count(); after != before {
			t.Errorf("sessions and activities took %d statements with 2 activities, %d with 12", before, after)
		}
	})
}
