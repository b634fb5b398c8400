package handlers_test

import (
	"fmt"
	"testing"
	"time"

	"onshuis/app/apptest"
	"onshuis/models"
)

// The accounts and "Binnenkort verwijderd" of a coordinator are their centre's people
// (who take part, volunteer, propose, check in there, or chose it): a coordinator of A
// does not read B's, and keeping or releasing one of B's is not found (404). A whole
// e-mail address still finds any resident, who belongs to the municipality and may ask
// for help at any desk; someone linked to no centre is the default centre's.
func TestCentrePeopleAreTheirCentres(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		carla, bram, centreB := twoCentresWithActivities(t, s)
		nadia := s.Register("Nadia Noor", "nadia@example.nl")
		ayse := s.Register("Ayşe Yılmaz", "ayse@example.nl")
		s.Register("Piet Puk", "piet@example.nl") // did nothing yet: the default centre's
		// Each proposed something long ago that ended, and has not been seen since.
		if r := nadia.Submit("/voorstellen/nieuw", "/voorstellen", proposalAt("Oude fietsclub", fmt.Sprint(centreB.ID))); r.Status != 303 {
			t.Fatalf("Nadia's proposal: %d", r.Status)
		}
		if r := ayse.Submit("/voorstellen/nieuw", "/voorstellen", proposalAt("Oude breiclub", "")); r.Status != 303 {
			t.Fatalf("Ayşe's proposal: %d", r.Status)
		}
		long := time.Date(2024, 6, 1, 10, 0, 0, 0, time.UTC)
		s.DB.Exec("UPDATE activities SET status = ? WHERE title IN (?, ?)", models.StatusEnded, "Oude fietsclub", "Oude breiclub")
		s.DB.Exec("UPDATE users SET created_at = ?, last_seen_at = ? WHERE email IN (?, ?)", long, long, "nadia@example.nl", "ayse@example.nl")
		nadiaUser, _ := models.UserByLogin(s.DB, "nadia@example.nl")

		accountsA, accountsB := carla.Get("/coordinator/accounts").Body, bram.Get("/coordinator/accounts").Body
		apptest.Contains(t, accountsA, "Ayşe Yılmaz", "Piet Puk", "Carla Coördinator")
		apptest.NotContains(t, accountsA, "Nadia Noor", "Bram Bakker")
		apptest.Contains(t, accountsB, "Nadia Noor", "Bram Bakker")
		apptest.NotContains(t, accountsB, "Ayşe Yılmaz", "Piet Puk")
		apptest.NotContains(t, carla.Get("/coordinator/accounts?q=nadia").Body, "Nadia Noor")
		apptest.Contains(t, carla.Get("/coordinator/accounts?q=Nadia@example.nl").Body, "Nadia Noor")

		dueA, dueB := carla.Get("/coordinator/binnenkort-verwijderd").Body, bram.Get("/coordinator/binnenkort-verwijderd").Body
		apptest.Contains(t, dueA, "Ayşe Yılmaz")
		apptest.NotContains(t, dueA, "Nadia Noor")
		apptest.Contains(t, dueB, "Nadia Noor")
		apptest.NotContains(t, dueB, "Ayşe Yılmaz")

		keep := fmt.Sprintf("/coordinator/binnenkort-verwijderd/%d/bewaren", nadiaUser.ID)
		release := fmt.Sprintf("/coordinator/binnenkort-verwijderd/%d/niet-meer-bewaren", nadiaUser.ID)
		carla.Get("/coordinator/binnenkort-verwijderd")
		if r := carla.PostWithToken(keep, apptest.Form("reason", "Komt terug")); r.Status != 404 {
			t.Errorf("A's coordinator keeps B's resident: %d, want 404", r.Status)
		}
		bram.Get("/coordinator/binnenkort-verwijderd")
		if r := bram.PostWithToken(keep, apptest.Form("reason", "Komt in het voorjaar terug")); r.Status != 303 {
			t.Fatalf("B's coordinator keeps her: %d\n%s", r.Status, r.Body)
		}
		apptest.Contains(t, bram.Get("/coordinator/binnenkort-verwijderd").Body, "Komt in het voorjaar terug")
		apptest.NotContains(t, carla.Get("/coordinator/binnenkort-verwijderd").Body, "Nadia Noor", "Komt in het voorjaar terug")
		if r := carla.PostWithToken(release, nil); r.Status != 404 {
			t.Errorf("A's coordinator releases B's resident: %d, want 404", r.Status)
		}
	})
}
