package handlers

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/session"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"onshuis/models"
	"onshuis/views"
)

// Names of values kept on a request.
const (
	localsRequest = "onshuis.request"
	// LocalsCSRF is where the CSRF middleware leaves the token for forms.
	LocalsCSRF = "onshuis.csrf"
	// LocalsRequestID is where the request-id middleware leaves the id.
	LocalsRequestID = "requestid"

	// SessionCookie names the session cookie; app configures the session store with it.
	SessionCookie = "onshuis_sessie"
	// DeviceCookie marks a device an account logged in on (store.Logins), for a year.
	DeviceCookie = "onshuis_apparaat"
	// CSRFCookie names the cookie of the CSRF middleware; app configures it.
	CSRFCookie = "onshuis_csrf"

	sessionUserID     = "uid"
	sessionGeneration = "gen"    // the account's session generation at login
	sessionCentre     = "centre" // the centre a coordinator or partner works in now
	langCookie        = "onshuis_taal"
	flashCookie       = "onshuis_melding"
)

// request is what every page needs to know about the current visitor.
type request struct {
	User *models.User // nil for anonymous visitors
	Lang string
	L    *i18n.Localizer
	// Unseen counts the messages of a user without e-mail not yet seen on Mijn pagina:
	// the menu's badge.
	Unseen int64

	// The current centre is loaded on first use (h.centre): a check-in or a form that
	// only redirects does not need it. It comes with its programme's state, which the
	// programme page checks its kept week against (programme_cache.go) without another
	// statement. chosenCentre is the one kept in the session.
	centre       *models.VersionedCentre
	centreLoaded bool
	chosenCentre int64
	// homeCookie is the centre this device chose as its own (HomeCentreCookie), 0 for
	// none: what a visitor without an account (or an account without a choice) sees first.
	homeCookie int64
	// session is the logged-in user's session as Context loaded it, for the CSRF check
	// of a page view (LoginSession), so the session is read once per request.
	session *session.Session
}

// Context loads the visitor (session, user, language) and the centre, and sends
// everyone to the setup page while the site has no coordinator.
func (h *Handlers) Context(c *fiber.Ctx) error {
	if !h.setupDone.Load() {
		needed, err := models.SetupNeeded(h.DB)
		if err != nil {
			return err
		}
		if !needed {
			h.setupDone.Store(true)
		} else if c.Path() != "/setup" {
			return c.Redirect("/setup", fiber.StatusSeeOther)
		}
	}

	rq := &request{}
	user, chosen, sess, err := h.sessionUser(c)
	if err != nil {
		return err
	}
	rq.User, rq.chosenCentre, rq.session = user, chosen, sess
	rq.homeCookie = homeCentreCookie(c)
	if user != nil && user.Email == nil {
		if rq.Unseen, err = models.CountUnseen(h.DB, user.ID); err != nil {
			return err
		}
	}
	rq.Lang = h.language(c, user)
	rq.L = h.localizer(rq.Lang)
	c.Locals(localsRequest, rq)
	err = c.Next()
	if user != nil {
		// Whatever a logged-in user gets may show their name or others' (the header
		// alone does): no browser or proxy may keep it. Set after the handler, so it
		// also covers an error page and wins over a public feed's caching.
		c.Set(fiber.HeaderCacheControl, "no-store")
	}
	return err
}

// sessionUser returns the logged-in user, or nil. A session of an older generation
// than the account's (the password changed, "Overal uitloggen") is ended here: the
// user row is loaded anyway, so this costs no query, and it holds on every process.
// A page view saves the session only when its CSRF token is new or due for renewal, at
// most once an hour (app/csrf.go), which keeps it alive for 30 days after the last visit.
// It also returns the centre chosen in the session (0 when none), and loads the
// centres a coordinator or partner has (one statement, none for a resident), and the
// session itself (nil when nobody is logged in).
func (h *Handlers) sessionUser(c *fiber.Ctx) (*models.User, int64, *session.Session, error) {
	if c.Cookies(SessionCookie) == "" {
		return nil, 0, nil, nil
	}
	sess, err := h.Sessions.Get(c)
	if err != nil {
		return nil, 0, nil, fmt.Errorf("session: unable to load: %w", err)
	}
	id, ok := sess.Get(sessionUserID).(int64)
	if !ok {
		return nil, 0, nil, nil
	}
	user, err := models.UserByID(h.DB, id)
	if err != nil {
		return nil, 0, nil, err
	}
	generation, _ := sess.Get(sessionGeneration).(int64) // sessions from before generations have none: 0
	if user == nil || user.AnonymisedAt != nil || generation != user.SessionGeneration {
		if err := sess.Destroy(); err != nil {
			return nil, 0, nil, fmt.Errorf("session: unable to end an outdated session: %w", err)
		}
		return nil, 0, nil, nil
	}
	// Using the site while logged in is being active too (one statement a day at most).
	if err := models.TouchLastSeen(h.DB, user, h.Now()); err != nil {
		return nil, 0, nil, err
	}
	if err := models.LoadCentreLinks(h.DB, user); err != nil {
		return nil, 0, nil, err
	}
	chosen, _ := sess.Get(sessionCentre).(int64)
	return user, chosen, sess, nil
}

// language is the user's saved choice, else the language cookie, else Dutch.
func (h *Handlers) language(c *fiber.Ctx, user *models.User) string {
	if user != nil && user.Language != "" {
		return views.SupportedLanguage(user.Language)
	}
	return views.SupportedLanguage(c.Cookies(langCookie))
}

