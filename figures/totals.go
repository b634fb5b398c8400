package figures

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"onshuis/models"
)

// A period's visit totals (visits, unique and new visitors, visits per source) and its
// check-ins per activity, over a set of centres (a scope). Distinct visitors cannot be
// added up from weeks, and counting them over a year of a busy centre means every
// visit of the year (issue 21: most of the report's time). So the part of the period
// that is over, from its first day to the Sunday before the current week, is counted
// once and kept in period_figures; a report adds the days after it, whose visitors are
// few:
//
//   - visits, headcounts, visits per source, check-ins per activity and first visits
//     per month just add up;
//   - a key of the later days is one more unique visitor when it has no visit in the
//     stored days (a probe of the index (centre_id, visitor_key, local_date));
//   - it is one more new visitor when it has a first visit in the later days and none
//     in the stored days.
//
// When the week turns, the stored row of the days up to the Sunday before is made the
// same way from the newest stored row of that first day and the week after it. Rows
// go when the visits of their dates change (models.forgetWeeksFrom: paper lists, a
// kiosk's late taps, a session moved), as stored weeks do.

// periodSummary is one stored row: the tally of the dates first … last over a scope.
type periodSummary struct {
	Scope       string
	FirstDate   string
	LastDate    string
	Visits      int
	Keyed       int
	Headcounts  int
	New         int
	PerSource   string // visits per source, in the order of Sources: "12,0,3,1"
	PerActivity string // check-ins for sessions on those dates: "activity id:n …", by id
	NewPerMonth string // first visits per month: "2026-11:12 …", by month
	// Regulars is set for the days of one week that a period cuts (reportWeeks): the
	// regulars of that week among those days' visitors.
	Regulars *int
}

func (periodSummary) TableName() string { return "period_figures" }

// tally is the visit figures of a stretch of dates over a scope.
type tally struct {
	visits, keyed, headcounts, new int
	perSource                      []int          // in the order of Sources
	perActivity                    map[int64]int  // check-ins for sessions on the dates
	perMonth                       map[string]int // first visits (the impact frame's new faces) per month, "2026-11"
	regulars                       *int           // as stored (periodSummary.Regulars), when exactly these dates were
}

func newTally() tally {
	return tally{perSource: make([]int, len(Sources)), perActivity: map[int64]int{}, perMonth: map[string]int{}}
}

// plus is t followed by the later dates u, whose keyed and new already count only what
// t does not have (countRange with t's dates as probe).
func (t tally) plus(u tally) tally {
	out := newTally()
	out.visits, out.keyed, out.headcounts, out.new = t.visits+u.visits, t.keyed+u.keyed, t.headcounts+u.headcounts, t.new+u.new
	for i := range out.perSource {
		out.perSource[i] = t.perSource[i] + u.perSource[i]
	}
	for _, m := range []map[int64]int{t.perActivity, u.perActivity} {
		for id, n := range m {
			out.perActivity[id] += n
		}
	}
	for _, m := range []map[string]int{t.perMonth, u.perMonth} {
		for month, n := range m {
			out.perMonth[month] += n
		}
	}
	return out
}

// counts is the tally as the report's totals.
func (t tally) counts() VisitCounts {
	return VisitCounts{Visits: t.visits, Keyed: t.keyed, Headcounts: t.headcounts,
		Unique: t.keyed + t.headcounts, New: t.new, Returning: t.keyed - t.new}
}

