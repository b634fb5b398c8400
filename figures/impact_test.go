package figures_test

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"gorm.io/gorm"

	"onshuis/app/apptest"
	"onshuis/figures"
	"onshuis/models"
)

// impactFixture is a November of one centre, small enough to count by hand:
//
//   - Koffie (meeting → mental, participation, quality) on 10 November: visitors k1–k6
//     and two headcounts (8 visits, 8 unique; with Wandelen's headcount 9 in all); u1–u5 joined, u6 on the waiting list;
//     u1 leads it; u7 gave 90 confirmed volunteer minutes; a need a partner arranged
//     on 5 November; proposed on 1 October 12:00 UTC, approved on 3 November 12:00 UTC.
//   - Wandelen (moving, health → body, daily) on 12 November: k1, k2 and one headcount
//     (3 visits, 3 unique); u1 joined.
//   - Koken (food, meeting) on 30 November, still to come: no figure counts it.
//   - Budget 2026: Koffie's materials spent € 45,50 on 15 November; Wandelen's € 20,00
//     committed, not spent; rent € 100,00 spent on 1 November; € 7,00 spent on
//     31 October (another period).
//   - Health checks: ten respondents in November (r1 also earlier in November, which
//     its newer check replaces), nine in October.
type impactFixture struct {
	db      *gorm.DB
	centre  *models.Centre
	now     time.Time
	users   map[string]int64
	session map[string]int64
}

