package bench

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"onshuis/app/apptest"
	"onshuis/models"
	"onshuis/password"
)

// Logins of the list-pages centre (password apptest.Password).
const (
	listLead        = "henk@bench.example"  // leads every activity and takes its role every time
	listParticipant = "zoe@bench.example"   // joined half the activities, waits for the others
	listOther       = "truus@bench.example" // has the only place of the small activities
)

// withListRows builds, instead of the big centre, a small one whose list pages have n
// rows each (see fillRows).
func withListRows(n int) fixtureOption { return func(f *fixture) { f.listRows = n } }

// fillRows writes a centre with n weekly activities since 2 November 2026, each led by
// the same lead, with an open room need and a need of volunteers that is also its role
// (the lead on it every time); the participant joined every activity (every other one
// has one place, taken, so they wait), and n active volunteers are there to be matched.
// Every list page then has n rows: the needs board 2n needs with suggestions, "Mijn
// activiteiten" n activities, "Mijn diensten" n shifts a week.
func (f *fixture) fillRows(b testing.TB, n int) {
	b.Helper()
	db := f.DB
	hash, err := password.Hash(apptest.Password, bcrypt.MinCost)
	if err != nil {
		b.Fatal(err)
	}
	email := coordinatorEmail
	if _, err := models.CompleteSetup(db, models.SetupInput{CentreName: "Ons Huis van de Wijk", CentreAddress: "Ruwaard, Oss",
		Name: "Carla Coördinator", Email: &email, PasswordHash: hash, Language: "nl"}); err != nil {
		b.Fatal(err)
	}
	if f.centre, err = models.DefaultCentre(db); err != nil || f.centre == nil {
		b.Fatalf("no centre after setup: %v", err)
	}
	person := func(name, email string) models.User {
		u := models.User{Name: name, Email: &email, PasswordHash: hash, Role: models.RoleResident, Language: "nl"}
		if err := db.Create(&u).Error; err != nil {
			b.Fatal(err)
		}
		return u
	}
	lead, participant, other := person("Henk van den Berg", listLead), person("Zoë de Vries", listParticipant), person("Truus Janssen", listOther)
	f.residents = []models.User{lead, participant, other}
	if err := models.SaveVolunteerProfile(db, &models.VolunteerProfile{UserID: lead.ID, Want: "Helpen.", Skills: "hosting"}, nil); err != nil {
		b.Fatal(err)
	}
	for k := 0; k < n; k++ {
		capacity := 12
		if k%2 == 1 {
			capacity = 1
		}
		day := time.Weekday(1 + k%6)
		a := models.Activity{CentreID: f.centre.ID, ProposerID: &lead.ID, LeadID: &lead.ID, Title: fmt.Sprintf("Activiteit %02d", k),
			Want: "Samen iets doen.", Can: "Ik regel het.", Themes: "meeting", Capacity: capacity,
			Recurrence: models.RecurrenceWeekly, Weekdays: models.WeekdayBit(day),
			StartTime: "10:00", EndTime: "12:00", FirstDate: "2026-11-02", Status: models.StatusApproved}
		if err := db.Create(&a).Error; err != nil {
			b.Fatal(err)
		}
		f.acts = append(f.acts, a)
		role := models.VolunteerRole{ActivityID: a.ID, Name: "gastvrouw", PerSession: 2}
		needs := []models.Need{
			{ActivityID: a.ID, Position: 0, Kind: models.NeedRoom, Description: "Een ruimte", Status: models.NeedOpen},
			{ActivityID: a.ID, Position: 1, Kind: models.NeedVolunteers, Description: "gastvrouw", Volunteers: 1, Status: models.NeedOpen},
		}
		signUps := []models.Participation{{ActivityID: a.ID, UserID: participant.ID, Status: models.Joined}}
		if capacity == 1 {
			signUps = []models.Participation{{ActivityID: a.ID, UserID: other.ID, Status: models.Joined},
				{ActivityID: a.ID, UserID: participant.ID, Status: models.Waitlisted}}
		}
		if err := db.Create(&needs).Error; err != nil {
			b.Fatal(err)
		}
		if err := db.Create(&role).Error; err != nil {
			b.Fatal(err)
		}
		for _, r := range []any{&models.Shift{RoleID: role.ID, UserID: lead.ID}, &signUps} {
			if err := db.Create(r).Error; err != nil {
				b.Fatal(err)
			}
		}
		v := person(fmt.Sprintf("Vrijwilliger %02d", k), fmt.Sprintf("vrijwilliger%02d@bench.example", k))
		if err := models.SaveVolunteerProfile(db, &models.VolunteerProfile{UserID: v.ID, Want: "Helpen.", Skills: "hosting",
			Availability: models.AvailabilityBit(day, models.Morning)}, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkListPages measures the pages that list activities, needs, shifts or
// sessions on a centre with 5 and with 50 of them (issue 13): queries/op must be the
// same for both, because each page reads its rows in a fixed number of statements.
// Extra columns: server-ms/op, queries/op, html-B (see BenchmarkProgrammePage).
func BenchmarkListPages(b *testing.B) {
	eachDatabase(b, func(b *testing.B, db apptest.Database) {
		for _, n := range []int{5, 50} {
			b.Run(fmt.Sprintf("%d-rows", n), func(b *testing.B) {
				f := newFixture(b, db, withListRows(n))
				pages := []struct {
					name, login string
					path        string
				}{
					{"needs-board", coordinatorEmail, "/hulp-gezocht"},
					{"my-activities", listParticipant, "/mijn-activiteiten"},
					{"my-activities-led", listLead, "/mijn-activiteiten"},
					{"my-shifts", listLead, "/mijn-diensten"},
					{"understaffed", coordinatorEmail, "/coordinator/bezetting"},
					{"activity", listParticipant, fmt.Sprintf("/activiteiten/%d", f.acts[0].ID)},
					{"activity-volunteers", coordinatorEmail, fmt.Sprintf("/activiteiten/%d/vrijwilligers", f.acts[0].ID)},
				}
				last := fmt.Sprintf("Activiteit %02d", n-1)
				for _, p := range pages {
					w := f.browser(b)
					if err := w.login(p.login); err != nil {
						b.Fatal(err)
					}
					// The first look creates the coming sessions; then check the page lists them all.
					if st, body, err := w.get(p.path); err != nil || st != 200 {
						b.Fatalf("GET %s: %d %v", p.path, st, err)
					} else if !strings.HasPrefix(p.name, "activity") && !strings.Contains(string(body), last) {
						b.Fatalf("GET %s does not list %q", p.path, last)
					}
					if testing.Verbose() {
						f.profile(b, "GET "+p.path, 5, func() { _, _, _ = w.get(p.path) })
					}
					b.Run(p.name, func(b *testing.B) {
						size := f.getLoop(b, w, p.path, "text/html")
						b.ReportMetric(float64(size), "html-B")
					})
				}
			})
		}
	})
}
