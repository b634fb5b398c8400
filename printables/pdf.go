package printables

import (
	"bytes"
	"fmt"
	"io"
	"time"

	"github.com/go-fonts/liberation/liberationsansbold"
	"github.com/go-fonts/liberation/liberationsansregular"
	"github.com/jung-kurt/gofpdf"
	qrcode "github.com/skip2/go-qrcode"
)

// fontFamily is the one typeface of every PDF: Liberation Sans, regular and bold. It is
// a UTF-8 TrueType font, so names such as Ayşe Yılmaz, Łukasz Wójcik and Zoë print as
// written, and a proportional face whose digits and "·" are its own. (The Go fonts,
// used before, draw their digits the way Go Mono does, narrow with a slashed zero, and
// set the middle dot high: figures looked like another typeface.) Liberation Sans has
// Arial's widths, the sans-serif the site's own font list falls back on.
const fontFamily = "LiberationSans"

// Words are the words every multi-page PDF needs, in the reader's language.
type Words struct {
	PageOf    string // the footer, "Pagina {page} van {pages}"
	Continued string // after a heading repeated on the next page: "(vervolg)"
}

// continued is heading with the "(vervolg)" mark.
func (w Words) continued(heading string) string {
	if heading == "" || w.Continued == "" {
		return heading
	}
	return heading + " " + w.Continued
}

// newPDF starts an A4 document with the embedded fonts and a fixed creation date, so
// the same data gives the same bytes.
func newPDF(orientation string, created time.Time, title string) *gofpdf.Fpdf {
	pdf := gofpdf.New(orientation, "mm", "A4", "")
	pdf.AddUTF8FontFromBytes(fontFamily, "", liberationsansregular.TTF)
	pdf.AddUTF8FontFromBytes(fontFamily, "B", liberationsansbold.TTF)
	pdf.SetCreationDate(created)
	pdf.SetModificationDate(created)
	pdf.SetCatalogSort(true)
	pdf.SetTitle(title, true)
	pdf.SetCreator("Ons Huis", true)
	pdf.SetProducer("Ons Huis", true)
	pdf.SetFont(fontFamily, "", 11)
	return pdf
}

// addQR draws a QR code for url at x, y with side size (mm). name must be unique in the
// document: gofpdf caches images by name.
func addQR(pdf *gofpdf.Fpdf, name, url string, x, y, size float64) error {
	return addQRPixels(pdf, name, url, x, y, size, 1024)
}

// addQRPixels is addQR with the image's width in pixels. gofpdf writes its images in
// the order of their pixel width, and images of equal width in the random order of a
// map: a document with several QR codes is only the same file every time when each
// has a width of its own.
func addQRPixels(pdf *gofpdf.Fpdf, name, url string, x, y, size float64, pixels int) error {
	png, err := qrcode.Encode(url, qrcode.Medium, pixels)
	if err != nil {
		return fmt.Errorf("qr: unable to encode %q: %w", url, err)
	}
	opts := gofpdf.ImageOptions{ImageType: "PNG"}
	pdf.RegisterImageOptionsReader(name, opts, bytes.NewReader(png))
	pdf.ImageOptions(name, x, y, size, size, false, opts, 0, "")
	return nil
}

// finish writes the document, reporting gofpdf's sticky error if any step failed.
func finish(pdf *gofpdf.Fpdf, w io.Writer) error {
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("pdf: unable to write: %w", err)
	}
	return nil
}

// QRPNG returns a QR code image of url, for screens.
func QRPNG(url string, size int) ([]byte, error) {
	png, err := qrcode.Encode(url, qrcode.Medium, size)
	if err != nil {
		return nil, fmt.Errorf("qr: unable to encode %q: %w", url, err)
	}
	return png, nil
}
