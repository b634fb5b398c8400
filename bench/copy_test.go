package bench

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"onshuis/app/apptest"
	"onshuis/backup"
	"onshuis/models"
)

// TestCopyBenchFixtureToPostgres moves the benchmarks' centre (three years of 40 weekly
// activities, 7,920 sessions, 400 residents, 54,600 visits with their links to sessions,
// wellbeing answers and volunteer hours) from SQLite into an empty PostgreSQL database
// with backup.Copy, as "onshuis copy --to" does, which itself compares the row count of
// every table and the report figures of every finished month. Then a partner's view is
// compared as the app serves it: every report CSV of the three years, of a quarter and
// of the last three months, and the visitor CSV, byte for byte. The copy takes new rows.
// It is a test, not a benchmark: it runs with go test ./... (about half a minute).
func TestCopyBenchFixtureToPostgres(t *testing.T) {
	pg := apptest.Postgres(t)
	f := newFixture(t, apptest.Databases(t)[0])
	f.seedHistory(t, visitVolumes[0].total)

	target := pg.Fresh(t)
	dst, err := models.Open(target, models.PoolConfig{MaxOpenConns: 2}, slog.New(slog.NewTextHandler(io.Discard, nil)), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	sum, err := backup.Copy(context.Background(), f.DB, dst, backup.CopyOptions{HourValueCents: f.Config.VolunteerHourValueCents, Now: f.Clock.Now()})
	models.Close(dst)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("copied %d tables, %d rows in %s; report figures of %d months compared", sum.Tables, sum.Rows, time.Since(start).Round(time.Millisecond), sum.Months)
	if sum.Months < 36 || sum.Rows < 100_000 {
		t.Errorf("the copy compared %d months and moved %d rows: less than the fixture holds", sum.Months, sum.Rows)
	}

	moved := apptest.New(t, target)
	there := moved.Login(coordinatorEmail)
	here := f.coordinator(t)
	paths := []string{"/coordinator/bezoekers.csv"}
	for _, period := range []string{"2024", "2025", "2026", "2026-Q3", "2026-09", "2026-10", "2026-11"} {
		for _, table := range []string{"samenvatting", "weken", "themas", "activiteiten", "vrijwilligers", "betrokkenheid", "welzijn"} {
			paths = append(paths, "/rapport/"+table+".csv?periode="+period)
		}
	}
	for _, p := range paths {
		st, want, err := here.get(p)
		if err != nil || st != 200 {
			t.Fatalf("GET %s on SQLite: %d %v", p, st, err)
		}
		got := there.Get(p)
		if got.Status != 200 || got.Body != string(want) {
			t.Errorf("%s differs on PostgreSQL:\nSQLite:     %.400s\nPostgreSQL: %.400s", p, want, got.Body)
		}
	}

	// New rows get ids after the copied ones.
	resident := moved.Register("Nieuwe Bewoner", "nieuw@bench.example")
	moved.Propose(resident, "Nieuwe activiteit")
	var door string
	moved.DB.Raw("SELECT door_code FROM centres LIMIT 1").Scan(&door)
	if r := resident.Submit("/checkin/"+door, "/checkin/"+door, apptest.Form("mood", "7")); r.Status != 303 {
		t.Errorf("check-in on the copy: %d", r.Status)
	}
}
