// Package demo fills the clearly marked demo centre "Ons Huis van de Wijk" (the --demo
// flag): its rooms, people, activities, proposals, sign-ups, volunteers and a few weeks
// of visits, through the models' own functions so the demo obeys the same rules as
// real data. It imports models and password and nothing above them (no handlers, views
// or app); only app calls it.
package demo

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"gorm.io/gorm"

	"onshuis/figures"
	"onshuis/models"
	"onshuis/password"
)

// Slug is the slug of the demo centre; its presence means the demo data exists.
const Slug = "ons-huis-van-de-wijk-demo"

// Password is the password of every demo account, printed on start.
const Password = "demo-ons-huis"

// Options tune the demo data.
type Options struct {
	BcryptCost int
	Now        func() time.Time
}

// Login is one account of the demo, printed on start so people can try the site.
type Login struct {
	Role     models.Role
	Admin    bool // the administrator: adds and closes centres, names their coordinators
	Name     string
	Login    string
	Password string
}

type demoPerson struct {
	name, email string
	role        models.Role
}

var demoPeople = []demoPerson{
	{"Marieke Coördinator", "coordinator@demo.onshuis.nl", models.RoleCoordinator},
	{"Henk van den Berg", "henk@demo.onshuis.nl", models.RoleResident}, // retired journalist, teaches Dutch
	{"Ayşe Yılmaz", "ayse@demo.onshuis.nl", models.RoleResident},
	{"Łukasz Wójcik", "lukasz@demo.onshuis.nl", models.RoleResident},
	{"Zoë de Vries", "zoe@demo.onshuis.nl", models.RoleResident},
	{"Fatma Demir", "fatma@demo.onshuis.nl", models.RoleResident},
	{"Agnieszka Kowalska", "agnieszka@demo.onshuis.nl", models.RoleResident},
	{"Truus Janssen", "+31612345678", models.RoleResident}, // a phone only: the call list's example
	{"Mohamed El Amrani", "mohamed@demo.onshuis.nl", models.RoleResident},
	{"Wim Verhoeven", "wim@demo.onshuis.nl", models.RoleResident},
	{"Gemeente Oss (partner)", "partner@demo.onshuis.nl", models.RolePartner},
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

// demoRarer are activities that do not come every week: a fortnightly bingo, a
// repair café every first Saturday of the month and the fortnightly learning session
// of the Samenwerkwijze (led by the coordinator, with its logs). They come after the weekly ones (and
// their sign-ups and visits), so those stay as they were.
var demoRarer = []struct {
	title, want, can, themes, room string
	lead, capacity                 int
	schedule                       models.Schedule
}{
	{"Buurtbingo", "Om de week samen bingo spelen, met koffie en een praatje.", "Ik roep de nummers om en regel de prijsjes.", "meeting", "huiskamer", 9, 0,
		models.Schedule{Recurrence: models.RecurrenceWeekly, Interval: 2, Weekdays: models.WeekdayBit(time.Thursday), StartTime: "19:30", EndTime: "21:30"}},
	{"Repair Café", "Elke eerste zaterdag van de maand samen kapotte spullen repareren in plaats van weggooien.", "Ik repareer fietsen en lampen en leer het anderen.", "work,creativity", "werkplaats", 3, 0,
		models.Schedule{Recurrence: models.RecurrenceMonthlyWeekday, Ordinal: 1, Weekdays: models.WeekdayBit(time.Saturday), StartTime: "13:00", EndTime: "16:00"}},
	{"Leersessie Samenwerkwijze", "Om de week leren professionals (wonen, zorg, welzijn, gemeente) en bewoners samen van wat er in de wijk gebeurt.",
		"Ik zet de vragen van de week klaar en schrijf op wat we leerden.", models.ThemeLearning, "huiskamer", 0, 0,
		models.Schedule{Recurrence: models.RecurrenceWeekly, Interval: 2, Weekdays: models.WeekdayBit(time.Wednesday), StartTime: "16:00", EndTime: "17:30"}},
}

// demoLearned are the logs of the demo's learning sessions, oldest first, without
// names; the newest session that took place has none yet.
var demoLearned = []string{
	"Bewoners met een schuld komen pas als de nood hoog is. We spreken af dat de koffie-inloop een vast moment krijgt waarop de schuldhulp aanschuift, zonder afspraak.",
	"Veel ouderen weten niet dat de werkplaats ook kleine klussen thuis doet. De woningcorporatie zet het in haar nieuwsbrief; de wijkverpleging vertelt het bij huisbezoeken.",
	"De taalles loopt vol. Twee bewoners willen zelf een tweede groep geven; welzijn regelt een korte training voor taalvrijwilligers.",
}

// seedRarerActivities adds demoRarer, published from the same Monday as the others.
func seedRarerActivities(tx *gorm.DB, centreID int64, rooms map[string]*models.Room, people []models.User, monday, now time.Time) error {
	for _, d := range demoRarer {
		lead := people[d.lead].ID
		published := monday.AddDate(0, 0, -7).UTC()
		sch := d.schedule
		sch.FirstDate = monday.Format(time.DateOnly)
		a := models.Activity{
			CentreID: centreID, ProposerID: &lead, LeadID: &lead, RoomID: &rooms[d.room].ID, CreatedAt: monday.AddDate(0, 0, -14).UTC(),
			Title: d.title, Want: d.want, Can: d.can, Themes: d.themes, Capacity: d.capacity,
			Status: models.StatusApproved, PublishedAt: &published,
		}
		a.SetSchedule(sch.Normalised())
		if err := tx.Create(&a).Error; err != nil {
			return fmt.Errorf("activity %s: %w", d.title, err)
		}
		review := models.Review{ActivityID: a.ID, ReviewerID: &people[0].ID, LowersThreshold: models.AnswerYes, MoreCollective: models.AnswerYes,
			Healthier: models.AnswerSome, Decision: models.DecisionApprove, CreatedAt: monday.AddDate(0, 0, -7).UTC()}
		if err := tx.Create(&review).Error; err != nil {
			return fmt.Errorf("review of %s: %w", d.title, err)
		}
		if a.IsLearning() {
			if err := seedLearned(tx, &a, people[0].ID, monday, now); err != nil {
				return err
			}
		}
	}
	return nil
}

// seedLearned writes demoLearned into the learning sessions that took place.
func seedLearned(tx *gorm.DB, a *models.Activity, author int64, monday, now time.Time) error {
	sessions, err := models.SessionsOf(tx, []models.Activity{*a}, monday, now, monday.Location())
	if err != nil {
		return fmt.Errorf("sessions of %s: %w", a.Title, err)
	}
	for i, text := range demoLearned {
		if i >= len(sessions)-1 || !sessions[i].StartsAt.Before(now) {
			break
		}
		if err := models.SaveLearning(tx, a, &sessions[i], author, text, now); err != nil {
			return err
		}
	}
	return nil
}

// Seed fills the clearly marked demo centre "Ons Huis van de Wijk" with its rooms,
// people and activities. Running it again changes nothing. It returns the demo logins.
func Seed(db *gorm.DB, opt Options) ([]Login, error) {
	logins := make([]Login, 0, len(demoPeople))
	for _, p := range demoPeople {
		logins = append(logins, Login{Role: p.role, Name: p.name, Login: p.email, Password: Password})
	}
	logins = append(logins, staffLogins()...)
	existing, err := models.CentreBySlug(db, Slug)
	if err != nil {
		return nil, err
	}
	if existing != nil {
		return logins, nil
	}
	if err := refuseRealCentre(db); err != nil {
		return nil, err
	}
	hash, err := password.Hash(Password, opt.BcryptCost)
	if err != nil {
		return nil, err
	}
	err = db.Transaction(func(tx *gorm.DB) error {
		var centres int64
		if err := tx.Model(&models.Centre{}).Count(&centres).Error; err != nil {
			return err
		}
		centre := models.Centre{
			Name: "Ons Huis van de Wijk", Slug: Slug, Address: "Ruwaard, Oss (demo)",
			TimeZone: models.DefaultTimeZone, DoorCode: models.NewDoorCode(), IsDefault: centres == 0, IsDemo: true,
		}
		if err := tx.Create(&centre).Error; err != nil {
			return fmt.Errorf("centre: %w", err)
		}
		rooms := map[string]*models.Room{}
		for _, r := range []models.Room{{Name: "huiskamer", Capacity: 40}, {Name: "keuken", Capacity: 16}, {Name: "werkplaats", Capacity: 10}} {
			r.CentreID = centre.ID
			if err := tx.Create(&r).Error; err != nil {
				return fmt.Errorf("room %s: %w", r.Name, err)
			}
			rooms[r.Name] = &r
		}
		people := make([]models.User, len(demoPeople))
		for i, p := range demoPeople {
			contact := p.email
			people[i] = models.User{Name: p.name, Email: &contact, PasswordHash: hash, Role: p.role, Language: "nl", IsDemo: true}
			if strings.HasPrefix(contact, "+") {
				people[i].Email, people[i].Phone = nil, &contact
			}
			if err := models.CreateUser(tx, &people[i]); err != nil {
				if errors.Is(err, models.ErrEmailTaken) {
					return fmt.Errorf("demo account %s exists outside the demo centre: %w", p.email, err)
				}
				return fmt.Errorf("user %s: %w", p.name, err)
			}
			if err := linkDemoCentre(tx, centre.ID, &people[i]); err != nil {
				return err
			}
		}
		// The activities started some weeks ago, on a Monday, so the programme has a history.
		now := opt.Now().In(centre.Location())
		monday := startOfDay(now.AddDate(0, 0, -((int(now.Weekday())+6)%7)-7*8))
		var activities []models.Activity
		for _, d := range demoActivities {
			weekdays := 0
			for _, wd := range d.weekdays {
				weekdays |= models.WeekdayBit(wd)
			}
			lead := people[d.lead].ID
			published := monday.AddDate(0, 0, -7).UTC() // when the review below approved it
			a := models.Activity{
				CentreID: centre.ID, ProposerID: &lead, LeadID: &lead, RoomID: &rooms[d.room].ID, CreatedAt: monday.AddDate(0, 0, -14).UTC(),
				Title: d.title, Want: d.want, Can: d.can, Themes: d.themes, Capacity: d.capacity,
				Recurrence: models.RecurrenceWeekly, Weekdays: weekdays, StartTime: d.start, EndTime: d.end,
				FirstDate: monday.Format(time.DateOnly), Status: models.StatusApproved, PublishedAt: &published,
			}
			if err := tx.Create(&a).Error; err != nil {
				return fmt.Errorf("activity %s: %w", d.title, err)
			}
			review := models.Review{ActivityID: a.ID, ReviewerID: &people[0].ID, LowersThreshold: models.AnswerYes, MoreCollective: models.AnswerYes,
				Healthier: models.AnswerSome, Decision: models.DecisionApprove, CreatedAt: monday.AddDate(0, 0, -7).UTC()}
			if err := tx.Create(&review).Error; err != nil {
				return fmt.Errorf("review of %s: %w", d.title, err)
			}
			activities = append(activities, a)
		}
		if err := seedProposals(tx, centre.ID, people); err != nil {
			return err
		}
		if err := seedSignUps(tx, activities, people); err != nil {
			return err
		}
		if err := seedVisits(tx, &centre, activities, people, monday, opt.Now()); err != nil {
			return err
		}
		if err := figures.ClearWeekFigures(tx); err != nil { // past weeks changed
			return err
		}
		if err := seedVolunteers(tx, activities, people, opt.Now()); err != nil {
			return err
		}
		if err := seedImpact(tx, &centre, activities, opt.Now()); err != nil {
			return err
		}
		if err := seedRarerActivities(tx, centre.ID, rooms, people, monday, opt.Now()); err != nil {
			return err
		}
		return seedSecondCentre(tx, &centre, people, hash, monday)
	})
	if err != nil {
		return nil, fmt.Errorf("demo: unable to fill the demo centre: %w", err)
	}
	if err := seedCancellation(db, opt.Now()); err != nil {
		return nil, fmt.Errorf("demo: unable to call a lesson off: %w", err)
	}
	return logins, nil
}

// seedCancellation calls off next Tuesday's Dutch lesson, as a lead would, so the demo
// shows what people are told: Truus Janssen, who has only a phone, is on the call list
// and sees the message on Mijn pagina; the others' mails are on Berichten.
func seedCancellation(db *gorm.DB, now time.Time) error {
	var a models.Activity
	if err := db.Joins("JOIN centres c ON c.id = activities.centre_id").
		Where("c.slug = ? AND activities.title = ?", Slug, "Taalles Nederlands").Take(&a).Error; err != nil {
		return err
	}
	centre, err := models.CentreByID(db, a.CentreID)
	if err != nil || centre == nil {
		return fmt.Errorf("centre of the lesson: %v", err)
	}
	sessions, err := models.UpcomingSessions(db, &a, now, centre.Location(), 6)
	if err != nil {
		return err
	}
	for _, s := range sessions {
		if s.StartsAt.In(centre.Location()).Weekday() == time.Tuesday && s.StartsAt.After(now) {
			return models.SetSessionCancelled(db, s.ID, true, "De docent is ziek.", "Henk heeft griep.")
		}
	}
	return nil
}

// seedProposals adds two proposals waiting for review, with their needs.
func seedProposals(tx *gorm.DB, centreID int64, people []models.User) error {
	proposals := []struct {
		by    int
		title string
		in    models.ProposalInput
	}{
		{4, "Kinderdisco", models.ProposalInput{Title: "Kinderdisco", Want: "Eén keer per maand een disco voor kinderen uit de wijk, zodat ze elkaar leren kennen.",
			Can: "Ik draai muziek en regel de limonade.", Themes: []string{"youth", "moving"}, WishedTime: "vrijdagmiddag, eens per maand", ExpectedPeople: 25,
			Needs: []models.Need{{Kind: models.NeedRoom, Description: "De huiskamer met de tafels aan de kant"}, {Kind: models.NeedBudget, Description: "Limonade en chips", AmountCents: 3500},
				{Kind: models.NeedVolunteers, Description: "gastvrouw/gastheer", Volunteers: 2}}}},
		{8, "Fietsenwerkplaats", models.ProposalInput{Title: "Fietsenwerkplaats", Want: "Samen fietsen repareren, zodat iedereen veilig kan fietsen.",
			Can: "Ik ben fietsenmaker geweest.", Themes: []string{"work", "moving"}, WishedTime: "zaterdagochtend", ExpectedPeople: 8,
			Needs: []models.Need{{Kind: models.NeedMaterials, Description: "Gereedschap en plakspullen", AmountCents: 12000}, {Kind: models.NeedCheck, Description: "Afspraak over de werkplaats met de begeleider"}}}},
	}
	for _, p := range proposals {
		if _, err := models.CreateProposal(tx, centreID, people[p.by].ID, p.in, true); err != nil {
			return fmt.Errorf("proposal %s: %w", p.title, err)
		}
	}
	return nil
}

// seedSignUps lets residents join some activities; the card club gets a waiting list.
func seedSignUps(tx *gorm.DB, activities []models.Activity, people []models.User) error {
	for i, a := range activities {
		if a.Capacity == 0 {
			continue
		}
		for j := 1; j < 10; j++ {
			if (i+j)%3 == 0 {
				continue
			}
			status := models.Joined
			var joined int64
			if err := tx.Model(&models.Participation{}).Where("activity_id = ? AND status = ?", a.ID, models.Joined).Count(&joined).Error; err != nil {
				return err
			}
			if joined >= int64(a.Capacity) {
				status = models.Waitlisted
			}
			// They signed up before the first session, so the past rosters show them.
			p := models.Participation{ActivityID: a.ID, UserID: people[j].ID, Status: status, CreatedAt: a.CreatedAt}
			if err := tx.Create(&p).Error; err != nil {
				return fmt.Errorf("sign-up: %w", err)
			}
		}
	}
	return nil
}

// seedVisits fills the weeks since monday with about 300 visits a week: residents
// by name, phones with anonymous keys (some coming back, some new), and headcounts.
func seedVisits(tx *gorm.DB, centre *models.Centre, activities []models.Activity, people []models.User, monday, now time.Time) error {
	loc := centre.Location()
	if err := models.EnsureSessions(tx, activities, monday, startOfDay(now.In(loc)).AddDate(0, 0, 1), loc); err != nil {
		return err
	}
	ids := make([]int64, len(activities))
	for i, a := range activities {
		ids[i] = a.ID
	}
	var sessions []models.Session
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
			in := models.CheckIn{Centre: centre, At: s.StartsAt.Add(time.Duration(rng.IntN(20)) * time.Minute), Source: models.SourceQR, SessionIDs: []int64{s.ID}}
			switch r := rng.IntN(10); {
			case r < 2:
				u := people[1+rng.IntN(9)]
				in.VisitorKey, in.UserID = models.UserVisitorKey(u.ID), &u.ID
			case r < 3:
				in.Source = models.SourceHeadcount
			default:
				in.VisitorKey = fmt.Sprintf("a:demo-%03d", rng.IntN(160))
			}
			if rng.IntN(3) == 0 {
				in.Mood = 5 + rng.IntN(6)
			}
			if _, err := models.RecordCheckIn(tx, in); err != nil {
				return err
			}
		}
	}
	return nil
}

