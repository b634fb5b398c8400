package models

import (
	"fmt"
	"testing"
)

func TestNewStatementNumbersPlaceholders(t *testing.T) {
	s := newStatement("SELECT a FROM t WHERE b = ? AND c IN (?, ?) OR d = ?")
	if want := "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3) OR d = $4"; s.pg != want {
		t.Errorf("PostgreSQL text %q, want %q", s.pg, want)
	}
	if s.lite != "SELECT a FROM t WHERE b = ? AND c IN (?, ?) OR d = ?" {
		t.Errorf("SQLite text changed: %q", s.lite)
	}
}

// Week.String writes what fmt.Sprintf("%04d-W%02d") writes, for every week a figure
// stores and beyond.
func TestWeekStringAsSprintf(t *testing.T) {
	for _, y := range []int{-1, 0, 7, 99, 999, 2026, 9999, 10000} {
		for _, n := range []int{-1, 0, 1, 9, 10, 52, 53, 99, 100} {
			w := Week{Year: y, Number: n}
			if got, want := w.String(), fmt.Sprintf("%04d-W%02d", y, n); got != want {
				t.Errorf("Week{%d, %d}: %q, want %q", y, n, got, want)
			}
		}
	}
}