func newImpactFixture(t *testing.T, db *gorm.DB) *impactFixture {
	t.Helper()
	fx := &impactFixture{db: db, now: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC), users: map[string]int64{}, session: map[string]int64{}}
	fx.centre = &models.Centre{Name: "Ons Huis", Slug: "ons-huis", TimeZone: models.DefaultTimeZone, DoorCode: models.NewDoorCode(), IsDefault: true}
	must(t, db.Create(fx.centre).Error)
	ams := fx.centre.Location()
	for _, name := range []string{"u1", "u2", "u3", "u4", "u5", "u6", "u7", "partner"} {
		u := models.User{Name: "Bewoner " + name, Role: models.RoleResident, Language: "nl"}
		if name == "partner" {
			u.Role = models.RolePartner
		}
		must(t, db.Create(&u).Error)
		fx.users[name] = u.ID
	}
	lead := fx.users["u1"]
	october := time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC)
	activity := func(title, themes, date string) (int64, int64) {
		a := models.Activity{CentreID: fx.centre.ID, Title: title, Themes: themes, Status: models.StatusApproved, Recurrence: "once",
			StartTime: "10:00", EndTime: "12:00", FirstDate: date, ProposerID: &lead, LeadID: &lead, CreatedAt: october}
		must(t, db.Create(&a).Error)
		day, _ := time.ParseInLocation(models.Date, date, ams)
		must(t, models.EnsureSessions(db, []models.Activity{a}, day, day.AddDate(0, 0, 1), ams))
		var s models.Session
		must(t, db.Where("activity_id = ?", a.ID).Take(&s).Error)
		return a.ID, s.ID
	}
	koffie, koffieSession := activity("Koffie", "meeting", "2026-11-10")
	wandelen, wandelenSession := activity("Wandelen", "moving,health", "2026-11-12")
	activity("Koken", "food,meeting", "2026-11-30")

	visit := func(key string, day int, session int64) {
		t.Helper()
		in := models.CheckIn{Centre: fx.centre, At: time.Date(2026, 11, day, 10, 30, 0, 0, ams), Source: models.SourceQR, VisitorKey: key, SessionIDs: []int64{session}}
		if key == "" {
			in.Source = models.SourceHeadcount
		}
		_, err := models.RecordCheckIn(db, in)
		must(t, err)
	}
	for _, k := range []string{"a:k1", "a:k2", "a:k3", "a:k4", "a:k5", "a:k6", "", ""} {
		visit(k, 10, koffieSession)
	}
	for _, k := range []string{"a:k1", "a:k2", ""} {
		visit(k, 12, wandelenSession)
	}
	for i, u := range []string{"u1", "u2", "u3", "u4", "u5", "u6"} {
		status := models.Joined
		if u == "u6" {
			status = models.Waitlisted
		}
		must(t, db.Exec(`INSERT INTO participations (activity_id, user_id, status, created_at) VALUES (?, ?, ?, ?)`,
			koffie, fx.users[u], status, october.Add(time.Duration(i)*time.Minute)).Error)
	}
	must(t, db.Exec(`INSERT INTO participations (activity_id, user_id, status, created_at) VALUES (?, ?, ?, ?)`, wandelen, lead, models.Joined, october).Error)
	must(t, db.Exec(`INSERT INTO volunteer_hours (session_id, user_id, present, minutes, confirmed_at) VALUES (?, ?, ?, ?, ?)`,
		koffieSession, fx.users["u7"], true, 90, fx.now).Error)
	partner := fx.users["partner"]
	need := models.Need{ActivityID: koffie, Kind: models.NeedMaterials, Description: "Koffiebonen", AmountCents: 5000, Status: models.NeedArranged,
		OfferedByID: &partner, CreatedAt: october, UpdatedAt: time.Date(2026, 11, 5, 12, 0, 0, 0, time.UTC)}
	must(t, db.Create(&need).Error)
	must(t, db.Exec(`INSERT INTO activity_reviews (activity_id, decision, created_at) VALUES (?, ?, ?)`,
		koffie, models.DecisionApprove, time.Date(2026, 11, 3, 12, 0, 0, 0, time.UTC)).Error)

	b, err := models.EnsureBudget(db, fx.centre.ID, 2026)
	must(t, err)
	line := models.BudgetLine{BudgetID: b.ID, Kind: "activities", Label: "Activiteiten", AmountCents: 100000}
	must(t, models.SaveBudgetLine(db, &line))
	rent := models.BudgetLine{BudgetID: b.ID, Kind: "rooms", Label: "Huur", AmountCents: 120000}
	must(t, models.SaveBudgetLine(db, &rent))
	must(t, models.CommitNeed(db, fx.centre.ID, line.ID, need.ID, 5000, "2026-11-05"))
	var entry models.BudgetEntry
	must(t, db.Where("need_id = ?", need.ID).Take(&entry).Error)
	must(t, models.RecordSpent(db, fx.centre.ID, entry.ID, 4550, "2026-11-15"))
	must(t, models.AddBudgetEntry(db, &models.BudgetEntry{CentreID: fx.centre.ID, LineID: line.ID, ActivityID: &wandelen, Description: "Stappentellers", CommittedCents: 2000, CommittedOn: "2026-11-12"}))
	rentEntry := models.BudgetEntry{CentreID: fx.centre.ID, LineID: rent.ID, Description: "Huur november", CommittedCents: 10000, CommittedOn: "2026-11-01"}
	must(t, models.AddBudgetEntry(db, &rentEntry))
	must(t, models.RecordSpent(db, fx.centre.ID, rentEntry.ID, 10000, "2026-11-01"))
	octEntry := models.BudgetEntry{CentreID: fx.centre.ID, LineID: rent.ID, Description: "Koffie oktober", CommittedCents: 700, CommittedOn: "2026-10-31"}
	must(t, models.AddBudgetEntry(db, &octEntry))
	must(t, models.RecordSpent(db, fx.centre.ID, octEntry.ID, 700, "2026-10-31"))

	check := func(respondent, date string, scores ...int) {
		h := models.HealthCheck{CentreID: fx.centre.ID, Respondent: respondent, Source: models.HealthPaper, ConsentAt: fx.now, LocalDate: date}
		h.SetScores(scores)
		must(t, db.Create(&h).Error)
	}
	check("r1", "2026-11-02", 0, 0, 0, 0, 0, 0)
	for i := 1; i <= 10; i++ { // body i, mental 10-i, the rest 5, 6, 7, 8
		check(fmt.Sprintf("r%d", i), "2026-11-20", i, 10-i, 5, 6, 7, 8)
	}
	for i := 1; i <= 9; i++ {
		check(fmt.Sprintf("o%d", i), "2026-10-20", 5, 5, 5, 5, 5, 5)
	}
	return fx
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// Every figure of the report's frame against the fixture, counted by hand.
func TestImpactFigures(t *testing.T) {
	apptest.Each(t, func(t *testing.T, kind apptest.Database) {
		db := open(t, kind.Fresh(t))
		fx := newImpactFixture(t, db)
		p, _ := figures.ParsePeriod("2026-11")
		f, err := figures.ImpactOf(db, []models.Centre{*fx.centre}, p, 1500, fx.now)
		if err != nil {
			t.Fatal(err)
		}
		wantReach := []figures.DimensionReach{
			{Dimension: "body", Visits: 3, Unique: 3, Participants: 1},
			{Dimension: "mental", Visits: 8, Unique: 8, Participants: 5},
			{Dimension: "meaning"},
			{Dimension: "quality", Visits: 8, Unique: 8, Participants: 5},
			{Dimension: "participation", Visits: 8, Unique: 8, Participants: 5},
			{Dimension: "daily", Visits: 3, Unique: 3, Participants: 1},
		}
		if !reflect.DeepEqual(f.Dimensions, wantReach) {
			t.Errorf("reach per dimension:\n got %+v\nwant %+v", f.Dimensions, wantReach)
		}
		if !f.Dimensions[0].Unique.Hidden() || f.Dimensions[1].Unique.Hidden() || f.Dimensions[2].Unique.Hidden() {
			t.Errorf("small groups: 3 people must be hidden, 8 and 0 shown")
		}
		if f.Participants != 5 {
			t.Errorf("participants %d, want 5 (u1–u5; u6 waits)", f.Participants)
		}
		// 4550 + 10000 spent in November; 11 visits; 5 participants.
		wantCosts := figures.Costs{SpentCents: 14550, PerVisitCents: 1323, PerParticipantCents: 2910}
		if f.Costs.SpentCents != wantCosts.SpentCents || f.Costs.PerVisitCents != wantCosts.PerVisitCents || f.Costs.PerParticipantCents != wantCosts.PerParticipantCents {
			t.Errorf("costs %+v, want %+v", f.Costs, wantCosts)
		}
		for _, c := range f.Costs.PerTheme {
			want := int64(0)
			if c.Theme == "meeting" {
				want = 4550
			}
			if c.CostCents != want {
				t.Errorf("costs of %s: %d, want %d", c.Theme, c.CostCents, want)
			}
		}
		// Newest per respondent: body 1..10 → 5,5; mental 9..0 → 4,5. All ten are paper forms.
		wantHealth := figures.HealthFigure{N: 10, Paper: 10, Shown: true, Averages: []float64{5.5, 4.5, 5, 6, 7, 8}, Overall: 6} // 360 ÷ 60
		if !reflect.DeepEqual(f.Health, wantHealth) {
			t.Errorf("health %+v, want %+v", f.Health, wantHealth)
		}
		if f.HealthBefore.N != 9 || f.HealthBefore.Shown || f.HealthBefore.Averages != nil {
			t.Errorf("October's health: %+v, want 9 respondents and nothing shown", f.HealthBefore)
		}
		if f.Involved != 2 {
			t.Errorf("involved residents %d, want 2 (u1 leads, u7 volunteers)", f.Involved)
		}
		if !reflect.DeepEqual(f.NewPerMonth, []figures.MonthCount{{Month: "2026-11", N: 6}}) {
			t.Errorf("new faces %+v, want 6 in November", f.NewPerMonth)
		}
		if f.PartnerActivities != 1 || f.PartnerNeeds != 1 {
			t.Errorf("partners: %d activities, %d needs; want 1 and 1", f.PartnerActivities, f.PartnerNeeds)
		}
		if f.Decided != 1 || f.DecisionDays != 33 {
			t.Errorf("decisions: %d in %.1f days, want 1 in 33,0", f.Decided, f.DecisionDays)
		}
		all := f.MKBA[0]
		if all.Theme != "" || all.Unique != 9 || all.Visits != 11 || all.Participants != 5 || all.Sessions != 2 || all.Volunteers != 1 ||
			all.Minutes != 90 || all.ValueCents != 2250 || all.CostCents != 14550 || all.Health.N != 10 || all.Pulse.Shown {
			t.Errorf("MKBA, all themes: %+v", all)
		}
		byTheme := map[string]figures.MKBARow{}
		for _, r := range f.MKBA[1:] {
			byTheme[r.Theme] = r
		}
		if m := byTheme["meeting"]; m.Unique != 8 || m.Visits != 8 || m.Participants != 5 || m.Sessions != 1 || m.Volunteers != 1 || m.CostCents != 4550 {
			t.Errorf("MKBA, meeting: %+v", m)
		}
		if m := byTheme["health"]; m.Unique != 3 || m.Visits != 3 || m.Participants != 1 || m.Sessions != 1 || m.CostCents != 0 {
			t.Errorf("MKBA, health: %+v", m)
		}
		if m := byTheme["food"]; m.Visits != 0 || m.Sessions != 0 || m.Participants != 0 {
			t.Errorf("MKBA, food (still to come): %+v", m)
		}
	})
}

