package bench

import (
	"io"
	"log/slog"
	"testing"
	"time"

	"onshuis/app/apptest"
	"onshuis/models"
	"onshuis/public"
	"onshuis/views"
)

// BenchmarkStartParts measures, one by one, the work a process does before it can
// answer its first request (issue 21): the translations, the templates, the static
// files (hash and minified stylesheet) and the schema check on a database that is
// already up to date. bench/load/start measures the whole start, exec to first answer.
func BenchmarkStartParts(b *testing.B) {
	b.Run("translations", func(b *testing.B) {
		for b.Loop() {
			if _, err := views.NewBundle(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("templates", func(b *testing.B) {
		for b.Loop() {
			if _, err := views.NewEngine(func(p string) string { return p }); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("static", func(b *testing.B) {
		for b.Loop() {
			if _, err := public.Static(); err != nil {
				b.Fatal(err)
			}
			if _, err := public.Version(); err != nil {
				b.Fatal(err)
			}
		}
	})
	eachDatabase(b, func(b *testing.B, db apptest.Database) {
		url := db.Fresh(b)
		gdb, err := models.Open(url, models.PoolConfig{}, slog.New(slog.NewTextHandler(io.Discard, nil)), time.Now)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = models.Close(gdb) })
		if err := models.Migrate(gdb); err != nil {
			b.Fatal(err)
		}
		b.Run("open", func(b *testing.B) {
			for b.Loop() {
				db, err := models.Open(url, models.PoolConfig{}, slog.New(slog.NewTextHandler(io.Discard, nil)), time.Now)
				if err != nil {
					b.Fatal(err)
				}
				_ = models.Close(db)
			}
		})
		b.Run("migrate-current", func(b *testing.B) {
			for b.Loop() {
				if err := models.Migrate(gdb); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
}
