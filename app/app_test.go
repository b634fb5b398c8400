package app_test

import (
	"bytes"
	"strings"
	"testing"

	"onshuis/app"
	"onshuis/app/apptest"
	"onshuis/models"
)

func TestHealthz(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		c := s.Client()
		r := c.Get("/healthz")
		if r.Status != 200 || strings.TrimSpace(r.Body) != `{"status":"ok"}` {
			t.Errorf("healthz: got %d %s", r.Status, r.Body)
		}
		// With the database gone, healthz says so and pages show a friendly error.
		if err := models.Close(s.DB); err != nil {
			t.Fatal(err)
		}
		r = c.Get("/healthz")
		if r.Status != 503 || !strings.Contains(r.Body, `"reason"`) {
			t.Errorf("healthz with database down: got %d %s", r.Status, r.Body)
		}
		r = c.Get("/")
		if r.Status != 500 || !strings.Contains(r.Body, "Het is niet jouw fout") || !strings.Contains(r.Body, "Foutcode:") {
			t.Errorf("page with database down: got %d\n%s", r.Status, r.Body)
		}
		if strings.Contains(r.Body, "sql") || strings.Contains(r.Body, "database is closed") {
			t.Errorf("error page shows the raw error:\n%s", r.Body)
		}
	})
}

func TestSessionSurvivesRestart(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		s.Setup()
		c := s.Register("Wim Verhoeven", "wim@example.nl")
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		restarted := apptest.New(t, s.URL)
		page := c.Use(restarted.App).Get("/mijn-gegevens")
		if page.Status != 200 || !strings.Contains(page.Body, "Wim Verhoeven") {
			t.Errorf("after restart: got %d, want the account page", page.Status)
		}
	})
}

func TestTwoInstancesShareSessions(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		one := apptest.Fresh(t, db)
		two := apptest.New(t, one.URL)
		one.Setup()
		c := one.Register("Fatma Demir", "fatma@example.nl")

		// The next request lands on the other process: still logged in, and a form
		// loaded on one instance can be sent to the other.
		onTwo := c.Use(two.App)
		page := onTwo.Get("/mijn-gegevens")
		if page.Status != 200 || !strings.Contains(page.Body, "Fatma Demir") {
			t.Fatalf("other instance: got %d", page.Status)
		}
		r := onTwo.Use(one.App).PostWithToken("/taal", apptest.Form("lang", "en", "next", "/"))
		if r.Status != 303 {
			t.Fatalf("form from instance two sent to instance one: got %d", r.Status)
		}
		r = onTwo.Submit("/", "/uitloggen", nil)
		if r.Status != 303 {
			t.Fatalf("logout on instance two: %d", r.Status)
		}
		if r := c.Use(one.App).Get("/mijn-gegevens"); r.Status != 303 {
			t.Errorf("instance one after logout on two: got %d, want redirect to login", r.Status)
		}
	})
}

func TestOpenRefusesBadDatabase(t *testing.T) {
	for _, tc := range []struct{ url, want string }{
		{"mysql://localhost/x", "must start with"},
		{"postgres://%zz@localhost/x", "not a valid address"},
		{"postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2", "does not answer"},
		{"sqlite:", "needs a file path"},
	} {
		cfg := app.Defaults(tc.url)
		var log bytes.Buffer
		cfg.LogOutput = &log
		_, err := app.New(cfg)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error containing %q", tc.url, err, tc.want)
		}
	}
}

