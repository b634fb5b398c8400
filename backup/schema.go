package backup

import (
	"fmt"
	"slices"
	"strings"

	"gorm.io/gorm"

	"onshuis/models"
)

// Kind is how a column's values are carried: the same on SQLite and PostgreSQL, so a
// backup of one restores into the other.
type Kind string

// The kinds of column a backup carries.
const (
	KindInt   Kind = "int"   // INTEGER, BIGINT …: a JSON number
	KindFloat Kind = "float" // REAL, DOUBLE PRECISION: a JSON number
	KindBool  Kind = "bool"  // BOOLEAN: true or false
	KindText  Kind = "text"  // TEXT: a JSON string ({"bytes": base64} when not UTF-8)
	KindTime  Kind = "time"  // DATETIME, TIMESTAMPTZ: RFC 3339 in UTC
	KindBlob  Kind = "blob"  // BLOB, BYTEA: base64
)

// Column is one column of a table.
type Column struct {
	Name string `json:"name"`
	Kind Kind   `json:"kind"`
}

// Table is one table as the database describes it.
type Table struct {
	Name    string   `json:"name"`
	Columns []Column `json:"columns"`

	key     []string // primary key: the order its rows are read in
	parents []string // tables it refers to
	serial  []string // columns a PostgreSQL sequence fills
}

// migrationsTable is written by the migrations themselves: a restore rebuilds it with
// the schema, so its rows are not carried.
const migrationsTable = "schema_migrations"

// readSchema lists every table of the database (on PostgreSQL, of the current schema)
// with its columns, each table after the tables it refers to.
func readSchema(db *gorm.DB) ([]Table, error) {
	pg := models.IsPostgres(db)
	var names []string
	q := `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`
	if pg {
		q = `SELECT table_name FROM information_schema.tables
			WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`
	}
	if err := db.Raw(q).Scan(&names).Error; err != nil {
		return nil, fmt.Errorf("backup: unable to list the tables: %w", err)
	}
	tables := make([]Table, 0, len(names))
	for _, name := range names {
		t, err := describe(db, pg, name)
		if err != nil {
			return nil, err
		}
		tables = append(tables, t)
	}
	return parentsFirst(tables)
}

// columnInfo is a column as the database's catalogue describes it.
type columnInfo struct {
	Name, Type string
	PK         int // SQLite: position in the primary key, 0 when not in it
}

// describe reads one table's columns, primary key, references and sequences.
func describe(db *gorm.DB, pg bool, name string) (Table, error) {
	t := Table{Name: name}
	var cols []columnInfo
	var err error
	if pg {
		err = db.Raw(`SELECT column_name AS name, data_type AS type FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = ? AND is_generated = 'NEVER'
			ORDER BY ordinal_position`, name).Scan(&cols).Error
		if err == nil {
			err = db.Raw(`SELECT a.attname FROM pg_index i
				JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
				WHERE i.indrelid = to_regclass(quote_ident(current_schema()) || '.' || quote_ident(?)) AND i.indisprimary
				ORDER BY array_position(i.indkey::int2[], a.attnum)`, name).Scan(&t.key).Error
		}
		if err == nil {
			err = db.Raw(`SELECT DISTINCT p.relname FROM pg_constraint c JOIN pg_class p ON p.oid = c.confrelid
				WHERE c.contype = 'f' AND c.conrelid = to_regclass(quote_ident(current_schema()) || '.' || quote_ident(?))
				ORDER BY p.relname`, name).Scan(&t.parents).Error
		}
		if err == nil {
			err = db.Raw(`SELECT column_name FROM information_schema.columns
				WHERE table_schema = current_schema() AND table_name = ?
				AND pg_get_serial_sequence(quote_ident(table_schema) || '.' || quote_ident(table_name), column_name) IS NOT NULL
				ORDER BY ordinal_position`, name).Scan(&t.serial).Error
		}
	} else {
		err = db.Raw(`SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid`, name).Scan(&cols).Error
		if err == nil {
			err = db.Raw(`SELECT DISTINCT "table" FROM pragma_foreign_key_list(?) ORDER BY 1`, name).Scan(&t.parents).Error
		}
	}
	if err != nil {
		return t, fmt.Errorf("backup: unable to read table %s: %w", name, err)
	}
	if len(cols) == 0 {
		return t, fmt.Errorf("backup: table %s has no columns", name)
	}
	if !pg {
		// pragma_table_info numbers the key columns 1, 2 … in key order.
		pks := slices.Clone(cols)
		slices.SortFunc(pks, func(a, b columnInfo) int { return a.PK - b.PK })
		for _, c := range pks {
			if c.PK > 0 {
				t.key = append(t.key, c.Name)
			}
		}
	}
	for _, c := range cols {
		k := kindOf(pg, c.Type)
		if k == "" {
			return t, fmt.Errorf("backup: column %s.%s has type %q, which a backup cannot carry faithfully", name, c.Name, c.Type)
		}
		t.Columns = append(t.Columns, Column{Name: c.Name, Kind: k})
	}
	return t, nil
}

