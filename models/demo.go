package models

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"gorm.io/gorm"

	"onshuis/password"
)

// DemoSlug is the slug of the demo centre; its presence means the demo data exists.
const DemoSlug = "ons-huis-van-de-wijk-demo"

// DemoPassword is the password of every demo account, printed on start.
const DemoPassword = "demo-ons-huis"

// DemoOptions tune the demo data.
type DemoOptions struct {
	BcryptCost int
	Now        func() time.Time
}

// DemoLogin is one account of the demo, printed on start so people can try the site.
type DemoLogin struct {
	Role     Role
	Name     string
	Login    string
	Password string
}

type demoPerson struct {
	name, email string
	role        Role
}

var demoPeople = []demoPerson{
	{"Marieke Coördinator", "coordinator@demo.onshuis.nl", RoleCoordinator},
	{"Henk van den Berg", "henk@demo.onshuis.nl", RoleResident}, // retired journalist, teaches Dutch
	{"Ayşe Yılmaz", "ayse@demo.onshuis.nl", RoleResident},
	{"Łukasz Wójcik", "lukasz@demo.onshuis.nl", RoleResident},
	{"Zoë de Vries", "zoe@demo.onshuis.nl", RoleResident},
	{"Fatma Demir", "fatma@demo.onshuis.nl", RoleResident},
	{"Agnieszka Kowalska", "agnieszka@demo.onshuis.nl", RoleResident},
	{"Truus Janssen", "truus@demo.onshuis.nl", RoleResident},
	{"Mohamed El Amrani", "mohamed@demo.onshuis.nl", RoleResident},
	{"Wim Verhoeven", "wim@demo.onshuis.nl", RoleResident},
	{"Gemeente Oss (partner)", "partner@demo.onshuis.nl", RolePartner},
}

type demoActivity struct {
	title, want, can, themes string
	room                     string
	lead                     int // index in demoPeople
	capacity                 int
	weekdays                 []time.Weekday
	start, end               string
}

var demoActivities = []demoActivity{
	{"Ronde tafel: wie wil, schuift aan", "Elke week samen praten over wat er in de wijk speelt.", "Ik zet koffie en zorg dat iedereen aan het woord komt.", "meeting", "huiskamer", 7, 0, []time.Weekday{time.Monday}, "10:00", "11:30"},
	{"Taalles Nederlands", "Nederlands leren spreken, zodat je mee kunt doen in de wijk.", "Ik ben oud-journalist en geef les, drie ochtenden per week.", "language,meeting", "huiskamer", 1, 12, []time.Weekday{time.Tuesday, time.Wednesday, time.Thursday}, "09:30", "11:30"},
	{"Samen koken en eten", "Samen een gezonde maaltijd koken en aan tafel gaan.", "Ik kook graag Turks en leer het anderen.", "food,meeting", "keuken", 2, 14, []time.Weekday{time.Thursday}, "17:00", "19:30"},
	{"Kinderkookclub", "Kinderen leren gezond koken.", "Ik help de kinderen en doe de boodschappen.", "youth,food", "keuken", 5, 10, []time.Weekday{time.Wednesday}, "14:00", "15:30"},
	{"Werkplaats", "Samen dingen maken en repareren.", "Ik ben timmerman geweest en begeleid de werkplaats.", "work,creativity", "werkplaats", 3, 8, []time.Weekday{time.Tuesday, time.Friday}, "13:00", "16:00"},
	{"Handwerkclub", "Breien, haken en borduren met elkaar.", "Ik kan breien en haken en leer het graag aan anderen.", "creativity,meeting", "huiskamer", 6, 15, []time.Weekday{time.Wednesday}, "13:30", "15:30"},
	{"Kaartclub", "Klaverjassen en gezellig samen zijn.", "Ik regel de kaarten en de competitie.", "meeting", "huiskamer", 9, 16, []time.Weekday{time.Friday}, "19:00", "22:00"},
	{"EHBO-cursus", "Buurtbewoners leren eerste hulp geven.", "Ik ben EHBO-instructeur.", "health", "huiskamer", 8, 12, []time.Weekday{time.Monday}, "19:00", "21:00"},
	{"Schildercursus", "Samen schilderen, voor beginners.", "Ik schilder al jaren en geef les.", "creativity", "werkplaats", 4, 10, []time.Weekday{time.Saturday}, "10:00", "12:00"},
}