func TestLoadConfig(t *testing.T) {
	env := map[string]string{"PORT": "8080", "DATABASE_URL": "postgres://u:geheim@db/onshuis", "BASE_URL": "https://onshuis.example/",
		"TRUSTED_PROXIES": "10.0.0.1, 10.0.0.2", "LOG_FORMAT": "json"}
	cfg, err := app.Load([]string{"--demo"}, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != ":8080" || cfg.DatabaseURL != env["DATABASE_URL"] || cfg.BaseURL != "https://onshuis.example" ||
		!cfg.SecureCookies() || len(cfg.TrustedProxies) != 2 || !cfg.Demo || cfg.LogFormat != "json" {
		t.Errorf("config from env: %+v", cfg)
	}
	cfg, err = app.Load([]string{"--addr", "127.0.0.1:4000"}, func(string) string { return "" })
	if err != nil || cfg.Addr != "127.0.0.1:4000" || cfg.DatabaseURL != "sqlite:data/onshuis.db" || cfg.SecureCookies() {
		t.Errorf("flags: %+v %v", cfg, err)
	}
	if _, err := app.Load([]string{"--log-format", "xml", "--db-max-open-conns", "nul"}, func(string) string { return "" }); err == nil ||
		!strings.Contains(err.Error(), "log-format") || !strings.Contains(err.Error(), "db-max-open-conns") {
		t.Errorf("bad values: %v", err)
	}
}

// The listen address follows the README: PORT (or --port) wins over ADDR and the
// default, an explicit --addr wins over PORT, and --demo has its variable too.
func TestLoadConfigAddress(t *testing.T) {
	cases := []struct {
		args []string
		env  map[string]string
		addr string
		err  string
	}{
		{nil, nil, "127.0.0.1:3000", ""},
		{nil, map[string]string{"ADDR": "127.0.0.1:4000"}, "127.0.0.1:4000", ""},
		{nil, map[string]string{"ADDR": "127.0.0.1:4000", "PORT": "8080"}, ":8080", ""},
		{[]string{"--port", "8081"}, map[string]string{"PORT": "8080"}, ":8081", ""},
		{[]string{"--addr", "127.0.0.1:4000"}, map[string]string{"PORT": "8080"}, "127.0.0.1:4000", ""},
		{[]string{"--addr", "127.0.0.1:4000", "--port", "8080"}, nil, "", "give one of the two"},
		{nil, map[string]string{"PORT": "http"}, "", "port"},
		{nil, map[string]string{"DEMO": "ja"}, "", "DEMO"},
	}
	for _, tc := range cases {
		cfg, err := app.Load(tc.args, func(k string) string { return tc.env[k] })
		switch {
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%v %v: got %v, want an error about %q", tc.args, tc.env, err, tc.err)
		case tc.err == "" && (err != nil || cfg.Addr != tc.addr):
			t.Errorf("%v %v: address %q (%v), want %q", tc.args, tc.env, cfg.Addr, err, tc.addr)
		}
	}
	cfg, err := app.Load(nil, func(k string) string { return map[string]string{"DEMO": "true"}[k] })
	if err != nil || !cfg.Demo {
		t.Errorf("DEMO=true: demo %v (%v)", cfg.Demo, err)
	}
	cfg, err = app.Load([]string{"--demo=false"}, func(k string) string { return map[string]string{"DEMO": "true"}[k] })
	if err != nil || cfg.Demo {
		t.Errorf("--demo=false over DEMO=true: demo %v (%v)", cfg.Demo, err)
	}
}

// An anonymous visitor's form token is signed with the installation's secret, made at
// the first start and read at every later one: a login form loaded on one process is
// accepted by another started after it and by the first after a restart; a token the
// installation did not sign is refused.
func TestAnonymousTokenValidOnEveryInstance(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		one := apptest.Fresh(t, db)
		one.Setup()
		visitor := one.Client()
		visitor.Get("/inloggen")
		form := apptest.Form("email", "niemand@example.nl", "password", "fout wachtwoord", "_csrf", visitor.CSRF())
		two := apptest.New(t, one.URL)
		if r := visitor.Use(two.App).Post("/inloggen", form); r.Status == 403 {
			t.Fatalf("a token from instance one refused by instance two: %d", r.Status)
		}
		if err := one.Close(); err != nil {
			t.Fatal(err)
		}
		restarted := apptest.New(t, one.URL)
		if r := visitor.Use(restarted.App).Post("/inloggen", form); r.Status == 403 {
			t.Fatalf("a token refused after a restart: %d", r.Status)
		}
		forged := restarted.Client()
		forged.Get("/inloggen")
		form.Set("_csrf", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
		if r := forged.Post("/inloggen", form); r.Status != 403 {
			t.Errorf("a token the installation did not sign: got %d, want 403", r.Status)
		}
	})
}
