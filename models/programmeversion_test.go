package models_test

import (
	"testing"
	"time"

	"gorm.io/gorm"

	"onshuis/app/apptest"
	"onshuis/models"
)

// Every kind of row the public programme shows raises its centre's programme version
// when it is added, changed or removed, and the stamp changes with it; a row of another
// centre, or a change the programme does not show (the door code), leaves it alone. On
// PostgreSQL the raise happens at commit, in the same transaction as the change.
func TestProgrammeVersionFollowsEveryChange(t *testing.T) {
	apptest.Each(t, func(t *testing.T, kind apptest.Database) {
		db := open(t, kind.Fresh(t))
		if err := models.Migrate(db); err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
		exec := func(sql string, args ...any) {
			t.Helper()
			if err := db.Exec(sql, args...).Error; err != nil {
				t.Fatalf("%s: %v", sql, err)
			}
		}
		var ids struct{ centre, other, room, user, activity, session, participation int64 }
		scan := func(dst *int64, sql string, args ...any) {
			t.Helper()
			if err := db.Raw(sql, args...).Scan(dst).Error; err != nil || *dst == 0 {
				t.Fatalf("%s: %d %v", sql, *dst, err)
			}
		}
		for _, slug := range []string{"ruwaard", "schadewijk"} {
			exec("INSERT INTO centres (name, slug, door_code, created_at, updated_at) VALUES (?, ?, ?, ?, ?)", slug, slug, slug+"-code", now, now)
		}
		scan(&ids.centre, "SELECT id FROM centres WHERE slug = 'ruwaard'")
		scan(&ids.other, "SELECT id FROM centres WHERE slug = 'schadewijk'")
		exec("INSERT INTO users (name, email, created_at, updated_at) VALUES ('Zoë', 'zoe@example.nl', ?, ?)", now, now)
		scan(&ids.user, "SELECT id FROM users")

		version := func(centre int64) (v struct {
			ProgrammeVersion int64
			ProgrammeStamp   string
		}) {
			t.Helper()
			if err := db.Raw("SELECT programme_version, programme_stamp FROM centres WHERE id = ?", centre).Scan(&v).Error; err != nil {
				t.Fatal(err)
			}
			return v
		}
		// changes runs fn and fails unless it raised the version of centre (and not of the other).
		changes := func(what string, centre int64, fn func()) {
			t.Helper()
			other := ids.other
			if centre == ids.other {
				other = ids.centre
			}
			before, beforeOther := version(centre), version(other)
			fn()
			after, afterOther := version(centre), version(other)
			if after.ProgrammeVersion <= before.ProgrammeVersion || after.ProgrammeStamp == before.ProgrammeStamp || after.ProgrammeStamp == "" {
				t.Errorf("%s: programme version %d %q → %d %q, want it raised with a new stamp", what,
					before.ProgrammeVersion, before.ProgrammeStamp, after.ProgrammeVersion, after.ProgrammeStamp)
			}
			if afterOther != beforeOther {
				t.Errorf("%s: the other centre's programme version changed too", what)
			}
		}
		unchanged := func(what string, fn func()) {
			t.Helper()
			before := version(ids.centre)
			fn()
			if after := version(ids.centre); after != before {
				t.Errorf("%s: the programme version changed (%d → %d), but the programme does not show it", what, before.ProgrammeVersion, after.ProgrammeVersion)
			}
		}

		c := ids.centre
		changes("rename the centre", c, func() { exec("UPDATE centres SET name = 'Ons Huis Ruwaard' WHERE id = ?", c) })
		changes("the centre's address", c, func() { exec("UPDATE centres SET address = 'Ruwaard 1, Oss' WHERE id = ?", c) })
		unchanged("a new door code", func() { exec("UPDATE centres SET door_code = 'nieuw' WHERE id = ?", c) })
		changes("add a room", c, func() { exec("INSERT INTO rooms (centre_id, name, created_at) VALUES (?, 'huiskamer', ?)", c, now) })
		scan(&ids.room, "SELECT id FROM rooms")
		changes("rename a room", c, func() { exec("UPDATE rooms SET name = 'keuken' WHERE id = ?", ids.room) })
		changes("add an activity", c, func() {
			exec(`INSERT INTO activities (centre_id, room_id, title, capacity, recurrence, weekdays, start_time, end_time, first_date, status, created_at, updated_at)
				VALUES (?, ?, 'Taalcafé', 2, 'weekly', 16, '10:00', '12:00', '2026-11-26', 'approved', ?, ?)`, c, ids.room, now, now)
		})
		scan(&ids.activity, "SELECT id FROM activities")
		changes("change an activity", c, func() { exec("UPDATE activities SET title = 'Taalcafé Ruwaard' WHERE id = ?", ids.activity) })
		changes("add a need", c, func() {
			exec("INSERT INTO activity_needs (activity_id, kind, description, created_at, updated_at) VALUES (?, 'materials', 'Woordenboeken', ?, ?)", ids.activity, now, now)
		})
		changes("arrange a need", c, func() { exec("UPDATE activity_needs SET status = 'arranged'") })
		unchanged("a session made from the schedule (no answer was given without it)", func() {
			exec("INSERT INTO activity_sessions (activity_id, date, starts_at, ends_at, created_at) VALUES (?, '2026-12-03', ?, ?, ?)",
				ids.activity, now.AddDate(0, 0, 7), now.AddDate(0, 0, 7).Add(2*time.Hour), now)
		})
		scan(&ids.session, "SELECT id FROM activity_sessions")
		changes("call a session off", c, func() {
			exec("UPDATE activity_sessions SET cancelled = ?, cancel_note = 'Sinterklaas' WHERE id = ?", true, ids.session)
		})
		changes("sign up", c, func() {
			exec("INSERT INTO participations (activity_id, user_id, status, created_at) VALUES (?, ?, 'joined', ?)", ids.activity, ids.user, now)
		})
		scan(&ids.participation, "SELECT id FROM participations")
		changes("move up from the waiting list", c, func() { exec("UPDATE participations SET promoted_at = ? WHERE id = ?", now, ids.participation) })
		changes("skip one date", c, func() {
			exec("INSERT INTO participation_skips (participation_id, session_id, created_at) VALUES (?, ?, ?)", ids.participation, ids.session, now)
		})
		changes("take the skip back", c, func() { exec("DELETE FROM participation_skips") })
		changes("leave", c, func() { exec("DELETE FROM participations") })
		changes("remove a session", c, func() { exec("DELETE FROM activity_sessions") })
		changes("remove a need", c, func() { exec("DELETE FROM activity_needs") })
		from, to := version(c), version(ids.other)
		exec("UPDATE activities SET room_id = NULL, centre_id = ? WHERE id = ?", ids.other, ids.activity)
		if version(c).ProgrammeVersion <= from.ProgrammeVersion || version(ids.other).ProgrammeVersion <= to.ProgrammeVersion {
			t.Error("moving an activity to another centre: want both centres' programme versions raised")
		}
		changes("remove an activity", ids.other, func() { exec("DELETE FROM activities") })
		changes("remove a room", c, func() { exec("DELETE FROM rooms") })

		// Within a transaction the change and the raise commit together: a reader never
		// sees the new rows with the old version.
		err := db.Transaction(func(tx *gorm.DB) error {
			return tx.Exec("INSERT INTO rooms (centre_id, name, created_at) VALUES (?, 'werkplaats', ?)", c, now).Error
		})
		if err != nil {
			t.Fatal(err)
		}
		before := version(c)
		err = db.Transaction(func(tx *gorm.DB) error {
			if err := tx.Exec("UPDATE rooms SET name = 'atelier'").Error; err != nil {
				return err
			}
			return errRollback
		})
		if err != errRollback {
			t.Fatal(err)
		}
		if after := version(c); after != before {
			t.Errorf("a change rolled back raised the version (%d → %d)", before.ProgrammeVersion, after.ProgrammeVersion)
		}

		// Every table the programme shows has its triggers (a new table must get them too).
		for _, table := range models.ProgrammeTables {
			var n int64
			q := "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ?"
			if models.IsPostgres(db) {
				q = "SELECT COUNT(*) FROM pg_trigger g JOIN pg_class r ON r.oid = g.tgrelid WHERE NOT g.tgisinternal AND r.relname = ? AND r.relnamespace = current_schema()::regnamespace"
			}
			if err := db.Raw(q, table).Scan(&n).Error; err != nil {
				t.Fatal(err)
			}
			if n == 0 {
				t.Errorf("table %s has no trigger that raises the programme version", table)
			}
		}
	})
}

type rollback struct{}

func (rollback) Error() string { return "rolled back on purpose" }

var errRollback error = rollback{}
