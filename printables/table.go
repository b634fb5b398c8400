package printables

import (
	"strconv"
	"strings"

	"github.com/jung-kurt/gofpdf"
)

// table is a simple bordered table.
type table struct {
	Caption string
	Headers []string
	Widths  []float64 // mm
	Aligns  []string  // "L", "R" per column; empty = L
	Rows    [][]string
	RowH    float64
}

// pageBottom is where content stops, above the footer.
const pageBottom = 280.0

// drawTable writes t from the current position. When a row does not fit, it starts a
// new page, calls onNewPage (to repeat a page heading), and repeats the table header
// with the caption marked as continued.
func drawTable(pdf *gofpdf.Fpdf, words Words, t table, onNewPage func()) {
	if t.RowH == 0 {
		t.RowH = 7
	}
	header := func(caption string) {
		if caption != "" {
			pdf.SetFont(fontFamily, "B", 12)
			pdf.CellFormat(0, 8, caption, "", 1, "L", false, 0, "")
		}
		pdf.SetFont(fontFamily, "B", 10)
		pdf.SetFillColor(234, 229, 218)
		for i, h := range t.Headers {
			pdf.CellFormat(t.Widths[i], t.RowH, h, "1", 0, align(t.Aligns, i), true, 0, "")
		}
		pdf.Ln(-1)
		pdf.SetFont(fontFamily, "", 10)
	}
	newPage := func() {
		pdf.AddPage()
		if onNewPage != nil {
			onNewPage()
		}
	}
	if pdf.GetY()+3*t.RowH+8 > pageBottom {
		newPage()
	}
	header(t.Caption)
	for _, row := range t.Rows {
		if pdf.GetY()+t.RowH > pageBottom {
			newPage()
			header(words.continued(t.Caption))
		}
		for i, cell := range row {
			pdf.CellFormat(t.Widths[i], t.RowH, fit(pdf, cell, t.Widths[i]), "1", 0, align(t.Aligns, i), false, 0, "")
		}
		pdf.Ln(-1)
	}
	pdf.Ln(4)
}

func align(aligns []string, i int) string {
	if i < len(aligns) && aligns[i] != "" {
		return aligns[i]
	}
	return "L"
}

// fit shortens text with "…" so it fits in a cell of width w (mm).
func fit(pdf *gofpdf.Fpdf, text string, w float64) string {
	if pdf.GetStringWidth(text) <= w-2 {
		return text
	}
	runes := []rune(text)
	for len(runes) > 0 && pdf.GetStringWidth(string(runes)+"…") > w-2 {
		runes = runes[:len(runes)-1]
	}
	return string(runes) + "…"
}

// pageNumbers puts "Pagina x van y" (words.PageOf) at the bottom of every page.
func pageNumbers(pdf *gofpdf.Fpdf, words Words) {
	pdf.AliasNbPages("{nb}")
	pageOf := strings.Replace(words.PageOf, "{pages}", "{nb}", 1)
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont(fontFamily, "", 9)
		pdf.SetTextColor(90, 90, 90)
		pdf.CellFormat(0, 5, strings.Replace(pageOf, "{page}", strconv.Itoa(pdf.PageNo()), 1), "", 0, "C", false, 0, "")
		pdf.SetTextColor(29, 29, 27)
	})
}
