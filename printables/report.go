package printables

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"

	"onshuis/format"
	"onshuis/models"
)

// ImpactReport is the report for partners and financiers: figures only, no personal data.
type ImpactReport struct {
	Scope          string // "Ons Huis van de Wijk" or "Alle buurthuizen"
	PeriodLabel    string // "november 2026", "4e kwartaal 2026", …
	Figures        *models.ReportFigures
	HourValueCents int64
	Created        time.Time
}

// ThemeLabels are the Dutch names of the prevention themes.
var ThemeLabels = map[string]string{
	"meeting": "Ontmoeting (eenzaamheid)", "moving": "Bewegen", "food": "Gezond eten", "language": "Taal",
	"work": "Werk en vaardigheden", "health": "Gezondheid en EHBO", "youth": "Kinderen en jongeren", "creativity": "Creativiteit",
}

// Definitions are the short Dutch definitions of every figure, for the appendix (and
// the report page).
var Definitions = [][2]string{
	{"Bezoeken", "Elke keer dat iemand incheckt of door de gastvrouw geteld wordt. Wie op één dag vaker scant, telt één keer."},
	{"Unieke bezoekers", "Verschillende bezoekers in de periode: verschillende telefoons en accounts, plus iedereen die de gastvrouw telde (die telt elk als één)."},
	{"Nieuwe bezoekers", "Bezoekers die in de periode voor het eerst ooit in het buurthuis kwamen. Getelde bezoekers zijn nooit nieuw."},
	{"Terugkerende bezoekers", "Unieke bezoekers met telefoon of account min de nieuwe bezoekers."},
	{"Vaste bezoekers", "Bezoekers die in een week kwamen én in minstens 3 van de 4 weken tot en met die week. Het getal in de samenvatting is het gemiddelde per week."},
	{"Week", "ISO-week, van maandag 00:00 tot zondag 24:00 Nederlandse tijd."},
	{"Bezoeken per thema", "Aanmeldingen bij de deur voor activiteiten met dat thema. Een activiteit met twee thema's telt bij allebei."},
	{"Bijeenkomsten gehouden", "Keren dat een activiteit plaatsvond: niet afgelast en al begonnen."},
	{"Gemiddelde opkomst", "Aanmeldingen bij de deur voor een activiteit, gedeeld door het aantal gehouden bijeenkomsten."},
	{"Vulgraad", "Gemiddelde opkomst gedeeld door het aantal plaatsen. Alleen voor activiteiten met aanmelding; vrije inloop heeft geen vulgraad."},
	{"Wachtlijst", "Aantal mensen dat nu op de wachtlijst staat."},
	{"Actieve vrijwilligers", "Vrijwilligers met bevestigde uren in de periode."},
	{"Vrijwilligersuren", "Bevestigde uren van vrijwilligers bij bijeenkomsten in de periode."},
	{"Waarde vrijwilligersuren", "Vrijwilligersuren maal het ingestelde uurbedrag."},
	{"Voorstellen", "Activiteiten die bewoners in de periode voorstelden (ingediend, geen concept)."},
	{"Goedgekeurd", "Voorstellen die in de periode zijn goedgekeurd. Het aandeel is goedgekeurd gedeeld door goedgekeurd plus afgewezen."},
	{"Door bewoners geleid", "Lopende activiteiten waarvan de begeleider een bewoner is."},
	{"Behoeften geregeld", "Behoeften van activiteiten en vrijwilligers die in de periode als geregeld zijn gemarkeerd."},
	{"Welzijn", "Vrijwillig, anoniem cijfer van 1 tot 10 bij het inchecken. Het gemiddelde staat er alleen bij 5 antwoorden of meer."},
}

