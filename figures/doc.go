// Package figures computes the figures of DESIGN.md section 5 — visits, unique, new,
// returning and regular visitors, the wellbeing pulse — and the impact report built on
// them (sessions held, attendance, fill rate, volunteers, collective involvement), in
// SQL, for the visitor dashboard, the report page, its PDF and its CSVs. Each figure is
// defined once, here, in the comments beside the code that computes it.
//
// It holds the report's periods (a month, a quarter, a year or any range of dates), the
// store of finished weeks (week_figures) and the store of the finished parts of periods
// (period_figures: totals, sources, check-ins per activity, new faces per month), which
// keep a year's report cheap. It reads
// the tables of package models, whose entities and queries it uses; it never imports
// handlers, views, printables or anything that formats or translates: it returns
// numbers, and the handlers write them out in the reader's language.
package figures
