package bench

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"onshuis/api"
	"onshuis/app/apptest"
)

// BenchmarkAPIWeekSessions measures GET /api/v1/centres/{slug}/sessions, this week's
// sessions of the centre as JSON (48 sessions of 40 activities, with places left per
// session), on the same centre as BenchmarkProgrammePage, in steady state (the week's
// sessions exist). Sub-benchmarks: a full answer (200), and a conditional GET with the
// current ETag (304, answered from the centre's row alone). Columns as in
// BenchmarkProgrammePage; json-B is the size of the answer.
func BenchmarkAPIWeekSessions(b *testing.B) {
	eachDatabase(b, func(b *testing.B, db apptest.Database) {
		f := newFixture(b, db)
		path := "/api/v1/centres/" + f.centre.Slug + "/sessions"
		key := "GET " + path
		w := f.browser(b)
		st, body, err := w.get(path)
		if err != nil || st != 200 {
			b.Fatalf("GET %s: %d %v", path, st, err)
		}
		var list api.SessionList
		if err := json.Unmarshal(body, &list); err != nil || len(list.Sessions) == 0 {
			b.Fatalf("GET %s: %v, %d sessions", path, err, len(list.Sessions))
		}
		etag := ""
		req, _ := http.NewRequest(http.MethodGet, f.base+path, nil)
		if resp, err := w.c.Do(req); err == nil {
			etag = resp.Header.Get("ETag")
			resp.Body.Close()
		}
		b.Logf("GET %s: %d sessions, %d B of JSON (gzip %d B), ETag %s", path, len(list.Sessions), len(body), gzipSize(body), etag)
		f.profile(b, key+" (200)", 200, func() { _, _, _ = w.get(path) })

		b.Run("200", func(b *testing.B) {
			f.timing.reset()
			q0 := f.queries.n.Load()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if st, _, err := w.get(path); err != nil || st != 200 {
					b.Fatalf("GET %s: %d %v", path, st, err)
				}
			}
			b.StopTimer()
			f.reportServer(b, key, f.queries.n.Load()-q0)
			b.ReportMetric(float64(len(body)), "json-B")
		})
		conditional := func(b *testing.B) {
			req, _ := http.NewRequest(http.MethodGet, f.base+path, nil)
			req.Header.Set("If-None-Match", etag)
			if st, _, err := w.do(req); err != nil || st != 304 {
				b.Fatalf("GET %s with its ETag: %d %v", path, st, err)
			}
		}
		// What the 304 answer reads: the centre's row, never sessions or sign-ups.
		f.startProfile()
		for range 50 {
			conditional(b)
		}
		f.queries.mu.Lock()
		for sql := range f.queries.stats {
			if strings.Contains(sql, "activity_sessions") || strings.Contains(sql, "participation") {
				b.Errorf("the 304 answer read: %s", sql)
			}
		}
		f.queries.mu.Unlock()
		f.stopProfile(b, key+" (304)", 50)

		b.Run("304", func(b *testing.B) {
			f.timing.reset()
			q0 := f.queries.n.Load()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				conditional(b)
			}
			b.StopTimer()
			f.reportServer(b, key, f.queries.n.Load()-q0)
		})
	})
}
