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

// The impact report's figures for a period, over one centre or several. Definitions
// follow DESIGN.md section 5 and are the ones in figures.go; the report adds:
//
//   - Average regulars per week: the regulars of the period's weeks that are over (their
//     days in the period have all passed), divided by how many such weeks there are;
//     the week under way does not count.
//   - Sessions held: sessions of the period that were not cancelled and have started.
//   - Average attendance: check-ins for an activity's sessions ÷ its sessions held.
//   - Fill rate: average attendance ÷ capacity (activities with sign-up only).
//   - Visits by theme: check-ins for activities with that theme; an activity with two
//     themes counts in both.
//   - Active volunteers: volunteers with confirmed hours in the period; their hours
//     are valued at the configured hourly rate.
//   - Proposals made: proposals by residents sent for review in the period; approved
//     share: approved ÷ decided (approved + declined) in the period.
//   - Resident-led activities: published activities whose lead is a resident.
//   - Needs arranged: needs marked arranged in the period.

// ReportWeek is one week of the report's visitor table.
type ReportWeek struct {
	Week     string
	Visits   int
	Unique   int
	New      int
	Regulars int
}

// ThemeCount is the check-ins for activities of one prevention theme.
type ThemeCount struct {
	Theme  string
	Visits int
}

// ActivityFigures is one activity's row in the report.
type ActivityFigures struct {
	ActivityID    int64
	Title         string
	Capacity      int
	SessionsHeld  int
	Attendance    int
	AvgAttendance float64
	FillRate      float64 // 0–1; -1 for walk-in activities
	Waitlist      int
}

// VolunteerFigures are the volunteers' contribution in the period.
type VolunteerFigures struct {
	Active     int
	Minutes    int
	ValueCents int64
}

// Hours is Minutes in hours, rounded half up to one decimal: 363 minutes are 6,1 hours.
func (v VolunteerFigures) Hours() float64 { return oneDecimal(int64(v.Minutes), 60) }

// Involvement is the collective side: residents proposing, leading and arranging.
type Involvement struct {
	Proposals     int
	Approved      int
	Declined      int
	ApprovedShare float64 // 0–1, of the proposals decided
	ResidentLed   int
	NeedsArranged int
}

// MonthMood is the wellbeing pulse of one month.
type MonthMood struct {
	Month string // "2026-11"
	MoodFigure
}

// ReportFigures is everything the impact report shows.
type ReportFigures struct {
	Period        Period
	Totals        VisitCounts
	PerSource     []SourceCount // in the order of Sources
	AvgRegulars   float64       // per week, over RegularWeeks
	RegularWeeks  int           // the weeks of the period that are over
	Weeks         []ReportWeek
	Themes        []ThemeCount
	Activities    []ActivityFigures
	SessionsHeld  int
	AvgAttendance float64
	FillRate      float64 // over activities with sign-up; -1 when none
	Volunteers    VolunteerFigures
	Involvement   Involvement
	Wellbeing     []MonthMood
	WellbeingAll  MoodFigure
}

// ReportFiguresOf computes the report for the centres over the period. hourValueCents
// values a volunteer hour; now bounds "sessions held".
func ReportFiguresOf(db *gorm.DB, centres []models.Centre, p Period, hourValueCents int64, now time.Time) (*ReportFigures, error) {
	r, _, err := reportOf(db, centres, p, hourValueCents, now, false)
	return r, err
}

