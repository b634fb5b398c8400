package backup_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"onshuis/app/apptest"
	"onshuis/backup"
)

func gunzip(t *testing.T, b []byte) string {
	t.Helper()
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// reseal gives a changed backup the checksum of its new contents, as a real backup of
// that content would have.
func reseal(t *testing.T, plain string) []byte {
	t.Helper()
	body := plain[:strings.LastIndex(plain[:len(plain)-1], "\n")+1]
	var end map[string]any
	if err := json.Unmarshal([]byte(plain[len(body):]), &end); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(body))
	end["sha256"] = hex.EncodeToString(sum[:])
	line, _ := json.Marshal(end)
	return gz(body + string(line) + "\n")
}

func gz(s string) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.Bytes()
}

// A file that is not a backup, is damaged or cut off, comes from a newer version, or
// does not fit the schema it names is refused with its own error, and the database is
// left as it was: an empty one stays empty (not even a table), a full one keeps its rows,
// even with force.
func TestRestoreRefusesBadInput(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		s.Setup()
		s.Register("Ayşe Yılmaz", "ayse@example.nl")
		var good bytes.Buffer
		if _, err := backup.Write(context.Background(), s.DB, &good, s.Clock.Now()); err != nil {
			t.Fatal(err)
		}
		plain := gunzip(t, good.Bytes())
		if !strings.Contains(plain, "Ayşe Yılmaz") {
			t.Fatal("the backup does not hold the resident")
		}
		flipped := bytes.Clone(good.Bytes())
		flipped[len(flipped)/2] ^= 0x40

		// An extra table the schema of the backup does not have (as a later version's
		// table would be, in a backup that claims an older schema).
		s.DB.Exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
		s.DB.Exec("INSERT INTO notes (id, body) VALUES (1, 'een notitie')")
		var extra bytes.Buffer
		if _, err := backup.Write(context.Background(), s.DB, &extra, s.Clock.Now()); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(gunzip(t, extra.Bytes()), `"name":"notes"`) {
			t.Error("a table nobody told the backup about is not in it")
		}

		cases := []struct {
			name string
			file []byte
			want error
		}{
			{"empty file", nil, backup.ErrNotBackup},
			{"text", []byte("name,visits\nOns Huis,12\n"), backup.ErrNotBackup},
			{"other gzip", gz(`{"hello":"world"}` + "\n"), backup.ErrNotBackup},
			{"cut off", good.Bytes()[:good.Len()/2], backup.ErrDamaged},
			{"one bit flipped", flipped, backup.ErrDamaged},
			{"a value changed", gz(strings.Replace(plain, "Ayşe Yılmaz", "Ayse Yilmaz", 1)), backup.ErrDamaged},
			{"rows taken out", gz(strings.Replace(plain, "Ayşe", "\n", 1)), backup.ErrDamaged},
			{"no trailer", gz(plain[:strings.LastIndex(plain[:len(plain)-1], "\n")+1]), backup.ErrDamaged},
			{"newer schema", reseal(t, strings.Replace(plain, `"schema_version":`, `"schema_version":9`, 1)), backup.ErrNewer},
			{"newer format", gz(strings.Replace(plain, `"format_version":1`, `"format_version":2`, 1)), backup.ErrNewer},
			{"unknown table", extra.Bytes(), backup.ErrMismatch},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				path := filepath.Join(t.TempDir(), "onshuis.backup")
				if err := os.WriteFile(path, tc.file, 0o600); err != nil {
					t.Fatal(err)
				}
				if _, err := backup.Verify(bytes.NewReader(tc.file)); tc.want != backup.ErrMismatch && tc.want != backup.ErrNewer && !errors.Is(err, tc.want) {
					t.Errorf("verify: got %v, want %v", err, tc.want)
				}
				empty := openDB(t, db.Fresh(t))
				_, err := backup.RestoreFile(context.Background(), empty, path, false)
				if !errors.Is(err, tc.want) {
					t.Fatalf("got %v, want %v", err, tc.want)
				}
				if n := len(rowCounts(t, empty)); n != 0 {
					t.Errorf("the empty database has %d tables after the failed restore", n)
				}
				// Into a database with data, even when told to replace it.
				full := openDB(t, db.Fresh(t))
				if _, err := backup.Restore(context.Background(), full, bytes.NewReader(good.Bytes()), false); err != nil {
					t.Fatal(err)
				}
				before := rowCounts(t, full)
				if _, err := backup.RestoreFile(context.Background(), full, path, true); !errors.Is(err, tc.want) {
					t.Fatalf("with force: got %v, want %v", err, tc.want)
				}
				if after := rowCounts(t, full); !mapsEqual(before, after) {
					t.Errorf("the database changed:\nbefore %v\nafter  %v", before, after)
				}
			})
		}

		t.Run("not empty", func(t *testing.T) {
			full := openDB(t, db.Fresh(t))
			if _, err := backup.Restore(context.Background(), full, bytes.NewReader(good.Bytes()), false); err != nil {
				t.Fatal(err)
			}
			full.Exec("DELETE FROM users WHERE name = ?", "Ayşe Yılmaz")
			before := rowCounts(t, full)
			_, err := backup.Restore(context.Background(), full, bytes.NewReader(good.Bytes()), false)
			if !errors.Is(err, backup.ErrNotEmpty) {
				t.Fatalf("got %v, want %v", err, backup.ErrNotEmpty)
			}
			if after := rowCounts(t, full); !mapsEqual(before, after) {
				t.Errorf("the database changed:\nbefore %v\nafter  %v", before, after)
			}
			// Told to, it replaces everything.
			if _, err := backup.Restore(context.Background(), full, bytes.NewReader(good.Bytes()), true); err != nil {
				t.Fatal(err)
			}
			var n int64
			full.Raw("SELECT COUNT(*) FROM users WHERE name = ?", "Ayşe Yılmaz").Scan(&n)
			if n != 1 {
				t.Errorf("after --force the resident is %d times there, want once", n)
			}
		})
	})
}
