package handlers

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"onshuis/models"
)

// Rooms lists the centre's rooms with a form to add one.
func (h *Handlers) Rooms(c *fiber.Ctx) error {
	return h.renderRooms(c, fiber.StatusOK, map[string]string{}, nil)
}

// SaveRoom adds a room, or changes one when the form carries its id.
func (h *Handlers) SaveRoom(c *fiber.Ctx) error {
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	var existing *models.Room
	if id := c.Params("id"); id != "" {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			return fiber.ErrNotFound
		}
		if existing, err = models.RoomByID(h.DB, n); err != nil {
			return err
		}
		if existing == nil || existing.CentreID != centre.ID {
			return fiber.ErrNotFound
		}
	}
	f := newForm(c)
	room := models.Room{CentreID: centre.ID, Name: f.text("name", true, 60), Capacity: f.number("capacity", 0, 1000)}
	if existing != nil {
		room.ID = existing.ID
	}
	if f.OK() {
		err := models.SaveRoom(h.DB, &room)
		if errors.Is(err, models.ErrRoomExists) {
			f.fail("name", "rooms.exists")
		} else if err != nil {
			return err
		}
	}
	switch {
	case !f.OK() && existing != nil:
		// A mistake in one of the listed rooms gets a page of its own, so the message
		// stands next to that room's field and not in the form to add one.
		return h.render(c, fiber.StatusUnprocessableEntity, "coordinator/room_edit", fiber.Map{
			"Title": "rooms.edit_title", "Room": existing, "Form": f.Values, "Errors": f.Errors})
	case !f.OK():
		return h.renderRooms(c, fiber.StatusUnprocessableEntity, f.Values, f.Errors)
	}
	h.setFlash(c, "flash.room_saved")
	return c.Redirect("/coordinator/ruimtes", fiber.StatusSeeOther)
}

func (h *Handlers) renderRooms(c *fiber.Ctx, status int, values, errs map[string]string) error {
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	rooms, err := models.RoomsOfCentre(h.DB, centre.ID)
	if err != nil {
		return err
	}
	return h.render(c, status, "coordinator/rooms", fiber.Map{"Title": "rooms.title", "Rooms": rooms, "Form": values, "Errors": errs})
}

// CoordinatorHome is the coordinator's start page: what waits, and where everything is.
func (h *Handlers) CoordinatorHome(c *fiber.Ctx) error {
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	counts, err := models.CountByStatus(h.DB, centre.ID)
	if err != nil {
		return err
	}
	backups, err := h.backupView(centre)
	if err != nil {
		return err
	}
	checklist, err := models.ChecklistOf(h.DB, centre.ID)
	if err != nil {
		return err
	}
	rooms, err := models.RoomsOfCentre(h.DB, centre.ID)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "coordinator/home", fiber.Map{"Title": "coordinator.title", "Counts": counts, "Backups": backups,
		"Checklist": checklist, "Steps": checklistSteps(checklist, centre), "Rooms": rooms})
}

// checklistStep is a step of the first-run checklist with the page that does it.
type checklistStep struct {
	models.ChecklistStep
	Href string
}

// checklistSteps links every step to the page where the coordinator does it.
func checklistSteps(list models.Checklist, centre *models.Centre) []checklistStep {
	hrefs := map[string]string{
		models.StepRooms:       "/coordinator/ruimtes",
		models.StepActivities:  "/coordinator/activiteiten/nieuw",
		models.StepDoorPoster:  "/coordinator/deur",
		models.StepCoordinator: "/coordinator/accounts",
		models.StepCheckIn:     "/checkin/" + centre.DoorCode,
	}
	out := make([]checklistStep, len(list.Steps))
	for i, s := range list.Steps {
		out[i] = checklistStep{ChecklistStep: s, Href: hrefs[s.Key]}
	}
	return out
}

// DismissChecklist puts the first-run checklist away for good.
func (h *Handlers) DismissChecklist(c *fiber.Ctx) error {
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	if err := models.RecordMilestone(h.DB, centre.ID, models.MilestoneChecklistDismissed, user(c).ID, h.Now()); err != nil {
		return err
	}
	h.setFlash(c, "flash.checklist_dismissed")
	return c.Redirect("/coordinator", fiber.StatusSeeOther)
}
