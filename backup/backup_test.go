package backup_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"onshuis/app"
	"onshuis/app/apptest"
	"onshuis/backup"
	"onshuis/demo"
	"onshuis/models"
)

func openDB(t testing.TB, url string) *gorm.DB {
	t.Helper()
	db, err := models.Open(url, models.PoolConfig{MaxOpenConns: 4}, slog.New(slog.DiscardHandler), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = models.Close(db) })
	return db
}

// demo is the app with the demo centre (eight weeks of sessions, visits, volunteers and
// their hours, proposals), and its coordinator logged in.
func demoCentre(t *testing.T, db apptest.Database, options ...func(*app.Config)) (*apptest.Server, *apptest.Client) {
	t.Helper()
	s := apptest.Fresh(t, db, append([]func(*app.Config){func(c *app.Config) { c.Demo = true }}, options...)...)
	c := s.Client()
	r := c.Submit("/inloggen", "/inloggen", apptest.Form("login", "coordinator@demo.onshuis.nl", "password", demo.Password))
	if r.Status != 303 {
		t.Fatalf("demo coordinator login: %d\n%s", r.Status, r.Body)
	}
	return s, c
}

var csrfValue = regexp.MustCompile(`name="_csrf" value="[^"]*"`)

// fingerprint is everything a restore must give back, as the app serves it: every
// report CSV of the last months and the year, the report PDF, the visitor CSV, the week
// rosters and each session's roster of this week, every calendar feed (programme,
// centre, activity, volunteer), and the pages that show figures and names.
func fingerprint(t *testing.T, s *apptest.Server, c *apptest.Client) map[string]string {
	t.Helper()
	var centres []models.Centre
	var activities, sessions []int64
	var tokens []string
	db := s.DB
	now := s.Clock.Now()
	if err := db.Order("id").Find(&centres).Error; err != nil {
		t.Fatal(err)
	}
	// The pages of the centre the demo's coordinator coordinates (the other demo centre's
	// are not theirs: 403 and 404); the public ones of every centre below.
	own := "(SELECT id FROM centres WHERE slug = '" + demo.Slug + "')"
	db.Raw("SELECT id FROM activities WHERE status = ? AND centre_id = "+own+" ORDER BY id", models.StatusApproved).Scan(&activities)
	db.Raw("SELECT s.id FROM activity_sessions s JOIN activities a ON a.id = s.activity_id WHERE a.centre_id = "+own+
		" AND s.starts_at >= ? AND s.starts_at < ? ORDER BY s.id", now.AddDate(0, 0, -3), now.AddDate(0, 0, 4)).Scan(&sessions)
	db.Raw("SELECT feed_token FROM volunteer_profiles ORDER BY user_id").Scan(&tokens)
	if len(activities) == 0 || len(sessions) == 0 || len(tokens) == 0 {
		t.Fatalf("the demo is too thin to compare: %d activities, %d sessions, %d feeds", len(activities), len(sessions), len(tokens))
	}
	paths := []string{"/", "/programme.ics", "/coordinator/roosters.pdf", "/coordinator/bezoekers", "/coordinator/bezoekers.csv",
		"/coordinator/bezetting", "/hulp-gezocht", "/coordinator/voorstellen", "/rapport.pdf?periode=2026-11", "/rapport?periode=2026"}
	for _, ce := range centres {
		paths = append(paths, "/centra/"+ce.Slug, "/centra/"+ce.Slug+"/programme.ics")
	}
	for _, id := range activities {
		paths = append(paths, fmt.Sprintf("/activiteiten/%d/agenda.ics", id), fmt.Sprintf("/activiteiten/%d/deelnemers", id),
			fmt.Sprintf("/activiteiten/%d/vrijwilligers", id))
	}
	for _, id := range sessions {
		paths = append(paths, fmt.Sprintf("/coordinator/sessies/%d/rooster.pdf", id), fmt.Sprintf("/sessies/%d/aanwezig", id))
	}
	for _, tok := range tokens {
		paths = append(paths, "/diensten/"+tok+".ics")
	}
	for _, period := range []string{"2026-09", "2026-10", "2026-11", "2026-Q4", "2026"} {
		for _, table := range []string{"samenvatting", "weken", "themas", "activiteiten", "vrijwilligers", "betrokkenheid", "welzijn"} {
			paths = append(paths, "/rapport/"+table+".csv?periode="+period)
		}
	}
	out := make(map[string]string, len(paths))
	for _, p := range paths {
		r := c.Get(p)
		if r.Status != 200 {
			t.Fatalf("GET %s: %d", p, r.Status)
		}
		out[p] = csrfValue.ReplaceAllString(r.Body, "")
	}
	return out
}

