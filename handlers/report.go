package handlers

import (
	"bytes"
	"fmt"
	"net/url"
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

// reportParams reads ?periode= (default: this month) and ?centrum= (a slug, or "alle").
func (h *Handlers) reportParams(c *fiber.Ctx) (*reportScope, error) {
	centre, err := h.centre(c)
	if err != nil {
		return nil, err
	}
	scope := &reportScope{}
	switch slug := c.Query("centrum"); slug {
	case "", centre.Slug:
		scope.Centres, scope.Label, scope.Slug = []models.Centre{*centre}, centre.Name, centre.Slug
	case "alle":
		all, err := models.Centres(h.DB)
		if err != nil {
			return nil, err
		}
		scope.Centres, scope.Label, scope.Slug = all, views.T(rq(c).L, "report.all_centres"), "alle"
	default:
		other, err := models.CentreBySlug(h.DB, slug)
		if err != nil {
			return nil, err
		}
		if other == nil {
			return nil, fiber.ErrNotFound
		}
		scope.Centres, scope.Label, scope.Slug = []models.Centre{*other}, other.Name, other.Slug
	}
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
	centres, err := models.Centres(h.DB)
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
	labels := make([]string, len(f.Weeks))
	values := make([]int, len(f.Weeks))
	for i, w := range f.Weeks {
		labels[i], values[i] = strings.TrimLeft(w.Week[6:], "0"), w.Visits
	}
	return h.render(c, fiber.StatusOK, "reports/show", fiber.Map{
		"Title": "report.title", "Scope": scope, "PeriodLabel": periodLabel(r.L, scope.Period), "F": f,
		"Chart": views.BarChart(views.T(r.L, "report.pdf_chart_caption"), labels, values),
		"Quick": quick, "PDF": reportURL("/rapport.pdf", scope.Period.Key, scope.Slug), "Tables": tables,
		"Centres": centres, "ThemeLabels": themeLabels(r.L), "Definitions": reportDefinitions(r.L, h.Retention.HealthLinkMonths),
		"HourValue": h.HourValueCents,
		"Goals":     reportGoals(r.L, set), "Set": set, "ChangeAgainst": changeAgainst(r.L, set),
		"DimensionChart": views.BarChart(views.T(r.L, "report.dimension_chart"), dimensionNames(r.L), dimensionVisits(set.I)),
		"DimensionRows":  dimensionRows(r.L, set.I), "HealthRows": healthRows(r.L, set), "CostRows": costRows(r.L, set.I),
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
