package app_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"onshuis/app"
	"onshuis/app/apptest"
	"onshuis/backup"
	"onshuis/models"
)

// healthDetails reads /healthz?details=1.
func healthDetails(t *testing.T, c *apptest.Client) map[string]any {
	t.Helper()
	r := c.Get("/healthz?details=1")
	var out struct {
		Status string         `json:"status"`
		Backup map[string]any `json:"backup"`
	}
	if err := json.Unmarshal([]byte(r.Body), &out); err != nil || r.Status != 200 || out.Status != "ok" {
		t.Fatalf("healthz details: %d %s %v", r.Status, r.Body, err)
	}
	return out.Backup
}

// /healthz stays exactly {"status":"ok"} for the monitors that match it; with
// ?details=1 it tells the state of the backups too, and the coordinator's home says it
// in words: off, none yet, made, failed (with the last good one), too old.
func TestBackupStatusOnHealthzAndHome(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		anyone := s.Client()
		if r := anyone.Get("/healthz"); r.Status != 200 || strings.TrimSpace(r.Body) != `{"status":"ok"}` {
			t.Errorf("healthz: %d %s", r.Status, r.Body)
		}
		if b := healthDetails(t, anyone); b["state"] != models.BackupsOff || b["nightly"] != false {
			t.Errorf("without BACKUP_DIR: %v", b)
		}
		apptest.Contains(t, coordinator.Get("/coordinator").Body, "De app maakt zelf geen reservekopie.")

		// A backup made with the command counts, and a failed one shows.
		at := s.Clock.Now().Add(-time.Hour)
		models.RecordBackupRun(s.DB, &models.BackupRun{Kind: models.BackupManual, LocalDate: "2026-11-26", StartedAt: at, FinishedAt: at, OK: true, File: "/backups/a.backup"})
		if b := healthDetails(t, anyone); b["state"] != models.BackupsOK || b["last_success"] != "2026-11-26T08:00:00Z" {
			t.Errorf("after a backup: %v", b)
		}
		at = at.Add(30 * time.Minute)
		models.RecordBackupRun(s.DB, &models.BackupRun{Kind: models.BackupManual, LocalDate: "2026-11-26", StartedAt: at, FinishedAt: at, Error: "disk full"})
		b := healthDetails(t, anyone)
		if b["state"] != models.BackupsFailed || b["last_attempt"] != "2026-11-26T08:30:00Z" || b["last_success"] != "2026-11-26T08:00:00Z" {
			t.Errorf("after a failure: %v", b)
		}
		page := coordinator.Get("/coordinator").Body
		apptest.Contains(t, page, "De laatste reservekopie is mislukt (donderdag 26 november 2026, 09:30).",
			"De laatste die wel lukte, is van donderdag 26 november 2026, 09:00.")
		apptest.NotContains(t, page, "disk full", "/backups/")

		// With BACKUP_DIR the app makes the night's backup itself (here at 23:59, so
		// that its own ticks, every minute, find nothing due before or after).
		dir := t.TempDir()
		nightly := apptest.New(t, s.URL, func(c *app.Config) { c.BackupDir, c.BackupAt = dir, 23*time.Hour+59*time.Minute })
		nightly.Clock.Set(time.Date(2026, 11, 26, 22, 59, 0, 0, time.UTC))
		for {
			out, err := nightly.Nightly.Tick(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if out == backup.Done || out == backup.HadOne {
				break
			}
			time.Sleep(10 * time.Millisecond) // its own first tick is still writing
		}
		c := coordinator.Use(nightly.App)
		apptest.Contains(t, c.Get("/coordinator").Body, "De laatste reservekopie is gemaakt op donderdag 26 november 2026, 23:59.",
			"Elke nacht komt er een nieuwe bij.")
		if b := healthDetails(t, c); b["state"] != models.BackupsOK || b["nightly"] != true {
			t.Errorf("nightly: %v", b)
		}
		nightly.Clock.Set(time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)) // no backup on the 27th
		if b := healthDetails(t, c); b["state"] != models.BackupsStale {
			t.Errorf("a day and a half later: %v", b)
		}
		apptest.Contains(t, c.Get("/coordinator").Body, "meer dan een dag geleden")
		if r := c.Get("/healthz"); strings.TrimSpace(r.Body) != `{"status":"ok"}` {
			t.Errorf("healthz without details: %s", r.Body)
		}
	})
}