// rq returns the request context set by Context.
func rq(c *fiber.Ctx) *request {
	if r, ok := c.Locals(localsRequest).(*request); ok {
		return r
	}
	return &request{Lang: "nl"}
}

// LoginSession returns the logged-in user's session as Context loaded it, once: the
// caller may change and save it (which releases it), so a second call returns nil.
func LoginSession(c *fiber.Ctx) *session.Session {
	r := rq(c)
	sess := r.session
	r.session = nil
	return sess
}

// LoggedIn reports whether the request comes from a logged-in user (after Context).
func LoggedIn(c *fiber.Ctx) bool { return rq(c).User != nil }

// RequireLogin lets only logged-in users through; others go to the login page and
// come back afterwards.
func (h *Handlers) RequireLogin(c *fiber.Ctx) error {
	if rq(c).User == nil {
		return c.Redirect("/inloggen?next="+url.QueryEscape(c.OriginalURL()), fiber.StatusSeeOther)
	}
	return c.Next()
}

// RequireRole lets only users with one of the roles through: anonymous visitors go to
// the login page, others get a 403 page.
func (h *Handlers) RequireRole(roles ...models.Role) fiber.Handler {
	return func(c *fiber.Ctx) error {
		u := rq(c).User
		if u == nil {
			return h.RequireLogin(c)
		}
		for _, r := range roles {
			// A coordinator or partner without a centre is one in name only: every
			// page of theirs is about a centre.
			if u.Role == r && (r != models.RoleCoordinator || len(u.Coordinates) > 0) &&
				(r != models.RolePartner || len(u.Reads) > 0) {
				return c.Next()
			}
		}
		return fiber.ErrForbidden
	}
}

// safeNext returns next when it is a path on this site, else "/". It keeps login and
// language links from sending people to another site (open redirect).
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Host != "" || u.Scheme != "" {
		return "/"
	}
	return next
}

// setFlash leaves a one-time message for the next page. Only message ids travel.
func (h *Handlers) setFlash(c *fiber.Ctx, messageID string) {
	c.Cookie(&fiber.Cookie{
		Name: flashCookie, Value: messageID, Path: "/", HTTPOnly: true,
		Secure: h.SecureCookies, SameSite: fiber.CookieSameSiteLaxMode,
		Expires: FlashLifetime.After(time.Now()),
	})
}

// takeFlash returns the pending message id and clears it.
func (h *Handlers) takeFlash(c *fiber.Ctx) string {
	id := c.Cookies(flashCookie)
	if id == "" {
		return ""
	}
	c.Cookie(&fiber.Cookie{Name: flashCookie, Path: "/", Expires: time.Unix(0, 0), HTTPOnly: true,
		Secure: h.SecureCookies, SameSite: fiber.CookieSameSiteLaxMode})
	if !strings.HasPrefix(id, "flash.") {
		return ""
	}
	return id
}

func (h *Handlers) localizer(lang string) *i18n.Localizer {
	if l := h.localizers[lang]; l != nil {
		return l
	}
	return i18n.NewLocalizer(h.Bundle, lang)
}

// centre returns the current centre, loading it once per request; it is the one place
// that decides it (nil before setup). For a coordinator it is the centre chosen with
// the switcher (kept in the session) among those they coordinate, else the first of
// them; for a partner likewise among the centres they read; for anyone else the
// centre they chose as their own (in their account, else on this device), else the
// default centre. A closed centre is nobody's own any more: the default stands in.
func (h *Handlers) centre(c *fiber.Ctx) (*models.Centre, error) {
	vc, err := h.versionedCentre(c)
	if vc == nil {
		return nil, err
	}
	return &vc.Centre, nil
}

// versionedCentre is h.centre with its programme's state, from the same statement.
func (h *Handlers) versionedCentre(c *fiber.Ctx) (*models.VersionedCentre, error) {
	r := rq(c)
	if !r.centreLoaded {
		centre, err := h.loadCurrentCentre(r)
		if err != nil {
			return nil, err
		}
		r.centre, r.centreLoaded = centre, true
	}
	return r.centre, nil
}

func (h *Handlers) loadCurrentCentre(r *request) (*models.VersionedCentre, error) {
	u := r.User
	if ids := workCentres(u); len(ids) > 0 {
		id := ids[0]
		if slices.Contains(ids, r.chosenCentre) {
			id = r.chosenCentre
		}
		return models.VersionedCentreByID(h.DB, id)
	}
	if home := r.homeCentre(); home != 0 {
		centre, err := models.VersionedCentreByID(h.DB, home)
		if err != nil || centre != nil && centre.ClosedAt == nil {
			return centre, err
		}
	}
	return models.DefaultVersionedCentre(h.DB)
}

// homeCentre is the centre the visitor chose as their own: the account's choice, else
// this device's; 0 for none. It says nothing about coordinators' current centre.
func (r *request) homeCentre() int64 {
	if r.User != nil && r.User.HomeCentreID != nil {
		return *r.User.HomeCentreID
	}
	return r.homeCookie
}

// workCentres are the centres a coordinator coordinates, or a partner reads: those the
// switcher offers.
func workCentres(u *models.User) []int64 {
	switch {
	case u == nil:
		return nil
	case u.Role == models.RoleCoordinator:
		return u.Coordinates
	case u.Role == models.RolePartner:
		return u.Reads
	}
	return nil
}

// localNow is the time in the centre's zone.
func (h *Handlers) localNow(centre *models.Centre) time.Time {
	if centre == nil {
		return h.Now()
	}
	return h.Now().In(centre.Location())
}
