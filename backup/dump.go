package backup

import (
	"bufio"
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gorm.io/gorm"

	"onshuis/models"
)

// Summary says what a backup, restore or copy carried.
type Summary struct {
	SchemaVersion int // of the backup or the source
	Tables        int
	Rows          int64
	Bytes         int64 // size of the file written (backups only)
	CreatedAt     time.Time
	Database      string // where the backup was made: sqlite or postgres
	Months        int    // months whose report figures a copy compared
}

// snapshot is one consistent state of a whole database to read from.
type snapshot struct {
	db      *gorm.DB // a transaction, or a copy made with VACUUM INTO
	version int
	tables  []Table // schema_migrations left out
	name    string  // sqlite or postgres
	close   func()
}

// takeSnapshot freezes what db holds while the app goes on writing. On PostgreSQL it is
// a REPEATABLE READ transaction, rolled back when closed; writable makes it accept
// writes, which the rollback undoes (the report engine stores week figures as it goes).
// On SQLite it is a copy of the database made with VACUUM INTO beside the file, deleted
// when closed; writes to it touch only the copy.
func takeSnapshot(ctx context.Context, db *gorm.DB, writable bool) (*snapshot, error) {
	s := &snapshot{name: "sqlite", close: func() {}}
	if models.IsPostgres(db) {
		s.name = "postgres"
		tx := db.WithContext(ctx).Begin(&sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: !writable})
		if tx.Error != nil {
			return nil, fmt.Errorf("backup: unable to start a snapshot: %w", tx.Error)
		}
		s.db, s.close = tx, func() { tx.Rollback() }
	} else {
		copyDB, path, err := vacuumInto(ctx, db)
		if err != nil {
			return nil, err
		}
		s.db = copyDB
		s.close = func() {
			_ = models.Close(copyDB)
			removeSQLite(path)
		}
	}
	tables, err := readSchema(s.db)
	if err == nil {
		s.version, err = models.SchemaVersion(s.db)
	}
	if err != nil {
		s.close()
		if strings.Contains(err.Error(), migrationsTable) {
			return nil, errors.New("backup: the database holds no Ons Huis schema (start the app on it once)")
		}
		return nil, err
	}
	for _, t := range tables {
		if t.Name != migrationsTable {
			s.tables = append(s.tables, t)
		}
	}
	return s, nil
}

// vacuumInto writes a copy of the SQLite database beside it and opens the copy.
func vacuumInto(ctx context.Context, db *gorm.DB) (*gorm.DB, string, error) {
	var files []struct{ Name, File string }
	if err := db.Raw("SELECT name, file FROM pragma_database_list").Scan(&files).Error; err != nil {
		return nil, "", fmt.Errorf("backup: unable to find the database file: %w", err)
	}
	var main string
	for _, f := range files {
		if f.Name == "main" {
			main = f.File
		}
	}
	if main == "" {
		return nil, "", errors.New("backup: the SQLite database has no file to copy")
	}
	prefix := filepath.Join(filepath.Dir(main), "."+filepath.Base(main)+".snapshot-")
	removeStale(prefix)
	path := prefix + rand.Text()[:8]
	if err := db.WithContext(ctx).Exec("VACUUM INTO ?", path).Error; err != nil {
		removeSQLite(path)
		return nil, "", fmt.Errorf("backup: unable to copy the database with VACUUM INTO: %w", err)
	}
	copyDB, err := models.Open("sqlite:"+path, models.PoolConfig{MaxOpenConns: 1}, slog.New(slog.DiscardHandler), time.Now)
	if err != nil {
		removeSQLite(path)
		return nil, "", err
	}
	return copyDB, path, nil
}

// staleAfter is when a snapshot or a half-written backup that nobody deleted (the
// process was killed) may go: no backup takes that long.
const staleAfter = 6 * time.Hour

// removeStale deletes the files starting with prefix that are older than staleAfter.
func removeStale(prefix string) {
	old, _ := filepath.Glob(prefix + "*")
	for _, p := range old {
		if info, err := os.Stat(p); err == nil && time.Since(info.ModTime()) > staleAfter {
			_ = os.Remove(p)
		}
	}
}

