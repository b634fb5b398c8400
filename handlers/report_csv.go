package handlers

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"onshuis/format"
	"onshuis/views"
)

// reportTables are the report's tables, each available as CSV.
var reportTables = []string{"samenvatting", "weken", "themas", "activiteiten", "vrijwilligers", "betrokkenheid", "welzijn"}

// ReportCSV streams one table of the report as CSV for Dutch Excel, in the reader's
// language: the words are translated, the numbers keep the Dutch way (7,5 and 1250,00)
// that the file's semicolons are made for. It opens with the centre and the period.
func (h *Handlers) ReportCSV(c *fiber.Ctx) error {
	scope, f, err := h.reportFigures(c)
	if err != nil {
		return err
	}
	l := rq(c).L
	// Column and row names are the report's own words, in lower case.
	w := func(id string) string { return strings.ToLower(views.T(l, id)) }
	n := func(v int) string { return strconv.Itoa(v) }
	dec := format.Decimal
	name := c.Params("table")
	var rows [][]string
	switch name {
	case "samenvatting":
		rows = [][]string{{w("report.pdf_figure"), w("report.pdf_value")},
			{w("report.term_visits"), n(f.Totals.Visits)}, {w("report.term_unique"), n(f.Totals.Unique)}, {w("report.term_new"), n(f.Totals.New)},
			{w("report.term_returning"), n(f.Totals.Returning)}, {w("report.csv_avg_regulars"), avgRegularsText(f, "")},
			{w("report.term_sessions_held"), n(f.SessionsHeld)}, {w("report.term_avg_attendance"), dec(f.AvgAttendance)},
			{w("report.term_fill_rate"), shareText(f.FillRate, "")}, {w("report.term_active_volunteers"), n(f.Volunteers.Active)},
			{w("report.term_volunteer_hours"), dec(f.Volunteers.Hours())}, {w("report.csv_volunteer_value"), format.Amount(f.Volunteers.ValueCents)}}
		for _, src := range f.PerSource {
			rows = append(rows, []string{strings.ToLower(views.T(l, "report.csv_source", "Source", views.T(l, "source."+src.Source))), n(src.Visits)})
		}
	case "weken":
		rows = [][]string{{w("report.week"), w("report.term_visits"), w("report.term_unique"), w("report.term_new"), w("report.term_regulars")}}
		for _, wk := range f.Weeks {
			rows = append(rows, []string{wk.Week, n(wk.Visits), n(wk.Unique), n(wk.New), n(wk.Regulars)})
		}
	case "themas":
		themes := themeLabels(l)
		rows = [][]string{{w("report.pdf_theme"), w("report.pdf_checkins")}}
		for _, t := range f.Themes {
			rows = append(rows, []string{themes[t.Theme], n(t.Visits)})
		}
	case "activiteiten":
		rows = [][]string{{w("report.pdf_activity"), w("report.csv_places"), w("report.term_sessions_held"), w("report.pdf_checkins"),
			w("report.term_avg_attendance"), w("report.term_fill_rate"), w("report.term_waitlist")}}
		for _, a := range f.Activities {
			rows = append(rows, []string{a.Title, n(a.Capacity), n(a.SessionsHeld), n(a.Attendance), dec(a.AvgAttendance), shareText(a.FillRate, ""), n(a.Waitlist)})
		}
	case "vrijwilligers":
		rows = [][]string{{w("report.pdf_figure"), w("report.pdf_value")}, {w("report.term_active_volunteers"), n(f.Volunteers.Active)},
			{w("report.csv_hours"), dec(f.Volunteers.Hours())}, {w("report.csv_hour_value"), format.Amount(h.HourValueCents)},
			{w("report.csv_value"), format.Amount(f.Volunteers.ValueCents)}}
	case "betrokkenheid":
		inv := f.Involvement
		rows = [][]string{{w("report.pdf_figure"), w("report.pdf_count")}, {w("report.proposals"), n(inv.Proposals)},
			{w("report.term_approved"), n(inv.Approved)}, {w("report.csv_declined"), n(inv.Declined)},
			{w("report.pdf_approved_share"), shareText(approvedShare(inv), "")}, {w("report.term_resident_led"), n(inv.ResidentLed)},
			{w("report.term_needs_arranged"), n(inv.NeedsArranged)}}
	case "welzijn":
		rows = [][]string{{w("report.month"), w("report.answers"), w("report.average")}}
		for _, m := range f.Wellbeing {
			rows = append(rows, []string{m.Month, n(m.Count), moodText(m.MoodFigure, "")})
		}
		rows = append(rows, []string{w("report.pdf_whole_period"), n(f.WellbeingAll.Count), moodText(f.WellbeingAll, "")})
	default:
		return fiber.ErrNotFound
	}
	// The file says what it covers, also once it is saved and passed on.
	rows = append([][]string{{views.T(l, "report.csv_centre"), scope.Label},
		{views.T(l, "report.csv_period"), periodLabel(l, scope.Period), scope.Period.From, scope.Period.To}, {}}, rows...)
	return sendCSV(c, rows, fmt.Sprintf("%s-%s-%s.csv", name, scope.Slug, strings.ReplaceAll(scope.Period.Key, "..", "-tot-")))
}
