package handlers

import (
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	"onshuis/models"
)

// trustPath is what the proposal form needs of the trust path: the resident's trust at
// the proposal's centre, its rooms, and whether a coordinator took this proposal back
// before (then it waits for review, whatever the trust).
type trustPath struct {
	trust     models.Trust
	centre    *models.Centre
	rooms     []models.Room
	withdrawn bool
}

// trustPath works out the trust path for the logged-in user and the proposal a (nil for
// a new one) at the centre it goes to (nil when the centre chosen is not open: then
// there is no trust path until a centre is chosen).
func (h *Handlers) trustPath(c *fiber.Ctx, centre *models.Centre, a *models.Activity) (trustPath, error) {
	tp := trustPath{centre: centre}
	if centre == nil {
		return tp, nil
	}
	var err error
	if tp.trust, err = models.TrustOf(h.DB, tp.centre.ID, user(c), h.TrustMinSessions, h.Now(), tp.centre.Location()); err != nil {
		return tp, err
	}
	if !tp.trust.Trusted() {
		return tp, nil
	}
	if a != nil {
		if tp.withdrawn, err = models.WasWithdrawn(h.DB, a.ID); err != nil {
			return tp, err
		}
	}
	tp.rooms, err = models.RoomsOfCentre(h.DB, tp.centre.ID)
	return tp, err
}

// planFields are the fields of the room, places and schedule (partials/plan_fields).
var planFields = append([]string{"room_id", "capacity"}, scheduleFields...)

// keepPlanValues keeps the plan fields as typed, unchecked, so that a proposal form
// shown again (another need row, a message) still has them.
func keepPlanValues(f *form) {
	for _, name := range planFields {
		if _, ok := f.Values[name]; ok {
			continue
		}
		if name == "weekdays" {
			f.multi(name)
			continue
		}
		v, _ := clean(f.c.FormValue(name), name == "dates" || name == "skip_dates")
		f.Values[name] = v
	}
}

// planDefaults fills the plan fields of a fresh form: weekly, 14:00–16:00, from a week on.
func planDefaults(values map[string]string, now time.Time) {
	defaults := map[string]string{"recurrence": models.RecurrenceWeekly, "interval": "1", "ordinal": "1",
		"start_time": "14:00", "end_time": "16:00"}
	for k, v := range defaults {
		if values[k] == "" {
			values[k] = v
		}
	}
	if _, ok := values["first_date"]; !ok {
		values["first_date"] = now.AddDate(0, 0, 7).Format(models.Date)
	}
}

// publishDirectly publishes the proposal on the trust path and sends the resident to
// its page; a room that is taken comes back next to the room field.
func (h *Handlers) publishDirectly(c *fiber.Ctx, centreID int64, a *models.Activity, in models.ProposalInput, plan *models.Approval) error {
	var id int64
	if a != nil {
		id = a.ID
	}
	published, err := models.PublishDirectly(h.DB, centreID, user(c).ID, id, in, *plan)
	switch {
	case errors.Is(err, models.ErrNotEditable):
		h.setFlash(c, "flash.proposal_not_editable")
		return c.Redirect("/mijn-voorstellen", fiber.StatusSeeOther)
	case errors.Is(err, models.ErrNotTrusted):
		h.setFlash(c, "flash.not_trusted")
		return c.Redirect("/mijn-voorstellen", fiber.StatusSeeOther)
	case err != nil:
		f := newForm(c)
		if !roomClash(f, err) {
			return err
		}
		_, pf := parseProposal(f, true)
		keepPlanValues(f)
		pf.Needs = withBlankRows(pf.Needs, 0)
		return h.renderProposal(c, fiber.StatusUnprocessableEntity, pf, a, nil)
	}
	h.setFlash(c, "flash.published_directly")
	return c.Redirect(activityPath(published), fiber.StatusSeeOther)
}

// centreActivity loads the activity in the URL when it belongs to the coordinator's
// centre; another centre's is not found.
func (h *Handlers) centreActivity(c *fiber.Ctx) (*models.Activity, *models.Centre, error) {
	a, err := h.activityParam(c)
	if err != nil {
		return nil, nil, err
	}
	centre, err := h.centre(c)
	if err != nil {
		return nil, nil, err
	}
	if a.CentreID != centre.ID {
		return nil, nil, fiber.ErrNotFound
	}
	return a, centre, nil
}

// WithdrawDirect takes a directly published activity back off the programme, with a
// reason the resident reads; it then waits for review like any proposal.
func (h *Handlers) WithdrawDirect(c *fiber.Ctx) error {
	a, centre, err := h.centreActivity(c)
	if err != nil {
		return err
	}
	f := newForm(c)
	reason := f.lines("withdraw_reason", true, maxAnswer)
	if !f.OK() {
		return h.renderReview(c, fiber.StatusUnprocessableEntity, a, f.Values, f.Errors, nil)
	}
	switch err := models.WithdrawDirect(h.DB, a.ID, user(c).ID, reason, h.localNow(centre).Format(models.Date)); {
	case errors.Is(err, models.ErrNotWithdrawable):
		h.setFlash(c, "flash.not_withdrawable")
	case err != nil:
		return err
	default:
		h.setFlash(c, "flash.withdrawn")
	}
	return c.Redirect("/coordinator/voorstellen/"+itoa64(a.ID), fiber.StatusSeeOther)
}

// SetTrust takes the trust path away from the proposer of the activity, or gives it
// back; an optional note goes into the history.
func (h *Handlers) SetTrust(c *fiber.Ctx) error {
	a, _, err := h.centreActivity(c)
	if err != nil {
		return err
	}
	f := newForm(c)
	revoke := f.raw("trust") == "revoke"
	if !revoke && f.Values["trust"] != "restore" {
		return fiber.ErrBadRequest
	}
	note := f.lines("trust_note", false, maxAnswer)
	if !f.OK() {
		return h.renderReview(c, fiber.StatusUnprocessableEntity, a, f.Values, f.Errors, nil)
	}
	switch err := models.SetTrust(h.DB, a.ID, user(c).ID, revoke, note); {
	case errors.Is(err, models.ErrNotTrusted):
		return fiber.ErrNotFound // no proposer (an activity the coordinator entered)
	case err != nil:
		return err
	}
	if revoke {
		h.setFlash(c, "flash.trust_revoked")
	} else {
		h.setFlash(c, "flash.trust_restored")
	}
	return c.Redirect("/coordinator/voorstellen/"+itoa64(a.ID), fiber.StatusSeeOther)
}
