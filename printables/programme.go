package printables

import (
	"io"
	"time"
)

// PosterItem is one session on the programme poster.
type PosterItem struct {
	Time  string // "10:00–11:30"
	Title string // with "– gaat niet door" when it is called off
	Note  string // "huiskamer, vrije inloop"; shown in brackets after the title
}

// PosterDay is one day of the programme poster.
type PosterDay struct {
	Heading string // "maandag 30 november"
	Empty   string // what the day says without sessions, as the programme page does
	Items   []PosterItem
}

// ProgrammePoster is a week's programme for the notice board, every word already in
// the reader's language.
type ProgrammePoster struct {
	DocTitle   string // the PDF's title
	Title      string // "Programma week 49"
	CentreName string
	Dates      string // "30 november – 6 december"; printed on one line, never broken
	// QRURL goes in the top corner as a QR code, QRCaption under it: the door's
	// check-in on the coordinator's poster ("Scan bij binnenkomst"), the centre's
	// programme page on the public one.
	QRURL, QRCaption string
	Days             []PosterDay
	Footer           string // "Alle activiteiten zijn gratis. …"
	Words
	Created time.Time
}

// WriteProgrammePoster renders the week's programme on A4 in large type (readable from
// two metres), by day, with a QR code in the top corner.
func WriteProgrammePoster(w io.Writer, p ProgrammePoster) error {
	pdf := newPDF("P", p.Created, p.DocTitle)
	pdf.SetMargins(14, 14, 14)
	pdf.SetAutoPageBreak(false, 12)
	pageNumbers(pdf, p.Words)
	const qr = 38.0
	first := true
	heading := func() {
		pdf.SetTextColor(179, 64, 27)
		pdf.SetFont(fontFamily, "B", 30)
		width := 210.0 - 28
		if first {
			width -= qr + 4
		}
		pdf.MultiCell(width, 13, p.Title, "", "L", false)
		pdf.SetTextColor(29, 29, 27)
		pdf.SetFont(fontFamily, "", 18)
		// The centre and the week's dates on one line when they fit; else the dates on
		// a line of their own, so "6 december" never breaks in two.
		if line := p.CentreName + " · " + p.Dates; pdf.GetStringWidth(line) <= width-2 {
			pdf.MultiCell(width, 9, line, "", "L", false)
		} else {
			pdf.MultiCell(width, 9, p.CentreName, "", "L", false)
			pdf.CellFormat(width, 9, fit(pdf, p.Dates, width), "", 2, "L", false, 0, "")
		}
		if first {
			pdf.SetFont(fontFamily, "", 10)
			if err := addQR(pdf, "programme-qr", p.QRURL, 210-14-qr, 12, qr); err == nil {
				pdf.SetXY(210-14-qr-4, 12+qr)
				pdf.CellFormat(qr+8, 5, p.QRCaption, "", 0, "C", false, 0, "")
			}
			pdf.SetXY(14, pdf.GetY())
			if pdf.GetY() < 12+qr+8 {
				pdf.SetY(12 + qr + 8)
			}
		}
		pdf.Ln(3)
		first = false
	}
	pdf.AddPage()
	heading()
	const timeW, lineH = 42.0, 8.5
	titleW := 210 - 28 - timeW
	// An item's title, with its room and "vrije inloop" in brackets, wraps onto as many
	// lines as it needs: a poster that cuts off "vrije inloop" misleads.
	itemText := func(it PosterItem) string {
		if it.Note != "" {
			return it.Title + " (" + it.Note + ")"
		}
		return it.Title
	}
	itemLines := func(it PosterItem) int {
		pdf.SetFont(fontFamily, "", 16)
		return max(len(pdf.SplitText(itemText(it), titleW-2)), 1)
	}
	for _, d := range p.Days {
		lines := 0
		for _, it := range d.Items {
			lines += itemLines(it)
		}
		need := 13.0 + lineH*float64(max(lines, 1))
		if pdf.GetY()+need > pageBottom && pdf.GetY() > 60 {
			pdf.AddPage()
			heading()
		}
		pdf.SetFont(fontFamily, "B", 19)
		pdf.SetFillColor(234, 229, 218)
		pdf.CellFormat(0, 10, d.Heading, "", 1, "L", true, 0, "")
		pdf.Ln(1)
		if len(d.Items) == 0 {
			pdf.SetFont(fontFamily, "", 15)
			pdf.SetTextColor(90, 90, 90)
			pdf.CellFormat(0, 8.5, d.Empty, "", 1, "L", false, 0, "")
			pdf.SetTextColor(29, 29, 27)
		}
		for _, it := range d.Items {
			if pdf.GetY()+lineH*float64(itemLines(it)) > pageBottom {
				pdf.AddPage()
				heading()
			}
			pdf.SetFont(fontFamily, "B", 16)
			pdf.CellFormat(timeW, lineH, it.Time, "", 0, "L", false, 0, "")
			pdf.SetFont(fontFamily, "", 16)
			pdf.MultiCell(titleW, lineH, itemText(it), "", "L", false)
		}
		pdf.Ln(2)
	}
	pdf.SetFont(fontFamily, "", 13)
	if pdf.GetY()+14 < pageBottom {
		pdf.MultiCell(0, 7, p.Footer, "", "L", false)
	}
	return finish(pdf, w)
}
