package handlers

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"onshuis/format"
	"onshuis/models"
)

// Changing and deleting what is on the wijkbudget: a line (its kind, name and amount)
// and an entry (its line, description, what was committed and what was paid). Deleting
// asks first on a page of its own (no script); a line with entries is not deleted, so
// no cost leaves the report without the coordinator moving or deleting it.

// ofCentreInURL loads the row whose id is in the URL with load, when it belongs to the
// coordinator's centre; any other id is a 404, so no id of another centre can be guessed.
func ofCentreInURL[T any](h *Handlers, c *fiber.Ctx, load func(db *gorm.DB, centreID, id int64) (*T, error)) (*models.Centre, *T, error) {
	centre, err := h.centre(c)
	if err != nil {
		return nil, nil, err
	}
	id, err := c.ParamsInt("id")
	if err != nil {
		return nil, nil, fiber.ErrNotFound
	}
	row, err := load(h.DB, centre.ID, int64(id))
	if err != nil {
		return nil, nil, err
	}
	if row == nil {
		return nil, nil, fiber.ErrNotFound
	}
	return centre, row, nil
}

// budgetLineOfURL is the line in the URL, of the coordinator's centre, or a 404.
func (h *Handlers) budgetLineOfURL(c *fiber.Ctx) (*models.Centre, *models.BudgetLineInYear, error) {
	return ofCentreInURL(h, c, models.BudgetLineInYearOf)
}

// BudgetLineForm shows the form that changes a line, with the way to delete it.
func (h *Handlers) BudgetLineForm(c *fiber.Ctx) error {
	_, line, err := h.budgetLineOfURL(c)
	if err != nil {
		return err
	}
	values := map[string]string{"line_kind": line.Kind, "line_label": line.Label, "line_amount": format.Amount(line.AmountCents)}
	return h.renderBudgetLine(c, fiber.StatusOK, line, values, nil)
}

// UpdateBudgetLine changes a line's kind, name and amount.
func (h *Handlers) UpdateBudgetLine(c *fiber.Ctx) error {
	_, line, err := h.budgetLineOfURL(c)
	if err != nil {
		return err
	}
	f := newForm(c)
	kind := f.raw("line_kind")
	if !contains(models.BudgetLineKinds, kind) {
		f.fail("line_kind", "budget.kind_required")
	}
	changed := models.BudgetLine{ID: line.ID, BudgetID: line.BudgetID, Kind: kind, Label: f.text("line_label", true, 80),
		AmountCents: f.euros("line_amount", true)}
	if !f.OK() {
		return h.renderBudgetLine(c, fiber.StatusUnprocessableEntity, line, f.Values, f.Errors)
	}
	if err := models.SaveBudgetLine(h.DB, &changed); errors.Is(err, gorm.ErrRecordNotFound) {
		return fiber.ErrNotFound
	} else if err != nil {
		return err
	}
	h.setFlash(c, "flash.budget_saved")
	return c.Redirect(budgetPath(line.Year), fiber.StatusSeeOther)
}

func (h *Handlers) renderBudgetLine(c *fiber.Ctx, status int, line *models.BudgetLineInYear, values, errs map[string]string) error {
	return h.render(c, status, "impact/budget_line", fiber.Map{"Title": "budget.edit_line", "Line": line,
		"Back": budgetPath(line.Year), "Kinds": models.BudgetLineKinds, "Form": values, "Errors": errs})
}

// DeleteBudgetLineForm asks whether the line should go, or says why it cannot.
func (h *Handlers) DeleteBudgetLineForm(c *fiber.Ctx) error {
	_, line, err := h.budgetLineOfURL(c)
	if err != nil {
		return err
	}
	data := fiber.Map{"Title": "budget.delete_line", "Heading": "budget.delete_line_heading", "Name": line.Label,
		"Action": fmt.Sprintf("/coordinator/budget/regels/%d/verwijderen", line.ID), "Back": budgetPath(line.Year),
		"Explained": "budget.delete_line_explained", "Button": "budget.delete_line"}
	if line.Entries > 0 {
		data["Blocked"], data["Entries"] = "budget.delete_line_blocked", line.Entries
	}
	return h.render(c, fiber.StatusOK, "impact/confirm", data)
}

// DeleteBudgetLine deletes a line without entries once the coordinator confirmed;
// without the confirmation it asks first.
func (h *Handlers) DeleteBudgetLine(c *fiber.Ctx) error {
	centre, line, err := h.budgetLineOfURL(c)
	if err != nil {
		return err
	}
	if !confirmed(c) {
		return c.Redirect(fmt.Sprintf("/coordinator/budget/regels/%d/verwijderen", line.ID), fiber.StatusSeeOther)
	}
	switch err := models.DeleteBudgetLine(h.DB, centre.ID, line.ID); {
	case errors.Is(err, gorm.ErrRecordNotFound):
		return fiber.ErrNotFound
	case errors.Is(err, models.ErrLineHasEntries):
		h.setFlash(c, "flash.line_has_entries")
	case err != nil:
		return err
	default:
		h.setFlash(c, "flash.budget_line_deleted")
	}
	return c.Redirect(budgetPath(line.Year), fiber.StatusSeeOther)
}

