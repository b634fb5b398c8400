package handlers

import (
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"onshuis/format"
	"onshuis/models"
	"onshuis/password"
	"onshuis/store"
)

func mustHash(pw string, cost int) string {
	h, err := password.Hash(pw, cost)
	if err != nil {
		panic(err) // only with an invalid cost, a programming error
	}
	return h
}

// startSession logs the user in with a new session id, so an id planted before login
// (session fixation) is worthless afterwards. The session carries the account's
// session generation: raising it (models.EndSessions) ends the session.
func (h *Handlers) startSession(c *fiber.Ctx, u *models.User) error {
	sess, err := h.Sessions.Get(c)
	if err != nil {
		return fmt.Errorf("session: unable to load: %w", err)
	}
	if err := sess.Regenerate(); err != nil {
		return fmt.Errorf("session: unable to regenerate: %w", err)
	}
	sess.Set(sessionUserID, u.ID)
	sess.Set(sessionGeneration, u.SessionGeneration)
	if err := sess.Save(); err != nil {
		return fmt.Errorf("session: unable to save: %w", err)
	}
	// Logging in is being active: the retention rules keep the account.
	if err := models.TouchLastSeen(h.DB, u, h.Now()); err != nil {
		return err
	}
	// The centre this device chose before ("Dit is mijn buurthuis", in the cookie)
	// becomes the account's own when it has none, so the choice follows the resident
	// to their other devices; an account's own choice is never overwritten.
	if home := rq(c).homeCookie; home != 0 && u.HomeCentreID == nil {
		if err := models.AdoptHomeCentre(h.DB, u.ID, home); err != nil {
			return err
		}
	}
	return h.linkDevice(c, u.ID)
}

// keepSession carries this browser's session over to the account's new session
// generation, under a new id, after a change that ended all the others.
func (h *Handlers) keepSession(c *fiber.Ctx, generation int64) error {
	sess, err := h.Sessions.Get(c)
	if err != nil {
		return fmt.Errorf("session: unable to load: %w", err)
	}
	if err := sess.Regenerate(); err != nil {
		return fmt.Errorf("session: unable to regenerate: %w", err)
	}
	sess.Set(sessionGeneration, generation)
	if err := sess.Save(); err != nil {
		return fmt.Errorf("session: unable to save: %w", err)
	}
	return nil
}

// endSession logs out: the session is deleted from the store and its cookie expired.
func (h *Handlers) endSession(c *fiber.Ctx) error {
	sess, err := h.Sessions.Get(c)
	if err != nil {
		return fmt.Errorf("session: unable to load: %w", err)
	}
	if err := sess.Destroy(); err != nil {
		return fmt.Errorf("session: unable to destroy: %w", err)
	}
	return nil
}

// RegisterForm shows the form to create an account.
func (h *Handlers) RegisterForm(c *fiber.Ctx) error {
	if user(c) != nil {
		return c.Redirect("/", fiber.StatusSeeOther)
	}
	return h.render(c, fiber.StatusOK, "auth/register", formPage("register.title", nil, nil))
}

