package handlers

import (
	"strings"
	"testing"
)

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
