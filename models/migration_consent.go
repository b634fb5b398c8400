package models

// migration22Consents keeps what each person agreed to (consent.go): one row each time
// a consent is given, with the version of the text they read; withdrawing stamps the
// row, so the history stays readable on Mijn gegevens and in the download. Deleting the
// account deletes the rows.
var migration22Consents = []string{
	`CREATE TABLE consents (
		id {id},
		user_id BIGINT NOT NULL REFERENCES users(id),
		topic TEXT NOT NULL,
		text_version TEXT NOT NULL,
		given_at {time} NOT NULL,
		withdrawn_at {time})`,
	`CREATE INDEX consents_user ON consents (user_id, topic)`,
}
