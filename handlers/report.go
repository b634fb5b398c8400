package handlers

import (
	"bytes"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"onshuis/figures"
	"onshuis/format"
	"onshuis/models"
	"onshuis/printables"
	"onshuis/views"
)

// reportScope is what a report covers: one centre or all of them, over a period.
type reportScope struct {
	Centres []models.Centre
	Label   string // the centre's name, or "Alle buurthuizen"
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
		scope.Centres, scope.Label, scope.Slug = all, "Alle buurthuizen", "alle"
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

// periodLabel names a period in Dutch: "november 2026", "4e kwartaal 2026", "2026".
func (h *Handlers) periodLabel(p figures.Period) string {
	from, _ := time.Parse(models.Date, p.From)
	to, _ := time.Parse(models.Date, p.To)
	nl := views.Names(h.localizer("nl"))
	switch p.Kind {
	case "month":
		return format.MonthYear(nl, from)
	case "quarter":
		return fmt.Sprintf("%de kwartaal %d", (int(from.Month())+2)/3, from.Year())
	case "year":
		return strconv.Itoa(from.Year())
	}
	return format.DayMonthYear(nl, from) + " t/m " + format.DayMonthYear(nl, to)
}

func (h *Handlers) reportFigures(c *fiber.Ctx) (*reportScope, *figures.ReportFigures, error) {
	scope, err := h.reportParams(c)
	if err != nil {
		return nil, nil, err
	}
	f, err := figures.ReportFiguresOf(h.DB, scope.Centres, scope.Period, h.HourValueCents, h.Now())
	if err != nil {
		return nil, nil, err
	}
	return scope, f, nil
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
	scope, f, err := h.reportFigures(c)
	if err != nil {
		return err
	}
	centres, err := models.Centres(h.DB)
	if err != nil {
		return err
	}
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
		"Title": "report.title", "Scope": scope, "PeriodLabel": h.periodLabel(scope.Period), "F": f,
		"Chart": views.BarChart("Bezoeken per week", labels, values),
		"Quick": quick, "PDF": reportURL("/rapport.pdf", scope.Period.Key, scope.Slug), "Tables": tables,
		// The theme labels and definitions are Dutch for every visitor, as they were.
		"Centres": centres, "ThemeLabels": themeLabels(h.localizer("nl")), "Definitions": reportDefinitions(h.localizer("nl")),
		"HourValue": h.HourValueCents,
	})
}

