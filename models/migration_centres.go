package models

// migration23Centres lets one installation serve several centres (issue 15). An
// administrator (a flag beside the role, so the role's CHECK stays as it shipped) adds
// and closes centres and names their coordinators; a coordinator coordinates the
// centres linked in centre_coordinators, a partner reads the figures of the centres in
// centre_partners. A resident may remember a centre as their own (home_centre_id).
//
// Upgrade in place: on a database that has centres already, every coordinator becomes
// administrator and coordinator of every existing centre (today's installations hold
// one), and every partner reads them all; residents are left as they are.
var migration23Centres = []string{
	`ALTER TABLE users ADD COLUMN is_admin BOOLEAN NOT NULL DEFAULT FALSE`,
	`ALTER TABLE users ADD COLUMN home_centre_id BIGINT REFERENCES centres(id)`,
	`ALTER TABLE centres ADD COLUMN closed_at {time}`,
	`CREATE TABLE centre_coordinators (
		centre_id BIGINT NOT NULL REFERENCES centres(id),
		user_id BIGINT NOT NULL REFERENCES users(id),
		PRIMARY KEY (centre_id, user_id))`,
	`CREATE INDEX centre_coordinators_user ON centre_coordinators (user_id)`,
	`CREATE TABLE centre_partners (
		centre_id BIGINT NOT NULL REFERENCES centres(id),
		user_id BIGINT NOT NULL REFERENCES users(id),
		PRIMARY KEY (centre_id, user_id))`,
	`CREATE INDEX centre_partners_user ON centre_partners (user_id)`,
	`UPDATE users SET is_admin = TRUE WHERE role = 'coordinator' AND anonymised_at IS NULL`,
	`INSERT INTO centre_coordinators (centre_id, user_id)
		SELECT c.id, u.id FROM centres c CROSS JOIN users u WHERE u.role = 'coordinator' AND u.anonymised_at IS NULL`,
	`INSERT INTO centre_partners (centre_id, user_id)
		SELECT c.id, u.id FROM centres c CROSS JOIN users u WHERE u.role = 'partner' AND u.anonymised_at IS NULL`,
}
