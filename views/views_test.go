package views_test

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"

	"onshuis/views"
)

func messages(t *testing.T, lang string) map[string]any {
	t.Helper()
	b, err := views.Files.ReadFile("i18n/" + lang + ".json")
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]any{}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s.json: %v", lang, err)
	}
	return m
}

// Every message exists in both languages, and every message id the code or the
// templates use exists: a missing one would show its id to a visitor.
func TestTranslationsComplete(t *testing.T) {
	nl, en := messages(t, "nl"), messages(t, "en")
	for id := range nl {
		if _, ok := en[id]; !ok {
			t.Errorf("%s has no English text", id)
		}
	}
	for id := range en {
		if _, ok := nl[id]; !ok {
			t.Errorf("%s has no Dutch text", id)
		}
	}
	prefixes := map[string]bool{}
	for id := range nl {
		prefixes[id[:strings.IndexByte(id, '.')]] = true
	}
	literal := regexp.MustCompile(`"([a-z_]+)\.([a-z0-9_.]+)"`)
	root := ".."
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if !strings.HasSuffix(path, ".html") && !(strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go")) {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range literal.FindAllStringSubmatch(string(b), -1) {
			id := m[1] + "." + m[2]
			if !prefixes[m[1]] || strings.HasSuffix(id, ".") || strings.HasSuffix(id, "_") || strings.HasSuffix(id, ".go") || strings.HasSuffix(id, ".html") {
				continue
			}
			if _, ok := nl[id]; !ok {
				t.Errorf("%s uses message %q, which is not in nl.json", path, id)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestTemplatesParse(t *testing.T) {
	if _, err := views.NewEngine(func(s string) string { return "/static/" + s }); err != nil {
		t.Fatal(err)
	}
}

func TestDutchFormats(t *testing.T) {
	bundle, err := views.NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	nl := i18n.NewLocalizer(bundle, "nl")
	en := i18n.NewLocalizer(bundle, "en")
	d := time.Date(2026, 11, 23, 14, 5, 0, 0, time.UTC)
	for _, tc := range []struct{ got, want string }{
		{views.LongDate(nl, d), "maandag 23 november 2026"},
		{views.LongDate(en, d), "Monday 23 November 2026"},
		{views.T(nl, "header.week", "Week", 53), "Week 53"},
		{views.T(nl, "no.such.message"), "no.such.message"},
		{views.MonthLabel(nl, "2026-09"), "september 2026"},
		{views.MonthLabel(en, "2026-09"), "September 2026"},
		{views.MonthLabel(nl, "2026"), "2026"},
		{views.InputType("date", "2026-12-01"), "date"},
		{views.InputType("date", "1 december"), "text"},
		{views.InputType("date", ""), "date"},
		{views.InputType("time", "9:30"), "text"},
		{views.InputType("time", "09:30"), "time"},
		{views.InputType("", "x"), "text"},
		{views.InputType("email", "x"), "email"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

// Up to 16 bars show every number and label; a year of weeks shows one label in three
// and only the tallest bar's number, so they do not run into each other.
func TestBarChartStaysLegible(t *testing.T) {
	count := func(c views.Chart) (values, labels int) {
		for _, b := range c.Bars {
			if b.ShowValue {
				values++
			}
			if b.ShowLabel {
				labels++
			}
		}
		return values, labels
	}
	labels := make([]string, 48)
	values := make([]int, 48)
	for i := range values {
		labels[i], values[i] = fmt.Sprint(i+1), i%7
	}
	values[20] = 99
	if v, l := count(views.BarChart("jaar", labels, values)); v != 1 || l != 16 {
		t.Errorf("48 bars: %d numbers and %d labels shown, want 1 and 16", v, l)
	}
	if v, l := count(views.BarChart("trend", labels[:12], values[:12])); v != 12 || l != 12 {
		t.Errorf("12 bars: %d numbers and %d labels shown, want all 12", v, l)
	}
}