// ReportPDF streams the impact report.
func (h *Handlers) ReportPDF(c *fiber.Ctx) error {
	scope, f, err := h.reportFigures(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	err = printables.WriteImpactReport(&buf, impactReport(h.fileLocalizer(c), scope, h.periodLabel(scope.Period), f, h.HourValueCents, h.Now()))
	if err != nil {
		return err
	}
	return sendPDF(c, buf.Bytes(), fmt.Sprintf("impactrapportage-%s-%s.pdf", scope.Slug, strings.ReplaceAll(scope.Period.Key, "..", "-tot-")))
}

// reportTables are the report's tables, each available as CSV.
var reportTables = []string{"samenvatting", "weken", "themas", "activiteiten", "vrijwilligers", "betrokkenheid", "welzijn"}

// ReportCSV streams one table of the report as CSV for Dutch Excel.
func (h *Handlers) ReportCSV(c *fiber.Ctx) error {
	scope, f, err := h.reportFigures(c)
	if err != nil {
		return err
	}
	name := c.Params("table")
	n := func(v int) string { return strconv.Itoa(v) }
	dec := func(v float64) string { return format.Decimal(v) }
	var rows [][]string
	switch name {
	case "samenvatting":
		rows = [][]string{{"cijfer", "waarde"},
			{"bezoeken", n(f.Totals.Visits)}, {"unieke bezoekers", n(f.Totals.Unique)}, {"nieuwe bezoekers", n(f.Totals.New)},
			{"terugkerende bezoekers", n(f.Totals.Returning)}, {"vaste bezoekers gemiddeld per afgelopen week", avgRegularsCSV(f)},
			{"bijeenkomsten gehouden", n(f.SessionsHeld)}, {"gemiddelde opkomst", dec(f.AvgAttendance)}, {"vulgraad", shareCSV(f.FillRate)},
			{"actieve vrijwilligers", n(f.Volunteers.Active)}, {"vrijwilligersuren", dec(f.Volunteers.Hours())},
			{"waarde vrijwilligersuren (euro)", centsCSV(f.Volunteers.ValueCents)}}
	case "weken":
		rows = [][]string{{"week", "bezoeken", "unieke bezoekers", "nieuwe bezoekers", "vaste bezoekers"}}
		for _, w := range f.Weeks {
			rows = append(rows, []string{w.Week, n(w.Visits), n(w.Unique), n(w.New), n(w.Regulars)})
		}
	case "themas":
		themes := themeLabels(h.localizer("nl"))
		rows = [][]string{{"thema", "aanmeldingen bij de deur"}}
		for _, t := range f.Themes {
			rows = append(rows, []string{themes[t.Theme], n(t.Visits)})
		}
	case "activiteiten":
		rows = [][]string{{"activiteit", "plaatsen", "bijeenkomsten gehouden", "aanmeldingen bij de deur", "gemiddelde opkomst", "vulgraad", "wachtlijst"}}
		for _, a := range f.Activities {
			rows = append(rows, []string{a.Title, n(a.Capacity), n(a.SessionsHeld), n(a.Attendance), dec(a.AvgAttendance), shareCSV(a.FillRate), n(a.Waitlist)})
		}
	case "vrijwilligers":
		rows = [][]string{{"cijfer", "waarde"}, {"actieve vrijwilligers", n(f.Volunteers.Active)}, {"uren", dec(f.Volunteers.Hours())},
			{"waarde per uur (euro)", centsCSV(h.HourValueCents)}, {"waarde (euro)", centsCSV(f.Volunteers.ValueCents)}}
	case "betrokkenheid":
		inv := f.Involvement
		rows = [][]string{{"cijfer", "aantal"}, {"voorstellen van bewoners", n(inv.Proposals)}, {"goedgekeurd", n(inv.Approved)},
			{"afgewezen", n(inv.Declined)}, {"aandeel goedgekeurd", shareCSV(inv.ApprovedShare)},
			{"door bewoners geleid", n(inv.ResidentLed)}, {"behoeften geregeld", n(inv.NeedsArranged)}}
	case "welzijn":
		rows = [][]string{{"maand", "antwoorden", "gemiddeld"}}
		for _, m := range f.Wellbeing {
			rows = append(rows, []string{m.Month, n(m.Count), moodCSV(m.MoodFigure)})
		}
		rows = append(rows, []string{"hele periode", n(f.WellbeingAll.Count), moodCSV(f.WellbeingAll)})
	default:
		return fiber.ErrNotFound
	}
	// The file says what it covers, also once it is saved and passed on.
	l := h.fileLocalizer(c)
	rows = append([][]string{{views.T(l, "report.csv_centre"), scope.Label},
		{views.T(l, "report.csv_period"), h.periodLabel(scope.Period), scope.Period.From, scope.Period.To}, {}}, rows...)
	return sendCSV(c, rows, fmt.Sprintf("%s-%s-%s.csv", name, scope.Slug, strings.ReplaceAll(scope.Period.Key, "..", "-tot-")))
}

// avgRegularsCSV is the average number of regulars per finished week, empty while no
// week of the period is over.
func avgRegularsCSV(f *figures.ReportFigures) string {
	if f.RegularWeeks == 0 {
		return ""
	}
	return format.Decimal(f.AvgRegulars)
}

func shareCSV(s float64) string {
	if s < 0 {
		return ""
	}
	return format.Percent(s)
}

func centsCSV(c int64) string { return format.Amount(c) }

func moodCSV(m figures.MoodFigure) string {
	if !m.Shown {
		return ""
	}
	return format.Decimal(m.Average)
}