func (t tally) row(scope, first, last string) periodSummary {
	src := make([]string, len(t.perSource))
	for i, n := range t.perSource {
		src[i] = strconv.Itoa(n)
	}
	ids := make([]int64, 0, len(t.perActivity))
	for id := range t.perActivity {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	acts := make([]string, len(ids))
	for i, id := range ids {
		acts[i] = strconv.FormatInt(id, 10) + ":" + strconv.Itoa(t.perActivity[id])
	}
	months := make([]string, 0, len(t.perMonth))
	for m := range t.perMonth {
		months = append(months, m)
	}
	slices.Sort(months)
	for i, m := range months {
		months[i] = m + ":" + strconv.Itoa(t.perMonth[m])
	}
	return periodSummary{Scope: scope, FirstDate: first, LastDate: last, Visits: t.visits, Keyed: t.keyed,
		Headcounts: t.headcounts, New: t.new, PerSource: strings.Join(src, ","), PerActivity: strings.Join(acts, " "),
		NewPerMonth: strings.Join(months, " ")}
}

// tally reads a stored row back; ok is false for a row that does not parse (it is then
// counted again).
func (s periodSummary) tally() (tally, bool) {
	t := newTally()
	t.visits, t.keyed, t.headcounts, t.new = s.Visits, s.Keyed, s.Headcounts, s.New
	t.regulars = s.Regulars
	parts := strings.Split(s.PerSource, ",")
	if len(parts) != len(Sources) {
		return t, false
	}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil {
			return t, false
		}
		t.perSource[i] = n
	}
	for _, pair := range strings.Fields(s.PerActivity) {
		id, n, found := strings.Cut(pair, ":")
		a, err1 := strconv.ParseInt(id, 10, 64)
		v, err2 := strconv.Atoi(n)
		if !found || err1 != nil || err2 != nil {
			return t, false
		}
		t.perActivity[a] = v
	}
	for _, pair := range strings.Fields(s.NewPerMonth) {
		month, n, found := strings.Cut(pair, ":")
		v, err := strconv.Atoi(n)
		if !found || err != nil {
			return t, false
		}
		t.perMonth[month] = v
	}
	return t, true
}

// finishedEnd is the last day of the period's part that is over: the Sunday before the
// week under way at now (in loc), or the period's last day when that comes first; ""
// when none of the period is over.
func finishedEnd(p Period, loc *time.Location, now time.Time) string {
	last := models.WeekOf(now, loc).Start().AddDate(0, 0, -1).Format(models.Date)
	if p.To < last {
		last = p.To
	}
	if last < p.From {
		return ""
	}
	return last
}

// dayAfter is the date after d (both models.Date).
func dayAfter(d string) string {
	t, _ := time.Parse(models.Date, d)
	return t.AddDate(0, 0, 1).Format(models.Date)
}

// dayBefore is the date before d.
func dayBefore(d string) string {
	t, _ := time.Parse(models.Date, d)
	return t.AddDate(0, 0, -1).Format(models.Date)
}

// periodTallies returns the tally of period p up to now for each scope: the stored
// tally of its finished part (counted and stored when missing) and the days after it.
func periodTallies(db *gorm.DB, scopes [][]int64, p Period, loc *time.Location, now time.Time) ([]tally, error) {
	last := finishedEnd(p, loc, now)
	if last == "" {
		return countScopes(db, scopes, p.From, p.To, nil)
	}
	done, err := finishedTallies(db, scopes, p.From, last)
	if err != nil || last == p.To {
		return done, err
	}
	tail, err := countScopes(db, scopes, dayAfter(last), p.To, &[2]string{p.From, last})
	if err != nil {
		return nil, err
	}
	for i := range done {
		done[i] = done[i].plus(tail[i])
	}
	return done, nil
}

// finishedTallies returns each scope's tally of the dates first … last from
// period_figures; a scope without that row is made from its newest stored row of the
// same first day and the dates after it (or counted whole when there is none), and
// stored.
func finishedTallies(db *gorm.DB, scopes [][]int64, first, last string) ([]tally, error) {
	names := make([]string, len(scopes))
	for i, ids := range scopes {
		names[i] = scopeOf(ids)
	}
	var stored []periodSummary
	err := db.Where(`scope IN ? AND first_date = ? AND last_date = (SELECT MAX(q.last_date) FROM period_figures q
		WHERE q.scope = period_figures.scope AND q.first_date = period_figures.first_date AND q.last_date <= ?)`,
		names, first, last).Find(&stored).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to read period figures: %w", err)
	}
	out := make([]tally, len(scopes))
	from := make([]string, len(scopes)) // the first date still to count, per scope; "" when stored
	base := map[string]periodSummary{}
	for _, s := range stored {
		base[s.Scope] = s
	}
	for i, name := range names {
		from[i] = first
		if s, ok := base[name]; ok {
			if t, ok := s.tally(); ok {
				out[i] = t
				from[i] = dayAfter(s.LastDate)
				if s.LastDate == last {
					from[i] = ""
				}
				continue
			}
		}
		out[i] = newTally()
	}
	// Count the scopes that start counting on the same day together.
	var starts []string
	for _, f := range from {
		if f != "" && !slices.Contains(starts, f) {
			starts = append(starts, f)
		}
	}
	var keep []periodSummary
	for _, start := range starts {
		var group [][]int64
		var at []int
		for i, f := range from {
			if f == start {
				group, at = append(group, scopes[i]), append(at, i)
			}
		}
		var probe *[2]string
		if start != first {
			probe = &[2]string{first, dayBefore(start)}
		}
		counted, err := countScopes(db, group, start, last, probe)
		if err != nil {
			return nil, err
		}
		for j, i := range at {
			out[i] = out[i].plus(counted[j])
			keep = append(keep, out[i].row(names[i], first, last))
		}
	}
	if len(keep) > 0 {
		// Two requests may count the same stretch at once; the figures are the same.
		if err := db.Clauses(clause.OnConflict{DoNothing: true}).Create(&keep).Error; err != nil {
			return nil, fmt.Errorf("store: unable to keep period figures: %w", err)
		}
	}
	return out, nil
}

