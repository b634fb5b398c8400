package handlers

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"onshuis/models"
)

// Healthz answers load balancers: 200 when the database answers, 503 when it does not.
// The answer is exactly {"status":"ok"}, which monitors match; with ?details=1 the
// state of the backups stands beside it.
func (h *Handlers) Healthz(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	c.Set(fiber.HeaderCacheControl, "no-store")
	if err := models.Ping(ctx, h.DB); err != nil {
		h.Log.Warn("health check: database does not answer", "error", err)
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "unavailable", "reason": "database unreachable"})
	}
	if c.Query("details") != "" {
		details, err := h.healthDetails()
		if err != nil {
			h.Log.Warn("health check: unable to read the backups", "error", err)
			return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "unavailable", "reason": "database unreadable"})
		}
		return c.JSON(details)
	}
	return c.JSON(fiber.Map{"status": "ok"})
}
