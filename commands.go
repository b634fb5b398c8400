package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"gorm.io/gorm"

	"onshuis/app"
	"onshuis/backup"
	"onshuis/models"
)

// command is one of the subcommands beside serving: it reads the same configuration as
// the server (DATABASE_URL, --database-url, --data-dir …) and returns the exit code.
type command func(args []string, getenv func(string) string, stdout, stderr io.Writer) int

var commands = map[string]command{
	"backup":    runBackup,
	"restore":   runRestore,
	"copy":      runCopy,
	"retention": runRetention,
}

// Every failure is one line on stderr and exit code 1; a wrong call is exit code 2.
const (
	exitFailed = 1
	exitUsage  = 2
)

func fail(stderr io.Writer, name string, err error) int {
	msg := err.Error()
	for _, prefix := range []string{"backup: ", "restore: ", "copy: ", "database: "} {
		msg = strings.TrimPrefix(msg, prefix)
	}
	fmt.Fprintf(stderr, "onshuis %s: %s\n", name, strings.Join(strings.Fields(msg), " "))
	return exitFailed
}

func usage(stderr io.Writer, line string) int {
	fmt.Fprintln(stderr, "usage: "+line)
	return exitUsage
}

// load reads the configuration and the command's arguments; a bad flag prints the usage
// line and what was wrong.
func load(name, line string, args []string, getenv func(string) string, stderr io.Writer, extra func(*flag.FlagSet)) (app.Config, []string, bool) {
	if extra == nil {
		extra = func(*flag.FlagSet) {}
	}
	cfg, rest, err := app.LoadCommand("onshuis "+name, args, getenv, func(fs *flag.FlagSet) {
		fs.SetOutput(io.Discard)
		fs.Usage = func() {
			fmt.Fprintln(stderr, "usage: "+line)
			fmt.Fprintln(stderr, "(with the settings of the server: onshuis --help lists them)")
		}
		extra(fs)
	})
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stderr, "onshuis %s: configuration: %s\n", name, strings.Join(strings.Fields(err.Error()), " "))
		}
		return cfg, nil, false
	}
	return cfg, rest, true
}

// open connects to a database without logging SQL (the command says what went wrong,
// in one line), unless LOG_LEVEL is debug.
func open(cfg app.Config, url string) (*gorm.DB, error) {
	log := slog.New(slog.DiscardHandler)
	if cfg.LogLevel <= slog.LevelDebug {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
	}
	return models.Open(url, models.PoolConfig{MaxOpenConns: 4}, log, time.Now)
}

