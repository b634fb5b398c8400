package format

import "strings"

// ParsePhone returns a phone number in international form (+31612345678), or false.
// Dutch numbers may be written the Dutch way: 06-12345678, 0412 123456.
func ParsePhone(s string) (string, bool) {
	// "+31 (0)6 …" is a common way to write a Dutch number for foreigners.
	s = strings.Replace(strings.TrimSpace(s), "(0)", "", 1)
	var digits strings.Builder
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
		case r == '+' && i == 0:
			digits.WriteRune(r)
		case r == ' ' || r == '-' || r == '(' || r == ')' || r == '.':
		default:
			return "", false
		}
	}
	n := digits.String()
	switch {
	case strings.HasPrefix(n, "+"):
	case strings.HasPrefix(n, "00"):
		n = "+" + n[2:]
	case strings.HasPrefix(n, "0"):
		n = "+31" + n[1:]
	default:
		return "", false
	}
	if len(n) < 10 || len(n) > 16 || (strings.HasPrefix(n, "+31") && len(n) != 12) {
		return "", false
	}
	return n, true
}

// Phone writes a stored number the way people write it: +31612345678 → 06 12345678.
func Phone(n string) string {
	if strings.HasPrefix(n, "+316") && len(n) == 12 {
		return "06 " + n[4:]
	}
	if strings.HasPrefix(n, "+31") && len(n) == 12 {
		return "0" + n[3:]
	}
	return n
}
