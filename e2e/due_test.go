package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"onshuis/app/apptest"
	"onshuis/models"
)

// The coordinator opens "Binnenkort verwijderd" (issue 18) from her home page at 360
// and 1280 px: two residents and a session's names are due. On the phone the sessions
// table is a block per row with each value named; she keeps Anna, who was just away,
// and is asked for a reason first (next to the field). On the desktop the table is a
// table again, Anna is kept with her reason, and only Bram is still due.
func TestDueListInTheBrowser(t *testing.T) {
	require(t)
	t.Parallel()
	s := startSite(t, apptest.Databases(t)[0])
	h := harness(t, s)
	h.Setup()
	now := apptest.DefaultNow
	for _, p := range []struct{ name, email string }{{"Anna de Wit", "anna@example.nl"}, {"Bram Smits", "bram@example.nl"}, {"Cees Bakker", "cees@example.nl"}} {
		h.Register(p.name, p.email)
	}
	// Both were last here 23 months and 20 days ago: due within 30 days.
	old := now.AddDate(0, -23, -20)
	s.DB.Exec("UPDATE users SET last_seen_at = ?, created_at = ? WHERE email IN ?", old, old, []string{"anna@example.nl", "bram@example.nl"})

	// A Breiclub session of 17 months and 20 days ago, where Cees checked in by name:
	// its names go within 30 days.
	centre, err := models.DefaultCentre(s.DB)
	if err != nil {
		t.Fatal(err)
	}
	ams := centre.Location()
	day := now.In(ams).AddDate(0, -18, 10)
	first := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, ams)
	a := models.Activity{CentreID: centre.ID, Title: "Breiclub", Status: models.StatusApproved, Recurrence: models.RecurrenceOnce, StartTime: "14:00", EndTime: "16:00",
		FirstDate: first.Format(models.Date), LastDate: first.Format(models.Date), Themes: "meeting"}
	if err := s.DB.Create(&a).Error; err != nil {
		t.Fatal(err)
	}
	sessions, err := models.SessionsOf(s.DB, []models.Activity{a}, first, first.AddDate(0, 0, 1), ams)
	if err != nil || len(sessions) != 1 {
		t.Fatalf("the old session: %v %v", sessions, err)
	}
	anna, _ := models.UserByLogin(s.DB, "anna@example.nl")
	cees, _ := models.UserByLogin(s.DB, "cees@example.nl")
	if _, err := models.RecordCheckIn(s.DB, models.CheckIn{Centre: centre, At: sessions[0].StartsAt, Source: models.SourceKiosk,
		VisitorKey: fmt.Sprintf("u:%d", cees.ID), UserID: &cees.ID, SessionIDs: []int64{sessions[0].ID}}); err != nil {
		t.Fatal(err)
	}

	// display of a sessions row: "block" when stacked on a phone, "table-row" otherwise.
	rowDisplay := func(p *person) string {
		return run(t, p, "read the sessions table's layout", chromedp.Evaluate[string](
			`getComputedStyle(document.querySelector('section[aria-labelledby="due-sessions"] table.table--stack tbody tr')).display`))
	}
	for i, view := range []viewport{phone, desktop} {
		t.Run(view.Name, func(t *testing.T) {
			carla := s.newPerson(t, "coordinator "+view.Name, view)
			carla.login(t, "carla@example.nl")
			carla.open(t, "/coordinator", 200)
			carla.press(t, carla.tile(t, "Binnenkort verwijderd"), 200)
			carla.sees(t, "h1", "Binnenkort verwijderd")
			carla.sees(t, `section[aria-labelledby="due-sessions"]`, "Breiclub", "Namen")
			size := strings.Fields(view.Name)[0]
			if i == 0 {
				if got := rowDisplay(carla); got != "block" {
					t.Errorf("at 360 px a sessions row is laid out as %q, want a block (table--stack)", got)
				}
				carla.sees(t, `section[aria-labelledby="due-people"]`, "Anna de Wit", "Bram Smits")
				keep := fmt.Sprintf(`form[action="/coordinator/binnenkort-verwijderd/%d/bewaren"] button`, anna.ID)
				carla.press(t, keep, 422)
				carla.sees(t, ".field--error", "Schrijf op waarom je deze persoon bewaart.")
				carla.typeIn(t, fmt.Sprintf("#f-reason_%d", anna.ID), "Vrijwilliger, was een jaar op reis")
				carla.press(t, keep, 200)
				carla.sees(t, `section[aria-labelledby="due-kept"]`, "Anna de Wit", "Reden: Vrijwilliger, was een jaar op reis")
				carla.screenshot(t, "due-kept-"+size)
				return
			}
			if got := rowDisplay(carla); got != "table-row" {
				t.Errorf("at 1280 px a sessions row is laid out as %q, want a table row", got)
			}
			carla.sees(t, `section[aria-labelledby="due-people"]`, "Bram Smits")
			if people := carla.text(t, `section[aria-labelledby="due-people"]`); strings.Contains(people, "Anna de Wit") {
				t.Errorf("Anna, kept, is still due: %s", people)
			}
			carla.sees(t, `section[aria-labelledby="due-kept"]`, "Anna de Wit", "Reden: Vrijwilliger, was een jaar op reis")
			carla.screenshot(t, "due-"+size)
		})
	}
	var kept int64
	s.DB.Table("retention_keeps").Where("user_id = ?", anna.ID).Count(&kept)
	if kept != 1 {
		t.Errorf("%d keeps of Anna, want 1", kept)
	}
}
