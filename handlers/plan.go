package handlers

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"onshuis/models"
)

// PlanForm lets the coordinator change a published activity's room, places and
// schedule, filled in with what they are now.
func (h *Handlers) PlanForm(c *fiber.Ctx) error {
	a, err := h.plannedActivity(c)
	if err != nil {
		return err
	}
	values := scheduleValues(a)
	values["capacity"] = itoa(a.Capacity)
	if a.RoomID != nil {
		values["room_id"] = itoa64(*a.RoomID)
	}
	return h.renderPlan(c, fiber.StatusOK, a, values, nil, nil)
}

// ChangePlan saves the new room, places and schedule and moves the sessions to come.
func (h *Handlers) ChangePlan(c *fiber.Ctx) error {
	a, err := h.plannedActivity(c)
	if err != nil {
		return err
	}
	centre, err := models.CentreByID(h.DB, a.CentreID)
	if err != nil {
		return err
	}
	rooms, err := models.RoomsOfCentre(h.DB, a.CentreID)
	if err != nil {
		return err
	}
	f := newForm(c)
	plan := parsePlan(f, rooms)
	if c.FormValue("preview") != "" {
		// "Toon de data": the form again with the dates, nothing saved.
		status, errs, preview := h.schedulePreviewOf(f.Errors, plan.Schedule, centre.Location())
		return h.renderPlan(c, status, a, f.Values, errs, preview)
	}
	var change models.PlanChange
	if f.OK() {
		change, err = models.ChangePlan(h.DB, a.ID, *plan, h.Now(), centre.Location())
		switch {
		case roomClash(f, err):
		case errors.Is(err, models.ErrNotPublished):
			return fiber.ErrNotFound
		case err != nil:
			return err
		}
	}
	if !f.OK() {
		return h.renderPlan(c, fiber.StatusUnprocessableEntity, a, f.Values, f.Errors, nil)
	}
	if change.Cancelled > 0 {
		h.setFlash(c, "flash.plan_changed_tell_volunteers")
	} else {
		h.setFlash(c, "flash.plan_changed")
	}
	return c.Redirect(activityPath(a)+"/deelnemers", fiber.StatusSeeOther)
}

// plannedActivity loads the activity in the URL when it has a plan to change: approved
// or paused. A proposal or an ended activity has none (404).
func (h *Handlers) plannedActivity(c *fiber.Ctx) (*models.Activity, error) {
	a, _, err := h.coordinatedActivity(c)
	if err != nil {
		return nil, err
	}
	if a.Status != models.StatusApproved && a.Status != models.StatusPaused {
		return nil, fiber.ErrNotFound
	}
	return a, nil
}

func (h *Handlers) renderPlan(c *fiber.Ctx, status int, a *models.Activity, values, errs map[string]string, preview *schedulePreview) error {
	rooms, err := models.RoomsOfCentre(h.DB, a.CentreID)
	if err != nil {
		return err
	}
	data := fiber.Map{"Title": "plan.title", "Activity": a, "Rooms": rooms, "Form": values, "Errors": errs}
	addScheduleEditor(data, values, preview)
	return h.render(c, status, "activities/plan", data)
}

// addScheduleEditor gives a page with the schedule editor its choices and preview.
func addScheduleEditor(data fiber.Map, values map[string]string, preview *schedulePreview) {
	data["Weekdays"] = weekdayOptions(values["weekdays"])
	data["Recurrences"] = models.Recurrences
	data["Ordinals"] = ordinalOptions
	data["MonthWeekdays"] = weekdayOptions(values["month_weekday"])
	data["Preview"] = preview
}

// weekdayValues is the bit set of weekdays as the form's values ("1,3" = Mon, Wed).
func weekdayValues(bits int) string {
	var days []string
	for _, d := range models.WeekdayList(bits) {
		days = append(days, itoa(int(d)))
	}
	return strings.Join(days, ",")
}
