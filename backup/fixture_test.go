package backup_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"onshuis/app/apptest"
	"onshuis/backup"
	"onshuis/demo"
	"onshuis/models"
)

// testdata/schema-12.backup is a backup of a database of the release before backups
// existed (main at e88fc7d, schema 12): its binary filled the demo centre and then, over
// HTTP, a resident registered (Zoë Ünal) and checked in, an anonymous visitor checked in,
// the coordinator made a kiosk link, called off a session with a public and a private
// note and opened the report, someone mistyped a password, and the resident proposed an
// activity. The file is kept as it is, never made again: whatever the schema becomes, a
// backup of that release must restore.
const schema12 = "testdata/schema-12.backup"

func TestRestoreBackupOfTheReleaseBefore(t *testing.T) {
	f, err := os.Open(schema12)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := backup.Verify(f)
	f.Close()
	if err != nil || sum.SchemaVersion != 12 || sum.Database != "sqlite" || sum.Rows < 2000 {
		t.Fatalf("the fixture: %+v %v", sum, err)
	}
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		url := db.Fresh(t)
		got, err := backup.RestoreFile(context.Background(), openDB(t, url), schema12, false)
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
