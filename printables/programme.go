package printables

import (
	"fmt"
	"io"
	"time"
)

// PosterItem is one session on the programme poster.
type PosterItem struct {
	Start, End time.Time // in the centre's zone
	Title      string
	Room       string
	WalkIn     bool
	Cancelled  bool
}

// PosterDay is one day of the programme poster.
type PosterDay struct {
	Date  time.Time
	Items []PosterItem
}

// ProgrammePoster is a week's programme for the notice board.
type ProgrammePoster struct {
	CentreName string
	WeekNumber int
	Days       []PosterDay
	CheckInURL string // the door's QR code goes in a corner
	Created    time.Time
}

// WriteProgrammePoster renders the week's programme on A4 in large type (readable from
// two metres), by day, with the centre's check-in QR code in the top corner.
func WriteProgrammePoster(w io.Writer, p ProgrammePoster) error {
	pdf := newPDF("P", p.Created, fmt.Sprintf("Programma week %d – %s", p.WeekNumber, p.CentreName))
	pdf.SetMargins(14, 14, 14)
	pdf.SetAutoPageBreak(false, 12)
	pageNumbers(pdf)
	const qr = 38.0
	first := true
	heading := func() {
		pdf.SetTextColor(179, 64, 27)
		pdf.SetFont(fontFamily, "B", 30)
		width := 210.0 - 28
		if first {
			width -= qr + 4
		}
		pdf.MultiCell(width, 13, fmt.Sprintf("Programma week %d", p.WeekNumber), "", "L", false)
		pdf.SetTextColor(29, 29, 27)
		pdf.SetFont(fontFamily, "", 18)
		if len(p.Days) == 7 {
			pdf.MultiCell(width, 9, fmt.Sprintf("%s · %d %s – %d %s", p.CentreName, p.Days[0].Date.Day(), dutchMonths[p.Days[0].Date.Month()-1],
				p.Days[6].Date.Day(), dutchMonths[p.Days[6].Date.Month()-1]), "", "L", false)
		}
		if first {
			pdf.SetFont(fontFamily, "", 10)
			if err := addQR(pdf, "programme-qr", p.CheckInURL, 210-14-qr, 12, qr); err == nil {
				pdf.SetXY(210-14-qr-4, 12+qr)
				pdf.CellFormat(qr+8, 5, "Scan bij binnenkomst", "", 0, "C", false, 0, "")
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
	for _, d := range p.Days {
		need := 13.0 + 8.5*float64(max(len(d.Items), 1))
		if pdf.GetY()+need > pageBottom && pdf.GetY() > 60 {
			pdf.AddPage()
			heading()
		}
		pdf.SetFont(fontFamily, "B", 19)
		pdf.SetFillColor(234, 229, 218)
		pdf.CellFormat(0, 10, fmt.Sprintf("%s %d %s", dutchDays[d.Date.Weekday()], d.Date.Day(), dutchMonths[d.Date.Month()-1]), "", 1, "L", true, 0, "")
		pdf.Ln(1)
		if len(d.Items) == 0 {
			pdf.SetFont(fontFamily, "", 15)
			pdf.SetTextColor(90, 90, 90)
			pdf.CellFormat(0, 8.5, "Huiskamer open, geen activiteiten", "", 1, "L", false, 0, "")
			pdf.SetTextColor(29, 29, 27)
		}
		for _, it := range d.Items {
			if pdf.GetY()+8.5 > pageBottom {
				pdf.AddPage()
				heading()
			}
			pdf.SetFont(fontFamily, "B", 16)
			pdf.CellFormat(42, 8.5, it.Start.Format("15:04")+"–"+it.End.Format("15:04"), "", 0, "L", false, 0, "")
			title := it.Title
			if it.Cancelled {
				title += " – gaat niet door"
			}
			pdf.SetFont(fontFamily, "", 16)
			extra := it.Room
			if it.WalkIn {
				if extra != "" {
					extra += ", "
				}
				extra += "vrije inloop"
			}
			if extra != "" {
				title += " (" + extra + ")"
			}
			pdf.CellFormat(0, 8.5, fit(pdf, title, 210-28-42), "", 1, "L", false, 0, "")
		}
		pdf.Ln(2)
	}
	pdf.SetFont(fontFamily, "", 13)
	if pdf.GetY()+14 < pageBottom {
		pdf.MultiCell(0, 7, "Alle activiteiten zijn gratis. Iedereen is welkom. Vragen? Loop binnen of vraag de gastvrouw.", "", "L", false)
	}
	return finish(pdf, w)
}
