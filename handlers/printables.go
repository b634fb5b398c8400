package handlers

import (
	"bytes"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"onshuis/models"
	"onshuis/printables"
)

// blankRosterRows are the empty rows for people who walk in without signing up.
const blankRosterRows = 8

// Printing shows the coordinator everything there is to print.
func (h *Handlers) Printing(c *fiber.Ctx) error {
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	this := models.WeekOf(h.Now(), centre.Location())
	return h.render(c, fiber.StatusOK, "coordinator/printing", fiber.Map{
		"Title": "printing.title", "ThisWeek": this, "NextWeek": this.Next(),
	})
}

// rosterOf gathers what one session's roster shows.
func (h *Handlers) rosterOf(centre *models.Centre, a *models.Activity, s models.Session, rooms map[int64]string) (printables.RosterSession, error) {
	loc := centre.Location()
	r := printables.RosterSession{
		CentreName: centre.Name, ActivityTitle: a.Title, Start: s.StartsAt.In(loc), End: s.EndsAt.In(loc),
		Cancelled: s.Cancelled, CancelNote: s.CancelNote, Capacity: a.Capacity, BlankRows: blankRosterRows,
	}
	if a.RoomID != nil {
		r.Room = rooms[*a.RoomID]
	}
	if a.LeadID != nil {
		lead, err := models.UserByID(h.DB, *a.LeadID)
		if err != nil {
			return r, err
		}
		if lead != nil {
			r.Lead = lead.Name
		}
	}
	joined, waitlist, err := models.ParticipantsOf(h.DB, a.ID)
	if err != nil {
		return r, err
	}
	for _, p := range joined {
		r.Participants = append(r.Participants, printables.Person(p.Name, p.Email, p.Phone))
	}
	for _, p := range waitlist {
		r.Waitlist = append(r.Waitlist, printables.Person(p.Name, p.Email, p.Phone))
	}
	roles, err := models.RolesOf(h.DB, a.ID)
	if err != nil {
		return r, err
	}
	staffing, err := models.StaffingOf(h.DB, roles, []models.Session{s})
	if err != nil {
		return r, err
	}
	for _, role := range roles {
		rr := printables.RosterRole{Name: role.Name, PerSession: role.PerSession}
		for _, v := range staffing[role.ID][s.ID].Volunteers {
			rr.Volunteers = append(rr.Volunteers, printables.Person(v.Name, v.Email, v.Phone))
		}
		r.Roles = append(r.Roles, rr)
	}
	return r, nil
}

func roomMap(db []models.Room) map[int64]string {
	m := map[int64]string{}
	for _, r := range db {
		m[r.ID] = r.Name
	}
	return m
}

// SessionRoster streams one session's roster as a PDF.
func (h *Handlers) SessionRoster(c *fiber.Ctx) error {
	s, a, err := h.sessionParam(c)
	if err != nil {
		return err
	}
	centre, err := models.CentreByID(h.DB, a.CentreID)
	if err != nil {
		return err
	}
	rooms, err := models.RoomsOfCentre(h.DB, centre.ID)
	if err != nil {
		return err
	}
	roster, err := h.rosterOf(centre, a, *s, roomMap(rooms))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := printables.WriteRosters(&buf, "Rooster "+a.Title, []printables.RosterSession{roster}, h.Now()); err != nil {
		return err
	}
	return sendPDF(c, buf.Bytes(), fmt.Sprintf("rooster-%s-%s.pdf", models.Slugify(a.Title), s.Date))
}

// WeekRosters streams every session of a week as one PDF, one session per page.
func (h *Handlers) WeekRosters(c *fiber.Ctx) error {
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	week, err := h.weekParam(c, centre)
	if err != nil {
		return err
	}
	activities, err := models.PublishedActivities(h.DB, centre.ID, week.Start(), week.End(), "")
	if err != nil {
		return err
	}
	sessions, err := models.SessionsOf(h.DB, activities, week.Start(), week.End(), centre.Location())
	if err != nil {
		return err
	}
	rooms, err := models.RoomsOfCentre(h.DB, centre.ID)
	if err != nil {
		return err
	}
	byID := map[int64]*models.Activity{}
	for i := range activities {
		byID[activities[i].ID] = &activities[i]
	}
	var rosters []printables.RosterSession
	for _, s := range sessions {
		r, err := h.rosterOf(centre, byID[s.ActivityID], s, roomMap(rooms))
		if err != nil {
			return err
		}
		rosters = append(rosters, r)
	}
	var buf bytes.Buffer
	if err := printables.WriteRosters(&buf, fmt.Sprintf("Roosters week %d", week.Number), rosters, h.Now()); err != nil {
		return err
	}
	return sendPDF(c, buf.Bytes(), fmt.Sprintf("roosters-%s-%s.pdf", centre.Slug, week))
}

// ProgrammePoster streams a week's programme as a large-type A4 poster.
func (h *Handlers) ProgrammePoster(c *fiber.Ctx) error {
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	week, err := h.weekParam(c, centre)
	if err != nil {
		return err
	}
	days, err := models.Programme(h.DB, centre, week, "")
	if err != nil {
		return err
	}
	poster := printables.ProgrammePoster{CentreName: centre.Name, WeekNumber: week.Number, CheckInURL: h.checkInURL(centre), Created: h.Now()}
	for _, d := range days {
		pd := printables.PosterDay{Date: d.Date}
		for _, it := range d.Items {
			pd.Items = append(pd.Items, printables.PosterItem{Start: it.StartsAt, End: it.EndsAt, Title: it.Title, Room: it.RoomName,
				WalkIn: it.Capacity == 0, Cancelled: it.Cancelled})
		}
		poster.Days = append(poster.Days, pd)
	}
	var buf bytes.Buffer
	if err := printables.WriteProgrammePoster(&buf, poster); err != nil {
		return err
	}
	return sendPDF(c, buf.Bytes(), fmt.Sprintf("programma-%s-%s.pdf", centre.Slug, week))
}
