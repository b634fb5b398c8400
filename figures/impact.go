package figures

import (
	"fmt"
	"math/big"
	"slices"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"

	"onshuis/models"
)

// The impact report's frame (issue 19): reach per dimension of Positieve Gezondheid,
// the health check, the wijkbudget's costs, the Proeftuin's five goals and the inputs
// of an MKBA. Definitions, beside those of report.go:
//
//   - Reach of a dimension: the check-ins for sessions of activities with a theme that
//     maps to it (visits); the distinct visitors among them plus their headcounts
//     (unique); the distinct residents signed up (joined) for such an activity that
//     held a session in the period (participants). An activity counts once per
//     dimension, however many of its themes map to it.
//   - Participants (overall): distinct residents signed up for an activity that held
//     a session in the period. An activity that has ended counts its sign-ups as they
//     stand on the activity (the retention rules remove its list of names 18 months
//     after the end and keep the count), so the figure of a past period stays the same
//     after that; someone signed up for it and for another activity then counts twice.
//   - Health check: per respondent the newest check in the period; the average per
//     dimension over those respondents, shown from MinHealthPeople respondents on.
//   - Costs: what was spent (paid) in the period, by the date it was paid; costs of a
//     theme are those of entries tied to an activity with that theme. Cost per visit:
//     costs ÷ visits; per participant: costs ÷ participants (rounded half up to a cent).
//   - Involved residents: distinct residents who, in the period, made a proposal, led
//     an activity that held a session, or gave confirmed volunteer hours.
//   - Activities with partners: activities that held a session in the period and have
//     a need offered or arranged by a partner's account; needs arranged by partners:
//     such needs marked arranged in the period.
//   - Days to a decision: for proposals decided in the period, the days from the
//     proposal to its first decision, averaged.
//
// Small groups: what a partner sees may not point at someone. The rule, decided here
// and nowhere else (handlers write the result in the reader's words):
//
//   - A count of people (visitors, new, returning, regulars, headcount taps, people on
//     a waiting list, participants, volunteers, involved residents, respondents and
//     answers), and a count of visits (every visit is a person), from 1 to MinPeople-1
//     is hidden: Small.
//   - A figure computed from a group of people that is Small is hidden with it: the
//     visits of a week or dimension whose visitors are few, the hours and their value of
//     few volunteers, the cost per participant of few participants.
//   - An average number of people (attendance per session, regulars per week) below
//     MinPeople is hidden, and so is the fill rate made from it: SmallAverage. An
//     activity whose sessions had fewer than MinPeople people on average is a small
//     group: its check-ins are hidden too (one person can check in at many sessions).
//   - A theme's visits are hidden when the distinct visitors at its activities
//     (ImpactFigures.ThemeUnique) are Small.
//   - A health or wellbeing average needs MinHealthPeople people (HealthFigure.Shown,
//     MoodFigure.Shown).
//
// Counts of proposals, activities, sessions and needs, and money spent, are not counts
// of people and are shown as they are.

// MinPeople is the fewest people a figure a partner sees is shown for.
const MinPeople = 5

// MinHealthPeople is the fewest people a health or wellbeing average is shown for.
const MinHealthPeople = 10

// Small reports whether a count of n people (or of their visits) is too small to show
// a partner: 1 to MinPeople-1. Zero is shown: it is nobody.
func Small(n int) bool { return n > 0 && n < MinPeople }

// SmallAverage reports whether an average number of people (per session, per week) is
// too small to show a partner.
func SmallAverage(v float64) bool { return v > 0 && v < MinPeople }

// People is a count of people, hidden when it is small enough to point at someone.
type People int

// Hidden reports whether the count is too small to show (0 is shown: it is nobody).
func (p People) Hidden() bool { return Small(int(p)) }

// HealthFigure is the health check over a period: how many respondents, and their
// average per dimension (in the order of models.Dimensions) when there are enough.
type HealthFigure struct {
	N int
	// Paper is how many of the N are a paper form: a form carries no one's code, so
	// each counts as a person of its own (the coordinator confirms, when typing it in,
	// that the resident did no check in the three months before).
	Paper    int
	Averages []float64
	Overall  float64 // over all six dimensions together
	Shown    bool
}

// DimensionReach is one dimension's reach in the period.
type DimensionReach struct {
	Dimension    string
	Visits       int
	Unique       People
	Participants People
}

