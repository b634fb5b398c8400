package handlers

import (
	"github.com/gofiber/fiber/v2"

	"onshuis/models"
)

// Who an activity entered directly is for.
const (
	onBehalfCentre   = "centre"
	onBehalfResident = "resident"
)

// NewEntry shows the coordinator's form to put an activity on the programme directly:
// the proposal's three questions and the approval's room and schedule in one form.
func (h *Handlers) NewEntry(c *fiber.Ctx) error {
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	pf := &proposalForm{form: newForm(c), Needs: withBlankRows(nil, 0)}
	pf.Values = map[string]string{"on_behalf": onBehalfCentre, "recurrence": models.RecurrenceWeekly, "interval": "1",
		"ordinal": "1", "start_time": "14:00", "end_time": "16:00", "first_date": h.localNow(centre).AddDate(0, 0, 7).Format(models.Date)}
	return h.renderEntry(c, fiber.StatusOK, pf, nil)
}

// CreateEntry publishes the activity at once, without review; the history says which
// coordinator entered it. The form's checks are the proposal's and the approval's.
func (h *Handlers) CreateEntry(c *fiber.Ctx) error {
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	rooms, err := models.RoomsOfCentre(h.DB, centre.ID)
	if err != nil {
		return err
	}
	in, pf := parseProposal(newForm(c), true)
	switch {
	case c.FormValue("action") == "add_need":
		pf.Needs = withBlankRows(pf.Needs, 1)
		return h.renderEntry(c, fiber.StatusOK, pf, nil)
	case c.FormValue("preview") != "":
		// "Toon de data": the form again with the dates and all that was typed (so every
		// field is read), nothing saved; only the schedule's own messages count yet.
		if _, err := h.onBehalfOf(pf.form); err != nil {
			return err
		}
		status, errs, preview := h.schedulePreviewOf(pf.Errors, parsePlan(pf.form, rooms).Schedule, centre.Location())
		pf.Errors = errs
		return h.renderEntry(c, status, pf, preview)
	}
	proposer, err := h.onBehalfOf(pf.form)
	if err != nil {
		return err
	}
	plan := parsePlan(pf.form, rooms)
	var a *models.Activity
	if pf.OK() {
		a, err = models.EnterActivity(h.DB, centre.ID, proposer, user(c).ID, in, *plan)
		if !roomClash(pf.form, err) && err != nil {
			return err
		}
	}
	if !pf.OK() {
		pf.Needs = withBlankRows(pf.Needs, 0)
		return h.renderEntry(c, fiber.StatusUnprocessableEntity, pf, nil)
	}
	h.setFlash(c, "flash.activity_entered")
	return c.Redirect("/activiteiten/"+itoa64(a.ID), fiber.StatusSeeOther)
}

// onBehalfOf reads for whom the activity is: the centre (nil), or the resident whose
// e-mail address or phone number was given, who then leads it.
func (h *Handlers) onBehalfOf(f *form) (*int64, error) {
	switch f.raw("on_behalf") {
	case onBehalfCentre:
		return nil, nil
	case onBehalfResident:
	default:
		f.fail("on_behalf", "entry.on_behalf_required")
		return nil, nil
	}
	login := f.text("resident", true, 200)
	if login == "" {
		return nil, nil
	}
	u, err := models.UserByLogin(h.DB, login)
	if err != nil {
		return nil, err
	}
	if u == nil || u.WithoutAccount {
		f.fail("resident", "entry.resident_unknown")
		return nil, nil
	}
	return &u.ID, nil
}

func (h *Handlers) renderEntry(c *fiber.Ctx, status int, pf *proposalForm, preview *schedulePreview) error {
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	rooms, err := models.RoomsOfCentre(h.DB, centre.ID)
	if err != nil {
		return err
	}
	data := fiber.Map{
		"Title": "entry.title", "Form": pf.Values, "Errors": pf.Errors, "Themes": models.Themes,
		"ChosenThemes": pf.Themes, "Needs": pf.Needs, "NeedKinds": models.NeedKinds, "Rooms": rooms,
		"OnBehalf": []string{onBehalfCentre, onBehalfResident},
	}
	addScheduleEditor(data, pf.Values, preview)
	return h.render(c, status, "coordinator/enter", data)
}