// Register creates a resident account and logs it in. It does not say whether an
// address already has an account (that would let anyone test which do): a taken
// e-mail address or phone number gets a neutral message that points to logging in.
// Each address may try RegisterLimitPerIP times an hour (RegisterLimited).
//
// When notifications exist (issue 14), the owner of a taken address should hear of
// the attempt through it ("someone tried to make an account with your address; forgot
// your password?") while every attempt answers alike; that belongs where the neutral
// message is set below.
func (h *Handlers) Register(c *fiber.Ctx) error {
	f := newForm(c)
	u := models.User{Name: f.text("name", true, 100), Role: models.RoleResident, Language: rq(c).Lang}
	u.Email, u.Phone = f.contact("email", "phone")
	pw := f.newPassword("password", "password_repeat")
	if !f.checked("consent") {
		f.fail("consent", "register.consent_required")
	}
	if f.OK() {
		emailTaken, phoneTaken, err := models.ContactTaken(h.DB, u.Email, u.Phone)
		if err != nil {
			return err
		}
		if emailTaken {
			f.fail("email", "register.email_unavailable")
		}
		if phoneTaken {
			f.fail("phone", "register.phone_unavailable")
		}
	}
	if !f.OK() {
		return h.render(c, fiber.StatusUnprocessableEntity, "auth/register", formPage("register.title", f.Values, f.Errors))
	}
	var err error
	if u.PasswordHash, err = password.Hash(pw, h.BcryptCost); err != nil {
		return err
	}
	if err := f.contactTaken(models.CreateUser(h.DB, &u), "register.email_unavailable", "register.phone_unavailable"); err != nil {
		return err
	}
	if !f.OK() {
		return h.render(c, fiber.StatusUnprocessableEntity, "auth/register", formPage("register.title", f.Values, f.Errors))
	}
	if err := models.GiveConsent(h.DB, u.ID, models.ConsentTerms, models.TermsVersion, h.Now()); err != nil {
		return err
	}
	if err := h.rememberDevice(c, h.accountAttempt(c, u.ID)); err != nil {
		return err
	}
	if err := h.startSession(c, &u); err != nil {
		return err
	}
	// Someone at the centre may have kept a place under this phone number for a
	// person without an account: Mijn pagina offers to take it over.
	held, err := models.PlacesToTakeOver(h.DB, &u)
	if err != nil {
		return err
	}
	if len(held) > 0 {
		h.setFlash(c, "flash.registered_places_held")
		return c.Redirect("/mijn-activiteiten", fiber.StatusSeeOther)
	}
	h.setFlash(c, "flash.registered")
	return c.Redirect("/", fiber.StatusSeeOther)
}

// RegisterLimited answers a registration over the per-address limit with the form,
// as typed, and a calm message.
func (h *Handlers) RegisterLimited(c *fiber.Ctx) error {
	h.Log.Warn("registration rate limit reached", "ip", c.IP(), "request_id", c.Locals(LocalsRequestID))
	f := newForm(c)
	f.raw("name")
	f.contact("email", "phone")
	f.checked("consent")
	f.Errors = map[string]string{"email": "register.too_many"}
	return h.render(c, fiber.StatusTooManyRequests, "auth/register", formPage("register.title", f.Values, f.Errors))
}

// LoginForm shows the login form.
func (h *Handlers) LoginForm(c *fiber.Ctx) error {
	next := safeNext(c.Query("next"))
	if user(c) != nil {
		return c.Redirect(next, fiber.StatusSeeOther)
	}
	return h.render(c, fiber.StatusOK, "auth/login", formPage("login.title", map[string]string{"next": next}, nil))
}

// Login checks the email or phone number and password. Guessing is slowed down per
// account and per device or address (store.Logins): an attempt that has to wait gets
// 429 and how long, before its password is looked at; a wrong password answers 422.
func (h *Handlers) Login(c *fiber.Ctx) error {
	f := newForm(c)
	login := f.text("login", true, 200)
	pw := f.password("password")
	next := safeNext(f.raw("next"))
	if pw == "" {
		f.fail("password", "form.required")
	}
	if !f.OK() {
		return h.render(c, fiber.StatusUnprocessableEntity, "auth/login", formPage("login.title", f.Values, f.Errors))
	}
	u, err := models.UserByLogin(h.DB, login)
	if err != nil {
		return err
	}
	attempt := &store.Attempt{Account: "login:" + normaliseLogin(login), Device: h.deviceCookie(c), IP: c.IP()}
	if u != nil {
		attempt = h.accountAttempt(c, u.ID)
	}
	wait, err := h.Logins.Check(attempt)
	if err != nil {
		return err
	}
	if wait > 0 {
		return h.loginWait(c, f, wait)
	}
	if u == nil {
		password.Matches(h.dummyHash(), pw) // same time as a real check
	} else if u.PasswordMatches(pw) {
		if err := h.rememberDevice(c, attempt); err != nil {
			return err
		}
		if err := h.startSession(c, u); err != nil {
			return err
		}
		return c.Redirect(next, fiber.StatusSeeOther)
	}
	if err := h.Logins.Failed(attempt); err != nil {
		return err
	}
	f.fail("login", "login.failed")
	return h.render(c, fiber.StatusUnprocessableEntity, "auth/login", formPage("login.title", f.Values, f.Errors))
}

