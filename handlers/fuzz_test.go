package handlers

import (
	"strings"
	"testing"
)

func FuzzParseEuros(f *testing.F) {
	for _, s := range []string{"12", "12,50", "€ 1.250,00", "12.5", "-3", "1,2,3", "", "€", "9999999,99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cents, err := ParseEuros(s)
		if err == nil && (cents < 0 || cents > 100_000_000_00) {
			t.Fatalf("ParseEuros(%q) = %d", s, cents)
		}
	})
}

func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/", "/mijn-gegevens", "//evil.example", "/\\evil", "https://evil.example", "javascript:alert(1)", "/a?b=c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		next := safeNext(s)
		if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
			t.Fatalf("safeNext(%q) = %q leaves the site", s, next)
		}
	})
}
