package models

import (
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

// statement is one fixed SQL text, written with ? for its values, that goes to the
// database without GORM's statement builder: for the statements on the two paths that
// carry the load, an anonymous programme page view (ProgrammePageState) and a phone's
// check-in at the door (RecordPhoneCheckIn). Building them with db.Raw or the query
// builder, and GORM's Scan of the result, cost about 140 allocations and a fifth of the
// process's CPU time per page view under load (issue 21). The text for PostgreSQL, with $1, $2 …,
// is made once, when the statement is declared; it is never changed afterwards.
// db's logger still sees every such statement (failed and slow ones are logged, and
// tests count them), as it does GORM's own.
type statement struct {
	lite, pg string
}

// newStatement numbers the ? of text for PostgreSQL. text has no ? other than the
// placeholders (none in a string literal or an operator).
func newStatement(text string) statement {
	var pg strings.Builder
	n := 0
	for _, r := range text {
		if r == '?' {
			n++
			pg.WriteString("$" + strconv.Itoa(n))
			continue
		}
		pg.WriteRune(r)
	}
	return statement{lite: text, pg: pg.String()}
}

// text is the statement in db's dialect.
func (s statement) text(db *gorm.DB) string {
	if IsPostgres(db) {
		return s.pg
	}
	return s.lite
}

// query runs the statement on db's connection (its transaction's, inside one). As
// GORM does for its own, it hands the statement to db's logger, which logs it when it
// failed or was slow (and counts it in tests).
func (s statement) query(db *gorm.DB, args ...any) (*sql.Rows, error) {
	begin := time.Now()
	text := s.text(db)
	rows, err := db.Statement.ConnPool.QueryContext(db.Statement.Context, text, args...)
	db.Logger.Trace(db.Statement.Context, begin, func() (string, int64) { return text, -1 }, err)
	if err != nil {
		return nil, fmt.Errorf("query: %w", err)
	}
	return rows, nil
}

// scanRow runs the statement, which returns at most one row, into dest; it returns
// sql.ErrNoRows when there was none (not logged: it is an answer).
func (s statement) scanRow(db *gorm.DB, args []any, dest ...any) error {
	begin := time.Now()
	text := s.text(db)
	err := db.Statement.ConnPool.QueryRowContext(db.Statement.Context, text, args...).Scan(dest...)
	logged := err
	if errors.Is(err, sql.ErrNoRows) {
		logged = nil
	}
	db.Logger.Trace(db.Statement.Context, begin, func() (string, int64) { return text, -1 }, logged)
	return err
}
