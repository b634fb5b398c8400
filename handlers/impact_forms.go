package handlers

import (
	"time"

	"onshuis/format"
	"onshuis/models"
)

// euros reads an amount in euros ("12,50"); required fields may not be empty.
func (f *form) euros(name string, required bool) int64 {
	v := f.raw(name)
	if v == "" {
		if required {
			f.fail(name, "form.required")
		}
		return 0
	}
	cents, err := format.ParseEuros(v)
	if err != nil {
		f.fail(name, "impact.amount_invalid")
		return 0
	}
	return cents
}

// date reads a date field (2026-11-26, as a date input sends it) that may not lie after
// today (a local date); empty gives today when fallback is set.
func (f *form) date(name, today string, fallback bool) string {
	v := f.raw(name)
	if v == "" {
		if fallback {
			f.Values[name] = today
			return today
		}
		f.fail(name, "form.required")
		return ""
	}
	if _, err := time.Parse(models.Date, v); err != nil || len(v) != 10 {
		f.fail(name, "impact.date_invalid")
		return ""
	}
	if v > today {
		f.fail(name, "impact.date_future")
		return ""
	}
	return v
}

// score reads one answer of the health check, 0–10, which must be given.
func (f *form) score(name string) int {
	if f.raw(name) == "" {
		f.fail(name, "health.score_required")
		return 0
	}
	n := f.number(name, 0, 10)
	if f.Errors[name] == "form.number_invalid" {
		f.Errors[name] = "health.score_invalid"
	}
	return n
}

// oneOf keeps only the values that are in allowed.
func oneOf(values, allowed []string) []string {
	var out []string
	for _, v := range values {
		if contains(allowed, v) && !contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}
