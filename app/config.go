package app

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"onshuis/format"
	"onshuis/models"
	"onshuis/notify"
)

// Config holds every setting of the application. Load fills it from flags and the
// environment; tests build it directly. The README's configuration table lists the
// same options: keep the two in step.
type Config struct {
	Addr        string // listen address, e.g. 127.0.0.1:3000
	DatabaseURL string // postgres://… or sqlite:path/to/file.db
	DataDir     string // folder of the default SQLite file
	BaseURL     string // public address, used in QR codes, feeds and for Secure cookies
	// TrustedProxies are the addresses of reverse proxies whose X-Forwarded-For we believe.
	TrustedProxies []string
	// EmbedOrigins are the sites (https://www.oss.nl) whose pages may show the programme
	// at /embed in an iframe: the embed pages' CSP frame-ancestors.
	EmbedOrigins []string

	LogFormat string // text or json
	LogLevel  slog.Level

	DBMaxOpenConns    int
	DBMaxIdleConns    int
	DBConnMaxLifetime time.Duration

	// Failed logins before the next attempt waits (store.Logins): per IP address and
	// per account from devices it never logged in on; a device the account knows has
	// its own count of LoginLimitPerAccount. LoginLimitWindow is the longest wait.
	LoginLimitPerIP      int
	LoginLimitPerAccount int
	LoginLimitWindow     time.Duration
	CheckInLimitPerIP    int // check-ins per IP per minute
	RegisterLimitPerIP   int // registrations (tries) per IP per hour

	VolunteerHourValueCents int64 // what an hour of volunteering is worth in reports
	// TrustMinSessions is how many sessions a resident's earlier activities of a theme
	// must have held before a new one of that theme is published without review.
	TrustMinSessions int

	Demo bool // fill the demo centre on start

	// The nightly backup (package backup): into BackupDir ("" = none) at BackupAt after
	// midnight in the default centre's zone; files older than BackupKeepDays go.
	BackupDir      string
	BackupKeepDays int
	BackupAt       time.Duration

	// SMTP is the mail server of SMTP_URL; nil sends nothing and keeps the messages for
	// the coordinator's page Berichten. MailFrom is the sender of every mail.
	SMTP     *notify.SMTP
	MailFrom string
	// MailPoll is how often each process looks for messages to send.
	MailPoll time.Duration
	// KeepWeeksAfter is how long after the start a process first stores the figures of
	// finished weeks (figures.KeepFinishedWeeks), rather than at the first housekeeping
	// round ten minutes later: the first report after a start then finds them. 0: only
	// in the housekeeping rounds (the tests, which write past weeks themselves).
	KeepWeeksAfter time.Duration
	// Retention: how long personal data is kept (models.Retention); the privacy page
	// states it, the nightly housekeeping removes by it.
	Retention models.Retention

	// BcryptCost is the password hashing cost; tests lower it to keep the suite fast.
	BcryptCost int
	// Now is the clock; tests pin it.
	Now func() time.Time
	// LogOutput receives the structured log; os.Stderr when nil.
	LogOutput io.Writer
}

// option describes one setting: its flag, its environment variable, its default and
// its help text. Every setting has both a flag and a variable.
type option struct {
	flag, env, def, help string
}

// Options lists every setting as flag, variable and default, for the README's table
// (a test keeps the two in step).
func Options() [][3]string {
	var out [][3]string
	for _, o := range append(options[:len(options):len(options)], switches...) {
		out = append(out, [3]string{o.flag, o.env, o.def})
	}
	return out
}

