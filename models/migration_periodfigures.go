package models

// migration29PeriodFigures keeps the visit figures of a stretch of dates over a set of
// centres (issue 21): for a report's period, the part of it that is over (its first
// day to the Sunday before the current week), so the year's report reads one row and
// counts only the week under way, instead of every visit of the year. Unlike a week's
// figures these cannot be added up from weeks (a visitor of two weeks is one unique
// visitor of the year), so each stretch is a row of its own; a later stretch is made
// from an earlier one of the same first day and the visits after it. per_source lists
// the visits per source in the order of figures.Sources, per_activity the check-ins
// for sessions on those dates per activity ("id:n id:n"), new_per_month the first
// visits per month ("2026-11:12 …"); regulars, for the days of one week that a period
// cuts, that week's regulars among their visitors. Rows go when the visits of their dates change
// (forgetWeeksFrom), as the weeks' do.
var migration29PeriodFigures = []string{
	`CREATE TABLE period_figures (
		scope TEXT NOT NULL,
		first_date TEXT NOT NULL,
		last_date TEXT NOT NULL,
		visits INTEGER NOT NULL,
		keyed INTEGER NOT NULL,
		headcounts INTEGER NOT NULL,
		new INTEGER NOT NULL,
		per_source TEXT NOT NULL,
		per_activity TEXT NOT NULL,
		new_per_month TEXT NOT NULL,
		regulars INTEGER,
		PRIMARY KEY (scope, first_date, last_date))`,
}