// WriteImpactReport renders the impact report: a one-page summary, then the tables and
// the weekly chart, then the definitions.
func WriteImpactReport(w io.Writer, r ImpactReport) error {
	f := r.Figures
	pdf := newPDF("P", r.Created, "Impactrapportage "+r.Scope+" – "+r.PeriodLabel)
	pdf.SetMargins(18, 16, 18)
	pdf.SetAutoPageBreak(false, 14)
	pageNumbers(pdf)

	// Summary.
	pdf.AddPage()
	pdf.SetTextColor(179, 64, 27)
	pdf.SetFont(fontFamily, "B", 24)
	pdf.MultiCell(0, 11, "Impactrapportage", "", "L", false)
	pdf.SetTextColor(29, 29, 27)
	pdf.SetFont(fontFamily, "B", 16)
	pdf.MultiCell(0, 8, r.Scope+" · "+r.PeriodLabel, "", "L", false)
	pdf.SetFont(fontFamily, "", 10)
	pdf.SetTextColor(90, 90, 90)
	pdf.MultiCell(0, 5, fmt.Sprintf("Periode %s t/m %s. Alleen aantallen, geen persoonsgegevens. Definities staan in de bijlage.", dayMonthYear(f.Period.From), dayMonthYear(f.Period.To)), "", "L", false)
	pdf.SetTextColor(29, 29, 27)
	pdf.Ln(4)
	summary := [][2]string{
		{"Bezoeken", format.Number(int64(f.Totals.Visits))},
		{"Unieke bezoekers", format.Number(int64(f.Totals.Unique))},
		{"Nieuwe bezoekers", format.Number(int64(f.Totals.New))},
		{"Terugkerende bezoekers", format.Number(int64(f.Totals.Returning))},
		{"Vaste bezoekers (gem. per week)", format.Decimal(f.AvgRegulars)},
		{"Bijeenkomsten gehouden", format.Number(int64(f.SessionsHeld))},
		{"Gemiddelde opkomst", format.Decimal(f.AvgAttendance)},
		{"Vulgraad", percent(f.FillRate)},
		{"Actieve vrijwilligers", format.Number(int64(f.Volunteers.Active))},
		{"Vrijwilligersuren", format.Decimal(f.Volunteers.Hours())},
		{"Waarde vrijwilligersuren", format.Euro(f.Volunteers.ValueCents)},
		{"Voorstellen van bewoners", format.Number(int64(f.Involvement.Proposals))},
		{"Goedgekeurd", fmt.Sprintf("%d (%s)", f.Involvement.Approved, percent(shareOrNone(f.Involvement)))},
		{"Activiteiten door bewoners geleid", format.Number(int64(f.Involvement.ResidentLed))},
		{"Behoeften geregeld", format.Number(int64(f.Involvement.NeedsArranged))},
		{"Welzijn (gemiddeld, 1–10)", mood(f.WellbeingAll)},
	}
	for i, s := range summary {
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
		pdf.CellFormat(78, 8, s[1], "", 2, "L", false, 0, "")
		pdf.SetX(x + 3)
		pdf.SetFont(fontFamily, "", 10)
		pdf.CellFormat(78, 6, s[0], "", 0, "L", false, 0, "")
		pdf.SetXY(18, y)
	}
	pdf.Ln(24)
	if top := topThemes(f.Themes, 3); top != "" {
		pdf.SetFont(fontFamily, "", 11)
		pdf.MultiCell(0, 6, "Meest bezochte thema's: "+top+".", "", "L", false)
	}

	// Visitors per week.
	pdf.AddPage()
	section(pdf, "Bezoekers per week")
	weekChart(pdf, f.Weeks)
	weeks := table{Headers: []string{"Week", "Bezoeken", "Unieke bezoekers", "Nieuw", "Vaste bezoekers"},
		Widths: []float64{34, 34, 38, 34, 34}, Aligns: []string{"L", "R", "R", "R", "R"}}
	for _, w := range f.Weeks {
		weeks.Rows = append(weeks.Rows, []string{format.WeekLabel(w.Week), format.Number(int64(w.Visits)), format.Number(int64(w.Unique)), format.Number(int64(w.New)), format.Number(int64(w.Regulars))})
	}
	drawTable(pdf, weeks, func() { section(pdf, "Bezoekers per week (vervolg)") })
	drawTable(pdf, table{Caption: "Nieuwe en terugkerende bezoekers", Headers: []string{"Cijfer", "Aantal"}, Widths: []float64{110, 40}, Aligns: []string{"L", "R"},
		Rows: [][]string{{"Nieuwe bezoekers", format.Number(int64(f.Totals.New))}, {"Terugkerende bezoekers", format.Number(int64(f.Totals.Returning))},
			{"Geteld door de gastvrouw (zonder telefoon)", format.Number(int64(f.Totals.Headcounts))}, {"Vaste bezoekers, gemiddeld per week", format.Decimal(f.AvgRegulars)}}}, nil)

	// Themes and activities.
	pdf.AddPage()
	section(pdf, "Preventie: bezoeken per thema")
	themes := table{Headers: []string{"Thema", "Aanmeldingen bij de deur"}, Widths: []float64{110, 60}, Aligns: []string{"L", "R"}}
	for _, t := range f.Themes {
		themes.Rows = append(themes.Rows, []string{ThemeLabels[t.Theme], format.Number(int64(t.Visits))})
	}
	drawTable(pdf, themes, nil)
	section(pdf, "Activiteiten")
	acts := table{Headers: []string{"Activiteit", "Gehouden", "Gem. opkomst", "Vulgraad", "Wachtlijst"},
		Widths: []float64{74, 22, 28, 24, 26}, Aligns: []string{"L", "R", "R", "R", "R"}}
	for _, a := range f.Activities {
		acts.Rows = append(acts.Rows, []string{a.Title, format.Number(int64(a.SessionsHeld)), format.Decimal(a.AvgAttendance), percent(a.FillRate), format.Number(int64(a.Waitlist))})
	}
	acts.Rows = append(acts.Rows, []string{"Totaal", format.Number(int64(f.SessionsHeld)), format.Decimal(f.AvgAttendance), percent(f.FillRate), ""})
	drawTable(pdf, acts, func() { section(pdf, "Activiteiten (vervolg)") })

	// Volunteers, involvement, wellbeing.
	pdf.AddPage()
	section(pdf, "Vrijwilligers")
	drawTable(pdf, table{Headers: []string{"Cijfer", "Waarde"}, Widths: []float64{110, 50}, Aligns: []string{"L", "R"}, Rows: [][]string{
		{"Actieve vrijwilligers", format.Number(int64(f.Volunteers.Active))},
		{"Vrijwilligersuren", format.Decimal(f.Volunteers.Hours())},
		{"Waarde per uur", format.Euro(r.HourValueCents)},
		{"Waarde vrijwilligersuren", format.Euro(f.Volunteers.ValueCents)}}}, nil)
	section(pdf, "Collectieve betrokkenheid")
	drawTable(pdf, table{Headers: []string{"Cijfer", "Aantal"}, Widths: []float64{110, 50}, Aligns: []string{"L", "R"}, Rows: [][]string{
		{"Voorstellen van bewoners", format.Number(int64(f.Involvement.Proposals))},
		{"Goedgekeurd", format.Number(int64(f.Involvement.Approved))},
		{"Afgewezen (met reden)", format.Number(int64(f.Involvement.Declined))},
		{"Aandeel goedgekeurd", percent(shareOrNone(f.Involvement))},
		{"Activiteiten door bewoners geleid", format.Number(int64(f.Involvement.ResidentLed))},
		{"Behoeften geregeld", format.Number(int64(f.Involvement.NeedsArranged))}}}, nil)
	section(pdf, "Welzijn")
	wb := table{Headers: []string{"Maand", "Antwoorden", "Gemiddeld (1–10)"}, Widths: []float64{60, 40, 50}, Aligns: []string{"L", "R", "R"}}
	for _, m := range f.Wellbeing {
		wb.Rows = append(wb.Rows, []string{monthYear(m.Month), format.Number(int64(m.Count)), mood(m.MoodFigure)})
	}
	wb.Rows = append(wb.Rows, []string{"Hele periode", format.Number(int64(f.WellbeingAll.Count)), mood(f.WellbeingAll)})
	drawTable(pdf, wb, nil)
	pdf.SetFont(fontFamily, "", 9)
	pdf.MultiCell(0, 5, "— betekent: minder dan 5 antwoorden; het gemiddelde blijft dan weg, zodat niemand te herkennen is.", "", "L", false)

	// Appendix.
	pdf.AddPage()
	section(pdf, "Bijlage: wat betekenen de cijfers?")
	for _, d := range Definitions {
		if pdf.GetY()+14 > pageBottom {
			pdf.AddPage()
		}
		pdf.SetFont(fontFamily, "B", 11)
		pdf.MultiCell(0, 6, d[0], "", "L", false)
		pdf.SetFont(fontFamily, "", 10)
		pdf.MultiCell(0, 5, d[1], "", "L", false)
		pdf.Ln(2)
	}
	return finish(pdf, w)
}

