package bench

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"onshuis/app/apptest"
	"onshuis/figures"
	"onshuis/models"
)

// keptCentresSchema is where TestKeepMunicipality keeps its installation.
const keptCentresSchema = "keep_centres"

// TestKeepMunicipality builds BenchmarkCentres' installation of twenty centres once and
// keeps its schema as keep_centres (replacing an older one), so that
// TestKeptMunicipality can time and fingerprint the all-centres report again and again
// without seeding each time. Only with BENCH_KEEP_CENTRES=1 and TEST_DATABASE_URL:
//
//	BENCH_KEEP_CENTRES=1 go test ./bench -run TestKeepMunicipality -v -timeout 60m
func TestKeepMunicipality(t *testing.T) {
	if os.Getenv("BENCH_KEEP_CENTRES") == "" {
		t.Skip()
	}
	f := newMunicipality(t, apptest.Postgres(t), municipalityCentres)
	var schema string
	if err := f.DB.Raw("SELECT current_schema()").Scan(&schema).Error; err != nil {
		t.Fatal(err)
	}
	if err := f.DB.Exec("DROP SCHEMA IF EXISTS " + keptCentresSchema + " CASCADE").Error; err != nil {
		t.Fatal(err)
	}
	if err := f.DB.Exec("ALTER SCHEMA " + schema + " RENAME TO " + keptCentresSchema).Error; err != nil {
		t.Fatal(err)
	}
	t.Logf("kept %s as %s", schema, keptCentresSchema)
}

// TestKeptMunicipality serves the app on the schema TestKeepMunicipality kept and
//
//   - writes the all-centres and the default centre's report as every CSV and every
//     figure as JSON (the year, a month, last week's dashboard) into BENCH_CENTRES_OUT,
//     to compare a change byte for byte (diff -r);
//
//   - times the all-centres year report page as the administrator (BENCH_KEPT_CENTRES=n
//     requests, default 5), and with -v shows its statements by time with their plans.
//
//     BENCH_KEPT_CENTRES=5 BENCH_CENTRES_OUT=/tmp/before go test ./bench -run TestKeptMunicipality -v
func TestKeptMunicipality(t *testing.T) {
	base := os.Getenv("TEST_DATABASE_URL")
	if os.Getenv("BENCH_KEPT_CENTRES") == "" || base == "" {
		t.Skip()
	}
	u, _ := url.Parse(base)
	q := u.Query()
	q.Set("search_path", keptCentresSchema)
	u.RawQuery = q.Encode()
	f := &fixture{timing: &serverTiming{}}
	f.Server = apptest.New(t, u.String(), f.config)
	centre, err := models.DefaultCentre(f.DB)
	if err != nil || centre == nil {
		t.Fatalf("no centre in %s: %v", keptCentresSchema, err)
	}
	f.centre = centre
	f.serve(t)
	admin := f.coordinator(t)
	report := "/rapport?periode=" + reportYear + "&centrum=" + allCentres

	if dir := os.Getenv("BENCH_CENTRES_OUT"); dir != "" {
		f.fingerprint(t, admin, dir)
	}

	n := 5
	fmt.Sscan(os.Getenv("BENCH_KEPT_CENTRES"), &n)
	if st, _, err := admin.get(report); err != nil || st != 200 {
		t.Fatalf("GET %s: %d %v", report, st, err)
	}
	var ds []time.Duration
	f.timing.reset()
	q0 := f.queries.n.Load()
	if testing.Verbose() {
		f.startProfile()
	}
	for range n {
		t0 := time.Now()
		if st, _, err := admin.get(report); err != nil || st != 200 {
			t.Fatalf("GET %s: %d %v", report, st, err)
		}
		ds = append(ds, time.Since(t0))
	}
	if testing.Verbose() {
		f.stopProfile(t, "GET "+report, n)
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	mean, _ := f.timing.mean("GET /rapport")
	t.Logf("GET %s ×%d: client min %.1f ms, median %.1f ms, max %.1f ms; server mean %.1f ms; %.1f statements each",
		report, n, ms(ds[0]), ms(ds[len(ds)/2]), ms(ds[len(ds)-1]), mean, float64(f.queries.n.Load()-q0)/float64(n))
}

// fingerprint writes every figure the reports and the dashboard show into dir: each
// CSV of the report for all centres and for the default centre over two periods, and
// the figures themselves as JSON.
func (f *fixture) fingerprint(t *testing.T, w *browser, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	tables := append([]string(nil), reportCSVTables...)
	tables = append(tables, "doelen", "dimensies", "gezondheid", "kosten", "kostenbaten")
	for _, scope := range []string{allCentres, f.centre.Slug} {
		for _, period := range []string{reportYear, "2026-11", "2025"} {
			for _, table := range tables {
				path := fmt.Sprintf("/rapport/%s.csv?periode=%s&centrum=%s", table, period, scope)
				st, body, err := w.get(path)
				if err != nil || st != 200 {
					t.Fatalf("GET %s: %d %v", path, st, err)
				}
				name := fmt.Sprintf("%s-%s-%s.csv", scope, period, table)
				if err := os.WriteFile(filepath.Join(dir, name), body, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	centres, err := models.Centres(f.DB)
	if err != nil {
		t.Fatal(err)
	}
	now := f.Clock.Now()
	out := map[string]any{}
	for _, period := range []string{reportYear, "2026-11"} {
		p, err := figures.ParsePeriod(period)
		if err != nil {
			t.Fatal(err)
		}
		for name, cs := range map[string][]models.Centre{"all": centres, "default": {*f.centre}, "two": centres[:2]} {
			r, im, err := figures.ReportWithImpactOf(f.DB, cs, p, hourValue, now)
			if err != nil {
				t.Fatal(err)
			}
			out["report-"+name+"-"+period] = []any{r, im}
		}
	}
	week := models.WeekOf(now, f.centre.Location()).Add(-1)
	for _, c := range []models.Centre{centres[0], centres[len(centres)-1]} {
		wf, err := figures.WeekFiguresOf(f.DB, &c, week, now)
		if err != nil {
			t.Fatal(err)
		}
		out["week-"+c.Slug] = wf
	}
	b, err := json.MarshalIndent(out, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "figures.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("figures of %s written to %s", strings.Join([]string{allCentres, f.centre.Slug}, " and "), dir)
}