// ThemeCost is what was spent on activities of one theme.
type ThemeCost struct {
	Theme     string
	CostCents int64
}

// Costs are the period's spending from the wijkbudget.
type Costs struct {
	SpentCents          int64
	PerVisitCents       int64 // -1 when there were no visits
	PerParticipantCents int64 // -1 when there were no participants
	PerTheme            []ThemeCost
}

// MonthCount is a number for one month ("2026-11").
type MonthCount struct {
	Month string
	N     int
}

// MKBARow is one row of the MKBA inputs: a centre and a theme ("" for all themes
// together, the only row with outcome averages).
type MKBARow struct {
	CentreID     int64
	Theme        string
	Unique       int
	Visits       int
	Participants int
	Sessions     int
	Volunteers   int
	Minutes      int
	ValueCents   int64
	CostCents    int64
	Health       HealthFigure
	Pulse        MoodFigure
}

// Hours is the row's volunteer minutes in hours, rounded half up to one decimal.
func (r MKBARow) Hours() float64 { return oneDecimal(int64(r.Minutes), 60) }

// ImpactFigures is what the report adds to ReportFigures.
type ImpactFigures struct {
	Period     Period
	Mapping    map[string][]string // the first centre's theme → dimensions
	Dimensions []DimensionReach
	// ThemeUnique is, per theme, the distinct visitors plus headcounts at its activities
	// over the centres: the people behind a theme's visits, which decide whether a
	// partner may see them.
	ThemeUnique       map[string]int
	Participants      int
	Health            HealthFigure // the period
	HealthBefore      HealthFigure // the period before it
	Involved          int
	NewPerMonth       []MonthCount
	Costs             Costs
	PartnerActivities int
	PartnerNeeds      int
	Decided           int
	DecisionDays      float64 // -1 when nothing was decided
	MKBA              []MKBARow
	Stories           []models.Story
}

// ImpactOf computes the report's frame for the centres over the period; hourValueCents
// values a volunteer hour. It reads a fixed number of statements whatever the data.
func ImpactOf(db *gorm.DB, centres []models.Centre, p Period, hourValueCents int64, now time.Time) (*ImpactFigures, error) {
	if len(centres) == 0 {
		return nil, fmt.Errorf("impact: no centre")
	}
	if err := ensurePeriodSessions(db, centres, p); err != nil {
		return nil, err
	}
	ids := make([]int64, len(centres))
	scopes := make([][]int64, len(centres))
	for i, c := range centres {
		ids[i], scopes[i] = c.ID, []int64{c.ID}
	}
	tallies, err := periodTallies(db, scopes, p, centres[0].Location(), now)
	if err != nil {
		return nil, fmt.Errorf("impact %s: %w", p.Key, err)
	}
	per := map[int64]tally{}
	for i, id := range ids {
		per[id] = tallies[i]
	}
	return impactOf(db, centres, p, hourValueCents, now, per)
}

// ReportWithImpactOf computes the report's figures and its impact frame for the same
// period, making the period's sessions once (ReportFiguresOf makes them).
func ReportWithImpactOf(db *gorm.DB, centres []models.Centre, p Period, hourValueCents int64, now time.Time) (*ReportFigures, *ImpactFigures, error) {
	r, per, err := reportOf(db, centres, p, hourValueCents, now, true)
	if err != nil {
		return nil, nil, err
	}
	i, err := impactOf(db, centres, p, hourValueCents, now, per)
	if err != nil {
		return nil, nil, err
	}
	return r, i, nil
}

