package handlers_test

import (
	"encoding/json"
	"strings"
	"testing"

	"onshuis/app"
	"onshuis/app/apptest"
)

// Every request is logged once, at info, with its method, path, status, the server's
// time and the id the answer carries in X-Request-Id: a page kept for anonymous
// visitors, a check-in, a page that does not exist and a form refused for its token.
// The health check and static files are logged at debug only.
func TestEveryRequestLogged(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		log := &syncBuffer{}
		s := apptest.Fresh(t, db, func(c *app.Config) { c.LogOutput, c.LogFormat = log, "json" })
		s.Setup()
		visitor := s.Client()
		visitor.Get("/") // rendered and kept; the next views are the kept page
		code := doorCode(t, s)
		phone := s.Client()
		phone.Get("/checkin/" + code)
		type request struct {
			method, path string
			do           func() *apptest.Response
			status       int
		}
		for _, rq := range []request{
			{"GET", "/", func() *apptest.Response { return visitor.Get("/") }, 200},
			{"GET", "/", func() *apptest.Response { return s.Client().Get("/") }, 200},
			{"POST", "/checkin/" + code, func() *apptest.Response { return phone.PostWithToken("/checkin/"+code, nil) }, 303},
			{"GET", "/bestaat-niet", func() *apptest.Response { return visitor.Get("/bestaat-niet") }, 404},
			{"POST", "/inloggen", func() *apptest.Response { return s.Client().Post("/inloggen", apptest.Form("_csrf", "vals")) }, 403},
			{"GET", "/healthz", func() *apptest.Response { return visitor.Get("/healthz") }, 200},
		} {
			before := len(log.String())
			r := rq.do()
			if r.Status != rq.status {
				t.Fatalf("%s %s: got %d, want %d", rq.method, rq.path, r.Status, rq.status)
			}
			id := r.Header.Get("X-Request-Id")
			if len(id) != 10 {
				t.Errorf("%s %s: X-Request-Id %q", rq.method, rq.path, id)
			}
			var lines []map[string]any
			for _, line := range strings.Split(strings.TrimSpace(log.String()[before:]), "\n") {
				var l map[string]any
				if json.Unmarshal([]byte(line), &l) == nil && l["msg"] == "request" {
					lines = append(lines, l)
				}
			}
			if rq.path == "/healthz" {
				if len(lines) != 0 {
					t.Errorf("the health check is logged at info: %v", lines)
				}
				continue
			}
			if len(lines) != 1 {
				t.Fatalf("%s %s: %d request lines, want 1:\n%s", rq.method, rq.path, len(lines), log.String()[before:])
			}
			l := lines[0]
			if l["level"] != "INFO" || l["method"] != rq.method || l["path"] != rq.path || l["status"] != float64(rq.status) || l["request_id"] != id {
				t.Errorf("%s %s: logged %v, want status %d and request id %q", rq.method, rq.path, l, rq.status, id)
			}
			if d, ok := l["duration_ms"].(float64); !ok || d < 0 {
				t.Errorf("%s %s: duration_ms %v", rq.method, rq.path, l["duration_ms"])
			}
		}
	})
}
