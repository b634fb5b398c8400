package handlers

import (
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"onshuis/figures"
	"onshuis/format"
	"onshuis/models"
	"onshuis/printables"
	"onshuis/views"
)

// impactSet is everything the report shows: the period's figures and frame, and those
// of the period before, which the summary sets each figure against.
type impactSet struct {
	Scope        *reportScope
	F, Before    *figures.ReportFigures
	I, IBefore   *figures.ImpactFigures
	HasPrevious  bool
	PreviousName string
	// HealthLinkMonths is the retention period the health check's definition states.
	HealthLinkMonths int
}

// reportSet computes the report for the request's scope and period, and for the
// period before.
func (h *Handlers) reportSet(c *fiber.Ctx) (*impactSet, error) {
	scope, err := h.reportParams(c)
	if err != nil {
		return nil, err
	}
	s := &impactSet{Scope: scope, HealthLinkMonths: h.Retention.HealthLinkMonths}
	now := h.Now()
	if s.F, s.I, err = figures.ReportWithImpactOf(h.DB, scope.Centres, scope.Period, h.HourValueCents, now); err != nil {
		return nil, err
	}
	if prev := scope.Period.Previous(); prev.Key != "" {
		s.HasPrevious, s.PreviousName = true, periodLabel(rq(c).L, prev)
		if s.Before, err = figures.SummaryFiguresOf(h.DB, scope.Centres, prev, h.HourValueCents, now); err != nil {
			return nil, err
		}
		// Only what the summary compares, not the whole frame of the period before.
		if s.IBefore, err = figures.ImpactSummaryOf(h.DB, scope.Centres, prev, h.HourValueCents, now); err != nil {
			return nil, err
		}
		s.IBefore.Health = s.I.HealthBefore
	}
	return s, nil
}

// reportGoals writes the Proeftuin's five goals out, each with its figures and their
// change against the period before, in the localizer's language. A count of people
// that is a small group reads ft.few, and its change is left out (it would tell).
func reportGoals(l *i18n.Localizer, ft figureText, s *impactSet) []printables.Goal {
	t := func(id string, args ...any) string { return views.T(l, id, args...) }
	f, i := s.F, s.I
	var b *figures.ReportFigures
	var ib *figures.ImpactFigures
	if s.HasPrevious {
		b, ib = s.Before, s.IBefore
	}
	// people counts people; things counts what is not people (proposals, needs).
	people := func(label string, now int, before func() int) printables.GoalFigure {
		g := printables.GoalFigure{Label: t(label), Value: format.Number(int64(now))}
		if figures.Small(now) {
			g.Value = ft.few
		}
		if b != nil && !figures.Small(now) && !figures.Small(before()) {
			g.Change = signed(int64(now-before()), format.Number)
		}
		return g
	}
	things := func(label string, now int, before func() int) printables.GoalFigure {
		g := printables.GoalFigure{Label: t(label), Value: format.Number(int64(now))}
		if b != nil {
			g.Change = signed(int64(now-before()), format.Number)
		}
		return g
	}
	// money is an amount computed from a group of people (of now, and before).
	money := func(label string, now int64, group int, before func() (int64, int)) printables.GoalFigure {
		g := printables.GoalFigure{Label: t(label), Value: "—"}
		if now >= 0 {
			g.Value = format.Euro(now)
			if figures.Small(group) {
				g.Value = ft.few
			}
		}
		if b != nil && now >= 0 && !figures.Small(group) {
			if v, n := before(); v >= 0 && !figures.Small(n) {
				g.Change = signed(now-v, format.Euro)
			}
		}
		return g
	}
	decimal := func(label string, now float64, shown bool, before func() (float64, bool)) printables.GoalFigure {
		g := printables.GoalFigure{Label: t(label), Value: "—"}
		if shown {
			g.Value = format.Decimal(now)
		}
		if b != nil && shown {
			if v, ok := before(); ok {
				g.Change = signedDecimal(now - v)
			}
		}
		return g
	}
	return []printables.Goal{
		{Title: t("goal.involvement"), Figures: []printables.GoalFigure{
			people("goal.involved", i.Involved, func() int { return ib.Involved }),
			people("report.term_new", f.Totals.New, func() int { return b.Totals.New }),
			things("report.proposals", f.Involvement.Proposals, func() int { return b.Involvement.Proposals }),
		}},
		{Title: t("goal.health"), Figures: []printables.GoalFigure{
			decimal("goal.health_check", i.Health.Overall, i.Health.Shown, func() (float64, bool) { return ib.Health.Overall, ib.Health.Shown }),
			decimal("goal.wellbeing", f.WellbeingAll.Average, f.WellbeingAll.Shown, func() (float64, bool) { return b.WellbeingAll.Average, b.WellbeingAll.Shown }),
			people("goal.participants", i.Participants, func() int { return ib.Participants }),
		}},
		{Title: t("goal.cost"), Figures: []printables.GoalFigure{
			money("goal.cost_per_visit", i.Costs.PerVisitCents, f.Totals.Unique, func() (int64, int) { return ib.Costs.PerVisitCents, b.Totals.Unique }),
			money("goal.cost_per_participant", i.Costs.PerParticipantCents, i.Participants,
				func() (int64, int) { return ib.Costs.PerParticipantCents, ib.Participants }),
			money("report.term_volunteer_value", f.Volunteers.ValueCents, f.Volunteers.Active,
				func() (int64, int) { return b.Volunteers.ValueCents, b.Volunteers.Active }),
		}},
		{Title: t("goal.links"), Figures: []printables.GoalFigure{
			things("goal.partner_activities", i.PartnerActivities, func() int { return ib.PartnerActivities }),
			things("goal.partner_needs", i.PartnerNeeds, func() int { return ib.PartnerNeeds }),
		}},
		{Title: t("goal.systems"), Figures: []printables.GoalFigure{
			decimal("goal.decision_days", i.DecisionDays, i.DecisionDays >= 0, func() (float64, bool) { return ib.DecisionDays, ib.DecisionDays >= 0 }),
			things("report.term_needs_arranged", f.Involvement.NeedsArranged, func() int { return b.Involvement.NeedsArranged }),
		}},
	}
}