// impactOf is ImpactOf once the period's sessions exist and each centre's visit tally
// of the period is known (perCentre).
func impactOf(db *gorm.DB, centres []models.Centre, p Period, hourValueCents int64, now time.Time, perCentre map[int64]tally) (*ImpactFigures, error) {
	ids := make([]int64, len(centres))
	for i, c := range centres {
		ids[i] = c.ID
	}
	mapping, err := models.ThemeDimensionsOf(db, ids)
	if err != nil {
		return nil, err
	}
	f := &ImpactFigures{Period: p, Mapping: mapping[ids[0]], DecisionDays: -1}
	in := &impactInput{ids: ids, p: p, now: now.UTC(), mapping: mapping, hour: hourValueCents}
	for _, id := range ids {
		t := perCentre[id]
		in.totals = append(in.totals, struct {
			CentreID          int64
			Visits, Keyed, HC int
		}{id, t.visits, t.keyed, t.headcounts})
	}
	loc := centres[0].Location()
	steps := []func() error{
		func() error { return in.read(db) },
		func() error { return impactHealth(db, ids, p, f) },
		func() error { return impactInvolvedCount(db, ids, p, loc, now.UTC(), f) },
		func() error { impactNewPerMonth(ids, perCentre, p, f); return nil },
		func() error { return impactPartners(db, ids, p, loc, now.UTC(), f) },
		func() error { return impactDecisions(db, ids, p, loc, f) },
		func() error {
			var err error
			f.Stories, err = models.PublishableStories(db, ids, p.From, p.To)
			return err
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, fmt.Errorf("impact %s: %w", p.Key, err)
		}
	}
	in.build(f)
	if err := impactHealthPerCentre(db, ids, p, f); err != nil {
		return nil, fmt.Errorf("impact %s: %w", p.Key, err)
	}
	return f, nil
}

// ensurePeriodSessions makes the sessions of the period (they are created when someone
// looks at a date), so sessions held count them all.
// The centres' activities are read at once and their sessions made per time zone (the
// period's bounds depend on it only): two statements for a municipality of centres in
// one zone, not two per centre.
func ensurePeriodSessions(db *gorm.DB, centres []models.Centre, p Period) error {
	ids := make([]int64, len(centres))
	var zones []string
	zoneOf := make(map[int64]string, len(centres))
	locs := map[string]*time.Location{}
	for i, c := range centres {
		ids[i] = c.ID
		zoneOf[c.ID] = c.TimeZone
		if _, ok := locs[c.TimeZone]; !ok {
			zones = append(zones, c.TimeZone)
			locs[c.TimeZone] = c.Location()
		}
	}
	var as []models.Activity
	if err := db.Where("centre_id IN ? AND status IN ?", ids, []string{models.StatusApproved, models.StatusEnded}).Order("id").Find(&as).Error; err != nil {
		return fmt.Errorf("activities: %w", err)
	}
	for _, zone := range zones {
		var inZone []models.Activity
		for _, a := range as {
			if zoneOf[a.CentreID] == zone {
				inZone = append(inZone, a)
			}
		}
		from, end := p.Bounds(locs[zone])
		if err := models.EnsureSessions(db, inZone, from, end, locs[zone]); err != nil {
			return err
		}
	}
	return nil
}

// impactInput holds the rows the reach, the costs and the MKBA rows are built from:
// each grouped per centre and the activity's themes, and per person where people are
// counted, so that one person counts once per theme, dimension and centre.
type impactInput struct {
	ids     []int64
	p       Period
	now     time.Time
	hour    int64
	mapping map[int64]map[string][]string

	visits []struct {
		CentreID   int64
		Themes     string
		VisitorKey *string
		N          int
	}
	participants []struct {
		CentreID int64
		Themes   string
		UserID   int64
	}
	endedSignUps []struct {
		CentreID int64
		Themes   string
		N        int
	}
	sessions []struct {
		CentreID int64
		Themes   string
		N        int
	}
	volunteers []struct {
		CentreID int64
		Themes   string
		UserID   int64
		Minutes  int
	}
	costs []struct {
		CentreID int64
		Themes   *string
		Cents    int64
	}
	totals []struct {
		CentreID          int64
		Visits, Keyed, HC int
	}
	pulse []struct {
		CentreID int64
		N, Sum   int
	}
}

// heldSession is the condition that an activity a held a session in the period.
const heldSession = `EXISTS (SELECT 1 FROM activity_sessions s WHERE s.activity_id = a.id AND s.date BETWEEN ? AND ? AND s.cancelled = ? AND s.starts_at <= ?)`

