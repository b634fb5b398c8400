package app

import (
	"crypto/rand"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"
	"github.com/gofiber/fiber/v2/middleware/cors"
	"github.com/gofiber/fiber/v2/middleware/csrf"
	"github.com/gofiber/fiber/v2/middleware/filesystem"
	"github.com/gofiber/fiber/v2/middleware/helmet"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/gofiber/fiber/v2/middleware/requestid"
	"github.com/gofiber/fiber/v2/middleware/session"
	"github.com/gofiber/fiber/v2/utils"
	"github.com/valyala/fasthttp"

	"onshuis/handlers"
	"onshuis/models"
	"onshuis/store"
)

// contentSecurityPolicy allows only this site's own files: no inline script, no other origin.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

// routes lists everything the site serves and who may use it. Guards:
// anyone (no guard), login (any logged-in user), coordinator.
func (a *App) routes(h *handlers.Handlers, sessions *session.Store, static fs.FS, csrfSecret []byte) {
	cfg := a.Config
	f := a.Fiber
	login := h.RequireLogin

	f.Use(requestid.New(requestid.Config{Generator: func() string { return rand.Text()[:10] }, ContextKey: handlers.LocalsRequestID}))
	f.Use(recover.New())
	f.Use(a.logRequests)
	f.Use(compress.New())
	f.Use(securityHeaders(helmet.Config{
		ContentSecurityPolicy: contentSecurityPolicy,
		ReferrerPolicy:        "same-origin",
		XFrameOptions:         "DENY",
		PermissionPolicy:      "camera=(), microphone=(), geolocation=(), interest-cohort=()",
		HSTSMaxAge:            hstsMaxAge(cfg),
	}))

	// Static files and the health check need no session or database lookup.
	f.Use("/static", filesystem.New(filesystem.Config{Root: http.FS(static), MaxAge: 365 * 24 * 3600}))
	f.Get("/healthz", h.Healthz)
	// Everything below renders or translates: it waits for the templates (app.Start).
	f.Use(a.waitUntilReady)

	// The public programme for other sites (issue 20): the read-only JSON API (open to
	// every origin), the embeddable programme (framed by EMBED_ORIGINS only) and the
	// feed of new activities. Anyone, no session, no CSRF token, no cookie: nothing here
	// knows who asks, so nothing here can show a name.
	api := f.Group("/api", cors.New(cors.Config{
		AllowOrigins: "*", AllowMethods: "GET,HEAD,OPTIONS", AllowHeaders: "If-None-Match",
		ExposeHeaders: "ETag", MaxAge: 24 * 3600,
	}), h.APIErrors)
	api.Get("/v1/centres", h.APICentres)
	api.Get("/v1/centres/:slug", h.APICentre)
	api.Get("/v1/centres/:slug/activities", h.APIActivities)
	api.Get("/v1/centres/:slug/sessions", h.APISessions)
	api.Get("/v1/activities/:id<int>", h.APIActivity)
	api.Get("/v1/openapi.json", h.APIOpenAPI)
	api.Use(h.APINotFound)
	embed := []fiber.Handler{embeddable(embedPolicy(cfg.EmbedOrigins)), h.EmbedContext}
	f.Get("/embed", append(embed, h.EmbedAll)...)
	f.Get("/embed/:slug", append(embed, h.EmbedCentre)...)
	f.Get("/centra/:slug/nieuw.atom", h.CentreFeed)

	// RFC 8058's one-click unsubscribe: a mail program POSTs without a session or a
	// CSRF token; the unguessable token in the address stands in for both.
	f.Post("/berichten-uit/:token/:kind", h.Unsubscribe)

	// Taps a kiosk tablet kept while offline (issue 17): JSON from a door client, the
	// secret link is the key; no session, no cookie, so no CSRF token either. Limited
	// per link, not per IP: several tablets of a centre share one address.
	f.Post("/kiosk/:token/tellingen", handlers.RateLimit(a.Ephemeral, "kiosk-upload", handlers.KioskUploadsPerMinute, time.Minute, cfg.Now,
		func(c *fiber.Ctx) string { return c.Params("token") }, h.KioskUploadLimited), h.KioskUpload)

	// Every page below knows the visitor and checks the CSRF token of every form.
	f.Use(h.Context)
	a.csrf(h, sessions, csrfSecret)

	coordinator := h.RequireRole(models.RoleCoordinator)
	reports := h.RequireRole(models.RoleCoordinator, models.RolePartner)

	// Programme and activities: anyone reads, logged-in users sign up; names only for
	// the lead and coordinators (checked in the handler, which knows the activity).
	f.Get("/", h.Programme)
	f.Get("/programme.ics", h.ProgrammeICal)
	f.Get("/centra", h.Centres) // every open centre, with this week's number of activities
	f.Get("/centra/:slug", h.CentreProgramme)
	// "Dit is mijn buurthuis": anyone chooses a centre as their own (a cookie; a
	// logged-in user's account too); / then shows it first. The GET asks first.
	f.Get("/centra/:slug/mijn-buurthuis", h.HomeCentreForm)
	f.Post("/centra/:slug/mijn-buurthuis", h.ChooseHomeCentre)
	f.Get("/centra/:slug/programme.ics", h.CentreICal)
	f.Get("/centra/:slug/poster.pdf", h.CentrePoster) // this week's programme to hang up, for anyone
	f.Get("/activiteiten/:id<int>", h.ShowActivity)
	f.Get("/activiteiten/:id<int>/agenda.ics", h.ActivityICal)
	f.Post("/activiteiten/:id<int>/aanmelden", login, h.JoinActivity)
	f.Get("/activiteiten/:id<int>/afmelden", login, h.LeaveActivityForm) // asks first: the place goes to the waiting list
	f.Post("/activiteiten/:id<int>/afmelden", login, h.LeaveActivity)
	f.Post("/sessies/:id<int>/deze-keer-niet", login, h.SkipSession) // a participant's own place, one date
	f.Post("/sessies/:id<int>/toch-wel", login, h.UndoSkipSession)
	f.Get("/activiteiten/:id<int>/deelnemers", login, h.ActivityParticipants) // lead or coordinator
	f.Post("/activiteiten/:id<int>/deelnemers", login, h.AddGuest)            // a person without an account, by the lead or a coordinator
	f.Post("/activiteiten/:id<int>/deelnemers/:user<int>/verwijderen", login, h.RemoveGuest)
	f.Post("/sessies/:id<int>/annuleren", login, h.CancelSession) // lead or coordinator
	f.Get("/mijn-activiteiten", login, h.MyActivities)
	f.Post("/mijn-activiteiten/plaatsen-overnemen", login, h.TakeOverPlaces) // places held under one's phone number

	// Proposals: any logged-in user proposes; only the proposer edits (checked in the handler).
	f.Get("/voorstellen/nieuw", login, h.NewProposal)
	f.Post("/voorstellen", login, h.CreateProposal)
	f.Get("/voorstellen/:id<int>/bewerken", login, h.EditProposal)
	f.Post("/voorstellen/:id<int>", login, h.UpdateProposal)
	f.Get("/mijn-voorstellen", login, h.MyProposals)

	// Review "vanuit de bedoeling": coordinators only.
	f.Get("/coordinator", coordinator, h.CoordinatorHome)
	f.Post("/coordinator/startlijst/verbergen", coordinator, h.DismissChecklist) // the first-run checklist, put away
	// The coordinator of several centres (or a partner of several) switches between
	// them; the choice is kept in the login session. Only their own centres (404 else).
	f.Post("/centrum-kiezen", login, h.SwitchCentre)
	f.Get("/coordinator/ruimtes", coordinator, h.Rooms)
	f.Post("/coordinator/ruimtes", coordinator, h.SaveRoom)
	f.Post("/coordinator/ruimtes/:id<int>", coordinator, h.SaveRoom)
	f.Get("/coordinator/activiteiten/nieuw", coordinator, h.NewEntry) // direct entry: published without review
	f.Post("/coordinator/activiteiten", coordinator, h.CreateEntry)
	f.Post("/coordinator/activiteiten/:id<int>/status", coordinator, h.SetActivityStatus)
	f.Get("/coordinator/activiteiten/:id<int>/rooster", coordinator, h.PlanForm)
	f.Post("/coordinator/activiteiten/:id<int>/rooster", coordinator, h.ChangePlan)
	f.Get("/coordinator/activiteiten/:id<int>/tekst", coordinator, h.TextForm)
	f.Post("/coordinator/activiteiten/:id<int>/tekst", coordinator, h.ChangeText)
	f.Get("/coordinator/voorstellen", coordinator, h.ReviewList)
	f.Get("/coordinator/voorstellen/:id<int>", coordinator, h.ReviewForm)
	f.Post("/coordinator/voorstellen/:id<int>/besluit", coordinator, h.Review)
	// The trust path (issue 16): a resident whose activities ran well publishes directly
	// (on the proposal form); the coordinator takes such an activity back with a reason,
	// and takes the resident's trust away or gives it back.
	f.Post("/coordinator/voorstellen/:id<int>/terugnemen", coordinator, h.WithdrawDirect)
	f.Post("/coordinator/voorstellen/:id<int>/vertrouwen", coordinator, h.SetTrust)

	// Check-in at the door: anyone with the poster's code, rate-limited per IP. The kiosk
	// link is the host tablet's key; the coordinator can revoke it.
	f.Get("/checkin/:code", h.CheckInForm)
	f.Post("/checkin/:code", handlers.RateLimit(a.Ephemeral, "checkin", cfg.CheckInLimitPerIP, time.Minute, cfg.Now,
		func(c *fiber.Ctx) string { return c.IP() }, h.CheckInLimited), h.CheckIn)
	f.Get("/checkin/:code/welkom", h.CheckInWelcome)
	f.Get("/kiosk/sw.js", kioskServiceWorker(static)) // before /kiosk/:token, which it would match
	f.Get("/kiosk/:token", h.Kiosk)
	f.Post("/kiosk/:token/tel", h.KioskCount)
	f.Post("/kiosk/:token/ongedaan", h.KioskUndo)
	f.Get("/sessies/:id<int>/aanwezig", login, h.SessionAttendance) // lead or coordinator
	// The paper sign-in sheet, entered afterwards (issue 17); /p/<id> is the short
	// address printed on the roster.
	f.Get("/sessies/:id<int>/presentielijst", login, h.PaperForm) // lead or coordinator
	f.Post("/sessies/:id<int>/presentielijst", login, h.SavePaper)
	f.Get("/p/:id<int>", h.PaperShortLink)

	f.Get("/coordinator/deur", coordinator, h.Door)
	f.Get("/coordinator/deur/poster.pdf", coordinator, h.DoorPoster)
	f.Post("/coordinator/deur/vervangen", coordinator, h.ReplaceDoorCode)
	f.Post("/coordinator/kiosk", coordinator, h.CreateKiosk)
	f.Post("/coordinator/kiosk/:id<int>/intrekken", coordinator, h.RevokeKiosk)
	f.Get("/coordinator/bezoekers", coordinator, h.Visitors)
	f.Get("/coordinator/bezoekers.csv", coordinator, h.VisitorsCSV)

	// Volunteers: any logged-in user may offer; roles are managed by the lead or a
	// coordinator, shifts taken by active volunteers (checked in the handlers).
	f.Get("/vrijwilliger", login, h.VolunteerForm)
	f.Post("/vrijwilliger", login, h.SaveVolunteer)
	f.Post("/vrijwilliger/stoppen", login, h.StopVolunteer)
	f.Get("/mijn-diensten", login, h.MyShifts)
	f.Get("/diensten/:token.ics", h.ShiftsFeed)                      // the secret token stands in for a login
	f.Get("/diensten/:id<int>/afmelden", login, h.WithdrawShiftForm) // own shifts only (checked in the handler)
	f.Post("/diensten/:id<int>/afmelden", login, h.WithdrawShift)
	f.Post("/diensten/:id<int>/deze-keer-niet", login, h.SkipShift) // an every-time shift, one date
	f.Post("/diensten/:id<int>/toch-wel", login, h.UndoShiftSkip)
	f.Get("/activiteiten/:id<int>/vrijwilligers", h.ActivityVolunteers)
	f.Post("/activiteiten/:id<int>/rollen", login, h.AddRole)
	f.Post("/rollen/:id<int>/verwijderen", login, h.DeleteRole)
	f.Post("/rollen/:id<int>/aanmelden", login, h.SignUpShift)
	f.Get("/sessies/:id<int>/uren", login, h.HoursForm)
	f.Post("/sessies/:id<int>/uren", login, h.ConfirmHours)
	f.Get("/hulp-gezocht", login, h.NeedsBoard) // volunteers and coordinators
	f.Post("/hulp-gezocht/:source/:id<int>/aanbieden", login, h.OfferNeed)
	f.Post("/hulp-gezocht/:source/:id<int>/geregeld", coordinator, h.ArrangeNeed)
	f.Get("/coordinator/bezetting", coordinator, h.Understaffed)

	// Printables with names are for coordinators; the impact report (figures only) for
	// coordinators and partners.
	f.Get("/coordinator/printen", coordinator, h.Printing)
	f.Get("/coordinator/sessies/:id<int>/rooster.pdf", coordinator, h.SessionRoster)
	f.Get("/coordinator/sessies/:id<int>/verplaatsen", coordinator, h.MoveSessionForm) // one session to another day, time or room
	f.Post("/coordinator/sessies/:id<int>/verplaatsen", coordinator, h.MoveSession)
	f.Get("/coordinator/roosters.pdf", coordinator, h.WeekRosters)
	f.Get("/coordinator/programmaposter.pdf", coordinator, h.ProgrammePoster)
	f.Get("/coordinator/accounts", coordinator, h.Accounts)
	// Notifications (issue 14): every message and its state for the coordinator; the
	// call list of people without e-mail for the coordinator and the lead of the
	// activity concerned (checked in the handler).
	f.Get("/coordinator/berichten", coordinator, h.Outbox)
	f.Get("/coordinator/berichten/:id<int>", coordinator, h.OutboxMessage)
	f.Get("/bellijst", login, h.CallList)
	f.Get("/bellijst.pdf", login, h.CallListPDF)
	f.Post("/bellijst/:id<int>/gebeld", login, h.MarkCalled)
	f.Post("/coordinator/accounts/:id<int>/rol", coordinator, h.SetRole)
	f.Post("/coordinator/accounts/:id<int>/wachtwoord", coordinator, h.ResetPassword)
	// The impact report's frame (issue 19): the coordinator keeps the mapping of themes
	// to dimensions, the wijkbudget, the stories and the paper health checks; partners
	// read the report only.
	f.Get("/coordinator/dimensies", coordinator, h.Dimensions)
	f.Post("/coordinator/dimensies", coordinator, h.SaveDimensions)
	f.Get("/coordinator/budget", coordinator, h.Budget)
	f.Post("/coordinator/budget/regels", coordinator, h.AddBudgetLine)
	f.Post("/coordinator/budget/kosten", coordinator, h.AddBudgetCost)
	f.Post("/coordinator/budget/behoeften/:id<int>", coordinator, h.CommitNeed)
	f.Post("/coordinator/budget/posten/:id<int>/betaald", coordinator, h.RecordSpent)
	f.Get("/coordinator/budget/regels/:id<int>", coordinator, h.BudgetLineForm)
	f.Post("/coordinator/budget/regels/:id<int>", coordinator, h.UpdateBudgetLine)
	f.Get("/coordinator/budget/regels/:id<int>/verwijderen", coordinator, h.DeleteBudgetLineForm) // asks first
	f.Post("/coordinator/budget/regels/:id<int>/verwijderen", coordinator, h.DeleteBudgetLine)
	f.Get("/coordinator/budget/posten/:id<int>", coordinator, h.BudgetEntryForm)
	f.Post("/coordinator/budget/posten/:id<int>", coordinator, h.UpdateBudgetEntry)
	f.Get("/coordinator/budget/posten/:id<int>/verwijderen", coordinator, h.DeleteBudgetEntryForm) // asks first
	f.Post("/coordinator/budget/posten/:id<int>/verwijderen", coordinator, h.DeleteBudgetEntry)
	f.Get("/coordinator/verhalen", coordinator, h.Stories)
	f.Post("/coordinator/verhalen", coordinator, h.SaveStory)
	f.Post("/coordinator/verhalen/:id<int>/delen", coordinator, h.ShareStory)
	f.Get("/coordinator/verhalen/:id<int>", coordinator, h.StoryForm)
	f.Post("/coordinator/verhalen/:id<int>", coordinator, h.UpdateStory)
	f.Get("/coordinator/verhalen/:id<int>/verwijderen", coordinator, h.DeleteStoryForm) // asks first
	f.Post("/coordinator/verhalen/:id<int>/verwijderen", coordinator, h.DeleteStory)
	f.Get("/coordinator/gezondheid", coordinator, h.HealthPaper)
	f.Post("/coordinator/gezondheid", coordinator, h.SaveHealthPaper)
	f.Post("/coordinator/gezondheid/vragen", coordinator, h.SaveHealthWording)
	f.Get("/coordinator/binnenkort-verwijderd", coordinator, h.Due)
	f.Post("/coordinator/binnenkort-verwijderd/:id<int>/bewaren", coordinator, h.KeepPerson)
	f.Post("/coordinator/binnenkort-verwijderd/:id<int>/niet-meer-bewaren", coordinator, h.ReleasePerson)
	// Leersessies (issue 16): the lead or a coordinator writes what a session learned
	// (checked in the handler); coordinators and partners read the list.
	f.Get("/leersessies", reports, h.LearningSessions)
	f.Get("/sessies/:id<int>/geleerd", login, h.LearningForm)
	f.Post("/sessies/:id<int>/geleerd", login, h.SaveLearning)
	f.Get("/rapport", reports, h.Report)
	f.Get("/rapport.pdf", reports, h.ReportPDF)
	f.Get("/rapport/:table.csv", reports, h.ReportCSV)

	// Administrators (issue 15): add, rename and close centres, name their coordinators,
	// give partners the centres whose figures they read.
	admin := h.RequireAdmin
	f.Get("/beheer/centra", admin, h.AdminCentres)
	f.Post("/beheer/centra", admin, h.AddCentre)
	f.Get("/beheer/centra/:id<int>", admin, h.CentreForm)
	f.Post("/beheer/centra/:id<int>", admin, h.SaveCentre)
	f.Post("/beheer/centra/:id<int>/sluiten", admin, h.CloseCentre)
	f.Get("/beheer/partners", admin, h.Partners)
	f.Post("/beheer/partners", admin, h.AddPartner)
	f.Post("/beheer/partners/:id<int>", admin, h.SavePartner)

	f.Get("/setup", h.SetupForm)
	f.Post("/setup", h.Setup)
	f.Get("/taal", h.SwitchLanguage) // a visitor's link: only the cookie
	f.Post("/taal", h.SetLanguage)   // a logged-in user's form: also their account
	f.Get("/privacy", h.Privacy)     // what is stored, who sees it, how long: anyone reads it

	f.Get("/registreren", h.RegisterForm)
	f.Post("/registreren", handlers.RateLimit(a.Ephemeral, "register", cfg.RegisterLimitPerIP, time.Hour, cfg.Now,
		func(c *fiber.Ctx) string { return c.IP() }, h.RegisterLimited), h.Register)
	f.Get("/inloggen", h.LoginForm)
	f.Post("/inloggen", h.Login) // throttled inside, per account and per device or address
	f.Post("/uitloggen", login, h.Logout)
	// A reset link by e-mail: single use, one hour, the token kept only as a hash;
	// asking answers the same whether the address has an account or not.
	f.Get("/wachtwoord-vergeten", h.ForgotPasswordForm)
	f.Post("/wachtwoord-vergeten", handlers.RateLimit(a.Ephemeral, "reset", cfg.RegisterLimitPerIP, time.Hour, cfg.Now,
		func(c *fiber.Ctx) string { return c.IP() }, h.ForgotPasswordLimited), h.ForgotPassword)
	f.Get("/wachtwoord-vergeten/:token", h.ResetPasswordForm)
	f.Post("/wachtwoord-vergeten/:token", h.ResetForgottenPassword)
	f.Get("/berichten-uit/:token/:kind", h.UnsubscribeForm) // asks first; the POST is above

	// The health check is health data: only on one's own page, with its own consent
	// (never at the door: the check-in pages do not offer it).
	f.Get("/mijn-gezondheid", login, h.MyHealth)
	f.Post("/mijn-gezondheid", login, h.SaveMyHealth)
	f.Post("/mijn-gezondheid/toestemming", login, h.GiveHealthConsent)
	f.Post("/mijn-gezondheid/stoppen", login, h.WithdrawHealthConsent)

	f.Get("/mijn-gegevens", login, h.Account)
	f.Get("/mijn-gegevens/download", login, h.AccountDownload)
	f.Get("/mijn-gegevens/overzicht", login, h.AccountOverview)
	f.Post("/mijn-gegevens", login, h.UpdateAccount)
	f.Post("/mijn-gegevens/wachtwoord", login, h.ChangePassword)
	f.Post("/mijn-gegevens/berichten", login, h.SaveNotifyPrefs)
	f.Post("/mijn-gegevens/toestemming-intrekken", login, h.WithdrawConsent)
	f.Post("/mijn-gegevens/overal-uitloggen", login, h.LogOutEverywhere)
	f.Post("/mijn-gegevens/verwijderen", login, h.AccountDelete)

	f.Use(func(c *fiber.Ctx) error { return fiber.ErrNotFound })
}

