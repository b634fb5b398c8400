// Package app builds the Ons Huis application: database, migrations, templates,
// translations, middleware and routes.
package app

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/session"
	"github.com/gofiber/template/html/v2"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/sync/errgroup"
	"gorm.io/gorm"

	"onshuis/backup"
	"onshuis/demo"
	"onshuis/figures"
	"onshuis/handlers"
	"onshuis/models"
	"onshuis/notify"
	"onshuis/public"
	"onshuis/store"
	"onshuis/views"
)

// App is a running instance: the Fiber app and the database it serves.
type App struct {
	Fiber *fiber.App
	DB    *gorm.DB
	// Ephemeral holds sessions, CSRF tokens and rate counters (see store.EphemeralURL).
	Ephemeral *gorm.DB
	Config    Config
	Log       *slog.Logger

	// Nightly makes the nightly backup; nil when BACKUP_DIR is not set.
	Nightly *backup.Nightly
	// Sender sends the outbox's messages (or keeps them, without SMTP_URL); it runs in
	// the background, and tests call its SendDue to send at once.
	Sender *notify.Sender
	// Rounds queues the scheduled messages (reminders, hours, digest).
	Rounds *notify.Rounds

	logins           *store.Logins
	loaded           chan struct{} // closed once the templates and translations are parsed
	loadErr          error         // why they could not be, set before loaded is closed
	starting         bool          // Start succeeded: loaded will be closed
	stopHousekeeping context.CancelFunc
	housekeepingDone sync.WaitGroup
}

// New opens the database, brings its schema up to date, and builds the web application,
// ready to serve: Start, then Ready.
func New(cfg Config) (*App, error) {
	a, err := Start(cfg)
	if err != nil {
		return nil, err
	}
	if err := a.Ready(); err != nil {
		_ = a.Close()
		return nil, err
	}
	return a, nil
}

// Start is New without waiting for the templates and translations (about 40 ms of CPU,
// as long as the rest of the start together): they are parsed beside the rest, and
// Start returns as soon as the schema is up to date and the routes are in place. The
// process can listen at once: /healthz and the static files answer, every other request
// (and the error handler) waits until the templates and translations are ready and,
// on PostgreSQL, the pool for sessions and tokens has answered (App.open). Ready
// reports when they are; the background work (housekeeping, sender, backups) starts
// then.
func Start(cfg Config) (*App, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.BcryptCost == 0 {
		cfg.BcryptCost = 10
	}
	a := &App{Config: cfg, Log: cfg.newLogger(), loaded: make(chan struct{})}
	bundle := views.EmptyBundle()
	late := &lateViews{ready: a.loaded}
	parsed := make(chan error, 1)
	go func() { parsed <- parse(bundle, late) }()

	checkEphemeral, err := a.open()
	if err != nil {
		<-parsed
		return nil, err
	}
	if err := a.build(bundle, late); err != nil {
		<-parsed
		_ = a.closeDB(nil)
		return nil, err
	}
	a.starting = true
	checked := make(chan error, 1)
	go func() {
		var err error
		if checkEphemeral != nil {
			err = checkEphemeral()
		}
		checked <- err
	}()
	go func() {
		a.loadErr = <-parsed
		if err := <-checked; a.loadErr == nil {
			a.loadErr = err
		}
		if a.loadErr == nil {
			a.startBackground()
		}
		close(a.loaded)
	}()
	return a, nil
}

// Ready waits until the templates and translations are parsed and the pool for sessions
// and tokens answers (and the background work has started), and reports whether they could.
func (a *App) Ready() error {
	<-a.loaded
	return a.loadErr
}

// waitUntilReady holds a request until the templates and translations are parsed; it
// comes after /healthz and /static in the route table.
func (a *App) waitUntilReady(c *fiber.Ctx) error {
	if err := a.Ready(); err != nil {
		return c.Status(fiber.StatusServiceUnavailable).SendString("Ons Huis could not start.")
	}
	return c.Next()
}

// parse loads the translations into bundle and parses the templates into late, one
// after the other: on a machine with two cores the other one stays free for the way to
// the first answer.
func parse(bundle *i18n.Bundle, late *lateViews) error {
	if err := views.LoadTranslations(bundle); err != nil {
		return err
	}
	assetVersion, err := public.Version()
	if err != nil {
		return fmt.Errorf("app: unable to hash static files: %w", err)
	}
	late.engine, err = views.NewEngine(func(path string) string {
		return "/static/" + strings.TrimPrefix(path, "/") + "?v=" + assetVersion
	})
	return err
}