func (in *impactInput) read(db *gorm.DB) error {
	p := in.p
	queries := []struct {
		name  string
		dest  any
		query string
		args  []any
	}{
		{"visits per theme", &in.visits, `SELECT a.centre_id, a.themes, v.visitor_key, COUNT(*) AS n FROM activity_sessions s
			JOIN activities a ON a.id = s.activity_id JOIN visit_sessions vs ON vs.session_id = s.id JOIN visits v ON v.id = vs.visit_id
			WHERE a.centre_id IN ? AND s.date BETWEEN ? AND ? GROUP BY a.centre_id, a.themes, v.visitor_key`, []any{in.ids, p.From, p.To}},
		{"participants", &in.participants, `SELECT DISTINCT a.centre_id, a.themes, pa.user_id FROM participations pa
			JOIN activities a ON a.id = pa.activity_id WHERE a.centre_id IN ? AND pa.status = ? AND a.status <> ? AND ` + heldSession,
			[]any{in.ids, models.Joined, models.StatusEnded, p.From, p.To, false, in.now}},
		{"sign-ups of ended activities", &in.endedSignUps, `SELECT a.centre_id, a.themes,
			SUM(a.removed_joined + (SELECT COUNT(*) FROM participations pa WHERE pa.activity_id = a.id AND pa.status = ?)) AS n
			FROM activities a WHERE a.centre_id IN ? AND a.status = ? AND ` + heldSession + ` GROUP BY a.centre_id, a.themes`,
			[]any{models.Joined, in.ids, models.StatusEnded, p.From, p.To, false, in.now}},
		{"sessions", &in.sessions, `SELECT a.centre_id, a.themes, COUNT(*) AS n FROM activity_sessions s JOIN activities a ON a.id = s.activity_id
			WHERE a.centre_id IN ? AND s.date BETWEEN ? AND ? AND s.cancelled = ? AND s.starts_at <= ? GROUP BY a.centre_id, a.themes`,
			[]any{in.ids, p.From, p.To, false, in.now}},
		{"volunteers", &in.volunteers, `SELECT a.centre_id, a.themes, h.user_id, SUM(h.minutes) AS minutes FROM volunteer_hours h
			JOIN activity_sessions s ON s.id = h.session_id JOIN activities a ON a.id = s.activity_id
			WHERE a.centre_id IN ? AND s.date BETWEEN ? AND ? AND h.present = ? GROUP BY a.centre_id, a.themes, h.user_id`,
			[]any{in.ids, p.From, p.To, true}},
		{"costs", &in.costs, `SELECT e.centre_id, a.themes, SUM(e.spent_cents) AS cents FROM budget_entries e
			LEFT JOIN activities a ON a.id = e.activity_id WHERE e.centre_id IN ? AND e.spent_on BETWEEN ? AND ?
			GROUP BY e.centre_id, a.themes`, []any{in.ids, p.From, p.To}},
		{"wellbeing per centre", &in.pulse, `SELECT centre_id, COUNT(*) AS n, SUM(score) AS sum FROM moods
			WHERE centre_id IN ? AND local_date BETWEEN ? AND ? GROUP BY centre_id`, []any{in.ids, p.From, p.To}},
	}
	for _, q := range queries {
		if err := db.Raw(q.query, q.args...).Scan(q.dest).Error; err != nil {
			return fmt.Errorf("%s: %w", q.name, err)
		}
	}
	return nil
}

