package figures

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"onshuis/models"
)

// The figures of DESIGN.md section 5, defined once here and computed in SQL.
//
//   - A week is an ISO week in the centre's zone (visits carry it as iso_week).
//   - Visits: every visit, keyed and headcounts.
//   - Unique visitors: distinct visitor keys plus the number of headcounts.
//   - New visitors: distinct keys whose first visit ever at the centre is in the week;
//     headcounts are never new. Returning = unique keyed − new.
//   - Regulars in week W: keys of week W with visits in at least 3 of the weeks W-3 … W.
//   - Wellbeing pulse: count and average of the 1–10 answers; the average is hidden
//     below MinMoodAnswers answers.

// MinMoodAnswers is the fewest answers for which the average wellbeing is shown.
const MinMoodAnswers = 5

// VisitCounts are the visitor figures of one period.
type VisitCounts struct {
	Visits     int
	Unique     int
	Keyed      int // distinct visitor keys
	Headcounts int
	New        int
	Returning  int
}

// DayCount is the visits of one day.
type DayCount struct {
	Date   time.Time
	Visits int
}

// SourceCount is the visits from one source.
type SourceCount struct {
	Source string
	Visits int
}

// ActivityCount is the check-ins for one activity.
type ActivityCount struct {
	ActivityID int64
	Title      string
	Visits     int
}

// TrendPoint is one week of the trend.
type TrendPoint struct {
	Week   models.Week
	Visits int
	Unique int
}

// MoodFigure is the wellbeing pulse of a period; Average is only set when Shown.
type MoodFigure struct {
	Count   int
	Average float64
	Shown   bool
}

// WeekFigures is everything the weekly visitor dashboard shows.
type WeekFigures struct {
	Week models.Week
	VisitCounts
	Regulars    int
	PerDay      []DayCount
	PerSource   []SourceCount
	PerActivity []ActivityCount
	Trend       []TrendPoint // 12 weeks, oldest first, ending with Week
	Mood        MoodFigure
}

// Sources in display order.
var Sources = []string{models.SourceQR, models.SourceKiosk, models.SourceHeadcount, models.SourcePaper}

// WeekFiguresOf computes the weekly figures of a centre. The twelve weeks of the trend
// come from week_figures where they are over (stored the first time); a finished
// week's own counts, days, sources and activities come from its stored row too, so its
// dashboard reads that row, the activities' titles and the wellbeing answers. A week
// under way is counted from its visits, each figure in one statement through an index.
func WeekFiguresOf(db *gorm.DB, centre *models.Centre, week models.Week, now time.Time) (*WeekFigures, error) {
	f := &WeekFigures{Week: week}
	sums, err := trendWeeks(db, centre.ID, week, 12, now)
	if err != nil {
		return nil, err
	}
	f.Trend, f.Regulars = trendOf(sums, week, 12)
	if done, err := storedWeek(db, centre.ID, sums[week.String()], f); err != nil || !done {
		if err != nil {
			return nil, err
		}
		if err = weekCounts(db, centre.ID, week, f); err != nil {
			return nil, err
		}
		if f.PerActivity, err = activityCounts(db, centre.ID, week); err != nil {
			return nil, err
		}
	}
	if f.Mood, err = moodOf(db, centre.ID, "iso_week IN ?", []string{week.String()}); err != nil {
		return nil, err
	}
	return f, nil
}

// storedWeek fills f's counts, days, sources and activities from the week's stored
// row, and reports false when there is none to fill them from (the week is under way,
// or the row was stored without them). The activities are ordered as activityCounts
// orders them: most check-ins first, then by title as the database sorts it.
func storedWeek(db *gorm.DB, centreID int64, s weekSummary, f *WeekFigures) (bool, error) {
	perDay, perSource, perActivity, ok := s.details()
	if !ok {
		return false, nil
	}
	f.VisitCounts = VisitCounts{Visits: s.Visits, Keyed: s.Keyed, Headcounts: s.Headcounts,
		Unique: s.Unique(), New: s.New, Returning: s.Keyed - s.New}
	for i, d := range f.Week.Days() {
		f.PerDay = append(f.PerDay, DayCount{Date: d, Visits: perDay[i]})
	}
	for i, src := range Sources {
		f.PerSource = append(f.PerSource, SourceCount{Source: src, Visits: perSource[i]})
	}
	if len(perActivity) == 0 {
		return true, nil
	}
	ids := make([]int64, 0, len(perActivity))
	for id := range perActivity {
		ids = append(ids, id)
	}
	var titled []ActivityCount
	err := db.Raw("SELECT id AS activity_id, title FROM activities WHERE id IN ? AND centre_id = ? ORDER BY title",
		ids, centreID).Scan(&titled).Error
	if err != nil {
		return false, fmt.Errorf("store: unable to read activity titles: %w", err)
	}
	for i := range titled {
		titled[i].Visits = perActivity[titled[i].ActivityID]
	}
	slices.SortStableFunc(titled, func(a, b ActivityCount) int { return b.Visits - a.Visits })
	f.PerActivity = titled
	return true, nil
}

