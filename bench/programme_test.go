package bench

import (
	"bytes"
	"compress/gzip"
	"regexp"
	"strings"
	"testing"

	"onshuis/app/apptest"
	"onshuis/models"
)

var stylesheetLink = regexp.MustCompile(`<link rel="stylesheet" href="([^"]+)"`)

// BenchmarkProgrammePage measures the home page (this week's programme) of a centre
// with 40 weekly activities and 3 years of sessions, over a real TCP connection, in
// steady state: the week's sessions exist already (the fixture created them, and the
// warm-up request would have). Extra columns:
//
//	server-ms/op  time inside the app per request (its request log's duration_ms)
//	queries/op    SQL statements per request
//	html-B, css-B size of the page and of its stylesheet, uncompressed
//
// Sub-benchmarks: a returning anonymous visitor (keeps cookies), a first visit (no
// cookies), a logged-in resident, and 16 anonymous visitors at once.
func BenchmarkProgrammePage(b *testing.B) {
	eachDatabase(b, func(b *testing.B, db apptest.Database) {
		f := newFixture(b, db)

		// Warm up and take the sizes once.
		w := f.browser(b)
		st, page, err := w.get("/")
		if err != nil || st != 200 {
			b.Fatalf("GET /: %d %v", st, err)
		}
		if !strings.Contains(string(page), f.acts[0].Title) {
			b.Fatalf("the programme does not show %q:\n%s", f.acts[0].Title, page)
		}
		m := stylesheetLink.FindSubmatch(page)
		if m == nil {
			b.Fatal("the page links no stylesheet")
		}
		st, css, err := w.get(string(m[1]))
		if err != nil || st != 200 || len(css) == 0 {
			b.Fatalf("GET %s: %d %v", m[1], st, err)
		}
		items := strings.Count(string(page), `<li class="session`)
		b.Logf("GET / : %d sessions listed; HTML %d B (gzip %d B), CSS %d B (gzip %d B), together %d B",
			items, len(page), gzipSize(page), len(css), gzipSize(css), len(page)+len(css))

		f.profile(b, "GET / (returning anonymous visitor)", 200, func() { _, _, _ = w.get("/") })

		report := func(b *testing.B, html int) {
			b.ReportMetric(float64(html), "html-B")
			b.ReportMetric(float64(len(css)), "css-B")
		}
		b.Run("anonymous", func(b *testing.B) {
			w := f.browser(b)
			w.get("/") // gets its CSRF cookie
			html := f.pageLoop(b, func() *browser { return w })
			report(b, html)
		})
		b.Run("first-visit", func(b *testing.B) {
			html := f.pageLoop(b, func() *browser { return f.browser(b) })
			report(b, html)
		})
		b.Run("resident", func(b *testing.B) {
			w := f.browser(b)
			if err := w.login(*f.residents[1].Email); err != nil {
				b.Fatal(err)
			}
			w.get("/")
			html := f.pageLoop(b, func() *browser { return w })
			report(b, html)
		})
		b.Run("anonymous-parallel", func(b *testing.B) {
			b.SetParallelism(8) // 8 × GOMAXPROCS visitors
			f.timing.reset()
			q0 := f.queries.n.Load()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				w := f.browser(b)
				for pb.Next() {
					if st, _, err := w.get("/"); err != nil || st != 200 {
						b.Errorf("GET /: %d %v", st, err)
						return
					}
				}
			})
			b.StopTimer()
			f.reportServer(b, "GET /", f.queries.n.Load()-q0)
			report(b, len(page))
		})

		// The database part alone, without HTTP, middleware and template.
		b.Run("models.Programme", func(b *testing.B) {
			week := models.WeekOf(f.Clock.Now(), f.centre.Location())
			q0 := f.queries.n.Load()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				days, err := models.Programme(f.DB, f.centre, week, "")
				if err != nil || len(days) != 7 {
					b.Fatalf("programme: %v", err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(f.queries.n.Load()-q0)/float64(b.N), "queries/op")
		})
		// One database round trip, for scale: the cheapest statement there is.
		b.Run("SELECT-1", func(b *testing.B) {
			sqlDB, err := f.DB.DB()
			if err != nil {
				b.Fatal(err)
			}
			var one int
			for i := 0; i < b.N; i++ {
				if err := sqlDB.QueryRow("SELECT 1").Scan(&one); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
}

// pageLoop GETs / b.N times with the browser next returns and reports the server time
// and queries per request; it returns the size of the last page.
func (f *fixture) pageLoop(b *testing.B, next func() *browser) int {
	b.Helper()
	f.timing.reset()
	q0 := f.queries.n.Load()
	size := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		st, body, err := next().get("/")
		if err != nil || st != 200 {
			b.Fatalf("GET /: %d %v", st, err)
		}
		size = len(body)
	}
	b.StopTimer()
	f.reportServer(b, "GET /", f.queries.n.Load()-q0)
	return size
}

// reportServer reports the mean server time of the requests to key and the SQL
// statements per op.
func (f *fixture) reportServer(b *testing.B, key string, queries int64) {
	if mean, n := f.timing.mean(key); n > 0 {
		b.ReportMetric(mean, "server-ms/op")
	}
	b.ReportMetric(float64(queries)/float64(b.N), "queries/op")
}

func gzipSize(p []byte) int {
	var buf bytes.Buffer
	z := gzip.NewWriter(&buf)
	_, _ = z.Write(p)
	_ = z.Close()
	return buf.Len()
}
