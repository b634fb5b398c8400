package backup

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"onshuis/models"
)

// maxParams keeps a multi-row INSERT under both databases' limit on bound values
// (SQLite 32,766, PostgreSQL 65,535).
const maxParams = 30000

// target is a database being filled, inside the one transaction of a restore or copy.
type target struct {
	ctx     context.Context
	tx      *gorm.DB
	sqlTx   *sql.Tx
	pg      bool
	version int
	tables  map[string]Table
	loaded  map[string]int64
}

// into fills db with a database of schema version, all in one transaction: it checks
// that db holds no data (unless force), drops whatever tables it has, builds the
// schema of that version, lets fill load the tables, checks that every table of the
// schema was loaded with the rows it was given, sets the sequences, runs check, and
// migrates to the latest version. Any error rolls the whole of it back.
func into(ctx context.Context, db *gorm.DB, version int, force bool, fill func(*target) error, check func(*target) error) error {
	if latest := models.LatestSchemaVersion(); version > latest {
		return fmt.Errorf("%w (schema %d; this program knows up to %d): use that version of onshuis or a newer one", ErrNewer, version, latest)
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		pg := models.IsPostgres(tx)
		if pg {
			// A process still using the database holds locks on its tables: fail with
			// a message rather than wait for ever.
			if err := tx.Exec("SET LOCAL lock_timeout = '30s'").Error; err != nil {
				return fmt.Errorf("restore: %w", err)
			}
		}
		existing, err := readSchema(tx)
		if err != nil {
			return err
		}
		if !force {
			if err := mustBeEmpty(tx, existing); err != nil {
				return err
			}
		}
		for i := len(existing) - 1; i >= 0; i-- { // children before their parents
			drop := "DROP TABLE " + quoteIdent(existing[i].Name)
			if pg {
				drop += " CASCADE"
			}
			if err := tx.Exec(drop).Error; err != nil {
				return fmt.Errorf("restore: unable to replace table %s: %w", existing[i].Name, err)
			}
		}
		if err := models.MigrateTo(tx, version); err != nil {
			return fmt.Errorf("restore: unable to build the schema of version %d: %w", version, err)
		}
		schema, err := readSchema(tx)
		if err != nil {
			return err
		}
		sqlTx, ok := tx.Statement.ConnPool.(*sql.Tx)
		if !ok {
			return errors.New("restore: no transaction to load into")
		}
		t := &target{ctx: ctx, tx: tx, sqlTx: sqlTx, pg: pg, version: version,
			tables: make(map[string]Table, len(schema)), loaded: make(map[string]int64, len(schema))}
		for _, s := range schema {
			t.tables[s.Name] = s
		}
		if err := fill(t); err != nil {
			return err
		}
		for _, s := range schema {
			if _, ok := t.loaded[s.Name]; !ok && s.Name != migrationsTable {
				return fmt.Errorf("%w: it has no table %s, which schema %d has", ErrMismatch, s.Name, version)
			}
		}
		if err := t.resetSequences(schema); err != nil {
			return err
		}
		if err := t.countRows(); err != nil {
			return err
		}
		if check != nil {
			if err := check(t); err != nil {
				return err
			}
		}
		if err := models.Migrate(tx); err != nil {
			return fmt.Errorf("restore: unable to migrate from version %d: %w", version, err)
		}
		return nil
	})
}

// mustBeEmpty refuses a database that holds any row: a restore or copy would replace it.
func mustBeEmpty(tx *gorm.DB, tables []Table) error {
	for _, t := range tables {
		if t.Name == migrationsTable {
			continue
		}
		var n int64
		if err := tx.Raw("SELECT COUNT(*) FROM (SELECT 1 FROM " + quoteIdent(t.Name) + " LIMIT 1) AS any_row").Scan(&n).Error; err != nil {
			return fmt.Errorf("restore: unable to look into table %s: %w", t.Name, err)
		}
		if n > 0 {
			return fmt.Errorf("%w (table %s has rows)", ErrNotEmpty, t.Name)
		}
	}
	return nil
}

