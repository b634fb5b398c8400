package handlers

import (
	"strconv"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"onshuis/store"
)

// rateSyncEvery is how long a process may count hits of one key on its own before it
// adds them to the shared count in the database.
const rateSyncEvery = 250 * time.Millisecond

// RateLimit allows max requests per key in each fixed window. The count is shared by
// every process through the database, but a process does not write every hit: it adds
// its hits at most every rateSyncEvery, and on every hit once the count nears the
// limit. So a busy door costs one small write per quarter second per IP, and the limit
// holds exactly where it matters; with several processes a key may overshoot by what
// the others counted in their last quarter second.
//
// Fiber's limiter reads and writes its storage on every request, under one lock for
// the whole process: two database round trips per check-in, one at a time. The login
// limiter, which counts only failures and sees little traffic, does use it.
func RateLimit(db *gorm.DB, name string, max int, window time.Duration, now func() time.Time,
	key func(*fiber.Ctx) string, limited fiber.Handler) fiber.Handler {
	counts := &rateCounts{byKey: map[string]*rateCount{}}
	return func(c *fiber.Ctx) error {
		t := now()
		bucket := name + ":" + key(c)
		total, err := counts.hit(db, bucket, window, t, max)
		if err != nil {
			return err
		}
		if total > max {
			secs := int64(window / time.Second)
			if secs < 1 {
				secs = 1
			}
			c.Set(fiber.HeaderRetryAfter, strconv.FormatInt(secs-t.Unix()%secs, 10))
			return limited(c)
		}
		return c.Next()
	}
}

// rateCounts are this process's view of the shared counts.
type rateCounts struct {
	mu    sync.Mutex
	byKey map[string]*rateCount
}

type rateCount struct {
	window   int64     // start of the window counted
	shared   int       // the database's count at the last sync
	pending  int       // hits counted here since then
	lastSync time.Time // zero: never synced
}

// hit counts one hit and returns the best known total for the window.
func (r *rateCounts) hit(db *gorm.DB, bucket string, window time.Duration, now time.Time, max int) (int, error) {
	start := store.WindowStart(window, now)
	r.mu.Lock()
	if len(r.byKey) > 50_000 {
		r.byKey = map[string]*rateCount{} // many IPs: forget; the database still counts
	}
	rc := r.byKey[bucket]
	if rc == nil || rc.window != start {
		rc = &rateCount{window: start}
		r.byKey[bucket] = rc
	}
	rc.pending++
	total := rc.shared + rc.pending
	sync := now.Sub(rc.lastSync) >= rateSyncEvery || total*5 >= max*4
	var delta int
	if sync {
		delta, rc.pending = rc.pending, 0
	}
	r.mu.Unlock()
	if !sync {
		return total, nil
	}
	shared, err := store.CountHits(db, bucket, window, now, delta)
	if err != nil {
		return 0, err
	}
	r.mu.Lock()
	if rc.window == start && shared > rc.shared {
		rc.shared, rc.lastSync = shared, now
	}
	total = rc.shared + rc.pending
	r.mu.Unlock()
	return total, nil
}
