package handlers

import (
	"encoding/json"
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	"onshuis/api"
	"onshuis/models"
)

// uploadedTap is one tap as a door client sends it: {"id": "<uuid>", "at": "<RFC 3339>",
// "session": <optional session id>}.
type uploadedTap struct {
	ID      string    `json:"id"`
	At      time.Time `json:"at"`
	Session int64     `json:"session,omitempty"`
}

// tapsAnswer is the answer to an upload: every id of the batch that the server now has
// (stored now or before), and how many of them were new.
type tapsAnswer struct {
	IDs    []string `json:"ids"`
	Stored int      `json:"stored"`
}

// tapsRefused is the answer to a batch with taps that cannot count; nothing of it is kept.
type tapsRefused struct {
	api.Error
	Refused []models.TapProblem `json:"refused"`
}

// KioskUpload is POST /kiosk/{token}/tellingen: taps made on a tablet, perhaps while it
// was offline, sent as a JSON list. The tap's id makes the upload idempotent; the tap's
// own time decides its day. A revoked link answers 403, so the tablet can say so.
// No session and no CSRF token: the secret link is the key, and no cookie is read.
func (h *Handlers) KioskUpload(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	k, err := models.KioskByTokenAny(h.DB, c.Params("token"))
	if err != nil {
		return err
	}
	if k == nil {
		return tapsError(c, fiber.StatusNotFound, "no kiosk link with this token")
	}
	if k.RevokedAt != nil {
		return tapsError(c, fiber.StatusForbidden, "this kiosk link was revoked: taps from it are not counted")
	}
	var in []uploadedTap
	if err := json.Unmarshal(c.Body(), &in); err != nil {
		return tapsError(c, fiber.StatusBadRequest, `the body must be a JSON list of {"id": "<uuid>", "at": "<RFC 3339 time>", "session": <optional id>}`)
	}
	centre, err := models.CentreByID(h.DB, k.CentreID)
	if err != nil {
		return err
	}
	taps := make([]models.Tap, len(in))
	ids := make([]string, len(in))
	for i, t := range in {
		taps[i] = models.Tap{ID: t.ID, At: t.At, SessionID: t.Session}
		ids[i] = t.ID
	}
	stored, err := models.RecordTaps(h.DB, k, centre, taps, h.Now())
	var refused *models.TapsRefused
	switch {
	case errors.As(err, &refused):
		return c.Status(fiber.StatusUnprocessableEntity).JSON(tapsRefused{
			Error:   api.Error{Error: api.ErrorBody{Status: fiber.StatusUnprocessableEntity, Message: "taps without a UUID, in the future or older than 7 days; nothing of this batch was stored"}},
			Refused: refused.Problems,
		})
	case errors.Is(err, models.ErrTooManyTaps):
		return tapsError(c, fiber.StatusUnprocessableEntity, "at most 1000 taps in one upload")
	case err != nil:
		return err
	}
	return c.JSON(tapsAnswer{IDs: ids, Stored: stored})
}

// KioskUploadsPerMinute bounds the uploads of one kiosk link. The tablet sends after
// every tap, so a busy door at the start of an activity sends a few a second at most;
// a leaked or looping link cannot load the database beyond this. A refused upload
// keeps its taps on the tablet, which sends them again with a later tap.
const KioskUploadsPerMinute = 120

// KioskUploadLimited answers an upload over the limit; the tablet tries again later.
func (h *Handlers) KioskUploadLimited(c *fiber.Ctx) error {
	h.Log.Warn("kiosk upload rate limit reached", "ip", c.IP(), "request_id", c.Locals(LocalsRequestID))
	c.Set(fiber.HeaderCacheControl, "no-store")
	return tapsError(c, fiber.StatusTooManyRequests, "too many uploads from this kiosk link: the taps stay on the tablet, try again in a minute")
}

func tapsError(c *fiber.Ctx, status int, message string) error {
	return c.Status(status).JSON(api.Error{Error: api.ErrorBody{Status: status, Message: message}})
}
