package views

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"

	"onshuis/format"
)

var weekdayIDs = [7]string{"day.sunday", "day.monday", "day.tuesday", "day.wednesday", "day.thursday", "day.friday", "day.saturday"}

var monthIDs = [12]string{"month.january", "month.february", "month.march", "month.april", "month.may", "month.june",
	"month.july", "month.august", "month.september", "month.october", "month.november", "month.december"}

// Names are the translated names of weekdays and months for the localizer's
// language, for the date formats of package format.
func Names(l *i18n.Localizer) format.Names { return names{l} }

type names struct{ l *i18n.Localizer }

func (n names) Weekday(d time.Weekday) string { return T(n.l, weekdayIDs[d]) }
func (n names) Month(m time.Month) string     { return T(n.l, monthIDs[m-1]) }

// WeekdayName is the translated name of a weekday ("maandag").
func WeekdayName(l *i18n.Localizer, d time.Weekday) string { return T(l, weekdayIDs[d]) }

// MonthName is the translated name of a month ("november").
func MonthName(l *i18n.Localizer, m time.Month) string { return T(l, monthIDs[m-1]) }

// LongDate is "maandag 23 november 2026"; the time must already be in the centre's zone.
func LongDate(l *i18n.Localizer, t time.Time) string { return format.LongDate(Names(l), t) }

// ShortDate is day and month: "23 november".
func ShortDate(l *i18n.Localizer, t time.Time) string { return format.DayMonth(Names(l), t) }

// InputType is the type of an input that shows value: a date or time field sent back
// with text it cannot hold (typed in a browser without a date picker) becomes a text
// field, so the text stays in view to be corrected and the page stays valid HTML.
func InputType(kind, value string) string {
	layout := map[string]string{"date": "2006-01-02", "time": "15:04"}[kind]
	switch {
	case kind == "":
		return "text"
	case layout == "" || value == "":
		return kind
	}
	if _, err := time.Parse(layout, value); err != nil || len(value) != len(layout) {
		return "text"
	}
	return kind
}

// asString is a template value as text; a key missing from a dict is empty.
func asString(v any) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

// MonthLabel shows a month code such as "2026-09" as "september 2026"; anything else
// is shown as it is.
func MonthLabel(l *i18n.Localizer, code string) string { return format.MonthCode(Names(l), code) }

func funcs(assetURL func(string) string) template.FuncMap {
	return template.FuncMap{
		"t":          T,
		"asset":      assetURL,
		"weekday":    WeekdayName,
		"month":      MonthName,
		"longDate":   LongDate,
		"shortDate":  ShortDate,
		"clock":      format.Clock,
		"weekLabel":  format.WeekLabel,
		"monthLabel": MonthLabel,
		// dateCode shows a stored local date ("2026-11-12") as "12 november 2026".
		"dateCode": func(l *i18n.Localizer, code string) string { return format.DateCode(Names(l), code) },
		"amount":   func(n any) string { return format.Amount(toInt64(n)) },
		"neg":      func(n int64) int64 { return -n },
		"deref": func(p *string) string {
			if p == nil {
				return ""
			}
			return *p
		},
		"inputType":  func(kind, value any) string { return InputType(asString(kind), asString(value)) },
		"number":     func(n any) string { return format.Number(toInt64(n)) },
		"decimal":    format.Decimal,
		"euro":       func(n any) string { return format.Euro(toInt64(n)) },
		"euroInText": func(n any) string { return format.EuroInText(toInt64(n)) },
		"dict":       dict,
		"summaryLine": func(l *i18n.Localizer, page, field any, message string) string {
			return SummaryLine(l, asString(page), asString(field), message)
		},
		"summaryItems": func(page any, errs map[string]string) []SummaryItem { return SummaryItems(asString(page), errs) },
		"list":         func(items ...any) []any { return items },
		"add":          func(a, b int) int { return a + b },
		"contains":     func(list []string, s string) bool { return contains(list, s) },
		"join":         strings.Join,
		// inList reports whether a form's comma-joined values (form.multi) hold id.
		"inList": func(csv any, id int64) bool {
			return contains(strings.Split(asString(csv), ","), strconv.FormatInt(id, 10))
		},
		"languages": func(l *i18n.Localizer, codes []string) string {
			names := make([]string, len(codes))
			for i, c := range codes {
				names[i] = T(l, "language."+c)
			}
			return strings.Join(names, ", ")
		},
		"percent": format.Percent,
		"phone": func(p *string) string {
			if p == nil {
				return ""
			}
			return format.Phone(*p)
		},
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func toInt64(n any) int64 {
	switch v := n.(type) {
	case int:
		return int64(v)
	case int64:
		return v
	case int32:
		return int64(v)
	case uint:
		return int64(v)
	case *int64:
		if v != nil {
			return *v
		}
	}
	return 0
}

// dict builds a map from name/value pairs so a partial can take several arguments.
func dict(pairs ...any) (map[string]any, error) {
	if len(pairs)%2 != 0 {
		return nil, fmt.Errorf("dict: odd number of arguments")
	}
	m := make(map[string]any, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		key, ok := pairs[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", pairs[i])
		}
		m[key] = pairs[i+1]
	}
	return m, nil
}
