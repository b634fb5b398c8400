package handlers

import (
	"crypto/rand"
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"onshuis/models"
)

// visitorCookie keeps an anonymous, random visitor key on a phone, so a second scan on
// the same day is not counted twice. It holds no personal data.
const visitorCookie = "onshuis_bezoeker"

// doorCentre loads the centre whose poster carries the code in the URL. An outdated or
// unknown code shows a friendly page instead of the form.
func (h *Handlers) doorCentre(c *fiber.Ctx) (*models.Centre, error) {
	code := c.Params("code")
	centre, err := models.CentreByDoorCode(h.DB, code)
	if err != nil || centre != nil {
		return centre, err
	}
	old, err := models.CentreByRetiredDoorCode(h.DB, code)
	if err != nil {
		return nil, err
	}
	if err := h.render(c, fiber.StatusNotFound, "checkin/outdated", fiber.Map{"Title": "checkin.outdated_title", "OldCentre": old}); err != nil {
		return nil, err
	}
	return nil, nil
}

// CheckInForm is the page a door poster's QR code opens: one big button, optionally the
// activity they came for and how they feel.
func (h *Handlers) CheckInForm(c *fiber.Ctx) error {
	centre, err := h.doorCentre(c)
	if err != nil || centre == nil {
		return err
	}
	return h.renderCheckIn(c, fiber.StatusOK, centre, "")
}

func (h *Handlers) renderCheckIn(c *fiber.Ctx, status int, centre *models.Centre, message string) error {
	today, err := models.DayProgramme(h.DB, centre, h.Now())
	if err != nil {
		return err
	}
	// Nobody comes in for a session that is over: offer only those still to come or
	// under way.
	now := h.Now()
	today.Items = slices.DeleteFunc(today.Items, func(it models.ProgrammeItem) bool { return !it.EndsAt.After(now) })
	return h.render(c, status, "checkin/form", fiber.Map{
		"Title": "checkin.title", "DoorCentre": centre, "Today": today, "Code": c.Params("code"),
		"Message": message, "Moods": []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, "VisitorKeyLifetime": h.visitorKeyLifetime().text(rq(c).L),
	})
}

// CheckIn records the visit and sends the visitor to the welcome page. Most scans
// are a phone without an account, activity or answer: at a door whose centre this
// process has seen, that takes one statement (models.RecordPhoneCheckIn, which checks
// the remembered centre's code itself); anything else, or when that stored nothing,
// goes the full way with the centre loaded afresh.
func (h *Handlers) CheckIn(c *fiber.Ctx) error {
	code := c.Params("code")
	in := models.CheckIn{At: h.Now(), Source: models.SourceQR}
	device := visitorKeyOf(c)
	if u := user(c); u != nil {
		// By name; the phone's own key is linked to the account, so the same person
		// checking in on it without logging in later counts once.
		in.VisitorKey, in.UserID, in.DeviceKey = models.UserVisitorKey(u.ID), &u.ID, device
	} else {
		in.VisitorKey = device
	}
	in.SessionIDs = parseIDs(c.Request().PostArgs().PeekMulti("session"))
	if m := c.FormValue("mood"); m != "" {
		var err error
		if in.Mood, err = strconv.Atoi(m); err != nil || in.Mood < 1 || in.Mood > 10 {
			in.Mood = 0 // a wrong value is not worth an error: the check-in itself counts
		}
	}
	if in.Centre = h.doors.get(code); in.Centre != nil {
		_, ok, err := models.RecordPhoneCheckIn(h.DB, in, code)
		if err != nil {
			return err
		}
		if ok {
			return h.checkedIn(c, device, true)
		}
	}
	centre, err := h.doorCentre(c)
	if err != nil || centre == nil {
		h.doors.forget(code)
		return err
	}
	h.doors.put(code, centre)
	in.Centre = centre
	res, err := models.RecordCheckIn(h.DB, in)
	if err != nil && !errors.Is(err, models.ErrMoodOutOfRange) {
		return err
	}
	return h.checkedIn(c, device, res.NewVisit)
}

