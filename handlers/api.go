package handlers

import (
	"errors"
	"log/slog"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"onshuis/api"
	"onshuis/models"
)

// The read-only API (/api/v1/, package api): the public programme as JSON for partner
// sites. Each answer reads the centre's programme version first (one statement) and
// answers 304 when the reader has that state already; otherwise a fixed number of
// statements, however many activities or sessions there are. No handler here knows
// who asks: the routes run before the visitor's session is loaded.

// closedAnswers: a closed centre stays in the API with its closed_at, and its
// activities and sessions are empty lists (200), not 410 Gone. A partner site that
// polls the sessions then drops them, as a calendar drops those of the empty iCalendar
// feed; an error would leave most such sites showing the last sessions they had, or
// an error box, and the field says why the list is empty.

// maxRangeDays bounds a range of dates: sessions are made when a range is first looked
// at, so an unbounded range would let anyone fill the database.
const maxRangeDays = 42

// APICentres lists every centre: GET /api/v1/centres.
func (h *Handlers) APICentres(c *fiber.Ctx) error {
	centres, err := models.VersionedCentres(h.DB)
	if err != nil {
		return err
	}
	state := []string{"centres"}
	out := api.CentreList{Centres: make([]api.Centre, len(centres))}
	for i := range centres {
		state = append(state, centres[i].Version())
		out.Centres[i] = h.apiCentre(&centres[i].Centre)
	}
	if notModified(c, publicMaxAge, state...) {
		return nil
	}
	return c.JSON(out)
}

// APICentre is one centre: GET /api/v1/centres/{slug}.
func (h *Handlers) APICentre(c *fiber.Ctx) error {
	centre, err := models.VersionedCentreBySlug(h.DB, c.Params("slug"))
	if err != nil {
		return err
	}
	if centre == nil {
		return apiError(fiber.StatusNotFound, "no centre has this slug")
	}
	if notModified(c, publicMaxAge, "centre", centre.Version()) {
		return nil
	}
	return c.JSON(h.apiCentre(&centre.Centre))
}

// APIActivities lists the activities on a centre's programme now:
// GET /api/v1/centres/{slug}/activities.
func (h *Handlers) APIActivities(c *fiber.Ctx) error {
	centre, err := models.VersionedCentreBySlug(h.DB, c.Params("slug"))
	if err != nil {
		return err
	}
	if centre == nil {
		return apiError(fiber.StatusNotFound, "no centre has this slug")
	}
	if notModified(c, publicMaxAge, "activities", centre.Version()) {
		return nil
	}
	var list []models.PublicActivity
	if centre.ClosedAt == nil { // a closed centre's list is empty: see closedAnswers
		if list, err = models.PublicActivitiesOf(h.DB, centre.ID); err != nil {
			return err
		}
	}
	out := api.ActivityList{Centre: apiCentreRef(&centre.Centre), Activities: make([]api.Activity, len(list))}
	for i := range list {
		out.Activities[i] = h.apiActivity(&list[i], &centre.Centre)
	}
	return c.JSON(out)
}

// APIActivity is one activity that is or was on a programme: GET /api/v1/activities/{id}.
func (h *Handlers) APIActivity(c *fiber.Ctx) error {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return apiError(fiber.StatusNotFound, "no public activity has this id")
	}
	centre, err := models.VersionedCentreOfActivity(h.DB, id)
	if err != nil {
		return err
	}
	if centre == nil {
		return apiError(fiber.StatusNotFound, "no public activity has this id")
	}
	if notModified(c, publicMaxAge, "activity", strconv.FormatInt(id, 10), centre.Version()) {
		return nil
	}
	a, err := models.PublicActivityByID(h.DB, id)
	if err != nil {
		return err
	}
	if a == nil { // a proposal, a declined one: not public
		return apiError(fiber.StatusNotFound, "no public activity has this id")
	}
	return c.JSON(h.apiActivity(a, &centre.Centre))
}

