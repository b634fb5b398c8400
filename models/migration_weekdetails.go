package models

// migration28WeekDetails keeps the rest of a finished week's dashboard with its stored
// figures (issue 21): the visits per day and per source and the check-ins per activity
// of one centre's week, as lists in week_figures' row, so the dashboard of a finished
// week reads that row and the activities' titles instead of the week's visits. Rows
// stored before have none: they are removed, and the housekeeping stores them again
// (figures.KeepFinishedWeeks, a few seconds after a start).
var migration28WeekDetails = []string{
	`ALTER TABLE week_figures ADD COLUMN per_day TEXT`,
	`ALTER TABLE week_figures ADD COLUMN per_source TEXT`,
	`ALTER TABLE week_figures ADD COLUMN per_activity TEXT`,
	`DELETE FROM week_figures`,
}
