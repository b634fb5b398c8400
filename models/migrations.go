package models

import (
	"fmt"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// A migration is one versioned schema step. Steps are written as frozen SQL, never
// derived from today's structs, so an old step keeps its meaning when a model changes.
// Append new steps; never edit or reorder one that has shipped.
type migration struct {
	version    int
	name       string
	statements []string
}

func migrations() []migration {
	return []migration{
		{1, "foundation: centres, rooms, users, activities, key-value store", migration1Foundation},
		{2, "activities: needs, reviews, sessions, participations", migration2Activities},
		{3, "check-in: visits, attendance, wellbeing pulse, kiosk links, retired door codes", migration3Visits},
		{4, "volunteers: offers, their needs, roles, shifts, hours", migration4Volunteers},
		{5, "reports: indexes for figures over a period", migration5Reports},
		{6, "rate counters shared by every process", migration6RateCounters},
		{7, "visits: drop an index no query uses (every check-in paid for it)", migration7DropVisitTimeIndex},
		{8, "check-ins per activity: index the links by session and visit", migration8VisitSessionsBySession},
		{9, "figures of completed weeks, stored once", migration9WeekFigures},
		{10, "users: a session generation, to end every session of an account", migration10SessionGeneration},
		{11, "failed logins per account, address and known device", migration11LoginFailures},
		{12, "sessions: a private note beside the public one when calling a session off", migration12PrivateCancelNote},
		{13, "sign-ups for every session: skip one date", migration13Skips},
		{14, "one visit a day per person: devices linked to accounts", migration14VisitorKeys},
		{15, "backups: the result of each backup", migration15BackupRuns},
		{16, "public programme: a change counter per centre, and when an activity was published", migration16ProgrammeVersion},
		{17, "notifications: the outbox, preferences, unsubscribe tokens, password resets", migration17Notify},
		{18, "impact: dimensions of positive health, the health check, the wijkbudget, stories", migration18Impact},
		{19, "visits from paper sign-in sheets; the ids of a kiosk's taps", migration19PaperAndOfflineKiosk},
		{20, "privacy: retention rules, people kept, removed sign-up counts", migration20Privacy},
		{21, "schedules: every n weeks, monthly, own dates, skipped dates; a session moved to another day or room", migration21Schedules},
		{22, "consents on record: what each person agreed to, when, which text, withdrawn when", migration22Consents},
		{23, "several centres: administrators, the centres each coordinator and partner has, closed centres", migration23Centres},
		{24, "daily work: first-run checklist steps; people on a list without an account", migration24Daily},
		{25, "the trust path: published directly, when ended, trust taken away; what a learning session learned", migration25Trust},
		{26, "visits: the index by account holds only visits with an account (one index entry less per anonymous check-in)", migration26CheckInIndexes},
		{27, "closing a centre changes its public programme (the trigger on centres watches closed_at)", migration27ClosingChangesProgramme},
		{28, "figures of completed weeks: visits per day and source, check-ins per activity", migration28WeekDetails},
		{29, "figures of the finished part of a period: visits, unique and new visitors, sources, check-ins per activity, first visits per month, a cut week's regulars", migration29PeriodFigures},
		{31, "centres: the default centre found by index, not by a scan of every centre", migration31DefaultCentreIndex},
	}
}

// LatestSchemaVersion is the version Migrate brings a database to.
func LatestSchemaVersion() int {
	all := migrations()
	return all[len(all)-1].version
}

// Migrate brings the schema up to date. Each step runs in its own transaction together
// with its row in schema_migrations, so a failed step leaves the database as it was.
// On PostgreSQL an advisory lock lets several processes start at once safely; SQLite
// transactions already take the write lock at BEGIN.
func Migrate(db *gorm.DB) error {
	return MigrateTo(db, LatestSchemaVersion())
}

// MigrateTo applies the steps up to and including version, and no later one: a restore
// rebuilds the schema a backup was made with before it loads the rows, then migrates
// forward. Given a transaction, every step becomes part of it.
func MigrateTo(db *gorm.DB, version int) error {
	var steps []migration
	for _, m := range migrations() {
		if m.version <= version {
			steps = append(steps, m)
		}
	}
	if current(db, steps) {
		return nil
	}
	return migrate(db, steps)
}

// current reports whether every step is already applied, in one statement: at each
// start of a process whose database is up to date (nearly every start) this replaces a
// transaction with a lock, a CREATE TABLE IF NOT EXISTS and a count per step. A
// database without schema_migrations (a new one) makes the statement fail; that is
// expected, so it is not logged, and migrate creates the table. Inside a transaction
// (a restore) the check is skipped: a failed statement would end a PostgreSQL
// transaction.
func current(db *gorm.DB, steps []migration) bool {
	if _, inTx := db.Statement.ConnPool.(gorm.TxCommitter); inTx {
		return false
	}
	var applied []int
	if err := db.Session(&gorm.Session{Logger: logger.Discard}).
		Raw("SELECT version FROM schema_migrations").Scan(&applied).Error; err != nil {
		return false
	}
	have := make(map[int]bool, len(applied))
	for _, v := range applied {
		have[v] = true
	}
	for _, m := range steps {
		if !have[m.version] {
			return false
		}
	}
	return true
}

func migrate(db *gorm.DB, steps []migration) error {
	for _, m := range steps {
		err := db.Transaction(func(tx *gorm.DB) error {
			if IsPostgres(tx) {
				// Keyed by the schema: processes migrating the same schema wait for
				// each other, a database holding other schemas (the tests make one per
				// test) is not serialised behind one restore's long transaction.
				if err := tx.Exec("SELECT pg_advisory_xact_lock(7301001, hashtext(current_schema()))").Error; err != nil {
					return fmt.Errorf("lock: %w", err)
				}
			}
			if err := tx.Exec(ddl(tx, `CREATE TABLE IF NOT EXISTS schema_migrations (
				version INTEGER PRIMARY KEY,
				name TEXT NOT NULL,
				applied_at {time} NOT NULL)`)).Error; err != nil {
				return fmt.Errorf("create schema_migrations: %w", err)
			}
			var applied int64
			if err := tx.Table("schema_migrations").Where("version = ?", m.version).Count(&applied).Error; err != nil {
				return fmt.Errorf("read schema version: %w", err)
			}
			if applied > 0 {
				return nil
			}
			for _, stmt := range m.statements {
				stmt, ok := forDialect(tx, stmt)
				if !ok {
					continue
				}
				if err := tx.Exec(ddl(tx, stmt)).Error; err != nil {
					return fmt.Errorf("%q: %w", firstLine(stmt), err)
				}
			}
			return tx.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
				m.version, m.name, tx.NowFunc()).Error
		})
		if err != nil {
			return fmt.Errorf("migrate: step %d (%s): %w", m.version, m.name, err)
		}
	}
	return nil
}