// reportOf is ReportFiguresOf; with perCentre it also returns each centre's visit
// tally of the period (the impact frame's visits per centre), taken with the report's
// own in one read of the stored figures.
func reportOf(db *gorm.DB, centres []models.Centre, p Period, hourValueCents int64, now time.Time, perCentre bool) (*ReportFigures, map[int64]tally, error) {
	if len(centres) == 0 {
		return nil, nil, fmt.Errorf("report: no centre")
	}
	ids := make([]int64, len(centres))
	for i, c := range centres {
		ids[i] = c.ID
	}
	loc := centres[0].Location()
	r := &ReportFigures{Period: p}
	scopes := [][]int64{ids}
	if perCentre && len(ids) > 1 {
		for _, id := range ids {
			scopes = append(scopes, []int64{id})
		}
	}
	var tallies []tally
	steps := []func() error{
		func() (err error) { tallies, err = periodTallies(db, scopes, p, loc, now); return err },
		func() error { reportTotals(tallies[0], r); return nil },
		func() error { return reportWeeks(db, ids, p, loc, now, r) },
		func() (err error) { r.Themes, err = themeCounts(db, tallies[0]); return err },
		func() error { return reportActivities(db, centres, p, now, r) },
		func() error { return reportVolunteers(db, ids, p, hourValueCents, r) },
		func() error { return reportInvolvement(db, ids, p, loc, r) },
		func() error { return reportWellbeing(db, ids, p, r) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, nil, fmt.Errorf("report %s: %w", p.Key, err)
		}
	}
	if !perCentre {
		return r, nil, nil
	}
	per := map[int64]tally{}
	if len(ids) == 1 {
		per[ids[0]] = tallies[0]
	}
	for i, s := range scopes[1:] {
		per[s[0]] = tallies[i+1]
	}
	return r, per, nil
}

// SummaryFiguresOf computes the part of the report that the summary sets the period
// against: the visit totals, volunteers, involvement and wellbeing, without the weeks,
// themes and activities (the weeks' regulars are most of the report's time).
func SummaryFiguresOf(db *gorm.DB, centres []models.Centre, p Period, hourValueCents int64, now time.Time) (*ReportFigures, error) {
	if len(centres) == 0 {
		return nil, fmt.Errorf("report: no centre")
	}
	ids := make([]int64, len(centres))
	for i, c := range centres {
		ids[i] = c.ID
	}
	loc := centres[0].Location()
	r := &ReportFigures{Period: p, FillRate: -1}
	steps := []func() error{
		func() error {
			t, err := periodTallies(db, [][]int64{ids}, p, loc, now)
			if err == nil {
				reportTotals(t[0], r)
			}
			return err
		},
		func() error { return reportVolunteers(db, ids, p, hourValueCents, r) },
		func() error { return reportInvolvement(db, ids, p, loc, r) },
		func() error { return reportWellbeing(db, ids, p, r) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, fmt.Errorf("report summary %s: %w", p.Key, err)
		}
	}
	return r, nil
}

// reportTotals sets the period's visitor totals and visits per source (totals.go).
func reportTotals(t tally, r *ReportFigures) {
	r.Totals = t.counts()
	for i, n := range t.perSource {
		r.PerSource = append(r.PerSource, SourceCount{Source: Sources[i], Visits: n})
	}
}

