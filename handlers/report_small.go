package handlers

import (
	"strconv"

	"github.com/nicksnyder/go-i18n/v2/i18n"

	"onshuis/figures"
	"onshuis/format"
	"onshuis/views"
)

// figureText writes the impact report's figures as text for one medium: the page and
// the PDF, or a CSV. Every figure a partner sees that is about people goes through it,
// so the small-group rule of figures.Small and figures.SmallAverage is applied the same
// way everywhere; only the words differ, and those come from the translations.
type figureText struct {
	few    string // a hidden figure: "minder dan 5", or in a CSV "<5"
	none   string // a figure that cannot be given: "—", or in a CSV an empty cell
	number func(int64) string
	amount func(int64) string
}

// pageFigures writes figures for the report page and its PDF.
func pageFigures(l *i18n.Localizer) figureText {
	return figureText{few: views.T(l, "report.fewer_than", "Min", figures.MinPeople), none: "—",
		number: format.Number, amount: format.Euro}
}

// csvFigures writes figures for the report's CSV files: plain numbers and one token for
// a hidden figure, the same in every file and language.
func csvFigures(l *i18n.Localizer) figureText {
	return figureText{few: views.T(l, "report.fewer_than_csv", "Min", figures.MinPeople), none: "",
		number: func(v int64) string { return strconv.FormatInt(v, 10) }, amount: format.Amount}
}

// people is a count of people, or of their visits.
func (t figureText) people(n int) string {
	if figures.Small(n) {
		return t.few
	}
	return t.number(int64(n))
}

// of is a count (such as visits) made by a group of people: hidden when the count is
// small or when the group is.
func (t figureText) of(n, people int) string {
	if figures.Small(people) {
		return t.few
	}
	return t.people(n)
}

// crowd is an average number of people, per session or per week.
func (t figureText) crowd(v float64) string {
	if figures.SmallAverage(v) {
		return t.few
	}
	return format.Decimal(v)
}

// attendance is the check-ins of an activity's sessions, hidden with their average
// (one person may check in at every session).
func (t figureText) attendance(n int, avg float64) string {
	if figures.SmallAverage(avg) {
		return t.few
	}
	return t.people(n)
}

// fill is a fill rate made from an average attendance; negative: there is none.
func (t figureText) fill(share, attendance float64) string {
	if share < 0 {
		return t.none
	}
	if figures.SmallAverage(attendance) {
		return t.few
	}
	return format.Percent(share)
}

// hours are the hours given by a group of people.
func (t figureText) hours(h float64, people int) string {
	if figures.Small(people) {
		return t.few
	}
	return format.Decimal(h)
}

// money is an amount computed from a group of people (their hours' value, the cost per
// participant); negative: there is none.
func (t figureText) money(cents int64, people int) string {
	if cents < 0 {
		return t.none
	}
	if figures.Small(people) {
		return t.few
	}
	return t.amount(cents)
}

// mood is an average wellbeing, shown only when enough people answered.
func (t figureText) mood(m figures.MoodFigure) string {
	return moodText(m, t.none)
}
