package handlers

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"onshuis/format"
	"onshuis/models"
	"onshuis/views"
)

// reportTables are the report's tables, each available as CSV.
var reportTables = []string{"samenvatting", "weken", "themas", "activiteiten", "vrijwilligers", "betrokkenheid", "welzijn",
	"doelen", "dimensies", "gezondheid", "kosten", "kostenbaten"}

// ReportCSV streams one table of the report as CSV for Dutch Excel, in the reader's
// language: the words are translated, the numbers keep the Dutch way (7,5 and 1250,00)
// that the file's semicolons are made for. It opens with the centre and the period.
func (h *Handlers) ReportCSV(c *fiber.Ctx) error {
	set, err := h.reportSet(c)
	if err != nil {
		return err
	}
	scope, f, im := set.Scope, set.F, set.I
	l := rq(c).L
	// Column and row names are the report's own words, in lower case.
	w := func(id string, args ...any) string { return strings.ToLower(views.T(l, id, args...)) }
	n := func(v int) string { return strconv.Itoa(v) }
	ft := csvFigures(l)
	name := c.Params("table")
	var rows [][]string
	switch name {
	case "samenvatting":
		rows = [][]string{{w("report.pdf_figure"), w("report.pdf_value")},
			{w("report.term_visits"), ft.of(f.Totals.Visits, f.Totals.Unique)}, {w("report.term_unique"), ft.people(f.Totals.Unique)},
			{w("report.term_new"), ft.people(f.Totals.New)}, {w("report.term_returning"), ft.people(f.Totals.Returning)},
			{w("report.csv_avg_regulars"), avgRegularsText(ft, f)},
			{w("report.term_sessions_held"), n(f.SessionsHeld)}, {w("report.term_avg_attendance"), ft.crowd(f.AvgAttendance)},
			{w("report.term_fill_rate"), ft.fill(f.FillRate, f.AvgAttendance)}, {w("report.term_active_volunteers"), ft.people(f.Volunteers.Active)},
			{w("report.term_volunteer_hours"), ft.hours(f.Volunteers.Hours(), f.Volunteers.Active)},
			{w("report.csv_volunteer_value"), ft.money(f.Volunteers.ValueCents, f.Volunteers.Active)}}
		for _, src := range f.PerSource {
			rows = append(rows, []string{strings.ToLower(views.T(l, "report.csv_source", "Source", views.T(l, "source."+src.Source))), ft.of(src.Visits, f.Totals.Unique)})
		}
	case "weken":
		rows = [][]string{{w("report.week"), w("report.term_visits"), w("report.term_unique"), w("report.term_new"), w("report.term_regulars")}}
		for _, wk := range f.Weeks {
			rows = append(rows, []string{wk.Week, ft.of(wk.Visits, wk.Unique), ft.people(wk.Unique), ft.people(wk.New), ft.people(wk.Regulars)})
		}
	case "themas":
		themes := themeLabels(l)
		rows = [][]string{{w("report.pdf_theme"), w("report.pdf_checkins")}}
		for _, t := range f.Themes {
			rows = append(rows, []string{themes[t.Theme], ft.of(t.Visits, im.ThemeUnique[t.Theme])})
		}
	case "activiteiten":
		rows = [][]string{{w("report.pdf_activity"), w("report.csv_places"), w("report.term_sessions_held"), w("report.pdf_checkins"),
			w("report.term_avg_attendance"), w("report.term_fill_rate"), w("report.term_waitlist")}}
		for _, a := range f.Activities {
			rows = append(rows, []string{a.Title, n(a.Capacity), n(a.SessionsHeld), ft.attendance(a.Attendance, a.AvgAttendance), ft.crowd(a.AvgAttendance),
				ft.fill(a.FillRate, a.AvgAttendance), ft.people(a.Waitlist)})
		}
	case "vrijwilligers":
		rows = [][]string{{w("report.pdf_figure"), w("report.pdf_value")}, {w("report.term_active_volunteers"), ft.people(f.Volunteers.Active)},
			{w("report.csv_hours"), ft.hours(f.Volunteers.Hours(), f.Volunteers.Active)}, {w("report.csv_hour_value"), format.Amount(h.HourValueCents)},
			{w("report.csv_value"), ft.money(f.Volunteers.ValueCents, f.Volunteers.Active)}}
	case "betrokkenheid":
		inv := f.Involvement
		rows = [][]string{{w("report.pdf_figure"), w("report.pdf_count")}, {w("report.proposals"), n(inv.Proposals)},
			{w("report.term_approved"), n(inv.Approved)}, {w("report.csv_declined"), n(inv.Declined)},
			{w("report.pdf_approved_share"), shareText(approvedShare(inv), "")}, {w("report.term_resident_led"), n(inv.ResidentLed)},
			{w("report.term_needs_arranged"), n(inv.NeedsArranged)}}
	case "welzijn":
		rows = [][]string{{w("report.month"), w("report.answers"), w("report.average")}}
		for _, m := range f.Wellbeing {
			rows = append(rows, []string{m.Month, ft.people(m.Count), ft.mood(m.MoodFigure)})
		}
		rows = append(rows, []string{w("report.pdf_whole_period"), ft.people(f.WellbeingAll.Count), ft.mood(f.WellbeingAll)})
	case "doelen":
		rows = [][]string{{w("report.goal"), w("report.pdf_figure"), w("report.pdf_value"), w("report.change")}}
		for _, g := range reportGoals(l, ft, set) {
			for _, fig := range g.Figures {
				rows = append(rows, []string{g.Title, fig.Label, csvNone(fig.Value), fig.Change})
			}
		}
	case "dimensies":
		rows = [][]string{{w("report.dimension"), w("report.term_visits"), w("report.term_unique"), w("report.participants"), w("report.themes_of_dimension")}}
		rows = append(rows, dimensionRows(l, ft, im)...)
	case "gezondheid":
		rows = [][]string{{w("report.dimension"), w("report.health_now", "N", ft.people(im.Health.N)), w("report.health_before"), w("report.change")}}
		for _, r := range healthRows(l, set) {
			rows = append(rows, []string{r[0], csvNone(r[1]), csvNone(r[2]), r[3]})
		}
	case "kosten":
		rows = [][]string{{w("report.pdf_theme"), w("report.costs_amount")}}
		for _, c := range im.Costs.PerTheme {
			rows = append(rows, []string{themeLabels(l)[c.Theme], format.Amount(c.CostCents)})
		}
		rows = append(rows, []string{w("report.spent"), format.Amount(im.Costs.SpentCents)},
			[]string{w("goal.cost_per_visit"), ft.money(im.Costs.PerVisitCents, f.Totals.Unique)},
			[]string{w("goal.cost_per_participant"), ft.money(im.Costs.PerParticipantCents, im.Participants)},
			[]string{w("report.term_volunteer_value"), ft.money(f.Volunteers.ValueCents, f.Volunteers.Active)},
			[]string{w("report.csv_hour_value"), format.Amount(h.HourValueCents)})
	case "kostenbaten":
		rows = mkbaRows(l, ft, set)
	default:
		return fiber.ErrNotFound
	}
	// The file says what it covers, also once it is saved and passed on.
	rows = append([][]string{{views.T(l, "report.csv_centre"), scope.Label},
		{views.T(l, "report.csv_period"), periodLabel(l, scope.Period), scope.Period.From, scope.Period.To}, {}}, rows...)
	return sendCSV(c, rows, fmt.Sprintf("%s-%s-%s.csv", name, scope.Slug, strings.ReplaceAll(scope.Period.Key, "..", "-tot-")))
}

