package handlers

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"onshuis/models"
)

// themeDimensionRow is one theme on the mapping page with the dimensions chosen.
type themeDimensionRow struct {
	Field  string // dim_1 … dim_8
	Theme  string
	Chosen []string
}

// Dimensions shows which dimensions of Positieve Gezondheid each theme speaks to.
func (h *Handlers) Dimensions(c *fiber.Ctx) error {
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	mapping, err := models.ThemeDimensionsOf(h.DB, []int64{centre.ID})
	if err != nil {
		return err
	}
	return h.renderDimensions(c, fiber.StatusOK, mapping[centre.ID], nil)
}

// SaveDimensions stores the coordinator's mapping; every theme needs a dimension.
func (h *Handlers) SaveDimensions(c *fiber.Ctx) error {
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	f := newForm(c)
	mapping := map[string][]string{}
	for i, theme := range models.Themes {
		field := "dim_" + strconv.Itoa(i+1)
		mapping[theme] = oneOf(f.multi(field), models.Dimensions)
		if len(mapping[theme]) == 0 {
			f.fail(field, "dimensions.required")
		}
	}
	if !f.OK() {
		return h.renderDimensions(c, fiber.StatusUnprocessableEntity, mapping, f.Errors)
	}
	if err := models.SaveThemeDimensions(h.DB, centre.ID, mapping); err != nil {
		return err
	}
	h.setFlash(c, "flash.dimensions_saved")
	return c.Redirect("/coordinator/dimensies", fiber.StatusSeeOther)
}

func (h *Handlers) renderDimensions(c *fiber.Ctx, status int, mapping map[string][]string, errs map[string]string) error {
	rows := make([]themeDimensionRow, len(models.Themes))
	for i, theme := range models.Themes {
		rows[i] = themeDimensionRow{Field: "dim_" + strconv.Itoa(i+1), Theme: theme, Chosen: mapping[theme]}
	}
	return h.render(c, status, "impact/dimensions", fiber.Map{"Title": "dimensions.title", "Rows": rows,
		"Dimensions": models.Dimensions, "Errors": errs, "Form": map[string]string{}})
}
