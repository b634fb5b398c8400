package store

import (
	"fmt"
	"net/url"
	"strings"
	"time"
)

// The pool for sessions, CSRF tokens and rate counters on PostgreSQL: small, beside the
// main pool of each process (see EphemeralURL).
const (
	EphemeralMaxConns        = 8
	EphemeralConnMaxLifetime = 30 * time.Minute
)

// EphemeralURL returns the address of the connection pool for data that may be lost in
// a crash without harm: sessions, CSRF tokens and rate counters. On PostgreSQL it is the
// same database with synchronous_commit off, so these writes do not wait for the disk;
// visits and everything else keep full durability (separate is true: open a second,
// small pool of EphemeralMaxConns). On SQLite there is no such setting and separate is
// false: use the main pool.
func EphemeralURL(databaseURL string) (ephemeral string, separate bool, err error) {
	if !strings.HasPrefix(databaseURL, "postgres://") && !strings.HasPrefix(databaseURL, "postgresql://") {
		return "", false, nil
	}
	u, err := url.Parse(databaseURL)
	if err != nil {
		return "", false, fmt.Errorf("database: DATABASE_URL is not a valid address: %w", err)
	}
	q := u.Query()
	q.Set("synchronous_commit", "off")
	u.RawQuery = q.Encode()
	return u.String(), true, nil
}
