package backup

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"onshuis/models"
)

func sqliteDB(t *testing.T, name string) *gorm.DB {
	t.Helper()
	db, err := models.Open("sqlite:"+filepath.Join(t.TempDir(), name), models.PoolConfig{MaxOpenConns: 2}, slog.New(slog.DiscardHandler), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = models.Close(db) })
	return db
}

// The copy's check of the figures sees a difference that the row counts do not: the
// same number of visits, one of them moved to another week.
func TestSameFiguresSeesADifference(t *testing.T) {
	src := sqliteDB(t, "src.db")
	if err := models.Migrate(src); err != nil {
		t.Fatal(err)
	}
	email := "carla@example.nl"
	if _, err := models.CompleteSetup(src, models.SetupInput{CentreName: "Ons Huis", Name: "Carla", Email: &email, PasswordHash: "x", Language: "nl"}); err != nil {
		t.Fatal(err)
	}
	centre, err := models.DefaultCentre(src)
	if err != nil || centre == nil {
		t.Fatal(centre, err)
	}
	for i, day := range []string{"2026-10-05", "2026-10-06", "2026-10-13", "2026-10-20"} {
		at, _ := time.ParseInLocation("2006-01-02 15:04", day+" 10:00", centre.Location())
		key := []string{"a:een", "a:twee", "a:een", "a:drie"}[i]
		if _, err := models.RecordCheckIn(src, models.CheckIn{Centre: centre, At: at, Source: models.SourceQR, VisitorKey: key, Mood: 7}); err != nil {
			t.Fatal(err)
		}
	}
	opt := CopyOptions{HourValueCents: 1500, Now: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)}
	dst := sqliteDB(t, "dst.db")
	sum, err := Copy(context.Background(), src, dst, opt)
	if err != nil || sum.Months != 1 {
		t.Fatalf("copy: %+v %v; want October (November is not over)", sum, err)
	}
	// Identical: the check passes.
	if _, err := sameFigures(src, dst, opt); err != nil {
		t.Fatal(err)
	}
	dst.Exec("UPDATE visits SET iso_week = ? WHERE local_date = ?", "2026-W43", "2026-10-13")
	dst.Exec("DELETE FROM week_figures")
	if _, err := sameFigures(src, dst, opt); err == nil || !strings.Contains(err.Error(), "2026-10") {
		t.Errorf("a visit in another week: %v, want the figures of 2026-10 to differ", err)
	}
}
