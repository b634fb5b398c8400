package handlers

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"onshuis/models"
)

// availabilityCell is one checkbox of the availability grid.
type availabilityCell struct {
	Value   string // "<bit>"
	Day     time.Weekday
	Part    int
	Checked bool
}

// availabilityGrid lays out the 7 × 3 grid, Monday first, with the chosen bits ticked.
func availabilityGrid(bits int) [][]availabilityCell {
	var rows [][]availabilityCell
	for _, d := range []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday} {
		var row []availabilityCell
		for part := models.Morning; part <= models.Evening; part++ {
			bit := models.AvailabilityBit(d, part)
			row = append(row, availabilityCell{Value: strconv.Itoa(bit), Day: d, Part: part, Checked: bits&bit != 0})
		}
		rows = append(rows, row)
	}
	return rows
}

// volunteerNeedRow is a row of the volunteer's "Wat heb ik nodig?", with a message id
// per field of the row that needs fixing ("kind", "description").
type volunteerNeedRow struct {
	Kind, Description, Status string
	Errors                    map[string]string
}

// VolunteerForm shows the volunteer offer: the three questions for volunteers.
func (h *Handlers) VolunteerForm(c *fiber.Ctx) error {
	p, needs, err := models.VolunteerProfileOf(h.DB, user(c).ID)
	if err != nil {
		return err
	}
	values := map[string]string{}
	var rows []volunteerNeedRow
	bits := 0
	if p != nil {
		values = map[string]string{"want": p.Want, "skills": p.Skills, "skills_other": p.SkillsOther, "languages": p.Languages}
		bits = p.Availability
		for _, n := range needs {
			rows = append(rows, volunteerNeedRow{Kind: n.Kind, Description: n.Description, Status: n.Status})
		}
	}
	return h.renderVolunteer(c, fiber.StatusOK, p, values, nil, bits, rows)
}

// SaveVolunteer stores the offer; the user becomes (or stays) an active volunteer.
func (h *Handlers) SaveVolunteer(c *fiber.Ctx) error {
	f := newForm(c)
	p := models.VolunteerProfile{UserID: user(c).ID, Want: f.lines("want", true, maxAnswer), SkillsOther: f.text("skills_other", false, 300)}
	var skills, languages []string
	for _, s := range f.multi("skills") {
		if contains(models.Skills, s) && !contains(skills, s) {
			skills = append(skills, s)
		}
	}
	for _, l := range f.multi("languages") {
		if contains(models.Languages, l) && !contains(languages, l) {
			languages = append(languages, l)
		}
	}
	p.Skills, p.Languages = strings.Join(skills, ","), strings.Join(languages, ",")
	for _, v := range f.multi("availability") {
		bit, err := strconv.Atoi(v)
		if err != nil || bit <= 0 || bit >= 1<<21 || bit&(bit-1) != 0 {
			f.fail("availability", "volunteer.availability_invalid")
			continue
		}
		p.Availability |= bit
	}
	var needs []models.VolunteerNeed
	var rows []volunteerNeedRow
	for i := 0; i < maxNeeds; i++ {
		row := volunteerNeedRow{Errors: map[string]string{}}
		kind := f.cell(fmt.Sprintf("need_kind_%d", i), row.Errors, "kind")
		desc := f.cell(fmt.Sprintf("need_description_%d", i), row.Errors, "description")
		if desc == "" && len(row.Errors) == 0 {
			continue
		}
		row.Kind, row.Description = kind, desc
		if _, bad := row.Errors["kind"]; !bad && !contains(models.VolunteerNeedKinds, kind) {
			row.Errors["kind"] = "proposal.need_kind_invalid"
		}
		if _, bad := row.Errors["description"]; !bad && len([]rune(desc)) > maxNeedText {
			row.Errors["description"] = "form.too_long"
		}
		rows = append(rows, row)
		if len(row.Errors) > 0 {
			f.fail("needs", "volunteer.need_invalid")
			continue
		}
		needs = append(needs, models.VolunteerNeed{Kind: kind, Description: desc})
	}
	if c.FormValue("action") == "add_need" {
		rows = append(rows, volunteerNeedRow{})
		return h.renderVolunteer(c, fiber.StatusOK, nil, f.Values, nil, p.Availability, rows)
	}
	if !f.OK() {
		return h.renderVolunteer(c, fiber.StatusUnprocessableEntity, nil, f.Values, f.Errors, p.Availability, rows)
	}
	if err := models.SaveVolunteerProfile(h.DB, &p, needs); err != nil {
		return err
	}
	h.setFlash(c, "flash.volunteer_saved")
	return c.Redirect("/mijn-diensten", fiber.StatusSeeOther)
}

