package handlers

import (
	"errors"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"onshuis/figures"
	"onshuis/models"
)

// paperPath is the page where a session's paper sign-in sheet is entered.
func paperPath(sessionID int64) string {
	return "/sessies/" + strconv.FormatInt(sessionID, 10) + "/presentielijst"
}

// PaperShortLink is the short address printed on a roster (/p/<session>), easy to type
// from paper; it leads to the sheet's page.
func (h *Handlers) PaperShortLink(c *fiber.Ctx) error {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return fiber.ErrNotFound
	}
	return c.Redirect(paperPath(id), fiber.StatusSeeOther)
}

// PaperForm shows "Presentielijst invoeren": the roster's names with a tick box each,
// and the number of people who came without being on it.
func (h *Handlers) PaperForm(c *fiber.Ctx) error {
	s, a, err := h.managedSession(c)
	if err != nil {
		return err
	}
	return h.renderPaper(c, fiber.StatusOK, s, a, nil)
}

// SavePaper stores what the sheet says as visits with source "paper".
func (h *Handlers) SavePaper(c *fiber.Ctx) error {
	s, a, err := h.managedSession(c)
	if err != nil {
		return err
	}
	centre, err := models.CentreByID(h.DB, a.CentreID)
	if err != nil {
		return err
	}
	entry, errs := parsePaperForm(c)
	if len(errs) > 0 {
		return h.renderPaper(c, fiber.StatusUnprocessableEntity, s, a, errs)
	}
	err = models.SavePaperSheet(h.DB, centre, a, s, entry, h.Now())
	switch {
	case errors.Is(err, models.ErrSessionNotHeld), errors.Is(err, models.ErrSessionCancelled):
		return h.renderPaper(c, fiber.StatusUnprocessableEntity, s, a, nil)
	case errors.Is(err, models.ErrPaperNotOnTheSheet):
		return h.renderPaper(c, fiber.StatusUnprocessableEntity, s, a, map[string]string{"present": "paper.not_on_sheet"})
	case err != nil:
		return err
	}
	// Finished weeks whose figures the sheet changed are computed and stored again now,
	// so the next report reads them as before. A failure here loses nothing: the
	// figures are computed when next asked.
	if _, err := figures.KeepFinishedWeeks(h.DB, h.Now()); err != nil {
		h.Log.Warn("recomputing finished weeks after a sign-in sheet failed", "request_id", c.Locals(LocalsRequestID), "error", err)
	}
	h.setFlash(c, "flash.paper_saved")
	return c.Redirect(paperPath(s.ID), fiber.StatusSeeOther)
}

// parsePaperForm reads the ticked people and the walk-ins.
func parsePaperForm(c *fiber.Ctx) (models.PaperEntry, map[string]string) {
	var entry models.PaperEntry
	errs := map[string]string{}
	for _, v := range c.Context().PostArgs().PeekMulti("present") {
		id, err := strconv.ParseInt(string(v), 10, 64)
		if err != nil || id <= 0 {
			errs["present"] = "paper.not_on_sheet"
			continue
		}
		entry.Ticked = append(entry.Ticked, id)
	}
	raw := strings.TrimSpace(c.FormValue("walk_ins"))
	if raw == "" {
		raw = "0"
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 0 || n > models.MaxPaperWalkIns {
		errs["walk_ins"] = "paper.walk_ins_invalid"
	}
	entry.WalkIns = n
	return entry, errs
}

func (h *Handlers) renderPaper(c *fiber.Ctx, status int, s *models.Session, a *models.Activity, errs map[string]string) error {
	centre, err := models.CentreByID(h.DB, a.CentreID)
	if err != nil {
		return err
	}
	sheet, err := models.PaperSheetOf(h.DB, centre, a, s)
	if err != nil {
		return err
	}
	walkIns := strconv.Itoa(sheet.WalkIns)
	if errs != nil {
		// The form again with what was ticked and typed, not what is stored.
		ticked := map[string]bool{}
		for _, v := range c.Context().PostArgs().PeekMulti("present") {
			ticked[string(v)] = true
		}
		for i := range sheet.Rows {
			sheet.Rows[i].Ticked = ticked[strconv.FormatInt(sheet.Rows[i].UserID, 10)]
		}
		walkIns = c.FormValue("walk_ins")
	}
	return h.render(c, status, "activities/paper", fiber.Map{
		"Title": "paper.title", "Activity": a, "Session": localSessions([]models.Session{*s}, centre)[0], "Sheet": sheet,
		"Held": !h.Now().Before(s.StartsAt), "Errors": errs, "Form": fiber.Map{"walk_ins": walkIns},
		"ShortLink": h.BaseURL + "/p/" + strconv.FormatInt(s.ID, 10),
	})
}
