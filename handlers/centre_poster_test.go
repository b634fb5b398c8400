package handlers_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"onshuis/app"
	"onshuis/app/apptest"
	"onshuis/models"
)

// Anyone prints a centre's week as a poster from its programme page: the week shown,
// that centre's activities only, and a QR code that leads to the centre's page, never
// to the door's check-in. A reader that has it gets 304 while nothing changed; a
// closed centre has no poster (410), an unknown one none either (404).
func TestCentrePoster(t *testing.T) {
	apptest.RequireTool(t, "pdftoppm")
	apptest.RequireTool(t, "zbarimg")
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db, func(c *app.Config) { c.BaseURL = "https://onshuis.example" })
		twoCentresWithActivities(t, s)
		visitor := s.Client()
		page := visitor.Get("/centra/schadewijk?week=2026-W50").Body
		href := link(t, page, "Poster van deze week om op te hangen (pdf)")
		if href != "/centra/schadewijk/poster.pdf?week=2026-W50" {
			t.Fatalf("poster link %q", href)
		}
		r := visitor.Get(href)
		if r.Status != 200 || r.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("poster: %d %s", r.Status, r.Header.Get("Content-Type"))
		}
		text := pdfText(t, []byte(r.Body))
		for _, want := range []string{"Programma week 50", "Huis van de Wijk Schadewijk", "7 december – 13 december", "Fietsreparatie", "Scan voor het hele programma"} {
			if !strings.Contains(text, want) {
				t.Errorf("the poster lacks %q:\n%s", want, text)
			}
		}
		if strings.Contains(text, "Koffie-inloop") {
			t.Error("the poster of Schadewijk shows Ruwaard's activity")
		}
		var b models.Centre
		s.DB.Where("slug = ?", "schadewijk").Take(&b)
		if got := decodeQR(t, []byte(r.Body)); got != "https://onshuis.example/centra/schadewijk" || strings.Contains(got, b.DoorCode) {
			t.Errorf("the poster's QR code leads to %q, want the centre's page", got)
		}

		req := httptest.NewRequest(http.MethodGet, href, nil)
		req.Header.Set("If-None-Match", r.Header.Get("ETag"))
		if again := visitor.Do(req); again.Status != 304 {
			t.Errorf("asked again with its ETag: %d, want 304", again.Status)
		}
		for url, want := range map[string]int{
			"/centra/gesloten/poster.pdf":                 410,
			"/centra/bestaatniet/poster.pdf":              404,
			"/centra/schadewijk/poster.pdf?week=gisteren": 404,
		} {
			if r := visitor.Get(url); r.Status != want {
				t.Errorf("%s: %d, want %d", url, r.Status, want)
			}
		}
	})
}