func (h *Handlers) renderVolunteer(c *fiber.Ctx, status int, p *models.VolunteerProfile, values, errs map[string]string, bits int, rows []volunteerNeedRow) error {
	for len(rows) < 2 {
		rows = append(rows, volunteerNeedRow{})
	}
	return h.render(c, status, "volunteers/form", fiber.Map{
		"Title": "volunteer.title", "Profile": p, "Form": values, "Errors": errs, "Skills": models.Skills,
		"Languages": models.Languages, "ChosenSkills": splitComma(values["skills"]), "ChosenLanguages": splitComma(values["languages"]),
		"Grid": availabilityGrid(bits), "Needs": rows, "NeedKinds": models.VolunteerNeedKinds,
	})
}

// StopVolunteer ends the volunteer offer and withdraws from coming shifts.
func (h *Handlers) StopVolunteer(c *fiber.Ctx) error {
	if err := models.StopVolunteering(h.DB, user(c).ID, h.Now()); err != nil {
		return err
	}
	h.setFlash(c, "flash.volunteer_stopped")
	return c.Redirect("/vrijwilliger", fiber.StatusSeeOther)
}

// roleRow is a role with its staffing in the coming sessions.
type roleRow struct {
	Role     models.VolunteerRole
	Sessions []roleSession
}

// roleSession is one session of a role: how full it is and whether the user is on it.
type roleSession struct {
	Session sessionView
	models.Staffing
	Mine     *models.StaffMember // the user is on it
	MySkip   *models.StaffMember // the user is on it every time, but not this time
	Full     bool
	PerSlots int
}

// ActivityVolunteers shows an activity's roles with the coming sessions: volunteers
// sign up; the lead and coordinators see who and manage the roles.
func (h *Handlers) ActivityVolunteers(c *fiber.Ctx) error {
	a, centre, err := h.publicActivity(c)
	if err != nil {
		return err
	}
	data, err := h.volunteersData(c, a, centre)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "volunteers/activity", data)
}

func (h *Handlers) volunteersData(c *fiber.Ctx, a *models.Activity, centre *models.Centre) (fiber.Map, error) {
	u := user(c)
	roles, err := models.RolesOf(h.DB, a.ID)
	if err != nil {
		return nil, err
	}
	sessions, err := models.UpcomingSessions(h.DB, a, h.Now(), centre.Location(), 6)
	if err != nil {
		return nil, err
	}
	staffing, err := models.StaffingOf(h.DB, roles, sessions)
	if err != nil {
		return nil, err
	}
	views := localSessions(sessions, centre)
	var rows []roleRow
	myRecurring := map[int64]*models.StaffMember{}
	for _, r := range roles {
		row := roleRow{Role: r}
		for i, s := range sessions {
			st := *staffing[r.ID][s.ID]
			rs := roleSession{Session: views[i], Staffing: st, Full: st.Filled >= r.PerSession, PerSlots: r.PerSession}
			for j, v := range st.Volunteers {
				if u != nil && v.UserID == u.ID {
					rs.Mine = &st.Volunteers[j]
					if v.Recurring {
						myRecurring[r.ID] = &st.Volunteers[j]
					}
				}
			}
			for j, v := range st.Skipped {
				if u != nil && v.UserID == u.ID {
					rs.MySkip = &st.Skipped[j]
					myRecurring[r.ID] = &st.Skipped[j]
				}
			}
			row.Sessions = append(row.Sessions, rs)
		}
		rows = append(rows, row)
	}
	isVolunteer := false
	if u != nil {
		if isVolunteer, err = models.IsActiveVolunteer(h.DB, u.ID); err != nil {
			return nil, err
		}
	}
	return fiber.Map{
		"Title": "roles.title", "Activity": a, "Roles": rows, "CanManage": canManage(u, a),
		"IsVolunteer": isVolunteer, "MyRecurring": myRecurring, "Form": map[string]string{}, "Now": h.Now(),
	}, nil
}

