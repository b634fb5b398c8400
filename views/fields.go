package views

import (
	"strings"
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
	base := strings.TrimRight(field, "0123456789")
	if base != field {
		base = strings.TrimRight(base, "_-")
	}
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
