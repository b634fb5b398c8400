package views

import (
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// FieldName is the short name of a form field for the error summary at the top of a
// form: "Naam" in "Naam: vul dit in". Every form's summary takes its names from here,
// so a new field needs only its translation "field.<name>". The number that tells
// repeated fields apart (hours_12, pw-3) is left out of the key. A page on which a
// field name means something else has its own translation, "field.<page>.<name>",
// with the page's template name dotted: "field.volunteers.activity.name" is the task
// of a volunteer role, not a person's name.
func FieldName(l *i18n.Localizer, page, field string) string {
	base := fieldBase(field)
	for _, id := range []string{"field." + strings.ReplaceAll(page, "/", ".") + "." + base, "field." + base} {
		if s := T(l, id); s != id {
			return s
		}
	}
	return ""
}

// SummaryLine is one line of a form's error summary: the field's name and the
// message, "Naam: vul dit in." (the message's first letter in lower case after the
// name), or the message alone for a field without a name.
func SummaryLine(l *i18n.Localizer, page, field, message string) string {
	name := FieldName(l, page, field)
	if name == "" {
		return message
	}
	return T(l, "form.summary_line", "Field", name, "Message", lowerFirst(message))
}

// lowerFirst puts the first letter in lower case, unless the word is all capitals or
// a letter with a hyphen ("E-mail"), which keep their case.
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	next, _ := utf8.DecodeRuneInString(s[n:])
	if !unicode.IsUpper(r) || !unicode.IsLower(next) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// fieldBase is a field's name without the number of a repeated field: hours_12 → hours.
func fieldBase(field string) string {
	base := strings.TrimRight(field, "0123456789")
	if base != field || strings.HasSuffix(base, "_") || strings.HasSuffix(base, "-") {
		base = strings.TrimRight(base, "_-")
	}
	return base
}

// SummaryItem is one line of an error summary: the field and its message id.
type SummaryItem struct{ Field, Message string }

// SummaryItems orders a form's errors as its fields stand on the page, so the summary
// reads from top to bottom like the form (a map would list them alphabetically).
// Fields the page does not name come last.
func SummaryItems(page string, errs map[string]string) []SummaryItem {
	order := fieldOrder()[page]
	pos := func(field string) int {
		if i := slices.Index(order, fieldBase(field)); i >= 0 {
			return i
		}
		return len(order)
	}
	items := make([]SummaryItem, 0, len(errs))
	for f, m := range errs {
		items = append(items, SummaryItem{f, m})
	}
	slices.SortFunc(items, func(a, b SummaryItem) int {
		if d := pos(a.Field) - pos(b.Field); d != 0 {
			return d
		}
		return strings.Compare(a.Field, b.Field)
	})
	return items
}

var (
	fieldRef    = regexp.MustCompile(`"Name" "([a-z_]+)"|id="f-([a-z_-]+)`)
	includeCall = regexp.MustCompile(`\{\{-?\s*template "(partials/[a-z_]+)"[^}]*\}\}`)
)

// fieldOrder lists, per page, its form fields in the order they appear, read once from
// the templates themselves (partials counted where they are included).
var fieldOrder = sync.OnceValue(func() map[string][]string {
	source := func(name string) string {
		b, _ := fs.ReadFile(Files, name+".html")
		return string(b)
	}
	var expand func(body string, depth int) string
	expand = func(body string, depth int) string {
		if depth > 3 {
			return body
		}
		return includeCall.ReplaceAllStringFunc(body, func(call string) string {
			// The call names the field ("Name" "title"), the partial may name more.
			return call + expand(source(includeCall.FindStringSubmatch(call)[1]), depth+1)
		})
	}
	out := map[string][]string{}
	pages, _ := fs.Glob(Files, "*/*.html")
	for _, file := range pages {
		page := strings.TrimSuffix(file, ".html")
		var fields []string
		for _, m := range fieldRef.FindAllStringSubmatch(expand(source(page), 0), -1) {
			if f := fieldBase(m[1] + m[2]); f != "" && !slices.Contains(fields, f) {
				fields = append(fields, f)
			}
		}
		out[page] = fields
	}
	return out
})