var options = []option{
	{"addr", "ADDR", "127.0.0.1:3000", "listen address"},
	{"port", "PORT", "", "port to listen on, on all interfaces (hosting platforms set PORT); wins over ADDR, not over an explicit --addr"},
	{"database-url", "DATABASE_URL", "", "postgres://user:pass@host/db for PostgreSQL; empty = SQLite file in the data folder"},
	{"data-dir", "DATA_DIR", "data", "folder of the SQLite database"},
	{"base-url", "BASE_URL", "http://127.0.0.1:3000", "public address of the site (QR codes, calendar links); https:// makes cookies Secure"},
	{"trusted-proxies", "TRUSTED_PROXIES", "", "comma-separated IPs/CIDRs of reverse proxies whose X-Forwarded-For is trusted"},
	{"embed-origins", "EMBED_ORIGINS", "", "comma-separated origins (https://www.example.nl) whose pages may show the programme at /embed in an iframe"},
	{"log-format", "LOG_FORMAT", "text", "text or json"},
	{"log-level", "LOG_LEVEL", "info", "debug, info, warn or error"},
	{"db-max-open-conns", "DB_MAX_OPEN_CONNS", "20", "maximum open database connections per process"},
	// As many idle as open: under load, a connection closed because nobody waited for it
	// that moment was a new PostgreSQL backend a moment later (5 a second at 64 clients,
	// 5 % of the process's CPU, and the backend's start on the database's side; issue 21).
	{"db-max-idle-conns", "DB_MAX_IDLE_CONNS", "20", "maximum idle database connections per process"},
	{"db-conn-max-lifetime", "DB_CONN_MAX_LIFETIME", "30m", "recycle database connections after this long"},
	{"login-limit-ip", "LOGIN_LIMIT_IP", "50", "failed logins from one IP address (on devices the account does not know) before each next try waits"},
	{"login-limit-account", "LOGIN_LIMIT_ACCOUNT", "5", "failed logins for one account from unknown devices, and from each device it logged in on, before each next try waits"},
	{"login-limit-window", "LOGIN_LIMIT_WINDOW", "15m", "longest wait between login tries; the wait starts at 1 minute and doubles with each failure"},
	{"checkin-limit-ip", "CHECKIN_LIMIT_IP", "30", "check-ins per IP address per minute (raise it for load tests)"},
	{"register-limit-ip", "REGISTER_LIMIT_IP", "30", "tries to make an account per IP address per hour"},
	{"volunteer-hour-value", "VOLUNTEER_HOUR_VALUE", "15,00", "value of one volunteer hour in euros, for the impact report"},
	{"trust-min-sessions", "TRUST_MIN_SESSIONS", "6", "sessions held by a resident's earlier activities of a theme before they may publish a new one of it without review (and none of theirs ended by a coordinator in the last year)"},
	{"backup-dir", "BACKUP_DIR", "", "folder for a nightly backup of the database; empty = no nightly backup"},
	{"backup-keep-days", "BACKUP_KEEP_DAYS", "14", "nightly backups older than this many days are deleted"},
	{"backup-time", "BACKUP_TIME", "03:00", "time of day of the nightly backup, in the default centre's time zone"},
	{"smtp-url", "SMTP_URL", "", "mail server: smtp://user:pass@host:587 (STARTTLS, required except on loopback) or smtps://user:pass@host:465; empty = mails are kept, not sent (see Berichten)"},
	{"mail-from", "MAIL_FROM", "Ons Huis <noreply@localhost>", "sender of every mail"},
	{"mail-poll", "MAIL_POLL", "5s", "how often each process looks for mails to send"},
	{"retention-inactive-months", "RETENTION_INACTIVE_MONTHS", strconv.Itoa(models.DefaultRetention().InactiveMonths), "a resident's account is deleted after this many months without coming, logging in or taking part"},
	{"retention-session-months", "RETENTION_SESSION_MONTHS", strconv.Itoa(models.DefaultRetention().SessionMonths), "sessions older than this many months lose their participant lists and attendance names"},
	{"retention-mood-months", "RETENTION_MOOD_MONTHS", strconv.Itoa(models.DefaultRetention().MoodMonths), "after this many months a visit no longer says its visitor answered the wellbeing question"},
	{"retention-visitor-key-months", "RETENTION_VISITOR_KEY_MONTHS", strconv.Itoa(models.DefaultRetention().VisitorKeyMonths), "the key of a phone without an account is replaced after this many months unused (also its cookie's lifetime)"},
	{"retention-health-months", "RETENTION_HEALTH_MONTHS", strconv.Itoa(models.DefaultRetention().HealthLinkMonths), "after this many months without a new health check, the account no longer leads to its answers (the answers stay, under their code)"},
}