// budgetEntryOfURL is the entry in the URL, of the coordinator's centre, or a 404.
func (h *Handlers) budgetEntryOfURL(c *fiber.Ctx) (*models.Centre, *models.BudgetEntryInYear, error) {
	return ofCentreInURL(h, c, models.BudgetEntryOf)
}

// BudgetEntryForm shows the form that changes an entry, with the way to delete it.
func (h *Handlers) BudgetEntryForm(c *fiber.Ctx) error {
	_, e, err := h.budgetEntryOfURL(c)
	if err != nil {
		return err
	}
	values := map[string]string{"entry_line": strconv.FormatInt(e.LineID, 10), "entry_description": e.Description,
		"entry_amount": format.Amount(e.CommittedCents), "entry_date": e.CommittedOn}
	if e.SpentCents != nil {
		values["entry_spent_amount"] = format.Amount(*e.SpentCents)
	}
	if e.SpentOn != nil {
		values["entry_spent_date"] = *e.SpentOn
	}
	return h.renderBudgetEntry(c, fiber.StatusOK, e, values, nil)
}

// UpdateBudgetEntry changes an entry: its line (one of the same year), description,
// what was committed and when, and what was paid and when; both paid fields empty
// mean it is not paid yet.
func (h *Handlers) UpdateBudgetEntry(c *fiber.Ctx) error {
	centre, e, err := h.budgetEntryOfURL(c)
	if err != nil {
		return err
	}
	f := newForm(c)
	today := h.localNow(centre).Format(models.Date)
	changed := models.BudgetEntry{ID: e.ID, CentreID: centre.ID, Description: f.text("entry_description", true, 120),
		CommittedCents: f.euros("entry_amount", true), CommittedOn: f.date("entry_date", today, false)}
	line, err := h.lineOfForm(f, centre, "entry_line")
	if err != nil {
		return err
	}
	if line != nil && line.BudgetID != e.BudgetID {
		f.fail("entry_line", "budget.line_required")
	}
	if f.raw("entry_spent_amount") != "" || f.raw("entry_spent_date") != "" {
		spent, on := f.euros("entry_spent_amount", true), f.date("entry_spent_date", today, false)
		changed.SpentCents, changed.SpentOn = &spent, &on
	}
	if !f.OK() {
		return h.renderBudgetEntry(c, fiber.StatusUnprocessableEntity, e, f.Values, f.Errors)
	}
	changed.LineID = line.ID
	if err := models.UpdateBudgetEntry(h.DB, &changed); errors.Is(err, gorm.ErrRecordNotFound) {
		return fiber.ErrNotFound
	} else if err != nil {
		return err
	}
	h.setFlash(c, "flash.budget_saved")
	return c.Redirect(budgetPath(e.Year), fiber.StatusSeeOther)
}

func (h *Handlers) renderBudgetEntry(c *fiber.Ctx, status int, e *models.BudgetEntryInYear, values, errs map[string]string) error {
	lines, err := models.LinesOfBudget(h.DB, e.BudgetID)
	if err != nil {
		return err
	}
	return h.render(c, status, "impact/budget_entry", fiber.Map{"Title": "budget.edit_entry", "Entry": e, "Lines": lines,
		"Back": budgetPath(e.Year), "Form": values, "Errors": errs})
}

// DeleteBudgetEntryForm asks whether the entry should go.
func (h *Handlers) DeleteBudgetEntryForm(c *fiber.Ctx) error {
	_, e, err := h.budgetEntryOfURL(c)
	if err != nil {
		return err
	}
	explained := "budget.delete_entry_explained"
	if e.NeedID != nil {
		explained = "budget.delete_need_entry_explained"
	}
	return h.render(c, fiber.StatusOK, "impact/confirm", fiber.Map{"Title": "budget.delete_entry",
		"Heading": "budget.delete_entry_heading", "Name": e.Description, "Explained": explained, "Button": "budget.delete_entry",
		"Action": fmt.Sprintf("/coordinator/budget/posten/%d/verwijderen", e.ID), "Back": budgetPath(e.Year)})
}

// DeleteBudgetEntry deletes an entry once the coordinator confirmed; without the
// confirmation it asks first. An arranged need it carried waits for a line again.
func (h *Handlers) DeleteBudgetEntry(c *fiber.Ctx) error {
	centre, e, err := h.budgetEntryOfURL(c)
	if err != nil {
		return err
	}
	if !confirmed(c) {
		return c.Redirect(fmt.Sprintf("/coordinator/budget/posten/%d/verwijderen", e.ID), fiber.StatusSeeOther)
	}
	if err := models.DeleteBudgetEntry(h.DB, centre.ID, e.ID); errors.Is(err, gorm.ErrRecordNotFound) {
		return fiber.ErrNotFound
	} else if err != nil {
		return err
	}
	h.setFlash(c, "flash.budget_entry_deleted")
	return c.Redirect(budgetPath(e.Year), fiber.StatusSeeOther)
}