func reportWeeks(db *gorm.DB, ids []int64, p Period, loc *time.Location, now time.Time, r *ReportFigures) error {

	// Weeks that have not begun yet, or that came before the first visit ever (a centre
	// that opened in October), would only add zeros and lower the average.
	first, err := firstVisitWeek(db, ids)
	if err != nil {
		return err
	}
	var periodWeeks []models.Week
	for _, w := range p.Weeks(loc) {
		if w.Start().Before(now) && w.String() >= first { // every code is >= "" when there are no visits
			periodWeeks = append(periodWeeks, w)
		}
	}
	sums, err := wholeWeeks(db, ids, periodWeeks, now, false)
	if err != nil {
		return err
	}
	// A week cut by the start or end of the period counts only its days in the period.
	// When it is over, those days are a stretch of period_figures like any other, with
	// the week's regulars among their visitors kept beside it.
	from, end := p.Bounds(loc)
	var cut, live []string
	partial := map[string]ReportWeek{}
	for _, w := range periodWeeks {
		if !w.Start().Before(from) && !w.End().After(end) {
			continue
		}
		cut = append(cut, w.String())
		if w.End().After(now) {
			live = append(live, w.String())
			continue
		}
		first, last := max(w.Start().Format(models.Date), p.From), min(w.End().AddDate(0, 0, -1).Format(models.Date), p.To)
		t, err := finishedTallies(db, [][]int64{ids}, first, last)
		if err != nil {
			return err
		}
		row := ReportWeek{Visits: t[0].visits, Unique: t[0].keyed + t[0].headcounts, New: t[0].new}
		if t[0].regulars != nil {
			row.Regulars = *t[0].regulars
		} else {
			if row.Regulars, err = regularsOnDays(db, ids, w, p); err != nil {
				return err
			}
			err = db.Model(&periodSummary{}).Where("scope = ? AND first_date = ? AND last_date = ?", scopeOf(ids), first, last).
				Update("regulars", row.Regulars).Error
			if err != nil {
				return fmt.Errorf("store: unable to keep the regulars of week %s: %w", w, err)
			}
		}
		partial[w.String()] = row
	}
	if len(live) > 0 {
		var rows []struct {
			IsoWeek                        string
			Visits, Keyed, Headcounts, New int
		}
		err = db.Raw(`SELECT iso_week, SUM(n) AS visits, COUNT(visitor_key) AS keyed,
				SUM(CASE WHEN visitor_key IS NULL THEN n ELSE 0 END) AS headcounts,
				COUNT(CASE WHEN first = 1 THEN visitor_key END) AS new
			FROM (
				SELECT iso_week, visitor_key, COUNT(*) AS n, MAX(CASE WHEN is_first THEN 1 ELSE 0 END) AS first FROM visits
				WHERE centre_id IN ? AND iso_week IN ? AND local_date BETWEEN ? AND ? GROUP BY iso_week, visitor_key
			) per_key_week GROUP BY iso_week`, ids, live, p.From, p.To).Scan(&rows).Error
		if err != nil {
			return fmt.Errorf("weeks: %w", err)
		}
		for _, w := range rows {
			partial[w.IsoWeek] = ReportWeek{Visits: w.Visits, Unique: w.Keyed + w.Headcounts, New: w.New}
		}
		for _, w := range periodWeeks {
			if !slices.Contains(live, w.String()) {
				continue
			}
			n, err := regularsOnDays(db, ids, w, p)
			if err != nil {
				return err
			}
			pw := partial[w.String()]
			pw.Regulars = n
			partial[w.String()] = pw
		}
	}
	// The average counts the weeks whose days in the period are over: the week under
	// way has had no time to gather its regulars and would only pull the average down.
	total := 0
	for _, w := range periodWeeks {
		s := sums[w.String()]
		row := ReportWeek{Week: w.String(), Visits: s.Visits, Unique: s.Unique(), New: s.New, Regulars: s.Regulars}
		if slices.Contains(cut, w.String()) {
			pw := partial[w.String()]
			row.Visits, row.Unique, row.New, row.Regulars = pw.Visits, pw.Unique, pw.New, pw.Regulars
		}
		over := w.End() // when the week's days in the period are over
		if end.Before(over) {
			over = end
		}
		if !over.After(now) {
			total += row.Regulars
			r.RegularWeeks++
		}
		r.Weeks = append(r.Weeks, row)
	}
	if r.RegularWeeks > 0 {
		r.AvgRegulars = oneDecimal(int64(total), int64(r.RegularWeeks))
	}
	return nil
}

