package handlers

import (
	"errors"
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"onshuis/models"
)

// Stories lists the centre's stories with the form to record one.
func (h *Handlers) Stories(c *fiber.Ctx) error {
	return h.renderStories(c, fiber.StatusOK, map[string]string{}, nil, nil)
}

// SaveStory records a story told with the resident's consent. A known name or phone
// number in the text stops it once with a warning that names what was found; the
// coordinator takes it out, or confirms that it is no one's (a common word).
func (h *Handlers) SaveStory(c *fiber.Ctx) error {
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	f := newForm(c)
	s, found, err := h.storyOfForm(f, centre)
	if err != nil {
		return err
	}
	if !f.OK() {
		return h.renderStories(c, fiber.StatusUnprocessableEntity, f.Values, f.Errors, found)
	}
	s.CreatedByID = &rq(c).User.ID
	if err := models.SaveStory(h.DB, &s); err != nil {
		return err
	}
	h.setFlash(c, "flash.story_saved")
	return c.Redirect("/coordinator/verhalen", fiber.StatusSeeOther)
}

// storyOfForm reads and checks the story form (new or changed) and returns the known
// names and numbers found in the text.
func (h *Handlers) storyOfForm(f *form, centre *models.Centre) (models.Story, []string, error) {
	today := h.localNow(centre).Format(models.Date)
	s := models.Story{CentreID: centre.ID, Text: f.lines("text", true, 1200)}
	s.Themes = strings.Join(oneOf(f.multi("themes"), models.Themes), ",")
	s.Dimensions = strings.Join(oneOf(f.multi("dimensions"), models.Dimensions), ",")
	if s.Themes == "" && s.Dimensions == "" {
		f.fail("themes", "stories.tags_required")
	}
	s.ConsentHow = f.raw("consent_how")
	if !contains(models.ConsentWays, s.ConsentHow) {
		f.fail("consent_how", "stories.consent_how_required")
	}
	s.ConsentOn = f.date("consent_on", today, false)
	s.ToldOn = f.date("told_on", today, true)
	if !f.checked("consent") {
		f.fail("consent", "stories.consent_required")
	}
	s.Publishable = f.checked("publishable")
	var found []string
	if s.Text != "" && !f.checked("no_names") {
		var err error
		if found, err = models.KnownPersonalData(h.DB, s.Text); err != nil {
			return s, nil, err
		}
		if len(found) > 0 {
			f.fail("text", "stories.names_found")
		}
	}
	return s, found, nil
}

// storyOfURL is the story in the URL, of the coordinator's centre, or a 404.
func (h *Handlers) storyOfURL(c *fiber.Ctx) (*models.Centre, *models.Story, error) {
	return ofCentreInURL(h, c, models.StoryOf)
}

// StoryForm shows the form that changes a story, filled in, with the way to delete it.
func (h *Handlers) StoryForm(c *fiber.Ctx) error {
	_, s, err := h.storyOfURL(c)
	if err != nil {
		return err
	}
	values := map[string]string{"text": s.Text, "themes": s.Themes, "dimensions": s.Dimensions, "consent_how": s.ConsentHow,
		"consent_on": s.ConsentOn, "told_on": s.ToldOn, "consent": "on"}
	if s.Publishable {
		values["publishable"] = "on"
	}
	return h.renderStory(c, fiber.StatusOK, s, values, nil, nil)
}

// UpdateStory changes a story, with the same checks as a new one.
func (h *Handlers) UpdateStory(c *fiber.Ctx) error {
	centre, old, err := h.storyOfURL(c)
	if err != nil {
		return err
	}
	f := newForm(c)
	s, found, err := h.storyOfForm(f, centre)
	if err != nil {
		return err
	}
	if !f.OK() {
		return h.renderStory(c, fiber.StatusUnprocessableEntity, old, f.Values, f.Errors, found)
	}
	s.ID = old.ID
	if err := models.UpdateStory(h.DB, &s); errors.Is(err, gorm.ErrRecordNotFound) {
		return fiber.ErrNotFound
	} else if err != nil {
		return err
	}
	h.setFlash(c, "flash.story_saved")
	return c.Redirect("/coordinator/verhalen", fiber.StatusSeeOther)
}

func (h *Handlers) renderStory(c *fiber.Ctx, status int, s *models.Story, values, errs map[string]string, found []string) error {
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	return h.render(c, status, "impact/story", fiber.Map{"Title": "stories.edit", "Story": s, "Form": values,
		"Errors": errs, "Found": strings.Join(found, ", "), "Themes": models.Themes, "Dimensions": models.Dimensions,
		"ChosenThemes": splitComma(values["themes"]), "ChosenDimensions": splitComma(values["dimensions"]),
		"Ways": models.ConsentWays, "Today": h.localNow(centre).Format(models.Date)})
}

// DeleteStoryForm asks whether the story should go.
func (h *Handlers) DeleteStoryForm(c *fiber.Ctx) error {
	_, s, err := h.storyOfURL(c)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "impact/confirm", fiber.Map{"Title": "stories.delete_title",
		"Heading": "stories.delete_heading", "Quote": s.Text, "Explained": "stories.delete_explained", "Button": "stories.delete",
		"Action": fmt.Sprintf("/coordinator/verhalen/%d/verwijderen", s.ID), "Back": "/coordinator/verhalen"})
}

// ShareStory marks a story publishable (for the report) or not.
func (h *Handlers) ShareStory(c *fiber.Ctx) error {
	return h.changeStory(c, func(centre, id int64) error {
		return models.SetStoryPublishable(h.DB, centre, id, c.FormValue("publishable") == "on")
	}, "flash.story_saved")
}

// DeleteStory deletes a story (the resident withdrew consent) once the coordinator
// confirmed; without the confirmation it asks first.
func (h *Handlers) DeleteStory(c *fiber.Ctx) error {
	_, s, err := h.storyOfURL(c)
	if err != nil {
		return err
	}
	if !confirmed(c) {
		return c.Redirect(fmt.Sprintf("/coordinator/verhalen/%d/verwijderen", s.ID), fiber.StatusSeeOther)
	}
	return h.changeStory(c, func(centre, id int64) error { return models.DeleteStory(h.DB, centre, id) }, "flash.story_deleted")
}

func (h *Handlers) changeStory(c *fiber.Ctx, change func(centre, id int64) error, flash string) error {
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	id, err := c.ParamsInt("id")
	if err != nil {
		return fiber.ErrNotFound
	}
	if err := change(centre.ID, int64(id)); errors.Is(err, gorm.ErrRecordNotFound) {
		return fiber.ErrNotFound
	} else if err != nil {
		return err
	}
	h.setFlash(c, flash)
	return c.Redirect("/coordinator/verhalen", fiber.StatusSeeOther)
}

func (h *Handlers) renderStories(c *fiber.Ctx, status int, values, errs map[string]string, found []string) error {
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	stories, err := models.StoriesOf(h.DB, centre.ID)
	if err != nil {
		return err
	}
	return h.render(c, status, "impact/stories", fiber.Map{"Title": "stories.title", "Stories": stories, "Form": values,
		"Errors": errs, "Found": strings.Join(found, ", "), "Themes": models.Themes, "Dimensions": models.Dimensions,
		"ChosenThemes": splitComma(values["themes"]), "ChosenDimensions": splitComma(values["dimensions"]),
		"Ways": models.ConsentWays, "Today": h.localNow(centre).Format(models.Date)})
}
