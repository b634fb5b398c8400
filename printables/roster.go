package printables

import (
	"fmt"
	"io"
	"time"

	"github.com/jung-kurt/gofpdf"
)

// RosterPerson is a name on a roster with the contact details the lead needs.
type RosterPerson struct {
	Name    string
	Contact string
}

// RosterList is one numbered table of a roster: the participants, the people who walk
// in, the waiting list, or the volunteers of a role.
type RosterList struct {
	Caption string // "Deelnemers (2 van 10)"
	People  []RosterPerson
	Blanks  int // empty rows after the people, to write in by hand
	From    int // the number of the first row; 0 counts from 1
}

// RosterSession is everything one session's roster shows, every word already in the
// reader's language.
type RosterSession struct {
	Title     string // the activity
	When      string // "dinsdag 1 december 2026, 14:00–16:00 · Keuken · Ons Huis van de Wijk"
	Lead      string // "Begeleiding: Ayşe Yılmaz", or empty
	Cancelled string // "GAAT NIET DOOR: ziek", or empty
	Lists     []RosterList
	// Entry says where the filled-in sheet is entered afterwards: a line with the short
	// address ("Na afloop invoeren: onshuis.nl/p/12") and a QR code to the same page.
	Entry    string
	EntryURL string
}

// Rosters are the rosters of one or more sessions, printed together.
type Rosters struct {
	DocTitle string
	Sessions []RosterSession
	Columns  [4]string // "#", "Naam", "Contact", "Handtekening"
	Empty    string    // the only line when there are no sessions
	Words
	Created time.Time
}

// WriteRosters writes the rosters, each session starting on a new page, with the table
// header repeated after a page break and "Pagina x van y" at the bottom.
func WriteRosters(w io.Writer, r Rosters) error {
	pdf := newPDF("P", r.Created, r.DocTitle)
	pdf.SetMargins(15, 15, 15)
	pdf.SetAutoPageBreak(false, 15)
	pageNumbers(pdf, r.Words)
	for _, s := range r.Sessions {
		writeRoster(pdf, r, s)
	}
	if len(r.Sessions) == 0 {
		pdf.AddPage()
		pdf.SetFont(fontFamily, "", 14)
		pdf.Cell(0, 10, r.Empty)
	}
	return finish(pdf, w)
}

func writeRoster(pdf *gofpdf.Fpdf, r Rosters, s RosterSession) {
	pdf.AddPage()
	const qrSize = 24.0
	head := func(continued bool) {
		width := 0.0 // to the right margin
		if s.EntryURL != "" && !continued {
			pageW, _ := pdf.GetPageSize()
			_, _, right, _ := pdf.GetMargins()
			// One width per page (see addQRPixels), so the bundle is the same file each time.
			if err := addQRPixels(pdf, fmt.Sprintf("entry-%d", pdf.PageNo()), s.EntryURL, pageW-right-qrSize, pdf.GetY(), qrSize, 400+pdf.PageNo()); err != nil {
				pdf.SetError(err)
			}
			width = pageW - 2*right - qrSize - 4
		}
		top := pdf.GetY()
		pdf.SetTextColor(29, 29, 27)
		pdf.SetFont(fontFamily, "B", 18)
		t := s.Title
		if continued {
			t = r.continued(t)
		}
		pdf.MultiCell(width, 8, t, "", "L", false)
		pdf.SetFont(fontFamily, "", 11)
		pdf.MultiCell(width, 6, s.When, "", "L", false)
		if s.Lead != "" {
			pdf.MultiCell(width, 6, s.Lead, "", "L", false)
		}
		if s.Entry != "" && !continued {
			pdf.SetFont(fontFamily, "B", 11)
			pdf.MultiCell(width, 6, s.Entry, "", "L", false)
			pdf.SetFont(fontFamily, "", 11)
			if y := top + qrSize + 1; pdf.GetY() < y {
				pdf.SetY(y) // the table starts below the QR code
			}
		}
		if s.Cancelled != "" {
			pdf.SetTextColor(163, 22, 26)
			pdf.SetFont(fontFamily, "B", 12)
			pdf.MultiCell(0, 7, s.Cancelled, "", "L", false)
			pdf.SetTextColor(29, 29, 27)
		}
		pdf.Ln(2)
	}
	head(false)
	again := func() { head(true) }
	for _, l := range s.Lists {
		from := max(l.From, 1)
		t := table{Caption: l.Caption, Headers: r.Columns[:], Widths: []float64{10, 70, 65, 35}, RowH: 8}
		for i := 0; i < len(l.People)+l.Blanks; i++ {
			row := []string{fmt.Sprint(from + i), "", "", ""}
			if i < len(l.People) {
				row[1], row[2] = l.People[i].Name, l.People[i].Contact
			}
			t.Rows = append(t.Rows, row)
		}
		drawTable(pdf, r.Words, t, again)
	}
}