// countScopes counts the dates from … to for each scope: the scopes of one centre in
// one statement grouped per centre, each larger scope in one of its own, and the
// check-ins per activity and the first visits per month of all of them in one more
// each (they add up over centres). With probe (the dates just
// before from), keys and first visits already seen in the probe's dates do not count
// again (see tally.plus).
func countScopes(db *gorm.DB, scopes [][]int64, from, to string, probe *[2]string) ([]tally, error) {
	out := make([]tally, len(scopes))
	var singles, all []int64
	for i, ids := range scopes {
		out[i] = newTally()
		if len(ids) == 1 && !slices.Contains(singles, ids[0]) {
			singles = append(singles, ids[0])
		}
		for _, id := range ids {
			if !slices.Contains(all, id) {
				all = append(all, id)
			}
		}
	}
	if len(singles) > 0 {
		per, err := countRange(db, singles, from, to, probe, true)
		if err != nil {
			return nil, err
		}
		for i, ids := range scopes {
			if len(ids) == 1 {
				if t, ok := per[ids[0]]; ok {
					out[i] = t
				}
			}
		}
	}
	for i, ids := range scopes {
		if len(ids) > 1 {
			per, err := countRange(db, ids, from, to, probe, false)
			if err != nil {
				return nil, err
			}
			if t, ok := per[0]; ok {
				out[i] = t
			}
		}
	}
	var links []struct {
		CentreID, ActivityID int64
		N                    int
	}
	// A visit is only ever linked to a session of its own centre on its own date
	// (RecordCheckIn), so the sessions of the dates select their check-ins without
	// reading the visits.
	err := db.Raw(`SELECT a.centre_id, s.activity_id, COUNT(*) AS n FROM activity_sessions s
		JOIN activities a ON a.id = s.activity_id JOIN visit_sessions vs ON vs.session_id = s.id
		WHERE a.centre_id IN ? AND s.date BETWEEN ? AND ? GROUP BY a.centre_id, s.activity_id`, all, from, to).Scan(&links).Error
	if err != nil {
		return nil, fmt.Errorf("check-ins per activity: %w", err)
	}
	var months []struct {
		CentreID int64
		Month    string
		N        int
	}
	err = db.Raw(`SELECT centre_id, SUBSTR(local_date, 1, 7) AS month, COUNT(*) AS n FROM visits
		WHERE centre_id IN ? AND local_date BETWEEN ? AND ? AND is_first = ? GROUP BY centre_id, SUBSTR(local_date, 1, 7)`,
		all, from, to, true).Scan(&months).Error
	if err != nil {
		return nil, fmt.Errorf("first visits per month: %w", err)
	}
	for i, ids := range scopes {
		for _, l := range links {
			if slices.Contains(ids, l.CentreID) {
				out[i].perActivity[l.ActivityID] += l.N
			}
		}
		for _, m := range months {
			if slices.Contains(ids, m.CentreID) {
				out[i].perMonth[m.Month] += m.N
			}
		}
	}
	return out, nil
}

