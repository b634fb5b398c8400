package models

import (
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"gorm.io/gorm"
)

// VersionedCentre is a centre with the state of its public programme: a number that
// triggers raise on every change of a row the programme, the API, the embeds and the
// feed show (see migration 16), and a random stamp set with it. Reading it costs one
// statement on the centres table, so a reader that still has the programme of that
// state can be told so (304 Not Modified) without reading sessions or sign-ups.
//
// Read it before the data it stands for: a change that commits in between then makes
// the version older than the data, which costs a reader one needless download, and
// never the reverse, which would keep a stale copy alive.
type VersionedCentre struct {
	Centre
	ProgrammeVersion int64
	ProgrammeStamp   string
}

// Version is the state as one string, for an ETag.
func (c *VersionedCentre) Version() string {
	return fmt.Sprintf("%d:%d:%s", c.ID, c.ProgrammeVersion, c.ProgrammeStamp)
}

// ProgrammeTables are the tables whose rows the public programme shows; a trigger on
// each raises the centre's programme version (a test checks that every one has them).
var ProgrammeTables = []string{"centres", "rooms", "activities", "activity_needs", "activity_sessions", "participations", "participation_skips"}

// VersionedCentreBySlug returns the centre with its programme version, or nil.
func VersionedCentreBySlug(db *gorm.DB, slug string) (*VersionedCentre, error) {
	return versionedCentre(db.Table("centres").Where("slug = ?", slug))
}

// VersionedCentreByID returns the centre with its programme version, or nil.
func VersionedCentreByID(db *gorm.DB, id int64) (*VersionedCentre, error) {
	return versionedCentre(db.Table("centres").Where("id = ?", id))
}

// VersionedCentreOfActivity returns the centre of the activity with its programme
// version, or nil when there is no such activity.
func VersionedCentreOfActivity(db *gorm.DB, activityID int64) (*VersionedCentre, error) {
	return versionedCentre(db.Table("centres").Where("id = (SELECT centre_id FROM activities WHERE id = ?)", activityID))
}

// DefaultVersionedCentre returns the centre shown on the home page with its programme
// version, or nil before setup.
func DefaultVersionedCentre(db *gorm.DB) (*VersionedCentre, error) {
	return versionedCentre(db.Table("centres").Where("id = " + defaultCentreID))
}

func versionedCentre(q *gorm.DB) (*VersionedCentre, error) {
	var c VersionedCentre
	err := q.Limit(1).Take(&c).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to load centre with its programme version: %w", err)
	}
	return &c, nil
}

// VersionedCentres lists every centre with its programme version, the default first
// (the order of Centres).
func VersionedCentres(db *gorm.DB) ([]VersionedCentre, error) {
	var cs []VersionedCentre
	if err := db.Table("centres").Order("is_default DESC, name").Find(&cs).Error; err != nil {
		return nil, fmt.Errorf("store: unable to list centres with their programme versions: %w", err)
	}
	return cs, nil
}

// ProgrammePageState is, in one statement, the state of everything an anonymous
// programme page shows: the programme version of the centre with slug (the default
// centre when slug is "") and of the centre whose name the site's header carries: the
// one the visitor chose as their own (home, 0 for none) and the default centre, which
// stands in when home is closed or unknown. It is "" when there is no such centre.
// Read it before the page's data.
func ProgrammePageState(db *gorm.DB, slug string, home int64) (string, error) {
	// Each centre is found by an index (the primary key, the slug's, centres_default):
	// the table holds a row per centre, and dead versions of them between two
	// autovacuum rounds, as every sign-up updates its centre's row (issue 15).
	var (
		rows *sql.Rows
		err  error
	)
	if slug == "" {
		rows, err = pageState.query(db, home)
	} else {
		rows, err = centrePageState.query(db, slug, home)
	}
	if err != nil {
		return "", fmt.Errorf("store: unable to load the programme page's state: %w", err)
	}
	defer rows.Close()
	// The state as VersionedCentre.Version writes it, one per centre, each ended by ";".
	var state []byte
	for rows.Next() {
		var (
			id, version int64
			stamp       string
		)
		if err := rows.Scan(&id, &version, &stamp); err != nil {
			return "", fmt.Errorf("store: unable to read the programme page's state: %w", err)
		}
		state = strconv.AppendInt(state, id, 10)
		state = append(state, ':')
		state = strconv.AppendInt(state, version, 10)
		state = append(state, ':')
		state = append(state, stamp...)
		state = append(state, ';')
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("store: unable to read the programme page's state: %w", err)
	}
	return string(state), nil
}

// The statements of ProgrammePageState: the default centre is the one DefaultCentre
// returns (defaultCentreID).
var (
	pageState = newStatement(`SELECT id, programme_version, programme_stamp FROM centres
		WHERE id = ` + defaultCentreID + ` OR id = ? ORDER BY id`)
	centrePageState = newStatement(`SELECT id, programme_version, programme_stamp FROM centres
		WHERE slug = ? OR id = ` + defaultCentreID + ` OR id = ? ORDER BY id`)
)
