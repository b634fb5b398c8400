package handlers

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"regexp"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// sendCSV writes rows as a CSV file that Dutch Excel opens as is: UTF-8 with a byte
// order mark, semicolons, CRLF. It is the one way the app writes CSV, so every cell
// passes through csvCell.
func sendCSV(c *fiber.Ctx, rows [][]string, filename string) error {
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	w := csv.NewWriter(&buf)
	w.Comma = ';'
	w.UseCRLF = true
	for _, row := range rows {
		cells := make([]string, len(row))
		for i, cell := range row {
			cells[i] = csvCell(cell)
		}
		if err := w.Write(cells); err != nil {
			return fmt.Errorf("csv: unable to write %s: %w", filename, err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return fmt.Errorf("csv: unable to write %s: %w", filename, err)
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+filename+`"`)
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return c.Send(buf.Bytes())
}

// csvNumber is a number as the app writes it in a CSV: 12, 7,5, 50,0%, 1250,00.
var csvNumber = regexp.MustCompile(`^-?[0-9]+(,[0-9]+)?%?$`)

// csvCell neutralises a cell that a spreadsheet would run as a formula (OWASP's CSV
// injection advice): text that starts with =, +, -, @, a tab or a carriage return gets
// a leading apostrophe, so an activity called =HYPERLINK(…) reads as that text. A
// plain number is no formula and stays a number.
func csvCell(cell string) string {
	if cell == "" || !strings.ContainsRune("=+-@\t\r", rune(cell[0])) || csvNumber.MatchString(cell) {
		return cell
	}
	return "'" + cell
}
