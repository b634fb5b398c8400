package models

// migration21Schedules gives schedules more kinds than weekly (every n weeks, monthly
// on the nth weekday, monthly on a date, a list of own dates) and dates the rule
// skips; and lets one session move to another day, time or room. A moved session
// keeps the date the schedule gave it (slot_date) so that date is not made again;
// slot_date stays NULL for the sessions that were never moved, which are all of
// them before this step. room_id NULL means the activity's room.
var migration21Schedules = []string{
	`ALTER TABLE activities ADD COLUMN interval_weeks INTEGER NOT NULL DEFAULT 1`,
	`ALTER TABLE activities ADD COLUMN month_ordinal INTEGER NOT NULL DEFAULT 0`,
	`ALTER TABLE activities ADD COLUMN month_day INTEGER NOT NULL DEFAULT 0`,
	`ALTER TABLE activities ADD COLUMN dates TEXT NOT NULL DEFAULT ''`,
	`ALTER TABLE activities ADD COLUMN skip_dates TEXT NOT NULL DEFAULT ''`,
	`ALTER TABLE activity_sessions ADD COLUMN slot_date TEXT`,
	`ALTER TABLE activity_sessions ADD COLUMN room_id BIGINT REFERENCES rooms(id)`,
	`CREATE UNIQUE INDEX activity_sessions_slot ON activity_sessions (activity_id, slot_date) WHERE slot_date IS NOT NULL`,
}
