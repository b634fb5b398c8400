// Package apptest builds the application on a fresh database for tests and drives it
// through HTTP like a browser would. Every database test runs on SQLite and, when
// TEST_DATABASE_URL is set, on PostgreSQL too.
package apptest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver to create and drop test schemas
)

// Database is one kind of database a test runs on.
type Database struct {
	Name string // "sqlite" or "postgres"
	// Fresh returns the address of a new, empty database for t.
	Fresh func(t testing.TB) string
}

// Databases are the databases every database test runs on. Under CI=true a missing
// TEST_DATABASE_URL fails the test instead of quietly skipping PostgreSQL.
func Databases(t testing.TB) []Database {
	dbs := []Database{{Name: "sqlite", Fresh: freshSQLite}}
	if base := os.Getenv("TEST_DATABASE_URL"); base != "" {
		dbs = append(dbs, Database{Name: "postgres", Fresh: func(t testing.TB) string { return freshPostgres(t, base) }})
	} else if os.Getenv("CI") == "true" {
		t.Fatal("CI=true but TEST_DATABASE_URL is not set: the PostgreSQL tests cannot run")
	}
	return dbs
}

// Postgres returns the PostgreSQL database, or skips the test when there is none
// (and fails it under CI=true). For tests that only mean something on PostgreSQL,
// such as many goroutines racing for the last places.
func Postgres(t testing.TB) Database {
	for _, db := range Databases(t) {
		if db.Name == "postgres" {
			return db
		}
	}
	t.Skip("TEST_DATABASE_URL is not set; this test needs PostgreSQL")
	return Database{}
}

// Each runs fn once per database, as subtests named after the database.
func Each(t *testing.T, fn func(t *testing.T, db Database)) {
	for _, db := range Databases(t) {
		t.Run(db.Name, func(t *testing.T) { fn(t, db) })
	}
}

func freshSQLite(t testing.TB) string {
	return "sqlite:" + filepath.Join(t.TempDir(), "test.db")
}

// freshPostgres creates a schema of its own for the test and points search_path at it,
// so tests can run in parallel on one database; the schema is dropped afterwards.
func freshPostgres(t testing.TB, base string) string {
	schema := "t_" + strings.ToLower(rand.Text()[:16])
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("postgres: open %s: %v", base, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		t.Fatalf("postgres: create schema: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Logf("postgres: drop schema %s: %v", schema, err)
		}
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("postgres: TEST_DATABASE_URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// RequireTool returns the path of a command-line tool the test needs (pdftotext,
// zbarimg, java …). Without it the test is skipped, except under CI=true (see Unavailable).
func RequireTool(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		Unavailable(t, "%s is not installed", name)
	}
	return path
}

// Unavailable stops a test that lacks something it needs (a tool, a file, a service):
// on a developer machine it is skipped, under CI=true it fails, because CI must install
// what the tests use.
func Unavailable(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI=true: %s; CI must install it", msg)
	}
	t.Skip(msg)
}