// SeedDemo fills the clearly marked demo centre "Ons Huis van de Wijk" with its rooms,
// people and activities. Running it again changes nothing. It returns the demo logins.
func SeedDemo(db *gorm.DB, opt DemoOptions) ([]DemoLogin, error) {
	logins := make([]DemoLogin, 0, len(demoPeople))
	for _, p := range demoPeople {
		logins = append(logins, DemoLogin{Role: p.role, Name: p.name, Login: p.email, Password: DemoPassword})
	}
	existing, err := CentreBySlug(db, DemoSlug)
	if err != nil {
		return nil, err
	}
	if existing != nil {
		return logins, nil
	}
	hash, err := password.Hash(DemoPassword, opt.BcryptCost)
	if err != nil {
		return nil, err
	}
	err = db.Transaction(func(tx *gorm.DB) error {
		var centres int64
		if err := tx.Model(&Centre{}).Count(&centres).Error; err != nil {
			return err
		}
		centre := Centre{
			Name: "Ons Huis van de Wijk", Slug: DemoSlug, Address: "Ruwaard, Oss (demo)",
			TimeZone: DefaultTimeZone, DoorCode: NewDoorCode(), IsDefault: centres == 0, IsDemo: true,
		}
		if err := tx.Create(&centre).Error; err != nil {
			return fmt.Errorf("centre: %w", err)
		}
		rooms := map[string]*Room{}
		for _, r := range []Room{{Name: "huiskamer", Capacity: 40}, {Name: "keuken", Capacity: 16}, {Name: "werkplaats", Capacity: 10}} {
			r.CentreID = centre.ID
			if err := tx.Create(&r).Error; err != nil {
				return fmt.Errorf("room %s: %w", r.Name, err)
			}
			rooms[r.Name] = &r
		}
		people := make([]User, len(demoPeople))
		for i, p := range demoPeople {
			email := p.email
			people[i] = User{Name: p.name, Email: &email, PasswordHash: hash, Role: p.role, Language: "nl", IsDemo: true}
			if err := CreateUser(tx, &people[i]); err != nil {
				if errors.Is(err, ErrEmailTaken) {
					return fmt.Errorf("demo account %s exists outside the demo centre: %w", p.email, err)
				}
				return fmt.Errorf("user %s: %w", p.name, err)
			}
		}
		// The activities started some weeks ago, on a Monday, so the programme has a history.
		now := opt.Now().In(centre.Location())
		monday := startOfDay(now.AddDate(0, 0, -((int(now.Weekday())+6)%7)-7*8))
		var activities []Activity
		for _, d := range demoActivities {
			weekdays := 0
			for _, wd := range d.weekdays {
				weekdays |= WeekdayBit(wd)
			}
			lead := people[d.lead].ID
			a := Activity{
				CentreID: centre.ID, ProposerID: &lead, LeadID: &lead, RoomID: &rooms[d.room].ID, CreatedAt: monday.AddDate(0, 0, -14).UTC(),
				Title: d.title, Want: d.want, Can: d.can, Themes: d.themes, Capacity: d.capacity,
				Recurrence: RecurrenceWeekly, Weekdays: weekdays, StartTime: d.start, EndTime: d.end,
				FirstDate: monday.Format(time.DateOnly), Status: StatusApproved,
			}
			if err := tx.Create(&a).Error; err != nil {
				return fmt.Errorf("activity %s: %w", d.title, err)
			}
			review := Review{ActivityID: a.ID, ReviewerID: &people[0].ID, LowersThreshold: AnswerYes, MoreCollective: AnswerYes,
				Healthier: AnswerSome, Decision: DecisionApprove, CreatedAt: monday.AddDate(0, 0, -7).UTC()}
			if err := tx.Create(&review).Error; err != nil {
				return fmt.Errorf("review of %s: %w", d.title, err)
			}
			activities = append(activities, a)
		}
		if err := seedDemoProposals(tx, centre.ID, people); err != nil {
			return err
		}
		if err := seedDemoSignUps(tx, activities, people); err != nil {
			return err
		}
		if err := seedDemoVisits(tx, &centre, activities, people, monday, opt.Now()); err != nil {
			return err
		}
		if err := ClearWeekFigures(tx); err != nil { // past weeks changed
			return err
		}
		return seedDemoVolunteers(tx, activities, people, opt.Now())
	})
	if err != nil {
		return nil, fmt.Errorf("demo: unable to fill the demo centre: %w", err)
	}
	return logins, nil
}

