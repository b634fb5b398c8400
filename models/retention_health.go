package models

import (
	"crypto/rand"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// The retention rule of the health check (issue 19). The answers never carry an account
// or a visitor key: only the respondent code, which the resident's consent row (and
// nothing else) ties to their account. After HealthLinkMonths without a new check, the
// consent gets a new random code: the account then no longer leads to the old answers,
// and stopping or deleting the account no longer finds them. The answers keep their
// code, so every figure (each respondent's newest check counts once per period, the
// averages, the change against the period before) stays exactly what it was. A resident
// who fills in the check again later starts under the new code, as a new respondent.
// Paper checks have a code of their own that no account holds, so nothing links them.

// healthLinkDate is the local date before which a respondent's newest check must lie
// for their consent to lose the link.
func (r Retention) healthLinkDate(now time.Time, loc *time.Location) string {
	return now.In(loc).AddDate(0, -r.HealthLinkMonths, 0).Format(Date)
}

// retainHealthLinks gives up to batch consents whose newest check lies before date a
// new respondent code. A consent without any check keeps its code (there is nothing to
// unlink), so a resident who consented and has not filled in yet is not touched.
func retainHealthLinks(tx *gorm.DB, date string, batch int) (int, error) {
	var ids []int64
	err := tx.Raw(`SELECT c.id FROM health_consents c WHERE EXISTS (SELECT 1 FROM health_checks h WHERE h.respondent = c.respondent)
		AND NOT EXISTS (SELECT 1 FROM health_checks h WHERE h.respondent = c.respondent AND h.local_date >= ?)
		ORDER BY c.id LIMIT ?`, date, batch).Scan(&ids).Error
	if err != nil {
		return 0, fmt.Errorf("find old health links: %w", err)
	}
	for _, id := range ids {
		if err := tx.Exec("UPDATE health_consents SET respondent = ? WHERE id = ?", rand.Text(), id).Error; err != nil {
			return 0, fmt.Errorf("unlink health answers: %w", err)
		}
	}
	return len(ids), nil
}