// csvNone leaves a cell empty where the report writes "—".
func csvNone(v string) string {
	if v == "—" {
		return ""
	}
	return v
}

// mkbaRows are the MKBA inputs: one row per centre and theme, and one per centre for
// all themes together (the only one with outcome averages, and the only one whose
// visits count every visit, not only those at an activity). Counts of people are
// exact here too, but a small group is left out as everywhere in the report.
func mkbaRows(l *i18n.Localizer, ft figureText, set *impactSet) [][]string {
	header := make([]string, len(mkbaColumns))
	for i, c := range mkbaColumns {
		header[i] = views.T(l, "report.mkba_"+c)
	}
	names := map[int64]string{}
	for _, c := range set.Scope.Centres {
		names[c.ID] = c.Name
	}
	themes := themeLabels(l)
	p := set.Scope.Period
	rows := [][]string{header}
	for _, r := range set.I.MKBA {
		theme := views.T(l, "report.mkba_all_themes")
		if r.Theme != "" {
			theme = themes[r.Theme]
		}
		row := []string{p.Key, p.From, p.To, names[r.CentreID], theme, ft.people(r.Unique), ft.of(r.Visits, r.Unique), ft.people(r.Participants),
			strconv.Itoa(r.Sessions), ft.people(r.Volunteers), ft.hours(r.Hours(), r.Volunteers), ft.money(r.ValueCents, r.Volunteers),
			format.Amount(r.CostCents)}
		if r.Theme == "" {
			row = append(row, ft.people(r.Health.N))
			for i := range models.Dimensions {
				v := ""
				if r.Health.Shown {
					v = format.Decimal(r.Health.Averages[i])
				}
				row = append(row, v)
			}
			row = append(row, ft.people(r.Pulse.Count), ft.mood(r.Pulse))
		} else {
			row = append(row, make([]string, 9)...)
		}
		rows = append(rows, row)
	}
	return rows
}
