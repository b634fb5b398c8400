package figures

import (
	"fmt"
	"math/big"
	"time"

	"gorm.io/gorm"

	"onshuis/models"
)

// ImpactSummaryOf computes the part of the impact frame that the report's summary sets
// the period against, for the period before: participants, costs per visit and per
// participant, involved residents, partner links and days to a decision, each as
// ImpactOf computes it (a test holds them equal), in a fixed handful of statements and
// without the reach per theme and visitor, which is most of ImpactOf's time. The
// health check of the period before comes with ImpactOf of the period itself
// (HealthBefore).
func ImpactSummaryOf(db *gorm.DB, centres []models.Centre, p Period, hourValueCents int64, now time.Time) (*ImpactFigures, error) {
	if len(centres) == 0 {
		return nil, fmt.Errorf("impact summary: no centre")
	}
	ids := make([]int64, len(centres))
	for i, c := range centres {
		ids[i] = c.ID
	}
	if err := ensurePeriodSessions(db, centres, p); err != nil {
		return nil, fmt.Errorf("impact summary %s: %w", p.Key, err)
	}
	f := &ImpactFigures{Period: p, DecisionDays: -1}
	loc := centres[0].Location()
	now = now.UTC()
	steps := []func() error{
		func() error { return impactTotals(db, ids, p, now, f) },
		func() error { return impactInvolvedCount(db, ids, p, loc, now, f) },
		func() error { return impactPartners(db, ids, p, loc, now, f) },
		func() error { return impactDecisions(db, ids, p, loc, f) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, fmt.Errorf("impact summary %s: %w", p.Key, err)
		}
	}
	return f, nil
}

// impactTotals fills the participants and the costs over every centre and theme in one
// statement, by the definitions of ImpactOf's build.
func impactTotals(db *gorm.DB, ids []int64, p Period, now time.Time, f *ImpactFigures) error {
	var t struct {
		Users, Ended, Visits int
		Cost                 int64
	}
	err := db.Raw(`SELECT
		(SELECT COUNT(DISTINCT pa.user_id) FROM participations pa JOIN activities a ON a.id = pa.activity_id
			WHERE a.centre_id IN ? AND pa.status = ? AND a.status <> ? AND `+heldSession+`) AS users,
		(SELECT COALESCE(SUM(a.removed_joined + (SELECT COUNT(*) FROM participations pa WHERE pa.activity_id = a.id AND pa.status = ?)), 0)
			FROM activities a WHERE a.centre_id IN ? AND a.status = ? AND `+heldSession+`) AS ended,
		(SELECT COUNT(*) FROM visits WHERE centre_id IN ? AND local_date BETWEEN ? AND ?) AS visits,
		(SELECT COALESCE(SUM(e.spent_cents), 0) FROM budget_entries e WHERE e.centre_id IN ? AND e.spent_on BETWEEN ? AND ?) AS cost`,
		ids, models.Joined, models.StatusEnded, p.From, p.To, false, now,
		models.Joined, ids, models.StatusEnded, p.From, p.To, false, now,
		ids, p.From, p.To,
		ids, p.From, p.To).Scan(&t).Error
	if err != nil {
		return fmt.Errorf("participants and costs: %w", err)
	}
	f.Participants = t.Users + t.Ended
	f.Costs = Costs{SpentCents: t.Cost, PerVisitCents: -1, PerParticipantCents: -1}
	if t.Visits > 0 {
		f.Costs.PerVisitCents = roundHalfUp(big.NewRat(t.Cost, int64(t.Visits)))
	}
	if f.Participants > 0 {
		f.Costs.PerParticipantCents = roundHalfUp(big.NewRat(t.Cost, int64(f.Participants)))
	}
	return nil
}
