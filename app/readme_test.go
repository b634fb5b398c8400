package app_test

import (
	"fmt"
	"os"
	"path"
	"regexp"
	"strings"
	"testing"

	"onshuis/app"
	"onshuis/store"
)

// The README is what a clone has: it must be true of the code beside it.
func TestReadmeMatchesTheCode(t *testing.T) {
	readme := read(t, "../README.md")

	// Every setting is a row of the table, with its flag, its variable and its default.
	for _, o := range app.Options() {
		row := fmt.Sprintf("| `--%s` | `%s` | ", o[0], o[1])
		if o[2] != "" {
			row += "`" + o[2] + "` |"
		}
		if !strings.Contains(readme, row) {
			t.Errorf("README's configuration table lacks the row %q", row)
		}
	}
	if n := strings.Count(readme, "\n| `--"); n != len(app.Options()) {
		t.Errorf("README's table has %d settings, the code %d", n, len(app.Options()))
	}

	// It stands on its own: no pointers outside the repository.
	if m := regexp.MustCompile(`\.\./[\w./-]+`).FindString(readme); m != "" {
		t.Errorf("README points outside the repository: %s", m)
	}

	// PostgreSQL's second pool is there, with its size.
	if want := fmt.Sprintf("up to %d more for that pool", store.EphemeralMaxConns); !strings.Contains(readme, want) {
		t.Errorf("README does not say %q", want)
	}

	// The Procfile's binary is the one Heroku's Go buildpack builds: go.mod's
	// "+heroku install" line names the root package, whose binary is named after the module.
	gomod := read(t, "../go.mod")
	module := regexp.MustCompile(`(?m)^module (\S+)`).FindStringSubmatch(gomod)
	install := regexp.MustCompile(`(?m)^// \+heroku install (.+)$`).FindStringSubmatch(gomod)
	if module == nil || install == nil || strings.TrimSpace(install[1]) != "." {
		t.Fatalf("go.mod: module %v, +heroku install %v; want the root package installed", module, install)
	}
	procfile := read(t, "../Procfile")
	if want := "web: bin/" + path.Base(module[1]) + " "; !strings.HasPrefix(procfile, want) {
		t.Errorf("Procfile %q does not start with %q", procfile, want)
	}
}

func read(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