// countRange counts the visits of the dates from … to at the centres ids, over all of
// them (the result's key 0) or per centre (keyed by centre id). Distinct keys are
// counted by grouping twice (per key, then over the keys) rather than with
// COUNT(DISTINCT), which sorts every visit of the period once per figure. With probe,
// a key counts only when it has no visit in the probe's dates (at the same centres),
// and as new only when it has no first visit there: one index probe per key of the
// range, which is meant to be short (the days after a stored stretch).
func countRange(db *gorm.DB, ids []int64, from, to string, probe *[2]string, perCentre bool) (map[int64]tally, error) {
	var args []any
	centre, group, same := "0", "", "f.centre_id IN ?"
	if perCentre {
		centre, group, same = "centre_id", "centre_id, ", "f.centre_id = per_key.centre_id"
	}
	keyed, fresh := "CASE WHEN visitor_key IS NOT NULL THEN 1 END", "CASE WHEN first = 1 AND visitor_key IS NOT NULL THEN 1 END"
	if probe != nil {
		seen := `EXISTS (SELECT 1 FROM visits f WHERE ` + same + ` AND f.visitor_key = per_key.visitor_key
			AND f.local_date BETWEEN ? AND ?`
		keyed = `CASE WHEN visitor_key IS NULL THEN NULL WHEN ` + seen + `) THEN NULL ELSE 1 END`
		fresh = `CASE WHEN first = 0 OR visitor_key IS NULL THEN NULL WHEN ` + seen + ` AND f.is_first = ?) THEN NULL ELSE 1 END`
		for _, extra := range [][]any{{}, {true}} {
			if !perCentre {
				args = append(args, ids)
			}
			args = append(args, probe[0], probe[1])
			args = append(args, extra...)
		}
	}
	var inner, outer []string
	for i := range Sources {
		outer = append(outer, fmt.Sprintf("COALESCE(SUM(s%d), 0) AS source%d", i, i))
	}
	for i, src := range Sources {
		inner = append(inner, fmt.Sprintf("SUM(CASE WHEN source = ? THEN 1 ELSE 0 END) AS s%d", i))
		args = append(args, src)
	}
	args = append(args, ids, from, to)
	query := `SELECT ` + centre + ` AS centre_id, COALESCE(SUM(n), 0) AS visits, COUNT(` + keyed + `) AS keyed,
			COALESCE(SUM(CASE WHEN visitor_key IS NULL THEN n ELSE 0 END), 0) AS headcounts,
			COUNT(` + fresh + `) AS new, ` + strings.Join(outer, ", ") + `
		FROM (
			SELECT ` + group + `visitor_key, COUNT(*) AS n, MAX(CASE WHEN is_first THEN 1 ELSE 0 END) AS first, ` + strings.Join(inner, ", ") + `
			FROM visits WHERE centre_id IN ? AND local_date BETWEEN ? AND ? GROUP BY ` + group + `visitor_key
		) per_key`
	if perCentre {
		query += ` GROUP BY centre_id`
	}
	var rows []struct {
		CentreID                           int64
		Visits, Keyed, Headcounts, New     int
		Source0, Source1, Source2, Source3 int
	}
	if err := db.Raw(query, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("totals: %w", err)
	}
	out := map[int64]tally{}
	for _, r := range rows {
		t := newTally()
		t.visits, t.keyed, t.headcounts, t.new = r.Visits, r.Keyed, r.Headcounts, r.New
		copy(t.perSource, []int{r.Source0, r.Source1, r.Source2, r.Source3})
		out[r.CentreID] = t
	}
	return out, nil
}

// themeCounts adds a tally's check-ins per activity up per theme of the activity (an
// activity with two themes counts in both), in the order of models.Themes.
func themeCounts(db *gorm.DB, t tally) ([]ThemeCount, error) {
	ids := make([]int64, 0, len(t.perActivity))
	for id, n := range t.perActivity {
		if n != 0 {
			ids = append(ids, id)
		}
	}
	counts := map[string]int{}
	if len(ids) > 0 {
		slices.Sort(ids)
		var acts []struct {
			ID     int64
			Themes string
		}
		if err := db.Raw("SELECT id, themes FROM activities WHERE id IN ?", ids).Scan(&acts).Error; err != nil {
			return nil, fmt.Errorf("themes: %w", err)
		}
		for _, a := range acts {
			for _, th := range strings.Split(a.Themes, ",") {
				counts[th] += t.perActivity[a.ID]
			}
		}
	}
	out := make([]ThemeCount, len(models.Themes))
	for i, th := range models.Themes {
		out[i] = ThemeCount{Theme: th, Visits: counts[th]}
	}
	return out, nil
}