// AddRole adds a volunteer role to an activity (lead or coordinator).
func (h *Handlers) AddRole(c *fiber.Ctx) error {
	a, centre, err := h.publicActivity(c)
	if err != nil {
		return err
	}
	if !canManage(user(c), a) {
		return fiber.ErrForbidden
	}
	f := newForm(c)
	role := models.VolunteerRole{ActivityID: a.ID, Name: f.text("name", true, 60), PerSession: f.number("per_session", 1, 50)}
	if f.OK() {
		if err := models.AddRole(h.DB, &role); errors.Is(err, models.ErrRoleExists) {
			f.fail("name", "roles.exists")
		} else if err != nil {
			return err
		}
	}
	if !f.OK() {
		data, err := h.volunteersData(c, a, centre)
		if err != nil {
			return err
		}
		data["Form"], data["Errors"] = f.Values, f.Errors
		return h.render(c, fiber.StatusUnprocessableEntity, "volunteers/activity", data)
	}
	h.setFlash(c, "flash.role_added")
	return c.Redirect(activityPath(a)+"/vrijwilligers", fiber.StatusSeeOther)
}

// roleParam loads the role in the URL and its activity.
func (h *Handlers) roleParam(c *fiber.Ctx) (*models.VolunteerRole, *models.Activity, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return nil, nil, fiber.ErrNotFound
	}
	r, err := models.RoleByID(h.DB, id)
	if err != nil {
		return nil, nil, err
	}
	if r == nil {
		return nil, nil, fiber.ErrNotFound
	}
	a, err := models.ActivityByID(h.DB, r.ActivityID)
	if err != nil {
		return nil, nil, err
	}
	return r, a, nil
}

// DeleteRole removes a role (lead or coordinator).
func (h *Handlers) DeleteRole(c *fiber.Ctx) error {
	r, a, err := h.roleParam(c)
	if err != nil {
		return err
	}
	if !canManage(user(c), a) {
		return fiber.ErrForbidden
	}
	if err := models.DeleteRole(h.DB, r.ID); err != nil {
		return err
	}
	h.setFlash(c, "flash.role_deleted")
	return c.Redirect(activityPath(a)+"/vrijwilligers", fiber.StatusSeeOther)
}

// SignUpShift signs the volunteer up for one session (session=<id>) or every session.
func (h *Handlers) SignUpShift(c *fiber.Ctx) error {
	r, a, err := h.roleParam(c)
	if err != nil {
		return err
	}
	var sessionID *int64
	if v := c.FormValue("session"); v != "every" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return fiber.ErrBadRequest
		}
		sessionID = &id
	}
	err = models.SignUpShift(h.DB, r.ID, user(c).ID, sessionID, h.Now())
	switch {
	case errors.Is(err, models.ErrRoleFull):
		h.setFlash(c, "flash.role_full")
	case errors.Is(err, models.ErrNotVolunteer):
		h.setFlash(c, "flash.not_volunteer")
		return c.Redirect("/vrijwilliger", fiber.StatusSeeOther)
	case errors.Is(err, models.ErrSessionInvalid):
		h.setFlash(c, "flash.session_gone")
	case err != nil:
		return err
	default:
		h.setFlash(c, "flash.shift_added")
	}
	return c.Redirect(activityPath(a)+"/vrijwilligers", fiber.StatusSeeOther)
}
