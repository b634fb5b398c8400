package models

// migration24Daily serves the daily work of a centre (issue 16).
//
// centre_milestones records the steps of the coordinator's first-run checklist that
// leave no other trace (the door poster printed, the list put away); the other steps
// are read from the data they create (checklist.go).
//
// A person without an account (guest.go) is a users row that can never log in:
// without_account is set, there is no e-mail address, password or login phone. The
// phone number a coordinator or lead wrote down is kept in contact_phone, apart from
// the unique login phone, so the person can still register with it themselves and
// then take over the place. added_by_id says who put them on a list.
var migration24Daily = []string{
	`CREATE TABLE centre_milestones (
		centre_id BIGINT NOT NULL REFERENCES centres(id),
		kind TEXT NOT NULL,
		done_at {time} NOT NULL,
		done_by BIGINT REFERENCES users(id),
		PRIMARY KEY (centre_id, kind))`,
	`ALTER TABLE users ADD COLUMN without_account BOOLEAN NOT NULL DEFAULT FALSE`,
	`ALTER TABLE users ADD COLUMN contact_phone TEXT`,
	`ALTER TABLE users ADD COLUMN added_by_id BIGINT REFERENCES users(id)`,
	`CREATE INDEX users_contact_phone ON users (contact_phone)`,
}
