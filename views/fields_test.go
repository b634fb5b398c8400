package views_test

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/nicksnyder/go-i18n/v2/i18n"

	"onshuis/views"
)

// Every field of a form with an error summary has a name for that summary, in both
// languages, so no summary line says only "Vul dit in." without saying where.
func TestEveryFormFieldHasASummaryName(t *testing.T) {
	bundle, err := views.NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	fieldID := regexp.MustCompile(`"Name" "([a-z_]+)"|id="f-([a-z_]+)"`)
	include := regexp.MustCompile(`template "(partials/[a-z_]+)"`)
	source := func(name string) string {
		b, err := fs.ReadFile(views.Files, name+".html")
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	pages, err := fs.Glob(views.Files, "*/*.html")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, file := range pages {
		page := strings.TrimSuffix(file, ".html")
		body := source(page)
		if !strings.Contains(body, `"partials/error_summary"`) {
			continue
		}
		for _, m := range include.FindAllStringSubmatch(body, -1) { // the fields a partial brings along
			if m[1] != "partials/error_summary" {
				body += source(m[1])
			}
		}
		for _, lang := range views.Languages {
			l := i18n.NewLocalizer(bundle, lang)
			for _, m := range fieldID.FindAllStringSubmatch(body, -1) {
				field := m[1] + m[2]
				if field == "q" { // a search box: never has an error
					continue
				}
				checked++
				if views.FieldName(l, page, field) == "" {
					t.Errorf("%s (%s): field %q has no name for the error summary (add field.%s)", page, lang, field, field)
				}
			}
		}
	}
	if checked < 50 {
		t.Errorf("only %d fields checked", checked)
	}
}

func TestSummaryLine(t *testing.T) {
	bundle, err := views.NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	nl := i18n.NewLocalizer(bundle, "nl")
	for _, tc := range []struct{ page, field, message, want string }{
		{"proposals/form", "title", "Vul dit in.", "Naam van de activiteit: vul dit in."},
		{"volunteers/activity", "name", "Vul dit in.", "Taak: vul dit in."},
		{"auth/register", "name", "Vul dit in.", "Naam: vul dit in."},
		{"volunteers/hours", "hours_12", "Vul een aantal uren in.", "Uren: vul een aantal uren in."},
		{"coordinator/accounts", "pw-3", "Te kort.", "Nieuw wachtwoord: te kort."},
		{"auth/register", "email", "E-mail ontbreekt.", "E-mailadres: E-mail ontbreekt."},
		{"auth/register", "unknown", "Vul dit in.", "Vul dit in."},
	} {
		if got := views.SummaryLine(nl, tc.page, tc.field, tc.message); got != tc.want {
			t.Errorf("SummaryLine(%s, %s) = %q, want %q", tc.page, tc.field, got, tc.want)
		}
	}
}

// The summary lists the errors in the order of the form, not alphabetically.
func TestSummaryItemsFollowTheForm(t *testing.T) {
	errs := map[string]string{"decision": "a", "healthier": "b", "lowers_threshold": "c", "more_collective": "d", "start_time": "e", "room_id": "f"}
	var got []string
	for _, it := range views.SummaryItems("review/form", errs) {
		got = append(got, it.Field)
	}
	want := "lowers_threshold more_collective healthier decision room_id start_time"
	if strings.Join(got, " ") != want {
		t.Errorf("order %v, want %s", got, want)
	}
	got = nil
	for _, it := range views.SummaryItems("volunteers/hours", map[string]string{"hours_12": "a", "hours_3": "b"}) {
		got = append(got, it.Field)
	}
	if len(got) != 2 {
		t.Errorf("hours: %v", got)
	}
}