func section(pdf *gofpdf.Fpdf, title string) {
	pdf.SetFont(fontFamily, "B", 16)
	pdf.SetTextColor(179, 64, 27)
	pdf.MultiCell(0, 9, title, "", "L", false)
	pdf.SetTextColor(29, 29, 27)
	pdf.Ln(1)
}

// weekChart draws visits per week as bars, with the week numbers below.
func weekChart(pdf *gofpdf.Fpdf, weeks []models.ReportWeek) {
	const x0, w, h = 18.0, 174.0, 60.0
	maxV := 0
	for _, wk := range weeks {
		maxV = max(maxV, wk.Visits)
	}
	// The highest week is named on a line of its own above the bars, so the tallest
	// bar never runs into it.
	pdf.SetFont(fontFamily, "", 7)
	pdf.SetXY(x0, pdf.GetY()+2)
	if maxV > 0 {
		pdf.CellFormat(w, 4, "hoogste week: "+format.Number(int64(maxV))+" bezoeken", "", 0, "R", false, 0, "")
	}
	y0 := pdf.GetY() + 5
	pdf.SetDrawColor(120, 120, 120)
	pdf.Line(x0, y0+h, x0+w, y0+h)
	if len(weeks) > 0 && maxV > 0 {
		slot := w / float64(len(weeks))
		pdf.SetFillColor(31, 92, 122)
		every := 1 + len(weeks)/26 // label at most about 26 weeks
		for i, wk := range weeks {
			bh := h * float64(wk.Visits) / float64(maxV)
			x := x0 + float64(i)*slot
			pdf.Rect(x+slot*0.15, y0+h-bh, slot*0.7, bh, "F")
			if i%every == 0 {
				pdf.SetXY(x, y0+h+0.5)
				pdf.CellFormat(slot, 4, strings.TrimLeft(wk.Week[6:], "0"), "", 0, "C", false, 0, "") // under its bar
			}
		}
	}
	pdf.SetFont(fontFamily, "", 9)
	pdf.SetXY(x0, y0+h+5)
	pdf.CellFormat(w, 5, "Bezoeken per week (weeknummer)", "", 1, "C", false, 0, "")
	pdf.Ln(4)
}

