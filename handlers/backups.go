package handlers

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"onshuis/models"
)

// backupView is what the coordinator's home says about the backups: the state (see
// models.BackupStatus.State) and the times of the latest attempt and the latest good
// one, in the centre's zone.
type backupView struct {
	State   string
	Nightly bool
	Last    time.Time
	LastOK  time.Time
	HasOK   bool
}

func (h *Handlers) backupView(centre *models.Centre) (backupView, error) {
	st, err := models.LatestBackups(h.DB)
	if err != nil {
		return backupView{}, err
	}
	v := backupView{State: st.State(h.Now(), h.NightlyBackups), Nightly: h.NightlyBackups}
	if st.Last != nil {
		v.Last = st.Last.FinishedAt.In(centre.Location())
	}
	if st.LastOK != nil {
		v.LastOK, v.HasOK = st.LastOK.FinishedAt.In(centre.Location()), true
	}
	return v, nil
}

// healthDetails is what /healthz?details=1 adds for monitoring, beside "status": the
// backups' state and the times of the latest attempt and the latest good one (UTC).
// No file names or errors: /healthz is public.
func (h *Handlers) healthDetails() (fiber.Map, error) {
	st, err := models.LatestBackups(h.DB)
	if err != nil {
		return nil, err
	}
	b := fiber.Map{"state": st.State(h.Now(), h.NightlyBackups), "nightly": h.NightlyBackups}
	if st.Last != nil {
		b["last_attempt"] = st.Last.FinishedAt.UTC().Format(time.RFC3339)
	}
	if st.LastOK != nil {
		b["last_success"] = st.LastOK.FinishedAt.UTC().Format(time.RFC3339)
	}
	return fiber.Map{"status": "ok", "backup": b}, nil
}
