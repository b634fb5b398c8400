package handlers

import (
	"bytes"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"onshuis/figures"
	"onshuis/format"
	"onshuis/models"
	"onshuis/printables"
	"onshuis/views"
)

// reportScope is what a report covers: one centre or all of them, over a period.
type reportScope struct {
	Centres []models.Centre
	Label   string // the centre's name, or "Alle buurthuizen" in the reader's language
	Slug    string // the centre's slug, or "alle"
	Period  figures.Period
}

// readableCentres are the centres whose figures the user may read: an administrator
// all of them, a coordinator the centres they coordinate, a partner those given.
func (h *Handlers) readableCentres(c *fiber.Ctx) ([]models.Centre, error) {
	u := user(c)
	if u.IsAdmin {
		return models.Centres(h.DB)
	}
	return models.CentresByIDs(h.DB, workCentres(u))
}

// reportParams reads ?periode= (default: this month) and ?centrum=: one slug, several
// (repeated or comma-separated), or "alle" for every centre the user may read; without
// it, the current centre. A centre the user may not read is not found (404).
func (h *Handlers) reportParams(c *fiber.Ctx) (*reportScope, error) {
	centre, err := h.centre(c)
	if err != nil {
		return nil, err
	}
	readable, err := h.readableCentres(c)
	if err != nil {
		return nil, err
	}
	var slugs []string
	for _, v := range c.Context().QueryArgs().PeekMulti("centrum") {
		for _, s := range strings.Split(string(v), ",") {
			if s = strings.TrimSpace(s); s != "" && !slices.Contains(slugs, s) {
				slugs = append(slugs, s)
			}
		}
	}
	scope := &reportScope{}
	switch {
	case len(slugs) == 0:
		if !slices.ContainsFunc(readable, func(r models.Centre) bool { return r.ID == centre.ID }) {
			return nil, fiber.ErrForbidden
		}
		scope.Centres = []models.Centre{*centre}
	case slices.Contains(slugs, "alle"):
		scope.Centres = readable
	default:
		for _, r := range readable { // in the order of the list, default first
			if slices.Contains(slugs, r.Slug) {
				scope.Centres = append(scope.Centres, r)
			}
		}
		if len(scope.Centres) != len(slugs) {
			return nil, fiber.ErrNotFound
		}
	}
	if len(scope.Centres) == 0 {
		return nil, fiber.ErrNotFound
	}
	scope.Label, scope.Slug = scopeLabel(rq(c).L, scope.Centres, readable, h.centreCount(c), slices.Contains(slugs, "alle"))
	key := c.Query("periode")
	if from, to := c.Query("van"), c.Query("tot"); key == "" && from != "" && to != "" {
		key = from + ".." + to
	}
	if key == "" {
		scope.Period = figures.PeriodOfMonth(h.Now().In(centre.Location()))
		return scope, nil
	}
	p, err := figures.ParsePeriod(key)
	if err != nil {
		return nil, fiber.ErrNotFound
	}
	scope.Period = p
	return scope, nil
}

// coveredNames lists the names of the centres a report covers.
func coveredNames(cs []models.Centre) string {
	names := make([]string, len(cs))
	for i, ct := range cs {
		names[i] = ct.Name
	}
	return strings.Join(names, ", ")
}

// inScope marks the ids of the centres a report covers, for the form's ticks.
func inScope(cs []models.Centre) map[int64]bool {
	m := make(map[int64]bool, len(cs))
	for _, ct := range cs {
		m[ct.ID] = true
	}
	return m
}

// centreCount is how many centres the installation has (one statement).
func (h *Handlers) centreCount(c *fiber.Ctx) int {
	var n int64
	if err := h.DB.Model(&models.Centre{}).Count(&n).Error; err != nil {
		return 0 // only the label changes: the centres are named one by one instead
	}
	return int(n)
}

// scopeLabel names what a report covers and gives its ?centrum= value: one centre's
// name, "Alle buurthuizen" for every centre of the installation, or the names of the
// centres chosen.
func scopeLabel(l *i18n.Localizer, chosen, readable []models.Centre, total int, all bool) (label, slug string) {
	if len(chosen) == 1 && !(all && total == 1) {
		return chosen[0].Name, chosen[0].Slug
	}
	names := make([]string, len(chosen))
	slugs := make([]string, len(chosen))
	for i, ct := range chosen {
		names[i], slugs[i] = ct.Name, ct.Slug
	}
	slug = strings.Join(slugs, ",")
	if len(chosen) == len(readable) {
		slug = "alle"
	}
	if len(chosen) == total {
		return views.T(l, "report.all_centres"), slug
	}
	return strings.Join(names, ", "), slug
}

