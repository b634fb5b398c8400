// Package handlers turns HTTP requests into calls on the models and renders the views.
// A handler parses its input, validates it, makes one model call and renders or
// redirects; it never writes SQL.
package handlers

import (
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2/middleware/session"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"gorm.io/gorm"

	"onshuis/models"
	"onshuis/notify"
	"onshuis/store"
	"onshuis/views"
)

// Deps are what the handlers need; app.New builds them once.
type Deps struct {
	DB *gorm.DB
	// Ephemeral is for data that may be lost in a crash: rate counters (and, through
	// the stores built in app, sessions and CSRF tokens).
	Ephemeral *gorm.DB
	Bundle    *i18n.Bundle
	Sessions  *session.Store
	// Logins slows down password guessing (per account, device and address).
	Logins *store.Logins
	Log    *slog.Logger
	Now    func() time.Time

	BaseURL       string // public address without trailing slash
	SecureCookies bool
	BcryptCost    int
	// HourValueCents values a volunteer hour in the impact report.
	HourValueCents int64
	// TrustMinSessions is the trust path's threshold (models.TrustOf).
	TrustMinSessions int
	// NightlyBackups tells whether the app makes a nightly backup (BACKUP_DIR).
	NightlyBackups bool
	// Mail writes notifications as they arrive (Berichten, Mijn pagina, the call list).
	Mail *notify.Renderer
	// MailConfigured tells whether SMTP_URL is set (else messages are only kept).
	MailConfigured bool
	// Retention is how long personal data is kept: the privacy page says it, the
	// visitor cookie lasts it, the coordinator sees what it removes next.
	Retention models.Retention
}

// Handlers serves every page of the site.
type Handlers struct {
	Deps
	// setupDone caches that a coordinator exists; it never turns false again because
	// the last coordinator cannot delete their account.
	setupDone atomic.Bool
	// dummyHash is compared against when a login names no account, so a wrong
	// address takes as long as a wrong password and does not reveal who has an account.
	// It is made at the first such login, not at start: one bcrypt hash was two thirds
	// of the time from exec to the first answer.
	dummyHash func() string
	// pages keeps the anonymous programme page, rendered and compressed (issue 21).
	pages keptCache[pageKey, []byte]
	// weeks keeps the week part of every programme page, the same for every visitor,
	// for the pages rendered per visitor (a logged-in resident's) (issue 21).
	weeks keptCache[weekKey, keptWeek]
	// shells keep a logged-in visitor's programme page but for their name and token,
	// marks says where those go (programme_shell.go).
	shells keptCache[shellKey, *shell]
	marks  shellMarks
	// doors remembers the centre of each door code a check-in came through (issue 21).
	doors doorCache
	// localizers holds one localizer per language the site speaks, made once: making
	// one parses its language tag, 4 % of a check-in's CPU time when every request did.
	// A localizer only reads the bundle, which is filled once at start.
	localizers map[string]*i18n.Localizer
}

// New returns the handlers with their dependencies.
func New(d Deps) *Handlers {
	h := &Handlers{Deps: d, marks: newShellMarks(), localizers: make(map[string]*i18n.Localizer, len(views.Languages))}
	for _, lang := range views.Languages {
		h.localizers[lang] = i18n.NewLocalizer(d.Bundle, lang)
	}
	h.dummyHash = sync.OnceValue(func() string { return mustHash("not a real password", d.BcryptCost) })
	return h
}
