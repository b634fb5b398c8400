package bench

import (
	"os"
	"path/filepath"
	"testing"
)

// reportCSVTables are the report's seven CSV downloads.
var reportCSVTables = []string{"samenvatting", "weken", "themas", "activiteiten", "vrijwilligers", "betrokkenheid", "welzijn"}

// BenchmarkReportCSVs writes the report's seven CSVs for the year 2026 of the printables
// fixture (three years of visits, every activity once a week) into the folder named by
// REPORT_CSV_DIR, one subfolder per database and volume. It measures nothing: it is the
// figures' fingerprint, to compare byte for byte before and after moving code around.
//
//	REPORT_CSV_DIR=/tmp/before go test ./bench/ -run '^$' -bench 'ReportCSVs/sqlite/350'
func BenchmarkReportCSVs(b *testing.B) {
	dir := os.Getenv("REPORT_CSV_DIR")
	if dir == "" {
		b.Skip("REPORT_CSV_DIR not set")
	}
	eachVisitFixture(b, []fixtureOption{oncePerWeek}, func(b *testing.B, f *fixture) {
		coordinator := f.coordinator(b)
		out := filepath.Join(dir, filepath.Base(filepath.Dir(b.Name()))+"-"+filepath.Base(b.Name()))
		if err := os.MkdirAll(out, 0o755); err != nil {
			b.Fatal(err)
		}
		for _, table := range reportCSVTables {
			st, body, err := coordinator.get("/rapport/" + table + ".csv?periode=2026")
			if err != nil || st != 200 {
				b.Fatalf("GET %s.csv: %d %v", table, st, err)
			}
			if err := os.WriteFile(filepath.Join(out, table+".csv"), body, 0o644); err != nil {
				b.Fatal(err)
			}
		}
	})
}