// SchemaVersion returns the newest applied migration.
func SchemaVersion(db *gorm.DB) (int, error) {
	var v int
	err := db.Table("schema_migrations").Select("COALESCE(MAX(version), 0)").Scan(&v).Error
	if err != nil {
		return 0, fmt.Errorf("migrate: unable to read schema version: %w", err)
	}
	return v, nil
}

// ddl fills the few type names that differ between PostgreSQL and SQLite.
func ddl(db *gorm.DB, stmt string) string {
	if IsPostgres(db) {
		return strings.NewReplacer("{id}", "BIGSERIAL PRIMARY KEY", "{time}", "TIMESTAMPTZ", "{blob}", "BYTEA").Replace(stmt)
	}
	return strings.NewReplacer("{id}", "INTEGER PRIMARY KEY", "{time}", "DATETIME", "{blob}", "BLOB").Replace(stmt)
}

// forDialect strips the mark of a statement written for one database only ("{postgres}"
// or "{sqlite}" at its start, for what the two spell differently, such as triggers) and
// reports whether it runs on db.
func forDialect(db *gorm.DB, stmt string) (string, bool) {
	for _, d := range []struct {
		mark     string
		postgres bool
	}{{"{postgres}", true}, {"{sqlite}", false}} {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(stmt), d.mark); ok {
			return rest, IsPostgres(db) == d.postgres
		}
	}
	return stmt, true
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i > 0 {
		return s[:i]
	}
	return s
}

