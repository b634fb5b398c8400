package apptest

import (
	"context"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"gorm.io/gorm/logger"

	"onshuis/notify"
)

// Statements counts the SQL statements the app sends to its main database. It is
// not a timing: a page that reads a fixed number of statements keeps that number
// however many rows it shows, and a test can say so.
type Statements struct {
	logger.Interface
	n      atomic.Int64
	writes atomic.Int64 // INSERT, UPDATE and DELETE statements
}

// CountStatements starts counting every statement on the app's main database, and
// the writes on its pool for sessions and tokens too when that is a pool of its own
// (PostgreSQL): WritesDuring sees both, During the main database alone.
//
// The background sender's statements are not counted (notify.InRound): one of its
// rounds may fall in the middle of what a test counts.
func (s *Server) CountStatements() *Statements {
	st := &Statements{Interface: s.DB.Logger}
	s.DB.Logger = st
	if s.Ephemeral != nil && s.Ephemeral != s.DB {
		s.Ephemeral.Logger = &ephemeralWrites{Interface: s.Ephemeral.Logger, writes: &st.writes}
	}
	return st
}

// ephemeralWrites counts the writes on the ephemeral pool into its Statements.
type ephemeralWrites struct {
	logger.Interface
	writes *atomic.Int64
}

func (e *ephemeralWrites) Trace(ctx context.Context, begin time.Time, fc func() (string, int64), err error) {
	if !notify.InRound(ctx) && isWrite(fc) {
		e.writes.Add(1)
	}
	e.Interface.Trace(ctx, begin, fc, err)
}

func isWrite(fc func() (string, int64)) bool {
	sql, _ := fc()
	verb, _, _ := strings.Cut(strings.TrimSpace(sql), " ")
	return slices.Contains([]string{"INSERT", "UPDATE", "DELETE"}, strings.ToUpper(verb))
}

// Trace counts the statement and hands it on to the app's own logger.
func (st *Statements) Trace(ctx context.Context, begin time.Time, fc func() (string, int64), err error) {
	if !notify.InRound(ctx) {
		st.n.Add(1)
		if isWrite(fc) {
			st.writes.Add(1)
		}
	}
	st.Interface.Trace(ctx, begin, fc, err)
}

// WritesDuring returns how many statements fn caused that change rows.
func (st *Statements) WritesDuring(fn func()) int64 {
	before := st.writes.Load()
	fn()
	return st.writes.Load() - before
}

// During returns how many statements fn caused.
func (st *Statements) During(fn func()) int64 {
	before := st.n.Load()
	fn()
	return st.n.Load() - before
}
