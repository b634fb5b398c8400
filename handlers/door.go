package handlers

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"onshuis/models"
	"onshuis/printables"
	"onshuis/views"
)

// checkInURL is the address a centre's door poster points to.
func (h *Handlers) checkInURL(centre *models.Centre) string {
	return h.BaseURL + "/checkin/" + centre.DoorCode
}

// Door shows the coordinator the check-in address, the poster, the door code and the
// kiosk links.
func (h *Handlers) Door(c *fiber.Ctx) error {
	return h.renderDoor(c, fiber.StatusOK, nil, nil)
}

// renderDoor shows the door page; values and errs are those of the form sent back
// (the new kiosk link's label, or the tick to replace the door code).
func (h *Handlers) renderDoor(c *fiber.Ctx, status int, values, errs map[string]string) error {
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	kiosks, err := models.KioskLinks(h.DB, centre.ID)
	if err != nil {
		return err
	}
	return h.render(c, status, "coordinator/door", fiber.Map{
		"Title": "door.title", "CheckInURL": h.checkInURL(centre), "Kiosks": kiosks, "BaseURL": h.BaseURL,
		"Form": values, "Errors": errs,
	})
}

// DoorPoster streams the A4 door poster PDF.
func (h *Handlers) DoorPoster(c *fiber.Ctx) error {
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	l := rq(c).L
	var buf bytes.Buffer
	err = printables.WriteDoorPoster(&buf, printables.DoorPoster{
		DocTitle: views.T(l, "door.poster_title", "Centre", centre.Name), CentreName: centre.Name,
		Heading: views.T(l, "door.poster_heading"), Instruction: views.T(l, "door.poster_instruction"),
		OtherLanguage: views.T(l, "door.poster_other_language"), NoPhone: views.T(l, "door.poster_no_phone"),
		URL: h.checkInURL(centre), Created: h.Now(),
	})
	if err != nil {
		return err
	}
	// The first-run checklist ticks "print the door poster" off: a download leaves no
	// other trace.
	if err := models.RecordMilestone(h.DB, centre.ID, models.MilestoneDoorPoster, user(c).ID, h.Now()); err != nil {
		return err
	}
	return sendPDF(c, buf.Bytes(), "deurposter-"+centre.Slug+".pdf")
}

// ReplaceDoorCode makes a new door code; old posters then say they are outdated.
func (h *Handlers) ReplaceDoorCode(c *fiber.Ctx) error {
	if f := newForm(c); !f.checked("confirm") {
		f.fail("confirm", "door.replace_confirm_required")
		return h.renderDoor(c, fiber.StatusUnprocessableEntity, f.Values, f.Errors)
	}
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	old := centre.DoorCode
	if _, err := models.ReplaceDoorCode(h.DB, centre); err != nil {
		return err
	}
	h.doors.forget(old) // other processes find out at their next check-in there (CheckIn)
	h.setFlash(c, "flash.door_replaced")
	return c.Redirect("/coordinator/deur", fiber.StatusSeeOther)
}

// CreateKiosk makes a kiosk link for a tablet at the door.
func (h *Handlers) CreateKiosk(c *fiber.Ctx) error {
	f := newForm(c)
	label := f.text("label", false, 60)
	if !f.OK() {
		return h.renderDoor(c, fiber.StatusUnprocessableEntity, f.Values, f.Errors)
	}
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	if _, err := models.CreateKioskLink(h.DB, centre.ID, user(c).ID, label); err != nil {
		return err
	}
	h.setFlash(c, "flash.kiosk_created")
	return c.Redirect("/coordinator/deur", fiber.StatusSeeOther)
}

// RevokeKiosk stops a kiosk link from working.
func (h *Handlers) RevokeKiosk(c *fiber.Ctx) error {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return fiber.ErrNotFound
	}
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	if err := models.RevokeKioskLink(h.DB, centre.ID, id); errors.Is(err, models.ErrNotFound) {
		return fiber.ErrNotFound
	} else if err != nil {
		return err
	}
	h.setFlash(c, "flash.kiosk_revoked")
	return c.Redirect("/coordinator/deur", fiber.StatusSeeOther)
}

// sendPDF sends a PDF inline with a file name the browser uses when saving.
func sendPDF(c *fiber.Ctx, pdf []byte, filename string) error {
	c.Set(fiber.HeaderContentType, "application/pdf")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`inline; filename="%s"`, filename))
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return c.Send(pdf)
}
