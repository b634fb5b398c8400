// Package models holds the database schema, its migrations, and the entities with their
// queries. The figures and the impact report, computed over these tables, are in
// package figures; formats of numbers, dates and phone numbers in package format.
package models

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/ncruces/go-sqlite3/gormlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// ErrNotFound means a change named a row that does not exist, or not one the caller may
// change; the handler answers it with a 404 page rather than a message that it worked.
var ErrNotFound = errors.New("store: not found")

// PoolConfig are the connection pool limits of one process.
type PoolConfig struct {
	MaxOpenConns    int
	MaxIdleConns    int
	ConnMaxLifetime time.Duration
}

// sqliteParams make the embedded database safe for several goroutines: WAL lets readers
// work beside a writer, busy_timeout waits for a lock instead of failing, _txlock=immediate
// takes the write lock at BEGIN so two transactions cannot deadlock upgrading their locks,
// and the fixed-width UTC time format keeps times comparable as text.
const sqliteParams = "_pragma=busy_timeout(10000)&_pragma=journal_mode(wal)&_pragma=foreign_keys(on)" +
	"&_pragma=synchronous(normal)&_txlock=immediate&_timefmt=2006-01-02T15:04:05.000"

// slowQuery is the time after which a statement is logged as a warning.
const slowQuery = 500 * time.Millisecond

// quietSQLLogger passes to GORM's slog logger only the statements it will log: failed
// and slow ones. That logger builds the SQL text before deciding, which was 8 % of a
// check-in's CPU time. db.Debug() (level Info) still logs every statement.
//
// The statement is logged with its placeholders ($1, ?), never with the values: those
// are what people typed (names, addresses, free text), which do not belong in a log.
type quietSQLLogger struct {
	logger.Interface
	logAll bool
}

// ParamsFilter drops the values before GORM writes the statement into the log line.
// GORM asks the logger itself (an embedded logger.Interface does not pass it on).
func (quietSQLLogger) ParamsFilter(_ context.Context, sql string, _ ...any) (string, []any) {
	return sql, nil
}

func (l quietSQLLogger) LogMode(level logger.LogLevel) logger.Interface {
	return quietSQLLogger{l.Interface.LogMode(level), level >= logger.Info}
}

func (l quietSQLLogger) Trace(ctx context.Context, begin time.Time, fc func() (string, int64), err error) {
	quiet := err == nil || errors.Is(err, gorm.ErrRecordNotFound)
	if quiet && !l.logAll && time.Since(begin) <= slowQuery {
		return
	}
	l.Interface.Trace(ctx, begin, fc, err)
}

// Open connects to the database named by databaseURL: postgres:// or postgresql:// for
// PostgreSQL, sqlite:path for an embedded SQLite file (created with its folder if missing).
// It checks that the database answers, so a wrong address fails here with a clear error.
func Open(databaseURL string, pool PoolConfig, log *slog.Logger, now func() time.Time) (*gorm.DB, error) {
	db, err := OpenUnchecked(databaseURL, pool, log, now)
	if err != nil {
		return nil, err
	}
	if err := Check(db, databaseURL); err != nil {
		_ = Close(db)
		return nil, err
	}
	return db, nil
}

// OpenUnchecked is Open without waiting for the database to answer: its first
// connection is made by the first statement, or by Check.
func OpenUnchecked(databaseURL string, pool PoolConfig, log *slog.Logger, now func() time.Time) (*gorm.DB, error) {
	dialector, err := dialectorFor(databaseURL)
	if err != nil {
		return nil, err
	}
	db, err := gorm.Open(dialector, &gorm.Config{
		// Single statements need no transaction of their own; the multi-step
		// operations open one explicitly.
		SkipDefaultTransaction: true,
		TranslateError:         true,
		NowFunc:                func() time.Time { return now().UTC() },
		Logger: quietSQLLogger{Interface: logger.NewSlogLogger(log, logger.Config{
			SlowThreshold:             slowQuery,
			LogLevel:                  logger.Warn,
			IgnoreRecordNotFoundError: true,
			ParameterizedQueries:      true,
		})},
	})
	if err != nil {
		return nil, fmt.Errorf("database: %s does not answer: %w", redact(databaseURL), err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("database: unable to get connection pool: %w", err)
	}
	if pool.MaxOpenConns > 0 {
		sqlDB.SetMaxOpenConns(pool.MaxOpenConns)
	}
	if pool.MaxIdleConns > 0 {
		sqlDB.SetMaxIdleConns(pool.MaxIdleConns)
	}
	if pool.ConnMaxLifetime > 0 {
		sqlDB.SetConnMaxLifetime(pool.ConnMaxLifetime)
	}
	return db, nil
}

// Check waits up to 10 seconds for the database at databaseURL, opened as db, to
// answer; the error names the address (without its password).
func Check(db *gorm.DB, databaseURL string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := Ping(ctx, db); err != nil {
		return fmt.Errorf("database: %s does not answer: %w", redact(databaseURL), err)
	}
	return nil
}

func dialectorFor(databaseURL string) (gorm.Dialector, error) {
	switch {
	case strings.HasPrefix(databaseURL, "postgres://"), strings.HasPrefix(databaseURL, "postgresql://"):
		if _, err := url.Parse(databaseURL); err != nil {
			return nil, fmt.Errorf("database: DATABASE_URL is not a valid address: %w", errors.Unwrap(err))
		}
		return postgres.Open(databaseURL), nil
	case strings.HasPrefix(databaseURL, "sqlite:"):
		path := strings.TrimPrefix(databaseURL, "sqlite:")
		if path == "" {
			return nil, errors.New("database: sqlite: needs a file path, e.g. sqlite:data/onshuis.db")
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			return nil, fmt.Errorf("database: unable to create folder for %s: %w", path, err)
		}
		return gormlite.Open("file:" + path + "?" + sqliteParams), nil
	default:
		return nil, fmt.Errorf("database: DATABASE_URL must start with postgres://, postgresql:// or sqlite:, got %q", redact(databaseURL))
	}
}

// redact hides the password of a database address before it reaches a log or an error.
func redact(databaseURL string) string {
	u, err := url.Parse(databaseURL)
	if err != nil || u.User == nil {
		if err != nil {
			return "(unparsable address)"
		}
		return databaseURL
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// IsPostgres reports whether db talks to PostgreSQL (some statements differ per dialect).
func IsPostgres(db *gorm.DB) bool {
	return db.Dialector.Name() == "postgres"
}

// Ping checks that the database answers within the context's deadline.
func Ping(ctx context.Context, db *gorm.DB) error {
	sqlDB, err := db.DB()
	if err != nil {
		return fmt.Errorf("database: unable to get connection pool: %w", err)
	}
	return sqlDB.PingContext(ctx)
}

// Close closes the connection pool.
func Close(db *gorm.DB) error {
	sqlDB, err := db.DB()
	if err != nil {
		return fmt.Errorf("database: unable to get connection pool: %w", err)
	}
	return sqlDB.Close()
}

// IsUnavailable reports whether err means the database could not be reached (down,
// restarting, network gone), as opposed to a bad query: the visitor then gets "try
// again in a few minutes" instead of "something went wrong".
func IsUnavailable(err error) bool {
	var connect *pgconn.ConnectError
	var netErr *net.OpError
	switch {
	case err == nil:
		return false
	case errors.As(err, &connect), errors.As(err, &netErr),
		errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone),
		errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return true
	}
	var pgErr *pgconn.PgError
	// 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now.
	return errors.As(err, &pgErr) && strings.HasPrefix(pgErr.Code, "57P0")
}
