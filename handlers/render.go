package handlers

import (
	"bytes"
	"fmt"
	"html/template"
	"io"

	"github.com/gofiber/fiber/v2"

	"onshuis/models"
)

// render shows a page in the site layout. data holds the page's own values; render adds
// what the layout needs (visitor, language, centre, week, CSRF token, flash message).
func (h *Handlers) render(c *fiber.Ctx, status int, name string, data fiber.Map) error {
	data, err := h.pageData(c, name, data)
	if err != nil {
		return err
	}
	c.Status(status)
	c.Type("html", "utf-8")
	return h.execute(c, c.Response().BodyWriter(), name, data)
}

// pageData adds to a page's data what the layout needs.
func (h *Handlers) pageData(c *fiber.Ctx, name string, data fiber.Map) (fiber.Map, error) {
	r := rq(c)
	centre, err := h.centre(c)
	if err != nil {
		return nil, err
	}
	if data == nil {
		data = fiber.Map{}
	}
	data["L"] = r.L
	data["Lang"] = r.Lang
	data["User"] = r.User
	data["Centre"] = centre
	data["CSRF"] = c.Locals(LocalsCSRF)
	data["Path"] = c.OriginalURL()
	data["View"] = name // the error summary names fields by page (views.FieldName)
	data["Flash"] = h.takeFlash(c)
	data["IsCoordinator"] = r.User.IsCoordinator()
	data["Unseen"] = r.Unseen
	data["IsPartner"] = r.User != nil && r.User.Role == models.RolePartner
	if data["CentreChoices"], err = h.centreChoices(c); err != nil {
		return nil, err
	}
	if _, ok := data["Title"]; !ok {
		data["Title"] = "site.name"
	}
	year, week := h.localNow(centre).ISOWeek()
	data["HeaderYear"], data["HeaderWeek"] = year, week
	return data, nil
}

// execute writes the page name with the data pageData completed, in its layout.
func (h *Handlers) execute(c *fiber.Ctx, w io.Writer, name string, data fiber.Map) error {
	// The page is rendered first and handed to the layout as finished (escaped) HTML.
	// The template engine's own layout support takes a lock for the whole process
	// during every render; this way renders run side by side.
	views := c.App().Config().Views
	var page bytes.Buffer
	if err := views.Render(&page, name, data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	data["Content"] = template.HTML(page.String()) //nolint:gosec // produced by html/template above
	layout := "layouts/base"
	if l, ok := data["Layout"].(string); ok {
		layout = l // the kiosk's own, without the site's menu
	}
	if err := views.Render(w, layout, data); err != nil {
		return fmt.Errorf("render layout for %s: %w", name, err)
	}
	return nil
}

// formPage is the data of a page with one form: the values as typed and a message id
// per field that needs fixing.
func formPage(title string, values map[string]string, errs map[string]string) fiber.Map {
	return fiber.Map{"Title": title, "Form": values, "Errors": errs}
}

// user is the logged-in user; routes behind RequireLogin can rely on it.
func user(c *fiber.Ctx) *models.User { return rq(c).User }