var migration1Foundation = []string{
	`CREATE TABLE centres (
		id {id},
		name TEXT NOT NULL,
		slug TEXT NOT NULL UNIQUE,
		address TEXT NOT NULL DEFAULT '',
		time_zone TEXT NOT NULL DEFAULT 'Europe/Amsterdam',
		door_code TEXT NOT NULL UNIQUE,
		is_default BOOLEAN NOT NULL DEFAULT FALSE,
		is_demo BOOLEAN NOT NULL DEFAULT FALSE,
		created_at {time} NOT NULL,
		updated_at {time} NOT NULL)`,
	`CREATE TABLE rooms (
		id {id},
		centre_id BIGINT NOT NULL REFERENCES centres(id),
		name TEXT NOT NULL,
		capacity INTEGER NOT NULL DEFAULT 0 CHECK (capacity >= 0),
		created_at {time} NOT NULL,
		UNIQUE (centre_id, name))`,
	`CREATE TABLE users (
		id {id},
		name TEXT NOT NULL,
		email TEXT UNIQUE,
		phone TEXT UNIQUE,
		password_hash TEXT NOT NULL DEFAULT '',
		role TEXT NOT NULL DEFAULT 'resident' CHECK (role IN ('resident', 'coordinator', 'partner')),
		language TEXT NOT NULL DEFAULT 'nl',
		is_demo BOOLEAN NOT NULL DEFAULT FALSE,
		anonymised_at {time},
		created_at {time} NOT NULL,
		updated_at {time} NOT NULL)`,
	`CREATE INDEX users_role ON users (role)`,
	`CREATE TABLE activities (
		id {id},
		centre_id BIGINT NOT NULL REFERENCES centres(id),
		proposer_id BIGINT REFERENCES users(id),
		lead_id BIGINT REFERENCES users(id),
		room_id BIGINT REFERENCES rooms(id),
		title TEXT NOT NULL,
		want TEXT NOT NULL DEFAULT '',
		can TEXT NOT NULL DEFAULT '',
		themes TEXT NOT NULL DEFAULT '',
		wished_time TEXT NOT NULL DEFAULT '',
		expected_people INTEGER NOT NULL DEFAULT 0,
		capacity INTEGER NOT NULL DEFAULT 0 CHECK (capacity >= 0),
		recurrence TEXT NOT NULL DEFAULT 'once',
		weekdays INTEGER NOT NULL DEFAULT 0,
		start_time TEXT NOT NULL DEFAULT '',
		end_time TEXT NOT NULL DEFAULT '',
		first_date TEXT NOT NULL DEFAULT '',
		last_date TEXT NOT NULL DEFAULT '',
		status TEXT NOT NULL DEFAULT 'draft',
		created_at {time} NOT NULL,
		updated_at {time} NOT NULL)`,
	`CREATE INDEX activities_centre_status ON activities (centre_id, status)`,
	`CREATE INDEX activities_proposer ON activities (proposer_id)`,
	`CREATE INDEX activities_lead ON activities (lead_id)`,
	// kv_entries backs sessions, CSRF tokens and rate-limit counters, so they survive
	// restarts and are shared by every process.
	`CREATE TABLE kv_entries (
		namespace TEXT NOT NULL,
		entry_key TEXT NOT NULL,
		value {blob} NOT NULL,
		expires_at BIGINT NOT NULL DEFAULT 0,
		PRIMARY KEY (namespace, entry_key))`,
	`CREATE INDEX kv_entries_expires_at ON kv_entries (expires_at)`,
	// setup_claims holds at most one row: the first-run setup inserts it in the same
	// transaction as the first coordinator, so two racing setups cannot both succeed.
	`CREATE TABLE setup_claims (
		id INTEGER PRIMARY KEY CHECK (id = 1),
		claimed_at {time} NOT NULL)`,
}

