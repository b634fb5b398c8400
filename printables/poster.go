package printables

import (
	"io"
	"time"
)

// DoorPoster is what the check-in poster at the door shows, every word already in the
// reader's language.
type DoorPoster struct {
	DocTitle      string // the PDF's title: "Inchecken – Ons Huis van de Wijk"
	CentreName    string
	Heading       string // "Welkom! Scan en tik: Ik ben er"
	Instruction   string // how to check in with a phone
	OtherLanguage string // the same in the other language, smaller
	NoPhone       string // "Geen telefoon? Meld je bij de gastvrouw."
	URL           string // BASE_URL/checkin/{doorcode}
	Created       time.Time
}

// WriteDoorPoster renders the A4 door poster: the centre's name, a large QR code to the
// check-in page, the instruction (and a line in the other language), and a line for
// people without a phone.
func WriteDoorPoster(w io.Writer, p DoorPoster) error {
	pdf := newPDF("P", p.Created, p.DocTitle)
	pdf.SetMargins(20, 20, 20)
	pdf.SetAutoPageBreak(false, 10)
	pdf.AddPage()
	const pageW = 210.0

	pdf.SetTextColor(179, 64, 27)
	pdf.SetFont(fontFamily, "B", 34)
	pdf.SetXY(20, 22)
	pdf.MultiCell(pageW-40, 14, p.CentreName, "", "C", false)

	pdf.SetTextColor(29, 29, 27)
	pdf.SetFont(fontFamily, "B", 30)
	pdf.SetX(20)
	pdf.MultiCell(pageW-40, 14, p.Heading, "", "C", false)

	const qrSize = 120.0
	qrY := pdf.GetY() + 6
	if err := addQR(pdf, "door-qr", p.URL, (pageW-qrSize)/2, qrY, qrSize); err != nil {
		return err
	}

	pdf.SetY(qrY + qrSize + 6)
	pdf.SetFont(fontFamily, "", 18)
	pdf.SetX(20)
	pdf.MultiCell(pageW-40, 9, p.Instruction, "", "C", false)
	pdf.Ln(2)
	pdf.SetTextColor(74, 74, 72)
	pdf.SetFont(fontFamily, "", 15)
	pdf.SetX(20)
	pdf.MultiCell(pageW-40, 7.5, p.OtherLanguage, "", "C", false)

	pdf.SetTextColor(29, 29, 27)
	pdf.SetFont(fontFamily, "B", 20)
	pdf.SetXY(20, 262)
	pdf.MultiCell(pageW-40, 10, p.NoPhone, "", "C", false)
	pdf.SetFont(fontFamily, "", 10)
	pdf.SetTextColor(74, 74, 72)
	pdf.SetXY(20, 280)
	pdf.CellFormat(pageW-40, 5, p.URL, "", 0, "C", false, 0, "")
	return finish(pdf, w)
}