// seedVolunteers gives five residents a volunteer offer, the activities their
// roles, recurring shifts, and confirmed hours for the sessions that took place.
func seedVolunteers(tx *gorm.DB, activities []models.Activity, people []models.User, now time.Time) error {
	avail := func(part int, days ...time.Weekday) int {
		bits := 0
		for _, d := range days {
			bits |= models.AvailabilityBit(d, part)
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
		{1, "Mensen helpen Nederlands te leren, zodat ze mee kunnen doen.", "teaching,listening", "nl,en", avail(models.Morning, time.Tuesday, time.Wednesday, time.Thursday), "training", "Cursus NT2-les geven"},
		{2, "Samen koken en mensen aan tafel brengen.", "cooking,hosting", "nl,tr", avail(models.Evening, time.Thursday) | avail(models.Afternoon, time.Wednesday), "", ""},
		{3, "Mijn handen gebruiken in de werkplaats.", "handy", "pl,nl,en", avail(models.Afternoon, time.Tuesday, time.Friday), "travel", "Buskaart"},
		{7, "Mensen welkom heten in de huiskamer.", "hosting,listening", "nl", avail(models.Morning, time.Monday) | avail(models.Afternoon, time.Wednesday), "", ""},
		{6, "Met kinderen iets creatiefs doen.", "children,creative", "pl,nl", avail(models.Afternoon, time.Wednesday), "quiet_room", "Een rustige hoek om voor te bereiden"},
	}
	for _, o := range offers {
		p := models.VolunteerProfile{UserID: people[o.person].ID, Want: o.want, Skills: o.skills, Languages: o.languages, Availability: o.availability}
		var needs []models.VolunteerNeed
		if o.needKind != "" {
			needs = append(needs, models.VolunteerNeed{Kind: o.needKind, Description: o.needs})
		}
		if err := models.SaveVolunteerProfile(tx, &p, needs); err != nil {
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
		role := models.VolunteerRole{ActivityID: activities[r.activity].ID, Name: r.name, PerSession: r.per}
		if err := models.AddRole(tx, &role); err != nil {
			return err
		}
		// Every time since the first session, which the confirmed hours below are for.
		shift := models.Shift{RoleID: role.ID, UserID: people[r.person].ID, CreatedAt: activities[r.activity].CreatedAt}
		if err := tx.Create(&shift).Error; err != nil {
			return err
		}
		var past []models.Session
		if err := tx.Where("activity_id = ? AND ends_at < ? AND cancelled = ?", role.ActivityID, now.UTC(), false).Find(&past).Error; err != nil {
			return err
		}
		for _, s := range past {
			entry := models.HoursEntry{RoleID: &role.ID, UserID: people[r.person].ID, Present: true, Minutes: int(s.EndsAt.Sub(s.StartsAt).Minutes())}
			if err := models.ConfirmHours(tx, s.ID, people[0].ID, []models.HoursEntry{entry}); err != nil {
				return err
			}
		}
	}
	return nil
}

// startOfDay is local midnight of t's day, in t's zone.
func startOfDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// seedImpact fills what the impact report adds: this year's wijkbudget with a paid rent
// and a paid cost of the first activity, two stories (one publishable), and paper health
// checks of twelve residents this month and the month before, so the report shows the
// averages and their change.
func seedImpact(tx *gorm.DB, centre *models.Centre, activities []models.Activity, now time.Time) error {
	local := now.In(centre.Location())
	today := local.Format(time.DateOnly)
	b, err := models.EnsureBudget(tx, centre.ID, local.Year())
	if err != nil {
		return err
	}
	rooms := models.BudgetLine{BudgetID: b.ID, Kind: "rooms", Label: "Huur en energie huiskamer", AmountCents: 1200000}
	acts := models.BudgetLine{BudgetID: b.ID, Kind: "activities", Label: "Activiteiten van bewoners", AmountCents: 600000}
	for _, l := range []*models.BudgetLine{&rooms, &acts} {
		if err := models.SaveBudgetLine(tx, l); err != nil {
			return err
		}
	}
	first := local.AddDate(0, 0, 1-local.Day()).Format(time.DateOnly)
	rent, paid := int64(100000), int64(8450)
	entries := []models.BudgetEntry{
		{CentreID: centre.ID, LineID: rooms.ID, Description: "Huur deze maand", CommittedCents: rent, CommittedOn: first, SpentCents: &rent, SpentOn: &first},
		{CentreID: centre.ID, LineID: acts.ID, ActivityID: &activities[0].ID, Description: "Boodschappen", CommittedCents: 9000, CommittedOn: first, SpentCents: &paid, SpentOn: &today},
	}
	for i := range entries {
		if err := models.AddBudgetEntry(tx, &entries[i]); err != nil {
			return err
		}
	}
	stories := []models.Story{
		{CentreID: centre.ID, Text: "Een vrijwilliger van de werkplaats zegt: sinds ik hier elke week kom, heb ik geen hulp van de GGZ meer nodig.",
			Themes: "work,meeting", Dimensions: "meaning,mental", ConsentHow: "paper", ConsentOn: first, Publishable: true, ToldOn: first},
		{CentreID: centre.ID, Text: "Een buurvrouw kwam voor de koffie en geeft nu zelf taalles.", Themes: "language", Dimensions: "participation",
			ConsentHow: "spoken", ConsentOn: first, ToldOn: first},
	}
	for i := range stories {
		if err := models.SaveStory(tx, &stories[i]); err != nil {
			return err
		}
	}
	lastMonth := local.AddDate(0, -1, 0).Format(time.DateOnly)
	for i := 0; i < 12; i++ {
		before := []int{5 + i%3, 5 + i%2, 4 + i%4, 6, 5 + i%3, 6 + i%2}
		after := []int{6 + i%3, 6 + i%2, 5 + i%4, 7, 7 + i%3, 6 + i%2}
		for _, c := range []struct {
			date   string
			scores []int
		}{{lastMonth, before}, {today, after}} {
			if err := models.RecordPaperHealthCheck(tx, centre, c.date, c.scores, now); err != nil {
				return err
			}
		}
	}
	return nil
}

// linkDemoCentre makes a demo coordinator coordinate the centre and a demo partner read it.
func linkDemoCentre(tx *gorm.DB, centreID int64, u *models.User) error {
	switch u.Role {
	case models.RoleCoordinator:
		return models.AddCoordinator(tx, centreID, u.ID)
	case models.RolePartner:
		return models.AddPartnerCentre(tx, centreID, u.ID)
	}
	return nil
}
