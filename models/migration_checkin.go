package models

// migration26CheckInIndexes makes an anonymous check-in write one index entry less:
// the index of visits by account (export, deletion, retention's removal of names)
// only ever looks up visits that have an account, so it now holds only those. Most
// check-ins are anonymous phones and headcounts, and each paid about 80 bytes of WAL
// on PostgreSQL for an entry no query reads (bench/load/wal.sh, BENCHMARKS.md).
// Queries by "user_id = ?" or "user_id IS NOT NULL" use the partial index on both
// databases.
var migration26CheckInIndexes = []string{
	`DROP INDEX visits_user`,
	`CREATE INDEX visits_user ON visits (user_id) WHERE user_id IS NOT NULL`,
}
