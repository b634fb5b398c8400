package apptest

import (
	"go/parser"
	"go/token"
	"io"
	"log/slog"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"onshuis/models"
)

// OpenDB opens the database at url (from Database.Fresh) without the app around it,
// and so without its housekeeping, for tests of what models and figures do alone.
func OpenDB(t testing.TB, url string) *gorm.DB {
	t.Helper()
	db, err := models.Open(url, models.PoolConfig{MaxOpenConns: 8}, slog.New(slog.NewTextHandler(io.Discard, nil)), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = models.Close(db) })
	return db
}

// ProjectImports lists the packages of this module that the non-test Go files in dir
// import, for tests that keep a package's promise of what it never imports.
func ProjectImports(t testing.TB, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var out []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		parsed, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range parsed.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if strings.HasPrefix(path, "onshuis/") && !seen[path] {
				seen[path] = true
				out = append(out, path)
			}
		}
	}
	return out
}
