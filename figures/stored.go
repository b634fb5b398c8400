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

// weekSummary is one whole week's visitor figures over a set of centres (the scope).
// Weeks that are over are kept in week_figures: check-ins only ever arrive for today,
// so a finished week never changes, and the dashboard's trend and a year's report read
// fifty-two small rows instead of grouping a few hundred thousand visits.
type weekSummary struct {
	Scope      string
	IsoWeek    string
	Visits     int
	Keyed      int
	Headcounts int
	New        int
	Regulars   int
	// Of one centre's week only (nil for several centres): the rest of its dashboard,
	// as lists of numbers ("3,0,12,…": visits per day Monday to Sunday, per source in
	// the order of Sources; "activity id:check-ins …").
	PerDay      *string
	PerSource   *string
	PerActivity *string
}

func (weekSummary) TableName() string { return "week_figures" }

// details returns the stored visits per day and per source and check-ins per activity
// id, or ok false when the row has none (several centres, or lists that do not fit:
// the dashboard then counts them from the visits).
func (w weekSummary) details() (perDay, perSource []int, perActivity map[int64]int, ok bool) {
	if w.PerDay == nil || w.PerSource == nil || w.PerActivity == nil {
		return nil, nil, nil, false
	}
	ints := func(s string, n int) []int {
		parts := strings.Split(s, ",")
		if len(parts) != n {
			return nil
		}
		out := make([]int, n)
		for i, p := range parts {
			v, err := strconv.Atoi(p)
			if err != nil {
				return nil
			}
			out[i] = v
		}
		return out
	}
	if perDay, perSource = ints(*w.PerDay, 7), ints(*w.PerSource, len(Sources)); perDay == nil || perSource == nil {
		return nil, nil, nil, false
	}
	perActivity = map[int64]int{}
	for _, pair := range strings.Fields(*w.PerActivity) {
		id, n, found := strings.Cut(pair, ":")
		a, err1 := strconv.ParseInt(id, 10, 64)
		v, err2 := strconv.Atoi(n)
		if !found || err1 != nil || err2 != nil {
			return nil, nil, nil, false
		}
		perActivity[a] = v
	}
	return perDay, perSource, perActivity, true
}

// Unique is distinct visitor keys plus headcounts.
func (w weekSummary) Unique() int { return w.Keyed + w.Headcounts }