// build fills the reach per dimension, the costs and the MKBA rows from the rows read.
func (in *impactInput) build(f *ImpactFigures) {
	themesOf := func(s string) []string { return strings.Split(s, ",") }
	// A row's group (a theme, or a dimension) for a centre: "t:meeting", "d:body".
	groups := func(centre int64, themes string) []string {
		seen := map[string]bool{}
		var out []string
		for _, t := range themesOf(themes) {
			if t == "" {
				continue
			}
			for _, g := range append([]string{"t:" + t}, prefixed("d:", in.mapping[centre][t])...) {
				if !seen[g] {
					seen[g] = true
					out = append(out, g)
				}
			}
		}
		return out
	}
	type acc struct {
		visits, headcounts, sessions, minutes int
		signUps                               int            // of ended activities, counted on the activity
		keys                                  map[int32]bool // visitor keys, by their number in keyNo
		users, vols                           map[int64]bool
		cost                                  int64
	}
	// Per centre and group, and per group over every centre ("*").
	accs := map[string]*acc{}
	get := func(centre, group string) *acc {
		k := centre + "|" + group
		if accs[k] == nil {
			accs[k] = &acc{keys: map[int32]bool{}, users: map[int64]bool{}, vols: map[int64]bool{}}
		}
		return accs[k]
	}
	cid := func(id int64) string { return fmt.Sprint(id) }
	// The accumulators a row of a centre and themes adds to, found once per pair: a
	// year of twenty centres has some 76,000 rows of visits but 140 pairs (issue 15).
	type pair struct {
		centre int64
		themes string
	}
	targets := map[pair][]*acc{}
	both := func(centre int64, themes string, fn func(a *acc)) {
		k := pair{centre, themes}
		ts, ok := targets[k]
		if !ok {
			for _, g := range groups(centre, themes) {
				ts = append(ts, get(cid(centre), g), get("*", g))
			}
			ts = append(ts, get(cid(centre), "all"), get("*", "all"))
			targets[k] = ts
		}
		for _, a := range ts {
			fn(a)
		}
	}
	// Each visitor key is hashed once, into a number the sets hold.
	keyNo := map[string]int32{}
	for _, r := range in.visits {
		if r.VisitorKey == nil {
			both(r.CentreID, r.Themes, func(a *acc) { a.visits += r.N; a.headcounts += r.N })
			continue
		}
		no, ok := keyNo[*r.VisitorKey]
		if !ok {
			no = int32(len(keyNo))
			keyNo[*r.VisitorKey] = no
		}
		both(r.CentreID, r.Themes, func(a *acc) { a.visits += r.N; a.keys[no] = true })
	}
	for _, r := range in.participants {
		both(r.CentreID, r.Themes, func(a *acc) { a.users[r.UserID] = true })
	}
	for _, r := range in.endedSignUps {
		both(r.CentreID, r.Themes, func(a *acc) { a.signUps += r.N })
	}
	for _, r := range in.sessions {
		both(r.CentreID, r.Themes, func(a *acc) { a.sessions += r.N })
	}
	for _, r := range in.volunteers {
		both(r.CentreID, r.Themes, func(a *acc) { a.vols[r.UserID] = true; a.minutes += r.Minutes })
	}
	for _, r := range in.costs {
		themes := ""
		if r.Themes != nil {
			themes = *r.Themes
		}
		both(r.CentreID, themes, func(a *acc) { a.cost += r.Cents })
	}

	for _, d := range models.Dimensions {
		a := get("*", "d:"+d)
		f.Dimensions = append(f.Dimensions, DimensionReach{Dimension: d, Visits: a.visits,
			Unique: People(len(a.keys) + a.headcounts), Participants: People(len(a.users) + a.signUps)})
	}
	f.ThemeUnique = map[string]int{}
	for _, t := range models.Themes {
		a := get("*", "t:"+t)
		f.ThemeUnique[t] = len(a.keys) + a.headcounts
	}
	all := get("*", "all")
	f.Participants = len(all.users) + all.signUps
	totalVisits := 0
	for _, t := range in.totals {
		totalVisits += t.Visits
	}
	f.Costs = Costs{SpentCents: all.cost, PerVisitCents: -1, PerParticipantCents: -1}
	if totalVisits > 0 {
		f.Costs.PerVisitCents = roundHalfUp(big.NewRat(all.cost, int64(totalVisits)))
	}
	if f.Participants > 0 {
		f.Costs.PerParticipantCents = roundHalfUp(big.NewRat(all.cost, int64(f.Participants)))
	}
	for _, t := range models.Themes {
		f.Costs.PerTheme = append(f.Costs.PerTheme, ThemeCost{Theme: t, CostCents: get("*", "t:"+t).cost})
	}

	totals := map[int64]int{}
	for i, t := range in.totals {
		totals[t.CentreID] = i
	}
	pulse := map[int64]MoodFigure{}
	for _, m := range in.pulse {
		pulse[m.CentreID] = healthMood(m.N, m.Sum)
	}
	for _, id := range in.ids {
		for _, theme := range append([]string{""}, models.Themes...) {
			g := "t:" + theme
			if theme == "" {
				g = "all"
			}
			a := get(cid(id), g)
			row := MKBARow{CentreID: id, Theme: theme, Unique: len(a.keys) + a.headcounts, Visits: a.visits,
				Participants: len(a.users) + a.signUps, Sessions: a.sessions, Volunteers: len(a.vols), Minutes: a.minutes,
				ValueCents: roundHalfUp(big.NewRat(int64(a.minutes)*in.hour, 60)), CostCents: a.cost}
			if theme == "" { // every visit of the centre, not only those at an activity
				if i, ok := totals[id]; ok {
					t := in.totals[i]
					row.Visits, row.Unique = t.Visits, t.Keyed+t.HC
				} else {
					row.Visits, row.Unique = 0, 0
				}
				row.Pulse = pulse[id]
			}
			f.MKBA = append(f.MKBA, row)
		}
	}
}

