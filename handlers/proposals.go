package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"onshuis/models"
)

// NewProposal shows the empty proposal form with the three questions (and, for a
// resident on the trust path, the room and schedule to publish it directly).
func (h *Handlers) NewProposal(c *fiber.Ctx) error {
	pf := &proposalForm{form: newForm(c), Needs: withBlankRows(nil, 0)}
	return h.renderProposal(c, fiber.StatusOK, pf, nil, nil)
}

// readProposal parses the proposal form. When the form must be shown again, because
// another need row or the dates of the schedule were asked for, or something needs
// fixing, it renders it and returns shown = true. Publishing directly (the trust path)
// reads the plan too and gives it back.
func (h *Handlers) readProposal(c *fiber.Ctx, a *models.Activity) (in models.ProposalInput, action string, plan *models.Approval, shown bool, err error) {
	action = c.FormValue("action")
	in, pf := parseProposal(newForm(c), action == "submit" || action == "publish")
	centre, _, err := h.proposalCentre(c, pf.form, a)
	if err != nil {
		return in, action, nil, true, err
	}
	if centre != nil {
		in.CentreID = centre.ID
	}
	tp, err := h.trustPath(c, centre, a)
	if err != nil {
		return in, action, nil, true, err
	}
	switch {
	case !tp.trust.Trusted() || tp.withdrawn:
		// Not (or no longer) on the trust path; a proposal a coordinator took back
		// waits for review.
		if action == "publish" && centre != nil && !tp.withdrawn {
			// "Direct publiceren" was pressed on a form shown for another centre (the
			// choice changed on the form) or before the trust went: say so next to the
			// centre with everything kept, rather than sending it for review unasked.
			pf.fail("centre", "trust.not_at_centre")
		}
	case c.FormValue("preview") != "":
		// "Toon de data": the form again with the dates; only the schedule's own
		// messages count yet.
		schedule := parseSchedule(pf.form)
		keepPlanValues(pf.form)
		status, errs, preview := h.schedulePreviewOf(pf.Errors, schedule, tp.centre.Location())
		pf.Errors = errs
		if preview != nil {
			pf.Needs = withBlankRows(pf.Needs, 0)
		}
		return in, action, nil, true, h.renderProposal(c, status, pf, a, preview)
	case action == "publish":
		if !tp.trust.Allows(in.Themes) {
			pf.fail("themes", "trust.themes_not_trusted")
		}
		plan = parsePlan(pf.form, tp.rooms)
	default:
		keepPlanValues(pf.form) // shown again as typed when the form comes back
	}
	if action == "publish" && plan == nil {
		action = "submit" // the trust path is not open (any more): an ordinary proposal
	}
	switch {
	case action == "add_need":
		pf.Needs = withBlankRows(pf.Needs, 1)
		return in, action, plan, true, h.renderProposal(c, fiber.StatusOK, pf, a, nil)
	case !pf.OK():
		pf.Needs = withBlankRows(pf.Needs, 0)
		return in, action, plan, true, h.renderProposal(c, fiber.StatusUnprocessableEntity, pf, a, nil)
	}
	return in, action, plan, false, nil
}

// CreateProposal saves a new proposal as a draft, sends it for review, or publishes it
// directly on the trust path.
func (h *Handlers) CreateProposal(c *fiber.Ctx) error {
	in, action, plan, shown, err := h.readProposal(c, nil)
	if shown || err != nil {
		return err
	}
	if plan != nil {
		return h.publishDirectly(c, in.CentreID, nil, in, plan)
	}
	if _, err := models.CreateProposal(h.DB, in.CentreID, user(c).ID, in, action == "submit"); err != nil {
		return err
	}
	h.setFlash(c, proposalFlash(action == "submit"))
	return c.Redirect("/mijn-voorstellen", fiber.StatusSeeOther)
}

// EditProposal shows a proposal to its proposer for changes, until it is reviewed.
func (h *Handlers) EditProposal(c *fiber.Ctx) error {
	a, err := h.ownProposal(c)
	if err != nil {
		return err
	}
	needs, err := models.NeedsOf(h.DB, a.ID)
	if err != nil {
		return err
	}
	f := newForm(c)
	f.Values = map[string]string{"title": a.Title, "want": a.Want, "can": a.Can, "wished_time": a.WishedTime}
	if a.ExpectedPeople > 0 {
		f.Values["expected_people"] = itoa(a.ExpectedPeople)
	}
	pf := &proposalForm{form: f, Themes: a.ThemeList(), Needs: withBlankRows(needRowsFor(needs), 0)}
	return h.renderProposal(c, fiber.StatusOK, pf, a, nil)
}

