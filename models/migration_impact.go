package models

// migration18Impact holds what the impact report needs beyond counting (issue 19):
//
//   - theme_dimensions: which of Positieve Gezondheid's six dimensions each theme
//     speaks to, per centre; a centre without rows uses the defaults in code.
//   - health_consents and health_checks: the optional check per dimension. It is
//     health data, so the answers are kept apart from visits and visitor keys: a check
//     carries only a random respondent code, which the consent row (and nothing else)
//     ties to an account. Withdrawing consent or deleting the account deletes that row,
//     and the answers that are left belong to nobody.
//   - health_wordings: a centre's own wording of the six questions (a licensed
//     instrument's); version 0 is the app's own text and has no row.
//   - budgets, budget_lines, budget_entries: the wijkbudget per centre and year, its
//     lines, and what is committed against a line (often an arranged need) and spent.
//   - stories: short stories told with the resident's consent, without names.
var migration18Impact = []string{
	`CREATE TABLE theme_dimensions (
		centre_id BIGINT NOT NULL REFERENCES centres(id),
		theme TEXT NOT NULL,
		dimension TEXT NOT NULL,
		PRIMARY KEY (centre_id, theme, dimension))`,
	`CREATE TABLE health_wordings (
		id {id},
		centre_id BIGINT NOT NULL REFERENCES centres(id),
		version INTEGER NOT NULL,
		instrument TEXT NOT NULL DEFAULT '',
		q_body TEXT NOT NULL, q_mental TEXT NOT NULL, q_meaning TEXT NOT NULL,
		q_quality TEXT NOT NULL, q_participation TEXT NOT NULL, q_daily TEXT NOT NULL,
		created_at {time} NOT NULL,
		UNIQUE (centre_id, version))`,
	`CREATE TABLE health_consents (
		id {id},
		user_id BIGINT NOT NULL UNIQUE REFERENCES users(id),
		respondent TEXT NOT NULL UNIQUE,
		wording_version INTEGER NOT NULL,
		consented_at {time} NOT NULL)`,
	`CREATE TABLE health_checks (
		id {id},
		centre_id BIGINT NOT NULL REFERENCES centres(id),
		respondent TEXT NOT NULL,
		source TEXT NOT NULL CHECK (source IN ('mine', 'paper')),
		wording_version INTEGER NOT NULL,
		consent_at {time} NOT NULL,
		local_date TEXT NOT NULL,
		body INTEGER NOT NULL CHECK (body BETWEEN 0 AND 10),
		mental INTEGER NOT NULL CHECK (mental BETWEEN 0 AND 10),
		meaning INTEGER NOT NULL CHECK (meaning BETWEEN 0 AND 10),
		quality INTEGER NOT NULL CHECK (quality BETWEEN 0 AND 10),
		participation INTEGER NOT NULL CHECK (participation BETWEEN 0 AND 10),
		daily INTEGER NOT NULL CHECK (daily BETWEEN 0 AND 10),
		created_at {time} NOT NULL)`,
	`CREATE INDEX health_checks_centre_date ON health_checks (centre_id, local_date)`,
	`CREATE INDEX health_checks_respondent ON health_checks (respondent, local_date)`,
	`CREATE TABLE budgets (
		id {id},
		centre_id BIGINT NOT NULL REFERENCES centres(id),
		year INTEGER NOT NULL,
		created_at {time} NOT NULL,
		UNIQUE (centre_id, year))`,
	`CREATE TABLE budget_lines (
		id {id},
		budget_id BIGINT NOT NULL REFERENCES budgets(id) ON DELETE CASCADE,
		kind TEXT NOT NULL CHECK (kind IN ('rooms', 'materials', 'activities', 'other')),
		label TEXT NOT NULL,
		amount_cents BIGINT NOT NULL CHECK (amount_cents >= 0),
		created_at {time} NOT NULL)`,
	`CREATE TABLE budget_entries (
		id {id},
		centre_id BIGINT NOT NULL REFERENCES centres(id),
		line_id BIGINT NOT NULL REFERENCES budget_lines(id),
		need_id BIGINT UNIQUE REFERENCES activity_needs(id) ON DELETE SET NULL,
		activity_id BIGINT REFERENCES activities(id) ON DELETE SET NULL,
		description TEXT NOT NULL,
		committed_cents BIGINT NOT NULL CHECK (committed_cents >= 0),
		committed_on TEXT NOT NULL,
		spent_cents BIGINT CHECK (spent_cents >= 0),
		spent_on TEXT,
		created_at {time} NOT NULL)`,
	`CREATE INDEX budget_entries_centre_spent ON budget_entries (centre_id, spent_on)`,
	`CREATE TABLE stories (
		id {id},
		centre_id BIGINT NOT NULL REFERENCES centres(id),
		text TEXT NOT NULL,
		themes TEXT NOT NULL DEFAULT '',
		dimensions TEXT NOT NULL DEFAULT '',
		consent_how TEXT NOT NULL CHECK (consent_how IN ('spoken', 'paper')),
		consent_on TEXT NOT NULL,
		publishable BOOLEAN NOT NULL DEFAULT FALSE,
		told_on TEXT NOT NULL,
		created_by_id BIGINT REFERENCES users(id),
		created_at {time} NOT NULL)`,
	`CREATE INDEX stories_centre_told ON stories (centre_id, told_on)`,
}
