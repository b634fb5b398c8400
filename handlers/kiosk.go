package handlers

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"onshuis/models"
)

// kioskParam loads the kiosk link in the URL; a revoked or unknown link is a 404.
func (h *Handlers) kioskParam(c *fiber.Ctx) (*models.KioskLink, *models.Centre, error) {
	k, err := models.KioskByToken(h.DB, c.Params("token"))
	if err != nil {
		return nil, nil, err
	}
	if k == nil {
		return nil, nil, fiber.ErrNotFound
	}
	centre, err := models.CentreByID(h.DB, k.CentreID)
	if err != nil {
		return nil, nil, err
	}
	return k, centre, nil
}

// Kiosk is the host's tablet page: today's sessions with a "+1 bezoeker" button each,
// one for general visits, and an undo for the last tap.
func (h *Handlers) Kiosk(c *fiber.Ctx) error {
	k, centre, err := h.kioskParam(c)
	if err != nil {
		return err
	}
	today, err := models.DayProgramme(h.DB, centre, h.Now())
	if err != nil {
		return err
	}
	counts, err := models.HeadcountsToday(h.DB, k.ID, centre, h.Now())
	if err != nil {
		return err
	}
	total := 0
	for _, n := range counts {
		total += n
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return h.render(c, fiber.StatusOK, "checkin/kiosk", fiber.Map{
		"Title": "kiosk.title", "Kiosk": k, "DoorCentre": centre, "Today": today, "Counts": counts, "General": counts[0], "Total": total,
		"Layout": "layouts/kiosk",
	})
}

// KioskCount records one headcount visit, for a session or in general.
func (h *Handlers) KioskCount(c *fiber.Ctx) error {
	k, centre, err := h.kioskParam(c)
	if err != nil {
		return err
	}
	in := models.CheckIn{Centre: centre, At: h.Now(), Source: models.SourceHeadcount, KioskID: &k.ID}
	if id, err := strconv.ParseInt(c.FormValue("session"), 10, 64); err == nil && id > 0 {
		in.SessionIDs = []int64{id}
	}
	if _, err := models.RecordCheckIn(h.DB, in); err != nil {
		return err
	}
	h.setFlash(c, "flash.kiosk_counted")
	return c.Redirect("/kiosk/"+k.Token, fiber.StatusSeeOther)
}

// KioskUndo takes back the kiosk's last tap of today.
func (h *Handlers) KioskUndo(c *fiber.Ctx) error {
	k, centre, err := h.kioskParam(c)
	if err != nil {
		return err
	}
	undone, err := models.UndoLastHeadcount(h.DB, k.ID, centre, h.Now())
	if err != nil {
		return err
	}
	if undone {
		h.setFlash(c, "flash.kiosk_undone")
	} else {
		h.setFlash(c, "flash.kiosk_nothing_to_undo")
	}
	return c.Redirect("/kiosk/"+k.Token, fiber.StatusSeeOther)
}