var migration2Activities = []string{
	`CREATE TABLE activity_needs (
		id {id},
		activity_id BIGINT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
		position INTEGER NOT NULL DEFAULT 0,
		kind TEXT NOT NULL,
		description TEXT NOT NULL DEFAULT '',
		amount_cents BIGINT NOT NULL DEFAULT 0 CHECK (amount_cents >= 0),
		volunteers INTEGER NOT NULL DEFAULT 0 CHECK (volunteers >= 0),
		status TEXT NOT NULL DEFAULT 'open',
		offered_by_id BIGINT REFERENCES users(id),
		created_at {time} NOT NULL,
		updated_at {time} NOT NULL)`,
	`CREATE INDEX activity_needs_activity ON activity_needs (activity_id, position)`,
	`CREATE INDEX activity_needs_status ON activity_needs (status)`,
	`CREATE TABLE activity_reviews (
		id {id},
		activity_id BIGINT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
		reviewer_id BIGINT REFERENCES users(id),
		lowers_threshold TEXT NOT NULL DEFAULT '',
		more_collective TEXT NOT NULL DEFAULT '',
		healthier TEXT NOT NULL DEFAULT '',
		decision TEXT NOT NULL,
		message TEXT NOT NULL DEFAULT '',
		created_at {time} NOT NULL)`,
	`CREATE INDEX activity_reviews_activity ON activity_reviews (activity_id, created_at)`,
	`CREATE TABLE activity_sessions (
		id {id},
		activity_id BIGINT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
		date TEXT NOT NULL,
		starts_at {time} NOT NULL,
		ends_at {time} NOT NULL,
		cancelled BOOLEAN NOT NULL DEFAULT FALSE,
		cancel_note TEXT NOT NULL DEFAULT '',
		created_at {time} NOT NULL,
		UNIQUE (activity_id, date))`,
	`CREATE INDEX activity_sessions_starts_at ON activity_sessions (starts_at)`,
	`CREATE TABLE participations (
		id {id},
		activity_id BIGINT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
		user_id BIGINT NOT NULL REFERENCES users(id),
		status TEXT NOT NULL CHECK (status IN ('joined', 'waitlisted')),
		promoted_at {time},
		created_at {time} NOT NULL,
		UNIQUE (activity_id, user_id))`,
	`CREATE INDEX participations_activity_status ON participations (activity_id, status, id)`,
	`CREATE INDEX participations_user ON participations (user_id)`,
}

var migration3Visits = []string{
	// local_date and iso_week are the centre's calendar at the moment of the visit,
	// stored so that every figure groups by them in plain SQL on both databases.
	`CREATE TABLE kiosk_links (
		id {id},
		centre_id BIGINT NOT NULL REFERENCES centres(id),
		token TEXT NOT NULL UNIQUE,
		label TEXT NOT NULL DEFAULT '',
		created_by_id BIGINT REFERENCES users(id),
		created_at {time} NOT NULL,
		revoked_at {time})`,
	`CREATE TABLE visits (
		id {id},
		centre_id BIGINT NOT NULL REFERENCES centres(id),
		visited_at {time} NOT NULL,
		local_date TEXT NOT NULL,
		iso_week TEXT NOT NULL,
		source TEXT NOT NULL CHECK (source IN ('qr', 'kiosk', 'headcount')),
		visitor_key TEXT,
		user_id BIGINT REFERENCES users(id),
		kiosk_id BIGINT REFERENCES kiosk_links(id),
		is_first BOOLEAN NOT NULL DEFAULT FALSE,
		mood_given BOOLEAN NOT NULL DEFAULT FALSE)`,
	`CREATE UNIQUE INDEX visits_one_per_key_per_day ON visits (centre_id, visitor_key, local_date)`,
	`CREATE INDEX visits_centre_week ON visits (centre_id, iso_week, visitor_key)`,
	`CREATE INDEX visits_centre_time ON visits (centre_id, visited_at)`,
	`CREATE INDEX visits_user ON visits (user_id)`,
	`CREATE TABLE visit_sessions (
		visit_id BIGINT NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
		session_id BIGINT NOT NULL REFERENCES activity_sessions(id),
		PRIMARY KEY (visit_id, session_id))`,
	`CREATE INDEX visit_sessions_session ON visit_sessions (session_id)`,
	// The wellbeing pulse is kept apart from visits and carries no visitor key: the
	// answer cannot be traced back to a person.
	`CREATE TABLE moods (
		id {id},
		centre_id BIGINT NOT NULL REFERENCES centres(id),
		local_date TEXT NOT NULL,
		iso_week TEXT NOT NULL,
		score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 10))`,
	`CREATE INDEX moods_centre_week ON moods (centre_id, iso_week)`,
	`CREATE INDEX moods_centre_date ON moods (centre_id, local_date)`,
	`CREATE TABLE retired_door_codes (
		code TEXT PRIMARY KEY,
		centre_id BIGINT NOT NULL REFERENCES centres(id),
		retired_at {time} NOT NULL)`,
}

