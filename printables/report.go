package printables

import (
	"io"
	"strconv"
	"time"

	"github.com/jung-kurt/gofpdf"
)

// Figure is one number of the report's summary with what it counts.
type Figure struct {
	Value string // "1.234", "18,5", "€ 60,00"
	Label string // "Bezoeken"
}

// Table is a table of the report: headers and rows of text, numbers already written.
type Table struct {
	Caption string
	Headers []string
	Rows    [][]string
}

// Bar is one week of the report's chart.
type Bar struct {
	Label string // the week number under the bar
	Value int
	Text  string // the value as written when it is not the number (a hidden small group)
}

// Chart is the report's bar chart of visits per week.
type Chart struct {
	Bars    []Bar
	Max     string // above the bars: "hoogste week: 412 bezoeken"; empty when all are 0
	Caption string // below them: "Bezoeken per week (weeknummer)"
}

// Definition is a figure's name and what it means, for the appendix.
type Definition struct {
	Term, Text string
}

// GoalFigure is one figure of a goal in the summary, with its change against the
// period before ("+3", "−0,4"; empty when there is nothing to compare with).
type GoalFigure struct {
	Value, Label, Change string
}

// Goal is one of the Proeftuin's five goals with the figures that speak to it.
type Goal struct {
	Title   string
	Figures []GoalFigure
}

// Story is a publishable story: the text, its themes and dimensions, the date told.
type Story struct {
	Text, Tags, Date string
}

// ImpactReport is the report for partners and financiers: figures only, no personal
// data, every word and number already written in the reader's language.
type ImpactReport struct {
	DocTitle    string // the PDF's title
	Title       string // "Impactrapportage"
	Heading     string // "Ons Huis van de Wijk · november 2026"
	Intro       string // the period and what the report holds
	Goals       []Goal
	ChangeLabel string // "Verschil met oktober 2026", or empty without a period before
	GoalsNote   string // under the goals: what "—" means

	FiguresTitle string
	Summary      []Figure
	Highlight    string // "Meest bezochte thema's: …", or empty

	DimensionsTitle string
	DimensionsIntro string
	DimensionChart  []Bar // visits per dimension
	Dimensions      Table
	DimensionThemes []string // "Lichaamsfuncties: bewegen, gezond eten"
	HealthTitle     string
	Health          Table
	HealthNote      string

	CostsTitle string
	Costs      Table // spent, per visit, per participant, volunteer value
	CostThemes Table
	CostsNote  string // how volunteer hours are valued

	StoriesTitle string
	Stories      []Story
	NoStories    string

	WeeksTitle string
	Chart      Chart
	Weeks      Table
	Visitors   Table // new and returning visitors

	ThemesTitle     string
	Themes          Table
	ActivitiesTitle string
	Activities      Table // the last row is the total

	VolunteersTitle  string
	Volunteers       Table
	InvolvementTitle string
	Involvement      Table
	WellbeingTitle   string
	Wellbeing        Table
	WellbeingNote    string // what "—" means

	DefinitionsTitle string
	Definitions      []Definition

	Words
	Created time.Time
}

