package handlers

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"

	"onshuis/figures"
	"onshuis/format"
	"onshuis/models"
	"onshuis/printables"
	"onshuis/views"
)

// reportTerms are the figures the report defines, in the order of its appendix and of
// the definitions on the report page: report.term_X names one, report.define_X says
// what it counts.
var reportTerms = []string{"visits", "unique", "new", "returning", "regulars", "week", "themes", "sessions_held",
	"avg_attendance", "fill_rate", "waitlist", "active_volunteers", "volunteer_hours", "volunteer_value", "proposals",
	"approved", "resident_led", "needs_arranged", "wellbeing", "dimension_reach", "participants", "health_check",
	"involved", "costs", "cost_per_visit", "partner_links", "decision_days", "small_groups"}

// mkbaColumns are the columns of the MKBA inputs (kostenbaten.csv), in order: report.mkba_X
// names one, report.mkba_define_X says what it holds; the appendix lists them.
var mkbaColumns = []string{"period", "from", "to", "centre", "theme", "unique", "visits", "participants", "sessions",
	"volunteers", "hours", "hours_value", "costs", "health_n", "health_body", "health_mental", "health_meaning",
	"health_quality", "health_participation", "health_daily", "pulse_n", "pulse"}

// mkbaDefinitions describe the MKBA columns for the appendix.
func mkbaDefinitions(l *i18n.Localizer) []printables.Definition {
	defs := make([]printables.Definition, len(mkbaColumns))
	for i, c := range mkbaColumns {
		defs[i] = printables.Definition{Term: views.T(l, "report.mkba_"+c), Text: views.T(l, "report.mkba_define_"+c)}
	}
	return defs
}

// reportDefinitions are the report's definitions in the localizer's language;
// healthLinkMonths is the retention period of the link to the health answers.
func reportDefinitions(l *i18n.Localizer, healthLinkMonths int) []printables.Definition {
	defs := make([]printables.Definition, len(reportTerms))
	for i, term := range reportTerms {
		defs[i] = printables.Definition{Term: views.T(l, "report.term_"+term), Text: views.T(l, "report.define_"+term, "Link", healthLinkMonths)}
	}
	return defs
}

// themeLabels names the prevention themes the way the report does.
func themeLabels(l *i18n.Localizer) map[string]string {
	labels := make(map[string]string, len(models.Themes))
	for _, t := range models.Themes {
		labels[t] = views.T(l, "report.theme_"+t)
	}
	return labels
}

