package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"onshuis/app/apptest"
)

// The lead enters the paper sign-in sheet of today's Koffieochtend (issue 17) at 360
// and 1280 px: from the participants page to "Presentielijst invoeren", a wrong number
// of walk-ins is explained next to the field with the ticks kept, then saved.
func TestPaperSheetInTheBrowser(t *testing.T) {
	require(t)
	t.Parallel()
	s := startSite(t, apptest.Databases(t)[0])
	h := harness(t, s)
	coordinator := h.Setup()
	activity, _ := h.Activity(coordinator, "Koffieochtend", "10", "weekdays", "4", "start_time", "10:00", "end_time", "12:00", "first_date", "2026-11-26")
	page := fmt.Sprintf("/activiteiten/%d", activity)
	for i, name := range []string{"Ayşe Yılmaz", "Łukasz Wójcik"} {
		h.Register(name, fmt.Sprintf("p%d@example.nl", i)).Submit(page, page+"/aanmelden", nil)
	}
	// They signed up the week before (the site's clock stands at the session's start).
	s.DB.Exec("UPDATE participations SET created_at = ?", apptest.DefaultNow.AddDate(0, 0, -7))
	var ayse, lukasz int64
	s.DB.Raw("SELECT id FROM users WHERE email = 'p0@example.nl'").Scan(&ayse)
	s.DB.Raw("SELECT id FROM users WHERE email = 'p1@example.nl'").Scan(&lukasz)

	// On the phone the lead enters the sheet; on the desktop corrects it: Łukasz was there too.
	for i, view := range []viewport{phone, desktop} {
		t.Run(view.Name, func(t *testing.T) {
			lead := s.newPerson(t, "lead "+view.Name, view)
			lead.login(t, "koffieochtend@lead.example")
			lead.open(t, page+"/deelnemers", 200)
			lead.press(t, lead.link(t, "Presentielijst invoeren"), 200)
			lead.sees(t, "h1", "Presentielijst van Koffieochtend invoeren")
			lead.sees(t, "main", "Ayşe Yılmaz", "Łukasz Wójcik")
			tick := ayse
			if i == 1 {
				lead.sees(t, "main", "Deze lijst is al eerder ingevoerd.")
				if !run(t, lead, "read Ayşe's tick", chromedp.JavascriptAttribute[bool](chromedp.CSS(fmt.Sprintf("#present-%d", ayse)), "checked")) {
					t.Errorf("Ayşe's tick from the first entry is not shown")
				}
				tick = lukasz
			}
			lead.tick(t, fmt.Sprintf("present-%d", tick))
			lead.replace(t, "#f-walk_ins", "veel")
			lead.press(t, lead.button(t, "Presentielijst opslaan"), 422)
			lead.sees(t, ".field--error", "Schrijf een getal van 0 tot 500.")
			lead.sees(t, ".error-summary", "Zonder aanmelding")
			lead.screenshot(t, "paper-error-"+strings.Fields(view.Name)[0])
			lead.replace(t, "#f-walk_ins", "4")
			lead.press(t, lead.button(t, "Presentielijst opslaan"), 200)
			lead.sees(t, ".flash", "De presentielijst is opgeslagen.")
			lead.screenshot(t, "paper-saved-"+strings.Fields(view.Name)[0])
		})
	}
	var paper int64
	s.DB.Table("visits").Where("source = ?", "paper").Count(&paper)
	if paper != 6 { // Ayşe, Łukasz and 4 walk-ins: the correction added only Łukasz
		t.Errorf("%d paper visits, want 6", paper)
	}
}
