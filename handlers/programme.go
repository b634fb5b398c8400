package handlers

import (
	"github.com/gofiber/fiber/v2"

	"onshuis/models"
)

// Programme shows a week of the default centre's programme (the home page).
func (h *Handlers) Programme(c *fiber.Ctx) error {
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	return h.programme(c, centre)
}

// CentreProgramme shows a week of another centre's programme.
func (h *Handlers) CentreProgramme(c *fiber.Ctx) error {
	centre, err := models.CentreBySlug(h.DB, c.Params("slug"))
	if err != nil {
		return err
	}
	if centre == nil {
		return fiber.ErrNotFound
	}
	return h.programme(c, centre)
}

func (h *Handlers) programme(c *fiber.Ctx, centre *models.Centre) error {
	if centre == nil {
		return fiber.ErrNotFound
	}
	week := models.WeekOf(h.Now(), centre.Location())
	thisWeek := week
	if w := c.Query("week"); w != "" {
		parsed, err := models.ParseWeek(w, centre.Location())
		if err != nil {
			return fiber.ErrNotFound
		}
		week = parsed
	}
	theme := c.Query("thema")
	if theme != "" && !contains(models.Themes, theme) {
		theme = ""
	}
	days, err := models.Programme(h.DB, centre, week, theme)
	if err != nil {
		return err
	}
	today := h.localNow(centre).Format(models.Date)
	return h.render(c, fiber.StatusOK, "programme/week", fiber.Map{
		"Title": "programme.title", "ProgrammeCentre": centre, "Week": week, "ThisWeek": thisWeek,
		"IsThisWeek": week.String() == thisWeek.String(), "Days": days, "Theme": theme, "Themes": models.Themes, "Today": today, "Now": h.Now(),
		"BasePath": c.Path(), "Feed": feedPath(centre),
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
		"Title": "centres.title", "Centres": centres,
	})
}