// csrf checks the token of every form. A logged-in visitor's token lives in their
// session (Fiber's session-backed mode), so it is bound to it: a token the site gave
// someone else, even with its cookie, does not work with this session. Anonymous forms
// (log in, register, check in) have no session to bind to; their tokens are signed
// with the installation's secret (store.SignedTokens), so an anonymous page view writes
// nothing to the database. The session-backed check, which saves the session, runs for
// a logged-in visitor's posts; their page views get the session's token from
// boundCSRFView, which saves the session at most once an hour (issue 21). An anonymous visitor's form posts
// are checked by Fiber's middleware; on a page view the token is made only when the
// page shows a form (lazyCSRF), so a page without one sets no cookie (issue 21).
func (a *App) csrf(h *handlers.Handlers, sessions *session.Store, secret []byte) {
	cfg := a.Config
	base := csrf.Config{
		KeyLookup:      "form:_csrf",
		CookieName:     handlers.CSRFCookie,
		CookieSameSite: fiber.CookieSameSiteLaxMode,
		CookieSecure:   cfg.SecureCookies(),
		CookieHTTPOnly: true,
		Expiration:     handlers.CSRFLifetime.Duration(), // long enough to write a proposal without losing it
		ContextKey:     handlers.LocalsCSRF,
		ErrorHandler:   h.CSRFFailed,
	}
	bound, anonymous := base, base
	bound.Session, bound.SessionKey = sessions, "csrf"
	bound.KeyGenerator = utils.UUIDv4 // Fiber's default, for boundCSRFView too
	bound.Next = func(c *fiber.Ctx) bool { return !handlers.LoggedIn(c) || safeMethod(c.Method()) }
	tokens := store.NewSignedTokens(secret, base.Expiration, cfg.Now)
	anonymous.Storage, anonymous.KeyGenerator = tokens, tokens.Generate
	anonymous.Next = func(c *fiber.Ctx) bool { return handlers.LoggedIn(c) || safeMethod(c.Method()) }
	a.Fiber.Use(csrf.New(bound), boundCSRFView(bound, bound.SessionKey, cfg.Now), csrf.New(anonymous), lazyCSRF(base, tokens))
}

