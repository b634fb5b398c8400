package handlers

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"onshuis/models"
)

// budgetYear reads ?jaar= (or the form's year), defaulting to this year.
func (h *Handlers) budgetYear(c *fiber.Ctx, centre *models.Centre) int {
	now := h.localNow(centre).Year()
	for _, v := range []string{c.Query("jaar"), c.FormValue("year")} {
		if y, err := strconv.Atoi(v); err == nil && y >= 2000 && y <= now+1 {
			return y
		}
	}
	return now
}

// Budget shows a year's wijkbudget: lines with committed, spent and remaining, the
// entries, and the arranged needs waiting for a line.
func (h *Handlers) Budget(c *fiber.Ctx) error {
	return h.renderBudget(c, fiber.StatusOK, nil)
}

// budgetPath is the budget page of a year.
func budgetPath(year int) string { return "/coordinator/budget?jaar=" + strconv.Itoa(year) }

// AddBudgetLine adds a line to the year's budget, or changes its amount.
func (h *Handlers) AddBudgetLine(c *fiber.Ctx) error {
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	year := h.budgetYear(c, centre)
	f := newForm(c)
	kind := f.raw("line_kind")
	if !contains(models.BudgetLineKinds, kind) {
		f.fail("line_kind", "budget.kind_required")
	}
	line := models.BudgetLine{Kind: kind, Label: f.text("line_label", true, 80), AmountCents: f.euros("line_amount", true)}
	if !f.OK() {
		return h.renderBudget(c, fiber.StatusUnprocessableEntity, f)
	}
	b, err := models.EnsureBudget(h.DB, centre.ID, year)
	if err != nil {
		return err
	}
	line.BudgetID = b.ID
	if err := models.SaveBudgetLine(h.DB, &line); err != nil {
		return err
	}
	h.setFlash(c, "flash.budget_saved")
	return c.Redirect(budgetPath(year), fiber.StatusSeeOther)
}

// lineOfForm reads a line of the centre's budget from a select field.
func (h *Handlers) lineOfForm(f *form, centre *models.Centre, field string) (*models.BudgetLine, error) {
	id, _ := strconv.ParseInt(f.raw(field), 10, 64)
	line, err := models.BudgetLineOf(h.DB, centre.ID, id)
	if err != nil {
		return nil, err
	}
	if line == nil {
		f.fail(field, "budget.line_required")
	}
	return line, nil
}

// AddBudgetCost commits a cost that is not a need (the room's rent) against a line.
func (h *Handlers) AddBudgetCost(c *fiber.Ctx) error {
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	year := h.budgetYear(c, centre)
	f := newForm(c)
	line, err := h.lineOfForm(f, centre, "cost_line")
	if err != nil {
		return err
	}
	today := h.localNow(centre).Format(models.Date)
	e := models.BudgetEntry{CentreID: centre.ID, Description: f.text("cost_description", true, 120),
		CommittedCents: f.euros("cost_amount", true), CommittedOn: f.date("cost_date", today, true)}
	paid := f.checked("cost_paid")
	if !f.OK() {
		return h.renderBudget(c, fiber.StatusUnprocessableEntity, f)
	}
	e.LineID = line.ID
	if paid {
		e.SpentCents, e.SpentOn = &e.CommittedCents, &e.CommittedOn
	}
	if err := models.AddBudgetEntry(h.DB, &e); err != nil {
		return err
	}
	h.setFlash(c, "flash.budget_saved")
	return c.Redirect(budgetPath(year), fiber.StatusSeeOther)
}

// CommitNeed puts an arranged need on a line of the budget.
func (h *Handlers) CommitNeed(c *fiber.Ctx) error {
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	year := h.budgetYear(c, centre)
	id, err := c.ParamsInt("id")
	if err != nil {
		return fiber.ErrNotFound
	}
	n := strconv.Itoa(id)
	f := newForm(c)
	line, err := h.lineOfForm(f, centre, "need_line_"+n)
	if err != nil {
		return err
	}
	amount := f.euros("need_amount_"+n, true)
	if !f.OK() {
		return h.renderBudget(c, fiber.StatusUnprocessableEntity, f)
	}
	err = models.CommitNeed(h.DB, centre.ID, line.ID, int64(id), amount, h.localNow(centre).Format(models.Date))
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound):
		return fiber.ErrNotFound
	case errors.Is(err, models.ErrNeedOnBudget):
		h.setFlash(c, "flash.need_on_budget")
	case err != nil:
		return err
	default:
		h.setFlash(c, "flash.budget_saved")
	}
	return c.Redirect(budgetPath(year), fiber.StatusSeeOther)
}

// RecordSpent records what an entry cost and when it was paid.
func (h *Handlers) RecordSpent(c *fiber.Ctx) error {
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	year := h.budgetYear(c, centre)
	id, err := c.ParamsInt("id")
	if err != nil {
		return fiber.ErrNotFound
	}
	n := strconv.Itoa(id)
	f := newForm(c)
	amount := f.euros("paid_amount_"+n, true)
	on := f.date("paid_date_"+n, h.localNow(centre).Format(models.Date), true)
	if !f.OK() {
		return h.renderBudget(c, fiber.StatusUnprocessableEntity, f)
	}
	if err := models.RecordSpent(h.DB, centre.ID, int64(id), amount, on); errors.Is(err, gorm.ErrRecordNotFound) {
		return fiber.ErrNotFound
	} else if err != nil {
		return err
	}
	h.setFlash(c, "flash.budget_saved")
	return c.Redirect(budgetPath(year), fiber.StatusSeeOther)
}

func (h *Handlers) renderBudget(c *fiber.Ctx, status int, f *form) error {
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	year := h.budgetYear(c, centre)
	v, err := models.BudgetOf(h.DB, centre.ID, year)
	if err != nil {
		return err
	}
	values, errs := map[string]string{}, map[string]string{}
	if f != nil {
		values, errs = f.Values, f.Errors
	}
	return h.render(c, status, "impact/budget", fiber.Map{"Title": "budget.title", "B": v, "Year": year,
		"Previous": budgetPath(year - 1), "Next": budgetPath(year + 1), "HasNext": year < h.localNow(centre).Year()+1,
		"Kinds": models.BudgetLineKinds, "Form": values, "Errors": errs, "Today": h.localNow(centre).Format(models.Date)})
}