// sqliteFile is the file of a sqlite: address, or "" for another database.
func sqliteFile(url string) string {
	if path, ok := strings.CutPrefix(url, "sqlite:"); ok {
		return path
	}
	return ""
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// openExisting opens the database a command reads from; a SQLite file must be there.
func openExisting(cfg app.Config) (*gorm.DB, error) {
	if path := sqliteFile(cfg.DatabaseURL); path != "" && !exists(path) {
		return nil, fmt.Errorf("there is no database at %s (set DATABASE_URL or --data-dir)", path)
	}
	return open(cfg, cfg.DatabaseURL)
}

// openTarget opens the database a command writes into. When it is a SQLite file that
// did not exist before, forget removes it again, so that a failure leaves nothing.
func openTarget(cfg app.Config, url string) (db *gorm.DB, forget func(), err error) {
	path := sqliteFile(url)
	created := path != "" && !exists(path)
	newDir := path != "" && !exists(filepath.Dir(path))
	db, err = open(cfg, url)
	forget = func() {
		if created {
			for _, p := range []string{path, path + "-wal", path + "-shm", path + "-journal"} {
				_ = os.Remove(p)
			}
		}
		if newDir {
			_ = os.Remove(filepath.Dir(path)) // only if empty
		}
	}
	if err != nil {
		forget()
		return nil, nil, err
	}
	return db, forget, nil
}

// interruptible is a context that ends on Ctrl-C or SIGTERM: the transaction of a
// restore or copy then rolls back.
func interruptible() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

func runBackup(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	const line = "onshuis backup [--database-url URL | --data-dir DIR] FILE   (FILE - writes to standard output)"
	cfg, rest, ok := load("backup", line, args, getenv, stderr, nil)
	if !ok {
		return exitUsage
	}
	if len(rest) != 1 {
		return usage(stderr, line)
	}
	file := rest[0]
	db, err := openExisting(cfg)
	if err != nil {
		return fail(stderr, "backup", err)
	}
	defer models.Close(db)
	ctx, cancel := interruptible()
	defer cancel()
	start := time.Now()
	var sum backup.Summary
	if file == "-" {
		sum, err = backup.Write(ctx, db, stdout, start)
		stdout = stderr
	} else {
		sum, err = backup.WriteFile(ctx, db, file, start)
	}
	record(db, start, file, sum, err)
	if err != nil {
		return fail(stderr, "backup", err)
	}
	fmt.Fprintf(stdout, "onshuis backup: wrote %s: schema %d, %d tables, %d rows, %d bytes, in %s\n",
		file, sum.SchemaVersion, sum.Tables, sum.Rows, sum.Bytes, time.Since(start).Round(time.Millisecond))
	return 0
}

// record notes a backup made by the command, for the coordinator's home. A database
// that cannot take the note (an older schema, a read-only replica) is no reason to fail.
func record(db *gorm.DB, start time.Time, file string, sum backup.Summary, err error) {
	loc := (&models.Centre{TimeZone: models.DefaultTimeZone}).Location()
	if c, cerr := models.DefaultCentre(db); cerr == nil && c != nil {
		loc = c.Location()
	}
	run := &models.BackupRun{Kind: models.BackupManual, LocalDate: start.In(loc).Format(models.Date),
		StartedAt: start, FinishedAt: time.Now(), OK: err == nil, File: file, Bytes: sum.Bytes}
	if err != nil {
		run.Error = err.Error()
	}
	_ = models.RecordBackupRun(db, run)
}

func runRestore(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	const line = "onshuis restore [--force | --check] [--database-url URL | --data-dir DIR] FILE   (FILE - reads standard input)"
	var force, check bool
	cfg, rest, ok := load("restore", line, args, getenv, stderr, func(fs *flag.FlagSet) {
		fs.BoolVar(&force, "force", false, "replace everything in a database that is not empty")
		fs.BoolVar(&check, "check", false, "only read the backup through and say whether it is whole; touch no database")
	})
	if !ok {
		return exitUsage
	}
	if len(rest) != 1 || (check && force) {
		return usage(stderr, line)
	}
	file := rest[0]
	start := time.Now()
	if check {
		var sum backup.Summary
		var err error
		if file == "-" {
			sum, err = backup.Verify(os.Stdin)
		} else if f, oerr := os.Open(file); oerr != nil {
			err = oerr
			if errors.Is(oerr, os.ErrNotExist) {
				err = fmt.Errorf("%s: no such file", file)
			}
		} else {
			defer f.Close()
			sum, err = backup.Verify(f)
		}
		if err != nil {
			if !strings.HasPrefix(err.Error(), file) {
				err = fmt.Errorf("%s: %w", file, err)
			}
			return fail(stderr, "restore", err)
		}
		fmt.Fprintf(stdout, "onshuis restore: %s is whole: made %s on %s, schema %d, %d tables, %d rows\n",
			file, sum.CreatedAt.Format(time.RFC3339), sum.Database, sum.SchemaVersion, sum.Tables, sum.Rows)
		return 0
	}
	if file != "-" && !exists(file) {
		return fail(stderr, "restore", fmt.Errorf("%s: no such file", file))
	}
	db, forget, err := openTarget(cfg, cfg.DatabaseURL)
	if err != nil {
		return fail(stderr, "restore", err)
	}
	ctx, cancel := interruptible()
	defer cancel()
	var sum backup.Summary
	if file == "-" {
		sum, err = backup.Restore(ctx, db, os.Stdin, force)
	} else {
		sum, err = backup.RestoreFile(ctx, db, file, force)
	}
	_ = models.Close(db)
	if err != nil {
		forget()
		switch {
		case errors.Is(err, backup.ErrNotEmpty):
			err = fmt.Errorf("%w; nothing was changed (add --force to replace everything in it)", err)
		case errors.Is(err, backup.ErrNotBackup), errors.Is(err, backup.ErrDamaged), errors.Is(err, backup.ErrNewer), errors.Is(err, backup.ErrMismatch):
			err = fmt.Errorf("%s: %w; nothing was changed", file, err)
		default:
			err = fmt.Errorf("%w; nothing was changed", err)
		}
		return fail(stderr, "restore", err)
	}
	fmt.Fprintf(stdout, "onshuis restore: restored %s (made %s on %s, schema %d, now %d): %d tables, %d rows, in %s\n",
		file, sum.CreatedAt.Format(time.RFC3339), sum.Database, sum.SchemaVersion, models.LatestSchemaVersion(),
		sum.Tables, sum.Rows, time.Since(start).Round(time.Millisecond))
	return 0
}

func runCopy(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	const line = "onshuis copy [--database-url URL | --data-dir DIR] --to postgres://…"
	var to string
	cfg, rest, ok := load("copy", line, args, getenv, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&to, "to", "", "address of the empty database to copy everything into, e.g. postgres://user:pass@host/db")
	})
	if !ok {
		return exitUsage
	}
	if len(rest) != 0 || to == "" {
		return usage(stderr, line)
	}
	if to == cfg.DatabaseURL {
		return fail(stderr, "copy", errors.New("--to names the database being copied"))
	}
	src, err := openExisting(cfg)
	if err != nil {
		return fail(stderr, "copy", err)
	}
	defer models.Close(src)
	dst, forget, err := openTarget(cfg, to)
	if err != nil {
		return fail(stderr, "copy", err)
	}
	ctx, cancel := interruptible()
	defer cancel()
	start := time.Now()
	sum, err := backup.Copy(ctx, src, dst, backup.CopyOptions{HourValueCents: cfg.VolunteerHourValueCents, Now: start})
	_ = models.Close(dst)
	if err != nil {
		forget()
		if errors.Is(err, backup.ErrNotEmpty) {
			err = fmt.Errorf("%w; copy needs an empty database: nothing was changed", err)
		} else {
			err = fmt.Errorf("%w; nothing was changed", err)
		}
		return fail(stderr, "copy", err)
	}
	fmt.Fprintf(stdout, "onshuis copy: copied %d tables, %d rows (schema %d) in %s; every table has the same number of rows and the report figures of %d finished months are the same\n",
		sum.Tables, sum.Rows, sum.SchemaVersion, time.Since(start).Round(time.Millisecond), sum.Months)
	return 0
}

