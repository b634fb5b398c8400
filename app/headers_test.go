package app

import (
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/helmet"
)

// securityHeaders sets exactly the headers helmet would, with the same values, over
// HTTP and behind HTTPS, with and without HSTS: the site's own settings and helmet's
// defaults.
func TestSecurityHeadersAsHelmet(t *testing.T) {
	for _, cfg := range []helmet.Config{
		{ContentSecurityPolicy: contentSecurityPolicy, ReferrerPolicy: "same-origin", XFrameOptions: "DENY",
			PermissionPolicy: "camera=()", HSTSMaxAge: 365 * 24 * 3600},
		{ContentSecurityPolicy: contentSecurityPolicy, XFrameOptions: "SAMEORIGIN"},
		{},
	} {
		for _, proto := range []string{"http", "https"} {
			want := headersOf(t, helmet.New(cfg), proto)
			got := headersOf(t, securityHeaders(cfg), proto)
			if !slices.Equal(got, want) {
				t.Errorf("%+v over %s:\n got %q\nwant %q", cfg, proto, got, want)
			}
			if proto == "https" && cfg.HSTSMaxAge != 0 && !slices.ContainsFunc(got, func(h string) bool {
				return strings.HasPrefix(h, "Strict-Transport-Security: max-age=31536000; includeSubDomains")
			}) {
				t.Errorf("no HSTS behind https: %q", got)
			}
		}
	}
}

// headersOf returns the headers an answer through middleware has, sorted, as "Name: value".
func headersOf(t *testing.T, middleware fiber.Handler, proto string) []string {
	t.Helper()
	f := fiber.New()
	f.Use(middleware)
	f.Get("/", func(c *fiber.Ctx) error { return c.SendString("ok") })
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("X-Forwarded-Proto", proto)
	res, err := f.Test(req)
	if err != nil {
		t.Fatal(err)
	}
	var headers []string
	for name, values := range res.Header {
		if name == "Date" {
			continue
		}
		for _, v := range values {
			headers = append(headers, name+": "+v)
		}
	}
	slices.Sort(headers)
	return headers
}