// impactReport writes the report's figures out for the PDF, every word from the
// translations of l.
func impactReport(l *i18n.Localizer, set *impactSet, period string, hourValueCents int64, created time.Time) printables.ImpactReport {
	scope, f, im := set.Scope, set.F, set.I
	t := func(id string, args ...any) string { return views.T(l, id, args...) }
	n := func(v int) string { return format.Number(int64(v)) }
	ft := pageFigures(l)
	names := views.Names(l)
	themes := themeLabels(l)
	inv := f.Involvement
	r := printables.ImpactReport{
		DocTitle:     t("report.title") + " " + scope.Label + " – " + period,
		Title:        t("report.title"),
		Heading:      scope.Label + " · " + period,
		Intro:        t("report.pdf_intro", "From", format.DateCode(names, f.Period.From), "To", format.DateCode(names, f.Period.To)),
		Goals:        reportGoals(l, ft, set),
		GoalsNote:    t("report.goals_note", "Min", figures.MinHealthPeople),
		FiguresTitle: t("report.key_figures"),
		Summary: []printables.Figure{
			{Value: ft.of(f.Totals.Visits, f.Totals.Unique), Label: t("report.term_visits")},
			{Value: ft.people(f.Totals.Unique), Label: t("report.term_unique")},
			{Value: ft.people(f.Totals.New), Label: t("report.term_new")},
			{Value: ft.people(f.Totals.Returning), Label: t("report.term_returning")},
			{Value: avgRegularsText(ft, f), Label: t("report.pdf_avg_regulars")},
			{Value: n(f.SessionsHeld), Label: t("report.term_sessions_held")},
			{Value: ft.crowd(f.AvgAttendance), Label: t("report.term_avg_attendance")},
			{Value: ft.fill(f.FillRate, f.AvgAttendance), Label: t("report.term_fill_rate")},
			{Value: ft.people(f.Volunteers.Active), Label: t("report.term_active_volunteers")},
			{Value: ft.hours(f.Volunteers.Hours(), f.Volunteers.Active), Label: t("report.term_volunteer_hours")},
			{Value: ft.money(f.Volunteers.ValueCents, f.Volunteers.Active), Label: t("report.term_volunteer_value")},
			{Value: n(inv.Proposals), Label: t("report.proposals")},
			{Value: fmt.Sprintf("%d (%s)", inv.Approved, shareText(approvedShare(inv), "—")), Label: t("report.term_approved")},
			{Value: n(inv.ResidentLed), Label: t("report.pdf_resident_led")},
			{Value: n(inv.NeedsArranged), Label: t("report.term_needs_arranged")},
			{Value: ft.mood(f.WellbeingAll), Label: t("report.pdf_wellbeing")},
		},
		WeeksTitle:       t("report.weeks"),
		Chart:            printables.Chart{Caption: t("report.pdf_chart_caption")},
		Weeks:            printables.Table{Headers: []string{t("report.week"), t("report.term_visits"), t("report.term_unique"), t("report.pdf_new"), t("report.term_regulars")}},
		ThemesTitle:      t("report.pdf_themes"),
		Themes:           printables.Table{Headers: []string{t("report.pdf_theme"), t("report.pdf_checkins")}},
		ActivitiesTitle:  t("report.activities"),
		VolunteersTitle:  t("report.table_vrijwilligers"),
		InvolvementTitle: t("report.involvement"),
		WellbeingTitle:   t("report.wellbeing"),
		Wellbeing:        printables.Table{Headers: []string{t("report.month"), t("report.answers"), t("report.pdf_average_score")}},
		WellbeingNote:    t("report.pdf_mood_hidden", "Min", figures.MinHealthPeople),
		DimensionsTitle:  t("report.dimensions"),
		DimensionsIntro:  t("report.dimensions_intro"),
		Dimensions: printables.Table{Headers: []string{t("report.dimension"), t("report.term_visits"), t("report.term_unique"),
			t("report.participants")}, Rows: dimensionTableRows(l, ft, im)},
		DimensionThemes: dimensionThemeLines(l, ft, im),
		HealthTitle:     t("report.health"),
		Health:          printables.Table{Headers: []string{t("report.dimension"), t("report.health_now", "N", ft.people(im.Health.N)), t("report.health_before"), t("report.change")}, Rows: healthRows(l, set)},
		HealthNote:      t("report.health_note", "Min", figures.MinHealthPeople, "Paper", ft.people(im.Health.Paper), "N", ft.people(im.Health.N)),
		CostsTitle:      t("report.costs"),
		Costs: printables.Table{Headers: []string{t("report.pdf_figure"), t("report.pdf_value")}, Rows: [][]string{
			{t("report.spent"), format.Euro(im.Costs.SpentCents)},
			{t("goal.cost_per_visit"), ft.money(im.Costs.PerVisitCents, f.Totals.Unique)},
			{t("goal.cost_per_participant"), ft.money(im.Costs.PerParticipantCents, im.Participants)},
			{t("report.term_volunteer_value"), ft.money(f.Volunteers.ValueCents, f.Volunteers.Active)}}},
		CostThemes:       printables.Table{Caption: t("report.costs_per_theme"), Headers: []string{t("report.pdf_theme"), t("report.costs_amount")}, Rows: costRows(l, im)},
		CostsNote:        t("report.valuation", "Rate", format.Euro(hourValueCents)),
		StoriesTitle:     t("report.stories"),
		Stories:          storyViews(l, im.Stories),
		NoStories:        t("report.no_stories"),
		DefinitionsTitle: t("report.pdf_appendix"),
		Definitions:      append(reportDefinitions(l, set.HealthLinkMonths), mkbaDefinitions(l)...),
		Words:            pdfWords(l),
		Created:          created,
	}
	if set.HasPrevious {
		r.ChangeLabel = t("report.change_against", "Period", set.PreviousName)
	}
	dims := dimensionLabels(l)
	for _, d := range im.Dimensions {
		bar := printables.Bar{Label: dims[d.Dimension], Value: d.Visits}
		if v := ft.of(d.Visits, int(d.Unique)); v == ft.few {
			bar.Value, bar.Text = 0, v
		}
		r.DimensionChart = append(r.DimensionChart, bar)
	}
	if top := topThemes(f.Themes, themes, 3); top != "" {
		r.Highlight = t("report.pdf_top_themes", "Themes", top)
	}
	highest := 0
	for _, w := range f.Weeks {
		visits := ft.of(w.Visits, w.Unique)
		bar := printables.Bar{Label: format.WeekNumber(w.Week), Value: w.Visits}
		if visits == ft.few { // no bar, so that its height does not tell
			bar.Value, bar.Text = 0, visits
		}
		r.Chart.Bars = append(r.Chart.Bars, bar)
		highest = max(highest, bar.Value)
		r.Weeks.Rows = append(r.Weeks.Rows, []string{format.WeekLabel(w.Week), visits, ft.people(w.Unique), ft.people(w.New), ft.people(w.Regulars)})
	}
	if highest > 0 {
		r.Chart.Max = t("report.pdf_chart_max", "Visits", format.Number(int64(highest)))
	}
	r.Visitors = printables.Table{Caption: t("report.pdf_newcomers"), Headers: []string{t("report.pdf_figure"), t("report.pdf_count")}, Rows: [][]string{
		{t("report.term_new"), ft.people(f.Totals.New)}, {t("report.term_returning"), ft.people(f.Totals.Returning)},
		{t("report.pdf_headcounts"), ft.people(f.Totals.Headcounts)}, {t("report.pdf_regulars_avg"), avgRegularsText(ft, f)}}}
	for _, src := range f.PerSource {
		r.Visitors.Rows = append(r.Visitors.Rows, []string{t("report.pdf_source", "Source", t("source."+src.Source)), ft.of(src.Visits, f.Totals.Unique)})
	}
	for _, th := range f.Themes {
		r.Themes.Rows = append(r.Themes.Rows, []string{themes[th.Theme], ft.of(th.Visits, im.ThemeUnique[th.Theme])})
	}
	r.Activities.Headers = []string{t("report.pdf_activity"), t("report.pdf_held"), t("report.pdf_avg_attendance"), t("report.term_fill_rate"), t("report.term_waitlist")}
	for _, a := range f.Activities {
		r.Activities.Rows = append(r.Activities.Rows, []string{a.Title, n(a.SessionsHeld), ft.crowd(a.AvgAttendance), ft.fill(a.FillRate, a.AvgAttendance), ft.people(a.Waitlist)})
	}
	r.Activities.Rows = append(r.Activities.Rows, []string{t("report.pdf_total"), n(f.SessionsHeld), ft.crowd(f.AvgAttendance), ft.fill(f.FillRate, f.AvgAttendance), ""})
	r.Volunteers = printables.Table{Headers: []string{t("report.pdf_figure"), t("report.pdf_value")}, Rows: [][]string{
		{t("report.term_active_volunteers"), ft.people(f.Volunteers.Active)},
		{t("report.term_volunteer_hours"), ft.hours(f.Volunteers.Hours(), f.Volunteers.Active)},
		{t("report.pdf_hour_value"), format.Euro(hourValueCents)},
		{t("report.term_volunteer_value"), ft.money(f.Volunteers.ValueCents, f.Volunteers.Active)}}}
	r.Involvement = printables.Table{Headers: []string{t("report.pdf_figure"), t("report.pdf_count")}, Rows: [][]string{
		{t("report.proposals"), n(inv.Proposals)},
		{t("report.term_approved"), n(inv.Approved)},
		{t("report.declined"), n(inv.Declined)},
		{t("report.pdf_approved_share"), shareText(approvedShare(inv), "—")},
		{t("report.pdf_resident_led"), n(inv.ResidentLed)},
		{t("report.term_needs_arranged"), n(inv.NeedsArranged)}}}
	for _, m := range f.Wellbeing {
		r.Wellbeing.Rows = append(r.Wellbeing.Rows, []string{format.MonthCode(names, m.Month), ft.people(m.Count), ft.mood(m.MoodFigure)})
	}
	r.Wellbeing.Rows = append(r.Wellbeing.Rows, []string{t("report.pdf_whole_period"), ft.people(f.WellbeingAll.Count), ft.mood(f.WellbeingAll)})
	return r
}