// runRetention applies tonight's retention rules now, unless a process (the server's
// nightly housekeeping, or another run of this command) already did this night.
func runRetention(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	const line = "onshuis retention [--database-url URL | --data-dir DIR]"
	cfg, rest, ok := load("retention", line, args, getenv, stderr, nil)
	if !ok {
		return exitUsage
	}
	if len(rest) != 0 {
		return usage(stderr, line)
	}
	db, err := openExisting(cfg)
	if err != nil {
		return fail(stderr, "retention", err)
	}
	defer models.Close(db)
	if err := models.Migrate(db); err != nil {
		return fail(stderr, "retention", err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ran, c, err := app.ApplyRetentionTonight(db, cfg, log, true)
	if err != nil {
		return fail(stderr, "retention", err)
	}
	if !ran {
		fmt.Fprintln(stdout, "onshuis retention: already applied tonight (or no centre yet); nothing done")
		return 0
	}
	fmt.Fprintf(stdout, "onshuis retention: removed people=%d sign_ups=%d shifts=%d skipped_dates=%d attendance_names=%d wellbeing_links=%d visitor_keys=%d\n",
		c.People, c.SignUps, c.Shifts, c.Skips, c.AttendanceNames, c.MoodLinks, c.VisitorKeys)
	return 0
}