func prefixed(prefix string, list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = prefix + s
	}
	return out
}

// healthMood is a wellbeing average for the report, which partners read: shown from
// MinHealthPeople answers on.
func healthMood(n, sum int) MoodFigure {
	m := MoodFigure{Count: n}
	if n >= MinHealthPeople {
		m.Shown, m.Average = true, oneDecimal(int64(sum), int64(n))
	}
	return m
}

// healthOver is the health figure of the checks in [from, to]: each respondent's
// newest check counts once.
func healthOver(rows []models.HealthCheck, from, to string) HealthFigure {
	newest := map[string]models.HealthCheck{}
	for _, r := range rows {
		if r.LocalDate < from || r.LocalDate > to {
			continue
		}
		if old, ok := newest[r.Respondent]; !ok || r.LocalDate > old.LocalDate || r.LocalDate == old.LocalDate && r.ID > old.ID {
			newest[r.Respondent] = r
		}
	}
	h := HealthFigure{N: len(newest)}
	for _, r := range newest {
		if r.Source == models.HealthPaper {
			h.Paper++
		}
	}
	if h.N < MinHealthPeople {
		return h
	}
	sums := make([]int64, len(models.Dimensions))
	for _, r := range newest {
		for i, s := range r.Scores() {
			sums[i] += int64(s)
		}
	}
	h.Shown = true
	var all int64
	for _, s := range sums {
		h.Averages = append(h.Averages, oneDecimal(s, int64(h.N)))
		all += s
	}
	h.Overall = oneDecimal(all, int64(h.N*len(sums)))
	return h
}

func impactHealth(db *gorm.DB, ids []int64, p Period, f *ImpactFigures) error {
	prev := p.Previous()
	from := p.From
	if prev.From != "" {
		from = prev.From
	}
	var rows []models.HealthCheck
	if err := db.Where("centre_id IN ? AND local_date BETWEEN ? AND ?", ids, from, p.To).Find(&rows).Error; err != nil {
		return fmt.Errorf("health checks: %w", err)
	}
	f.Health = healthOver(rows, p.From, p.To)
	if prev.From != "" {
		f.HealthBefore = healthOver(rows, prev.From, prev.To)
	}
	return nil
}

// impactHealthPerCentre fills the health figure of each centre's MKBA row.
func impactHealthPerCentre(db *gorm.DB, ids []int64, p Period, f *ImpactFigures) error {
	if len(ids) == 1 {
		for i := range f.MKBA {
			if f.MKBA[i].Theme == "" {
				f.MKBA[i].Health = f.Health
			}
		}
		return nil
	}
	var rows []models.HealthCheck
	if err := db.Where("centre_id IN ? AND local_date BETWEEN ? AND ?", ids, p.From, p.To).Find(&rows).Error; err != nil {
		return fmt.Errorf("health checks per centre: %w", err)
	}
	per := map[int64][]models.HealthCheck{}
	for _, r := range rows {
		per[r.CentreID] = append(per[r.CentreID], r)
	}
	for i := range f.MKBA {
		if f.MKBA[i].Theme == "" {
			f.MKBA[i].Health = healthOver(per[f.MKBA[i].CentreID], p.From, p.To)
		}
	}
	return nil
}

// impactInvolvedCount counts the involved residents (one statement).
func impactInvolvedCount(db *gorm.DB, ids []int64, p Period, loc *time.Location, now time.Time, f *ImpactFigures) error {
	from, end := p.Bounds(loc)
	err := db.Raw(`SELECT COUNT(*) FROM (
			SELECT a.proposer_id AS id FROM activities a JOIN users u ON u.id = a.proposer_id
				WHERE a.centre_id IN ? AND a.status <> ? AND a.created_at >= ? AND a.created_at < ? AND u.role = ?
			UNION SELECT a.lead_id FROM activities a JOIN users u ON u.id = a.lead_id
				WHERE a.centre_id IN ? AND u.role = ? AND `+heldSession+`
			UNION SELECT h.user_id FROM volunteer_hours h JOIN activity_sessions s ON s.id = h.session_id
				JOIN activities a ON a.id = s.activity_id JOIN users u ON u.id = h.user_id
				WHERE a.centre_id IN ? AND s.date BETWEEN ? AND ? AND h.present = ? AND u.role = ?
		) involved`,
		ids, models.StatusDraft, from.UTC(), end.UTC(), models.RoleResident,
		ids, models.RoleResident, p.From, p.To, false, now,
		ids, p.From, p.To, true, models.RoleResident).Scan(&f.Involved).Error
	if err != nil {
		return fmt.Errorf("involved residents: %w", err)
	}
	return nil
}

