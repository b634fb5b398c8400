package store

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Throttle slows down password guessing with growing waits rather than a lock: a
// bucket (an account, an address, a device) counts its failed attempts; once it has
// had free failures, each next attempt waits FirstWait, doubling with every further
// failure up to LongestWait. A bucket is forgotten ForgetAfter its last failure.
// The counts live in the database (login_failures), so every process sees them and a
// restart forgets nothing.
type Throttle struct {
	db  *gorm.DB
	now func() time.Time

	FirstWait   time.Duration
	LongestWait time.Duration
	ForgetAfter time.Duration
}

// ForgetFailuresAfter is how long failed logins are remembered after the last one (the
// privacy page says so).
const ForgetFailuresAfter = 24 * time.Hour

// NewThrottle returns a throttle with waits of 1 minute doubling up to longest, and
// counts forgotten ForgetFailuresAfter the last failure.
func NewThrottle(db *gorm.DB, longest time.Duration, now func() time.Time) *Throttle {
	return &Throttle{db: db, now: now, FirstWait: time.Minute, LongestWait: longest, ForgetAfter: ForgetFailuresAfter}
}

// Limit is one bucket an attempt counts in, with the failures it may have before
// attempts wait.
type Limit struct {
	Bucket string
	Free   int
}

type loginFailure struct {
	Bucket      string
	Failures    int
	LastFailure int64 // unix seconds
}

// Wait returns how long the attempt must still wait: the longest wait of its buckets,
// 0 when it may go ahead.
func (t *Throttle) Wait(limits ...Limit) (time.Duration, error) {
	if len(limits) == 0 {
		return 0, nil
	}
	buckets := make([]string, len(limits))
	for i, l := range limits {
		buckets[i] = l.Bucket
	}
	var rows []loginFailure
	if err := t.db.Table("login_failures").Where("bucket IN ?", buckets).Find(&rows).Error; err != nil {
		return 0, fmt.Errorf("store: unable to read login failures: %w", err)
	}
	now := t.now()
	var wait time.Duration
	for _, row := range rows {
		last := time.Unix(row.LastFailure, 0)
		if now.Sub(last) >= t.ForgetAfter {
			continue
		}
		for _, l := range limits {
			if l.Bucket == row.Bucket {
				if w := last.Add(t.delay(row.Failures, l.Free)).Sub(now); w > wait {
					wait = w
				}
			}
		}
	}
	return wait, nil
}

// delay is the wait after failures failures of which free were free.
func (t *Throttle) delay(failures, free int) time.Duration {
	if failures < free {
		return 0
	}
	d := t.FirstWait
	for i := free; i < failures && d < t.LongestWait; i++ {
		d *= 2
	}
	return min(d, t.LongestWait)
}

// Fail counts a failed attempt in each bucket, in one statement: attempts racing each
// other are all counted.
func (t *Throttle) Fail(buckets ...string) error {
	if len(buckets) == 0 {
		return nil
	}
	now := t.now().Unix()
	forgotten := now - int64(t.ForgetAfter/time.Second)
	values := ""
	args := make([]any, 0, 2*len(buckets)+1)
	for i, b := range buckets {
		if i > 0 {
			values += ", "
		}
		values += "(?, 1, ?)"
		args = append(args, b, now)
	}
	args = append(args, forgotten)
	err := t.db.Exec(`INSERT INTO login_failures (bucket, failures, last_failure) VALUES `+values+`
		ON CONFLICT (bucket) DO UPDATE SET
			failures = CASE WHEN login_failures.last_failure <= ? THEN 1 ELSE login_failures.failures + 1 END,
			last_failure = excluded.last_failure`, args...).Error
	if err != nil {
		return fmt.Errorf("store: unable to count a failed login: %w", err)
	}
	return nil
}

// Forget clears a bucket (a device that just logged in).
func (t *Throttle) Forget(bucket string) error {
	if err := t.db.Exec("DELETE FROM login_failures WHERE bucket = ?", bucket).Error; err != nil {
		return fmt.Errorf("store: unable to clear login failures: %w", err)
	}
	return nil
}

// DeleteForgotten removes the buckets whose last failure is older than ForgetAfter.
func (t *Throttle) DeleteForgotten() error {
	cutoff := t.now().Add(-t.ForgetAfter).Unix()
	if err := t.db.Exec("DELETE FROM login_failures WHERE last_failure <= ?", cutoff).Error; err != nil {
		return fmt.Errorf("store: unable to delete old login failures: %w", err)
	}
	return nil
}