// removeSQLite deletes a SQLite file with its write-ahead log and shared memory.
func removeSQLite(path string) {
	for _, p := range []string{path, path + "-wal", path + "-shm", path + "-journal"} {
		_ = os.Remove(p)
	}
}

// dump hands every table of the snapshot, parents first, to sink.
func (s *snapshot) dump(ctx context.Context, sink tableSink) (tables int, rows int64, err error) {
	for _, t := range s.tables {
		n, err := sink(t, func(yield func([]any) error) error { return s.rows(ctx, t, yield) })
		if err != nil {
			return tables, rows, err
		}
		tables++
		rows += n
	}
	return tables, rows, nil
}

// rows reads a table in the order of its primary key.
func (s *snapshot) rows(ctx context.Context, t Table, yield func([]any) error) error {
	q := "SELECT " + columnList(t.Columns) + " FROM " + quoteIdent(t.Name)
	if len(t.key) > 0 {
		keys := make([]string, len(t.key))
		for i, k := range t.key {
			keys[i] = quoteIdent(k)
		}
		q += " ORDER BY " + strings.Join(keys, ", ")
	}
	rs, err := s.db.WithContext(ctx).Raw(q).Rows()
	if err != nil {
		return fmt.Errorf("backup: unable to read table %s: %w", t.Name, err)
	}
	defer rs.Close()
	raw := make([]any, len(t.Columns))
	ptrs := make([]any, len(t.Columns))
	for i := range raw {
		ptrs[i] = &raw[i]
	}
	row := make([]any, len(t.Columns))
	for rs.Next() {
		if err := rs.Scan(ptrs...); err != nil {
			return fmt.Errorf("backup: unable to read a row of %s: %w", t.Name, err)
		}
		for i, c := range t.Columns {
			v, err := normalize(c.Kind, raw[i])
			if err != nil {
				return fmt.Errorf("backup: table %s, column %s: %v", t.Name, c.Name, err)
			}
			row[i] = v
		}
		if err := yield(row); err != nil {
			return err
		}
	}
	if err := rs.Err(); err != nil {
		return fmt.Errorf("backup: unable to read table %s: %w", t.Name, err)
	}
	return nil
}

// Write writes a backup of db to w: every table, read from one consistent snapshot
// while the app goes on serving.
func Write(ctx context.Context, db *gorm.DB, w io.Writer, now time.Time) (Summary, error) {
	s, err := takeSnapshot(ctx, db, false)
	if err != nil {
		return Summary{}, err
	}
	defer s.close()
	m := Manifest{SchemaVersion: s.version, CreatedAt: now.UTC(), Database: s.name, Tables: s.tables}
	wr, err := newWriter(w, m)
	if err != nil {
		return Summary{}, err
	}
	tables, rows, err := s.dump(ctx, wr.table)
	if err == nil {
		err = wr.close()
	}
	if err != nil {
		return Summary{}, fmt.Errorf("backup: unable to write: %w", err)
	}
	return Summary{SchemaVersion: s.version, Tables: tables, Rows: rows, CreatedAt: m.CreatedAt, Database: s.name}, nil
}

// WriteFile writes a backup of db to path. The file appears whole or not at all: it is
// written beside it under another name and renamed when complete. It is readable by
// its owner only, as it holds everyone's personal data.
func WriteFile(ctx context.Context, db *gorm.DB, path string, now time.Time) (Summary, error) {
	dir := filepath.Dir(path)
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return Summary{}, fmt.Errorf("backup: the folder %s does not exist", dir)
	}
	removeStale(filepath.Join(dir, "."+filepath.Base(path)+".part-"))
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".part-*")
	if err != nil {
		return Summary{}, fmt.Errorf("backup: unable to create a file in %s: %w", dir, err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	buf := bufio.NewWriterSize(tmp, 1<<20)
	sum, err := Write(ctx, db, buf, now)
	if err != nil {
		_ = tmp.Close()
		return Summary{}, err
	}
	err = buf.Flush()
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return Summary{}, fmt.Errorf("backup: unable to write %s: %w", path, err)
	}
	if info, err := os.Stat(tmp.Name()); err == nil {
		sum.Bytes = info.Size()
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return Summary{}, fmt.Errorf("backup: unable to write %s: %w", path, err)
	}
	return sum, nil
}
