package handlers

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"onshuis/models"
)

// HomeCentreCookie remembers on a device which centre its visitor chose as their own
// ("Dit is mijn buurthuis"): the programme at / shows that centre first. A logged-in
// resident's choice is kept in their account as well, so it follows them.
const HomeCentreCookie = "onshuis_buurthuis"

// homeCentreCookie is the centre id in the cookie, 0 for none or nonsense.
func homeCentreCookie(c *fiber.Ctx) int64 {
	v := c.Cookies(HomeCentreCookie)
	if v == "" {
		return 0
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id < 1 {
		return 0
	}
	return id
}

// mayChooseHome reports whether the visitor has a centre of their own to choose: a
// coordinator's or partner's / is the centre they work in, whatever they chose.
func mayChooseHome(c *fiber.Ctx) bool { return len(workCentres(user(c))) == 0 }

// openCentreParam loads the centre named in the URL; an unknown or closed one is not
// found (nobody can make a closed centre their own).
func (h *Handlers) openCentreParam(c *fiber.Ctx) (*models.Centre, error) {
	centre, err := models.CentreBySlug(h.DB, c.Params("slug"))
	if err != nil {
		return nil, err
	}
	if centre == nil || centre.ClosedAt != nil {
		return nil, fiber.ErrNotFound
	}
	return centre, nil
}

// HomeCentreForm asks whether this centre is the visitor's own, with one button. The
// centre's programme links here for visitors without an account: that page is kept
// rendered for everyone (programme_cache.go), so it carries no form of its own.
func (h *Handlers) HomeCentreForm(c *fiber.Ctx) error {
	centre, err := h.openCentreParam(c)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "programme/home_centre", fiber.Map{
		"Title": "home_centre.title", "Choice": centre, "IsHome": rq(c).homeCentre() == centre.ID,
	})
}

// ChooseHomeCentre makes the centre the visitor's own: in a cookie on this device and,
// for a logged-in user, in their account. The programme at / then shows it first.
func (h *Handlers) ChooseHomeCentre(c *fiber.Ctx) error {
	centre, err := h.openCentreParam(c)
	if err != nil {
		return err
	}
	if u := user(c); u != nil {
		if err := models.SetHomeCentre(h.DB, u.ID, centre.ID); err != nil {
			return err
		}
	}
	c.Cookie(&fiber.Cookie{
		Name: HomeCentreCookie, Value: strconv.FormatInt(centre.ID, 10), Path: "/", HTTPOnly: true,
		Secure: h.SecureCookies, SameSite: fiber.CookieSameSiteLaxMode,
		Expires: HomeCentreLifetime.After(time.Now()),
	})
	h.setFlash(c, "flash.home_centre_chosen")
	return c.Redirect("/", fiber.StatusSeeOther)
}
