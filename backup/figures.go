package backup

import (
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"

	"onshuis/figures"
	"onshuis/models"
)

// monthFigures is the impact report of the centres for the month that holds day, as
// text to compare: the report engine's whole result, from which the report's page,
// PDF and seven CSVs are written, so equal text means equal CSVs. (This is the one
// place that calls the report engine.)
func monthFigures(db *gorm.DB, centres []models.Centre, day time.Time, hourValueCents int64, now time.Time) (string, error) {
	f, err := figures.ReportFiguresOf(db, centres, figures.PeriodOfMonth(day), hourValueCents, now)
	if err != nil {
		return "", err
	}
	b, err := json.Marshal(f)
	return string(b), err
}

// finishedMonths are the first days of the months, in the zone of the first centre
// (as the report counts them), from the first month that holds anything of the centres
// (a visit, a session, the centre itself) to the last one that ended by now.
func finishedMonths(db *gorm.DB, centres []models.Centre, now time.Time) ([]time.Time, error) {
	ids := make([]int64, len(centres))
	loc := centres[0].Location()
	start := centres[0].CreatedAt.In(loc)
	for i, c := range centres {
		ids[i] = c.ID
		if c.CreatedAt.Before(start) {
			start = c.CreatedAt.In(loc)
		}
	}
	var first struct{ Visit, Session *string }
	err := db.Raw(`SELECT (SELECT MIN(local_date) FROM visits WHERE centre_id IN ?) AS visit,
		(SELECT MIN(s.date) FROM activity_sessions s JOIN activities a ON a.id = s.activity_id WHERE a.centre_id IN ?) AS session`,
		ids, ids).Scan(&first).Error
	if err != nil {
		return nil, fmt.Errorf("copy: unable to find the first month of %s: %w", centres[0].Name, err)
	}
	for _, d := range []*string{first.Visit, first.Session} {
		if d == nil {
			continue
		}
		if t, err := time.ParseInLocation(models.Date, *d, loc); err == nil && t.Before(start) {
			start = t
		}
	}
	var months []time.Time
	end := now.In(loc)
	thisMonth := time.Date(end.Year(), end.Month(), 1, 0, 0, 0, 0, loc)
	for m := time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, loc); m.Before(thisMonth); m = m.AddDate(0, 1, 0) {
		months = append(months, m)
	}
	return months, nil
}

// sameFigures checks that the report of every finished month, of each centre and of
// all centres together, is the same on src and dst. The report engine stores the
// figures of finished weeks as it goes: on dst that is undone (a savepoint), src is a
// snapshot that is thrown away.
func sameFigures(src, dst *gorm.DB, opt CopyOptions) (months int, err error) {
	centres, err := models.Centres(src)
	if err != nil {
		return 0, err
	}
	if err := dst.SavePoint("figures").Error; err != nil {
		return 0, fmt.Errorf("copy: %w", err)
	}
	scopes := make([][]models.Centre, 0, len(centres)+1)
	for _, c := range centres {
		scopes = append(scopes, []models.Centre{c})
	}
	if len(centres) > 1 {
		scopes = append(scopes, centres)
	}
	for _, scope := range scopes {
		list, err := finishedMonths(src, scope, opt.Now)
		if err != nil {
			return 0, err
		}
		if len(scope) == 1 {
			months += len(list)
		}
		for _, m := range list {
			want, err := monthFigures(src, scope, m, opt.HourValueCents, opt.Now)
			if err != nil {
				return 0, fmt.Errorf("copy: figures of the source: %w", err)
			}
			got, err := monthFigures(dst, scope, m, opt.HourValueCents, opt.Now)
			if err != nil {
				return 0, fmt.Errorf("copy: figures of the copy: %w", err)
			}
			if got != want {
				return 0, fmt.Errorf("copy: the report figures of %s for %s differ between the source and the copy", scope[0].Name, m.Format("2006-01"))
			}
		}
	}
	if err := dst.RollbackTo("figures").Error; err != nil {
		return 0, fmt.Errorf("copy: %w", err)
	}
	return months, nil
}
