package handlers

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"onshuis/models"
)

// coordinatedActivity loads the activity in the URL when it belongs to the
// coordinator's current centre; an activity of another centre is not found (404), so
// ids of other centres tell nothing.
func (h *Handlers) coordinatedActivity(c *fiber.Ctx) (*models.Activity, *models.Centre, error) {
	a, err := h.activityParam(c)
	if err != nil {
		return nil, nil, err
	}
	centre, err := h.centre(c)
	if err != nil {
		return nil, nil, err
	}
	if centre == nil || a.CentreID != centre.ID {
		return nil, nil, fiber.ErrNotFound
	}
	return a, centre, nil
}

// coordinatedSession is coordinatedActivity for the session in the URL.
func (h *Handlers) coordinatedSession(c *fiber.Ctx) (*models.Session, *models.Activity, *models.Centre, error) {
	s, a, err := h.sessionParam(c)
	if err != nil {
		return nil, nil, nil, err
	}
	centre, err := h.centre(c)
	if err != nil {
		return nil, nil, nil, err
	}
	if a == nil || centre == nil || a.CentreID != centre.ID {
		return nil, nil, nil, fiber.ErrNotFound
	}
	return s, a, centre, nil
}

// accountInCentre loads the account in the URL when the coordinator may change it: a
// resident (residents belong to the municipality), or a coordinator or partner of the
// current centre; an administrator only by an administrator. Anyone else is not found.
func (h *Handlers) accountInCentre(c *fiber.Ctx) (*models.User, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return nil, fiber.ErrNotFound
	}
	target, err := models.UserByID(h.DB, id)
	if err != nil {
		return nil, err
	}
	if target == nil {
		return nil, fiber.ErrNotFound
	}
	if err := models.LoadCentreLinks(h.DB, target); err != nil {
		return nil, err
	}
	centre, err := h.centre(c)
	if err != nil {
		return nil, err
	}
	me := user(c)
	switch {
	case target.ID == me.ID:
	case target.IsAdmin && !me.IsAdmin:
		return nil, fiber.ErrNotFound
	case target.Role == models.RoleCoordinator && !target.CoordinatesCentre(centre.ID),
		target.Role == models.RolePartner && !target.ReadsCentre(centre.ID):
		return nil, fiber.ErrNotFound
	}
	return target, nil
}

// centreChoice is one centre of the switcher in the header.
type centreChoice struct {
	ID      int64
	Name    string
	Current bool
}

// centreChoices lists the centres the user works in when there are several, for the
// switcher; nil for one or none. One statement, only for coordinators and partners.
func (h *Handlers) centreChoices(c *fiber.Ctx) ([]centreChoice, error) {
	ids := workCentres(user(c))
	if len(ids) < 2 {
		return nil, nil
	}
	current, err := h.centre(c)
	if err != nil {
		return nil, err
	}
	centres, err := models.CentresByIDs(h.DB, ids)
	if err != nil {
		return nil, err
	}
	out := make([]centreChoice, len(centres))
	for i, ct := range centres {
		out[i] = centreChoice{ID: ct.ID, Name: ct.Name, Current: current != nil && ct.ID == current.ID}
	}
	return out, nil
}

// SwitchCentre makes another of the user's centres the current one, kept in the login
// session; a centre they do not coordinate (or read) is not found. Back to where the
// form was, when that is a page of this site.
func (h *Handlers) SwitchCentre(c *fiber.Ctx) error {
	id, err := strconv.ParseInt(c.FormValue("centre"), 10, 64)
	if err != nil {
		return fiber.ErrNotFound
	}
	found := false
	for _, mine := range workCentres(user(c)) {
		found = found || mine == id
	}
	if !found {
		return fiber.ErrNotFound
	}
	sess, err := h.Sessions.Get(c)
	if err != nil {
		return err
	}
	sess.Set(sessionCentre, id)
	if err := sess.Save(); err != nil {
		return err
	}
	h.setFlash(c, "flash.centre_switched")
	return c.Redirect(afterSwitch(c.FormValue("next")), fiber.StatusSeeOther)
}

// afterSwitch is where the switcher leads: back to the page it was on, unless that page
// is about one object (an id in the path), which belongs to the centre left behind.
func afterSwitch(next string) string {
	next = safeNext(next)
	for _, part := range strings.Split(strings.SplitN(next, "?", 2)[0], "/") {
		if part != "" && strings.Trim(part, "0123456789") == "" {
			return "/coordinator"
		}
	}
	return next
}

// slugCentre is the centre named in the URL (/centra/{slug}/…, /embed/{slug}) with its
// programme's state; an unknown slug is not found. The JSON API answers its own 404.
func (h *Handlers) slugCentre(c *fiber.Ctx) (*models.VersionedCentre, error) {
	centre, err := models.VersionedCentreBySlug(h.DB, c.Params("slug"))
	if err == nil && centre == nil {
		err = fiber.ErrNotFound
	}
	return centre, err
}
