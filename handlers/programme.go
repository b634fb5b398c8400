package handlers

import (
	"bytes"
	"fmt"
	"html/template"
	"slices"
	"time"

	"github.com/gofiber/fiber/v2"

	"onshuis/models"
)

// Programme shows a week of the visitor's own centre (h.centre: the one they chose,
// else the default), the home page.
func (h *Handlers) Programme(c *fiber.Ctx) error {
	return h.keptProgramme(c, "", func() (*models.VersionedCentre, error) { return h.versionedCentre(c) })
}

// CentreProgramme shows a week of another centre's programme.
func (h *Handlers) CentreProgramme(c *fiber.Ctx) error {
	slug := c.Params("slug")
	if slug == "" {
		return fiber.ErrNotFound
	}
	return h.keptProgramme(c, slug, func() (*models.VersionedCentre, error) { return models.VersionedCentreBySlug(h.DB, slug) })
}

// keptProgramme serves an anonymous visitor the page kept from an earlier visit while
// it is still right (programme_cache.go), and renders (and keeps) it otherwise. slug
// names the centre ("" the visitor's own); load loads it with its programme's state.
// Every page shows the visitor's own centre (at /, and in the header of every page),
// so the centre chosen on this device is part of the key and of the state.
func (h *Handlers) keptProgramme(c *fiber.Ctx, slug string, load func() (*models.VersionedCentre, error)) error {
	var (
		key   pageKey
		state string
		now   = h.Now()
	)
	if cacheablePage(c) {
		var err error
		// The state is read before the page's data: a change in between makes the kept
		// page look older than it is (one needless render), never newer.
		home := rq(c).homeCookie
		if state, err = models.ProgrammePageState(h.DB, slug, home); err != nil {
			return err
		}
		key = pageKey{url: c.OriginalURL(), lang: rq(c).Lang, encoding: acceptedEncoding(c), home: home}
		if body, ok := h.pages.get(key, state, now); ok {
			return sendPage(c, body, key.encoding)
		}
	}
	centre, err := load()
	if err != nil {
		return err
	}
	expires, err := h.programme(c, centre, now)
	if err != nil || state == "" || c.Response().StatusCode() != fiber.StatusOK || setsCookie(c) {
		return err // a page that set a cookie (a CSRF token for a form) is one visitor's
	}
	header, err := h.centre(c)
	if err != nil {
		return err
	}
	if key.home != 0 && header.ID != key.home {
		// The device's centre is closed or gone: the default stands in, and the
		// page is not kept under that centre's key.
		return nil
	}
	if e := pageExpiry(now, nil, header); e.Before(expires) {
		expires = e // the header's week number
	}
	body := compressPage(c.Response().Body(), key.encoding)
	h.pages.put(key, state, now, expires, body)
	return sendPage(c, body, key.encoding)
}

// programme renders the week asked for around the week's part kept for everyone
// (h.weeks), rendering and keeping that first when it is not right any more. It
// returns the moment the week's part changes by the clock alone.
func (h *Handlers) programme(c *fiber.Ctx, centre *models.VersionedCentre, now time.Time) (time.Time, error) {
	if centre == nil {
		return now, fiber.ErrNotFound
	}
	if centre.ClosedAt != nil {
		// A closed centre's address is still on posters and in bookmarks: its page
		// says it is closed and where to go instead, rather than an empty programme
		// (it still looks open) or "not found" (as if it never was). 410 Gone tells
		// search engines and link checkers the same.
		return now, h.render(c, fiber.StatusGone, "programme/closed", fiber.Map{
			"Title": "closed_centre.title", "Closed": &centre.Centre, "ClosedOn": centre.ClosedAt.In(centre.Location()),
		})
	}
	week := models.WeekOf(now, centre.Location())
	thisWeek := week
	if w := c.Query("week"); w != "" {
		parsed, err := models.ParseWeek(w, centre.Location())
		if err != nil {
			return now, fiber.ErrNotFound
		}
		week = parsed
	}
	theme := ""
	if i := slices.Index(models.Themes, c.Query("thema")); i >= 0 {
		theme = models.Themes[i]
	}
	lang := rq(c).Lang
	key := weekKey{centre: centre.ID, path: c.Path(), week: week.String(), theme: theme, lang: lang}
	state := centre.Version()
	kept, ok := h.weeks.get(key, state, now)
	if !ok {
		days, err := models.Programme(h.DB, &centre.Centre, week, theme)
		if err != nil {
			return now, err
		}
		var html bytes.Buffer
		if err := c.App().Config().Views.Render(&html, "programme/week_days", fiber.Map{
			"L": rq(c).L, "Week": week, "IsThisWeek": week.String() == thisWeek.String(), "Days": days,
			"Theme": theme, "Themes": models.Themes, "Today": now.In(centre.Location()).Format(models.Date), "Now": now,
			"BasePath": key.path, "ICal": icalPath(&centre.Centre), "ProgrammeCentre": &centre.Centre,
		}); err != nil {
			return now, fmt.Errorf("render programme/week_days: %w", err)
		}
		kept = keptWeek{html: template.HTML(html.String()), expires: pageExpiry(now, days, &centre.Centre)} //nolint:gosec // produced by html/template above
		h.weeks.put(key, state, now, kept.expires, kept)
	}
	data := fiber.Map{
		"Title": "programme.title", "ProgrammeCentre": &centre.Centre, "Week": week, "Dates": week.Days(), "WeekDays": kept.html,
		"Feed": feedPath(&centre.Centre), "OnHome": key.path == "/", "HomeID": rq(c).homeCentre(), "MayChooseHome": mayChooseHome(c),
	}
	if rq(c).User != nil {
		return kept.expires, h.sendProgramme(c, centre, kept.expires, now, data)
	}
	return kept.expires, h.render(c, fiber.StatusOK, "programme/week", data)
}

// Centres lists the open centres with their address and this week's number of
// activities, each leading to its programme.
func (h *Handlers) Centres(c *fiber.Ctx) error {
	centres, err := models.OpenCentresThisWeek(h.DB, h.Now())
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "programme/centres", fiber.Map{
		"Title": "centres.title", "Centres": centres, "HomeID": rq(c).homeCentre(), "MayChooseHome": mayChooseHome(c),
	})
}
