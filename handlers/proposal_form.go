package handlers

import (
	"errors"
	"fmt"
	"strconv"

	"onshuis/format"
	"onshuis/models"
)

// Limits of the proposal form.
const (
	maxTitle    = 100
	maxAnswer   = 2000
	maxNeedText = 300
	maxNeeds    = 20
	maxPeople   = 1000
	maxCapacity = 500
)

// needRow is one row of "Wat heb ik nodig?" as typed.
type needRow struct {
	Kind, Description, Amount, Volunteers string
	Errors                                map[string]string
}

// proposalForm is the proposal form as typed, with its messages.
type proposalForm struct {
	*form
	Themes []string
	Needs  []needRow
}

// parseProposal reads the proposal form. A draft needs only a title; a proposal sent
// for review needs the three answers too.
func parseProposal(f *form, submit bool) (models.ProposalInput, *proposalForm) {
	pf := &proposalForm{form: f}
	in := models.ProposalInput{
		Title:      f.text("title", true, maxTitle),
		Want:       f.lines("want", submit, maxAnswer),
		Can:        f.lines("can", submit, maxAnswer),
		WishedTime: f.text("wished_time", false, 200),
	}
	in.ExpectedPeople = f.number("expected_people", 0, maxPeople)
	for _, t := range f.multi("themes") {
		if contains(models.Themes, t) && !contains(in.Themes, t) {
			in.Themes = append(in.Themes, t)
		}
	}
	pf.Themes = in.Themes

	for i := 0; i < maxNeeds; i++ {
		row := needRow{Errors: map[string]string{}}
		row.Kind = f.cell(fmt.Sprintf("need_kind_%d", i), row.Errors, "kind")
		row.Description = f.cell(fmt.Sprintf("need_description_%d", i), row.Errors, "description")
		row.Amount = f.cell(fmt.Sprintf("need_amount_%d", i), row.Errors, "amount")
		row.Volunteers = f.cell(fmt.Sprintf("need_volunteers_%d", i), row.Errors, "volunteers")
		if row.Description == "" && row.Amount == "" && row.Volunteers == "" && len(row.Errors) == 0 {
			continue // an empty row, whatever kind is preselected
		}
		need := models.Need{Kind: row.Kind}
		if _, bad := row.Errors["kind"]; !bad && !contains(models.NeedKinds, row.Kind) {
			row.Errors["kind"] = "proposal.need_kind_invalid"
		}
		switch {
		case row.Errors["description"] != "":
		case row.Description == "":
			row.Errors["description"] = "form.required"
		case len([]rune(row.Description)) > maxNeedText:
			row.Errors["description"] = "form.too_long"
		}
		need.Description = row.Description
		if row.Amount != "" {
			cents, err := format.ParseEuros(row.Amount)
			if err != nil && row.Errors["amount"] == "" {
				row.Errors["amount"] = "proposal.amount_invalid"
			}
			need.AmountCents = cents
		}
		if row.Kind == models.NeedVolunteers {
			n, err := strconv.Atoi(row.Volunteers)
			if (err != nil || n < 1 || n > 50) && row.Errors["volunteers"] == "" {
				row.Errors["volunteers"] = "proposal.volunteers_invalid"
			}
			need.Volunteers = n
		}
		if len(row.Errors) > 0 {
			f.fail("needs", "proposal.needs_invalid")
		}
		pf.Needs = append(pf.Needs, row)
		in.Needs = append(in.Needs, need)
	}
	return in, pf
}

// needRowsFor turns stored needs back into form rows, for editing.
func needRowsFor(needs []models.Need) []needRow {
	rows := make([]needRow, len(needs))
	for i, n := range needs {
		rows[i] = needRow{Kind: n.Kind, Description: n.Description, Errors: map[string]string{}}
		if n.AmountCents > 0 {
			rows[i].Amount = format.Amount(n.AmountCents)
		}
		if n.Volunteers > 0 {
			rows[i].Volunteers = strconv.Itoa(n.Volunteers)
		}
	}
	return rows
}

// withBlankRows adds empty need rows so the form always offers a few to fill in.
func withBlankRows(rows []needRow, extra int) []needRow {
	want := len(rows) + extra
	if want < 3 {
		want = 3
	}
	if want > maxNeeds {
		want = maxNeeds
	}
	for len(rows) < want {
		rows = append(rows, needRow{Errors: map[string]string{}})
	}
	return rows
}

// parseReview reads the coordinator's decision on a proposal.
func parseReview(f *form, rooms []models.Room) (models.Review, *models.Approval) {
	answer := func(name string) string {
		v := f.raw(name)
		if v != models.AnswerYes && v != models.AnswerSome && v != models.AnswerNo {
			f.fail(name, "review.answer_required")
		}
		return v
	}
	r := models.Review{
		LowersThreshold: answer("lowers_threshold"),
		MoreCollective:  answer("more_collective"),
		Healthier:       answer("healthier"),
		Decision:        f.raw("decision"),
	}
	r.Message = f.lines("message", r.Decision == models.DecisionTalk || r.Decision == models.DecisionDecline, maxAnswer)
	switch r.Decision {
	case models.DecisionApprove:
		return r, parsePlan(f, rooms)
	case models.DecisionTalk, models.DecisionDecline:
		return r, nil
	default:
		f.fail("decision", "review.decision_required")
		return r, nil
	}
}

// parsePlan reads the room, places and schedule of an activity, as set on approval and
// changed later.
func parsePlan(f *form, rooms []models.Room) *models.Approval {
	plan := &models.Approval{Capacity: f.number("capacity", 0, maxCapacity)}
	roomID := f.raw("room_id")
	for _, room := range rooms {
		if strconv.FormatInt(room.ID, 10) == roomID {
			plan.RoomID = &room.ID
		}
	}
	if plan.RoomID == nil {
		f.fail("room_id", "review.room_required")
	}
	plan.Schedule = parseSchedule(f)
	return plan
}

// roomClash puts a room clash next to the room field, naming the activity that has the
// room then, and reports whether err was one.
func roomClash(f *form, err error) bool {
	var conflict *models.RoomConflictError
	if !errors.As(err, &conflict) {
		return false
	}
	f.fail("room_id", "review.room_taken")
	f.Values["conflict"] = conflict.OtherTitle
	return true
}