// kindOf maps a declared column type to its kind, or "" for a type not carried.
func kindOf(pg bool, typ string) Kind {
	t := strings.ToUpper(strings.TrimSpace(typ))
	if pg {
		switch t {
		case "SMALLINT", "INTEGER", "BIGINT":
			return KindInt
		case "REAL", "DOUBLE PRECISION":
			return KindFloat
		case "BOOLEAN":
			return KindBool
		case "TEXT", "CHARACTER VARYING", "CHARACTER":
			return KindText
		case "TIMESTAMP WITH TIME ZONE", "TIMESTAMP WITHOUT TIME ZONE":
			return KindTime
		case "BYTEA":
			return KindBlob
		}
		return ""
	}
	// SQLite's own rules for a column's affinity, and BOOLEAN and DATETIME as the
	// driver reads them.
	switch {
	case strings.Contains(t, "INT"):
		return KindInt
	case strings.Contains(t, "BOOL"):
		return KindBool
	case strings.Contains(t, "DATE"), strings.Contains(t, "TIME"):
		return KindTime
	case strings.Contains(t, "CHAR"), strings.Contains(t, "CLOB"), strings.Contains(t, "TEXT"):
		return KindText
	case strings.Contains(t, "BLOB"):
		return KindBlob
	case strings.Contains(t, "REAL"), strings.Contains(t, "FLOA"), strings.Contains(t, "DOUB"):
		return KindFloat
	}
	return ""
}

// parentsFirst orders the tables so that each comes after every table it refers to
// (a reference to itself aside), keeping the alphabetical order where it can.
func parentsFirst(tables []Table) ([]Table, error) {
	byName := make(map[string]bool, len(tables))
	for _, t := range tables {
		byName[t.Name] = true
	}
	done := make(map[string]bool, len(tables))
	out := make([]Table, 0, len(tables))
	for len(out) < len(tables) {
		progress := false
		for _, t := range tables {
			if done[t.Name] {
				continue
			}
			ready := true
			for _, p := range t.parents {
				if p != t.Name && byName[p] && !done[p] {
					ready = false
					break
				}
			}
			if ready {
				out = append(out, t)
				done[t.Name] = true
				progress = true
				break // start again from the top: alphabetical among the ready ones
			}
		}
		if !progress {
			var left []string
			for _, t := range tables {
				if !done[t.Name] {
					left = append(left, t.Name)
				}
			}
			return nil, fmt.Errorf("backup: the tables %s refer to each other in a circle; no order loads them", strings.Join(left, ", "))
		}
	}
	return out, nil
}

// quoteIdent quotes a table or column name for SQL (both databases accept "name").
func quoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// columnList is the quoted, comma-separated column names of t.
func columnList(cols []Column) string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = quoteIdent(c.Name)
	}
	return strings.Join(names, ", ")
}