func compare(t *testing.T, want, got map[string]string) {
	t.Helper()
	keys := make([]string, 0, len(want))
	for k := range want {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if got[k] != want[k] {
			a, b := strings.Split(want[k], "\n"), strings.Split(got[k], "\n")
			i := 0
			for i < len(a) && i < len(b) && a[i] == b[i] {
				i++
			}
			line := func(l []string) string {
				if i < len(l) {
					return l[i]
				}
				return "(end)"
			}
			t.Errorf("%s differs after the restore, first at line %d:\nbefore: %.300s\nafter:  %.300s", k, i+1, line(a), line(b))
		}
	}
}

// rowCounts counts the rows of every table the app has.
func rowCounts(t testing.TB, db *gorm.DB) map[string]int64 {
	t.Helper()
	var tables []string
	q := `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'`
	if models.IsPostgres(db) {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
	}
	if err := db.Raw(q).Scan(&tables).Error; err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, name := range tables {
		var n int64
		if err := db.Raw(`SELECT COUNT(*) FROM "` + name + `"`).Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
		out[name] = n
	}
	return out
}

// A backup of the demo centre, restored into a fresh database of either kind, gives back
// every figure, roster and feed byte for byte, the same rows in every table, and the
// coordinator still logged in (sessions are data too). New rows get new ids.
func TestBackupRestoreGivesEverythingBack(t *testing.T) {
	apptest.Each(t, func(t *testing.T, from apptest.Database) {
		s, coordinator := demoCentre(t, from)
		// Something in every table: a new door code (the old one retired), a kiosk link,
		// a failed login, a nightly backup's record, and today's check-in with the
		// wellbeing answer.
		for _, form := range []struct{ action, field, value string }{
			{"/coordinator/deur/vervangen", "confirm", "on"}, {"/coordinator/kiosk", "label", "Tablet bij de bar"},
		} {
			if r := coordinator.Submit("/coordinator/deur", form.action, apptest.Form(form.field, form.value)); r.Status != 303 {
				t.Fatalf("%s: %d", form.action, r.Status)
			}
			coordinator.Get("/coordinator/deur") // shows (and so ends) the flash message
		}
		coordinator.Get("/coordinator/deur/poster.pdf") // the first-run checklist's step without other trace
		s.Client().Submit("/inloggen", "/inloggen", apptest.Form("login", "carla@example.nl", "password", "fout"))
		if err := models.RecordBackupRun(s.DB, &models.BackupRun{Kind: models.BackupNightly, LocalDate: "2026-11-26",
			StartedAt: s.Clock.Now(), FinishedAt: s.Clock.Now(), OK: true, File: "onshuis-2026-11-26.backup", Bytes: 1234}); err != nil {
			t.Fatal(err)
		}
		// And what the demo does not do: the setup's claim, a participant's and a
		// volunteer's "Deze keer niet" for a coming session.
		now := s.Clock.Now()
		for _, stmt := range []string{
			`INSERT INTO participation_skips (participation_id, session_id, created_at) SELECT p.id, MIN(s.id), ? FROM participations p
				JOIN activity_sessions s ON s.activity_id = p.activity_id AND s.starts_at > ? GROUP BY p.id ORDER BY p.id LIMIT 3`,
			`INSERT INTO shift_skips (shift_id, session_id, created_at) SELECT sh.id, MIN(s.id), ? FROM shifts sh
				JOIN volunteer_roles r ON r.id = sh.role_id JOIN activity_sessions s ON s.activity_id = r.activity_id AND s.starts_at > ?
				GROUP BY sh.id ORDER BY sh.id LIMIT 2`,
		} {
			if err := s.DB.Exec(stmt, now, now).Error; err != nil {
				t.Fatal(err)
			}
		}
		if err := s.DB.Exec("INSERT INTO setup_claims (id, claimed_at) VALUES (1, ?)", now).Error; err != nil {
			t.Fatal(err)
		}
		for _, stmt := range []string{
			`INSERT INTO notifications (kind, user_id, centre_id, data, status, due_at, created_at) SELECT 'cancelled', MIN(id), NULL, '{"note":"ziek"}', 'kept', ?, ? FROM users`,
			`INSERT INTO notification_prefs (user_id, kind, enabled) SELECT MIN(id), 'digest', ? FROM users`,
			`INSERT INTO notification_tokens (user_id, token) SELECT MIN(id), 'token' || ? FROM users`,
			`INSERT INTO password_resets (user_id, token_hash, expires_at, created_at) SELECT MIN(id), 'hash', ?, ? FROM users`,
			`INSERT INTO notify_runs (job, period, done_at) VALUES ('reminder', '1:2026-11-27', ?)`,
		} {
			args := []any{now, now}
			if strings.Count(stmt, "?") == 1 {
				args = []any{now}
			}
			if strings.Contains(stmt, "notification_prefs") {
				args = []any{true}
			}
			if strings.Contains(stmt, "notification_tokens") {
				args = []any{"abc"}
			}
			if err := s.DB.Exec(stmt, args...).Error; err != nil {
				t.Fatal(err)
			}
		}
		// A person kept from the retention rules, and a night the rules ran.
		var kept, keeper int64
		s.DB.Raw("SELECT MIN(id) FROM users WHERE role = ?", models.RoleResident).Scan(&kept)
		s.DB.Raw("SELECT MIN(id) FROM users WHERE role = ?", models.RoleCoordinator).Scan(&keeper)
		if err := models.KeepPerson(s.DB, kept, keeper, "Vrijwilliger, even weg", now); err != nil {
			t.Fatal(err)
		}
		if _, err := s.App.RunRetention(); err != nil {
			t.Fatal(err)
		}
		if ok, err := models.ClaimRetentionRun(s.DB, "2026-11-25", now); err != nil || !ok {
			t.Fatalf("claim a night: %v %v", ok, err)
		}
		// A tap the kiosk sent after being offline (its id is kept apart from the visit).
		var kiosk models.KioskLink
		s.DB.Order("id DESC").Take(&kiosk)
		centre, _ := models.DefaultCentre(s.DB)
		if _, err := models.RecordTaps(s.DB, &kiosk, centre, []models.Tap{{ID: "0b5c6f1e-3d2a-4c8b-9e7f-1a2b3c4d5e6f", At: now.Add(-time.Hour)}}, now); err != nil {
			t.Fatal(err)
		}
		var code string
		s.DB.Raw("SELECT door_code FROM centres ORDER BY id LIMIT 1").Scan(&code)
		resident := s.Register("Wim Verhoeven", "wim@example.nl")
		if r := resident.Submit("/checkin/"+code, "/checkin/"+code, apptest.Form("mood", "8")); r.Status != 303 {
			t.Fatalf("check-in: %d", r.Status)
		}
		// The impact report's own tables that the demo leaves empty: the resident joins
		// the health check, the coordinator words the questions and maps the themes.
		resident.Submit("/mijn-gezondheid", "/mijn-gezondheid/toestemming", apptest.Form("health_consent", "on"))
		wording, dims := apptest.Form(), apptest.Form()
		for i := 1; i <= 6; i++ {
			wording.Set(fmt.Sprintf("question_%d", i), fmt.Sprintf("Vraag %d?", i))
		}
		for i := 1; i <= len(models.Themes); i++ {
			dims.Set(fmt.Sprintf("dim_%d", i), "participation")
		}
		if r := coordinator.Submit("/coordinator/gezondheid", "/coordinator/gezondheid/vragen", wording); r.Status != 303 {
			t.Fatalf("the centre's health questions: %d", r.Status)
		}
		if r := coordinator.Submit("/coordinator/dimensies", "/coordinator/dimensies", dims); r.Status != 303 {
			t.Fatalf("the themes' dimensions: %d", r.Status)
		}
		coordinator.Get("/coordinator/dimensies") // shows (and so ends) the flash message
		before := fingerprint(t, s, coordinator)
		counts := rowCounts(t, s.DB)
		for table, n := range counts {
			if n == 0 {
				t.Errorf("table %s is empty, so this test would not see its rows lost: give it a row above (a step of the app, or one INSERT)", table)
			}
		}

		file := filepath.Join(t.TempDir(), "onshuis.backup")
		sum, err := backup.WriteFile(context.Background(), s.DB, file, s.Clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		if sum.SchemaVersion != models.LatestSchemaVersion() || sum.Rows < 1000 || sum.Bytes == 0 {
			t.Errorf("summary: %+v", sum)
		}
		if info, err := os.Stat(file); err != nil || info.Mode().Perm() != 0o600 {
			t.Errorf("backup file: %v %v, want mode 0600", info, err)
		}

		for _, to := range apptest.Databases(t) {
			t.Run("into-"+to.Name, func(t *testing.T) {
				url := to.Fresh(t)
				f, err := os.Open(file)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				got, err := backup.Restore(context.Background(), openDB(t, url), f, false)
				if err != nil {
					t.Fatal(err)
				}
				if got.Rows != sum.Rows || got.Tables != sum.Tables || got.Database != from.Name {
					t.Errorf("restore summary %+v, backup %+v", got, sum)
				}
				restored := apptest.New(t, url)
				if after := rowCounts(t, restored.DB); !mapsEqual(counts, after) {
					t.Errorf("rows per table:\nbefore %v\nafter  %v", counts, after)
				}
				compare(t, before, fingerprint(t, restored, coordinator.Use(restored.App)))

				// The sequences are past the restored ids: new accounts, activities and
				// check-ins go in without a clash.
				other := restored.Register("Fatma Demir", "fatma@example.nl")
				if r := other.Submit("/checkin/"+code, "/checkin/"+code, apptest.Form("mood", "6")); r.Status != 303 {
					t.Errorf("check-in after restore: %d", r.Status)
				}
				restored.Propose(other, "Breiclub")
			})
		}
	})
}

func mapsEqual(a, b map[string]int64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}