// The budget arithmetic: committed counts until spent, then what was spent.
func TestBudgetTotals(t *testing.T) {
	apptest.Each(t, func(t *testing.T, kind apptest.Database) {
		db := open(t, kind.Fresh(t))
		fx := newImpactFixture(t, db)
		v, err := models.BudgetOf(db, fx.centre.ID, 2026)
		if err != nil {
			t.Fatal(err)
		}
		// Activiteiten 1000,00: spent 45,50, committed 20,00 → 934,50 left.
		// Huur 1200,00: spent 100,00 + 7,00 → 1093,00 left.
		got := [][4]int64{}
		for _, l := range v.Lines {
			got = append(got, [4]int64{l.AmountCents, l.Committed, l.Spent, l.Remaining})
		}
		want := [][4]int64{{100000, 2000, 4550, 93450}, {120000, 0, 10700, 109300}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("lines %v, want %v", got, want)
		}
		if v.Total.AmountCents != 220000 || v.Total.Committed != 2000 || v.Total.Spent != 15250 || v.Total.Remaining != 202750 {
			t.Errorf("total %+v", v.Total)
		}
		if len(v.Needs) != 0 {
			t.Errorf("the arranged need is on the budget, yet listed as waiting: %+v", v.Needs)
		}
		var needID int64
		for _, e := range v.Entries {
			if e.NeedID != nil {
				needID = *e.NeedID
			}
		}
		if err := models.CommitNeed(db, fx.centre.ID, v.Lines[0].ID, needID, 100, "2026-11-20"); err != models.ErrNeedOnBudget {
			t.Errorf("a need committed twice: %v", err)
		}
	})
}

