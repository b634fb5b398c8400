package apptest

import (
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"onshuis/app"
)

// Clock is a settable clock for the app under test.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// Add moves the clock forward by d.
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// DefaultNow is where test clocks start: Thursday 26 November 2026, 10:00 in Amsterdam.
var DefaultNow = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

// Server is the app under test.
type Server struct {
	*app.App
	T     testing.TB
	Clock *Clock
	URL   string // the database address, to start a second instance on it
}

// New builds the app on the database at dbURL. Options adjust the configuration.
func New(t testing.TB, dbURL string, options ...func(*app.Config)) *Server {
	t.Helper()
	clock := &Clock{now: DefaultNow}
	cfg := app.Defaults(dbURL)
	cfg.BcryptCost = bcrypt.MinCost
	cfg.RegisterLimitPerIP = 1000 // every test's residents register from one address
	cfg.Now = clock.Now
	cfg.LogOutput = io.Discard
	cfg.KeepWeeksAfter = 0 // tests write past weeks; stored figures would go stale
	// In verbose mode the app's log goes to the test, so a failure shows what the app
	// did. Not for a fuzz test: the app logs while the fuzz target runs, and calling
	// (*testing.F).Log there panics ("f.Log was called inside the fuzz target").
	if _, fuzz := t.(*testing.F); testing.Verbose() && !fuzz {
		cfg.LogOutput = testWriter{t}
	}
	for _, o := range options {
		o(&cfg)
	}
	a, err := app.New(cfg)
	if err != nil {
		t.Fatalf("app.New: %v", err)
	}
	t.Cleanup(func() { _ = a.Close() })
	return &Server{App: a, T: t, Clock: clock, URL: dbURL}
}

// Fresh builds the app on a new, empty database of the given kind.
func Fresh(t testing.TB, db Database, options ...func(*app.Config)) *Server {
	t.Helper()
	return New(t, db.Fresh(t), options...)
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSuffix(string(p), "\n"))
	return len(p), nil
}
