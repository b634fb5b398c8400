package printables

import (
	"io"
	"time"
)

// CallRow is one call to make: whom, their number, and what to tell them.
type CallRow struct {
	Name, Phone, Message string
}

// CallList is the printed call list of the people without e-mail, every word already
// in the reader's language.
type CallList struct {
	DocTitle string
	Intro    string
	Made     string    // "Gemaakt op …"
	Columns  [4]string // "Naam", "Telefoon", "Bericht", "Gebeld"
	Rows     []CallRow
	Empty    string // the only line when nobody needs a call
	Words
	Created time.Time
}

// WriteCallList writes the call list, with an empty box per row to tick.
func WriteCallList(w io.Writer, c CallList) error {
	pdf := newPDF("P", c.Created, c.DocTitle)
	pdf.SetMargins(15, 15, 15)
	pdf.SetAutoPageBreak(false, 15)
	pageNumbers(pdf, c.Words)
	head := func() {
		pdf.SetTextColor(29, 29, 27)
		pdf.SetFont(fontFamily, "B", 18)
		pdf.MultiCell(0, 8, c.DocTitle, "", "L", false)
		pdf.SetFont(fontFamily, "", 11)
		pdf.MultiCell(0, 6, c.Intro, "", "L", false)
		pdf.MultiCell(0, 6, c.Made, "", "L", false)
		pdf.Ln(2)
	}
	pdf.AddPage()
	head()
	if len(c.Rows) == 0 {
		pdf.SetFont(fontFamily, "", 14)
		pdf.Cell(0, 10, c.Empty)
		return finish(pdf, w)
	}
	t := table{Headers: c.Columns[:], Widths: []float64{40, 30, 95, 15}, RowH: 9}
	for _, r := range c.Rows {
		t.Rows = append(t.Rows, []string{r.Name, r.Phone, r.Message, ""})
	}
	drawTable(pdf, c.Words, t, head)
	return finish(pdf, w)
}