// regularsOnDays counts the regulars of week w (keys with visits in at least 3 of the
// weeks w-3 … w) among the keys that visited on the days of w inside period p: for a
// week the period cuts, so its row counts regulars over the same days as its visits.
func regularsOnDays(db *gorm.DB, ids []int64, w models.Week, p Period) (int, error) {
	window := []string{w.Add(-3).String(), w.Add(-2).String(), w.Add(-1).String(), w.String()}
	var n int
	// One pass over the four weeks' visits, grouped per key; a correlated count per key
	// took about 100 ms for a week of a busy centre.
	err := db.Raw(`SELECT COUNT(*) FROM (
			SELECT visitor_key FROM visits
			WHERE centre_id IN ? AND iso_week IN ? AND visitor_key IS NOT NULL
			GROUP BY visitor_key
			HAVING COUNT(DISTINCT iso_week) >= 3
				AND MAX(CASE WHEN iso_week = ? AND local_date BETWEEN ? AND ? THEN 1 ELSE 0 END) = 1
		) regulars`, ids, window, w.String(), p.From, p.To).Scan(&n).Error
	if err != nil {
		return 0, fmt.Errorf("regulars of week %s in the period: %w", w, err)
	}
	return n, nil
}

// regularsPerWeek counts, for each week W, the keys seen in W and in at least 3 of the
// weeks W-3 … W, in one query. Each key's distinct weeks are numbered in time order
// (week strings sort as text in time order); a key of week W is a regular exactly when
// its week two places back is W-3 or later. A small table gives each week its W-3.
func regularsPerWeek(db *gorm.DB, ids []int64, weeks []models.Week) (map[string]int, error) {
	out := map[string]int{}
	if len(weeks) == 0 {
		return out, nil
	}
	var pairs []string
	var args []any
	all := map[string]bool{}
	for _, w := range weeks {
		pairs = append(pairs, "(?, ?)")
		args = append(args, w.String(), w.Add(-3).String())
		for i := 0; i < 4; i++ {
			all[w.Add(-i).String()] = true
		}
	}
	names := make([]string, 0, len(all))
	for n := range all {
		names = append(names, n)
	}
	sort.Strings(names)
	query := `WITH win (week, window_start) AS (VALUES ` + strings.Join(pairs, ", ") + `),
		kw AS (SELECT iso_week, LAG(iso_week, 2) OVER (PARTITION BY visitor_key ORDER BY iso_week) AS two_back
			FROM visits WHERE centre_id IN ? AND visitor_key IS NOT NULL AND iso_week IN ?
			GROUP BY visitor_key, iso_week)
		SELECT win.week, COUNT(*) AS n FROM kw JOIN win ON win.week = kw.iso_week
		WHERE kw.two_back >= win.window_start GROUP BY win.week`
	args = append(args, ids, names)
	var rows []struct {
		Week string
		N    int
	}
	if err := db.Raw(query, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("regulars: %w", err)
	}
	for _, row := range rows {
		out[row.Week] = row.N
	}
	return out, nil
}

