package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"onshuis/models"
)

// TextForm lets the coordinator correct a published activity's title, answers and
// themes, filled in with what they are now.
func (h *Handlers) TextForm(c *fiber.Ctx) error {
	a, err := h.plannedActivity(c)
	if err != nil {
		return err
	}
	values := map[string]string{"title": a.Title, "want": a.Want, "can": a.Can}
	return h.renderText(c, fiber.StatusOK, a, values, nil, a.ThemeList())
}

// ChangeText saves the corrected text.
func (h *Handlers) ChangeText(c *fiber.Ctx) error {
	a, err := h.plannedActivity(c)
	if err != nil {
		return err
	}
	f := newForm(c)
	title := f.text("title", true, maxTitle)
	want := f.lines("want", true, maxAnswer)
	can := f.lines("can", true, maxAnswer)
	var themes []string
	for _, t := range f.multi("themes") {
		if contains(models.Themes, t) && !contains(themes, t) {
			themes = append(themes, t)
		}
	}
	if !f.OK() {
		return h.renderText(c, fiber.StatusUnprocessableEntity, a, f.Values, f.Errors, themes)
	}
	switch err := models.ChangeText(h.DB, a.ID, title, want, can, themes); {
	case errors.Is(err, models.ErrNotPublished):
		return fiber.ErrNotFound
	case err != nil:
		return err
	}
	h.setFlash(c, "flash.text_changed")
	return c.Redirect(activityPath(a), fiber.StatusSeeOther)
}

func (h *Handlers) renderText(c *fiber.Ctx, status int, a *models.Activity, values, errs map[string]string, themes []string) error {
	return h.render(c, status, "activities/text", fiber.Map{
		"Title": "text.title", "Activity": a, "Form": values, "Errors": errs, "Themes": models.Themes, "ChosenThemes": themes,
	})
}
