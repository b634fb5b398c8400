package backup

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"time"
)

// The backup file is a gzip stream of lines, each a JSON value:
//
//	{"format":"onshuis-backup","format_version":1,"schema_version":12,"created_at":…,"database":"sqlite","tables":[…]}
//	[1,"Ons Huis van de Wijk",…]          one line per row, in the manifest's column order
//	{"table":"centres","rows":1}          closes a table's rows, for every table of the manifest in its order
//	…
//	{"end":true,"tables":20,"rows":12345,"sha256":"…"}
//
// The SHA-256 covers every byte of the lines before the last one. Read one with
// "zcat FILE | head -c 300" to see what it is.
const (
	formatName    = "onshuis-backup"
	formatVersion = 1
	maxLine       = 64 << 20 // longer lines mean a damaged file
)

// Errors a restore can meet; the message of each says what to do.
var (
	ErrNotBackup = errors.New("not an Ons Huis backup")
	ErrDamaged   = errors.New("the backup is damaged")
	ErrNewer     = errors.New("the backup is from a newer version of Ons Huis")
	ErrNotEmpty  = errors.New("the database is not empty")
	ErrMismatch  = errors.New("the backup does not fit the schema it names")
)

// Manifest opens a backup: what it is, from which schema and when.
type Manifest struct {
	Format        string    `json:"format"`
	FormatVersion int       `json:"format_version"`
	SchemaVersion int       `json:"schema_version"`
	CreatedAt     time.Time `json:"created_at"`
	Database      string    `json:"database"` // "sqlite" or "postgres": where it was made
	Tables        []Table   `json:"tables"`
}

type tableEnd struct {
	Table string `json:"table"`
	Rows  int64  `json:"rows"`
}

type trailer struct {
	End    bool   `json:"end"`
	Tables int    `json:"tables"`
	Rows   int64  `json:"rows"`
	SHA256 string `json:"sha256"`
}

// rowsFunc hands each row of a table to yield, in order.
type rowsFunc func(yield func(row []any) error) error

// tableSink takes one table's rows: a backup file, or a database being loaded.
type tableSink func(t Table, rows rowsFunc) (int64, error)

// writer writes a backup file.
type writer struct {
	gz     *gzip.Writer
	buf    *bufio.Writer
	sum    hash.Hash
	enc    *json.Encoder
	tables int
	rows   int64
}

func newWriter(w io.Writer, m Manifest) (*writer, error) {
	gz, err := gzip.NewWriterLevel(w, gzip.BestSpeed)
	if err != nil {
		return nil, err
	}
	wr := &writer{gz: gz, buf: bufio.NewWriterSize(gz, 1<<16), sum: sha256.New()}
	wr.enc = json.NewEncoder(io.MultiWriter(wr.buf, wr.sum))
	wr.enc.SetEscapeHTML(false)
	m.Format, m.FormatVersion = formatName, formatVersion
	if err := wr.enc.Encode(m); err != nil {
		return nil, fmt.Errorf("backup: unable to write the manifest: %w", err)
	}
	return wr, nil
}

// table writes one table's rows and the line that closes them.
func (w *writer) table(t Table, rows rowsFunc) (int64, error) {
	var n int64
	line := make([]any, len(t.Columns))
	err := rows(func(row []any) error {
		for i, v := range row {
			line[i] = encodeValue(v)
		}
		n++
		return w.enc.Encode(line)
	})
	if err != nil {
		return n, err
	}
	if err := w.enc.Encode(tableEnd{Table: t.Name, Rows: n}); err != nil {
		return n, err
	}
	w.tables++
	w.rows += n
	return n, nil
}

// close writes the trailer and finishes the gzip stream.
func (w *writer) close() error {
	t := trailer{End: true, Tables: w.tables, Rows: w.rows, SHA256: hex.EncodeToString(w.sum.Sum(nil))}
	line, err := json.Marshal(t)
	if err != nil {
		return err
	}
	if _, err := w.buf.Write(append(line, '\n')); err != nil {
		return err
	}
	if err := w.buf.Flush(); err != nil {
		return err
	}
	return w.gz.Close()
}

// reader reads a backup file.
type reader struct {
	gz       *gzip.Reader
	br       *bufio.Reader
	sum      hash.Hash
	manifest Manifest
}

// openReader checks that r is a backup and reads its manifest.
func openReader(r io.Reader) (*reader, error) {
	br := bufio.NewReader(r)
	magic, err := br.Peek(2)
	if err != nil || magic[0] != 0x1f || magic[1] != 0x8b {
		return nil, ErrNotBackup
	}
	gz, err := gzip.NewReader(br)
	if err != nil {
		return nil, ErrNotBackup
	}
	rd := &reader{gz: gz, br: bufio.NewReaderSize(gz, 1<<16), sum: sha256.New()}
	first, err := rd.line()
	if err != nil {
		if bytes.HasPrefix(first, []byte(`{"format":"`+formatName+`"`)) {
			return nil, damaged("it breaks off in its manifest (%v)", err)
		}
		return nil, ErrNotBackup
	}
	var m Manifest
	if err := json.Unmarshal(first, &m); err != nil || m.Format != formatName {
		if bytes.HasPrefix(first, []byte(`{"format":"`+formatName+`"`)) {
			return nil, damaged("its manifest cannot be read")
		}
		return nil, ErrNotBackup
	}
	if m.FormatVersion > formatVersion {
		return nil, fmt.Errorf("%w: its file format is version %d, this program reads up to %d", ErrNewer, m.FormatVersion, formatVersion)
	}
	if m.FormatVersion < 1 || m.SchemaVersion < 1 || len(m.Tables) == 0 {
		return nil, damaged("its manifest is incomplete")
	}
	for _, t := range m.Tables {
		if t.Name == "" || len(t.Columns) == 0 {
			return nil, damaged("its manifest names a table without columns")
		}
		for _, c := range t.Columns {
			switch c.Kind {
			case KindInt, KindFloat, KindBool, KindText, KindTime, KindBlob:
			default:
				return nil, damaged("its manifest gives column %s.%s the kind %q", t.Name, c.Name, c.Kind)
			}
		}
	}
	rd.sum.Write(first)
	rd.manifest = m
	return rd, nil
}

