package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"onshuis/models"
)

// HandleError turns an error returned by a handler into a friendly page. The visitor
// sees a short Dutch message and the request id; the log gets the detail, once.
func (h *Handlers) HandleError(c *fiber.Ctx, err error) error {
	status := fiber.StatusInternalServerError
	var fe *fiber.Error
	if errors.As(err, &fe) {
		status = fe.Code
	} else if models.IsUnavailable(err) {
		status = fiber.StatusServiceUnavailable
		c.Set(fiber.HeaderRetryAfter, "30")
	}
	reqID, _ := c.Locals(LocalsRequestID).(string)
	if status >= 500 {
		h.Log.Error("request failed", "request_id", reqID, "method", c.Method(), "path", c.Path(), "error", err)
	} else {
		h.Log.Debug("request refused", "request_id", reqID, "path", c.Path(), "status", status, "error", err)
	}

	if rq(c).L == nil {
		// The error happened before the visitor was known (e.g. the database is down
		// while loading the session): fall back to Dutch.
		c.Locals(localsRequest, &request{Lang: "nl", L: h.localizer("nl")})
	}
	if _, err := h.centre(c); err != nil {
		// The database is down: show the error page without the centre's name.
		r := rq(c)
		r.centre, r.centreLoaded = nil, true
	}
	msg := "error.internal"
	switch status {
	case fiber.StatusNotFound:
		msg = "error.not_found"
	case fiber.StatusForbidden:
		msg = "error.forbidden"
	case fiber.StatusMethodNotAllowed:
		msg = "error.not_found"
	case fiber.StatusRequestEntityTooLarge:
		msg = "error.too_large"
	case fiber.StatusTooManyRequests:
		msg = "error.too_many"
	case fiber.StatusServiceUnavailable:
		msg = "error.unavailable"
	default:
		if status < 500 {
			msg = "error.bad_request"
		}
	}
	renderErr := h.render(c, status, "errors/error", fiber.Map{"Title": "error.title", "Message": msg, "RequestID": reqID, "Status": status})
	if renderErr != nil {
		h.Log.Error("unable to render error page", "request_id", reqID, "error", renderErr)
		c.Set(fiber.HeaderContentType, fiber.MIMETextPlainCharsetUTF8)
		return c.Status(status).SendString("Er ging iets mis. Foutcode: " + reqID)
	}
	return nil
}

// CSRFFailed shows a calm page when a form came back without a valid token, usually
// because it stood open too long: nothing is saved, the visitor goes back and tries again.
func (h *Handlers) CSRFFailed(c *fiber.Ctx, err error) error {
	reqID, _ := c.Locals(LocalsRequestID).(string)
	h.Log.Warn("csrf check failed", "request_id", reqID, "path", c.Path(), "error", err)
	return h.render(c, fiber.StatusForbidden, "errors/error", fiber.Map{
		"Title": "error.title", "Message": "error.csrf", "RequestID": reqID, "Status": fiber.StatusForbidden,
		"Back": safeNext(c.Path()),
	})
}
