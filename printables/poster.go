package printables

import (
	"io"
	"time"
)

// DoorPoster is what the check-in poster at the door shows.
type DoorPoster struct {
	CentreName string
	URL        string // BASE_URL/checkin/{doorcode}
	Created    time.Time
}

// WriteDoorPoster renders the A4 door poster: a large QR code to the check-in page, the
// centre's name, a short instruction in Dutch and English, and a line for people
// without a phone.
func WriteDoorPoster(w io.Writer, p DoorPoster) error {
	pdf := newPDF("P", p.Created, "Inchecken – "+p.CentreName)
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
	pdf.MultiCell(pageW-40, 14, "Welkom! Scan en tik: Ik ben er", "", "C", false)

	const qrSize = 120.0
	qrY := pdf.GetY() + 6
	if err := addQR(pdf, "door-qr", p.URL, (pageW-qrSize)/2, qrY, qrSize); err != nil {
		return err
	}

	pdf.SetY(qrY + qrSize + 6)
	pdf.SetFont(fontFamily, "", 18)
	pdf.SetX(20)
	pdf.MultiCell(pageW-40, 9, "Richt de camera van je telefoon op de code en tik op „Ik ben er”. Zo tellen we wie er komt. Je naam is niet nodig.", "", "C", false)
	pdf.Ln(2)
	pdf.SetTextColor(74, 74, 72)
	pdf.SetFont(fontFamily, "", 15)
	pdf.SetX(20)
	pdf.MultiCell(pageW-40, 7.5, "English: scan the code with your phone's camera and tap “Ik ben er” (I am here).", "", "C", false)

	pdf.SetTextColor(29, 29, 27)
	pdf.SetFont(fontFamily, "B", 20)
	pdf.SetXY(20, 262)
	pdf.MultiCell(pageW-40, 10, "Geen telefoon? Meld je bij de gastvrouw.", "", "C", false)
	pdf.SetFont(fontFamily, "", 10)
	pdf.SetTextColor(74, 74, 72)
	pdf.SetXY(20, 280)
	pdf.CellFormat(pageW-40, 5, p.URL, "", 0, "C", false, 0, "")
	return finish(pdf, w)
}
