package models

import (
	"time"

	"gorm.io/gorm"
)

// CentreWithCount is an open centre with the number of its activities that meet in a
// week: a line of the list of all centres.
type CentreWithCount struct {
	Centre
	Activities int
}

// OpenCentresThisWeek lists the open centres (the default first, then by name), each
// with the number of published activities that have a session in the week of now in
// the centre's zone (cancelled sessions count: the activity is still on the
// programme). The statements do not grow with the number of centres: the programme of
// all centres at once (ProgrammeOfCentres), one more per time zone beyond the first.
func OpenCentresThisWeek(db *gorm.DB, now time.Time) ([]CentreWithCount, error) {
	centres, err := OpenCentres(db)
	if err != nil {
		return nil, err
	}
	out := make([]CentreWithCount, len(centres))
	index := make(map[int64]int, len(centres))
	for i, c := range centres {
		out[i].Centre = c
		index[c.ID] = i
	}
	// Centres in one zone share a week; a zone of its own gets its own programme.
	var zones []*time.Location
	perZone := map[string][]Centre{}
	for _, c := range centres {
		loc := c.Location()
		if _, ok := perZone[loc.String()]; !ok {
			zones = append(zones, loc)
		}
		perZone[loc.String()] = append(perZone[loc.String()], c)
	}
	for _, loc := range zones {
		days, err := ProgrammeOfCentres(db, perZone[loc.String()], WeekOf(now, loc))
		if err != nil {
			return nil, err
		}
		seen := map[int64]bool{}
		for _, d := range days {
			for _, item := range d.Items {
				if !seen[item.ActivityID] {
					seen[item.ActivityID] = true
					out[index[item.CentreID]].Activities++
				}
			}
		}
	}
	return out, nil
}