var migration4Volunteers = []string{
	`CREATE TABLE volunteer_profiles (
		user_id BIGINT PRIMARY KEY REFERENCES users(id),
		active BOOLEAN NOT NULL DEFAULT TRUE,
		want TEXT NOT NULL DEFAULT '',
		skills TEXT NOT NULL DEFAULT '',
		skills_other TEXT NOT NULL DEFAULT '',
		languages TEXT NOT NULL DEFAULT '',
		availability INTEGER NOT NULL DEFAULT 0,
		feed_token TEXT NOT NULL UNIQUE,
		created_at {time} NOT NULL,
		updated_at {time} NOT NULL)`,
	`CREATE TABLE volunteer_needs (
		id {id},
		user_id BIGINT NOT NULL REFERENCES users(id),
		kind TEXT NOT NULL,
		description TEXT NOT NULL DEFAULT '',
		status TEXT NOT NULL DEFAULT 'open',
		offered_by_id BIGINT REFERENCES users(id),
		created_at {time} NOT NULL,
		updated_at {time} NOT NULL)`,
	`CREATE INDEX volunteer_needs_user ON volunteer_needs (user_id)`,
	`CREATE TABLE volunteer_roles (
		id {id},
		activity_id BIGINT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
		name TEXT NOT NULL,
		per_session INTEGER NOT NULL CHECK (per_session BETWEEN 1 AND 50),
		need_id BIGINT REFERENCES activity_needs(id) ON DELETE SET NULL,
		created_at {time} NOT NULL,
		UNIQUE (activity_id, name))`,
	// A shift is a volunteer on a role for one session, or for every session when
	// session_id is NULL.
	`CREATE TABLE shifts (
		id {id},
		role_id BIGINT NOT NULL REFERENCES volunteer_roles(id) ON DELETE CASCADE,
		user_id BIGINT NOT NULL REFERENCES users(id),
		session_id BIGINT REFERENCES activity_sessions(id),
		created_at {time} NOT NULL)`,
	`CREATE UNIQUE INDEX shifts_one_off ON shifts (role_id, user_id, session_id) WHERE session_id IS NOT NULL`,
	`CREATE UNIQUE INDEX shifts_recurring ON shifts (role_id, user_id) WHERE session_id IS NULL`,
	`CREATE INDEX shifts_user ON shifts (user_id)`,
	`CREATE INDEX shifts_session ON shifts (session_id)`,
	`CREATE TABLE volunteer_hours (
		id {id},
		session_id BIGINT NOT NULL REFERENCES activity_sessions(id),
		role_id BIGINT REFERENCES volunteer_roles(id) ON DELETE SET NULL,
		user_id BIGINT NOT NULL REFERENCES users(id),
		present BOOLEAN NOT NULL,
		minutes INTEGER NOT NULL CHECK (minutes BETWEEN 0 AND 1440),
		confirmed_by_id BIGINT REFERENCES users(id),
		confirmed_at {time} NOT NULL,
		UNIQUE (session_id, user_id))`,
	`CREATE INDEX volunteer_hours_user ON volunteer_hours (user_id)`,
}

