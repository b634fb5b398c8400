package bench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"onshuis/app/apptest"
	"onshuis/figures"
	"onshuis/models"
)

// TestKeepMillion builds BenchmarkVisitors' centre with a million visits once and keeps
// its schema as keep1m (replacing an older one), so TestKeptMillionFigures can time the
// figures again and again without seeding for minutes each time (issue 21). Only with
// BENCH_KEEP_1M=1 and TEST_DATABASE_URL:
//
//	BENCH_KEEP_1M=1 go test ./bench -run TestKeepMillion -v -timeout 60m
func TestKeepMillion(t *testing.T) {
	if os.Getenv("BENCH_KEEP_1M") == "" {
		t.Skip()
	}
	f := newFixture(t, apptest.Postgres(t))
	f.seedHistory(t, 1_000_000)
	var schema string
	if err := f.DB.Raw("SELECT current_schema()").Scan(&schema).Error; err != nil {
		t.Fatal(err)
	}
	if err := f.DB.Exec("DROP SCHEMA IF EXISTS keep1m CASCADE").Error; err != nil {
		t.Fatal(err)
	}
	if err := f.DB.Exec("ALTER SCHEMA " + schema + " RENAME TO keep1m").Error; err != nil {
		t.Fatal(err)
	}
	t.Logf("kept %s as keep1m", schema)
}

// stmtTimer counts statements and adds up their time by text.
type stmtTimer struct {
	logger.Interface
	mu  sync.Mutex
	on  bool
	got map[string]time.Duration
	n   int
}

func (s *stmtTimer) Trace(ctx context.Context, begin time.Time, fc func() (string, int64), err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	if s.on {
		sql, _ := fc()
		if len(sql) > 110 {
			sql = sql[:110]
		}
		sql = strings.Join(strings.Fields(sql), " ")
		s.got[sql] += time.Since(begin)
	}
	if err != nil {
		fmt.Println("SQL error", err)
	}
}