// checkedIn keeps the phone's key and sends it to the welcome page, with a word when
// the visit was counted already today.
func (h *Handlers) checkedIn(c *fiber.Ctx, device string, newVisit bool) error {
	h.keepVisitorKey(c, device)
	if !newVisit {
		h.setFlash(c, "flash.checkin_again")
	}
	return c.Redirect("/checkin/"+c.Params("code")+"/welkom", fiber.StatusSeeOther)
}

// CheckInLimited answers a check-in over the per-IP limit calmly, with the form.
func (h *Handlers) CheckInLimited(c *fiber.Ctx) error {
	h.Log.Warn("check-in rate limit reached", "ip", c.IP(), "request_id", c.Locals(LocalsRequestID))
	centre, err := models.CentreByDoorCode(h.DB, c.Params("code"))
	if err != nil {
		return err
	}
	if centre == nil {
		return fiber.ErrNotFound
	}
	return h.renderCheckIn(c, fiber.StatusTooManyRequests, centre, "checkin.too_many")
}

// CheckInWelcome greets the visitor with today's programme.
func (h *Handlers) CheckInWelcome(c *fiber.Ctx) error {
	centre, err := h.doorCentre(c)
	if err != nil || centre == nil {
		return err
	}
	today, err := models.DayProgramme(h.DB, centre, h.Now())
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "checkin/welcome", fiber.Map{"Title": "checkin.welcome_title", "DoorCentre": centre, "Today": today})
}

// deviceKey is the phone's visitor key from its cookie, or "" when it has none.
func deviceKey(c *fiber.Ctx) string {
	key := c.Cookies(visitorCookie)
	if len(key) < 20 || len(key) > 40 {
		return ""
	}
	return key
}

// visitorKeyOf returns the phone's visitor key, a new one on the first scan
// (keepVisitorKey gives it to the phone).
func visitorKeyOf(c *fiber.Ctx) string {
	key := deviceKey(c)
	if key == "" {
		key = rand.Text()
	}
	return "a:" + key
}

// keepVisitorKey sets (or renews) the phone's cookie with its visitor key.
func (h *Handlers) keepVisitorKey(c *fiber.Ctx, key string) {
	c.Cookie(&fiber.Cookie{
		Name: visitorCookie, Value: strings.TrimPrefix(key, "a:"), Path: "/", HTTPOnly: true, Secure: h.SecureCookies,
		SameSite: fiber.CookieSameSiteLaxMode, Expires: h.visitorKeyLifetime().After(time.Now()),
	})
}

// linkDevice links the device's visitor key, if it has one, to the account that just
// logged in on it: the person's check-ins on it count for the account from now on, one
// visit a day whichever way they come in.
func (h *Handlers) linkDevice(c *fiber.Ctx, userID int64) error {
	if key := deviceKey(c); key != "" {
		return models.LinkVisitorKey(h.DB, "a:"+key, userID, h.Now())
	}
	return nil
}

// parseIDs reads repeated numeric form values, skipping anything else.
func parseIDs(values [][]byte) []int64 {
	var ids []int64
	for _, v := range values {
		if id, err := strconv.ParseInt(string(v), 10, 64); err == nil && id > 0 {
			ids = append(ids, id)
		}
	}
	return ids
}

// doorCache remembers the centre behind each door code that a check-in came through,
// so the next check-in at that door needs no statement to find it. A copy can go stale
// (a coordinator replaces the code, in this process or another): it is only used by
// models.RecordPhoneCheckIn, which checks code and zone in its own statement and
// stores nothing when they changed; CheckIn then loads the centre afresh and puts it
// here, or forgets the code. Safe for concurrent use; the zero value is empty.
type doorCache struct {
	mu      sync.Mutex
	centres map[string]*models.Centre // never changed once in: replaced whole
}

// doorCacheSize bounds the codes kept: far more than the centres of one installation.
const doorCacheSize = 256

func (d *doorCache) get(code string) *models.Centre {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.centres[code]
}

func (d *doorCache) put(code string, c *models.Centre) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.centres == nil {
		d.centres = make(map[string]*models.Centre)
	}
	if _, ok := d.centres[code]; ok {
		d.centres[code] = c
		return
	}
	if len(d.centres) >= doorCacheSize {
		clear(d.centres) // only ever past the bound when codes keep changing
	}
	d.centres[utils.CopyString(code)] = c // a route parameter is only valid during its request
}

func (d *doorCache) forget(code string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.centres, code)
}