var migration5Reports = []string{
	`CREATE INDEX visits_centre_date ON visits (centre_id, local_date, visitor_key)`,
	`CREATE INDEX activity_sessions_date ON activity_sessions (date, activity_id)`,
	`CREATE INDEX moods_centre_date_score ON moods (centre_id, local_date, score)`,
}

var migration6RateCounters = []string{
	`CREATE TABLE rate_counters (
		bucket TEXT NOT NULL,
		window_start BIGINT NOT NULL,
		hits INTEGER NOT NULL,
		PRIMARY KEY (bucket, window_start))`,
	`CREATE INDEX rate_counters_window ON rate_counters (window_start)`,
}

var migration7DropVisitTimeIndex = []string{
	`DROP INDEX visits_centre_time`,
}

// migration8VisitSessionsBySession lets the dashboard and the report count a week's or
// a period's check-ins per activity from the links of its sessions alone (an index-only
// scan), instead of PostgreSQL reading every link ever made. It replaces the index on
// session_id, of which it is an extension.
var migration8VisitSessionsBySession = []string{
	`CREATE INDEX visit_sessions_session_visit ON visit_sessions (session_id, visit_id)`,
	`DROP INDEX visit_sessions_session`,
}

// migration9WeekFigures stores the figures of weeks that are over: visits only ever come
// in for the current day, so a finished week's figures never change.
var migration9WeekFigures = []string{
	`CREATE TABLE week_figures (
		scope TEXT NOT NULL,
		iso_week TEXT NOT NULL,
		visits INTEGER NOT NULL,
		keyed INTEGER NOT NULL,
		headcounts INTEGER NOT NULL,
		new INTEGER NOT NULL,
		regulars INTEGER NOT NULL,
		PRIMARY KEY (scope, iso_week))`,
}

// migration10SessionGeneration numbers the sessions of an account: a session carries
// the number it was started with, and raising it (a new password, "Overal uitloggen")
// ends every session that has the old one, on every process.
var migration10SessionGeneration = []string{
	`ALTER TABLE users ADD COLUMN session_generation INTEGER NOT NULL DEFAULT 0`,
}

// migration11LoginFailures counts failed logins per bucket (an account from unknown
// devices, an address, a device the account knows), with the time of the last one,
// from which the wait before the next attempt grows (store.Throttle).
var migration11LoginFailures = []string{
	`CREATE TABLE login_failures (
		bucket TEXT PRIMARY KEY,
		failures INTEGER NOT NULL,
		last_failure BIGINT NOT NULL)`,
	`CREATE INDEX login_failures_last ON login_failures (last_failure)`,
}

// migration12PrivateCancelNote: the note on a called-off session is public (the
// programme shows it); the reason the lead gives for the coordinator goes in its own
// column, which only the lead and coordinators see. Existing notes stay public.
var migration12PrivateCancelNote = []string{
	`ALTER TABLE activity_sessions ADD COLUMN cancel_private_note TEXT NOT NULL DEFAULT ''`,
}

// migration13Skips lets someone who takes part or volunteers in every session say "Deze
// keer niet" for one date, without leaving the rest. A skip goes with its sign-up (or
// shift) and with its session.
var migration13Skips = []string{
	`CREATE TABLE participation_skips (
		participation_id BIGINT NOT NULL REFERENCES participations(id) ON DELETE CASCADE,
		session_id BIGINT NOT NULL REFERENCES activity_sessions(id) ON DELETE CASCADE,
		created_at {time} NOT NULL,
		PRIMARY KEY (participation_id, session_id))`,
	`CREATE INDEX participation_skips_session ON participation_skips (session_id)`,
	`CREATE TABLE shift_skips (
		shift_id BIGINT NOT NULL REFERENCES shifts(id) ON DELETE CASCADE,
		session_id BIGINT NOT NULL REFERENCES activity_sessions(id) ON DELETE CASCADE,
		created_at {time} NOT NULL,
		PRIMARY KEY (shift_id, session_id))`,
	`CREATE INDEX shift_skips_session ON shift_skips (session_id)`,
}

