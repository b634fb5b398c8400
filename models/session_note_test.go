package models_test

import (
	"testing"
	"time"

	"onshuis/app/apptest"
	"onshuis/models"
)

// The step that adds the private note keeps every note written before it public.
func TestPrivateCancelNoteMigrationKeepsNotesPublic(t *testing.T) {
	apptest.Each(t, func(t *testing.T, kind apptest.Database) {
		db := open(t, kind.Fresh(t))
		if err := models.MigrateBefore(db, "sessions: a private note"); err != nil {
			t.Fatal(err)
		}
		// A database as it was: a session called off with a note, written in that
		// schema's own columns.
		at := time.Date(2026, 12, 8, 13, 0, 0, 0, time.UTC)
		steps := []string{
			`INSERT INTO centres (name, slug, time_zone, door_code, created_at, updated_at) VALUES ('Ons Huis', 'ons-huis', 'Europe/Amsterdam', 'deur', ?, ?)`,
			`INSERT INTO activities (centre_id, title, status, recurrence, created_at, updated_at) SELECT id, 'Werkplaats', 'approved', 'once', ?, ? FROM centres`,
			`INSERT INTO activity_sessions (activity_id, date, starts_at, ends_at, cancelled, cancel_note, created_at) SELECT id, '2026-12-08', ?, ?, ?, 'De docent is ziek', ? FROM activities`,
		}
		args := [][]any{{at, at}, {at, at}, {at, at.Add(2 * time.Hour), true, at}}
		for i, stmt := range steps {
			if err := db.Exec(stmt, args[i]...).Error; err != nil {
				t.Fatalf("old schema: %v", err)
			}
		}
		if err := models.Migrate(db); err != nil {
			t.Fatal(err)
		}
		var s models.Session
		if err := db.Take(&s).Error; err != nil {
			t.Fatal(err)
		}
		if !s.Cancelled || s.CancelNote != "De docent is ziek" || s.CancelPrivateNote != "" {
			t.Errorf("after the migration: cancelled %v, public %q, private %q; want the note still public", s.Cancelled, s.CancelNote, s.CancelPrivateNote)
		}
	})
}