// UpdateProposal saves changes to a proposal, sends it for review, or publishes it
// directly on the trust path.
func (h *Handlers) UpdateProposal(c *fiber.Ctx) error {
	a, err := h.ownProposal(c)
	if err != nil {
		return err
	}
	in, action, plan, shown, err := h.readProposal(c, a)
	if shown || err != nil {
		return err
	}
	if plan != nil {
		return h.publishDirectly(c, in.CentreID, a, in, plan)
	}
	submit := action == "submit"
	if err := models.UpdateProposal(h.DB, a.ID, in, submit); errors.Is(err, models.ErrNotEditable) {
		h.setFlash(c, "flash.proposal_not_editable")
		return c.Redirect("/mijn-voorstellen", fiber.StatusSeeOther)
	} else if err != nil {
		return err
	}
	h.setFlash(c, proposalFlash(submit))
	return c.Redirect("/mijn-voorstellen", fiber.StatusSeeOther)
}

// ownProposal loads the proposal in the URL when the user proposed it and may still
// change it.
func (h *Handlers) ownProposal(c *fiber.Ctx) (*models.Activity, error) {
	a, err := h.activityParam(c)
	if err != nil {
		return nil, err
	}
	if a.ProposerID == nil || *a.ProposerID != user(c).ID {
		return nil, fiber.ErrForbidden
	}
	if !a.IsEditable() {
		return nil, fiber.ErrNotFound
	}
	return a, nil
}

func (h *Handlers) renderProposal(c *fiber.Ctx, status int, pf *proposalForm, a *models.Activity, preview *schedulePreview) error {
	action := "/voorstellen"
	if a != nil {
		action = "/voorstellen/" + itoa64(a.ID)
	}
	centre, open, err := h.proposalCentre(c, pf.form, a)
	if err != nil {
		return err
	}
	tp, err := h.trustPath(c, centre, a)
	if err != nil {
		return err
	}
	data := fiber.Map{
		"Title": "proposal.title", "Form": pf.Values, "Errors": pf.Errors, "Themes": models.Themes,
		"ChosenThemes": pf.Themes, "Needs": pf.Needs, "NeedKinds": models.NeedKinds, "Action": action, "Proposal": a,
	}
	if len(open) > 1 || centre == nil {
		data["Centres"] = open // one open centre needs no choice
	}
	if tp.trust.Trusted() && !tp.withdrawn {
		planDefaults(pf.Values, h.Now())
		data["Trust"], data["Rooms"] = tp.trust, tp.rooms
		addScheduleEditor(data, pf.Values, preview)
	}
	return h.render(c, status, "proposals/form", data)
}

// proposalCentre is the centre a proposal goes to, with the open centres it may choose
// from: the one chosen on the form, else the proposal's own (when it is changed), else
// the visitor's own centre (h.centre). The choice is kept in the form's values; an
// unknown or closed centre gets a message next to the field, and nil is returned.
func (h *Handlers) proposalCentre(c *fiber.Ctx, f *form, a *models.Activity) (*models.Centre, []models.Centre, error) {
	open, err := models.OpenCentres(h.DB)
	if err != nil {
		return nil, nil, err
	}
	v, read := f.Values["centre"]
	if !read && c.Method() == fiber.MethodPost {
		v = f.raw("centre") // absent when there was nothing to choose
	}
	switch {
	case v != "":
	case a != nil:
		v = itoa64(a.CentreID)
	default:
		own, err := h.centre(c)
		if err != nil {
			return nil, nil, err
		}
		if own != nil {
			v = itoa64(own.ID)
		}
	}
	f.Values["centre"] = v
	for i := range open {
		if itoa64(open[i].ID) == v {
			return &open[i], open, nil
		}
	}
	f.fail("centre", "proposal.centre_invalid")
	return nil, open, nil
}

func proposalFlash(submit bool) string {
	if submit {
		return "flash.proposal_submitted"
	}
	return "flash.proposal_saved"
}

// proposalView is a proposal with its needs and review history.
type proposalView struct {
	models.Activity
	Needs   []models.Need
	Reviews []models.ReviewEntry
}

// MyProposals lists the user's proposals with their status and every review message.
func (h *Handlers) MyProposals(c *fiber.Ctx) error {
	proposals, err := models.ProposalsOf(h.DB, user(c).ID)
	if err != nil {
		return err
	}
	views := make([]proposalView, len(proposals))
	for i, p := range proposals {
		views[i].Activity = p
		if views[i].Needs, err = models.NeedsOf(h.DB, p.ID); err != nil {
			return err
		}
		if views[i].Reviews, err = models.ReviewsOf(h.DB, p.ID); err != nil {
			return err
		}
	}
	return h.render(c, fiber.StatusOK, "proposals/mine", fiber.Map{"Title": "myproposals.title", "Proposals": views})
}