// TestKeptMillionFigures times the dashboard's and the year report's figures on the
// schema TestKeepMillion kept: warm (weeks stored), cold (week_figures emptied first),
// and the housekeeping that stores every week, with the statements by time
// (BENCH_KEPT_1M=v). It writes every figure of several weeks and periods as JSON to
// BENCH_FIGURES_OUT, to compare before and after a change byte for byte:
//
//	BENCH_KEPT_1M=v BENCH_FIGURES_OUT=/tmp/after.json go test ./bench -run TestKeptMillionFigures -v
func TestKeptMillionFigures(t *testing.T) {
	base := os.Getenv("TEST_DATABASE_URL")
	if os.Getenv("BENCH_KEPT_1M") == "" || base == "" {
		t.Skip()
	}
	u, _ := url.Parse(base)
	q := u.Query()
	q.Set("search_path", "keep1m")
	u.RawQuery = q.Encode()
	db, err := models.Open(u.String(), models.PoolConfig{}, slog.New(slog.NewTextHandler(io.Discard, nil)), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	if err := models.Migrate(db); err != nil {
		t.Fatal(err)
	}
	timer := &stmtTimer{Interface: db.Logger, got: map[string]time.Duration{}}
	db.Logger = timer
	centre, err := models.DefaultCentre(db)
	if err != nil || centre == nil {
		t.Fatal(err)
	}
	now := apptest.DefaultNow
	loc := centre.Location()
	week := models.WeekOf(now, loc).Add(-1)
	year, _ := figures.ParsePeriod("2026")
	centres := []models.Centre{*centre}
	out := map[string]any{}
	timeit := func(name string, n int, prep func(), fn func() any) {
		var ds []time.Duration
		var res any
		timer.mu.Lock()
		timer.on, timer.got = true, map[string]time.Duration{}
		timer.mu.Unlock()
		for range n {
			if prep != nil {
				prep()
			}
			timer.mu.Lock()
			timer.n = 0
			timer.mu.Unlock()
			t0 := time.Now()
			res = fn()
			ds = append(ds, time.Since(t0))
		}
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		fmt.Printf("%-28s n=%d min %7.1f ms median %7.1f ms max %7.1f ms  stmts %d\n", name, n, ms(ds[0]), ms(ds[len(ds)/2]), ms(ds[len(ds)-1]), timer.n)
		if os.Getenv("BENCH_KEPT_1M") == "v" {
			type kv struct {
				k string
				d time.Duration
			}
			var l []kv
			for k, d := range timer.got {
				l = append(l, kv{k, d})
			}
			sort.Slice(l, func(i, j int) bool { return l[i].d > l[j].d })
			for _, e := range l[:min(8, len(l))] {
				fmt.Printf("    %7.1f ms  %s\n", ms(e.d)/float64(n), e.k)
			}
		}
		out[name] = res
	}
	clear := func() {
		if err := figures.ClearWeekFigures(db); err != nil {
			t.Fatal(err)
		}
	}
	// Warm everything once.
	if _, err := figures.KeepFinishedWeeks(db, now); err != nil {
		t.Fatal(err)
	}
	reps := 5
	timeit("WeekFiguresOf", reps*4, nil, func() any {
		f, err := figures.WeekFiguresOf(db, centre, week, now)
		if err != nil {
			t.Fatal(err)
		}
		return f
	})
	timeit("ReportFiguresOf-warm", reps, nil, func() any {
		f, err := figures.ReportFiguresOf(db, centres, year, 2500, now)
		if err != nil {
			t.Fatal(err)
		}
		return f
	})
	timeit("ReportWithImpact-warm", 3, nil, func() any {
		f, im, err := figures.ReportWithImpactOf(db, centres, year, 2500, now)
		if err != nil {
			t.Fatal(err)
		}
		return []any{f, im}
	})
	timeit("ReportFiguresOf-cold", 3, clear, func() any {
		f, err := figures.ReportFiguresOf(db, centres, year, 2500, now)
		if err != nil {
			t.Fatal(err)
		}
		return f
	})
	// The first report after a start: the process stores the finished weeks and
	// periods a few seconds after it starts (Config.KeepWeeksAfter), so a report finds
	// them in the database, though nothing of it is in the new process.
	keep := func() {
		clear()
		if _, err := figures.KeepFinishedWeeks(db, now); err != nil {
			t.Fatal(err)
		}
	}
	timeit("ReportFiguresOf-first", 3, keep, func() any {
		f, err := figures.ReportFiguresOf(db, centres, year, 2500, now)
		if err != nil {
			t.Fatal(err)
		}
		return f
	})
	timeit("KeepFinishedWeeks-cold", 1, clear, func() any {
		n, err := figures.KeepFinishedWeeks(db, now)
		if err != nil {
			t.Fatal(err)
		}
		return n
	})
	timeit("WeekFiguresOf-cold", 1, clear, func() any {
		f, err := figures.WeekFiguresOf(db, centre, week, now)
		if err != nil {
			t.Fatal(err)
		}
		return f
	})
	// The fixture's visits end with last week; a real week under way has some. In a
	// transaction that is rolled back: Monday to Thursday of this week get the visits of
	// those days a week before, and 100 visitors come for the first time.
	errRollback := errors.New("rolled back")
	err = db.Transaction(func(tx *gorm.DB) error {
		err := tx.Exec(`INSERT INTO visits (centre_id, visited_at, local_date, iso_week, source, visitor_key, is_first, mood_given)
			SELECT centre_id, visited_at + INTERVAL '7 days', TO_CHAR(CAST(local_date AS DATE) + 7, 'YYYY-MM-DD'), ?, source, visitor_key, FALSE, FALSE
			FROM visits WHERE centre_id = ? AND local_date BETWEEN ? AND ?
			UNION ALL SELECT ?, ?, ?, ?, ?, 'a:tail' || CAST(i AS TEXT), TRUE, FALSE FROM generate_series(1, 100) i`,
			week.Next().String(), centre.ID, week.Start().Format(models.Date), week.Start().AddDate(0, 0, 3).Format(models.Date),
			centre.ID, now.UTC(), now.In(loc).Format(models.Date), week.Next().String(), models.SourceQR).Error
		if err != nil {
			return err
		}
		timeit("ReportFiguresOf-tail", reps, nil, func() any {
			f, err := figures.ReportFiguresOf(tx, centres, year, 2500, now)
			if err != nil {
				t.Fatal(err)
			}
			return f
		})
		return errRollback
	})
	if !errors.Is(err, errRollback) {
		t.Fatal(err)
	}
	delete(out, "ReportFiguresOf-tail")
	for _, w := range []int{-1, -2, -10, -30, -60} {
		wk := models.WeekOf(now, loc).Add(w)
		f, err := figures.WeekFiguresOf(db, centre, wk, now)
		if err != nil {
			t.Fatal(err)
		}
		out["week"+wk.String()] = f
	}
	for _, p := range []string{"2025", "2024", "2026-11", "2026-01", "2025-12-29..2026-01-04"} {
		pp, err := figures.ParsePeriod(p)
		if err != nil {
			t.Fatal(err)
		}
		f, err := figures.ReportFiguresOf(db, centres, pp, 2500, now)
		if err != nil {
			t.Fatal(err)
		}
		out["report"+p] = f
	}
	delete(out, "KeepFinishedWeeks-cold")
	delete(out, "ReportFiguresOf-first")
	if os.Getenv("BENCH_FIGURES_OUT") == "" {
		return
	}
	b, _ := json.MarshalIndent(out, "", " ")
	if err := os.WriteFile(os.Getenv("BENCH_FIGURES_OUT"), b, 0o644); err != nil {
		t.Fatal(err)
	}
}
