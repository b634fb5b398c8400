package store

import (
	"testing"
	"time"
)

// The wait starts at FirstWait once the free failures are used, doubles with each
// further failure and stops growing at LongestWait.
func TestThrottleDelay(t *testing.T) {
	th := &Throttle{FirstWait: time.Minute, LongestWait: 15 * time.Minute}
	for _, tc := range []struct {
		failures int
		want     time.Duration
	}{
		{0, 0}, {4, 0}, {5, time.Minute}, {6, 2 * time.Minute}, {7, 4 * time.Minute},
		{8, 8 * time.Minute}, {9, 15 * time.Minute}, {40, 15 * time.Minute},
	} {
		if got := th.delay(tc.failures, 5); got != tc.want {
			t.Errorf("%d failures of which 5 free: wait %v, want %v", tc.failures, got, tc.want)
		}
	}
}