// loginWait answers an attempt that has to wait with the form, a calm message and how
// many minutes.
func (h *Handlers) loginWait(c *fiber.Ctx, f *form, wait time.Duration) error {
	secs := int64((wait + time.Second - 1) / time.Second)
	c.Set(fiber.HeaderRetryAfter, itoa64(secs))
	f.fail("login", "login.too_many")
	h.Log.Warn("login attempt has to wait", "ip", c.IP(), "wait_s", secs, "request_id", c.Locals(LocalsRequestID))
	page := formPage("login.title", f.Values, f.Errors)
	page["WaitMinutes"] = (secs + 59) / 60
	return h.render(c, fiber.StatusTooManyRequests, "auth/login", page)
}

// normaliseLogin writes a login that names no account the way one would be stored,
// so "Henk@…" and "henk@…", or two ways of writing a phone number, count as one.
func normaliseLogin(login string) string {
	login = strings.ToLower(strings.TrimSpace(login))
	if n, ok := format.ParsePhone(login); ok {
		return n
	}
	return login
}

// deviceCookie is the id of this device from its cookie, or "" when it has none (or
// one that is not an id this site makes).
func (h *Handlers) deviceCookie(c *fiber.Ctx) string {
	v := c.Cookies(DeviceCookie)
	if len(v) != 26 {
		return ""
	}
	for _, r := range v {
		if !(r >= 'A' && r <= 'Z' || r >= '2' && r <= '7') {
			return ""
		}
	}
	return v
}

// rememberDevice marks this device as one the account logged in on (or was made on),
// in the store and in its cookie, for a year.
func (h *Handlers) rememberDevice(c *fiber.Ctx, attempt *store.Attempt) error {
	device, err := h.Logins.Succeeded(attempt)
	if err != nil {
		return err
	}
	c.Cookie(&fiber.Cookie{
		Name: DeviceCookie, Value: device, Path: "/inloggen", HTTPOnly: true, Secure: h.SecureCookies,
		SameSite: fiber.CookieSameSiteLaxMode, Expires: h.Now().Add(store.DeviceLifetime),
	})
	return nil
}

// accountAttempt is a login of the account with id from this device.
func (h *Handlers) accountAttempt(c *fiber.Ctx, id int64) *store.Attempt {
	return &store.Attempt{Account: "user:" + itoa64(id), Device: h.deviceCookie(c), IP: c.IP()}
}

// Logout ends the session.
func (h *Handlers) Logout(c *fiber.Ctx) error {
	if err := h.endSession(c); err != nil {
		return err
	}
	h.setFlash(c, "flash.logged_out")
	return c.Redirect("/", fiber.StatusSeeOther)
}

// SwitchLanguage is the language link of a visitor who is not logged in: it only sets
// the language cookie (nothing is stored), so the page that links to it needs no CSRF
// token and is the same for every visitor.
func (h *Handlers) SwitchLanguage(c *fiber.Ctx) error {
	lang := c.Query("lang")
	if lang != "nl" && lang != "en" {
		return fiber.ErrBadRequest
	}
	h.setLanguageCookie(c, lang)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Redirect(safeNext(c.Query("next")), fiber.StatusSeeOther)
}

func (h *Handlers) setLanguageCookie(c *fiber.Ctx, lang string) {
	c.Cookie(&fiber.Cookie{
		Name: langCookie, Value: lang, Path: "/", HTTPOnly: true, Secure: h.SecureCookies,
		SameSite: fiber.CookieSameSiteLaxMode, Expires: LanguageLifetime.After(time.Now()),
	})
}

// SetLanguage remembers the chosen language in a cookie and, for a logged-in user, in
// their account, then goes back to the page they were on.
func (h *Handlers) SetLanguage(c *fiber.Ctx) error {
	lang := c.FormValue("lang")
	if lang != "nl" && lang != "en" {
		return fiber.ErrBadRequest
	}
	h.setLanguageCookie(c, lang)
	if u := user(c); u != nil {
		if err := models.SetUserLanguage(h.DB, u.ID, lang); err != nil {
			return err
		}
	}
	return c.Redirect(safeNext(c.FormValue("next")), fiber.StatusSeeOther)
}