// WriteImpactReport renders the impact report: a one-page summary, then the tables and
// the weekly chart, then the definitions.
func WriteImpactReport(w io.Writer, r ImpactReport) error {
	pdf := newPDF("P", r.Created, r.DocTitle)
	pdf.SetMargins(18, 16, 18)
	pdf.SetAutoPageBreak(false, 14)
	pageNumbers(pdf, r.Words)

	// The one-page summary: the five goals.
	pdf.AddPage()
	pdf.SetTextColor(179, 64, 27)
	pdf.SetFont(fontFamily, "B", 24)
	pdf.MultiCell(0, 11, r.Title, "", "L", false)
	pdf.SetTextColor(29, 29, 27)
	pdf.SetFont(fontFamily, "B", 16)
	pdf.MultiCell(0, 8, r.Heading, "", "L", false)
	pdf.SetFont(fontFamily, "", 10)
	pdf.SetTextColor(90, 90, 90)
	pdf.MultiCell(0, 5, r.Intro, "", "L", false)
	pdf.SetTextColor(29, 29, 27)
	pdf.Ln(3)
	for _, g := range r.Goals {
		pdf.SetFont(fontFamily, "B", 12)
		pdf.SetTextColor(179, 64, 27)
		pdf.MultiCell(0, 7, g.Title, "", "L", false)
		pdf.SetTextColor(29, 29, 27)
		y := pdf.GetY()
		for k, f := range g.Figures {
			x := 18 + float64(k)*58
			pdf.SetFillColor(244, 239, 228)
			pdf.Rect(x, y, 56, 25, "F")
			pdf.SetXY(x+2.5, y+1.5)
			pdf.SetFont(fontFamily, "B", 15)
			pdf.CellFormat(51, 7, f.Value, "", 2, "L", false, 0, "")
			pdf.SetX(x + 2.5)
			pdf.SetFont(fontFamily, "", 8.5)
			pdf.MultiCell(51, 4, f.Label, "", "L", false)
			if f.Change != "" {
				pdf.SetXY(x+2.5, y+19.5)
				pdf.SetTextColor(90, 90, 90)
				pdf.CellFormat(51, 4, r.ChangeLabel+": "+f.Change, "", 0, "L", false, 0, "")
				pdf.SetTextColor(29, 29, 27)
			}
		}
		pdf.SetXY(18, y+28)
	}
	if r.GoalsNote != "" {
		pdf.SetFont(fontFamily, "", 8.5)
		pdf.SetTextColor(90, 90, 90)
		pdf.MultiCell(0, 4.5, r.GoalsNote, "", "L", false)
		pdf.SetTextColor(29, 29, 27)
	}

	// The figures in detail.
	pdf.AddPage()
	section(pdf, r.FiguresTitle)
	for i, s := range r.Summary {
		col := float64(i % 2)
		x := 18 + col*88
		if i%2 == 0 && i > 0 {
			pdf.Ln(20)
		}
		y := pdf.GetY()
		pdf.SetFillColor(244, 239, 228)
		pdf.Rect(x, y, 84, 18, "F")
		pdf.SetXY(x+3, y+1.5)
		pdf.SetFont(fontFamily, "B", 16)
		pdf.CellFormat(78, 8, s.Value, "", 2, "L", false, 0, "")
		pdf.SetX(x + 3)
		pdf.SetFont(fontFamily, "", 10)
		pdf.CellFormat(78, 6, s.Label, "", 0, "L", false, 0, "")
		pdf.SetXY(18, y)
	}
	pdf.Ln(24)
	if r.Highlight != "" {
		pdf.SetFont(fontFamily, "", 11)
		pdf.MultiCell(0, 6, r.Highlight, "", "L", false)
	}

	// Positieve Gezondheid: reach per dimension, the health check.
	pdf.AddPage()
	section(pdf, r.DimensionsTitle)
	pdf.SetFont(fontFamily, "", 10)
	pdf.MultiCell(0, 5, r.DimensionsIntro, "", "L", false)
	pdf.Ln(2)
	dimensionChart(pdf, r.DimensionChart)
	drawTable(pdf, r.Words, r.table(r.Dimensions, []float64{58, 36, 40, 40}, "L", "R", "R", "R"), nil)
	pdf.SetFont(fontFamily, "", 9)
	for _, line := range r.DimensionThemes {
		pdf.MultiCell(0, 4.5, line, "", "L", false)
	}
	pdf.Ln(3)
	section(pdf, r.HealthTitle)
	drawTable(pdf, r.Words, r.table(r.Health, []float64{50, 52, 42, 30}, "L", "R", "R", "R"), nil)
	pdf.SetFont(fontFamily, "", 9)
	pdf.MultiCell(0, 5, r.HealthNote, "", "L", false)

	// Costs against the wijkbudget.
	pdf.AddPage()
	section(pdf, r.CostsTitle)
	drawTable(pdf, r.Words, r.table(r.Costs, []float64{110, 50}, "L", "R"), nil)
	if len(r.CostThemes.Rows) > 0 {
		drawTable(pdf, r.Words, r.table(r.CostThemes, []float64{110, 50}, "L", "R"), nil)
	}
	pdf.SetFont(fontFamily, "", 9)
	pdf.MultiCell(0, 5, r.CostsNote, "", "L", false)
	pdf.Ln(3)

	// Stories.
	section(pdf, r.StoriesTitle)
	if len(r.Stories) == 0 {
		pdf.SetFont(fontFamily, "", 10)
		pdf.MultiCell(0, 5, r.NoStories, "", "L", false)
	}
	for _, st := range r.Stories {
		if pdf.GetY()+25 > pageBottom {
			pdf.AddPage()
		}
		pdf.SetFont(fontFamily, "", 11)
		pdf.SetFillColor(244, 239, 228)
		pdf.MultiCell(0, 6, "“"+st.Text+"”", "", "L", true)
		pdf.SetFont(fontFamily, "", 8.5)
		pdf.SetTextColor(90, 90, 90)
		pdf.MultiCell(0, 4.5, st.Date+" · "+st.Tags, "", "L", false)
		pdf.SetTextColor(29, 29, 27)
		pdf.Ln(3)
	}

	// Visitors per week.
	pdf.AddPage()
	section(pdf, r.WeeksTitle)
	weekChart(pdf, r.Chart)
	drawTable(pdf, r.Words, r.table(r.Weeks, []float64{34, 34, 38, 34, 34}, "L", "R", "R", "R", "R"),
		func() { section(pdf, r.continued(r.WeeksTitle)) })
	drawTable(pdf, r.Words, r.table(r.Visitors, []float64{110, 40}, "L", "R"), nil)

	// Themes and activities.
	pdf.AddPage()
	section(pdf, r.ThemesTitle)
	drawTable(pdf, r.Words, r.table(r.Themes, []float64{110, 60}, "L", "R"), nil)
	section(pdf, r.ActivitiesTitle)
	drawTable(pdf, r.Words, r.table(r.Activities, []float64{74, 22, 28, 24, 26}, "L", "R", "R", "R", "R"),
		func() { section(pdf, r.continued(r.ActivitiesTitle)) })

	// Volunteers, involvement, wellbeing.
	pdf.AddPage()
	section(pdf, r.VolunteersTitle)
	drawTable(pdf, r.Words, r.table(r.Volunteers, []float64{110, 50}, "L", "R"), nil)
	section(pdf, r.InvolvementTitle)
	drawTable(pdf, r.Words, r.table(r.Involvement, []float64{110, 50}, "L", "R"), nil)
	section(pdf, r.WellbeingTitle)
	drawTable(pdf, r.Words, r.table(r.Wellbeing, []float64{60, 40, 50}, "L", "R", "R"), nil)
	pdf.SetFont(fontFamily, "", 9)
	pdf.MultiCell(0, 5, r.WellbeingNote, "", "L", false)

	// Appendix.
	pdf.AddPage()
	section(pdf, r.DefinitionsTitle)
	for _, d := range r.Definitions {
		if pdf.GetY()+14 > pageBottom {
			pdf.AddPage()
		}
		pdf.SetFont(fontFamily, "B", 11)
		pdf.MultiCell(0, 6, d.Term, "", "L", false)
		pdf.SetFont(fontFamily, "", 10)
		pdf.MultiCell(0, 5, d.Text, "", "L", false)
		pdf.Ln(2)
	}
	return finish(pdf, w)
}

