package models_test

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"onshuis/app/apptest"
	"onshuis/models"
)

func open(t *testing.T, url string) *gorm.DB {
	t.Helper()
	return apptest.OpenDB(t, url)
}

// Running the migrations on a database that has them keeps its data and changes nothing.
func TestMigrateKeepsData(t *testing.T) {
	apptest.Each(t, func(t *testing.T, kind apptest.Database) {
		url := kind.Fresh(t)
		db := open(t, url)
		if err := models.Migrate(db); err != nil {
			t.Fatal(err)
		}
		c := models.Centre{Name: "Ons Huis", Slug: "ons-huis", TimeZone: models.DefaultTimeZone, DoorCode: models.NewDoorCode()}
		if err := db.Create(&c).Error; err != nil {
			t.Fatal(err)
		}
		// A second process starting on the same database.
		db2 := open(t, url)
		if err := models.Migrate(db2); err != nil {
			t.Fatalf("second migrate: %v", err)
		}
		got, err := models.CentreBySlug(db2, "ons-huis")
		if err != nil || got == nil || got.DoorCode != c.DoorCode {
			t.Errorf("centre after second migrate: %+v %v", got, err)
		}
		v, err := models.SchemaVersion(db2)
		if err != nil || v < 1 {
			t.Errorf("schema version %d %v", v, err)
		}
	})
}

func TestNormalise(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{" Henk@Example.NL ", "henk@example.nl", true},
		{"henk@localhost", "", false},
		{"Henk <henk@example.nl>", "", false},
		{"geen-adres", "", false},
	} {
		got, ok := models.NormaliseEmail(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("NormaliseEmail(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	if got := models.Slugify("Ons Huis van de Wijk – Café Zoë!"); got != "ons-huis-van-de-wijk-cafe-zoe" {
		t.Errorf("Slugify: %q", got)
	}
}

// Failed statements are logged once with their SQL; statements that work are not.
func TestSQLLogKeepsFailuresOnly(t *testing.T) {
	apptest.Each(t, func(t *testing.T, kind apptest.Database) {
		var buf bytes.Buffer
		db, err := models.Open(kind.Fresh(t), models.PoolConfig{MaxOpenConns: 2}, slog.New(slog.NewJSONHandler(&buf, nil)), time.Now)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = models.Close(db) })
		var n int
		if err := db.Raw("SELECT 1").Scan(&n).Error; err != nil || n != 1 {
			t.Fatalf("SELECT 1: %d %v", n, err)
		}
		if buf.Len() != 0 {
			t.Errorf("a statement that worked was logged: %s", buf.String())
		}
		if err := db.Exec("SELECT * FROM no_such_table WHERE id = ?", 4242424).Error; err == nil {
			t.Fatal("query on a missing table worked")
		}
		if got := buf.String(); !strings.Contains(got, "no_such_table WHERE id = ") || !strings.Contains(got, `"level":"ERROR"`) {
			t.Errorf("failed statement not logged with its SQL: %s", got)
		}
		if got := buf.String(); strings.Contains(got, "4242424") {
			t.Errorf("failed statement logged with its value (what a user typed): %s", got)
		}
		buf.Reset()
		if err := db.Debug().Raw("SELECT 2").Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), "SELECT 2") {
			t.Errorf("db.Debug() did not log the statement: %q", buf.String())
		}
	})
}