// lateViews is the template engine while it is being parsed: fiber.Views whose Render
// waits for it. (Fiber calls Load in fiber.New; parse loads the engine itself.)
type lateViews struct {
	ready  <-chan struct{}
	engine *html.Engine // set before ready is closed
}

func (v *lateViews) Load() error { return nil }

func (v *lateViews) Render(w io.Writer, name string, binding any, layout ...string) error {
	<-v.ready
	if v.engine == nil {
		return errors.New("app: the templates could not be parsed")
	}
	return v.engine.Render(w, name, binding, layout...)
}

// open opens the database and, when it is a separate pool (PostgreSQL), the ephemeral
// one. It waits for the main pool's first connection only: the ephemeral pool is not
// needed before the first answer (/healthz reads the main pool; sessions, CSRF tokens
// and rate counters are behind waitUntilReady), so its first connection, a second
// PostgreSQL backend started on two cores beside the first, is made after the routes
// are in place and checked before Ready (checkEphemeral; issue 21). It returns that check,
// nil when there is no separate pool.
func (a *App) open() (checkEphemeral func() error, err error) {
	cfg := a.Config
	ephemeralURL, separate, urlErr := store.EphemeralURL(cfg.DatabaseURL)
	db, err := models.Open(cfg.DatabaseURL, models.PoolConfig{
		MaxOpenConns: cfg.DBMaxOpenConns, MaxIdleConns: cfg.DBMaxIdleConns, ConnMaxLifetime: cfg.DBConnMaxLifetime,
	}, a.Log, cfg.Now)
	if err == nil {
		err = urlErr // models.Open names a bad address first, as before
	}
	var ephemeral *gorm.DB
	if err == nil && separate {
		ephemeral, err = models.OpenUnchecked(ephemeralURL, models.PoolConfig{
			MaxOpenConns: store.EphemeralMaxConns, MaxIdleConns: store.EphemeralMaxConns, ConnMaxLifetime: store.EphemeralConnMaxLifetime,
		}, a.Log, cfg.Now)
	}
	if err != nil {
		if db != nil {
			_ = models.Close(db)
		}
		return nil, err
	}
	a.DB, a.Ephemeral = db, db
	if !separate {
		return nil, nil
	}
	a.Ephemeral = ephemeral
	return func() error { return models.Check(ephemeral, ephemeralURL) }, nil
}

func (a *App) build(bundle *i18n.Bundle, late *lateViews) error {
	cfg := a.Config
	// The schema (one statement when it is up to date) and the static files (the
	// minified stylesheet, about a millisecond) side by side.
	var (
		static fs.FS
		secret []byte // signs the CSRF tokens of visitors who are not logged in
	)
	var start errgroup.Group
	start.Go(func() (err error) {
		if err = a.prepareDatabase(); err != nil {
			return err
		}
		secret, err = store.Secret(a.DB, "csrf")
		return err
	})
	start.Go(func() (err error) {
		if static, err = public.Static(); err != nil {
			return fmt.Errorf("app: %w", err)
		}
		return nil
	})
	if err := start.Wait(); err != nil {
		return err
	}
	if cfg.BackupDir != "" {
		if err := os.MkdirAll(cfg.BackupDir, 0o700); err != nil {
			return fmt.Errorf("app: unable to create the backup folder: %w", err)
		}
		a.Nightly = &backup.Nightly{DB: a.DB, Dir: cfg.BackupDir, KeepDays: cfg.BackupKeepDays, At: cfg.BackupAt, Log: a.Log, Now: cfg.Now}
	}

	sessions := session.New(session.Config{
		Storage:        store.NewKVStore(a.Ephemeral, "session", cfg.Now),
		Expiration:     handlers.SessionLifetime.Duration(),
		KeyLookup:      "cookie:" + handlers.SessionCookie,
		CookieSecure:   cfg.SecureCookies(),
		CookieHTTPOnly: true,
		CookieSameSite: fiber.CookieSameSiteLaxMode,
		CookiePath:     "/",
		KeyGenerator:   rand.Text,
	})
	renderer := &notify.Renderer{Bundle: bundle, BaseURL: cfg.BaseURL, Now: cfg.Now}
	a.Sender = &notify.Sender{DB: a.DB, Renderer: renderer, SMTP: cfg.SMTP, From: cfg.MailFrom, Log: a.Log, Now: cfg.Now,
		Poll: cfg.MailPoll, Batch: 50}
	a.Rounds = &notify.Rounds{DB: a.DB, Now: cfg.Now}
	a.logins = store.NewLogins(a.Ephemeral, cfg.LoginLimitPerAccount, cfg.LoginLimitPerIP, cfg.LoginLimitWindow, cfg.Now)
	h := handlers.New(handlers.Deps{
		DB: a.DB, Ephemeral: a.Ephemeral, Bundle: bundle, Sessions: sessions, Log: a.Log, Now: cfg.Now,
		Logins:  a.logins,
		BaseURL: cfg.BaseURL, SecureCookies: cfg.SecureCookies(), BcryptCost: cfg.BcryptCost,
		HourValueCents: cfg.VolunteerHourValueCents, NightlyBackups: cfg.BackupDir != "",
		TrustMinSessions: cfg.TrustMinSessions,
		Mail:             renderer, MailConfigured: cfg.SMTP != nil,
		Retention: cfg.Retention,
	})

	a.Fiber = fiber.New(fiber.Config{
		AppName: "Ons Huis",
		Views:   late,
		ErrorHandler: func(c *fiber.Ctx, err error) error {
			if a.Ready() != nil {
				return c.Status(fiber.StatusServiceUnavailable).SendString("Ons Huis could not start.")
			}
			return h.HandleError(c, err)
		},
		ReadTimeout:             15 * time.Second,
		WriteTimeout:            30 * time.Second,
		IdleTimeout:             60 * time.Second,
		BodyLimit:               1 << 20,
		Immutable:               true,
		DisableStartupMessage:   true,
		EnableTrustedProxyCheck: len(cfg.TrustedProxies) > 0,
		TrustedProxies:          cfg.TrustedProxies,
		ProxyHeader:             proxyHeader(cfg),
	})
	// After SIGTERM, answers carry "Connection: close", so keep-alive clients (and load
	// balancers) move to another process instead of holding this one open.
	a.Fiber.Server().CloseOnShutdown = true
	a.routes(h, sessions, static, secret)
	return nil
}

