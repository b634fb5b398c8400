package apptest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// vnuJar is the W3C Nu Html Checker as `npm ci --prefix e2e` installs it (npm package
// vnu-jar), relative to the module root.
const vnuJar = "e2e/node_modules/vnu-jar/build/dist/vnu.jar"

// HTMLPage is one rendered page to validate. Name says where it came from (who asked
// for which URL), so an error can be traced back to the case that made the page.
type HTMLPage struct {
	Name string
	Body string
}

// HTMLError is one error the Nu Html Checker found in a page.
type HTMLError struct {
	Page    string // the page's Name
	Line    int    // where the checker noticed the error
	Column  int
	Message string
	Extract string // the markup around the error
	order   int    // the page's place in the list given
}

func (e HTMLError) String() string {
	return fmt.Sprintf("%s, line %d, column %d: %s\n\t%s", e.Page, e.Line, e.Column, e.Message, strings.Join(strings.Fields(e.Extract), " "))
}

// canary is checked with every run: a page with one known error, so that a run that
// checked nothing (a wrong path, a changed option) cannot pass quietly.
const (
	canaryFile    = "canary.html"
	canaryPage    = `<!DOCTYPE html><html lang="en"><head><title>canary</title></head><body><p id="x"></p><p id="x"></p></body></html>`
	canaryMessage = "Duplicate ID “x”."
)

// ValidateHTML checks every page with one run of the W3C Nu Html Checker (vnu) and
// returns its errors; warnings are left out. One run, because each start of the
// checker costs a second or two. Without Java or the jar the test is skipped, and
// fails under CI=true.
func ValidateHTML(t testing.TB, pages []HTMLPage) []HTMLError {
	t.Helper()
	java := RequireTool(t, "java")
	jar := filepath.Join(moduleRoot(t), vnuJar)
	if _, err := os.Stat(jar); err != nil {
		Unavailable(t, "the Nu Html Checker is not at %s (npm ci --prefix e2e)", jar)
	}

	// Pages that differ only in their CSRF tokens (the same page on both databases)
	// are checked once: each page costs the checker some 20 ms.
	dir := t.TempDir()
	index := map[string]int{}    // file → the first page written to it
	copies := map[string]int{}   // file → how many pages have its markup
	files := map[string]string{} // markup → file
	write := func(file, body string) {
		if err := os.WriteFile(filepath.Join(dir, file), []byte(body), 0o600); err != nil {
			t.Fatalf("vnu: write %s: %v", file, err)
		}
	}
	for i, p := range pages {
		markup := csrfField.ReplaceAllString(p.Body, "")
		if file, ok := files[markup]; ok {
			copies[file]++
			continue
		}
		file := fmt.Sprintf("page-%03d.html", i)
		files[markup], index[file], copies[file] = file, i, 1
		write(file, p.Body)
	}
	write(canaryFile, canaryPage)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, java, "-jar", jar, "--errors-only", "--format", "json", "--stdout", "--exit-zero-always", dir)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("vnu: %v\n%s%s", err, stdout.String(), stderr.String())
	}
	t.Logf("vnu checked %d pages (%d distinct) in %.1f s", len(pages), len(files), time.Since(start).Seconds())
	var out struct {
		Messages []struct {
			URL        string `json:"url"`
			LastLine   int    `json:"lastLine"`
			LastColumn int    `json:"lastColumn"`
			Message    string `json:"message"`
			Extract    string `json:"extract"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		t.Fatalf("vnu: unreadable output (%v):\n%s%s", err, stdout.String(), stderr.String())
	}

	var errs []HTMLError
	canarySeen := false
	for _, m := range out.Messages {
		file := filepath.Base(m.URL)
		if file == canaryFile && m.Message == canaryMessage {
			canarySeen = true
			continue
		}
		e := HTMLError{Page: m.URL, Line: m.LastLine, Column: m.LastColumn, Message: m.Message, Extract: m.Extract, order: len(pages)}
		if i, ok := index[file]; ok {
			e.Page, e.order = pages[i].Name, i
			if n := copies[file] - 1; n > 0 {
				e.Page += fmt.Sprintf(" (and %d more with the same markup)", n)
			}
		} // else a message about the run itself (type "non-document-error")
		errs = append(errs, e)
	}
	if !canarySeen {
		t.Fatalf("vnu did not report the canary page's error: it checked nothing?\n%s%s", stdout.String(), stderr.String())
	}
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].order < errs[j].order })
	return errs
}

// moduleRoot is the folder of go.mod; tests run in their package's folder below it.
func moduleRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = parent
	}
}
