package e2e

import (
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"onshuis/app/apptest"
)

// download is a file a link on the page gives, fetched inside the page with the
// person's cookies, as following the link would.
type download struct {
	Status      int    `json:"status"`
	Type        string `json:"type"`
	Disposition string `json:"disposition"`
	Data        string `json:"data"`
	body        []byte
}

// fetchLink downloads what the link (a CSS selector) on the current page points to.
func (p *person) fetchLink(t *testing.T, link string) download {
	t.Helper()
	href := run(t, p, "read link", chromedp.AttributeValue(chromedp.CSS(link), "href"))
	got := run(t, p, "fetch "+href.Value, chromedp.Evaluate[download](`(async () => {
		const r = await fetch(`+jsString(href.Value)+`, { credentials: 'same-origin' });
		const bytes = new Uint8Array(await r.arrayBuffer());
		let bin = ''; for (const b of bytes) bin += String.fromCharCode(b);
		return { status: r.status, type: r.headers.get('content-type'), disposition: r.headers.get('content-disposition'), data: btoa(bin) };
	})()`, chromedp.EvalAwaitPromise))
	body, err := base64.StdEncoding.DecodeString(got.Data)
	if err != nil || got.Status != 200 {
		t.Fatalf("%s: %s gives %d (%v)", p.name, href.Value, got.Status, err)
	}
	got.body = body
	return got
}

// pdfText is the text of a downloaded PDF; the file is kept in the test's folder.
func (d download) pdfText(t *testing.T, name string) string {
	t.Helper()
	if d.Type != "application/pdf" || !strings.HasPrefix(string(d.body), "%PDF-") {
		t.Fatalf("%s is not a PDF (%s): %.20q", name, d.Type, d.body)
	}
	pdftotext := apptest.RequireTool(t, "pdftotext")
	file := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(file, d.body, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdftotext, "-layout", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	t.Logf("%s (%s, %d bytes): %s", name, d.Disposition, len(d.body), file)
	return string(out)
}

// i. A partner's question: what did the quarter bring? The coordinator picks "Dit
// kwartaal" on the report page and downloads its PDF and a CSV by their links, then
// chooses own dates in the form and downloads again: each file holds the period the
// page shows.
func (w *week) reportDownloads(t *testing.T) {
	carla := w.coordinator
	carla.open(t, "/coordinator", 200)
	carla.press(t, carla.tile(t, "Printen"), 200)
	carla.press(t, carla.tile(t, "Impactrapportage"), 200)
	carla.press(t, carla.link(t, "Dit kwartaal"), 200)
	carla.sees(t, "h1", "Impact van Ons Huis Ruwaard – 4e kwartaal 2026")
	visits := carla.text(t, "#key-figures li:first-child .figure")
	if visits == "minder dan 5" { // a small group: the CSV's one word for it
		visits = "<5"
	}

	text := carla.fetchLink(t, carla.link(t, "Download de rapportage (PDF)")).pdfText(t, "rapport-kwartaal.pdf")
	if !strings.Contains(text, "Ons Huis Ruwaard · 4e kwartaal 2026") || !strings.Contains(text, "Periode 1 oktober 2026 t/m 31 december 2026") {
		t.Errorf("the quarter's PDF is about another period:\n%s", text)
	}
	csv := carla.fetchLink(t, carla.link(t, "Samenvatting"))
	body := strings.ReplaceAll(strings.TrimPrefix(string(csv.body), "\uFEFF"), "\r\n", "\n")
	if !strings.Contains(csv.Disposition, "samenvatting-ons-huis-ruwaard-2026-Q4.csv") ||
		!strings.HasPrefix(body, "buurthuis;Ons Huis Ruwaard\nperiode;4e kwartaal 2026;2026-10-01;2026-12-31\n") ||
		!strings.Contains(body, "\nbezoeken;"+visits+"\n") {
		t.Errorf("the quarter's summary CSV (%s), with %s visits on the page:\n%s", csv.Disposition, visits, body)
	}

	carla.do(t, "open the other period", chromedp.Click(chromedp.CSS(carla.find(t, "summary", "Andere periode of buurthuis"))))
	carla.setValue(t, "#f-van", "2026-11-01")
	carla.setValue(t, "#f-tot", "2026-11-30")
	carla.press(t, carla.button(t, "Tonen"), 200)
	carla.sees(t, "h1", "1 november 2026 t/m 30 november 2026")
	weeks := carla.fetchLink(t, carla.link(t, "Bezoekers per week"))
	body = strings.ReplaceAll(strings.TrimPrefix(string(weeks.body), "\uFEFF"), "\r\n", "\n")
	if !strings.Contains(weeks.Disposition, "weken-ons-huis-ruwaard-2026-11-01-tot-2026-11-30.csv") ||
		!strings.HasPrefix(body, "buurthuis;Ons Huis Ruwaard\nperiode;1 november 2026 t/m 30 november 2026;2026-11-01;2026-11-30\n") ||
		!strings.Contains(body, "\n2026-W48;") || strings.Contains(body, "2026-W49") {
		t.Errorf("own dates' weekly CSV (%s):\n%s", weeks.Disposition, body)
	}
	carla.screenshot(t, "i-report")
}