// table loads one table's rows with multi-row INSERTs.
func (t *target) table(src Table, rows rowsFunc) (int64, error) {
	dst, ok := t.tables[src.Name]
	if !ok || src.Name == migrationsTable {
		return 0, fmt.Errorf("%w: table %s is not part of schema %d", ErrMismatch, src.Name, t.version)
	}
	if _, twice := t.loaded[src.Name]; twice {
		return 0, fmt.Errorf("%w: table %s comes twice", ErrMismatch, src.Name)
	}
	if err := sameColumns(src, dst); err != nil {
		return 0, fmt.Errorf("%w: %v", ErrMismatch, err)
	}
	cols := len(src.Columns)
	perBatch := max(1, min(1000, maxParams/cols))
	var full *sql.Stmt
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	args := make([]any, 0, perBatch*cols)
	var n int64
	flush := func() error {
		k := len(args) / cols
		if k == 0 {
			return nil
		}
		var err error
		if k == perBatch {
			if full == nil {
				if full, err = t.sqlTx.PrepareContext(t.ctx, t.insert(src, k)); err != nil {
					return fmt.Errorf("restore: unable to prepare the rows of %s: %w", src.Name, err)
				}
			}
			_, err = full.ExecContext(t.ctx, args...)
		} else {
			_, err = t.sqlTx.ExecContext(t.ctx, t.insert(src, k), args...)
		}
		if err != nil {
			return fmt.Errorf("restore: unable to write the rows of %s: %w", src.Name, err)
		}
		n += int64(k)
		args = args[:0]
		return nil
	}
	err := rows(func(row []any) error {
		args = append(args, row...)
		if len(args) == perBatch*cols {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return n, err
	}
	t.loaded[src.Name] = n
	return n, nil
}

// sameColumns checks that the rows of src fit dst: the same columns of the same kinds.
func sameColumns(src, dst Table) error {
	kinds := make(map[string]Kind, len(dst.Columns))
	for _, c := range dst.Columns {
		kinds[c.Name] = c.Kind
	}
	for _, c := range src.Columns {
		k, ok := kinds[c.Name]
		if !ok {
			return fmt.Errorf("table %s has no column %s", src.Name, c.Name)
		}
		if k != c.Kind {
			return fmt.Errorf("column %s.%s holds %s values, not %s", src.Name, c.Name, k, c.Kind)
		}
	}
	if len(src.Columns) != len(dst.Columns) {
		return fmt.Errorf("table %s has %d columns, the backup %d", src.Name, len(dst.Columns), len(src.Columns))
	}
	return nil
}

// insert is the INSERT of k rows into table.
func (t *target) insert(table Table, k int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO " + quoteIdent(table.Name) + " (" + columnList(table.Columns) + ") VALUES ")
	p := 0
	for r := 0; r < k; r++ {
		if r > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		for c := range table.Columns {
			if c > 0 {
				b.WriteByte(',')
			}
			p++
			if t.pg {
				b.WriteString("$" + strconv.Itoa(p))
			} else {
				b.WriteByte('?')
			}
		}
		b.WriteByte(')')
	}
	return b.String()
}

// resetSequences moves every PostgreSQL sequence past the highest id loaded, so the
// next row the app inserts gets a new id. (SQLite takes the highest rowid + 1 itself.)
func (t *target) resetSequences(schema []Table) error {
	if !t.pg {
		return nil
	}
	for _, s := range schema {
		for _, c := range s.serial {
			err := t.tx.Exec(`SELECT setval(pg_get_serial_sequence(quote_ident(current_schema()) || '.' || quote_ident(?), ?),
				COALESCE((SELECT MAX(`+quoteIdent(c)+`) FROM `+quoteIdent(s.Name)+`), 0) + 1, false)`, s.Name, c).Error
			if err != nil {
				return fmt.Errorf("restore: unable to set the sequence of %s.%s: %w", s.Name, c, err)
			}
		}
	}
	return nil
}

// countRows checks that every table holds the rows it was given.
func (t *target) countRows() error {
	for name, want := range t.loaded {
		got, err := countRows(t.tx, name)
		if err != nil {
			return err
		}
		if got != want {
			return fmt.Errorf("restore: table %s holds %d rows after loading %d", name, got, want)
		}
	}
	return nil
}

func countRows(db *gorm.DB, table string) (int64, error) {
	var n int64
	if err := db.Raw("SELECT COUNT(*) FROM " + quoteIdent(table)).Scan(&n).Error; err != nil {
		return 0, fmt.Errorf("restore: unable to count the rows of %s: %w", table, err)
	}
	return n, nil
}

// Restore loads the backup read from r into db, which must hold no data unless force
// is set (then everything in it is replaced). It rebuilds the schema the backup was
// made with, loads every row, and migrates forward to this version's schema, all in
// one transaction: when anything is wrong with the file or the database, nothing
// changes. A backup from a newer schema is refused.
func Restore(ctx context.Context, db *gorm.DB, r io.Reader, force bool) (Summary, error) {
	rd, err := openReader(r)
	if err != nil {
		return Summary{}, err
	}
	m := rd.manifest
	sum := Summary{SchemaVersion: m.SchemaVersion, Tables: len(m.Tables), CreatedAt: m.CreatedAt, Database: m.Database}
	err = into(ctx, db, m.SchemaVersion, force, func(t *target) error {
		if err := rd.each(t.table); err != nil {
			return err
		}
		for _, n := range t.loaded {
			sum.Rows += n
		}
		return nil
	}, nil)
	if err != nil {
		return Summary{}, err
	}
	return sum, nil
}

// Verify reads a whole backup and checks it (its manifest, every table's rows, the
// counts, the checksum) without a database: what a restore would find wrong with it.
func Verify(r io.Reader) (Summary, error) {
	rd, err := openReader(r)
	if err != nil {
		return Summary{}, err
	}
	m := rd.manifest
	rows, err := rd.verify()
	if err != nil {
		return Summary{}, err
	}
	return Summary{SchemaVersion: m.SchemaVersion, Tables: len(m.Tables), Rows: rows, CreatedAt: m.CreatedAt, Database: m.Database}, nil
}

// RestoreFile restores the backup in the file at path (see Restore), after reading it
// whole once (Verify): a damaged file is refused before the database is touched.
func RestoreFile(ctx context.Context, db *gorm.DB, path string, force bool) (Summary, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return Summary{}, fmt.Errorf("%s: no such file", path)
		}
		return Summary{}, err
	}
	defer f.Close()
	if _, err := Verify(bufio.NewReaderSize(f, 1<<20)); err != nil {
		return Summary{}, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return Summary{}, err
	}
	return Restore(ctx, db, bufio.NewReaderSize(f, 1<<20), force)
}
