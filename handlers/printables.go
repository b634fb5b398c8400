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
	data, err := models.RosterDataOf(h.DB, []models.Activity{*a}, []models.Session{*s})
	if err != nil {
		return err
	}
	roster := printables.RosterOf(centre, a, *s, roomMap(rooms), data, blankRosterRows)
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
	data, err := models.RosterDataOf(h.DB, activities, sessions)
	if err != nil {
		return err
	}
	roomNames := roomMap(rooms)
	var rosters []printables.RosterSession
	for _, s := range sessions {
		rosters = append(rosters, printables.RosterOf(centre, byID[s.ActivityID], s, roomNames, data, blankRosterRows))
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
