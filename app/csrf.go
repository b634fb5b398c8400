package app

import (
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/csrf"
	"github.com/gofiber/fiber/v2/middleware/session"
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

// renewEvery is how often a logged-in visitor's page views save their session: to
// renew the CSRF token kept in it and the session's own 30 days (issue 21). Between
// two renewals a page view writes nothing.
const renewEvery = time.Hour

// sessionRenewed is the session key of the time (the app's clock, Unix seconds) the
// session was last saved by a page view.
const sessionRenewed = "csrf_renewed"

// boundCSRFView gives a logged-in visitor's page view the CSRF token kept in their
// session, as Fiber's session-backed middleware does (same key, same Token, so its
// check of a form post, which runs for every post, accepts it), without saving the
// session on every view: only when the token is missing, is not the cookie's, expires
// within CSRFLifetime minus renewEvery, or the session was last renewed renewEvery ago.
// A form opened stays usable for at least CSRFLifetime minus renewEvery (11 hours), and
// the session lives 30 days from the last renewal, at most an hour before the last visit.
func boundCSRFView(cfg csrf.Config, sessionKey string, now func() time.Time) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if !handlers.LoggedIn(c) || !safeMethod(c.Method()) {
			return c.Next()
		}
		sess := handlers.LoginSession(c)
		if sess == nil {
			return fiber.ErrInternalServerError // Context keeps the session of everyone logged in
		}
		c.Vary(fiber.HeaderCookie)
		token := viewToken(c, cfg, sess, sessionKey, now)
		c.Locals(cfg.ContextKey, token)
		return c.Next()
	}
}

// viewToken returns the page's token, renewing and saving it in the session when due.
func viewToken(c *fiber.Ctx, cfg csrf.Config, sess *session.Session, sessionKey string, now func() time.Time) string {
	cookie := c.Cookies(cfg.CookieName)
	kept, _ := sess.Get(sessionKey).(csrf.Token)
	valid := cookie != "" && kept.Key == cookie && string(kept.Raw) == "+" && kept.Expiration.After(time.Now())
	renewed, _ := sess.Get(sessionRenewed).(int64)
	if valid && time.Until(kept.Expiration) > cfg.Expiration-renewEvery && now().Unix()-renewed < int64(renewEvery/time.Second) {
		return kept.Key
	}
	token := kept.Key
	if !valid {
		token = cfg.KeyGenerator()
	}
	// Fiber's middleware checks time.Now against the token's expiry, so it is made on that clock.
	sess.Set(sessionKey, csrf.Token{Key: token, Raw: []byte{'+'}, Expiration: time.Now().Add(cfg.Expiration)})
	sess.Set(sessionRenewed, now().Unix())
	if err := sess.Save(); err != nil {
		// As Fiber's middleware: the page still works; its form fails the check.
		return token
	}
	c.Cookie(&fiber.Cookie{
		Name:     cfg.CookieName,
		Value:    token,
		Path:     cfg.CookiePath,
		Domain:   cfg.CookieDomain,
		Secure:   cfg.CookieSecure,
		HTTPOnly: cfg.CookieHTTPOnly,
		SameSite: cfg.CookieSameSite,
		Expires:  time.Now().Add(cfg.Expiration),
	})
	return token
}
