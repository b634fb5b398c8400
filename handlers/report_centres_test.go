package handlers_test

import (
	"fmt"
	"testing"
	"time"

	"onshuis/app/apptest"
	"onshuis/figures"
	"onshuis/models"
)

// The report over several centres: a partner reads only the centres given (another is
// not found, "alle" means all of theirs), the report says which centres it covers, and a
// resident who checked in at two centres on one day is two visits but one resident.
func TestReportAcrossCentres(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		s.Setup()
		centreA, _ := models.DefaultCentre(s.DB)
		centreB, err := models.CreateCentre(s.DB, models.CentreInput{Name: "Huis van de Wijk Schadewijk", Slug: "schadewijk", TimeZone: models.DefaultTimeZone})
		if err != nil {
			t.Fatal(err)
		}
		at := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
		for _, c := range []*models.Centre{centreA, centreB} {
			if _, err := models.RecordCheckIn(s.DB, models.CheckIn{Centre: c, At: at, Source: models.SourceQR, VisitorKey: "a:same-person"}); err != nil {
				t.Fatal(err)
			}
			at = at.Add(3 * time.Hour)
		}
		p, _ := figures.ParsePeriod("2026-11")
		f, err := figures.ReportFiguresOf(s.DB, []models.Centre{*centreA, *centreB}, p, 0, s.Clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		if f.Totals.Visits != 2 || f.Totals.Unique != 1 {
			t.Errorf("one person at two centres on one day: %d visits, %d unique, want 2 and 1", f.Totals.Visits, f.Totals.Unique)
		}

		s.Register("Gemeente Oss", "gemeente@example.nl")
		s.Register("GGD", "ggd@example.nl")
		for _, pc := range []struct {
			email   string
			centres []int64
		}{{"gemeente@example.nl", []int64{centreA.ID, centreB.ID}}, {"ggd@example.nl", []int64{centreB.ID}}} {
			u, _ := models.UserByLogin(s.DB, pc.email)
			s.DB.Model(&models.User{}).Where("id = ?", u.ID).Update("role", models.RolePartner)
			if err := models.SetPartnerCentres(s.DB, u.ID, pc.centres); err != nil {
				t.Fatal(err)
			}
		}
		ggd := s.Login("ggd@example.nl")
		r := ggd.Get("/rapport?periode=2026-11")
		apptest.Contains(t, r.Body, "Impact van Huis van de Wijk Schadewijk – november 2026", "Dit rapport gaat over: Huis van de Wijk Schadewijk.")
		for _, path := range []string{"/rapport?centrum=" + centreA.Slug, "/rapport?centrum=schadewijk," + centreA.Slug, "/rapport/weken.csv?centrum=" + centreA.Slug, "/rapport.pdf?centrum=" + centreA.Slug} {
			if r := ggd.Get(path); r.Status != 404 {
				t.Errorf("%s for a partner of B only: %d, want 404", path, r.Status)
			}
		}
		apptest.Contains(t, ggd.Get("/rapport?centrum=alle&periode=2026-11").Body, "Dit rapport gaat over: Huis van de Wijk Schadewijk.")

		gemeente := s.Login("gemeente@example.nl")
		r = gemeente.Get("/rapport?periode=2026-11&centrum=alle")
		apptest.Contains(t, r.Body, "Impact van Alle buurthuizen – november 2026",
			"Dit rapport gaat over: Ons Huis van de Wijk, Huis van de Wijk Schadewijk.", `name="centrum" type="checkbox" value="schadewijk" checked`)
		r = gemeente.Get(fmt.Sprintf("/rapport?periode=2026-11&centrum=%s&centrum=schadewijk", centreA.Slug))
		if r.Status != 200 {
			t.Fatalf("two centres ticked: %d", r.Status)
		}
		apptest.Contains(t, r.Body, "Impact van Alle buurthuizen")
		csv := gemeente.Get("/rapport/weken.csv?periode=2026-11&centrum=alle")
		apptest.Contains(t, csv.Body, "Alle buurthuizen")
	})
}