// APISessions lists a centre's sessions of an ISO week (?week=2026-W49, this week
// when nothing is asked) or of a range of dates (?from=2026-12-01&to=2026-12-14, both
// included, at most six weeks): GET /api/v1/centres/{slug}/sessions.
func (h *Handlers) APISessions(c *fiber.Ctx) error {
	centre, err := models.VersionedCentreBySlug(h.DB, c.Params("slug"))
	if err != nil {
		return err
	}
	if centre == nil {
		return apiError(fiber.StatusNotFound, "no centre has this slug")
	}
	r, err := h.dateRange(c, centre.Location())
	if err != nil {
		return err
	}
	if notModified(c, publicMaxAge, "sessions", centre.Version(), r.first.Format(models.Date), r.last.Format(models.Date)) {
		return nil
	}
	var days []models.ProgrammeDay
	if centre.ClosedAt == nil { // a closed centre has no sessions: see closedAnswers
		if days, err = models.ProgrammeBetween(h.DB, &centre.Centre, r.first, r.last); err != nil {
			return err
		}
	}
	out := api.SessionList{Centre: apiCentreRef(&centre.Centre), Week: r.week,
		From: r.first.Format(models.Date), To: r.last.Format(models.Date), Sessions: []api.Session{}}
	for _, d := range days {
		for _, it := range d.Items {
			out.Sessions = append(out.Sessions, h.apiSession(it, d.Date))
		}
	}
	return c.JSON(out)
}

// APIOpenAPI serves the OpenAPI document: GET /api/v1/openapi.json.
func (h *Handlers) APIOpenAPI(c *fiber.Ctx) error {
	if notModified(c, staticMaxAge, "openapi", string(api.OpenAPI)) {
		return nil
	}
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	return c.Send(api.OpenAPI)
}

// APINotFound answers every other address under /api/ (and other methods than GET).
func (h *Handlers) APINotFound(c *fiber.Ctx) error {
	if c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead {
		c.Set(fiber.HeaderAllow, "GET, HEAD, OPTIONS")
		return apiError(fiber.StatusMethodNotAllowed, "this API only reads: use GET")
	}
	return apiError(fiber.StatusNotFound, "no such address in this API; see /api/v1/openapi.json")
}

// APIErrors turns an error of an API handler into a JSON answer; the log gets the
// detail once, the reader a short message and the request id.
func (h *Handlers) APIErrors(c *fiber.Ctx) error {
	err := c.Next()
	if err == nil {
		return nil
	}
	status, message := fiber.StatusInternalServerError, "something went wrong; try again later"
	var ae *apiErr
	var fe *fiber.Error
	switch {
	case errors.As(err, &ae):
		status, message = ae.status, ae.message
	case errors.As(err, &fe):
		status, message = fe.Code, fe.Message
	case models.IsUnavailable(err):
		status, message = fiber.StatusServiceUnavailable, "the database is not available; try again in a few minutes"
		c.Set(fiber.HeaderRetryAfter, "30")
	}
	reqID, _ := c.Locals(LocalsRequestID).(string)
	level := slog.LevelDebug
	if status >= 500 {
		level = slog.LevelError
		message += " (request " + reqID + ")"
	}
	h.Log.Log(c.UserContext(), level, "api request failed", "request_id", reqID, "path", c.Path(), "status", status, "error", err)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(status).JSON(api.Error{Error: api.ErrorBody{Status: status, Message: message}})
}

// apiErr is a refusal with a message for the developer who called the API.
type apiErr struct {
	status  int
	message string
}

func (e *apiErr) Error() string { return strconv.Itoa(e.status) + " " + e.message }

func apiError(status int, message string) error { return &apiErr{status, message} }

// dateRange is the local dates an answer covers, both included.
type dateRange struct {
	first, last time.Time
	week        *string // the ISO week asked for, when it was a week
}

// dateRange reads ?week= or ?from=&to=; without either it is this week.
func (h *Handlers) dateRange(c *fiber.Ctx, loc *time.Location) (dateRange, error) {
	week, from, to := c.Query("week"), c.Query("from"), c.Query("to")
	switch {
	case week != "" && (from != "" || to != ""):
		return dateRange{}, apiError(fiber.StatusBadRequest, "give either week or from and to, not both")
	case from != "" || to != "":
		first, err1 := models.LocalDate(from, loc)
		last, err2 := models.LocalDate(to, loc)
		if err1 != nil || err2 != nil {
			return dateRange{}, apiError(fiber.StatusBadRequest, "from and to must both be dates such as 2026-12-01")
		}
		if last.Before(first) || last.After(first.AddDate(0, 0, maxRangeDays-1)) {
			return dateRange{}, apiError(fiber.StatusBadRequest, "to must be on or after from, at most "+strconv.Itoa(maxRangeDays)+" days in all")
		}
		return dateRange{first: first, last: last}, nil
	}
	w := models.WeekOf(h.Now(), loc)
	if week != "" {
		parsed, err := models.ParseWeek(week, loc)
		if err != nil {
			return dateRange{}, apiError(fiber.StatusBadRequest, "week must be an ISO week such as 2026-W49")
		}
		w = parsed
	}
	name := w.String()
	return dateRange{first: w.Start(), last: w.End().AddDate(0, 0, -1), week: &name}, nil
}
