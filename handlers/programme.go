package handlers

import (
	"github.com/gofiber/fiber/v2"

	"onshuis/models"
)

// Programme shows a week of the visitor's own centre (h.centre: the one they chose,
// else the default), the home page.
func (h *Handlers) Programme(c *fiber.Ctx) error {
	return h.keptProgramme(c, "", func() (*models.Centre, error) { return h.centre(c) })
}

// CentreProgramme shows a week of another centre's programme.
func (h *Handlers) CentreProgramme(c *fiber.Ctx) error {
	slug := c.Params("slug")
	if slug == "" {
		return fiber.ErrNotFound
	}
	return h.keptProgramme(c, slug, func() (*models.Centre, error) { return models.CentreBySlug(h.DB, slug) })
}

// keptProgramme serves an anonymous visitor the page kept from an earlier visit while
// it is still right (programme_cache.go), and renders (and keeps) it otherwise. slug
// names the centre ("" the visitor's own); load loads it. Every page shows the
// visitor's own centre (at /, and in the header of every page), so the centre chosen
// on this device is part of the key and of the state.
func (h *Handlers) keptProgramme(c *fiber.Ctx, slug string, load func() (*models.Centre, error)) error {
	var (
		key   pageKey
		state string
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
		if body := h.pages.get(key, state, h.Now()); body != nil {
			return sendPage(c, body, key.encoding)
		}
	}
	centre, err := load()
	if err != nil {
		return err
	}
	days, err := h.programme(c, centre)
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
	body := compressPage(c.Response().Body(), key.encoding)
	h.pages.put(key, &cachedPage{state: state, expires: pageExpiry(h.Now(), days, centre, header), body: body})
	return sendPage(c, body, key.encoding)
}

// programme renders the week asked for and returns its days.
func (h *Handlers) programme(c *fiber.Ctx, centre *models.Centre) ([]models.ProgrammeDay, error) {
	if centre == nil {
		return nil, fiber.ErrNotFound
	}
	if centre.ClosedAt != nil {
		// A closed centre's address is still on posters and in bookmarks: its page
		// says it is closed and where to go instead, rather than an empty programme
		// (it still looks open) or "not found" (as if it never was). 410 Gone tells
		// search engines and link checkers the same.
		return nil, h.render(c, fiber.StatusGone, "programme/closed", fiber.Map{
			"Title": "closed_centre.title", "Closed": centre, "ClosedOn": centre.ClosedAt.In(centre.Location()),
		})
	}
	week := models.WeekOf(h.Now(), centre.Location())
	thisWeek := week
	if w := c.Query("week"); w != "" {
		parsed, err := models.ParseWeek(w, centre.Location())
		if err != nil {
			return nil, fiber.ErrNotFound
		}
		week = parsed
	}
	theme := c.Query("thema")
	if theme != "" && !contains(models.Themes, theme) {
		theme = ""
	}
	days, err := models.Programme(h.DB, centre, week, theme)
	if err != nil {
		return nil, err
	}
	today := h.localNow(centre).Format(models.Date)
	return days, h.render(c, fiber.StatusOK, "programme/week", fiber.Map{
		"Title": "programme.title", "ProgrammeCentre": centre, "Week": week, "ThisWeek": thisWeek,
		"IsThisWeek": week.String() == thisWeek.String(), "Days": days, "Theme": theme, "Themes": models.Themes, "Today": today, "Now": h.Now(),
		"BasePath": c.Path(), "Feed": feedPath(centre), "ICal": icalPath(centre),
		"OnHome": c.Path() == "/", "HomeID": rq(c).homeCentre(), "MayChooseHome": mayChooseHome(c),
	})
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
