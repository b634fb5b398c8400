package handlers_test

import (
	"fmt"
	"testing"
	"time"

	"onshuis/app/apptest"
	"onshuis/models"
)

// rowsCentre fills the centre with more of everything a list page shows, straight in
// the database: each added activity is weekly, led by the lead, with an open room need
// and a need of volunteers for a role that becomes its role; the participant joins it
// (every other one is full, so they wait); the lead takes its role every time; and one
// more active volunteer is there to be matched.
type rowsCentre struct {
	s           *apptest.Server
	centreID    int64
	lead        *models.User
	participant *models.User
	other       *models.User // takes the only place of the small activities
	added       int
	first       int64
}

func (rc *rowsCentre) add(t *testing.T, n int) {
	t.Helper()
	db := rc.s.DB
	for i := 0; i < n; i++ {
		k := rc.added
		rc.added++
		capacity := 12
		if k%2 == 1 {
			capacity = 1
		}
		leadID := rc.lead.ID
		a := models.Activity{CentreID: rc.centreID, ProposerID: &leadID, LeadID: &leadID, Title: fmt.Sprintf("Activiteit %02d", k),
			Want: "Samen iets doen.", Can: "Ik regel het.", Themes: "meeting", Capacity: capacity,
			Recurrence: models.RecurrenceWeekly, Weekdays: models.WeekdayBit(time.Weekday(1 + k%6)),
			StartTime: "10:00", EndTime: "12:00", FirstDate: "2026-11-02", Status: models.StatusApproved}
		must(t, db.Create(&a).Error)
		if rc.first == 0 {
			rc.first = a.ID
		}
		needs := []models.Need{
			{ActivityID: a.ID, Position: 0, Kind: models.NeedRoom, Description: "Een ruimte", Status: models.NeedOpen},
			{ActivityID: a.ID, Position: 1, Kind: models.NeedVolunteers, Description: "gastvrouw", Volunteers: 1, Status: models.NeedOpen},
		}
		must(t, db.Create(&needs).Error)
		role := models.VolunteerRole{ActivityID: a.ID, Name: "gastvrouw", PerSession: 2}
		must(t, db.Create(&role).Error)
		must(t, db.Create(&models.Shift{RoleID: role.ID, UserID: rc.lead.ID}).Error)
		if capacity == 1 {
			must(t, db.Create(&models.Participation{ActivityID: a.ID, UserID: rc.other.ID, Status: models.Joined}).Error)
			must(t, db.Create(&models.Participation{ActivityID: a.ID, UserID: rc.participant.ID, Status: models.Waitlisted}).Error)
		} else {
			must(t, db.Create(&models.Participation{ActivityID: a.ID, UserID: rc.participant.ID, Status: models.Joined}).Error)
		}
		email := fmt.Sprintf("vrijwilliger%02d@example.nl", k)
		v := models.User{Name: fmt.Sprintf("Vrijwilliger %02d", k), Email: &email, Role: models.RoleResident, Language: "nl", PasswordHash: "x"}
		must(t, db.Create(&v).Error)
		must(t, models.SaveVolunteerProfile(db, &models.VolunteerProfile{UserID: v.ID, Want: "Helpen.", Skills: "hosting",
			Availability: models.AvailabilityBit(time.Weekday(1+k%6), models.Morning)}, nil))
		// What the impact pages list: a story, a cost against the budget, an arranged need
		// with an amount waiting for a line.
		must(t, models.SaveStory(db, &models.Story{CentreID: rc.centreID, Text: fmt.Sprintf("Verhaal over %s.", a.Title), Themes: "meeting",
			ConsentHow: "spoken", ConsentOn: "2026-11-20", ToldOn: "2026-11-20", Publishable: true}))
		b, err := models.EnsureBudget(db, rc.centreID, 2026)
		must(t, err)
		line := models.BudgetLine{BudgetID: b.ID, Kind: "activities", Label: "Regel " + a.Title, AmountCents: 10000}
		must(t, models.SaveBudgetLine(db, &line))
		must(t, models.AddBudgetEntry(db, &models.BudgetEntry{CentreID: rc.centreID, LineID: line.ID, ActivityID: &a.ID,
			Description: "Kosten " + a.Title, CommittedCents: 500, CommittedOn: "2026-11-10"}))
		must(t, db.Create(&models.Need{ActivityID: a.ID, Position: 2, Kind: models.NeedMaterials, Description: "Materiaal " + a.Title,
			AmountCents: 1500, Status: models.NeedArranged}).Error)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// The pages that list activities, needs, shifts or sessions read what they show in a
// fixed number of statements: the same with 50 rows as with 5 (issue 13). The count is
// of statements, not time, so it holds on any machine.
func TestListPagesReadAFixedNumberOfStatements(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		lead := s.Register("Henk van den Berg", "henk@example.nl")
		participant := s.Register("Zoë de Vries", "zoe@example.nl")
		s.Register("Truus Janssen", "truus@example.nl")
		s.Volunteer(lead, []string{"hosting"}, nil)
		centre, _ := models.DefaultCentre(s.DB)
		rc := &rowsCentre{s: s, centreID: centre.ID}
		rc.lead, _ = models.UserByLogin(s.DB, "henk@example.nl")
		rc.participant, _ = models.UserByLogin(s.DB, "zoe@example.nl")
		rc.other, _ = models.UserByLogin(s.DB, "truus@example.nl")
		statements := s.CountStatements()

		type page struct {
			name   string
			client *apptest.Client
			path   func() string
			want   string // something the page shows of the last row, so it really lists them
		}
		last := func() string { return fmt.Sprintf("Activiteit %02d", rc.added-1) }
		pages := []page{
			{"needs board", coordinator, func() string { return "/hulp-gezocht" }, "Vrijwilliger"},
			{"my activities (joined and waiting)", participant, func() string { return "/mijn-activiteiten" }, ""},
			{"my activities (led)", lead, func() string { return "/mijn-activiteiten" }, ""},
			{"my shifts", lead, func() string { return "/mijn-diensten" }, ""},
			{"understaffed sessions", coordinator, func() string { return "/coordinator/bezetting" }, ""},
			{"activity page", participant, func() string { return fmt.Sprintf("/activiteiten/%d", rc.first) }, "Activiteit 00"},
			{"activity's volunteers", coordinator, func() string { return fmt.Sprintf("/activiteiten/%d/vrijwilligers", rc.first) }, "Activiteit 00"},
			{"impact report", coordinator, func() string { return "/rapport?periode=2026-11" }, ""},
			{"wijkbudget", coordinator, func() string { return "/coordinator/budget?jaar=2026" }, ""},
			{"stories", coordinator, func() string { return "/coordinator/verhalen" }, ""},
		}
		measure := func() map[string]int64 {
			counts := map[string]int64{}
			for _, p := range pages {
				p.client.Get(p.path()) // the first look creates the coming sessions
				var r *apptest.Response
				counts[p.name] = statements.During(func() { r = p.client.Get(p.path()) })
				if r.Status != 200 {
					t.Fatalf("%s: GET %s: %d", p.name, p.path(), r.Status)
				}
				want := p.want
				if want == "" {
					want = last()
				}
				apptest.Contains(t, r.Body, want)
			}
			return counts
		}
		rc.add(t, 5)
		few := measure()
		rc.add(t, 45)
		many := measure()
		for _, p := range pages {
			if many[p.name] != few[p.name] {
				t.Errorf("%s: %d statements with 5 rows, %d with 50", p.name, few[p.name], many[p.name])
			} else {
				t.Logf("%s: %d statements with 5 rows and with 50", p.name, few[p.name])
			}
		}
	})
}
