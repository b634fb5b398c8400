package backup

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"onshuis/models"
)

// CopyOptions are what a copy's check of the report figures needs.
type CopyOptions struct {
	HourValueCents int64     // the value of a volunteer hour, as the app is configured
	Now            time.Time // months that ended by now are compared
}

// Copy moves everything in src into dst, which must hold no data: first it brings src
// up to this version's schema (as starting the app on it would), then it reads one
// snapshot of src and writes every table into dst in one transaction, ids and
// sequences included. Before committing it checks that every table of dst has as many
// rows as in src and that the report figures of every finished month of every centre
// are identical on both; otherwise dst is left as it was.
func Copy(ctx context.Context, src, dst *gorm.DB, opt CopyOptions) (Summary, error) {
	if err := models.Migrate(src); err != nil {
		return Summary{}, err
	}
	s, err := takeSnapshot(ctx, src, true)
	if err != nil {
		return Summary{}, err
	}
	defer s.close()
	sum := Summary{SchemaVersion: s.version, Database: s.name, CreatedAt: opt.Now}
	err = into(ctx, dst, s.version, false, func(t *target) error {
		var derr error
		sum.Tables, sum.Rows, derr = s.dump(ctx, t.table)
		return derr
	}, func(t *target) error {
		for _, tb := range s.tables {
			want, err := countRows(s.db, tb.Name)
			if err != nil {
				return err
			}
			got, err := countRows(t.tx, tb.Name)
			if err != nil {
				return err
			}
			if got != want {
				return fmt.Errorf("copy: table %s has %d rows in the source and %d in the copy", tb.Name, want, got)
			}
		}
		var ferr error
		sum.Months, ferr = sameFigures(s.db, t.tx, opt)
		return ferr
	})
	if err != nil {
		return Summary{}, err
	}
	return sum, nil
}