// periodLabel names a period in the localizer's language: "november 2026",
// "4e kwartaal 2026", "2026", "1 augustus 2026 t/m 31 augustus 2026".
func periodLabel(l *i18n.Localizer, p figures.Period) string {
	from, _ := time.Parse(models.Date, p.From)
	to, _ := time.Parse(models.Date, p.To)
	names := views.Names(l)
	switch p.Kind {
	case "month":
		return format.MonthYear(names, from)
	case "quarter":
		return views.T(l, "report.period_quarter", "Quarter", (int(from.Month())+2)/3, "Year", from.Year())
	case "year":
		return strconv.Itoa(from.Year())
	}
	return views.T(l, "report.period_range", "From", format.DayMonthYear(names, from), "To", format.DayMonthYear(names, to))
}

// reportLink is a link of the report page: where it goes, what it says, and whether it
// is the period on show.
type reportLink struct {
	URL     string
	Label   string // a message id
	Current bool
}

// reportURL is the address of one of the report's pages or files for a period key and
// a centre's slug; url.Values encodes both, so a range such as 2026-01-05..2026-03-29
// arrives whole.
func reportURL(path, period, slug string) string {
	return path + "?" + url.Values{"periode": {period}, "centrum": {slug}}.Encode()
}

// Report shows the impact report's figures in the browser, with links to the PDF and CSVs.
func (h *Handlers) Report(c *fiber.Ctx) error {
	set, err := h.reportSet(c)
	if err != nil {
		return err
	}
	scope, f := set.Scope, set.F
	centres, err := h.readableCentres(c)
	if err != nil {
		return err
	}
	r := rq(c)
	now := h.localNow(&scope.Centres[0])
	month := time.Date(now.Year(), now.Month(), 1, 12, 0, 0, 0, now.Location())
	quick := []reportLink{
		{URL: month.Format("2006-01"), Label: "report.this_month"},
		{URL: month.AddDate(0, -1, 0).Format("2006-01"), Label: "report.last_month"},
		{URL: fmt.Sprintf("%d-Q%d", now.Year(), (int(now.Month())+2)/3), Label: "report.this_quarter"},
		{URL: strconv.Itoa(now.Year()), Label: "report.this_year"},
		{URL: strconv.Itoa(now.Year() - 1), Label: "report.last_year"},
	}
	for i, q := range quick {
		quick[i].Current = q.URL == scope.Period.Key
		quick[i].URL = reportURL("/rapport", q.URL, scope.Slug)
	}
	tables := make([]reportLink, len(reportTables))
	for i, name := range reportTables {
		tables[i] = reportLink{URL: reportURL("/rapport/"+name+".csv", scope.Period.Key, scope.Slug), Label: "report.table_" + name}
	}
	ft := pageFigures(r.L)
	labels := make([]string, len(f.Weeks))
	values := make([]int, len(f.Weeks))
	texts := make([]string, len(f.Weeks))
	for i, w := range f.Weeks {
		labels[i], values[i], texts[i] = strings.TrimLeft(w.Week[6:], "0"), w.Visits, ft.of(w.Visits, w.Unique)
	}
	dimValues := dimensionVisits(set.I)
	dimTexts := make([]string, len(set.I.Dimensions))
	for i, d := range set.I.Dimensions {
		dimTexts[i] = ft.of(d.Visits, int(d.Unique))
	}
	return h.render(c, fiber.StatusOK, "reports/show", fiber.Map{
		"Title": "report.title", "Scope": scope, "PeriodLabel": periodLabel(r.L, scope.Period), "F": f,
		"Page":  reportPageOf(r.L, ft, set, h.HourValueCents),
		"Chart": hiddenBarChart(views.T(r.L, "report.pdf_chart_caption"), labels, values, texts, ft.few),
		"Quick": quick, "PDF": reportURL("/rapport.pdf", scope.Period.Key, scope.Slug), "Tables": tables,
		"Centres": centres, "Covers": coveredNames(scope.Centres), "InScope": inScope(scope.Centres), "ThemeLabels": themeLabels(r.L), "Definitions": reportDefinitions(r.L, h.Retention.HealthLinkMonths),
		"HourValue": h.HourValueCents,
		"Goals":     reportGoals(r.L, ft, set), "Set": set, "ChangeAgainst": changeAgainst(r.L, set),
		"DimensionChart": hiddenBarChart(views.T(r.L, "report.dimension_chart"), dimensionNames(r.L), dimValues, dimTexts, ft.few),
		"DimensionRows":  dimensionRows(r.L, ft, set.I), "HealthRows": healthRows(r.L, set), "CostRows": costRows(r.L, set.I),
		"Stories": storyViews(r.L, set.I.Stories), "MinHealth": figures.MinHealthPeople,
		"MKBADefinitions": mkbaDefinitions(r.L),
	})
}

