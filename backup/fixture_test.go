package backup_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"gorm.io/gorm"

	"onshuis/app/apptest"
	"onshuis/backup"
	"onshuis/demo"
	"onshuis/models"
)

// The backups in testdata were made from databases of releases before this one, each
// by that release's binary: it filled the demo centre and then, over HTTP, a resident
// registered (Zoë Ünal) and checked in, an anonymous visitor checked in, the coordinator
// made a kiosk link, called off a session with a public and a private note and opened
// the report, someone mistyped a password, and the resident proposed an activity.
// schema-14 adds what that release brought: Zoë checked in on her phone before she made
// her account on it (the phone's key is linked to her), a participant and a volunteer
// said "Deze keer niet" for their next session. The files are kept as they are, never
// made again: whatever the schema becomes, a backup of those releases must restore.
var oldBackups = []struct {
	file    string
	release string // main's commit
	schema  int
	check   func(t *testing.T, db *gorm.DB)
}{
	{"testdata/schema-12.backup", "e88fc7d", 12, nil},
	{"testdata/schema-14.backup", "05b8d1b", 14, func(t *testing.T, db *gorm.DB) {
		var skips, shiftSkips, linked int64
		db.Raw("SELECT COUNT(*) FROM participation_skips").Scan(&skips)
		db.Raw("SELECT COUNT(*) FROM shift_skips").Scan(&shiftSkips)
		db.Raw("SELECT COUNT(*) FROM visitor_keys k JOIN users u ON u.id = k.user_id WHERE u.email = ?", "zoe.unal@example.nl").Scan(&linked)
		if skips != 1 || shiftSkips != 1 || linked != 1 {
			t.Errorf("%d skips, %d shift skips, %d phones linked to Zoë; want one each", skips, shiftSkips, linked)
		}
	}},
}

func TestRestoreBackupsOfEarlierReleases(t *testing.T) {
	for _, old := range oldBackups {
		t.Run(fmt.Sprintf("schema-%d-main-%s", old.schema, old.release), func(t *testing.T) { restoreOld(t, old.file, old.schema, old.check) })
	}
}

func restoreOld(t *testing.T, file string, schema int, check func(*testing.T, *gorm.DB)) {
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := backup.Verify(f)
	f.Close()
	if err != nil || sum.SchemaVersion != schema || sum.Database != "sqlite" || sum.Rows < 2000 {
		t.Fatalf("the fixture: %+v %v", sum, err)
	}
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		url := db.Fresh(t)
		got, err := backup.RestoreFile(context.Background(), openDB(t, url), file, false)
		if err != nil {
			t.Fatal(err)
		}
		if got.Rows != sum.Rows {
			t.Errorf("restored %d rows of %d", got.Rows, sum.Rows)
		}
		s := apptest.New(t, url)
		s.Clock.Set(sum.CreatedAt)
		if v, err := models.SchemaVersion(s.DB); err != nil || v != models.LatestSchemaVersion() {
			t.Errorf("schema after the restore: %d %v, want %d", v, err, models.LatestSchemaVersion())
		}

		// What the old release wrote is there, as it wrote it.
		var private string
		s.DB.Raw("SELECT cancel_private_note FROM activity_sessions WHERE cancelled = ?", true).Scan(&private)
		if private != "Henk is ziek." {
			t.Errorf("the private note of the session called off: %q", private)
		}
		var visits, moods int64
		s.DB.Raw("SELECT COUNT(*) FROM visits").Scan(&visits)
		s.DB.Raw("SELECT COUNT(*) FROM moods").Scan(&moods)
		if visits < 300 || moods == 0 {
			t.Errorf("%d visits, %d wellbeing answers", visits, moods)
		}
		if check != nil {
			check(t, s.DB)
		}

		// The app serves it: the accounts log in with their passwords, the coordinator
		// reads the report and the dashboard, and new rows get new ids.
		coordinator := s.Client()
		if r := coordinator.Submit("/inloggen", "/inloggen", apptest.Form("login", "coordinator@demo.onshuis.nl", "password", demo.Password)); r.Status != 303 {
			t.Fatalf("the demo coordinator cannot log in: %d", r.Status)
		}
		for _, p := range []string{"/coordinator", "/rapport?periode=2026-11", "/rapport/samenvatting.csv?periode=2026-11", "/coordinator/bezoekers", "/hulp-gezocht"} {
			if r := coordinator.Get(p); r.Status != 200 {
				t.Errorf("GET %s: %d", p, r.Status)
			}
		}
		resident := s.Client()
		if r := resident.Submit("/inloggen", "/inloggen", apptest.Form("login", "zoe.unal@example.nl", "password", apptest.Password)); r.Status != 303 {
			t.Fatalf("the resident cannot log in: %d", r.Status)
		}
		if r := resident.Get("/mijn-voorstellen"); !strings.Contains(r.Body, "Łukasz&#39; fietsenwerkplaats") {
			t.Errorf("her proposal is not on her page:\n%s", r.Body)
		}
		var code string
		s.DB.Raw("SELECT door_code FROM centres ORDER BY id LIMIT 1").Scan(&code)
		if r := s.Register("Ayşe Yılmaz", "ayse@example.nl").Submit("/checkin/"+code, "/checkin/"+code, apptest.Form("mood", "7")); r.Status != 303 {
			t.Errorf("a check-in after the restore: %d", r.Status)
		}
		var after int64
		s.DB.Raw("SELECT COUNT(*) FROM visits").Scan(&after)
		if after != visits+1 {
			t.Errorf("visits after one more check-in: %d, want %d", after, visits+1)
		}
	})
}