// line reads the next line, newline included; on an error, what it read of it.
func (r *reader) line() ([]byte, error) {
	var out []byte
	for {
		chunk, err := r.br.ReadSlice('\n')
		out = append(out, chunk...)
		if err == nil {
			return out, nil
		}
		if !errors.Is(err, bufio.ErrBufferFull) {
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return out, err
		}
		if len(out) > maxLine {
			return out, errors.New("a line longer than any row")
		}
	}
}

func damaged(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrDamaged, fmt.Sprintf(format, args...))
}

// each hands every table of the backup, in the manifest's order, to sink, then checks
// the counts, the checksum and the end of the gzip stream. Only when it returns nil has
// the whole file been read and found intact.
func (r *reader) each(sink tableSink) error {
	var total int64
	for _, t := range r.manifest.Tables {
		var ended *tableEnd
		var n int64
		rows := func(yield func([]any) error) error {
			raw := make([]any, 0, len(t.Columns))
			row := make([]any, len(t.Columns))
			for {
				line, err := r.line()
				if err != nil {
					return damaged("table %s breaks off after %d rows (%v)", t.Name, n, err)
				}
				r.sum.Write(line)
				if len(line) > 0 && line[0] == '{' {
					var end tableEnd
					if err := json.Unmarshal(line, &end); err != nil || end.Table != t.Name {
						return damaged("table %s does not end where it should", t.Name)
					}
					ended = &end
					return nil
				}
				dec := json.NewDecoder(bytes.NewReader(line))
				dec.UseNumber()
				raw = raw[:0]
				if err := dec.Decode(&raw); err != nil || len(raw) != len(t.Columns) {
					return damaged("row %d of table %s cannot be read", n+1, t.Name)
				}
				for i, c := range t.Columns {
					v, err := decodeValue(c.Kind, raw[i])
					if err != nil {
						return damaged("row %d of table %s, column %s: %v", n+1, t.Name, c.Name, err)
					}
					row[i] = v
				}
				n++
				if err := yield(row); err != nil {
					return err
				}
			}
		}
		loaded, err := sink(t, rows)
		if err != nil {
			return err
		}
		if ended == nil {
			return damaged("table %s was not read to its end", t.Name)
		}
		if ended.Rows != n || loaded != n {
			return damaged("table %s should have %d rows, %d were read", t.Name, ended.Rows, n)
		}
		total += n
	}
	return r.finish(total)
}

// verify reads the whole file without decoding its rows: the structure, the counts,
// the checksum. A restore from a file runs it first, so that a damaged file is refused
// before the database is touched, and for what it is.
func (r *reader) verify() (rows int64, err error) {
	for _, t := range r.manifest.Tables {
		var n int64
		for {
			line, err := r.line()
			if err != nil {
				return 0, damaged("table %s breaks off after %d rows (%v)", t.Name, n, err)
			}
			r.sum.Write(line)
			if line[0] == '{' {
				var end tableEnd
				if err := json.Unmarshal(line, &end); err != nil || end.Table != t.Name || end.Rows != n {
					return 0, damaged("table %s does not end where it should", t.Name)
				}
				break
			}
			if line[0] != '[' {
				return 0, damaged("row %d of table %s cannot be read", n+1, t.Name)
			}
			n++
		}
		rows += n
	}
	return rows, r.finish(rows)
}

// finish reads the trailer and checks it against what was read.
func (r *reader) finish(total int64) error {
	line, err := r.line()
	if err != nil {
		return damaged("it breaks off before its end (%v)", err)
	}
	var end trailer
	if err := json.Unmarshal(line, &end); err != nil || !end.End {
		return damaged("it does not end where it should")
	}
	if end.Rows != total || end.Tables != len(r.manifest.Tables) {
		return damaged("it should have %d rows in %d tables, %d were read", end.Rows, end.Tables, total)
	}
	if end.SHA256 != hex.EncodeToString(r.sum.Sum(nil)) {
		return damaged("its checksum does not match its contents")
	}
	// Reading to the end makes gzip check its own checksum and length; nothing may
	// follow the trailer.
	if extra, err := io.Copy(io.Discard, r.br); err != nil || extra > 0 {
		return damaged("something follows its end (%v)", err)
	}
	if err := r.gz.Close(); err != nil {
		return damaged("%v", err)
	}
	return nil
}
