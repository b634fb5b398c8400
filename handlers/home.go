package handlers

import "github.com/gofiber/fiber/v2"

// Home shows the start page of the default centre.
func (h *Handlers) Home(c *fiber.Ctx) error {
	return h.render(c, fiber.StatusOK, "home/index", fiber.Map{"Title": "home.title"})
}
