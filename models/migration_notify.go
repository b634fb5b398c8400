package models

// migration17Notify is the durable outbox of issue 14 and what goes with it. A
// notification is written in the transaction of the change that causes it and sent
// afterwards by a sender in each process: due_at doubles as the claim (a sender moves
// it ahead while it sends, so a crash leaves the row due again, never lost).
// Preferences hold only what a person changed from the defaults; the unsubscribe token
// stands in for a login in the one-click link of every mail. Password reset tokens are
// stored as their SHA-256 hash only. notify_runs makes each scheduled round
// (reminders of a day, the monthly summary, a day's digest) happen once across
// processes: the round and its row commit together.
var migration17Notify = []string{
	`CREATE TABLE notifications (
		id {id},
		kind TEXT NOT NULL,
		user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		centre_id BIGINT REFERENCES centres(id),
		activity_id BIGINT REFERENCES activities(id) ON DELETE CASCADE,
		session_id BIGINT REFERENCES activity_sessions(id) ON DELETE SET NULL,
		data TEXT NOT NULL DEFAULT '{}',
		status TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed', 'kept', 'no_email', 'skipped')),
		attempts INTEGER NOT NULL DEFAULT 0,
		due_at {time} NOT NULL,
		sent_at {time},
		last_error TEXT NOT NULL DEFAULT '',
		seen_at {time},
		called_at {time},
		called_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
		created_at {time} NOT NULL)`,
	`CREATE INDEX notifications_due ON notifications (status, due_at)`,
	`CREATE INDEX notifications_user ON notifications (user_id, created_at)`,
	`CREATE INDEX notifications_centre ON notifications (centre_id, created_at)`,
	`CREATE TABLE notification_prefs (
		user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		kind TEXT NOT NULL,
		enabled BOOLEAN NOT NULL,
		PRIMARY KEY (user_id, kind))`,
	`CREATE TABLE notification_tokens (
		user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
		token TEXT NOT NULL UNIQUE)`,
	`CREATE TABLE password_resets (
		id {id},
		user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		token_hash TEXT NOT NULL UNIQUE,
		expires_at {time} NOT NULL,
		used_at {time},
		created_at {time} NOT NULL)`,
	`CREATE INDEX password_resets_user ON password_resets (user_id)`,
	`CREATE TABLE notify_runs (
		job TEXT NOT NULL,
		period TEXT NOT NULL,
		done_at {time} NOT NULL,
		PRIMARY KEY (job, period))`,
}