// impactNewPerMonth fills the new faces of each month of the period: the first visits
// at the centres (a visitor new at two centres counts at both), from each centre's
// tally of the period.
func impactNewPerMonth(ids []int64, perCentre map[int64]tally, p Period, f *ImpactFigures) {
	got := map[string]int{}
	for _, id := range ids {
		for m, n := range perCentre[id].perMonth {
			got[m] += n
		}
	}
	start, _ := time.Parse(models.Date, p.From)
	for m := time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, time.UTC); m.Format(models.Date) <= p.To; m = m.AddDate(0, 1, 0) {
		key := m.Format("2006-01")
		f.NewPerMonth = append(f.NewPerMonth, MonthCount{Month: key, N: got[key]})
	}
}

func impactPartners(db *gorm.DB, ids []int64, p Period, loc *time.Location, now time.Time, f *ImpactFigures) error {
	from, end := p.Bounds(loc)
	var n struct{ Activities, Needs int }
	err := db.Raw(`SELECT
		(SELECT COUNT(DISTINCT a.id) FROM activities a JOIN activity_needs n ON n.activity_id = a.id
			JOIN users u ON u.id = n.offered_by_id WHERE a.centre_id IN ? AND u.role = ? AND `+heldSession+`) AS activities,
		(SELECT COUNT(*) FROM activity_needs n JOIN activities a ON a.id = n.activity_id JOIN users u ON u.id = n.offered_by_id
			WHERE a.centre_id IN ? AND u.role = ? AND n.status = ? AND n.updated_at >= ? AND n.updated_at < ?) AS needs`,
		ids, models.RolePartner, p.From, p.To, false, now,
		ids, models.RolePartner, models.NeedArranged, from.UTC(), end.UTC()).Scan(&n).Error
	if err != nil {
		return fmt.Errorf("partner links: %w", err)
	}
	f.PartnerActivities, f.PartnerNeeds = n.Activities, n.Needs
	return nil
}

func impactDecisions(db *gorm.DB, ids []int64, p Period, loc *time.Location, f *ImpactFigures) error {
	from, end := p.Bounds(loc)
	var rows []struct {
		ActivityID int64
		CreatedAt  time.Time
		DecidedAt  time.Time
	}
	// Every decision up to the end of the period; the first of each proposal counts
	// when it fell in the period. (The earliest is found here: SQLite's MIN of a time
	// is text.)
	err := db.Raw(`SELECT a.id AS activity_id, a.created_at, r.created_at AS decided_at FROM activity_reviews r
		JOIN activities a ON a.id = r.activity_id WHERE a.centre_id IN ? AND r.decision IN ? AND r.created_at < ?`,
		ids, []string{models.DecisionApprove, models.DecisionDecline}, end.UTC()).Scan(&rows).Error
	if err != nil {
		return fmt.Errorf("decisions: %w", err)
	}
	first := map[int64]int{}
	for i, r := range rows {
		if j, ok := first[r.ActivityID]; !ok || r.DecidedAt.Before(rows[j].DecidedAt) {
			first[r.ActivityID] = i
		}
	}
	var secs int64
	for _, i := range first {
		r := rows[i]
		if r.DecidedAt.Before(from) {
			continue
		}
		f.Decided++
		secs += int64(r.DecidedAt.Sub(r.CreatedAt) / time.Second) // whole seconds, summed exactly, rounded once
	}
	if f.Decided > 0 {
		f.DecisionDays = oneDecimal(max(secs, 0), int64(f.Decided)*86400)
	}
	return nil
}

// SortedDimensions lists the dimensions mapped to a theme in the mapping, or none.
func SortedDimensions(mapping map[string][]string, theme string) []string {
	out := slices.Clone(mapping[theme])
	sort.SliceStable(out, func(i, j int) bool {
		return slices.Index(models.Dimensions, out[i]) < slices.Index(models.Dimensions, out[j])
	})
	return out
}