// weekCounts counts visits, unique, new and returning visitors, and the visits per day
// and per source of the week, in one pass over the week's visits.
func weekCounts(db *gorm.DB, centreID int64, week models.Week, f *WeekFigures) error {
	days := week.Days()
	cols := []string{`COUNT(*) AS visits, COUNT(DISTINCT visitor_key) AS keyed,
		COUNT(CASE WHEN visitor_key IS NULL THEN 1 END) AS headcounts,
		COUNT(DISTINCT CASE WHEN is_first THEN visitor_key END) AS new`}
	var args []any
	for i, d := range days {
		cols = append(cols, fmt.Sprintf("COUNT(CASE WHEN local_date = ? THEN 1 END) AS day%d", i))
		args = append(args, d.Format(models.Date))
	}
	for i, src := range Sources {
		cols = append(cols, fmt.Sprintf("COUNT(CASE WHEN source = ? THEN 1 END) AS source%d", i))
		args = append(args, src)
	}
	args = append(args, centreID, week.String())
	var row struct {
		Visits, Keyed, Headcounts, New           int
		Day0, Day1, Day2, Day3, Day4, Day5, Day6 int
		Source0, Source1, Source2, Source3       int
	}
	err := db.Raw("SELECT "+strings.Join(cols, ", ")+" FROM visits WHERE centre_id = ? AND iso_week = ?", args...).Scan(&row).Error
	if err != nil {
		return fmt.Errorf("store: unable to count visits: %w", err)
	}
	f.VisitCounts = VisitCounts{
		Visits: row.Visits, Keyed: row.Keyed, Headcounts: row.Headcounts,
		Unique: row.Keyed + row.Headcounts, New: row.New, Returning: row.Keyed - row.New,
	}
	perDay := []int{row.Day0, row.Day1, row.Day2, row.Day3, row.Day4, row.Day5, row.Day6}
	for i, d := range days {
		f.PerDay = append(f.PerDay, DayCount{Date: d, Visits: perDay[i]})
	}
	perSource := []int{row.Source0, row.Source1, row.Source2, row.Source3}
	for i, src := range Sources {
		f.PerSource = append(f.PerSource, SourceCount{Source: src, Visits: perSource[i]})
	}
	return nil
}

// activityCounts counts check-ins per activity in the week, most visited first. It
// starts from the week's sessions (a few dozen) rather than the week's visits: a visit
// is only ever linked to a session of its own centre on its own date (RecordCheckIn),
// so the conditions on the session select the same rows, through the index on
// visit_sessions (session_id, visit_id) instead of a scan of every link ever made.
func activityCounts(db *gorm.DB, centreID int64, week models.Week) ([]ActivityCount, error) {
	var rows []ActivityCount
	err := db.Raw(`SELECT a.id AS activity_id, a.title, COUNT(*) AS visits
		FROM activity_sessions s JOIN activities a ON a.id = s.activity_id
		JOIN visit_sessions vs ON vs.session_id = s.id JOIN visits v ON v.id = vs.visit_id
		WHERE a.centre_id = ? AND s.date BETWEEN ? AND ? AND v.centre_id = ? AND v.iso_week = ?
		GROUP BY a.id, a.title ORDER BY visits DESC, a.title`,
		centreID, week.Start().Format(models.Date), week.Start().AddDate(0, 0, 6).Format(models.Date), centreID, week.String()).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to count visits per activity: %w", err)
	}
	return rows, nil
}

// Weeks as stored ("2026-W48", Week.String) sort as text in time order, so a run of
// consecutive weeks is a range: the index on (centre_id, iso_week, visitor_key) then
// delivers the rows already grouped by week and key, and the queries below count
// distinct keys per week by grouping twice instead of sorting for COUNT(DISTINCT).

// trendWeeks returns the figures of the n weeks ending with week.
func trendWeeks(db *gorm.DB, centreID int64, week models.Week, n int, now time.Time) (map[string]weekSummary, error) {
	weeks := make([]models.Week, n)
	for i := range weeks {
		weeks[i] = week.Add(i - n + 1)
	}
	return wholeWeeks(db, []int64{centreID}, weeks, now, true)
}

// trendOf returns visits and unique visitors of the n weeks ending with week, and
// week's regulars.
func trendOf(sums map[string]weekSummary, week models.Week, n int) ([]TrendPoint, int) {
	points := make([]TrendPoint, n)
	for i := range points {
		w := week.Add(i - n + 1)
		s := sums[w.String()]
		points[i] = TrendPoint{Week: w, Visits: s.Visits, Unique: s.Unique()}
	}
	return points, sums[week.String()].Regulars
}

// moodOf computes the wellbeing pulse over the moods matching where.
func moodOf(db *gorm.DB, centreID int64, where string, arg any) (MoodFigure, error) {
	var row struct{ N, Sum int }
	err := db.Raw("SELECT COUNT(*) AS n, COALESCE(SUM(score), 0) AS sum FROM moods WHERE centre_id = ? AND "+where, centreID, arg).Scan(&row).Error
	if err != nil {
		return MoodFigure{}, fmt.Errorf("store: unable to compute wellbeing: %w", err)
	}
	return moodFigure(row.N, row.Sum), nil
}

// moodFigure is the pulse of n answers that add up to sum: the average is shown from
// MinMoodAnswers answers on, rounded half up from the exact sum.
func moodFigure(n, sum int) MoodFigure {
	m := MoodFigure{Count: n}
	if n >= MinMoodAnswers {
		m.Shown, m.Average = true, oneDecimal(int64(sum), int64(n))
	}
	return m
}