// table lays out one of the report's tables with its column widths (mm) and alignments.
func (r ImpactReport) table(t Table, widths []float64, aligns ...string) table {
	return table{Caption: t.Caption, Headers: t.Headers, Rows: t.Rows, Widths: widths, Aligns: aligns}
}

func section(pdf *gofpdf.Fpdf, title string) {
	pdf.SetFont(fontFamily, "B", 16)
	pdf.SetTextColor(179, 64, 27)
	pdf.MultiCell(0, 9, title, "", "L", false)
	pdf.SetTextColor(29, 29, 27)
	pdf.Ln(1)
}

// weekChart draws visits per week as bars, with the week numbers below.
func weekChart(pdf *gofpdf.Fpdf, c Chart) {
	const x0, w, h = 18.0, 174.0, 60.0
	maxV := 0
	for _, b := range c.Bars {
		maxV = max(maxV, b.Value)
	}
	// The highest week is named on a line of its own above the bars, so the tallest
	// bar never runs into it.
	pdf.SetFont(fontFamily, "", 7)
	pdf.SetXY(x0, pdf.GetY()+2)
	if maxV > 0 {
		pdf.CellFormat(w, 4, c.Max, "", 0, "R", false, 0, "")
	}
	y0 := pdf.GetY() + 5
	pdf.SetDrawColor(120, 120, 120)
	pdf.Line(x0, y0+h, x0+w, y0+h)
	if len(c.Bars) > 0 && maxV > 0 {
		slot := w / float64(len(c.Bars))
		pdf.SetFillColor(31, 92, 122)
		every := 1 + len(c.Bars)/26 // label at most about 26 weeks
		for i, b := range c.Bars {
			bh := h * float64(b.Value) / float64(maxV)
			x := x0 + float64(i)*slot
			pdf.Rect(x+slot*0.15, y0+h-bh, slot*0.7, bh, "F")
			if i%every == 0 {
				pdf.SetXY(x, y0+h+0.5)
				pdf.CellFormat(slot, 4, b.Label, "", 0, "C", false, 0, "") // under its bar
			}
		}
	}
	pdf.SetFont(fontFamily, "", 9)
	pdf.SetXY(x0, y0+h+5)
	pdf.CellFormat(w, 5, c.Caption, "", 1, "C", false, 0, "")
	pdf.Ln(4)
}

// dimensionChart draws the visits per dimension as horizontal bars with their names.
func dimensionChart(pdf *gofpdf.Fpdf, bars []Bar) {
	const x0, label, w = 18.0, 44.0, 120.0
	maxV := 0
	for _, b := range bars {
		maxV = max(maxV, b.Value)
	}
	pdf.SetFont(fontFamily, "", 9)
	for _, b := range bars {
		y := pdf.GetY()
		pdf.SetXY(x0, y)
		pdf.CellFormat(label, 6, b.Label, "", 0, "L", false, 0, "")
		bw := 0.0
		if maxV > 0 {
			bw = w * float64(b.Value) / float64(maxV)
		}
		pdf.SetFillColor(31, 92, 122)
		if bw > 0 {
			pdf.Rect(x0+label, y+1, bw, 4, "F")
		}
		pdf.SetXY(x0+label+bw+2, y)
		value, cw := strconv.Itoa(b.Value), 20.0
		if b.Text != "" { // a hidden figure has no bar, so its words have room
			value, cw = b.Text, 40
		}
		pdf.CellFormat(cw, 6, value, "", 1, "L", false, 0, "")
	}
	pdf.Ln(3)
}
