package figures

import (
	"math/big"
	"testing"
)

// Exact ties round up, from the whole numbers the figure is made of.
func TestRoundHalfUp(t *testing.T) {
	for _, tc := range []struct {
		num, den int64
		want     float64
	}{{121, 20, 6.1}, {23, 20, 1.2}, {1, 4, 0.3}, {363, 60, 6.1}, {2, 8, 0.3}, {1, 3, 0.3}, {2, 3, 0.7}, {0, 5, 0}, {119, 20, 6.0}} {
		if got := oneDecimal(tc.num, tc.den); got != tc.want {
			t.Errorf("oneDecimal(%d, %d) = %v, want %v", tc.num, tc.den, got, tc.want)
		}
	}
	for _, tc := range []struct {
		num, den int64
		want     float64
	}{{1, 2000, 0.001}, {1, 2, 0.5}, {5, 6, 0.833}, {1667, 2000, 0.834}, {0, 1, 0}, {1, 1, 1}} {
		if got := share(big.NewRat(tc.num, tc.den)); got != tc.want {
			t.Errorf("share(%d/%d) = %v, want %v", tc.num, tc.den, got, tc.want)
		}
	}
}