// kioskServiceWorker serves the kiosk's service worker from /kiosk/, the only place from
// which it may control the kiosk pages (a worker's scope is at most its own folder).
func kioskServiceWorker(static fs.FS) fiber.Handler {
	return func(c *fiber.Ctx) error {
		b, err := fs.ReadFile(static, "js/kiosk-sw.js")
		if err != nil {
			return fmt.Errorf("kiosk service worker: %w", err)
		}
		c.Set(fiber.HeaderCacheControl, "no-cache") // a new version reaches the tablet at its next visit
		c.Type("js", "utf-8")
		return c.Send(b)
	}
}

// securityHeaders sets on every answer the headers helmet.New(cfg) sets, with helmet's
// defaults for those cfg leaves empty, from names and values made once: helmet
// normalised every header's name on every request and, behind HTTPS, formatted the
// HSTS value anew (3 % of an anonymous page view's CPU time, issue 21). It takes the
// settings this site uses (no report-only CSP, HSTS with subdomains, no preload).
func securityHeaders(cfg helmet.Config) fiber.Handler {
	type header struct{ name, value []byte }
	var headers []header
	set := func(name, value, byDefault string) {
		if value == "" {
			value = byDefault
		}
		if value != "" {
			headers = append(headers, header{fasthttp.AppendNormalizedHeaderKey(nil, name), []byte(value)})
		}
	}
	d := helmet.ConfigDefault
	set(fiber.HeaderXXSSProtection, cfg.XSSProtection, d.XSSProtection)
	set(fiber.HeaderXContentTypeOptions, cfg.ContentTypeNosniff, d.ContentTypeNosniff)
	set(fiber.HeaderXFrameOptions, cfg.XFrameOptions, d.XFrameOptions)
	set("Cross-Origin-Embedder-Policy", cfg.CrossOriginEmbedderPolicy, d.CrossOriginEmbedderPolicy)
	set("Cross-Origin-Opener-Policy", cfg.CrossOriginOpenerPolicy, d.CrossOriginOpenerPolicy)
	set("Cross-Origin-Resource-Policy", cfg.CrossOriginResourcePolicy, d.CrossOriginResourcePolicy)
	set("Origin-Agent-Cluster", cfg.OriginAgentCluster, d.OriginAgentCluster)
	set("Referrer-Policy", cfg.ReferrerPolicy, d.ReferrerPolicy)
	set("X-DNS-Prefetch-Control", cfg.XDNSPrefetchControl, d.XDNSPrefetchControl)
	set("X-Download-Options", cfg.XDownloadOptions, d.XDownloadOptions)
	set("X-Permitted-Cross-Domain-Policies", cfg.XPermittedCrossDomain, d.XPermittedCrossDomain)
	set(fiber.HeaderContentSecurityPolicy, cfg.ContentSecurityPolicy, "")
	set(fiber.HeaderPermissionsPolicy, cfg.PermissionPolicy, "")
	var hsts *header
	if cfg.HSTSMaxAge != 0 {
		hsts = &header{fasthttp.AppendNormalizedHeaderKey(nil, fiber.HeaderStrictTransportSecurity),
			[]byte("max-age=" + strconv.Itoa(cfg.HSTSMaxAge) + "; includeSubDomains")}
	}
	return func(c *fiber.Ctx) error {
		h := &c.Response().Header
		for _, kv := range headers {
			h.SetCanonical(kv.name, kv.value)
		}
		if hsts != nil && c.Protocol() == "https" {
			h.SetCanonical(hsts.name, hsts.value)
		}
		return c.Next()
	}
}

func hstsMaxAge(cfg Config) int {
	if cfg.SecureCookies() {
		return 365 * 24 * 3600
	}
	return 0
}

// logRequests writes one structured line per request. The attributes are typed
// (LogAttrs) and only made when the line is written: with the variadic key-value form
// every request boxed its values into interfaces even when its level was off.
func (a *App) logRequests(c *fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	if err != nil {
		// Let the error handler write the page now, so the status logged is the one sent.
		if herr := c.App().ErrorHandler(c, err); herr != nil {
			_ = c.SendStatus(fiber.StatusInternalServerError)
		}
		err = nil
	}
	path := c.Path()
	level := slog.LevelInfo
	if path == "/healthz" || strings.HasPrefix(path, "/static/") {
		level = slog.LevelDebug
	}
	ctx := c.UserContext()
	if !a.Log.Enabled(ctx, level) {
		return err
	}
	id, _ := c.Locals(handlers.LocalsRequestID).(string)
	a.Log.LogAttrs(ctx, level, "request",
		slog.String("method", c.Method()), slog.String("path", path), slog.Int("status", c.Response().StatusCode()),
		slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000), slog.String("request_id", id))
	return err
}