// dayMonthYear shows a date "2026-01-01" as "1 januari 2026".
func dayMonthYear(date string) string {
	t, err := time.Parse("2006-01-02", date)
	if err != nil {
		return date
	}
	return fmt.Sprintf("%d %s %d", t.Day(), dutchMonths[t.Month()-1], t.Year())
}

// monthYear shows a month "2026-09" as "september 2026"; other labels stay as they are.
func monthYear(month string) string {
	t, err := time.Parse("2006-01", month)
	if err != nil {
		return month
	}
	return fmt.Sprintf("%s %d", dutchMonths[t.Month()-1], t.Year())
}

// percent shows a share as "83%", or "—" when there is none (negative).
func percent(share float64) string {
	if share < 0 {
		return "—"
	}
	return fmt.Sprintf("%d%%", int(share*100+0.5))
}

func shareOrNone(inv models.Involvement) float64 {
	if inv.Approved+inv.Declined == 0 {
		return -1
	}
	return inv.ApprovedShare
}

func mood(m models.MoodFigure) string {
	if !m.Shown {
		return "—"
	}
	return format.Decimal(m.Average)
}

func topThemes(themes []models.ThemeCount, n int) string {
	sorted := append([]models.ThemeCount(nil), themes...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Visits > sorted[j].Visits })
	var names []string
	for _, t := range sorted {
		if len(names) == n || t.Visits == 0 {
			break
		}
		names = append(names, strings.ToLower(ThemeLabels[t.Theme]))
	}
	return strings.Join(names, ", ")
}