// startBackground starts the housekeeping, the sender and the nightly backup; they use
// the translations, so they start once those are loaded.
func (a *App) startBackground() {
	ctx, cancel := context.WithCancel(context.Background())
	a.stopHousekeeping = cancel
	a.housekeepingDone.Add(1)
	go a.housekeeping(ctx)
	a.housekeepingDone.Add(1)
	go func() {
		defer a.housekeepingDone.Done()
		a.Sender.Run(ctx)
	}()
	if a.Nightly != nil {
		a.housekeepingDone.Add(1)
		go func() {
			defer a.housekeepingDone.Done()
			a.Nightly.Run(ctx)
		}()
	}
}

// prepareDatabase brings the schema up to date and, with --demo, fills the demo centre.
func (a *App) prepareDatabase() error {
	if err := models.Migrate(a.DB); err != nil {
		return err
	}
	if !a.Config.Demo {
		return nil
	}
	logins, err := demo.Seed(a.DB, demo.Options{BcryptCost: a.Config.BcryptCost, Now: a.Config.Now})
	if err != nil {
		return err
	}
	for _, l := range logins {
		role := string(l.Role)
		if l.Admin {
			role = "administrator"
		}
		a.Log.Info("demo login", "role", role, "login", l.Login, "password", l.Password, "name", l.Name)
	}
	return nil
}

func proxyHeader(cfg Config) string {
	if len(cfg.TrustedProxies) > 0 {
		return fiber.HeaderXForwardedFor
	}
	return ""
}

// housekeeping deletes expired sessions, tokens and counters now and then, and stores
// the figures of weeks that ended. Every process may do it; neither conflicts.
func (a *App) housekeeping(ctx context.Context) {
	defer a.housekeepingDone.Done()
	if after := a.Config.KeepWeeksAfter; after > 0 {
		select {
		case <-ctx.Done():
			return
		case <-time.After(after):
			a.keepFinishedWeeks()
		}
	}
	ticker := time.NewTicker(10 * time.Minute)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			if n, err := store.DeleteExpiredKV(a.Ephemeral, a.Config.Now()); err != nil {
				a.Log.Warn("unable to delete expired sessions and tokens", "error", err)
			} else if n > 0 {
				a.Log.Debug("deleted expired sessions and tokens", "count", n)
			}
			if err := store.DeleteOldRateCounters(a.Ephemeral, a.Config.Now().Add(-handlers.RateCounterLifetime.Duration())); err != nil {
				a.Log.Warn("unable to delete old rate counters", "error", err)
			}
			if err := a.logins.DeleteForgotten(); err != nil {
				a.Log.Warn("unable to delete old login failures", "error", err)
			}
			// Reminders, the monthly hours and the digest: each round once across
			// processes (notify_runs), its messages in the same transaction.
			if n, err := a.Rounds.Run(); err != nil {
				a.Log.Warn("unable to queue scheduled notifications", "error", err)
			} else if n > 0 {
				a.Log.Info("queued scheduled notifications", "count", n)
			}
			if _, err := models.DeleteOldNotifications(a.DB, a.Config.Now()); err != nil {
				a.Log.Warn("unable to delete old notifications", "error", err)
			}
			a.keepFinishedWeeks()
			// After the weeks are stored: the retention rules, once a night.
			if _, err := a.RunRetention(); err != nil {
				a.Log.Warn("unable to apply the retention rules", "error", err)
			}
		}
	}
}

