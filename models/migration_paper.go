package models

// migration19PaperAndOfflineKiosk lets a visit come from a paper sign-in sheet (source
// "paper") and keeps the ids of a kiosk's taps, so a tablet that was offline can send
// its taps again and again and each counts once.
//
// SQLite cannot change a CHECK constraint, so the visits table is built again. Renaming
// a table rewrites the foreign keys that point at it, so visit_sessions is renamed out
// of the way first, both are copied into new tables and the old ones dropped in an
// order in which no row is ever cascaded away.
var migration19PaperAndOfflineKiosk = []string{
	`{postgres} ALTER TABLE visits DROP CONSTRAINT visits_source_check`,
	`{postgres} ALTER TABLE visits ADD CONSTRAINT visits_source_check CHECK (source IN ('qr', 'kiosk', 'headcount', 'paper'))`,

	`{sqlite} ALTER TABLE visit_sessions RENAME TO visit_sessions_old`,
	`{sqlite} ALTER TABLE visits RENAME TO visits_old`,
	`{sqlite} CREATE TABLE visits (
		id {id},
		centre_id BIGINT NOT NULL REFERENCES centres(id),
		visited_at {time} NOT NULL,
		local_date TEXT NOT NULL,
		iso_week TEXT NOT NULL,
		source TEXT NOT NULL CHECK (source IN ('qr', 'kiosk', 'headcount', 'paper')),
		visitor_key TEXT,
		user_id BIGINT REFERENCES users(id),
		kiosk_id BIGINT REFERENCES kiosk_links(id),
		is_first BOOLEAN NOT NULL DEFAULT FALSE,
		mood_given BOOLEAN NOT NULL DEFAULT FALSE)`,
	`{sqlite} INSERT INTO visits (id, centre_id, visited_at, local_date, iso_week, source, visitor_key, user_id, kiosk_id, is_first, mood_given)
		SELECT id, centre_id, visited_at, local_date, iso_week, source, visitor_key, user_id, kiosk_id, is_first, mood_given FROM visits_old`,
	`{sqlite} CREATE TABLE visit_sessions (
		visit_id BIGINT NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
		session_id BIGINT NOT NULL REFERENCES activity_sessions(id),
		PRIMARY KEY (visit_id, session_id))`,
	`{sqlite} INSERT INTO visit_sessions (visit_id, session_id) SELECT visit_id, session_id FROM visit_sessions_old`,
	`{sqlite} DROP TABLE visit_sessions_old`,
	`{sqlite} DROP TABLE visits_old`,
	`{sqlite} CREATE UNIQUE INDEX visits_one_per_key_per_day ON visits (centre_id, visitor_key, local_date)`,
	`{sqlite} CREATE INDEX visits_centre_week ON visits (centre_id, iso_week, visitor_key)`,
	`{sqlite} CREATE INDEX visits_user ON visits (user_id)`,
	`{sqlite} CREATE INDEX visits_centre_date ON visits (centre_id, local_date, visitor_key)`,
	`{sqlite} CREATE INDEX visit_sessions_session_visit ON visit_sessions (session_id, visit_id)`,

	// One row per tap a kiosk ever sent: the tap's own id decides whether it is new.
	// The row stays when its visit is undone, so sending it once more does not bring
	// the visit back.
	`CREATE TABLE kiosk_taps (
		kiosk_id BIGINT NOT NULL REFERENCES kiosk_links(id),
		tap_id TEXT NOT NULL,
		visit_id BIGINT REFERENCES visits(id) ON DELETE SET NULL,
		tapped_at {time} NOT NULL,
		received_at {time} NOT NULL,
		PRIMARY KEY (kiosk_id, tap_id))`,
	`CREATE INDEX kiosk_taps_visit ON kiosk_taps (visit_id)`,
}