// A figure that cannot be given (no week is over yet, no activity has places, too few
// answered) reads none: "—" in the PDF, an empty cell in a CSV.

// avgRegularsText is the average number of regulars per finished week.
func avgRegularsText(ft figureText, f *figures.ReportFigures) string {
	if f.RegularWeeks == 0 {
		return ft.none
	}
	return ft.crowd(f.AvgRegulars)
}

// shareText writes a share as "83,3%"; a negative share means there is none.
func shareText(share float64, none string) string {
	if share < 0 {
		return none
	}
	return format.Percent(share)
}

// approvedShare is the share of decided proposals approved, or -1 when none was decided.
func approvedShare(inv figures.Involvement) float64 {
	if inv.Approved+inv.Declined == 0 {
		return -1
	}
	return inv.ApprovedShare
}

// moodText is the average wellbeing, when enough people answered to show it.
func moodText(m figures.MoodFigure, none string) string {
	if !m.Shown {
		return none
	}
	return format.Decimal(m.Average)
}

// topThemes names the n most visited themes (of those visited at all), in lower case
// for running text.
func topThemes(themes []figures.ThemeCount, labels map[string]string, n int) string {
	sorted := append([]figures.ThemeCount(nil), themes...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Visits > sorted[j].Visits })
	var names []string
	for _, t := range sorted {
		if len(names) == n || t.Visits == 0 {
			break
		}
		names = append(names, strings.ToLower(labels[t.Theme]))
	}
	return strings.Join(names, ", ")
}
