package handlers

import (
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"

	"onshuis/models"
	"onshuis/views"
)

// The embeddable programme (/embed/{centre}, /embed for every centre): a week of the
// programme without the site's header, for a partner's page to show in an iframe (app
// sets the frame-ancestors). It works without JavaScript and loads only the site's own
// stylesheets; its links open the site in the whole window. The page knows nobody: it
// runs before the session is loaded and sets no cookie, and the language is part of
// its address (?lang=en), because a browser keeps no cookies for a site in an iframe.

// embedSlot is how long an embed page stays the same while nothing changes.
const embedSlot = 5 * time.Minute

// EmbedContext gives the embed pages their language from the address.
func (h *Handlers) EmbedContext(c *fiber.Ctx) error {
	lang := views.SupportedLanguage(c.Query("lang"))
	c.Locals(localsRequest, &request{Lang: lang, L: h.localizer(lang)})
	c.Set(fiber.HeaderCrossOriginResourcePolicy, "cross-origin") // also for partners whose pages require it
	return c.Next()
}

// EmbedCentre is one centre's week: GET /embed/{slug}.
func (h *Handlers) EmbedCentre(c *fiber.Ctx) error {
	centre, err := h.slugCentre(c)
	if err != nil {
		return err
	}
	if centre.ClosedAt != nil {
		// A partner's page may frame a closed centre for a long time: the frame says it
		// is closed and where to go, as the centre's own page does (410 Gone), rather
		// than an empty week that looks as if it were open.
		err := h.render(c, fiber.StatusGone, "embed/closed", fiber.Map{
			"Layout": "layouts/embed", "Title": "closed_centre.title", "EmbedCentre": &centre.Centre, "Closed": &centre.Centre,
			"ClosedOn": centre.ClosedAt.In(centre.Location()), "BaseURL": h.BaseURL,
		})
		c.Set(fiber.HeaderCacheControl, "public, max-age="+itoa(publicMaxAge))
		return err
	}
	return h.embed(c, []models.VersionedCentre{*centre}, &centre.Centre)
}

// EmbedAll is every open centre's week together: GET /embed.
func (h *Handlers) EmbedAll(c *fiber.Ctx) error {
	all, err := models.VersionedCentres(h.DB)
	if err != nil {
		return err
	}
	var open []models.VersionedCentre
	for _, centre := range all {
		if centre.ClosedAt == nil {
			open = append(open, centre)
		}
	}
	return h.embed(c, open, nil)
}

// embed shows the week (?week=2026-W49, else this one) of the centres; one is the
// centre when it is a single one's page.
func (h *Handlers) embed(c *fiber.Ctx, centres []models.VersionedCentre, one *models.Centre) error {
	loc := (&models.Centre{TimeZone: models.DefaultTimeZone}).Location()
	plain := make([]models.Centre, len(centres))
	names := map[int64]string{}
	state := []string{"embed", rq(c).Lang}
	for i := range centres {
		plain[i] = centres[i].Centre
		names[centres[i].ID] = centres[i].Name
		state = append(state, centres[i].Version())
	}
	if len(plain) > 0 {
		loc = plain[0].Location()
	}
	thisWeek := models.WeekOf(h.Now(), loc)
	week := thisWeek
	if w := c.Query("week"); w != "" {
		parsed, err := models.ParseWeek(w, loc)
		if err != nil {
			return fiber.ErrNotFound
		}
		week = parsed
	}
	// The page says which sessions are over: it is drawn for the start of a five-minute
	// slot, which is part of its state (a session shows as over up to five minutes late).
	now := h.Now().Truncate(embedSlot)
	state = append(state, week.String(), now.UTC().Format(time.RFC3339))
	if notModified(c, publicMaxAge, state...) {
		return nil
	}
	days, err := models.ProgrammeOfCentres(h.DB, plain, week)
	if err != nil {
		return err
	}
	var shown []models.ProgrammeDay
	for _, d := range days {
		if len(d.Items) > 0 {
			shown = append(shown, d)
		}
	}
	base := c.Path()
	lang := ""
	if rq(c).Lang != views.Languages[0] {
		lang = rq(c).Lang
	}
	link := func(w models.Week) string {
		q := url.Values{}
		if w.String() != thisWeek.String() {
			q.Set("week", w.String())
		}
		if lang != "" {
			q.Set("lang", lang)
		}
		if len(q) == 0 {
			return base
		}
		return base + "?" + q.Encode()
	}
	site := h.BaseURL + "/"
	if one != nil {
		site = h.BaseURL + "/centra/" + one.Slug
	}
	err = h.render(c, fiber.StatusOK, "embed/week", fiber.Map{
		"Layout": "layouts/embed", "Title": "embed.title", "EmbedCentre": one, "Days": shown, "Week": week,
		"First": week.Start(), "Last": week.End().AddDate(0, 0, -1), "Now": now, "CentreNames": names, "Several": len(centres) > 1,
		"Prev": link(week.Prev()), "Next": link(week.Next()), "This": link(thisWeek), "IsThisWeek": week.String() == thisWeek.String(),
		"BaseURL": h.BaseURL, "Site": site,
	})
	// A reader's cache may keep it for a minute; it holds no personal data.
	c.Set(fiber.HeaderCacheControl, "public, max-age="+itoa(publicMaxAge))
	return err
}