func reportActivities(db *gorm.DB, centres []models.Centre, p Period, now time.Time, r *ReportFigures) error {
	// Sessions are created when someone looks at a date; make sure the period has them all.
	if err := ensurePeriodSessions(db, centres, p); err != nil {
		return err
	}
	ids := make([]int64, len(centres))
	for i, c := range centres {
		ids[i] = c.ID
	}
	var rows []struct {
		ActivityID int64
		Title      string
		Capacity   int
		Held       int
		Attendance int
	}
	// One row per session held with its check-ins counted through the index on
	// visit_sessions (session_id, visit_id): joining every link and counting DISTINCT
	// sessions sorted the period's 100,000 links of twenty centres on disk (issue 15).
	// Activities of several centres may share a title; the id keeps their order fixed.
	err := db.Raw(`SELECT a.id AS activity_id, a.title, a.capacity, COUNT(*) AS held,
			COALESCE(SUM((SELECT COUNT(*) FROM visit_sessions vs WHERE vs.session_id = s.id)), 0) AS attendance
		FROM activities a JOIN activity_sessions s ON s.activity_id = a.id
		WHERE a.centre_id IN ? AND s.date BETWEEN ? AND ? AND s.cancelled = ? AND s.starts_at <= ?
		GROUP BY a.id, a.title, a.capacity ORDER BY a.title, a.id`, ids, p.From, p.To, false, now.UTC()).Scan(&rows).Error
	if err != nil {
		return fmt.Errorf("sessions held: %w", err)
	}
	actIDs := make([]int64, len(rows))
	for i, row := range rows {
		actIDs[i] = row.ActivityID
	}
	signUps, err := models.CountSignUps(db, actIDs)
	if err != nil {
		return err
	}
	// The fill rate over all activities averages each session's attendance ÷ capacity:
	// Σ (attendance ÷ capacity) ÷ sessions held, summed as fractions so that it is
	// rounded once, from the exact value.
	attended, fillSum, fillN := 0, new(big.Rat), 0
	for _, row := range rows {
		f := ActivityFigures{ActivityID: row.ActivityID, Title: row.Title, Capacity: row.Capacity, SessionsHeld: row.Held,
			Attendance: row.Attendance, FillRate: -1, Waitlist: signUps[row.ActivityID].Waitlisted}
		if row.Held > 0 {
			f.AvgAttendance = oneDecimal(int64(row.Attendance), int64(row.Held))
			if row.Capacity > 0 {
				f.FillRate = share(big.NewRat(int64(row.Attendance), int64(row.Held*row.Capacity)))
				fillSum.Add(fillSum, big.NewRat(int64(row.Attendance), int64(row.Capacity)))
				fillN += row.Held
			}
		}
		r.SessionsHeld += row.Held
		attended += row.Attendance
		r.Activities = append(r.Activities, f)
	}
	r.FillRate = -1
	if r.SessionsHeld > 0 {
		r.AvgAttendance = oneDecimal(int64(attended), int64(r.SessionsHeld))
	}
	if fillN > 0 {
		r.FillRate = share(fillSum.Quo(fillSum, big.NewRat(int64(fillN), 1)))
	}
	return nil
}

func reportVolunteers(db *gorm.DB, ids []int64, p Period, hourValueCents int64, r *ReportFigures) error {
	var row struct{ Active, Minutes int }
	err := db.Raw(`SELECT COUNT(DISTINCT h.user_id) AS active, COALESCE(SUM(h.minutes), 0) AS minutes
		FROM volunteer_hours h JOIN activity_sessions s ON s.id = h.session_id JOIN activities a ON a.id = s.activity_id
		WHERE a.centre_id IN ? AND s.date BETWEEN ? AND ? AND h.present = ?`, ids, p.From, p.To, true).Scan(&row).Error
	if err != nil {
		return fmt.Errorf("volunteers: %w", err)
	}
	r.Volunteers = VolunteerFigures{Active: row.Active, Minutes: row.Minutes,
		ValueCents: roundHalfUp(big.NewRat(int64(row.Minutes)*hourValueCents, 60))}
	return nil
}