// seedDemoProposals adds two proposals waiting for review, with their needs.
func seedDemoProposals(tx *gorm.DB, centreID int64, people []User) error {
	proposals := []struct {
		by    int
		title string
		in    ProposalInput
	}{
		{4, "Kinderdisco", ProposalInput{Title: "Kinderdisco", Want: "Eén keer per maand een disco voor kinderen uit de wijk, zodat ze elkaar leren kennen.",
			Can: "Ik draai muziek en regel de limonade.", Themes: []string{"youth", "moving"}, WishedTime: "vrijdagmiddag, eens per maand", ExpectedPeople: 25,
			Needs: []Need{{Kind: NeedRoom, Description: "De huiskamer met de tafels aan de kant"}, {Kind: NeedBudget, Description: "Limonade en chips", AmountCents: 3500},
				{Kind: NeedVolunteers, Description: "gastvrouw/gastheer", Volunteers: 2}}}},
		{8, "Fietsenwerkplaats", ProposalInput{Title: "Fietsenwerkplaats", Want: "Samen fietsen repareren, zodat iedereen veilig kan fietsen.",
			Can: "Ik ben fietsenmaker geweest.", Themes: []string{"work", "moving"}, WishedTime: "zaterdagochtend", ExpectedPeople: 8,
			Needs: []Need{{Kind: NeedMaterials, Description: "Gereedschap en plakspullen", AmountCents: 12000}, {Kind: NeedCheck, Description: "Afspraak over de werkplaats met de begeleider"}}}},
	}
	for _, p := range proposals {
		if _, err := CreateProposal(tx, centreID, people[p.by].ID, p.in, true); err != nil {
			return fmt.Errorf("proposal %s: %w", p.title, err)
		}
	}
	return nil
}

// seedDemoSignUps lets residents join some activities; the card club gets a waiting list.
func seedDemoSignUps(tx *gorm.DB, activities []Activity, people []User) error {
	for i, a := range activities {
		if a.Capacity == 0 {
			continue
		}
		for j := 1; j < 10; j++ {
			if (i+j)%3 == 0 {
				continue
			}
			status := Joined
			var joined int64
			if err := tx.Model(&Participation{}).Where("activity_id = ? AND status = ?", a.ID, Joined).Count(&joined).Error; err != nil {
				return err
			}
			if joined >= int64(a.Capacity) {
				status = Waitlisted
			}
			if err := tx.Create(&Participation{ActivityID: a.ID, UserID: people[j].ID, Status: status}).Error; err != nil {
				return fmt.Errorf("sign-up: %w", err)
			}
		}
	}
	return nil
}

// seedDemoVisits fills the weeks since monday with about 300 visits a week: residents
// by name, phones with anonymous keys (some coming back, some new), and headcounts.
func seedDemoVisits(tx *gorm.DB, centre *Centre, activities []Activity, people []User, monday, now time.Time) error {
	loc := centre.Location()
	if err := EnsureSessions(tx, activities, monday, startOfDay(now.In(loc)).AddDate(0, 0, 1), loc); err != nil {
		return err
	}
	ids := make([]int64, len(activities))
	for i, a := range activities {
		ids[i] = a.ID
	}
	var sessions []Session
	if err := tx.Where("activity_id IN ? AND starts_at < ?", ids, now.UTC()).Order("starts_at").Find(&sessions).Error; err != nil {
		return err
	}
	capacity := map[int64]int{}
	for _, a := range activities {
		capacity[a.ID] = a.Capacity
	}
	rng := rand.New(rand.NewPCG(2016, 12)) // the same demo every time
	for _, s := range sessions {
		visitors := 8 + rng.IntN(14)
		if c := capacity[s.ActivityID]; c > 0 {
			visitors = c/2 + rng.IntN(c/2+1)
		}
		for v := 0; v < visitors; v++ {
			in := CheckIn{Centre: centre, At: s.StartsAt.Add(time.Duration(rng.IntN(20)) * time.Minute), Source: SourceQR, SessionIDs: []int64{s.ID}}
			switch r := rng.IntN(10); {
			case r < 2:
				u := people[1+rng.IntN(9)]
				in.VisitorKey, in.UserID = UserVisitorKey(u.ID), &u.ID
			case r < 3:
				in.Source = SourceHeadcount
			default:
				in.VisitorKey = fmt.Sprintf("a:demo-%03d", rng.IntN(160))
			}
			if rng.IntN(3) == 0 {
				in.Mood = 5 + rng.IntN(6)
			}
			if _, err := RecordCheckIn(tx, in); err != nil {
				return err
			}
		}
	}
	return nil
}

