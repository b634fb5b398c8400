package notify

import (
	"time"

	"gorm.io/gorm"

	"onshuis/models"
)

// Rounds queues the scheduled messages from the app's housekeeping. Each round is done
// once across processes (models.claimRound); the hours of the day decide when.
type Rounds struct {
	DB  *gorm.DB
	Now func() time.Time
}

// The local hours after which each round runs: reminders for tomorrow from 10:00, the
// digest from 08:00, the monthly hours on the first day from 09:00 (or later that month).
const (
	reminderHour = 10
	digestHour   = 8
	hoursHour    = 9
)

// Run does the rounds that are due now in every centre, and returns how many messages
// it queued.
func (r *Rounds) Run() (int, error) {
	centres, err := models.Centres(r.DB)
	if err != nil {
		return 0, err
	}
	now := r.Now()
	total := 0
	for i := range centres {
		c := &centres[i]
		local := now.In(c.Location())
		for _, round := range []struct {
			due bool
			fn  func(*gorm.DB, *models.Centre, time.Time) (int, error)
		}{
			{local.Hour() >= reminderHour, models.QueueReminders},
			{local.Hour() >= digestHour, models.QueueDigest},
			{local.Day() > 1 || local.Hour() >= hoursHour, models.QueueHoursSummaries},
		} {
			if !round.due {
				continue
			}
			n, err := round.fn(r.DB, c, now)
			if err != nil {
				return total, err
			}
			total += n
		}
	}
	return total, nil
}
