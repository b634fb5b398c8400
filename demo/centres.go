package demo

import (
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"onshuis/models"
)

// SecondSlug is the slug of the demo's second centre, in another district.
const SecondSlug = "huis-van-de-wijk-schadewijk-demo"

// ErrRealCentre means the database holds a centre that is not the demo's: --demo then
// refuses, instead of adding demo data beside real data.
var ErrRealCentre = errors.New("demo: this database already holds a real centre")

// demoStaff are the accounts of the demo's second centre and its administrator, beside
// demoPeople: Sanne coordinates Schadewijk only, Anton administers the platform and
// coordinates both centres (so the switcher in the header shows).
var demoStaff = []struct {
	name, email string
	admin       bool
	centres     []string
}{
	{"Anton Beheerder", "beheer@demo.onshuis.nl", true, []string{Slug, SecondSlug}},
	{"Sanne Coördinator", "schadewijk@demo.onshuis.nl", false, []string{SecondSlug}},
}

// refuseRealCentre returns ErrRealCentre, naming it, when a centre that is not the
// demo's exists.
func refuseRealCentre(db *gorm.DB) error {
	var real models.Centre
	err := db.Where("is_demo = ?", false).Order("id").Take(&real).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("demo: unable to look for real centres: %w", err)
	}
	return fmt.Errorf("%w (%q): start without --demo, or give --demo an empty database of its own", ErrRealCentre, real.Name)
}

// staffLogins are the logins of demoStaff, printed with the others.
func staffLogins() []Login {
	out := make([]Login, len(demoStaff))
	for i, s := range demoStaff {
		out[i] = Login{Role: models.RoleCoordinator, Admin: s.admin, Name: s.name, Login: s.email, Password: Password}
	}
	return out
}

// seedSecondCentre adds the demo's second centre with its rooms, two weekly activities
// led by residents of the first (residents belong to the municipality), and the staff.
func seedSecondCentre(tx *gorm.DB, first *models.Centre, people []models.User, hash string, monday time.Time) error {
	second := models.Centre{Name: "Huis van de Wijk Schadewijk", Slug: SecondSlug, Address: "Schadewijk, Oss (demo)",
		TimeZone: models.DefaultTimeZone, DoorCode: models.NewDoorCode(), IsDemo: true}
	if err := tx.Create(&second).Error; err != nil {
		return fmt.Errorf("second centre: %w", err)
	}
	zaal := models.Room{CentreID: second.ID, Name: "zaal", Capacity: 30}
	if err := tx.Create(&zaal).Error; err != nil {
		return fmt.Errorf("room of the second centre: %w", err)
	}
	centreOf := map[string]int64{Slug: first.ID, SecondSlug: second.ID}
	var sanne int64
	for _, s := range demoStaff {
		email := s.email
		u := models.User{Name: s.name, Email: &email, PasswordHash: hash, Role: models.RoleCoordinator, Language: "nl", IsDemo: true, IsAdmin: s.admin}
		if err := models.CreateUser(tx, &u); err != nil {
			return fmt.Errorf("user %s: %w", s.name, err)
		}
		for _, slug := range s.centres {
			if err := models.AddCoordinator(tx, centreOf[slug], u.ID); err != nil {
				return err
			}
		}
		if !s.admin {
			sanne = u.ID
		}
	}
	// The partner of the demo reads both centres.
	for _, p := range people {
		if p.Role == models.RolePartner {
			if err := models.AddPartnerCentre(tx, second.ID, p.ID); err != nil {
				return err
			}
		}
	}
	published := monday.AddDate(0, 0, -7).UTC()
	for i, d := range []struct {
		title, want, can, themes string
		lead                     int
		weekday                  time.Weekday
		start, end               string
	}{
		{"Fietsenwerkplaats", "Een fiets die weer rijdt, en een praatje erbij.", "Ik repareer al veertig jaar fietsen en leer het je graag.", "meeting,creativity", 9, time.Wednesday, "14:00", "16:00"},
		{"Samen eten Schadewijk", "Niet alleen aan tafel op vrijdag.", "Ik kook voor twintig mensen; help je mee?", "meeting,food", 8, time.Friday, "17:30", "19:30"},
	} {
		lead := people[d.lead].ID
		a := models.Activity{CentreID: second.ID, ProposerID: &lead, LeadID: &lead, RoomID: &zaal.ID, CreatedAt: monday.AddDate(0, 0, -14).UTC(),
			Title: d.title, Want: d.want, Can: d.can, Themes: d.themes, Capacity: 12 + 8*i,
			Recurrence: models.RecurrenceWeekly, Weekdays: models.WeekdayBit(d.weekday), StartTime: d.start, EndTime: d.end,
			FirstDate: monday.Format(time.DateOnly), Status: models.StatusApproved, PublishedAt: &published}
		if err := tx.Create(&a).Error; err != nil {
			return fmt.Errorf("activity %s: %w", d.title, err)
		}
		review := models.Review{ActivityID: a.ID, ReviewerID: &sanne, LowersThreshold: models.AnswerYes, MoreCollective: models.AnswerYes,
			Healthier: models.AnswerSome, Decision: models.DecisionApprove, CreatedAt: published}
		if err := tx.Create(&review).Error; err != nil {
			return fmt.Errorf("review of %s: %w", d.title, err)
		}
	}
	return nil
}