// migration14VisitorKeys links a phone's anonymous visitor key to the account that
// logged in on it, so the person counts once a day whichever way they check in.
var migration14VisitorKeys = []string{
	`CREATE TABLE visitor_keys (
		visitor_key TEXT PRIMARY KEY,
		user_id BIGINT NOT NULL REFERENCES users(id),
		linked_at {time} NOT NULL)`,
	`CREATE INDEX visitor_keys_user ON visitor_keys (user_id)`,
}

// migration15BackupRuns keeps the result of each backup (the nightly one and those made
// with "onshuis backup"), so that every process shows the same last result on the
// coordinator's home and in /healthz, and so that one night is backed up once.
var migration15BackupRuns = []string{
	`CREATE TABLE backup_runs (
		id {id},
		kind TEXT NOT NULL CHECK (kind IN ('nightly', 'manual')),
		local_date TEXT NOT NULL,
		started_at {time} NOT NULL,
		finished_at {time} NOT NULL,
		ok BOOLEAN NOT NULL,
		file TEXT NOT NULL DEFAULT '',
		bytes BIGINT NOT NULL DEFAULT 0,
		error TEXT NOT NULL DEFAULT '')`,
	`CREATE INDEX backup_runs_date ON backup_runs (local_date, started_at)`,
}

// migration16ProgrammeVersion numbers the states of each centre's public programme, so
// the read-only API, the embeds and the feed can answer "nothing changed" (304) from the
// centre's row alone, without reading sessions or sign-ups. Database triggers raise the
// number on every change of a row the public programme shows (the centre itself, its
// rooms, activities, needs, sessions, sign-ups and "Deze keer niet" skips), whichever
// code makes it, and set a random stamp beside it, so that a number reached again
// after a restore from a backup is not mistaken for the state it had before.
//
// Adding a session is the one change that raises nothing: sessions are made from the
// activity's schedule by the first reader of their dates (SessionsOf), so no answer
// was ever given without them, and a change of schedule raises the number through the
// activity row itself. (Raising it there would make the first answer about a new week
// out of date at once.)
//
// On PostgreSQL the triggers of the other tables are deferred to the commit: the centre
// row is then locked last and briefly, so a transaction that locks activities one by one
// (leaving, deleting an account) cannot deadlock with a join that waits for one of them.
// SQLite has one writer at a time and runs them at once.
//
// The functions are made with CREATE OR REPLACE: a restore (package backup) drops the
// tables, and with them the triggers, but not the functions, before it builds the schema
// again.
//
// Publishing gets its own moment (published_at) for the feed of new activities; those
// published before learn it from their approving review.
var migration16ProgrammeVersion = append([]string{
	`ALTER TABLE centres ADD COLUMN programme_version BIGINT NOT NULL DEFAULT 0`,
	`ALTER TABLE centres ADD COLUMN programme_stamp TEXT NOT NULL DEFAULT ''`,
	`ALTER TABLE activities ADD COLUMN published_at {time}`,
	`UPDATE activities SET published_at = (SELECT MAX(r.created_at) FROM activity_reviews r
		WHERE r.activity_id = activities.id AND r.decision = 'approve') WHERE status IN ('approved', 'paused', 'ended')`,
	`UPDATE activities SET published_at = updated_at WHERE published_at IS NULL AND status IN ('approved', 'paused', 'ended')`,
	`CREATE INDEX activities_centre_published ON activities (centre_id, published_at)`,
	`{postgres} CREATE OR REPLACE FUNCTION programme_changed(centre_ids BIGINT[]) RETURNS void LANGUAGE sql AS $$
		UPDATE centres SET programme_version = programme_version + 1,
			programme_stamp = md5(random()::text || clock_timestamp()::text)
		WHERE id = ANY(centre_ids)
	$$`,
	// TG_ARGV[0] is the column that leads to the centre: centre_id, activity_id or session_id.
	`{postgres} CREATE OR REPLACE FUNCTION programme_row_changed() RETURNS trigger LANGUAGE plpgsql AS $$
	DECLARE
		keys BIGINT[] := ARRAY[]::BIGINT[];
	BEGIN
		IF TG_OP IN ('UPDATE', 'DELETE') THEN
			keys := keys || (to_jsonb(OLD) ->> TG_ARGV[0])::BIGINT;
		END IF;
		IF TG_OP IN ('INSERT', 'UPDATE') THEN
			keys := keys || (to_jsonb(NEW) ->> TG_ARGV[0])::BIGINT;
		END IF;
		IF TG_ARGV[0] = 'session_id' THEN
			keys := ARRAY(SELECT activity_id FROM activity_sessions WHERE id = ANY(keys));
		END IF;
		IF TG_ARGV[0] IN ('activity_id', 'session_id') THEN
			keys := ARRAY(SELECT centre_id FROM activities WHERE id = ANY(keys));
		END IF;
		PERFORM programme_changed(keys);
		RETURN NULL;
	END
	$$`,
	`{postgres} CREATE OR REPLACE FUNCTION programme_centre_changed() RETURNS trigger LANGUAGE plpgsql AS $$
	BEGIN
		NEW.programme_version := OLD.programme_version + 1;
		NEW.programme_stamp := md5(random()::text || clock_timestamp()::text);
		RETURN NEW;
	END
	$$`,
	`{postgres} CREATE TRIGGER programme_changes BEFORE UPDATE OF name, slug, address, time_zone, is_default, is_demo
		ON centres FOR EACH ROW EXECUTE FUNCTION programme_centre_changed()`,
	`{sqlite} CREATE TRIGGER programme_changes_centres AFTER UPDATE OF name, slug, address, time_zone, is_default, is_demo
		ON centres BEGIN
		UPDATE centres SET programme_version = programme_version + 1, programme_stamp = lower(hex(randomblob(16))) WHERE id = NEW.id;
	END`,
}, programmeTriggers16()...)