// keepFinishedWeeks stores the figures of the weeks that ended: a week is counted once,
// here, rather than by the first person who asks for a report of its year.
func (a *App) keepFinishedWeeks() {
	start := time.Now()
	if n, err := figures.KeepFinishedWeeks(a.DB, a.Config.Now()); err != nil {
		a.Log.Warn("unable to store the figures of finished weeks", "error", err)
	} else if n > 0 {
		a.Log.Info("stored the figures of finished weeks", "weeks", n, "duration_ms", time.Since(start).Milliseconds())
	}
}

// RetentionFrom is the hour of the night from which the retention rules run, in the
// default centre's zone: after the nightly backup at its default time.
const RetentionFrom = 4

// RunRetention applies the retention rules (models.ApplyRetention) when it is past
// RetentionFrom and no process did so this night yet: the first process to claim the
// night runs them, every other one skips. It logs what was removed, as counts, and
// reports whether this process ran them.
func (a *App) RunRetention() (bool, error) {
	ran, _, err := ApplyRetentionTonight(a.DB, a.Config, a.Log, false)
	return ran, err
}

// ApplyRetentionTonight runs the night's retention rules on db unless a process already
// did this night; anyHour runs them before RetentionFrom too ("onshuis retention").
func ApplyRetentionTonight(db *gorm.DB, cfg Config, log *slog.Logger, anyHour bool) (bool, models.RetentionCounts, error) {
	var c models.RetentionCounts
	centre, err := models.DefaultCentre(db)
	if err != nil || centre == nil {
		return false, c, err
	}
	now := cfg.Now()
	local := now.In(centre.Location())
	if local.Hour() < RetentionFrom && !anyHour {
		return false, c, nil
	}
	date := local.Format(models.Date)
	claimed, err := models.ClaimRetentionRun(db, date, now)
	if err != nil || !claimed {
		return false, c, err
	}
	// Weeks a figure needs a key for are stored before any key is replaced (the rules
	// keep every figure anyway; this keeps the reports fast).
	if _, err := figures.KeepFinishedWeeks(db, now); err != nil {
		return true, c, err
	}
	start := time.Now()
	c, err = models.ApplyRetention(db, cfg.Retention, centre.Location(), now, models.RetentionBatch)
	log.Info("applied the retention rules", "night", date, "people", c.People, "sign_ups", c.SignUps, "shifts", c.Shifts,
		"skipped_dates", c.Skips, "attendance_names", c.AttendanceNames, "wellbeing_links", c.MoodLinks,
		"visitor_keys", c.VisitorKeys, "duration_ms", time.Since(start).Milliseconds())
	if err != nil {
		return true, c, err
	}
	return true, c, models.FinishRetentionRun(db, date, cfg.Now(), c)
}

// Shutdown stops accepting requests, waits up to timeout for those in flight, and
// closes the database.
func (a *App) Shutdown(timeout time.Duration) error {
	var err error
	if a.Fiber != nil {
		err = a.Fiber.ShutdownWithTimeout(timeout)
	}
	return a.closeDB(err)
}

// Close releases the database without waiting for requests (tests, failed starts).
func (a *App) Close() error { return a.closeDB(nil) }

func (a *App) closeDB(err error) error {
	if a.starting {
		<-a.loaded // the background work starts (or not) before it is stopped
	}
	if a.stopHousekeeping != nil {
		a.stopHousekeeping()
		a.housekeepingDone.Wait()
	}
	if a.Ephemeral != nil && a.Ephemeral != a.DB {
		if cerr := models.Close(a.Ephemeral); cerr != nil && err == nil {
			err = cerr
		}
	}
	if cerr := models.Close(a.DB); cerr != nil && err == nil {
		err = cerr
	}
	return err
}
