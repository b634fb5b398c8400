package systemtest

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"onshuis/app/apptest"
)

// onshuis runs the binary with args (and env added to this environment); it returns the
// exit code and what it printed.
func onshuis(t *testing.T, env []string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	cmd.Env = append(os.Environ(), "DATABASE_URL=", "DATA_DIR=")
	cmd.Env = append(cmd.Env, env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	return code, out.String(), errOut.String()
}

// refused checks that a command failed the way a person can read: exit code 1, one
// line on stderr that says want, nothing on stdout.
func refused(t *testing.T, what string, code int, stdout, stderr, want string) {
	t.Helper()
	if code != 1 || stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.HasSuffix(stderr, "\n") || !strings.Contains(stderr, want) {
		t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 1 and one line saying %q", what, code, stdout, stderr, want)
	}
}

func tables(t *testing.T, url string) int64 {
	t.Helper()
	db := openDB(t, url)
	var n int64
	if strings.HasPrefix(url, "sqlite:") {
		db.Raw("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table'").Scan(&n)
	} else {
		db.Raw("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()").Scan(&n)
	}
	return n
}

// The three commands as an administrator uses them: a backup of the embedded database
// while the app runs, its restore into PostgreSQL, the switch to PostgreSQL with copy,
// the app started on each; and each kind of bad input, refused in one line with exit
// code 1 and nothing left half-written.
func TestBackupRestoreCopyCommands(t *testing.T) {
	pg := apptest.Postgres(t)
	dir := t.TempDir()
	sqlite := "sqlite:" + filepath.Join(dir, "data", "onshuis.db")
	app := start(t, sqlite)
	coordinator := setUp(t, app)
	henk := register(t, app, "Henk van den Berg", "henk@example.nl")
	db := openDB(t, sqlite)
	var door string
	db.Raw("SELECT door_code FROM centres LIMIT 1").Scan(&door)
	if r := henk.submit(app.base, "/checkin/"+door, "/checkin/"+door, form("mood", "8")); r.status != 303 {
		t.Fatalf("check-in: %d", r.status)
	}

	// Backup while the app runs, the database named by --data-dir.
	file := filepath.Join(dir, "onshuis.backup")
	code, out, errOut := onshuis(t, nil, "backup", "--data-dir", filepath.Join(dir, "data"), file)
	if code != 0 || !strings.Contains(out, "onshuis backup: wrote "+file) || errOut != "" {
		t.Fatalf("backup: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut := onshuis(t, nil, "restore", "--check", file); code != 0 || !strings.Contains(out, "is whole") {
		t.Errorf("restore --check: exit %d\n%s%s", code, out, errOut)
	}

	// Restore into an empty PostgreSQL (DATABASE_URL), then start the app on it: the
	// coordinator is still logged in (sessions are in the backup) and sees Henk.
	restored := pg.Fresh(t)
	code, out, errOut = onshuis(t, []string{"DATABASE_URL=" + restored}, "restore", file)
	if code != 0 || !strings.Contains(out, "onshuis restore: restored "+file) {
		t.Fatalf("restore: exit %d\n%s%s", code, out, errOut)
	}
	onRestored := start(t, restored)
	coordinator.on(app.base, onRestored.base)
	if r := coordinator.get(onRestored.base, "/coordinator/accounts"); r.status != 200 || !strings.Contains(r.body, "Henk van den Berg") {
		t.Errorf("the app on the restored database: %d", r.status)
	}
	// Not again into a database with data, unless told so.
	code, out, errOut = onshuis(t, []string{"DATABASE_URL=" + restored}, "restore", file)
	refused(t, "restore into a database with data", code, out, errOut, "not empty")
	if code, out, errOut := onshuis(t, []string{"DATABASE_URL=" + restored}, "restore", "--force", file); code != 0 {
		t.Errorf("restore --force: exit %d\n%s%s", code, out, errOut)
	}

	// Stop, copy, start with DATABASE_URL: the README's switch to PostgreSQL.
	if err := app.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	_, _ = app.cmd.Process.Wait()
	target := pg.Fresh(t)
	code, out, errOut = onshuis(t, []string{"DATA_DIR=" + filepath.Join(dir, "data")}, "copy", "--to", target)
	if code != 0 || !strings.Contains(out, "onshuis copy: copied") || !strings.Contains(out, "finished months are the same") {
		t.Fatalf("copy: exit %d\n%s%s", code, out, errOut)
	}
	moved := start(t, target)
	coordinator.on(app.base, moved.base)
	if r := coordinator.get(moved.base, "/coordinator/accounts"); r.status != 200 || !strings.Contains(r.body, "Henk van den Berg") {
		t.Errorf("the app on the copy: %d", r.status)
	}
	register(t, moved, "Fatma Demir", "fatma@example.nl") // new ids after the copied ones
	code, out, errOut = onshuis(t, []string{"DATA_DIR=" + filepath.Join(dir, "data")}, "copy", "--to", target)
	refused(t, "copy into a database with data", code, out, errOut, "not empty")

	// Bad input: each one line and exit code 1, nothing left behind.
	nowhere := "postgres://nobody@127.0.0.1:1/onshuis?sslmode=disable&connect_timeout=3"
	code, out, errOut = onshuis(t, []string{"DATA_DIR=" + filepath.Join(dir, "data")}, "copy", "--to", nowhere)
	refused(t, "copy to a database that does not answer", code, out, errOut, "does not answer")

	code, out, errOut = onshuis(t, []string{"DATABASE_URL=" + pg.Fresh(t)}, "restore", filepath.Join(dir, "weg.backup"))
	refused(t, "restore of a missing file", code, out, errOut, "no such file")

	notBackup := filepath.Join(dir, "bezoekers.csv")
	os.WriteFile(notBackup, []byte("week;bezoeken\n2026-W48;350\n"), 0o600)
	fresh := filepath.Join(dir, "new", "onshuis.db")
	code, out, errOut = onshuis(t, []string{"DATABASE_URL=sqlite:" + fresh}, "restore", notBackup)
	refused(t, "restore of a file that is no backup", code, out, errOut, "not an Ons Huis backup")
	if _, err := os.Stat(filepath.Dir(fresh)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed restore left %s behind (%v)", filepath.Dir(fresh), err)
	}

	whole, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(dir, "cut.backup")
	os.WriteFile(cut, whole[:len(whole)*2/3], 0o600)
	empty := pg.Fresh(t)
	code, out, errOut = onshuis(t, []string{"DATABASE_URL=" + empty}, "restore", cut)
	refused(t, "restore of a damaged file", code, out, errOut, "damaged")
	if n := tables(t, empty); n != 0 {
		t.Errorf("a failed restore left %d tables", n)
	}

	code, out, errOut = onshuis(t, nil, "backup", "--data-dir", filepath.Join(dir, "niets"), filepath.Join(dir, "niets.backup"))
	refused(t, "backup of a database that is not there", code, out, errOut, "there is no database")
	code, out, errOut = onshuis(t, nil, "backup", "--data-dir", filepath.Join(dir, "data"), filepath.Join(dir, "weg", "x.backup"))
	refused(t, "backup into a folder that is not there", code, out, errOut, "does not exist")

	if code, _, errOut := onshuis(t, nil, "restore"); code != 2 || !strings.HasPrefix(errOut, "usage: onshuis restore") {
		t.Errorf("restore without a file: exit %d, %q; want 2 and the usage", code, errOut)
	}
}
