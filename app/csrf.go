package app

import (
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/csrf"
	"github.com/gofiber/fiber/v2/utils"

	"onshuis/handlers"
	"onshuis/store"
)

// safeMethod reports whether a request with this method changes nothing (RFC 9110),
// so it carries no form to check.
func safeMethod(m string) bool {
	switch m {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions, fiber.MethodTrace:
		return true
	}
	return false
}

// lazyCSRF gives an anonymous visitor's page view a token that is made when a form
// on the page asks for it, not before. Fiber's middleware made one, with its HMAC and
// a Set-Cookie, for every view; the programme page has no form for an anonymous
// visitor and is the same for all of them (handlers/programme_cache.go), so it now
// goes out without a cookie. Form posts are checked by Fiber's middleware before this
// (csrf in routes.go), which also leaves the checked token for the page it shows.
func lazyCSRF(cfg csrf.Config, tokens *store.SignedTokens) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if handlers.LoggedIn(c) || !safeMethod(c.Method()) {
			return c.Next()
		}
		c.Vary(fiber.HeaderCookie) // as Fiber's: the page's token comes from the cookie
		t := &lazyToken{c: c, cfg: cfg, tokens: tokens}
		c.Locals(cfg.ContextKey, t)
		err := c.Next()
		t.c = nil // the context is reused for the next request
		return err
	}
}

// lazyToken is the anonymous visitor's CSRF token as a page sees it: templates print
// it with String, which makes it the first time (the visitor's valid cookie, else a new
// signed token and its cookie).
type lazyToken struct {
	c      *fiber.Ctx
	cfg    csrf.Config
	tokens *store.SignedTokens
	token  string
}

// String returns the token, making it on the first call.
func (t *lazyToken) String() string {
	if t.token != "" || t.c == nil {
		return t.token
	}
	if ck := t.c.Cookies(t.cfg.CookieName); ck != "" {
		if ok, _ := t.tokens.Get(ck); ok != nil {
			t.token = utils.CopyString(ck)
			return t.token
		}
	}
	t.token = t.tokens.Generate()
	t.c.Cookie(&fiber.Cookie{
		Name:     t.cfg.CookieName,
		Value:    t.token,
		Path:     t.cfg.CookiePath,
		Domain:   t.cfg.CookieDomain,
		Secure:   t.cfg.CookieSecure,
		HTTPOnly: t.cfg.CookieHTTPOnly,
		SameSite: t.cfg.CookieSameSite,
		Expires:  time.Now().Add(t.cfg.Expiration),
	})
	return t.token
}
