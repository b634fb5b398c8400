package handlers

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"onshuis/figures"
	"onshuis/models"
	"onshuis/views"
)

// weekParam reads ?week=2026-W48, defaulting to the current week in the centre's zone.
func (h *Handlers) weekParam(c *fiber.Ctx, centre *models.Centre) (models.Week, error) {
	if w := c.Query("week"); w != "" {
		week, err := models.ParseWeek(w, centre.Location())
		if err != nil {
			return models.Week{}, fiber.ErrNotFound
		}
		return week, nil
	}
	return models.WeekOf(h.Now(), centre.Location()), nil
}

// weekFigures computes the default centre's figures for the week in the URL.
func (h *Handlers) weekFigures(c *fiber.Ctx) (*models.Centre, *figures.WeekFigures, error) {
	centre, err := h.centre(c)
	if err != nil {
		return nil, nil, err
	}
	week, err := h.weekParam(c, centre)
	if err != nil {
		return nil, nil, err
	}
	f, err := figures.WeekFiguresOf(h.DB, centre, week, h.Now())
	if err != nil {
		return nil, nil, err
	}
	return centre, f, nil
}

// Visitors is the coordinator's weekly visitor dashboard.
func (h *Handlers) Visitors(c *fiber.Ctx) error {
	centre, f, err := h.weekFigures(c)
	if err != nil {
		return err
	}
	r := rq(c)
	labels := make([]string, len(f.Trend))
	values := make([]int, len(f.Trend))
	for i, p := range f.Trend {
		labels[i] = strconv.Itoa(p.Week.Number)
		values[i] = p.Visits
	}
	dayLabels := make([]string, len(f.PerDay))
	dayValues := make([]int, len(f.PerDay))
	for i, d := range f.PerDay {
		dayLabels[i] = views.WeekdayName(r.L, d.Date.Weekday())[:2]
		dayValues[i] = d.Visits
	}
	return h.render(c, fiber.StatusOK, "coordinator/visitors", fiber.Map{
		"Title": "visitors.title", "F": f, "Trend": views.BarChart(views.T(r.L, "visitors.trend"), labels, values),
		"DayChart": views.BarChart(views.T(r.L, "visitors.per_day"), dayLabels, dayValues),
		"MinMood":  figures.MinMoodAnswers, "ThisWeek": models.WeekOf(h.Now(), centre.Location()).String(),
	})
}

// VisitorsCSV is the weekly figures as a CSV file for Dutch Excel (UTF-8 with a byte
// order mark and semicolons), with its words in the reader's language.
func (h *Handlers) VisitorsCSV(c *fiber.Ctx) error {
	centre, f, err := h.weekFigures(c)
	if err != nil {
		return err
	}
	l := rq(c).L
	w := func(id string, args ...any) string { return strings.ToLower(views.T(l, id, args...)) }
	n := strconv.Itoa
	week := f.Week
	rows := [][]string{
		{w("report.week"), w("visitors.csv_date"), w("report.term_visits")},
	}
	for _, d := range f.PerDay {
		rows = append(rows, []string{week.String(), d.Date.Format(models.Date), n(d.Visits)})
	}
	rows = append(rows, []string{}, []string{w("report.pdf_figure"), w("report.pdf_value")},
		[]string{w("report.term_visits"), n(f.Visits)},
		[]string{w("report.term_unique"), n(f.Unique)},
		[]string{w("report.term_new"), n(f.New)},
		[]string{w("report.term_returning"), n(f.Returning)},
		[]string{w("report.term_regulars"), n(f.Regulars)},
		[]string{w("visitors.csv_headcounts"), n(f.Headcounts)},
	)
	for _, s := range f.PerSource {
		rows = append(rows, []string{w("visitors.csv_source", "Source", s.Source), n(s.Visits)})
	}
	rows = append(rows, []string{}, []string{w("report.pdf_activity"), w("report.pdf_checkins")})
	for _, a := range f.PerActivity {
		rows = append(rows, []string{a.Title, n(a.Visits)})
	}
	return sendCSV(c, rows, fmt.Sprintf("bezoekers-%s-%s.csv", centre.Slug, week))
}

// SessionAttendance shows the lead and the coordinator who came to a session.
func (h *Handlers) SessionAttendance(c *fiber.Ctx) error {
	s, a, err := h.managedSession(c)
	if err != nil {
		return err
	}
	att, err := models.SessionAttendance(h.DB, s.ID)
	if err != nil {
		return err
	}
	centre, err := models.CentreByID(h.DB, a.CentreID)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "activities/attendance", fiber.Map{
		"Title": "attendance.title", "Activity": a, "Session": localSessions([]models.Session{*s}, centre)[0], "Attendance": att,
	})
}