// scopeOf names a set of centres, whatever order the ids come in.
func scopeOf(ids []int64) string {
	sorted := slices.Sorted(slices.Values(ids))
	parts := make([]string, len(sorted))
	for i, id := range sorted {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}

// wholeWeeks returns the figures of each week over the centres. Weeks that ended by now
// come from week_figures, computed and stored the first time; later weeks are computed.
// With details, weeks computed for one centre get their dashboard's days, sources and
// activities too (the dashboard and the housekeeping ask for them; a report does not
// need them, and they cost about as much again).
func wholeWeeks(db *gorm.DB, ids []int64, weeks []models.Week, now time.Time, details bool) (map[string]weekSummary, error) {
	scope := scopeOf(ids)
	out := make(map[string]weekSummary, len(weeks))
	var over []string
	for _, w := range weeks {
		if !w.End().After(now) {
			over = append(over, w.String())
		}
	}
	if len(over) > 0 {
		var stored []weekSummary
		if err := db.Where("scope = ? AND iso_week IN ?", scope, over).Find(&stored).Error; err != nil {
			return nil, fmt.Errorf("store: unable to read week figures: %w", err)
		}
		for _, s := range stored {
			out[s.IsoWeek] = s
		}
	}
	var todo []models.Week
	for _, w := range weeks {
		if _, ok := out[w.String()]; !ok {
			todo = append(todo, w)
		}
	}
	if len(todo) == 0 {
		return out, nil
	}
	computed, err := computeWeeks(db, ids, todo, details)
	if err != nil {
		return nil, err
	}
	var keep []weekSummary
	for _, w := range todo {
		s := computed[w.String()]
		s.Scope, s.IsoWeek = scope, w.String()
		out[s.IsoWeek] = s
		if !w.End().After(now) {
			keep = append(keep, s)
		}
	}
	if len(keep) > 0 {
		// Two requests may compute the same week at once; the figures are the same.
		if err := db.Clauses(clause.OnConflict{DoNothing: true}).Create(&keep).Error; err != nil {
			return nil, fmt.Errorf("store: unable to keep week figures: %w", err)
		}
	}
	return out, nil
}

// computeWeeks counts visits, unique and new visitors and regulars of whole weeks.
func computeWeeks(db *gorm.DB, ids []int64, weeks []models.Week, details bool) (map[string]weekSummary, error) {
	names := make([]string, len(weeks))
	for i, w := range weeks {
		names[i] = w.String()
	}
	var rows []weekSummary
	// Distinct keys are counted by grouping twice rather than with COUNT(DISTINCT).
	err := db.Raw(`SELECT iso_week, SUM(n) AS visits, COUNT(visitor_key) AS keyed,
			SUM(CASE WHEN visitor_key IS NULL THEN n ELSE 0 END) AS headcounts,
			COUNT(CASE WHEN first = 1 THEN visitor_key END) AS new
		FROM (
			SELECT iso_week, visitor_key, COUNT(*) AS n, MAX(CASE WHEN is_first THEN 1 ELSE 0 END) AS first FROM visits
			WHERE centre_id IN ? AND iso_week IN ? GROUP BY iso_week, visitor_key
		) per_key_week GROUP BY iso_week`, ids, names).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to count weeks: %w", err)
	}
	regulars, err := regularsPerWeek(db, ids, weeks)
	if err != nil {
		return nil, err
	}
	out := make(map[string]weekSummary, len(weeks))
	for _, r := range rows {
		out[r.IsoWeek] = r
	}
	for _, w := range weeks {
		s := out[w.String()]
		s.Regulars = regulars[w.String()]
		out[w.String()] = s
	}
	if details && len(ids) == 1 {
		if err := weekDetails(db, ids[0], weeks, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// weekDetails adds to one centre's weeks their visits per day and per source and their
// check-ins per activity, counted as weekCounts and activityCounts count them.
func weekDetails(db *gorm.DB, centreID int64, weeks []models.Week, out map[string]weekSummary) error {
	names := make([]string, len(weeks))
	var pairs []string
	var args []any
	for i, w := range weeks {
		names[i] = w.String()
		pairs = append(pairs, "(?, ?, ?)")
		args = append(args, w.String(), w.Start().Format(models.Date), w.Start().AddDate(0, 0, 6).Format(models.Date))
	}
	var cells []struct {
		IsoWeek, LocalDate, Source string
		N                          int
	}
	err := db.Raw(`SELECT iso_week, local_date, source, COUNT(*) AS n FROM visits
		WHERE centre_id = ? AND iso_week IN ? GROUP BY iso_week, local_date, source`, centreID, names).Scan(&cells).Error
	if err != nil {
		return fmt.Errorf("store: unable to count visits per day: %w", err)
	}
	var links []struct {
		IsoWeek    string
		ActivityID int64
		N          int
	}
	err = db.Raw(`WITH wk (week, first_day, last_day) AS (VALUES `+strings.Join(pairs, ", ")+`)
		SELECT wk.week AS iso_week, a.id AS activity_id, COUNT(*) AS n
		FROM wk JOIN activity_sessions s ON s.date BETWEEN wk.first_day AND wk.last_day
		JOIN activities a ON a.id = s.activity_id
		JOIN visit_sessions vs ON vs.session_id = s.id JOIN visits v ON v.id = vs.visit_id
		WHERE a.centre_id = ? AND v.centre_id = ? AND v.iso_week = wk.week
		GROUP BY wk.week, a.id`, append(args, centreID, centreID)...).Scan(&links).Error
	if err != nil {
		return fmt.Errorf("store: unable to count visits per activity: %w", err)
	}
	days := map[string][]int{}
	sources := map[string][]int{}
	activities := map[string][]string{}
	for _, w := range weeks {
		days[w.String()], sources[w.String()] = make([]int, 7), make([]int, len(Sources))
	}
	for _, c := range cells {
		for i, d := range weekDays(c.IsoWeek, weeks) {
			if d == c.LocalDate {
				days[c.IsoWeek][i] += c.N
			}
		}
		if i := slices.Index(Sources, c.Source); i >= 0 {
			sources[c.IsoWeek][i] += c.N
		}
	}
	for _, l := range links {
		activities[l.IsoWeek] = append(activities[l.IsoWeek], strconv.FormatInt(l.ActivityID, 10)+":"+strconv.Itoa(l.N))
	}
	list := func(ns []int) *string {
		parts := make([]string, len(ns))
		for i, n := range ns {
			parts[i] = strconv.Itoa(n)
		}
		s := strings.Join(parts, ",")
		return &s
	}
	for _, w := range weeks {
		s := out[w.String()]
		a := strings.Join(activities[w.String()], " ")
		s.PerDay, s.PerSource, s.PerActivity = list(days[w.String()]), list(sources[w.String()]), &a
		out[w.String()] = s
	}
	return nil
}

// weekDays returns the dates (models.Date) of the week named iso among weeks.
func weekDays(iso string, weeks []models.Week) []string {
	for _, w := range weeks {
		if w.String() == iso {
			out := make([]string, 7)
			for i, d := range w.Days() {
				out[i] = d.Format(models.Date)
			}
			return out
		}
	}
	return nil
}

// ClearWeekFigures forgets every stored week and period. Only needed after writing
// visits into the past, as the demo and the benchmark fixtures do.
func ClearWeekFigures(db *gorm.DB) error {
	for _, table := range []string{"week_figures", "period_figures"} {
		if err := db.Exec("DELETE FROM " + table).Error; err != nil {
			return fmt.Errorf("store: unable to clear %s: %w", table, err)
		}
	}
	return nil
}

// weeksPerStatement bounds how many weeks one statement of KeepFinishedWeeks groups, so
// filling three years of history is a series of short reads, not one long one.
const weeksPerStatement = 13

// KeepFinishedWeeks computes and stores the figures of every finished week that has
// none yet, from each centre's first visit on, for each centre and for all centres
// together, so that even the first report of a year reads stored weeks; and the
// totals of the finished part of this month and year and the ones before
// (keepPeriods), which the report opens with and sets against. It returns how many
// weeks it computed; when all are stored it costs two reads per scope and one per
// period.
func KeepFinishedWeeks(db *gorm.DB, now time.Time) (int, error) {
	centres, err := models.Centres(db)
	if err != nil || len(centres) == 0 {
		return 0, err
	}
	scopes := make([][]int64, 0, len(centres)+1)
	all := make([]int64, len(centres))
	for i, c := range centres {
		scopes = append(scopes, []int64{c.ID})
		all[i] = c.ID
	}
	if len(all) > 1 {
		scopes = append(scopes, all)
	}
	// Weeks are the same everywhere the centres are; the default centre's zone says
	// which week it is now.
	loc := centres[0].Location()
	computed := 0
	for _, ids := range scopes {
		firstWeek, err := firstVisitWeek(db, ids)
		if err != nil || firstWeek == "" {
			if err != nil {
				return computed, err
			}
			continue
		}
		first, err := models.ParseWeek(firstWeek, loc)
		if err != nil {
			return computed, fmt.Errorf("store: first visit in week %q: %w", firstWeek, err)
		}
		var stored []string
		q := db.Model(&weekSummary{}).Where("scope = ?", scopeOf(ids))
		if len(ids) == 1 {
			// A report stores a centre's weeks without the dashboard's details: such a
			// week is computed again here, with them.
			if err := db.Where("scope = ? AND per_day IS NULL", scopeOf(ids)).Delete(&weekSummary{}).Error; err != nil {
				return computed, fmt.Errorf("store: unable to renew stored weeks: %w", err)
			}
		}
		if err := q.Pluck("iso_week", &stored).Error; err != nil {
			return computed, fmt.Errorf("store: unable to list stored weeks: %w", err)
		}
		have := make(map[string]bool, len(stored))
		for _, w := range stored {
			have[w] = true
		}
		var missing []models.Week
		for w := first; !w.End().After(now); w = w.Next() {
			if !have[w.String()] {
				missing = append(missing, w)
			}
		}
		for len(missing) > 0 {
			n := min(len(missing), weeksPerStatement)
			if _, err := wholeWeeks(db, ids, missing[:n], now, true); err != nil {
				return computed, err
			}
			computed += n
			missing = missing[n:]
		}
	}
	return computed, keepPeriods(db, scopes, loc, now)
}

// keepPeriods stores the totals of the finished part of the periods a report is most
// often asked for: this month and this year (the report's default and the year's
// report), and the month and the year before (which their summaries set them against).
func keepPeriods(db *gorm.DB, scopes [][]int64, loc *time.Location, now time.Time) error {
	local := now.In(loc)
	month := PeriodOfMonth(local)
	year, err := ParsePeriod(local.Format("2006"))
	if err != nil {
		return err
	}
	for _, p := range []Period{month, month.Previous(), year, year.Previous()} {
		if p.Key == "" {
			continue
		}
		if last := finishedEnd(p, loc, now); last != "" {
			if _, err := finishedTallies(db, scopes, p.From, last); err != nil {
				return fmt.Errorf("store: period %s: %w", p.Key, err)
			}
		}
	}
	return nil
}

// firstVisitWeek is the ISO week code of the first visit ever at the centres, or ""
// when there is none. Week codes sort in time order, so it is their minimum. It is
// taken per centre, where the index (centre_id, iso_week, …) gives it at once: over a
// list of centres PostgreSQL read every visit of all of them (issue 15: 0.3 s for
// twenty centres, now under a millisecond).
func firstVisitWeek(db *gorm.DB, ids []int64) (string, error) {
	var first *string
	err := db.Raw(`SELECT MIN((SELECT MIN(v.iso_week) FROM visits v WHERE v.centre_id = c.id)) FROM centres c
		WHERE c.id IN ?`, ids).Scan(&first).Error
	if err != nil {
		return "", fmt.Errorf("store: unable to find the first visit: %w", err)
	}
	if first == nil {
		return "", nil
	}
	return *first, nil
}
