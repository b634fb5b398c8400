package models

import (
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// claimRound records that a scheduled round ran, inside its transaction: the process
// whose row goes in does the round, every other one finds it done. The round's
// messages and its row commit together, so a crash redoes the round, never half of it.
func claimRound(tx *gorm.DB, job, period string) (bool, error) {
	res := tx.Table("notify_runs").Clauses(clause.OnConflict{DoNothing: true}).
		Create(map[string]any{"job": job, "period": period, "done_at": tx.NowFunc()})
	if res.Error != nil {
		return false, fmt.Errorf("claim round %s %s: %w", job, period, res.Error)
	}
	return res.RowsAffected == 1, nil
}

// QueueReminders queues, once per centre and day, a reminder for the sessions of the
// next day: to each volunteer with a shift (unless switched off) and to each
// participant who asked for reminders. It returns how many it queued.
func QueueReminders(db *gorm.DB, c *Centre, now time.Time) (int, error) {
	loc := c.Location()
	today := startOfDay(now.In(loc))
	tomorrow := today.AddDate(0, 0, 1)
	queued := 0
	var activities []Activity
	if err := db.Where("centre_id = ? AND status = ?", c.ID, StatusApproved).Find(&activities).Error; err != nil {
		return 0, fmt.Errorf("store: unable to list activities for reminders: %w", err)
	}
	sessions, err := SessionsOf(db, activities, tomorrow, tomorrow.AddDate(0, 0, 1), loc)
	if err != nil {
		return 0, err
	}
	byID := map[int64]*Activity{}
	for i := range activities {
		byID[activities[i].ID] = &activities[i]
	}
	err = db.Transaction(func(tx *gorm.DB) error {
		ok, err := claimRound(tx, "reminder", strconv.FormatInt(c.ID, 10)+":"+tomorrow.Format(Date))
		if err != nil || !ok {
			return err
		}
		for _, s := range sessions {
			a := byID[s.ActivityID]
			if s.Cancelled || a == nil {
				continue
			}
			var shifts []struct {
				UserID int64
				Role   string
			}
			err := tx.Raw(`SELECT s.user_id, r.name AS role FROM shifts s JOIN volunteer_roles r ON r.id = s.role_id
				WHERE r.activity_id = ? AND (s.session_id = ? OR (s.session_id IS NULL AND s.created_at < ?
				  AND NOT EXISTS (SELECT 1 FROM shift_skips k WHERE k.shift_id = s.id AND k.session_id = ?)))
				ORDER BY s.user_id`, a.ID, s.ID, s.StartsAt, s.ID).Scan(&shifts).Error
			if err != nil {
				return err
			}
			volunteers := map[int64]bool{}
			for _, sh := range shifts {
				if volunteers[sh.UserID] {
					continue
				}
				volunteers[sh.UserID] = true
				d := NotifyData{StartsAt: s.StartsAt, EndsAt: s.EndsAt, Volunteer: true, Role: sh.Role}
				if err := notifyActivity(tx, KindReminder, a, &s.ID, []int64{sh.UserID}, d); err != nil {
					return err
				}
				queued++
			}
			var asked []int64
			err = tx.Raw(`SELECT p.user_id FROM participations p
				JOIN notification_prefs np ON np.user_id = p.user_id AND np.kind = ? AND np.enabled = ?
				WHERE p.activity_id = ? AND p.status = ? AND p.created_at < ?
				  AND NOT EXISTS (SELECT 1 FROM participation_skips k WHERE k.participation_id = p.id AND k.session_id = ?)`,
				KindReminder, true, a.ID, Joined, s.StartsAt, s.ID).Scan(&asked).Error
			if err != nil {
				return err
			}
			var participants []int64
			for _, id := range asked {
				if !volunteers[id] {
					participants = append(participants, id)
				}
			}
			if err := notifyActivity(tx, KindReminder, a, &s.ID, participants, NotifyData{StartsAt: s.StartsAt, EndsAt: s.EndsAt}); err != nil {
				return err
			}
			queued += len(participants)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: unable to queue reminders: %w", err)
	}
	return queued, nil
}

// QueueHoursSummaries queues, once per centre and month, each volunteer's confirmed
// hours of the month before now's month (one mail a month, not one per session).
func QueueHoursSummaries(db *gorm.DB, c *Centre, now time.Time) (int, error) {
	loc := c.Location()
	local := now.In(loc)
	thisMonth := time.Date(local.Year(), local.Month(), 1, 0, 0, 0, 0, loc)
	lastMonth := thisMonth.AddDate(0, -1, 0)
	queued := 0
	err := db.Transaction(func(tx *gorm.DB) error {
		ok, err := claimRound(tx, "hours", strconv.FormatInt(c.ID, 10)+":"+lastMonth.Format("2006-01"))
		if err != nil || !ok {
			return err
		}
		var rows []struct {
			UserID   int64
			Minutes  int
			Sessions int
		}
		err = tx.Raw(`SELECT h.user_id, SUM(h.minutes) AS minutes, COUNT(*) AS sessions
			FROM volunteer_hours h JOIN activity_sessions s ON s.id = h.session_id JOIN activities a ON a.id = s.activity_id
			WHERE a.centre_id = ? AND h.present = ? AND s.starts_at >= ? AND s.starts_at < ?
			GROUP BY h.user_id ORDER BY h.user_id`, c.ID, true, lastMonth.UTC(), thisMonth.UTC()).Scan(&rows).Error
		if err != nil {
			return err
		}
		centre := c.ID
		for _, r := range rows {
			if r.Minutes == 0 {
				continue
			}
			d := NotifyData{Month: lastMonth.Format("2006-01"), Minutes: r.Minutes, Sessions: r.Sessions}
			if err := enqueue(tx, KindHours, []int64{r.UserID}, &centre, nil, nil, d); err != nil {
				return err
			}
			queued++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: unable to queue the hours summaries: %w", err)
	}
	return queued, nil
}

// QueueDigest queues, once per centre and day, the digest of the centre's proposals
// waiting for review and open needs, to the centre's coordinators who asked for it,
// when there is anything to tell.
func QueueDigest(db *gorm.DB, c *Centre, now time.Time) (int, error) {
	day := now.In(c.Location()).Format(Date)
	queued := 0
	err := db.Transaction(func(tx *gorm.DB) error {
		ok, err := claimRound(tx, "digest", strconv.FormatInt(c.ID, 10)+":"+day)
		if err != nil || !ok {
			return err
		}
		var d NotifyData
		if err := tx.Model(&Activity{}).Where("centre_id = ? AND status = ?", c.ID, StatusProposed).Order("id").Limit(20).Pluck("title", &d.Proposals).Error; err != nil {
			return err
		}
		err = tx.Raw(`SELECT a.title || ': ' || n.description FROM activity_needs n JOIN activities a ON a.id = n.activity_id
			WHERE a.centre_id = ? AND a.status = ? AND n.status = ? ORDER BY n.id LIMIT 20`, c.ID, StatusApproved, NeedOpen).Scan(&d.Needs).Error
		if err != nil {
			return err
		}
		if len(d.Proposals)+len(d.Needs) == 0 {
			return nil
		}
		var coordinators []int64
		// The coordinators of this centre only: another centre's proposals are not theirs
		// to review (nor could they open them).
		err = tx.Raw(`SELECT u.id FROM users u JOIN notification_prefs np ON np.user_id = u.id AND np.kind = ? AND np.enabled = ?
			JOIN centre_coordinators cc ON cc.user_id = u.id AND cc.centre_id = ?
			WHERE u.role = ? AND u.anonymised_at IS NULL ORDER BY u.id`, KindDigest, true, c.ID, RoleCoordinator).Scan(&coordinators).Error
		if err != nil {
			return err
		}
		centre := c.ID
		queued = len(coordinators)
		return enqueue(tx, KindDigest, coordinators, &centre, nil, nil, d)
	})
	if err != nil {
		return 0, fmt.Errorf("store: unable to queue the digest: %w", err)
	}
	return queued, nil
}
