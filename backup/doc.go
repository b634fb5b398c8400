// Package backup makes and restores backups of an Ons Huis database and copies one
// database into another (the embedded SQLite file into PostgreSQL), for the commands
// "onshuis backup", "onshuis restore" and "onshuis copy", and for the nightly backup
// the app makes itself (Nightly).
//
// Which tables there are is read from the database itself, never from a list: every
// table in the database (on PostgreSQL: in the current schema), in an order in which
// each table comes after the tables it refers to. A table another part of the app adds
// later is backed up, restored and copied without a change here; a column type this
// package cannot carry faithfully stops the backup with its name rather than being
// skipped.
//
// One portable format serves both databases (see format.go): a gzip stream of JSON
// lines that starts with a manifest (the format, the schema version, the time, the
// tables and their columns), holds each table's rows, and ends with the row counts and
// a SHA-256 of everything before, so a damaged, cut-off or foreign file is refused
// before anything is committed. A backup of SQLite restores into PostgreSQL and back.
//
// Consistency: on SQLite the rows are read from a copy made with VACUUM INTO, which
// SQLite writes from one read transaction while the app goes on; on PostgreSQL they
// are read in one REPEATABLE READ transaction, one snapshot of every table. A restore
// or a copy writes everything in one transaction on the target, rebuilding the schema
// the backup was made with (models.MigrateTo), loading the rows, setting every
// sequence past the highest id, and migrating forward: it commits whole or not at all.
//
// It uses models for the schema and the migrations, and figures for the report figures
// a copy is checked with; it never imports app, handlers or views.
package backup