// programmeTriggers16 are the triggers of migration 16 on the tables below the centre,
// written out once from this frozen list: table, the events, the column that leads to
// the centre, and how SQLite finds the centre from a row (row is NEW or OLD).
func programmeTriggers16() []string {
	tables := []struct{ table, events, column, centre string }{
		{"rooms", "INSERT UPDATE DELETE", "centre_id", "row.centre_id"},
		{"activities", "INSERT UPDATE DELETE", "centre_id", "row.centre_id"},
		{"activity_needs", "INSERT UPDATE DELETE", "activity_id", "(SELECT centre_id FROM activities WHERE id = row.activity_id)"},
		{"activity_sessions", "UPDATE DELETE", "activity_id", "(SELECT centre_id FROM activities WHERE id = row.activity_id)"},
		{"participations", "INSERT UPDATE DELETE", "activity_id", "(SELECT centre_id FROM activities WHERE id = row.activity_id)"},
		{"participation_skips", "INSERT UPDATE DELETE", "session_id", "(SELECT a.centre_id FROM activities a JOIN activity_sessions s ON s.activity_id = a.id WHERE s.id = row.session_id)"},
	}
	rows := map[string]string{"INSERT": "NEW", "UPDATE": "OLD NEW", "DELETE": "OLD"}
	var out []string
	for _, t := range tables {
		out = append(out, `{postgres} CREATE CONSTRAINT TRIGGER programme_changes AFTER `+strings.ReplaceAll(t.events, " ", " OR ")+` ON `+t.table+`
			DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION programme_row_changed('`+t.column+`')`)
		for _, event := range strings.Fields(t.events) {
			op := struct{ event, rows string }{event, rows[event]}
			body := ""
			for _, row := range strings.Fields(op.rows) {
				body += "\n\t\tUPDATE centres SET programme_version = programme_version + 1, programme_stamp = lower(hex(randomblob(16))) WHERE id = " +
					strings.ReplaceAll(t.centre, "row.", row+".") + ";"
			}
			out = append(out, `{sqlite} CREATE TRIGGER programme_changes_`+t.table+`_`+strings.ToLower(op.event)+` AFTER `+op.event+` ON `+t.table+` BEGIN`+body+"\n\tEND")
		}
	}
	return out
}
