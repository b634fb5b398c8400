package models

// migration20Privacy supports the retention rules (retention.go):
//   - users.last_seen_at: the last login or day a session of the account was used; with
//     the account's visits and confirmed hours it tells whether someone is still active;
//   - retention_keeps: people a coordinator keeps from the inactivity rule, with why;
//   - removed sign-up counts on activities: the participant list of an activity that
//     ended long ago is deleted, its counts stay so every figure stays the same;
//   - retention_runs: one row per night, so several processes run the rules once;
//   - an index on visits by visitor key and time, so finding keys unused for months and
//     replacing a key reads the key's own visits, not all of them.
var migration20Privacy = []string{
	`ALTER TABLE users ADD COLUMN last_seen_at {time}`,
	`CREATE TABLE retention_keeps (
		user_id BIGINT PRIMARY KEY REFERENCES users(id),
		reason TEXT NOT NULL,
		kept_by_id BIGINT REFERENCES users(id),
		kept_at {time} NOT NULL)`,
	`ALTER TABLE activities ADD COLUMN removed_joined INTEGER NOT NULL DEFAULT 0`,
	`ALTER TABLE activities ADD COLUMN removed_waitlisted INTEGER NOT NULL DEFAULT 0`,
	`CREATE TABLE retention_runs (
		local_date TEXT PRIMARY KEY,
		started_at {time} NOT NULL,
		finished_at {time},
		summary TEXT NOT NULL DEFAULT '')`,
	`CREATE INDEX visits_key_time ON visits (visitor_key, visited_at)`,
}
