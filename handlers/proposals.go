package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"onshuis/models"
)

// NewProposal shows the empty proposal form with the three questions.
func (h *Handlers) NewProposal(c *fiber.Ctx) error {
	pf := &proposalForm{form: newForm(c), Needs: withBlankRows(nil, 0)}
	return h.renderProposal(c, fiber.StatusOK, pf, nil)
}

// readProposal parses the proposal form. When the form must be shown again, because
// another need row was asked for or something needs fixing, it renders it and returns
// shown = true.
func (h *Handlers) readProposal(c *fiber.Ctx, a *models.Activity) (in models.ProposalInput, submit, shown bool, err error) {
	submit = c.FormValue("action") == "submit"
	in, pf := parseProposal(newForm(c), submit)
	switch {
	case c.FormValue("action") == "add_need":
		pf.Needs = withBlankRows(pf.Needs, 1)
		return in, submit, true, h.renderProposal(c, fiber.StatusOK, pf, a)
	case !pf.OK():
		pf.Needs = withBlankRows(pf.Needs, 0)
		return in, submit, true, h.renderProposal(c, fiber.StatusUnprocessableEntity, pf, a)
	}
	return in, submit, false, nil
}

// CreateProposal saves a new proposal as a draft or sends it for review.
func (h *Handlers) CreateProposal(c *fiber.Ctx) error {
	in, submit, shown, err := h.readProposal(c, nil)
	if shown || err != nil {
		return err
	}
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	if _, err := models.CreateProposal(h.DB, centre.ID, user(c).ID, in, submit); err != nil {
		return err
	}
	h.setFlash(c, proposalFlash(submit))
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
	return h.renderProposal(c, fiber.StatusOK, pf, a)
}

// UpdateProposal saves changes to a proposal, or sends it for review.
func (h *Handlers) UpdateProposal(c *fiber.Ctx) error {
	a, err := h.ownProposal(c)
	if err != nil {
		return err
	}
	in, submit, shown, err := h.readProposal(c, a)
	if shown || err != nil {
		return err
	}
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

func (h *Handlers) renderProposal(c *fiber.Ctx, status int, pf *proposalForm, a *models.Activity) error {
	action := "/voorstellen"
	if a != nil {
		action = "/voorstellen/" + itoa64(a.ID)
	}
	return h.render(c, status, "proposals/form", fiber.Map{
		"Title": "proposal.title", "Form": pf.Values, "Errors": pf.Errors, "Themes": models.Themes,
		"ChosenThemes": pf.Themes, "Needs": pf.Needs, "NeedKinds": models.NeedKinds, "Action": action, "Proposal": a,
	})
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
