package handlers

import (
	"errors"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"onshuis/models"
)

// LearningSessions lists the centre's leersessies of the last year with what each
// learned, for coordinators and partners: no names, only the activity, the date and
// the log (written without names of residents).
func (h *Handlers) LearningSessions(c *fiber.Ctx) error {
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	rows, err := models.LearningSessions(h.DB, centre, h.Now())
	if err != nil {
		return err
	}
	written := 0
	views := make([]learningView, len(rows))
	for i, r := range rows {
		views[i] = learningView{LearningRow: r, Start: r.StartsAt.In(centre.Location())}
		if r.Learned != "" {
			written++
		}
	}
	return h.render(c, fiber.StatusOK, "learning/list", fiber.Map{
		"Title": "learning.title", "Sessions": views, "Written": written, "CanWrite": user(c).IsCoordinator(),
	})
}

// learningView is a row of the list with its start in the centre's time.
type learningView struct {
	models.LearningRow
	Start time.Time
}

// learningSession loads the session in the URL when it is one of a leersessie that took
// place and the user leads it or coordinates its centre.
func (h *Handlers) learningSession(c *fiber.Ctx) (*models.Session, *models.Activity, *models.Centre, error) {
	s, a, err := h.managedSession(c)
	if err != nil {
		return nil, nil, nil, err
	}
	centre, err := models.CentreByID(h.DB, a.CentreID)
	if err != nil {
		return nil, nil, nil, err
	}
	if u := user(c); u.IsCoordinator() && (a.LeadID == nil || *a.LeadID != u.ID) {
		own, err := h.centre(c)
		if err != nil {
			return nil, nil, nil, err
		}
		if own.ID != a.CentreID {
			return nil, nil, nil, fiber.ErrNotFound
		}
	}
	if !a.IsLearning() || s.Cancelled || s.StartsAt.After(h.Now()) {
		return nil, nil, nil, fiber.ErrNotFound
	}
	return s, a, centre, nil
}

// LearningForm shows the short log of one leersessie: what we learned.
func (h *Handlers) LearningForm(c *fiber.Ctx) error {
	s, a, centre, err := h.learningSession(c)
	if err != nil {
		return err
	}
	values := map[string]string{}
	l, err := models.LearningOf(h.DB, s.ID)
	if err != nil {
		return err
	}
	if l != nil {
		values["learned"] = l.Learned
	}
	return h.renderLearning(c, fiber.StatusOK, s, a, centre, values, nil, nil)
}

// SaveLearning stores the log. A name or phone number the site knows stops it once,
// naming what was found: taken out, or confirmed to be no one's.
func (h *Handlers) SaveLearning(c *fiber.Ctx) error {
	s, a, centre, err := h.learningSession(c)
	if err != nil {
		return err
	}
	f := newForm(c)
	learned := f.lines("learned", true, models.MaxLearned)
	var found []string
	if learned != "" && !f.checked("no_names") {
		if found, err = models.KnownPersonalData(h.DB, learned); err != nil {
			return err
		}
		if len(found) > 0 {
			f.fail("learned", "learning.names_found")
		}
	}
	if !f.OK() {
		return h.renderLearning(c, fiber.StatusUnprocessableEntity, s, a, centre, f.Values, f.Errors, found)
	}
	if err := models.SaveLearning(h.DB, a, s, user(c).ID, learned, h.Now()); errors.Is(err, models.ErrNotLearning) {
		return fiber.ErrNotFound
	} else if err != nil {
		return err
	}
	h.setFlash(c, "flash.learning_saved")
	if user(c).IsCoordinator() {
		return c.Redirect("/leersessies", fiber.StatusSeeOther)
	}
	return c.Redirect(activityPath(a)+"/deelnemers", fiber.StatusSeeOther)
}

func (h *Handlers) renderLearning(c *fiber.Ctx, status int, s *models.Session, a *models.Activity, centre *models.Centre,
	values, errs map[string]string, found []string) error {
	return h.render(c, status, "learning/form", fiber.Map{
		"Title": "learning.form_title", "Activity": a, "Session": localSessions([]models.Session{*s}, centre)[0],
		"Form": values, "Errors": errs, "Found": strings.Join(found, ", "),
	})
}