// signed writes a change with its sign: "+3", "−2" (a minus sign), "0".
func signed(d int64, write func(int64) string) string {
	switch {
	case d > 0:
		return "+" + write(d)
	case d < 0:
		return "−" + write(-d)
	}
	return "0"
}

// signedDecimal writes a change of an average with its sign, rounded to one decimal.
func signedDecimal(d float64) string {
	tenths := int64(d*10 + 0.5)
	if d < 0 {
		tenths = -int64(-d*10 + 0.5)
	}
	return signed(tenths, func(v int64) string { return format.Decimal(float64(v) / 10) })
}

// dimensionLabels names the six dimensions in the localizer's language.
func dimensionLabels(l *i18n.Localizer) map[string]string {
	out := make(map[string]string, len(models.Dimensions))
	for _, d := range models.Dimensions {
		out[d] = views.T(l, "dimension."+d)
	}
	return out
}

// dimensionRows are the reach per dimension as table rows: name, visits, unique,
// participants, and the themes that map to it.
func dimensionRows(l *i18n.Localizer, ft figureText, i *figures.ImpactFigures) [][]string {
	themes := themeLabels(l)
	dims := dimensionLabels(l)
	var rows [][]string
	for _, d := range i.Dimensions {
		var names []string
		for _, t := range models.Themes {
			for _, m := range i.Mapping[t] {
				if m == d.Dimension {
					names = append(names, strings.ToLower(themes[t]))
				}
			}
		}
		rows = append(rows, []string{dims[d.Dimension], ft.of(d.Visits, int(d.Unique)), ft.people(int(d.Unique)), ft.people(int(d.Participants)), strings.Join(names, ", ")})
	}
	return rows
}

// healthRows are the health check's averages per dimension, this period and the one
// before, with the change; "—" where fewer than 10 people answered.
func healthRows(l *i18n.Localizer, s *impactSet) [][]string {
	dims := dimensionLabels(l)
	var rows [][]string
	for k, d := range models.Dimensions {
		now, before, change := "—", "—", ""
		if s.I.Health.Shown {
			now = format.Decimal(s.I.Health.Averages[k])
		}
		if s.HasPrevious && s.IBefore.Health.Shown {
			before = format.Decimal(s.IBefore.Health.Averages[k])
			if s.I.Health.Shown {
				change = signedDecimal(s.I.Health.Averages[k] - s.IBefore.Health.Averages[k])
			}
		}
		rows = append(rows, []string{dims[d], now, before, change})
	}
	return rows
}

// costRows are the costs per theme, only themes that cost something.
func costRows(l *i18n.Localizer, i *figures.ImpactFigures) [][]string {
	themes := themeLabels(l)
	var rows [][]string
	for _, c := range i.Costs.PerTheme {
		if c.CostCents > 0 {
			rows = append(rows, []string{themes[c.Theme], format.Euro(c.CostCents)})
		}
	}
	return rows
}

// storyViews are the publishable stories with their themes and dimensions named.
func storyViews(l *i18n.Localizer, stories []models.Story) []printables.Story {
	themes, dims := themeLabels(l), dimensionLabels(l)
	names := views.Names(l)
	var out []printables.Story
	for _, s := range stories {
		var tags []string
		for _, t := range splitComma(s.Themes) {
			tags = append(tags, themes[t])
		}
		for _, d := range splitComma(s.Dimensions) {
			tags = append(tags, dims[d])
		}
		out = append(out, printables.Story{Text: s.Text, Tags: strings.Join(tags, " · "), Date: format.DateCode(names, s.ToldOn)})
	}
	return out
}

// changeAgainst is "Verschil met oktober 2026", or empty without a period before.
func changeAgainst(l *i18n.Localizer, s *impactSet) string {
	if !s.HasPrevious {
		return ""
	}
	return views.T(l, "report.change_against", "Period", s.PreviousName)
}

// dimensionNames are the six dimensions' names in order, for the chart.
func dimensionNames(l *i18n.Localizer) []string {
	out := make([]string, len(models.Dimensions))
	for i, d := range models.Dimensions {
		out[i] = views.T(l, "dimension_short."+d)
	}
	return out
}

// dimensionVisits are the visits per dimension, in order.
func dimensionVisits(i *figures.ImpactFigures) []int {
	out := make([]int, len(i.Dimensions))
	for k, d := range i.Dimensions {
		out[k] = d.Visits
	}
	return out
}

// dimensionTableRows are the PDF's reach rows, without the themes (listed below it).
func dimensionTableRows(l *i18n.Localizer, ft figureText, i *figures.ImpactFigures) [][]string {
	var out [][]string
	for _, r := range dimensionRows(l, ft, i) {
		out = append(out, r[:4])
	}
	return out
}

// dimensionThemeLines say which themes count for each dimension.
func dimensionThemeLines(l *i18n.Localizer, ft figureText, i *figures.ImpactFigures) []string {
	var out []string
	for _, r := range dimensionRows(l, ft, i) {
		themes := r[4]
		if themes == "" {
			themes = "—"
		}
		out = append(out, r[0]+": "+themes)
	}
	return out
}
