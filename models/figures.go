package models

import (
	"fmt"
	"time"

	"gorm.io/gorm"
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
	Week   Week
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
	Week Week
	VisitCounts
	Regulars    int
	PerDay      []DayCount
	PerSource   []SourceCount
	PerActivity []ActivityCount
	Trend       []TrendPoint // 12 weeks, oldest first, ending with Week
	Mood        MoodFigure
}

// Sources in display order.
var Sources = []string{SourceQR, SourceKiosk, SourceHeadcount}

// WeekFiguresOf computes the weekly figures of a centre.
func WeekFiguresOf(db *gorm.DB, centre *Centre, week Week) (*WeekFigures, error) {
	f := &WeekFigures{Week: week}
	w := week.String()
	var err error
	if f.VisitCounts, err = visitCounts(db, centre.ID, []string{w}); err != nil {
		return nil, err
	}

	var days []struct {
		LocalDate string
		N         int
	}
	if err := db.Raw("SELECT local_date, COUNT(*) AS n FROM visits WHERE centre_id = ? AND iso_week = ? GROUP BY local_date",
		centre.ID, w).Scan(&days).Error; err != nil {
		return nil, fmt.Errorf("store: unable to count visits per day: %w", err)
	}
	perDay := map[string]int{}
	for _, d := range days {
		perDay[d.LocalDate] = d.N
	}
	for _, d := range week.Days() {
		f.PerDay = append(f.PerDay, DayCount{Date: d, Visits: perDay[d.Format(Date)]})
	}

	var sources []struct {
		Source string
		N      int
	}
	if err := db.Raw("SELECT source, COUNT(*) AS n FROM visits WHERE centre_id = ? AND iso_week = ? GROUP BY source",
		centre.ID, w).Scan(&sources).Error; err != nil {
		return nil, fmt.Errorf("store: unable to count visits per source: %w", err)
	}
	perSource := map[string]int{}
	for _, s := range sources {
		perSource[s.Source] = s.N
	}
	for _, s := range Sources {
		f.PerSource = append(f.PerSource, SourceCount{Source: s, Visits: perSource[s]})
	}

	if f.PerActivity, err = activityCounts(db, centre.ID, []string{w}); err != nil {
		return nil, err
	}
	if f.Regulars, err = regulars(db, centre.ID, week); err != nil {
		return nil, err
	}
	if f.Trend, err = trend(db, centre.ID, week, 12); err != nil {
		return nil, err
	}
	if f.Mood, err = moodOf(db, centre.ID, "iso_week IN ?", []string{w}); err != nil {
		return nil, err
	}
	return f, nil
}

// visitCounts counts visits, unique, new and returning visitors in the given weeks.
func visitCounts(db *gorm.DB, centreID int64, weeks []string) (VisitCounts, error) {
	var row struct {
		Visits, Keyed, Headcounts, New int
	}
	err := db.Raw(`SELECT COUNT(*) AS visits, COUNT(DISTINCT visitor_key) AS keyed,
			COALESCE(SUM(CASE WHEN visitor_key IS NULL THEN 1 ELSE 0 END), 0) AS headcounts,
			COUNT(DISTINCT CASE WHEN is_first THEN visitor_key END) AS new
		FROM visits WHERE centre_id = ? AND iso_week IN ?`, centreID, weeks).Scan(&row).Error
	if err != nil {
		return VisitCounts{}, fmt.Errorf("store: unable to count visits: %w", err)
	}
	return VisitCounts{
		Visits: row.Visits, Keyed: row.Keyed, Headcounts: row.Headcounts,
		Unique: row.Keyed + row.Headcounts, New: row.New, Returning: row.Keyed - row.New,
	}, nil
}

// activityCounts counts check-ins per activity in the given weeks, most visited first.
func activityCounts(db *gorm.DB, centreID int64, weeks []string) ([]ActivityCount, error) {
	var rows []ActivityCount
	err := db.Raw(`SELECT a.id AS activity_id, a.title, COUNT(*) AS visits
		FROM visit_sessions vs JOIN visits v ON v.id = vs.visit_id
		JOIN activity_sessions s ON s.id = vs.session_id JOIN activities a ON a.id = s.activity_id
		WHERE v.centre_id = ? AND v.iso_week IN ?
		GROUP BY a.id, a.title ORDER BY visits DESC, a.title`, centreID, weeks).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to count visits per activity: %w", err)
	}
	return rows, nil
}

// regulars counts the keys of week W that visited in at least 3 of the weeks W-3 … W.
func regulars(db *gorm.DB, centreID int64, week Week) (int, error) {
	weeks := []string{week.Add(-3).String(), week.Add(-2).String(), week.Add(-1).String(), week.String()}
	var n int
	err := db.Raw(`SELECT COUNT(*) FROM (
			SELECT visitor_key FROM visits
			WHERE centre_id = ? AND visitor_key IS NOT NULL AND iso_week IN ?
			GROUP BY visitor_key
			HAVING COUNT(DISTINCT iso_week) >= 3 AND MAX(CASE WHEN iso_week = ? THEN 1 ELSE 0 END) = 1
		) regular`, centreID, weeks, week.String()).Scan(&n).Error
	if err != nil {
		return 0, fmt.Errorf("store: unable to count regulars: %w", err)
	}
	return n, nil
}

// trend returns visits and unique visitors of the n weeks ending with week.
func trend(db *gorm.DB, centreID int64, week Week, n int) ([]TrendPoint, error) {
	points := make([]TrendPoint, n)
	names := make([]string, n)
	for i := range points {
		points[i].Week = week.Add(i - n + 1)
		names[i] = points[i].Week.String()
	}
	var rows []struct {
		IsoWeek                   string
		Visits, Keyed, Headcounts int
	}
	err := db.Raw(`SELECT iso_week, COUNT(*) AS visits, COUNT(DISTINCT visitor_key) AS keyed,
			COALESCE(SUM(CASE WHEN visitor_key IS NULL THEN 1 ELSE 0 END), 0) AS headcounts
		FROM visits WHERE centre_id = ? AND iso_week IN ? GROUP BY iso_week`, centreID, names).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to compute the trend: %w", err)
	}
	byWeek := map[string]int{}
	for i, name := range names {
		byWeek[name] = i
	}
	for _, r := range rows {
		i := byWeek[r.IsoWeek]
		points[i].Visits, points[i].Unique = r.Visits, r.Keyed+r.Headcounts
	}
	return points, nil
}

// moodOf computes the wellbeing pulse over the moods matching where.
func moodOf(db *gorm.DB, centreID int64, where string, arg any) (MoodFigure, error) {
	var row struct {
		N   int
		Avg *float64
	}
	err := db.Raw("SELECT COUNT(*) AS n, AVG(score) AS avg FROM moods WHERE centre_id = ? AND "+where, centreID, arg).Scan(&row).Error
	if err != nil {
		return MoodFigure{}, fmt.Errorf("store: unable to compute wellbeing: %w", err)
	}
	m := MoodFigure{Count: row.N}
	if row.N >= MinMoodAnswers && row.Avg != nil {
		m.Shown = true
		m.Average = round1(*row.Avg)
	}
	return m, nil
}
