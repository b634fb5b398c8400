package views

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"

	"onshuis/models"
)

var weekdayIDs = [7]string{"day.sunday", "day.monday", "day.tuesday", "day.wednesday", "day.thursday", "day.friday", "day.saturday"}

var monthIDs = [12]string{"month.january", "month.february", "month.march", "month.april", "month.may", "month.june",
	"month.july", "month.august", "month.september", "month.october", "month.november", "month.december"}

// WeekdayName is the translated name of a weekday ("maandag").
func WeekdayName(l *i18n.Localizer, d time.Weekday) string { return T(l, weekdayIDs[d]) }

// MonthName is the translated name of a month ("november").
func MonthName(l *i18n.Localizer, m time.Month) string { return T(l, monthIDs[m-1]) }

// LongDate is "maandag 23 november 2026"; the time must already be in the centre's zone.
func LongDate(l *i18n.Localizer, t time.Time) string {
	return fmt.Sprintf("%s %d %s %d", WeekdayName(l, t.Weekday()), t.Day(), MonthName(l, t.Month()), t.Year())
}

// ShortDate is "23 nov."-style day and month: "23 november".
func ShortDate(l *i18n.Localizer, t time.Time) string {
	return fmt.Sprintf("%d %s", t.Day(), MonthName(l, t.Month()))
}

// Clock is the time of day the Dutch way: 14:30.
func Clock(t time.Time) string { return t.Format("15:04") }

// Number formats an integer with Dutch thousands separators: 1.234.567.
func Number(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Decimal formats a number with one decimal and a comma: 7,5.
func Decimal(f float64) string {
	return strings.Replace(strconv.FormatFloat(f, 'f', 1, 64), ".", ",", 1)
}

// Euro formats cents as "€ 12,50".
func Euro(cents int64) string {
	return fmt.Sprintf("€ %s,%02d", Number(cents/100), abs(cents%100))
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

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
func MonthLabel(l *i18n.Localizer, code string) string {
	t, err := time.Parse("2006-01", code)
	if err != nil || len(code) != 7 {
		return code
	}
	return MonthName(l, t.Month()) + " " + strconv.Itoa(t.Year())
}

// WeekLabel shows an ISO week code such as "2026-W05" as "5 (2026)", which reads as a
// week number under a "Week" heading; anything else is shown as it is.
func WeekLabel(code string) string {
	year, week, ok := strings.Cut(code, "-W")
	if !ok || len(year) != 4 || len(week) != 2 {
		return code
	}
	return strings.TrimPrefix(week, "0") + " (" + year + ")"
}

func funcs(assetURL func(string) string) template.FuncMap {
	return template.FuncMap{
		"t":          T,
		"asset":      assetURL,
		"weekday":    WeekdayName,
		"month":      MonthName,
		"longDate":   LongDate,
		"shortDate":  ShortDate,
		"clock":      Clock,
		"weekLabel":  WeekLabel,
		"monthLabel": MonthLabel,
		"inputType":  func(kind, value any) string { return InputType(asString(kind), asString(value)) },
		"number":     func(n any) string { return Number(toInt64(n)) },
		"decimal":    Decimal,
		"euro":       func(n any) string { return Euro(toInt64(n)) },
		// In running text the sign stays with its amount: "(€ 35,00)" never breaks.
		"euroInText": func(n any) string { return strings.Replace(Euro(toInt64(n)), " ", "\u00a0", 1) },
		"dict":       dict,
		"summaryLine": func(l *i18n.Localizer, page, field any, message string) string {
			return SummaryLine(l, asString(page), asString(field), message)
		},
		"summaryItems": func(page any, errs map[string]string) []SummaryItem { return SummaryItems(asString(page), errs) },
		"list":         func(items ...any) []any { return items },
		"add":          func(a, b int) int { return a + b },
		"contains":     func(list []string, s string) bool { return contains(list, s) },
		"languages": func(l *i18n.Localizer, codes []string) string {
			names := make([]string, len(codes))
			for i, c := range codes {
				names[i] = T(l, "language."+c)
			}
			return strings.Join(names, ", ")
		},
		"percent": func(share float64) string { return strconv.Itoa(int(share*100+0.5)) + "%" },
		"phone": func(p *string) string {
			if p == nil {
				return ""
			}
			return models.FormatPhone(*p)
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
