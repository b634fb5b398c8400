package app

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// parseOrigins reads EMBED_ORIGINS: a comma-separated list of origins, each a scheme
// (http or https) and a host with an optional port and nothing else; a host may start
// with "*." for every subdomain, as CSP allows. They go into a CSP header as they are,
// so anything else is refused here rather than bent into shape.
func parseOrigins(list string) ([]string, error) {
	var out []string
	for _, o := range strings.Split(list, ",") {
		o = strings.TrimSpace(o)
		if o == "" {
			continue
		}
		u, err := url.Parse(o)
		host := ""
		if err == nil {
			host = strings.TrimPrefix(u.Hostname(), "*.")
		}
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || host == "" || strings.ContainsAny(host, "*;, '\"") ||
			u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" {
			return nil, fmt.Errorf("want origins such as https://www.example.nl, got %q", o)
		}
		out = append(out, strings.ToLower(u.Scheme+"://"+u.Host))
	}
	return out, nil
}

// embedPolicy is the Content-Security-Policy of the embed pages: the site's own, except
// that the configured origins (and the site itself) may frame them.
func embedPolicy(origins []string) string {
	ancestors := strings.Join(append([]string{"'self'"}, origins...), " ")
	return strings.Replace(contentSecurityPolicy, "frame-ancestors 'none'", "frame-ancestors "+ancestors, 1)
}

// embeddable lets the pages after it be shown in an iframe of the configured origins:
// their CSP frame-ancestors names them, and X-Frame-Options (which can name no list of
// origins) is left out. Every other page keeps frame-ancestors 'none' and DENY.
func embeddable(policy string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderContentSecurityPolicy, policy)
		c.Response().Header.Del(fiber.HeaderXFrameOptions)
		return c.Next()
	}
}
