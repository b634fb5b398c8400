package handlers_test

import (
	"testing"

	"golang.org/x/crypto/bcrypt"

	"onshuis/app/apptest"
	"onshuis/models"
	"onshuis/password"
)

// An installation of one centre, at migration 22 with its people and an activity,
// upgrades in place: its coordinator becomes administrator and coordinator of the
// centre, the partner reads it, and the resident sees the same programme as before.
func TestUpgradeToSeveralCentres(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		url := db.Fresh(t)
		old := apptest.OpenDB(t, url)
		if err := models.MigrateTo(old, 22); err != nil {
			t.Fatal(err)
		}
		hash, err := password.Hash(apptest.Password, bcrypt.MinCost)
		if err != nil {
			t.Fatal(err)
		}
		now := apptest.DefaultNow
		exec := func(sql string, args ...any) {
			t.Helper()
			if err := old.Exec(sql, args...).Error; err != nil {
				t.Fatalf("%s: %v", sql, err)
			}
		}
		exec(`INSERT INTO centres (id, name, slug, address, time_zone, door_code, is_default, created_at, updated_at)
			VALUES (1, 'Ons Huis van de Wijk', 'ons-huis-van-de-wijk', 'Ruwaard, Oss', 'Europe/Amsterdam', 'deurcode123', TRUE, ?, ?)`, now, now)
		exec(`INSERT INTO setup_claims (id, claimed_at) VALUES (1, ?)`, now)
		for _, u := range []struct{ id, name, email, role string }{
			{"1", "Carla Coördinator", "carla@example.nl", "coordinator"},
			{"2", "Gemeente Oss", "partner@example.nl", "partner"},
			{"3", "Wim Verhoeven", "wim@example.nl", "resident"},
		} {
			exec(`INSERT INTO users (id, name, email, password_hash, role, language, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, 'nl', ?, ?)`, u.id, u.name, u.email, hash, u.role, now, now)
		}
		first := now.AddDate(0, 0, 1).Format("2006-01-02")
		exec(`INSERT INTO activities (id, centre_id, proposer_id, lead_id, title, recurrence, start_time, end_time, first_date, last_date, status, capacity, created_at, updated_at, published_at)
			VALUES (1, 1, 3, 3, 'Handwerkclub', 'once', '10:00', '12:00', ?, ?, 'approved', 10, ?, ?, ?)`, first, first, now, now, now)
		if models.IsPostgres(old) {
			exec(`SELECT setval(pg_get_serial_sequence('users', 'id'), 3)`)
			exec(`SELECT setval(pg_get_serial_sequence('centres', 'id'), 1)`)
			exec(`SELECT setval(pg_get_serial_sequence('activities', 'id'), 1)`)
		}

		s := apptest.New(t, url) // migrates to the latest version
		carla, _ := models.UserByLogin(s.DB, "carla@example.nl")
		if !carla.IsAdmin {
			t.Error("the coordinator did not become administrator")
		}
		if err := models.LoadCentreLinks(s.DB, carla); err != nil || len(carla.Coordinates) != 1 || carla.Coordinates[0] != 1 {
			t.Errorf("the coordinator coordinates %v (%v), want [1]", carla.Coordinates, err)
		}
		wim, _ := models.UserByLogin(s.DB, "wim@example.nl")
		if wim.IsAdmin || wim.Role != models.RoleResident || wim.HomeCentreID != nil {
			t.Errorf("the resident changed: %+v", wim)
		}
		if r := s.Login("carla@example.nl").Get("/coordinator"); r.Status != 200 {
			t.Errorf("coordinator page: %d", r.Status)
		}
		if r := s.Login("partner@example.nl").Get("/rapport"); r.Status != 200 {
			t.Errorf("the partner's report: %d", r.Status)
		}
		resident := s.Login("wim@example.nl")
		r := resident.Get("/")
		if r.Status != 200 {
			t.Fatalf("programme: %d", r.Status)
		}
		apptest.Contains(t, r.Body, "Ons Huis van de Wijk", "Handwerkclub")
		if r := resident.Get("/activiteiten/1"); r.Status != 200 {
			t.Errorf("the activity: %d", r.Status)
		}
		if r := resident.Get("/coordinator"); r.Status != 403 {
			t.Errorf("the resident on the coordinator page: %d", r.Status)
		}
	})
}

// defaultCentreID is the id of the centre the setup made.
func defaultCentreID(t testing.TB, s *apptest.Server) int64 {
	t.Helper()
	centre, err := models.DefaultCentre(s.DB)
	if err != nil || centre == nil {
		t.Fatalf("no default centre: %v", err)
	}
	return centre.ID
}