// seedDemoVolunteers gives five residents a volunteer offer, the activities their
// roles, recurring shifts, and confirmed hours for the sessions that took place.
func seedDemoVolunteers(tx *gorm.DB, activities []Activity, people []User, now time.Time) error {
	avail := func(part int, days ...time.Weekday) int {
		bits := 0
		for _, d := range days {
			bits |= AvailabilityBit(d, part)
		}
		return bits
	}
	offers := []struct {
		person          int
		want, skills    string
		languages       string
		availability    int
		needKind, needs string
	}{
		{1, "Mensen helpen Nederlands te leren, zodat ze mee kunnen doen.", "teaching,listening", "nl,en", avail(Morning, time.Tuesday, time.Wednesday, time.Thursday), "training", "Cursus NT2-les geven"},
		{2, "Samen koken en mensen aan tafel brengen.", "cooking,hosting", "nl,tr", avail(Evening, time.Thursday) | avail(Afternoon, time.Wednesday), "", ""},
		{3, "Mijn handen gebruiken in de werkplaats.", "handy", "pl,nl,en", avail(Afternoon, time.Tuesday, time.Friday), "travel", "Buskaart"},
		{7, "Mensen welkom heten in de huiskamer.", "hosting,listening", "nl", avail(Morning, time.Monday) | avail(Afternoon, time.Wednesday), "", ""},
		{6, "Met kinderen iets creatiefs doen.", "children,creative", "pl,nl", avail(Afternoon, time.Wednesday), "quiet_room", "Een rustige hoek om voor te bereiden"},
	}
	for _, o := range offers {
		p := VolunteerProfile{UserID: people[o.person].ID, Want: o.want, Skills: o.skills, Languages: o.languages, Availability: o.availability}
		var needs []VolunteerNeed
		if o.needKind != "" {
			needs = append(needs, VolunteerNeed{Kind: o.needKind, Description: o.needs})
		}
		if err := SaveVolunteerProfile(tx, &p, needs); err != nil {
			return err
		}
	}
	roles := []struct {
		activity, per, person int
		name                  string
	}{
		{1, 2, 1, "taalmaatje"}, {2, 2, 2, "kok"}, {4, 1, 3, "werkplaatsbegeleider"}, {0, 1, 7, "gastvrouw/gastheer"}, {3, 2, 6, "kinderbegeleider"},
	}
	for _, r := range roles {
		role := VolunteerRole{ActivityID: activities[r.activity].ID, Name: r.name, PerSession: r.per}
		if err := AddRole(tx, &role); err != nil {
			return err
		}
		if err := tx.Create(&Shift{RoleID: role.ID, UserID: people[r.person].ID}).Error; err != nil {
			return err
		}
		var past []Session
		if err := tx.Where("activity_id = ? AND ends_at < ? AND cancelled = ?", role.ActivityID, now.UTC(), false).Find(&past).Error; err != nil {
			return err
		}
		for _, s := range past {
			entry := HoursEntry{RoleID: &role.ID, UserID: people[r.person].ID, Present: true, Minutes: int(s.EndsAt.Sub(s.StartsAt).Minutes())}
			if err := ConfirmHours(tx, s.ID, people[0].ID, []HoursEntry{entry}); err != nil {
				return err
			}
		}
	}
	return nil
}
