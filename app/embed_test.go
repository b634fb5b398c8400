package app_test

import (
	"reflect"
	"strings"
	"testing"

	"onshuis/app"
)

// EMBED_ORIGINS is a list of origins and nothing else: each goes into a CSP header.
func TestLoadEmbedOrigins(t *testing.T) {
	env := map[string]string{"EMBED_ORIGINS": "https://www.oss.nl, https://*.woonwijzer.example , http://127.0.0.1:8080/"}
	cfg, err := app.Load(nil, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"https://www.oss.nl", "https://*.woonwijzer.example", "http://127.0.0.1:8080"}; !reflect.DeepEqual(cfg.EmbedOrigins, want) {
		t.Errorf("EMBED_ORIGINS %q: %q, want %q", env["EMBED_ORIGINS"], cfg.EmbedOrigins, want)
	}
	if cfg, err := app.Load([]string{"--embed-origins", "HTTPS://WWW.OSS.NL"}, func(string) string { return "" }); err != nil || cfg.EmbedOrigins[0] != "https://www.oss.nl" {
		t.Errorf("--embed-origins: %q %v", cfg.EmbedOrigins, err)
	}
	if cfg, err := app.Load(nil, func(string) string { return "" }); err != nil || len(cfg.EmbedOrigins) != 0 {
		t.Errorf("no EMBED_ORIGINS: %q %v", cfg.EmbedOrigins, err)
	}
	for _, bad := range []string{"*", "www.oss.nl", "https://www.oss.nl/programma", "ftp://www.oss.nl", "https://www.oss.nl;script-src *",
		"https://www.oss.nl?x=1", "https://user@www.oss.nl", "'self'", "https://", "https://www.oss.nl 'unsafe-inline'"} {
		if _, err := app.Load([]string{"--embed-origins", bad}, func(string) string { return "" }); err == nil || !strings.Contains(err.Error(), "embed-origins") {
			t.Errorf("--embed-origins %q: %v, want it refused", bad, err)
		}
	}
}
