package bench

import (
	"testing"

	"onshuis/figures"
	"onshuis/models"
)

// BenchmarkImpactReport measures what issue 19 adds to the year report on the centre of
// BenchmarkPrintables (every activity once a week, three years of visits): ImpactOf
// alone (dimensions, costs, health check, MKBA rows), ReportFiguresOf for comparison,
// and the whole PDF request and the report page, which compute both for the year and the
// year before (the summary's change). Extra columns: queries/op, and for http server-ms/op.
func BenchmarkImpactReport(b *testing.B) {
	eachVisitFixture(b, []fixtureOption{oncePerWeek}, func(b *testing.B, f *fixture) {
		now := f.Clock.Now()
		year, err := figures.ParsePeriod("2026")
		if err != nil {
			b.Fatal(err)
		}
		centres := []models.Centre{*f.centre}
		for _, step := range []struct {
			name string
			fn   func() error
		}{
			{"ReportFiguresOf", func() error { _, err := figures.ReportFiguresOf(f.DB, centres, year, hourValue, now); return err }},
			{"ImpactOf", func() error { _, err := figures.ImpactOf(f.DB, centres, year, hourValue, now); return err }},
		} {
			b.Run(step.name, func(b *testing.B) {
				q0 := f.queries.n.Load()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					if err := step.fn(); err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				b.ReportMetric(float64(f.queries.n.Load()-q0)/float64(b.N), "queries/op")
			})
		}
		coordinator := f.coordinator(b)
		b.Run("http", func(b *testing.B) { f.pdfLoop(b, coordinator, "/rapport.pdf?periode=2026") })
		b.Run("page", func(b *testing.B) { f.getLoop(b, coordinator, "/rapport?periode=2026", "text/html") })
	})
}
