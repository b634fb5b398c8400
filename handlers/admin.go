package handlers

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"onshuis/models"
)

// RequireAdmin lets only administrators through: anonymous visitors go to the login
// page, others get a 403 page.
func (h *Handlers) RequireAdmin(c *fiber.Ctx) error {
	u := rq(c).User
	if u == nil {
		return h.RequireLogin(c)
	}
	if !u.IsAdmin {
		return fiber.ErrForbidden
	}
	return c.Next()
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// AdminCentres lists every centre, with the form to add one.
func (h *Handlers) AdminCentres(c *fiber.Ctx) error {
	return h.renderAdminCentres(c, fiber.StatusOK, map[string]string{"time_zone": models.DefaultTimeZone}, nil)
}

func (h *Handlers) renderAdminCentres(c *fiber.Ctx, status int, values, errs map[string]string) error {
	centres, err := models.CentresOverview(h.DB)
	if err != nil {
		return err
	}
	return h.render(c, status, "admin/centres", fiber.Map{"Title": "admin.centres_title", "Centres": centres, "Form": values, "Errors": errs})
}

// centreForm reads and checks the fields of a centre (add and change share them).
func centreForm(f *form) models.CentreInput {
	in := models.CentreInput{
		Name:     f.text("name", true, 100),
		Address:  f.text("address", false, 200),
		TimeZone: f.text("time_zone", true, 60),
		Slug:     strings.ToLower(f.text("slug", false, 60)),
	}
	if in.Slug == "" && in.Name != "" {
		in.Slug = models.Slugify(in.Name)
		f.Values["slug"] = in.Slug
	}
	if in.Slug != "" && !slugPattern.MatchString(in.Slug) {
		f.fail("slug", "admin.slug_invalid")
	}
	if in.TimeZone != "" {
		if _, err := time.LoadLocation(in.TimeZone); err != nil || in.TimeZone == "Local" || !strings.Contains(in.TimeZone, "/") && in.TimeZone != "UTC" {
			f.fail("time_zone", "admin.time_zone_unknown")
		}
	}
	in.Rooms = models.RoomLines(f.lines("rooms", false, 2000))
	for _, r := range in.Rooms {
		if utf8.RuneCountInString(r) > 60 {
			f.fail("rooms", "admin.room_too_long")
		}
	}
	return in
}

// slugFree says next to the field when another centre has the slug already (the store
// checks again when saving, for two administrators at once).
func (h *Handlers) slugFree(f *form, slug string, self int64) error {
	if slug == "" || f.Errors["slug"] != "" {
		return nil
	}
	other, err := models.CentreBySlug(h.DB, slug)
	if err != nil {
		return err
	}
	if other != nil && other.ID != self {
		f.fail("slug", "admin.slug_taken")
	}
	return nil
}

// AddCentre adds a centre; a taken slug or an unknown zone gives the form again.
func (h *Handlers) AddCentre(c *fiber.Ctx) error {
	f := newForm(c)
	in := centreForm(f)
	if err := h.slugFree(f, in.Slug, 0); err != nil {
		return err
	}
	if f.OK() {
		_, err := models.CreateCentre(h.DB, in)
		switch {
		case errors.Is(err, models.ErrSlugTaken):
			f.fail("slug", "admin.slug_taken")
		case err != nil:
			return err
		}
	}
	if !f.OK() {
		return h.renderAdminCentres(c, fiber.StatusUnprocessableEntity, f.Values, f.Errors)
	}
	h.setFlash(c, "flash.centre_added")
	return c.Redirect("/beheer/centra", fiber.StatusSeeOther)
}

// adminCentre is the centre in the URL, or a 404.
func (h *Handlers) adminCentre(c *fiber.Ctx) (*models.Centre, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return nil, fiber.ErrNotFound
	}
	centre, err := models.CentreByID(h.DB, id)
	if err != nil {
		return nil, err
	}
	if centre == nil {
		return nil, fiber.ErrNotFound
	}
	return centre, nil
}

// CentreForm shows one centre to change: its details, rooms and coordinators.
func (h *Handlers) CentreForm(c *fiber.Ctx) error {
	centre, err := h.adminCentre(c)
	if err != nil {
		return err
	}
	values := map[string]string{"name": centre.Name, "address": centre.Address, "time_zone": centre.TimeZone, "slug": centre.Slug}
	return h.renderCentreForm(c, fiber.StatusOK, centre, values, nil)
}

func (h *Handlers) renderCentreForm(c *fiber.Ctx, status int, centre *models.Centre, values, errs map[string]string) error {
	rooms, err := models.RoomsOfCentre(h.DB, centre.ID)
	if err != nil {
		return err
	}
	coordinators, err := models.CoordinatorsOf(h.DB, centre.ID)
	if err != nil {
		return err
	}
	return h.render(c, status, "admin/centre", fiber.Map{"Title": "admin.centre_title", "C": centre, "Rooms": rooms,
		"Coordinators": coordinators, "Form": values, "Errors": errs})
}

