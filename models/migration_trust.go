package models

// migration25Trust is the trust path (trust.go): an activity a trusted resident
// published without review keeps when (direct_published_at, cleared when a coordinator
// takes it back); an ended activity keeps when it was ended (ended_at; the ones ended
// before this step take their last change, which was the ending); a coordinator can
// take the trust away from a resident (trust_revoked_at, NULL = the rule decides). And
// a learning session (leersessie) keeps per session what was learned, without names
// (learning.go); one text per session.
var migration25Trust = []string{
	`ALTER TABLE activities ADD COLUMN direct_published_at {time}`,
	`ALTER TABLE activities ADD COLUMN ended_at {time}`,
	`UPDATE activities SET ended_at = updated_at WHERE status = 'ended'`,
	`ALTER TABLE users ADD COLUMN trust_revoked_at {time}`,
	`CREATE TABLE session_learnings (
		id {id},
		session_id BIGINT NOT NULL REFERENCES activity_sessions(id),
		author_id BIGINT REFERENCES users(id),
		learned TEXT NOT NULL,
		created_at {time} NOT NULL,
		updated_at {time} NOT NULL)`,
	`CREATE UNIQUE INDEX session_learnings_session ON session_learnings (session_id)`,
}
