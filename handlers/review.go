package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"onshuis/models"
)

// reviewStatuses are the tabs of the coordinator's proposal list.
var reviewStatuses = []string{models.StatusProposed, models.StatusApproved, models.StatusDeclined, models.StatusDraft}

// directTab is the tab of the activities residents published on the trust path.
const directTab = "direct"

// ReviewList shows the coordinator the centre's proposals by status, and in a tab of
// their own the activities published directly ("direct gepubliceerd").
func (h *Handlers) ReviewList(c *fiber.Ctx) error {
	status := c.Query("status", models.StatusProposed)
	if !contains(reviewStatuses, status) && status != directTab {
		status = models.StatusProposed
	}
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	var rows []models.ProposalRow
	if status == directTab {
		rows, err = models.DirectlyPublished(h.DB, centre.ID)
	} else {
		rows, err = models.ProposalsByStatus(h.DB, centre.ID, status)
	}
	if err != nil {
		return err
	}
	counts, err := models.CountByStatus(h.DB, centre.ID)
	if err != nil {
		return err
	}
	if counts[directTab], err = models.CountDirectlyPublished(h.DB, centre.ID); err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "review/list", fiber.Map{
		"Title": "review.list_title", "Status": status, "Statuses": append(reviewStatuses[:1:1], append([]string{directTab}, reviewStatuses[1:]...)...),
		"Counts": counts, "Proposals": rows,
	})
}

// ReviewForm shows one proposal with its history and the decision form.
func (h *Handlers) ReviewForm(c *fiber.Ctx) error {
	a, _, err := h.coordinatedActivity(c)
	if err != nil {
		return err
	}
	values := map[string]string{"capacity": itoa(a.ExpectedPeople), "recurrence": models.RecurrenceWeekly, "interval": "1",
		"ordinal": "1", "start_time": "14:00", "end_time": "16:00", "first_date": h.Now().AddDate(0, 0, 7).Format(models.Date)}
	return h.renderReview(c, fiber.StatusOK, a, values, nil, nil)
}

// Review records the coordinator's decision: approve (publish with room and schedule),
// talk first, or decline with a reason the proposer reads.
func (h *Handlers) Review(c *fiber.Ctx) error {
	a, _, err := h.coordinatedActivity(c)
	if err != nil {
		return err
	}
	if a.Status != models.StatusProposed {
		// Decided already (or never sent): its page has no decision form any more to
		// show messages next to, so say so before looking at the input.
		return h.alreadyReviewed(c)
	}
	rooms, err := models.RoomsOfCentre(h.DB, a.CentreID)
	if err != nil {
		return err
	}
	f := newForm(c)
	if c.FormValue("preview") != "" {
		// "Toon de data": the form again with the dates and all that was typed, nothing
		// decided; only the schedule's own messages count yet.
		parseReview(f, rooms)
		schedule := parseSchedule(f) // also when no decision is chosen yet
		if errs := scheduleErrors(f.Errors); len(errs) > 0 {
			return h.renderReview(c, fiber.StatusUnprocessableEntity, a, f.Values, errs, nil)
		}
		centre, err := models.CentreByID(h.DB, a.CentreID)
		if err != nil {
			return err
		}
		return h.renderReview(c, fiber.StatusOK, a, f.Values, nil, previewSchedule(schedule, h.Now(), centre.Location()))
	}
	review, approval := parseReview(f, rooms)
	if f.OK() {
		reviewer := user(c).ID
		review.ReviewerID = &reviewer
		err = models.ReviewProposal(h.DB, a.ID, review, approval)
		switch {
		case roomClash(f, err):
		case errors.Is(err, models.ErrNotReviewable):
			return h.alreadyReviewed(c)
		case err != nil:
			return err
		}
	}
	if !f.OK() {
		return h.renderReview(c, fiber.StatusUnprocessableEntity, a, f.Values, f.Errors, nil)
	}
	h.setFlash(c, "flash.reviewed_"+review.Decision)
	return c.Redirect("/coordinator/voorstellen", fiber.StatusSeeOther)
}

// alreadyReviewed sends the coordinator back to the list: another decision came first.
func (h *Handlers) alreadyReviewed(c *fiber.Ctx) error {
	h.setFlash(c, "flash.already_reviewed")
	return c.Redirect("/coordinator/voorstellen", fiber.StatusSeeOther)
}

func (h *Handlers) renderReview(c *fiber.Ctx, status int, a *models.Activity, values, errs map[string]string, preview *schedulePreview) error {
	needs, err := models.NeedsOf(h.DB, a.ID)
	if err != nil {
		return err
	}
	reviews, err := models.ReviewsOf(h.DB, a.ID)
	if err != nil {
		return err
	}
	rooms, err := models.RoomsOfCentre(h.DB, a.CentreID)
	if err != nil {
		return err
	}
	var proposer *models.User
	if a.ProposerID != nil {
		if proposer, err = models.UserByID(h.DB, *a.ProposerID); err != nil {
			return err
		}
	}
	data := fiber.Map{
		"Title": "review.title", "Proposal": a, "Proposer": proposer, "Needs": needs, "Reviews": reviews,
		"Rooms": rooms, "Form": values, "Errors": errs,
	}
	if proposer != nil && proposer.AnonymisedAt == nil {
		// The trust path of the proposer: why they may (or may not) publish directly,
		// and the buttons to take it away or give it back.
		centre, err := models.CentreByID(h.DB, a.CentreID)
		if err != nil {
			return err
		}
		trust, err := models.TrustOf(h.DB, a.CentreID, proposer, h.TrustMinSessions, h.Now(), centre.Location())
		if err != nil {
			return err
		}
		data["ProposerTrust"] = trust
	}
	addScheduleEditor(data, values, preview)
	return h.render(c, status, "review/form", data)
}

// weekdayOption is a weekday checkbox.
type weekdayOption struct {
	Value   string
	Day     int
	Checked bool
}

// weekdayOptions lists Monday to Sunday with the chosen ones ticked ("1,3" = Mon, Wed).
func weekdayOptions(chosen string) []weekdayOption {
	var out []weekdayOption
	for _, d := range []int{1, 2, 3, 4, 5, 6, 0} {
		v := itoa(d)
		out = append(out, weekdayOption{Value: v, Day: d, Checked: contains(splitComma(chosen), v)})
	}
	return out
}
