package figures

import (
	"strings"
	"testing"
)

func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2026-11", "2026-Q4", "2026", "2026-01-01..2026-12-31", "2026-W53", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if p, err := ParsePeriod(s); err == nil {
			if p.To < p.From || strings.ContainsAny(p.Key, "\"\r\n;<>") {
				t.Fatalf("period %q: %q %s..%s", s, p.Key, p.From, p.To)
			}
			if again, err := ParsePeriod(p.Key); err != nil || again != p {
				t.Fatalf("period %q does not parse back: %+v %v", p.Key, again, err)
			}
		}
	})
}
