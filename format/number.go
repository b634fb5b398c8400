package format

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// Number writes an integer with Dutch thousands separators: 1.234.567.
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

// Decimal writes a number with one decimal and a comma, rounded half up: 7,45 → 7,5
// and 6,05 → 6,1.
func Decimal(f float64) string { return tenths(f, 0) }

// Percent writes a share (0–1) as a percentage with one decimal, rounded half up:
// 0,8333 → "83,3%", 0,5 → "50,0%".
func Percent(share float64) string { return tenths(share, 2) + "%" }

// tenths writes f·10^shift with one decimal, rounded half up (away from zero). It rounds
// the shortest decimal that reads back as f, the number a person means, rather than the
// binary fraction the computer holds: 6.05 is held as 6.0499…, which strconv's own
// rounding would write as 6.0, and 0.25 is held exactly, which it rounds to even, 0.2.
func tenths(f float64, shift int) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "—"
	}
	whole, frac, _ := strings.Cut(strconv.FormatFloat(math.Abs(f), 'f', -1, 64), ".")
	frac += strings.Repeat("0", shift+2)
	whole, frac = whole+frac[:shift], frac[shift:]
	n, ok := new(big.Int).SetString(whole+frac[:1], 10) // in tenths
	if !ok {
		return "—"
	}
	if frac[1] >= '5' {
		n.Add(n, big.NewInt(1))
	}
	digits := n.String()
	if len(digits) < 2 {
		digits = "0" + digits
	}
	out := digits[:len(digits)-1] + "," + digits[len(digits)-1:]
	if f < 0 && n.Sign() != 0 {
		out = "-" + out
	}
	return out
}

// Euro writes cents as "€ 1.250,50".
func Euro(cents int64) string {
	return fmt.Sprintf("€ %s,%02d", Number(cents/100), abs(cents%100))
}

// EuroInText is Euro for running text: the sign stays with its amount ("(€ 35,00)"
// never breaks between the two).
func EuroInText(cents int64) string { return strings.Replace(Euro(cents), " ", "\u00a0", 1) }

// Amount writes cents as a plain amount without sign or thousands separator, the way a
// form field or a spreadsheet cell holds it: "1250,50".
func Amount(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return fmt.Sprintf("%s%d,%02d", sign, cents/100, cents%100)
}

// ParseEuros reads an amount of money as people write it: "12", "12,50", "€ 1.250,00",
// "12.50". It returns cents; negative or absurd amounts are refused.
func ParseEuros(s string) (int64, error) {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "€"))
	s = strings.ReplaceAll(s, " ", "")
	if s == "" {
		return 0, fmt.Errorf("empty amount")
	}
	whole, frac := s, ""
	if i := strings.LastIndexAny(s, ",."); i >= 0 && len(s)-i-1 <= 2 && len(s)-i-1 > 0 {
		whole, frac = s[:i], s[i+1:]
	}
	whole = strings.NewReplacer(".", "", ",", "").Replace(whole)
	if whole == "" {
		whole = "0"
	}
	if len(whole) > 7 {
		return 0, fmt.Errorf("amount %q is too large", s)
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w < 0 || strings.HasPrefix(whole, "+") {
		return 0, fmt.Errorf("amount %q is not a number", s)
	}
	var cents int64
	if frac != "" {
		if len(frac) == 1 {
			frac += "0"
		}
		c, err := strconv.ParseInt(frac, 10, 64)
		if err != nil || c < 0 || strings.HasPrefix(frac, "+") || strings.HasPrefix(frac, "-") {
			return 0, fmt.Errorf("amount %q has bad cents", s)
		}
		cents = c
	}
	return w*100 + cents, nil
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}