// The previous period of each kind.
func TestPreviousPeriod(t *testing.T) {
	for key, want := range map[string]string{"2026-01": "2025-12", "2026-Q1": "2025-Q4", "2026-Q3": "2026-Q2", "2026": "2025",
		"2026-03-01..2026-03-10": "2026-02-19..2026-02-28"} {
		p, err := figures.ParsePeriod(key)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Previous().Key; got != want {
			t.Errorf("before %s: %s, want %s", key, got, want)
		}
	}
}

// The summary's figures of a period are the report's own.
func TestSummaryFiguresAreTheReports(t *testing.T) {
	apptest.Each(t, func(t *testing.T, kind apptest.Database) {
		db := open(t, kind.Fresh(t))
		fx := newImpactFixture(t, db)
		p, _ := figures.ParsePeriod("2026-11")
		full, err := figures.ReportFiguresOf(db, []models.Centre{*fx.centre}, p, 1500, fx.now)
		must(t, err)
		sum, err := figures.SummaryFiguresOf(db, []models.Centre{*fx.centre}, p, 1500, fx.now)
		must(t, err)
		if sum.Totals != full.Totals || sum.Volunteers != full.Volunteers || sum.Involvement != full.Involvement ||
			sum.WellbeingAll != full.WellbeingAll || full.Totals.Visits != 11 {
			t.Errorf("summary %+v\nreport %+v", sum, full)
		}
	})
}

// sameSummary reports where the summary of the period before differs from the whole
// frame: the figures the report's summary compares.
func sameSummary(t *testing.T, db *gorm.DB, centres []models.Centre, p figures.Period, now time.Time, full *figures.ImpactFigures) {
	t.Helper()
	sum, err := figures.ImpactSummaryOf(db, centres, p, 1500, now)
	must(t, err)
	if sum.Participants != full.Participants || sum.Costs.SpentCents != full.Costs.SpentCents || sum.Costs.PerVisitCents != full.Costs.PerVisitCents ||
		sum.Costs.PerParticipantCents != full.Costs.PerParticipantCents || sum.Involved != full.Involved ||
		sum.PartnerActivities != full.PartnerActivities || sum.PartnerNeeds != full.PartnerNeeds || sum.DecisionDays != full.DecisionDays {
		t.Errorf("%s: the summary's frame %+v\nImpactOf %+v", p.Key, sum, full)
	}
}

// The summary's frame of a period (for the period after it) is ImpactOf's own, and the
// health check of the period before comes with ImpactOf of the period itself.
func TestImpactSummaryIsImpactOf(t *testing.T) {
	apptest.Each(t, func(t *testing.T, kind apptest.Database) {
		db := open(t, kind.Fresh(t))
		fx := newImpactFixture(t, db)
		centres := []models.Centre{*fx.centre}
		for _, key := range []string{"2026-11", "2026-10", "2026-Q4", "2026", "2026-11-10..2026-11-20"} {
			p, _ := figures.ParsePeriod(key)
			full, err := figures.ImpactOf(db, centres, p, 1500, fx.now)
			must(t, err)
			sameSummary(t, db, centres, p, fx.now, full)
			if prev := p.Previous(); prev.Key != "" {
				before, err := figures.ImpactOf(db, centres, prev, 1500, fx.now)
				must(t, err)
				if fmt.Sprint(before.Health) != fmt.Sprint(full.HealthBefore) {
					t.Errorf("%s: health before %+v, ImpactOf of %s %+v", key, full.HealthBefore, prev.Key, before.Health)
				}
			}
		}
	})
}