// SaveCentre changes a centre and names its coordinators: those left ticked, and the
// account given by e-mail address or phone number, who becomes coordinator.
func (h *Handlers) SaveCentre(c *fiber.Ctx) error {
	centre, err := h.adminCentre(c)
	if err != nil {
		return err
	}
	f := newForm(c)
	in := centreForm(f)
	if err := h.slugFree(f, in.Slug, centre.ID); err != nil {
		return err
	}
	var keep []int64
	for _, v := range f.multi("coordinator") {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			keep = append(keep, id)
		}
	}
	if login := f.text("add_coordinator", false, 200); login != "" {
		u, err := models.UserByLogin(h.DB, login)
		if err != nil {
			return err
		}
		if u == nil || u.AnonymisedAt != nil {
			f.fail("add_coordinator", "admin.no_such_account")
		} else {
			keep = append(keep, u.ID)
		}
	}
	if f.OK() {
		switch err := models.UpdateCentre(h.DB, centre.ID, in); {
		case errors.Is(err, models.ErrSlugTaken):
			f.fail("slug", "admin.slug_taken")
		case err != nil:
			return err
		}
	}
	if !f.OK() {
		return h.renderCentreForm(c, fiber.StatusUnprocessableEntity, centre, f.Values, f.Errors)
	}
	if err := models.SetCentreCoordinators(h.DB, centre.ID, keep); err != nil {
		return err
	}
	h.setFlash(c, "flash.centre_saved")
	return c.Redirect("/beheer/centra", fiber.StatusSeeOther)
}

// CloseCentre closes a centre (it leaves /centra and the programme's choice, its
// history stays) or opens it again.
func (h *Handlers) CloseCentre(c *fiber.Ctx) error {
	centre, err := h.adminCentre(c)
	if err != nil {
		return err
	}
	closed := c.FormValue("closed") != "no"
	if err := models.SetCentreClosed(h.DB, centre.ID, closed, h.Now()); err != nil {
		return err
	}
	if closed {
		h.setFlash(c, "flash.centre_closed")
	} else {
		h.setFlash(c, "flash.centre_opened")
	}
	return c.Redirect("/beheer/centra", fiber.StatusSeeOther)
}

// Partners lists the partner accounts with the centres whose figures each one reads.
func (h *Handlers) Partners(c *fiber.Ctx) error {
	return h.renderPartners(c, fiber.StatusOK, map[string]string{}, nil)
}

func (h *Handlers) renderPartners(c *fiber.Ctx, status int, values, errs map[string]string) error {
	partners, err := models.PartnersWithCentres(h.DB)
	if err != nil {
		return err
	}
	centres, err := models.Centres(h.DB)
	if err != nil {
		return err
	}
	return h.render(c, status, "admin/partners", fiber.Map{"Title": "admin.partners_title", "Partners": partners,
		"Centres": centres, "Form": values, "Errors": errs})
}

// partnerCentres reads the ticked centres of a partner form, known centres only.
func (h *Handlers) partnerCentres(f *form, field string) ([]int64, error) {
	centres, err := models.Centres(h.DB)
	if err != nil {
		return nil, err
	}
	known := map[string]int64{}
	for _, ct := range centres {
		known[strconv.FormatInt(ct.ID, 10)] = ct.ID
	}
	var ids []int64
	for _, v := range f.multi(field) {
		if id, ok := known[v]; ok {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// AddPartner makes an account partner, reading the centres ticked.
func (h *Handlers) AddPartner(c *fiber.Ctx) error {
	f := newForm(c)
	login := f.text("login", true, 200)
	ids, err := h.partnerCentres(f, "centre")
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		f.fail("centre", "admin.partner_no_centre")
	}
	var u *models.User
	if login != "" {
		if u, err = models.UserByLogin(h.DB, login); err != nil {
			return err
		}
		if u == nil || u.AnonymisedAt != nil {
			f.fail("login", "admin.no_such_account")
		} else if u.Role == models.RoleCoordinator {
			f.fail("login", "admin.partner_is_coordinator")
		}
	}
	if !f.OK() {
		return h.renderPartners(c, fiber.StatusUnprocessableEntity, f.Values, f.Errors)
	}
	if err := models.SetUserRole(h.DB, u.ID, models.RolePartner, ids[0]); err != nil {
		return err
	}
	if err := models.SetPartnerCentres(h.DB, u.ID, ids); err != nil {
		return err
	}
	h.setFlash(c, "flash.partner_saved")
	return c.Redirect("/beheer/partners", fiber.StatusSeeOther)
}

// SavePartner sets the centres whose figures a partner reads.
func (h *Handlers) SavePartner(c *fiber.Ctx) error {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return fiber.ErrNotFound
	}
	u, err := models.UserByID(h.DB, id)
	if err != nil {
		return err
	}
	if u == nil || u.Role != models.RolePartner || u.AnonymisedAt != nil {
		return fiber.ErrNotFound
	}
	f := newForm(c)
	ids, err := h.partnerCentres(f, "centre")
	if err != nil {
		return err
	}
	if err := models.SetPartnerCentres(h.DB, u.ID, ids); err != nil {
		return err
	}
	h.setFlash(c, "flash.partner_saved")
	return c.Redirect("/beheer/partners", fiber.StatusSeeOther)
}