func reportInvolvement(db *gorm.DB, ids []int64, p Period, loc *time.Location, r *ReportFigures) error {
	from, end := p.Bounds(loc)
	from, end = from.UTC(), end.UTC()
	inv := &r.Involvement
	// A proposal counts as made when it was sent for review: it then has a status other
	// than draft. Its creation time stands for that moment.
	err := db.Raw(`SELECT COUNT(*) FROM activities a JOIN users u ON u.id = a.proposer_id
		WHERE a.centre_id IN ? AND a.status <> ? AND a.created_at >= ? AND a.created_at < ? AND u.role = ?`,
		ids, models.StatusDraft, from, end, models.RoleResident).Scan(&inv.Proposals).Error
	if err != nil {
		return fmt.Errorf("proposals: %w", err)
	}
	var decided []struct {
		Decision string
		N        int
	}
	err = db.Raw(`SELECT r.decision, COUNT(DISTINCT r.activity_id) AS n FROM activity_reviews r
		JOIN activities a ON a.id = r.activity_id
		WHERE a.centre_id IN ? AND r.decision IN ? AND r.created_at >= ? AND r.created_at < ? GROUP BY r.decision`,
		ids, []string{models.DecisionApprove, models.DecisionDecline}, from, end).Scan(&decided).Error
	if err != nil {
		return fmt.Errorf("decisions: %w", err)
	}
	for _, d := range decided {
		if d.Decision == models.DecisionApprove {
			inv.Approved = d.N
		} else {
			inv.Declined = d.N
		}
	}
	if n := inv.Approved + inv.Declined; n > 0 {
		inv.ApprovedShare = share(big.NewRat(int64(inv.Approved), int64(n)))
	}
	err = db.Raw(`SELECT COUNT(*) FROM activities a JOIN users u ON u.id = a.lead_id
		WHERE a.centre_id IN ? AND a.status = ? AND u.role = ?`, ids, models.StatusApproved, models.RoleResident).Scan(&inv.ResidentLed).Error
	if err != nil {
		return fmt.Errorf("resident-led: %w", err)
	}
	var arranged, volArranged int
	err = db.Raw(`SELECT COUNT(*) FROM activity_needs n JOIN activities a ON a.id = n.activity_id
		WHERE a.centre_id IN ? AND n.status = ? AND n.updated_at >= ? AND n.updated_at < ?`, ids, models.NeedArranged, from, end).Scan(&arranged).Error
	if err != nil {
		return fmt.Errorf("needs arranged: %w", err)
	}
	err = db.Raw(`SELECT COUNT(*) FROM volunteer_needs WHERE status = ? AND updated_at >= ? AND updated_at < ?`,
		models.NeedArranged, from, end).Scan(&volArranged).Error
	if err != nil {
		return fmt.Errorf("volunteer needs arranged: %w", err)
	}
	inv.NeedsArranged = arranged + volArranged
	return nil
}

func reportWellbeing(db *gorm.DB, ids []int64, p Period, r *ReportFigures) error {
	var rows []struct {
		Month  string
		N, Sum int
	}
	err := db.Raw(`SELECT SUBSTR(local_date, 1, 7) AS month, COUNT(*) AS n, COALESCE(SUM(score), 0) AS sum FROM moods
		WHERE centre_id IN ? AND local_date BETWEEN ? AND ? GROUP BY SUBSTR(local_date, 1, 7) ORDER BY month`,
		ids, p.From, p.To).Scan(&rows).Error
	if err != nil {
		return fmt.Errorf("wellbeing: %w", err)
	}
	sum, n := 0, 0
	for _, row := range rows {
		r.Wellbeing = append(r.Wellbeing, MonthMood{Month: row.Month, MoodFigure: healthMood(row.N, row.Sum)})
		sum += row.Sum
		n += row.N
	}
	r.WellbeingAll = healthMood(n, sum) // partners read the report: a health figure needs MinHealthPeople
	return nil
}

// Averages and shares are rounded half up to one decimal (a share: to a tenth of a
// percent), once, from the whole numbers they are made of: 121 ÷ 20 is 6,05 and reads
// 6,1, where rounding the binary 6.05 (6.0499…) could give 6,0.

// oneDecimal is num ÷ den rounded half up to one decimal.
func oneDecimal(num, den int64) float64 {
	return float64(roundHalfUp(big.NewRat(num*10, den))) / 10
}

// share is a share (0–1) rounded half up to a tenth of a percent: 0,8335 → 0,834.
func share(r *big.Rat) float64 {
	return float64(roundHalfUp(new(big.Rat).Mul(r, big.NewRat(1000, 1)))) / 1000
}

// roundHalfUp rounds a number that is not negative to a whole number, half up.
func roundHalfUp(r *big.Rat) int64 {
	half := new(big.Rat).Add(r, big.NewRat(1, 2))
	return new(big.Int).Quo(half.Num(), half.Denom()).Int64()
}