// switches are the settings that are on or off: --demo alone turns it on, DEMO=true too.
var switches = []option{
	{"demo", "DEMO", "false", "fill two clearly marked demo centres with sample data and print the demo logins"},
}

// Load reads the configuration from command-line flags and the environment: a variable
// sets the default of its flag, a flag given on the command line wins over its variable.
// PORT (or --port) wins over ADDR and the default address, but not over an --addr given
// on the command line.
func Load(args []string, getenv func(string) string) (Config, error) {
	cfg, _, err := LoadCommand("onshuis", args, getenv, nil)
	return cfg, err
}

// LoadCommand is Load for a command such as "onshuis backup": the same settings, plus
// the command's own flags (registered by extra, may be nil), between which its other
// arguments may stand; those are returned in order.
func LoadCommand(name string, args []string, getenv func(string) string, extra func(*flag.FlagSet)) (Config, []string, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	values := make(map[string]*string, len(options))
	for _, o := range options {
		def := o.def
		if v := getenv(o.env); v != "" {
			def = v
		}
		values[o.flag] = fs.String(o.flag, def, o.help+" (env "+o.env+")")
	}
	var errs []error
	on := map[string]*bool{}
	for _, o := range switches {
		def, err := strconv.ParseBool(cmp.Or(getenv(o.env), o.def))
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: want true or false, got %q", o.env, getenv(o.env)))
		}
		on[o.flag] = fs.Bool(o.flag, def, o.help+" (env "+o.env+")")
	}
	if extra != nil {
		extra(fs)
	}
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return Config{}, nil, err
		}
		if args = fs.Args(); len(args) == 0 || extra == nil {
			break
		}
		rest, args = append(rest, args[0]), args[1:]
	}
	explicit := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { explicit[f.Name] = true })

	cfg := Config{
		Addr:        *values["addr"],
		DatabaseURL: *values["database-url"],
		DataDir:     *values["data-dir"],
		BaseURL:     strings.TrimRight(*values["base-url"], "/"),
		LogFormat:   *values["log-format"],
		Demo:        *on["demo"],
		BcryptCost:  10,
		Now:         time.Now,

		KeepWeeksAfter: 5 * time.Second,
	}
	switch port := *values["port"]; {
	case explicit["addr"] && explicit["port"]:
		errs = append(errs, errors.New("addr and port: give one of the two"))
	case port == "":
	case !validPort(port):
		errs = append(errs, fmt.Errorf("port: want a number from 1 to 65535, got %q", port))
	case !explicit["addr"]:
		cfg.Addr = net.JoinHostPort("", port)
	}
	if cfg.DatabaseURL == "" {
		cfg.DatabaseURL = "sqlite:" + filepath.Join(cfg.DataDir, "onshuis.db")
	}
	for _, p := range strings.Split(*values["trusted-proxies"], ",") {
		if p = strings.TrimSpace(p); p != "" {
			cfg.TrustedProxies = append(cfg.TrustedProxies, p)
		}
	}
	origins, err := parseOrigins(*values["embed-origins"])
	if err != nil {
		errs = append(errs, fmt.Errorf("embed-origins: %w", err))
	}
	cfg.EmbedOrigins = origins

	if err := cfg.LogLevel.UnmarshalText([]byte(*values["log-level"])); err != nil {
		errs = append(errs, fmt.Errorf("log-level: %w", err))
	}
	if cfg.LogFormat != "text" && cfg.LogFormat != "json" {
		errs = append(errs, fmt.Errorf("log-format: want text or json, got %q", cfg.LogFormat))
	}
	if u, err := url.Parse(cfg.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("base-url: want http(s)://host, got %q", cfg.BaseURL))
	}
	intOpt := func(name string, dst *int) {
		n, err := strconv.Atoi(*values[name])
		if err != nil || n < 1 {
			errs = append(errs, fmt.Errorf("%s: want a positive whole number, got %q", name, *values[name]))
		}
		*dst = n
	}
	durOpt := func(name string, dst *time.Duration) {
		d, err := time.ParseDuration(*values[name])
		if err != nil || d <= 0 {
			errs = append(errs, fmt.Errorf("%s: want a duration such as 15m, got %q", name, *values[name]))
		}
		*dst = d
	}
	intOpt("db-max-open-conns", &cfg.DBMaxOpenConns)
	intOpt("db-max-idle-conns", &cfg.DBMaxIdleConns)
	durOpt("db-conn-max-lifetime", &cfg.DBConnMaxLifetime)
	intOpt("login-limit-ip", &cfg.LoginLimitPerIP)
	intOpt("login-limit-account", &cfg.LoginLimitPerAccount)
	durOpt("login-limit-window", &cfg.LoginLimitWindow)
	intOpt("checkin-limit-ip", &cfg.CheckInLimitPerIP)
	intOpt("register-limit-ip", &cfg.RegisterLimitPerIP)
	if cents, err := format.ParseEuros(*values["volunteer-hour-value"]); err != nil || cents > maxHourValueCents {
		errs = append(errs, fmt.Errorf("volunteer-hour-value: want an amount such as 15,00, got %q", *values["volunteer-hour-value"]))
	} else {
		cfg.VolunteerHourValueCents = cents
	}
	intOpt("trust-min-sessions", &cfg.TrustMinSessions)
	cfg.BackupDir = *values["backup-dir"]
	intOpt("backup-keep-days", &cfg.BackupKeepDays)
	if at, err := time.Parse("15:04", *values["backup-time"]); err != nil {
		errs = append(errs, fmt.Errorf("backup-time: want a time of day such as 03:00, got %q", *values["backup-time"]))
	} else {
		cfg.BackupAt = time.Duration(at.Hour())*time.Hour + time.Duration(at.Minute())*time.Minute
	}
	if smtp, err := notify.ParseSMTPURL(*values["smtp-url"]); err != nil {
		errs = append(errs, fmt.Errorf("smtp-url: %w", err))
	} else {
		cfg.SMTP = smtp
	}
	if from, err := notify.ParseFrom(*values["mail-from"]); err != nil {
		errs = append(errs, fmt.Errorf("mail-from: %w", err))
	} else {
		cfg.MailFrom = from
	}
	durOpt("mail-poll", &cfg.MailPoll)
	intOpt("retention-inactive-months", &cfg.Retention.InactiveMonths)
	intOpt("retention-session-months", &cfg.Retention.SessionMonths)
	intOpt("retention-mood-months", &cfg.Retention.MoodMonths)
	intOpt("retention-visitor-key-months", &cfg.Retention.VisitorKeyMonths)
	intOpt("retention-health-months", &cfg.Retention.HealthLinkMonths)
	if cfg.Retention.HealthLinkMonths > 0 && cfg.Retention.HealthLinkMonths <= models.HealthInterval {
		errs = append(errs, fmt.Errorf("retention-health-months: want more than the %d months between two health checks, got %d",
			models.HealthInterval, cfg.Retention.HealthLinkMonths))
	}
	return cfg, rest, errors.Join(errs...)
}

func validPort(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && n >= 1 && n <= 65535
}

// Defaults returns the configuration Load gives without flags or environment,
// with the given database; tests start from it.
func Defaults(databaseURL string) Config {
	cfg, err := Load(nil, func(string) string { return "" })
	if err != nil {
		panic("app: default configuration is invalid: " + err.Error())
	}
	cfg.DatabaseURL = databaseURL
	return cfg
}

// SecureCookies reports whether cookies must carry the Secure flag.
func (c Config) SecureCookies() bool {
	return strings.HasPrefix(c.BaseURL, "https://")
}

// newLogger builds the structured logger the whole application shares.
func (c Config) newLogger() *slog.Logger {
	out := c.LogOutput
	if out == nil {
		out = os.Stderr
	}
	opts := &slog.HandlerOptions{Level: c.LogLevel}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(out, opts))
	}
	return slog.New(slog.NewTextHandler(out, opts))
}

// maxHourValueCents bounds the value of a volunteer hour: more than € 10.000,00 is a
// typing error.
const maxHourValueCents = 10000_00