// ReportPDF streams the impact report.
func (h *Handlers) ReportPDF(c *fiber.Ctx) error {
	set, err := h.reportSet(c)
	if err != nil {
		return err
	}
	scope := set.Scope
	var buf bytes.Buffer
	err = printables.WriteImpactReport(&buf, impactReport(rq(c).L, set, periodLabel(rq(c).L, scope.Period), h.HourValueCents, h.Now()))
	if err != nil {
		return err
	}
	return sendPDF(c, buf.Bytes(), fmt.Sprintf("impactrapportage-%s-%s.pdf", scope.Slug, strings.ReplaceAll(scope.Period.Key, "..", "-tot-")))
}

// reportPage is the report page's figures as text, each through the small-group rule.
type reportPage struct {
	Key        []printables.Figure
	Sources    [][]string // source, visits
	Weeks      [][]string // week, visits, unique, new, regulars
	Themes     [][]string // theme, visits
	Activities [][]string // title, held, average, fill rate, waiting list
	Wellbeing  [][]string // month, answers, average
	HealthNow  string     // the health check's header, with how many people
	HealthNote string
	Costs      [][]string // what, amount
}

// reportPageOf writes the report page's figures out in the reader's language.
func reportPageOf(l *i18n.Localizer, ft figureText, set *impactSet, hourValueCents int64) reportPage {
	f, im := set.F, set.I
	t := func(id string, args ...any) string { return views.T(l, id, args...) }
	n := func(v int) string { return format.Number(int64(v)) }
	themes := themeLabels(l)
	names := views.Names(l)
	p := reportPage{Key: []printables.Figure{
		{Value: ft.of(f.Totals.Visits, f.Totals.Unique), Label: t("visitors.visits")},
		{Value: ft.people(f.Totals.Unique), Label: t("visitors.unique")},
		{Value: ft.people(f.Totals.New), Label: t("visitors.new")},
		{Value: ft.people(f.Totals.Returning), Label: t("visitors.returning")},
		{Value: avgRegularsText(ft, f), Label: t("report.avg_regulars")},
		{Value: n(f.SessionsHeld), Label: t("report.sessions_held")},
		{Value: ft.crowd(f.AvgAttendance), Label: t("report.avg_attendance")},
		{Value: ft.fill(f.FillRate, f.AvgAttendance), Label: t("report.fill_rate")},
		{Value: ft.people(f.Volunteers.Active), Label: t("report.active_volunteers")},
		{Value: ft.hours(f.Volunteers.Hours(), f.Volunteers.Active), Label: t("report.volunteer_hours")},
		{Value: ft.money(f.Volunteers.ValueCents, f.Volunteers.Active), Label: t("report.volunteer_value", "Rate", format.EuroInText(hourValueCents))},
		{Value: ft.mood(f.WellbeingAll), Label: t("report.mood_answers", "Answers", ft.people(f.WellbeingAll.Count))},
	}}
	for _, src := range f.PerSource {
		p.Sources = append(p.Sources, []string{t("source." + src.Source), ft.of(src.Visits, f.Totals.Unique)})
	}
	for _, w := range f.Weeks {
		p.Weeks = append(p.Weeks, []string{format.WeekLabel(w.Week), ft.of(w.Visits, w.Unique), ft.people(w.Unique), ft.people(w.New), ft.people(w.Regulars)})
	}
	for _, th := range f.Themes {
		p.Themes = append(p.Themes, []string{themes[th.Theme], ft.of(th.Visits, im.ThemeUnique[th.Theme])})
	}
	for _, a := range f.Activities {
		p.Activities = append(p.Activities, []string{a.Title, n(a.SessionsHeld), ft.crowd(a.AvgAttendance), ft.fill(a.FillRate, a.AvgAttendance), ft.people(a.Waitlist)})
	}
	for _, m := range f.Wellbeing {
		p.Wellbeing = append(p.Wellbeing, []string{format.MonthCode(names, m.Month), ft.people(m.Count), ft.mood(m.MoodFigure)})
	}
	p.HealthNow = t("report.health_now", "N", ft.people(im.Health.N))
	p.HealthNote = t("report.health_note", "Min", figures.MinHealthPeople, "Paper", ft.people(im.Health.Paper), "N", ft.people(im.Health.N))
	p.Costs = [][]string{
		{t("report.spent"), format.Euro(im.Costs.SpentCents)},
		{t("goal.cost_per_visit"), ft.money(im.Costs.PerVisitCents, f.Totals.Unique)},
		{t("goal.cost_per_participant"), ft.money(im.Costs.PerParticipantCents, im.Participants)},
		{t("report.term_volunteer_value"), ft.money(f.Volunteers.ValueCents, f.Volunteers.Active)},
	}
	return p
}

// hiddenBarChart is a bar chart whose bars with a hidden figure (their text is few)
// have no bar, whose height would tell, and the words instead of the number.
func hiddenBarChart(title string, labels []string, values []int, texts []string, few string) views.Chart {
	for i := range values {
		if texts[i] == few {
			values[i] = 0
		}
	}
	c := views.BarChart(title, labels, values)
	for i := range c.Bars {
		if texts[i] == few {
			c.Bars[i].Text = few
		}
	}
	return c
}
