package store

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// CountHits adds n hits to bucket in the fixed window (of length window) that holds
// now, and returns the hits in that window so far. One atomic statement: every process
// shares the count, and concurrent hits never get lost. n may be 0 to read the count.
func CountHits(db *gorm.DB, bucket string, window time.Duration, now time.Time, n int) (int, error) {
	start := WindowStart(window, now)
	var hits int
	err := db.Raw(`INSERT INTO rate_counters (bucket, window_start, hits) VALUES (?, ?, ?)
		ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_counters.hits + excluded.hits
		RETURNING hits`, bucket, start, n).Scan(&hits).Error
	if err != nil {
		return 0, fmt.Errorf("store: unable to count hit for %s: %w", bucket, err)
	}
	return hits, nil
}

// WindowStart is the start (unix seconds) of the fixed window of length window that holds now.
func WindowStart(window time.Duration, now time.Time) int64 {
	secs := int64(window / time.Second)
	if secs < 1 {
		secs = 1
	}
	return now.Unix() / secs * secs
}

// DeleteOldRateCounters removes counters of windows that started before cutoff.
func DeleteOldRateCounters(db *gorm.DB, cutoff time.Time) error {
	if err := db.Exec("DELETE FROM rate_counters WHERE window_start < ?", cutoff.Unix()).Error; err != nil {
		return fmt.Errorf("store: unable to delete old rate counters: %w", err)
	}
	return nil
}
