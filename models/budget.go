package models

import (
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// The wijkbudget: one pot per centre and year (Wmo and welfare money together), split
// into lines. What the centre pays for is an entry against a line: committed when it
// is agreed (an arranged need with an amount, or a cost such as the room's rent), and
// spent once paid, with the date. An entry counts against its line at what was spent
// once that is known, and at what was committed until then.

// Kinds of budget line.
var BudgetLineKinds = []string{"rooms", "materials", "activities", "other"}

// ErrNeedOnBudget says the need is already committed against a line.
var ErrNeedOnBudget = errors.New("budget: the need is already on the budget")

// Budget is a centre's budget for one year.
type Budget struct {
	ID        int64
	CentreID  int64
	Year      int
	CreatedAt time.Time
}

// BudgetLine is one line of a budget.
type BudgetLine struct {
	ID          int64
	BudgetID    int64
	Kind        string
	Label       string
	AmountCents int64
	CreatedAt   time.Time
}

// BudgetEntry is a cost committed against a line, and spent once paid.
type BudgetEntry struct {
	ID             int64
	CentreID       int64
	LineID         int64
	NeedID         *int64
	ActivityID     *int64
	Description    string
	CommittedCents int64
	CommittedOn    string // local date
	SpentCents     *int64
	SpentOn        *string // local date
	CreatedAt      time.Time
}

// Charge is what the entry takes from its line: what was spent once known, else what
// was committed.
func (e BudgetEntry) Charge() int64 {
	if e.SpentCents != nil {
		return *e.SpentCents
	}
	return e.CommittedCents
}

// LineTotals are a line with what is committed (not yet spent), spent and remaining.
type LineTotals struct {
	BudgetLine
	Committed, Spent, Remaining int64
}

// BudgetView is a year's budget as the coordinator sees it.
type BudgetView struct {
	Budget  Budget
	Lines   []LineTotals
	Entries []BudgetEntryRow
	Total   LineTotals // the sums over every line
	// Needs are arranged needs with an amount that are not on the budget yet.
	Needs []OpenBudgetNeed
}

// BudgetEntryRow is an entry with its line's label and the activity's title.
type BudgetEntryRow struct {
	BudgetEntry
	LineLabel     string
	ActivityTitle string
}

// OpenBudgetNeed is an arranged need with an amount, waiting to be put on a line.
type OpenBudgetNeed struct {
	NeedID        int64
	ActivityID    int64
	ActivityTitle string
	Description   string
	AmountCents   int64
}

// EnsureBudget returns the centre's budget for the year, making it when there is none.
func EnsureBudget(db *gorm.DB, centreID int64, year int) (*Budget, error) {
	var b Budget
	if err := db.Where("centre_id = ? AND year = ?", centreID, year).Limit(1).Find(&b).Error; err != nil {
		return nil, fmt.Errorf("store: unable to read budget %d: %w", year, err)
	}
	if b.ID != 0 {
		return &b, nil
	}
	b = Budget{CentreID: centreID, Year: year}
	if err := db.Create(&b).Error; err != nil {
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			return EnsureBudget(db, centreID, year)
		}
		return nil, fmt.Errorf("store: unable to create budget %d: %w", year, err)
	}
	return &b, nil
}

// BudgetOf loads the year's budget with its lines, entries and the needs waiting for a
// line, in a fixed number of statements.
func BudgetOf(db *gorm.DB, centreID int64, year int) (*BudgetView, error) {
	b, err := EnsureBudget(db, centreID, year)
	if err != nil {
		return nil, err
	}
	v := &BudgetView{Budget: *b}
	var lines []BudgetLine
	if err := db.Where("budget_id = ?", b.ID).Order("id").Find(&lines).Error; err != nil {
		return nil, fmt.Errorf("store: unable to list budget lines: %w", err)
	}
	err = db.Raw(`SELECT e.*, l.label AS line_label, COALESCE(a.title, '') AS activity_title FROM budget_entries e
		JOIN budget_lines l ON l.id = e.line_id LEFT JOIN activities a ON a.id = e.activity_id
		WHERE l.budget_id = ? ORDER BY e.committed_on, e.id`, b.ID).Scan(&v.Entries).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list budget entries: %w", err)
	}
	totals := map[int64]*LineTotals{}
	for _, l := range lines {
		v.Lines = append(v.Lines, LineTotals{BudgetLine: l})
	}
	for i := range v.Lines {
		totals[v.Lines[i].ID] = &v.Lines[i]
	}
	for _, e := range v.Entries {
		t := totals[e.LineID]
		if e.SpentCents != nil {
			t.Spent += *e.SpentCents
		} else {
			t.Committed += e.CommittedCents
		}
	}
	for i := range v.Lines {
		l := &v.Lines[i]
		l.Remaining = l.AmountCents - l.Committed - l.Spent
		v.Total.AmountCents += l.AmountCents
		v.Total.Committed += l.Committed
		v.Total.Spent += l.Spent
		v.Total.Remaining += l.Remaining
	}
	err = db.Raw(`SELECT n.id AS need_id, a.id AS activity_id, a.title AS activity_title, n.description, n.amount_cents
		FROM activity_needs n JOIN activities a ON a.id = n.activity_id
		WHERE a.centre_id = ? AND n.status = ? AND n.amount_cents > 0
			AND NOT EXISTS (SELECT 1 FROM budget_entries e WHERE e.need_id = n.id)
		ORDER BY a.title, n.position`, centreID, NeedArranged).Scan(&v.Needs).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list needs for the budget: %w", err)
	}
	return v, nil
}

// SaveBudgetLine adds a line to a budget, or changes one when line.ID is set (only a
// line of the same budget).
func SaveBudgetLine(db *gorm.DB, line *BudgetLine) error {
	if line.ID != 0 {
		res := db.Model(&BudgetLine{}).Where("id = ? AND budget_id = ?", line.ID, line.BudgetID).
			Updates(map[string]any{"kind": line.Kind, "label": line.Label, "amount_cents": line.AmountCents})
		if res.Error != nil {
			return fmt.Errorf("store: unable to change budget line %d: %w", line.ID, res.Error)
		}
		if res.RowsAffected == 0 {
			return gorm.ErrRecordNotFound
		}
		return nil
	}
	if err := db.Create(line).Error; err != nil {
		return fmt.Errorf("store: unable to add budget line: %w", err)
	}
	return nil
}

// BudgetLineOf returns a line of the centre's budgets, or nil.
func BudgetLineOf(db *gorm.DB, centreID, lineID int64) (*BudgetLine, error) {
	var l BudgetLine
	err := db.Raw(`SELECT l.* FROM budget_lines l JOIN budgets b ON b.id = l.budget_id WHERE l.id = ? AND b.centre_id = ?`,
		lineID, centreID).Scan(&l).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to read budget line %d: %w", lineID, err)
	}
	if l.ID == 0 {
		return nil, nil
	}
	return &l, nil
}

// CommitNeed puts an arranged need of the centre on a line at amount; its activity
// comes along, so its cost counts for the activity's themes.
func CommitNeed(db *gorm.DB, centreID, lineID, needID, amount int64, on string) error {
	return db.Transaction(func(tx *gorm.DB) error {
		var n struct {
			ID, ActivityID int64
			Description    string
		}
		err := tx.Raw(`SELECT n.id, n.activity_id, n.description FROM activity_needs n JOIN activities a ON a.id = n.activity_id
			WHERE n.id = ? AND a.centre_id = ? AND n.status = ?`, needID, centreID, NeedArranged).Scan(&n).Error
		if err != nil {
			return fmt.Errorf("store: unable to read need %d: %w", needID, err)
		}
		if n.ID == 0 {
			return gorm.ErrRecordNotFound
		}
		e := BudgetEntry{CentreID: centreID, LineID: lineID, NeedID: &n.ID, ActivityID: &n.ActivityID,
			Description: n.Description, CommittedCents: amount, CommittedOn: on}
		if err := tx.Create(&e).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return ErrNeedOnBudget
			}
			return fmt.Errorf("store: unable to commit need %d: %w", needID, err)
		}
		return nil
	})
}

// AddBudgetEntry commits a cost that is not a need (the room's rent, insurance).
func AddBudgetEntry(db *gorm.DB, e *BudgetEntry) error {
	if err := db.Create(e).Error; err != nil {
		return fmt.Errorf("store: unable to add budget entry: %w", err)
	}
	return nil
}

// RecordSpent records what an entry of the centre cost and when it was paid.
func RecordSpent(db *gorm.DB, centreID, entryID, amount int64, on string) error {
	res := db.Model(&BudgetEntry{}).Where("id = ? AND centre_id = ?", entryID, centreID).
		Updates(map[string]any{"spent_cents": amount, "spent_on": on})
	if res.Error != nil {
		return fmt.Errorf("store: unable to record spending of entry %d: %w", entryID, res.Error)
	}
	if res.RowsAffected == 0 {
		return gorm.ErrRecordNotFound
	}
	return nil
}

// ErrLineHasEntries says a budget line still has entries, so it cannot be deleted.
var ErrLineHasEntries = errors.New("budget: the line still has entries")

// BudgetLineInYear is a line of a centre's budget with the budget's year and the number
// of entries against it, for the page that changes or deletes it.
type BudgetLineInYear struct {
	BudgetLine
	Year    int
	Entries int
}

// BudgetLineInYearOf returns a line of the centre's budgets with its year and its
// number of entries, or nil, in one statement.
func BudgetLineInYearOf(db *gorm.DB, centreID, lineID int64) (*BudgetLineInYear, error) {
	var l BudgetLineInYear
	err := db.Raw(`SELECT l.*, b.year, (SELECT COUNT(*) FROM budget_entries e WHERE e.line_id = l.id) AS entries
		FROM budget_lines l JOIN budgets b ON b.id = l.budget_id WHERE l.id = ? AND b.centre_id = ?`, lineID, centreID).Scan(&l).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to read budget line %d: %w", lineID, err)
	}
	if l.ID == 0 {
		return nil, nil
	}
	return &l, nil
}

// DeleteBudgetLine deletes a line of the centre's budgets that has no entries; a line
// with entries gives ErrLineHasEntries (move or delete them first, so no cost silently
// leaves the report).
func DeleteBudgetLine(db *gorm.DB, centreID, lineID int64) error {
	return db.Transaction(func(tx *gorm.DB) error {
		l, err := BudgetLineInYearOf(tx, centreID, lineID)
		if err != nil {
			return err
		}
		if l == nil {
			return gorm.ErrRecordNotFound
		}
		if l.Entries > 0 {
			return ErrLineHasEntries
		}
		if err := tx.Delete(&BudgetLine{}, lineID).Error; err != nil {
			return fmt.Errorf("store: unable to delete budget line %d: %w", lineID, err)
		}
		return nil
	})
}

// BudgetEntryInYear is an entry of a centre's budget with its line's label, the
// budget's id and year, and the need's activity, for the page that changes it.
type BudgetEntryInYear struct {
	BudgetEntry
	BudgetID      int64
	Year          int
	LineLabel     string
	ActivityTitle string
}

// BudgetEntryOf returns an entry of the centre's budgets, or nil, in one statement.
func BudgetEntryOf(db *gorm.DB, centreID, entryID int64) (*BudgetEntryInYear, error) {
	var e BudgetEntryInYear
	err := db.Raw(`SELECT e.*, b.id AS budget_id, b.year, l.label AS line_label, COALESCE(a.title, '') AS activity_title
		FROM budget_entries e JOIN budget_lines l ON l.id = e.line_id JOIN budgets b ON b.id = l.budget_id
		LEFT JOIN activities a ON a.id = e.activity_id WHERE e.id = ? AND e.centre_id = ?`, entryID, centreID).Scan(&e).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to read budget entry %d: %w", entryID, err)
	}
	if e.ID == 0 {
		return nil, nil
	}
	return &e, nil
}

// LinesOfBudget lists a budget's lines, for choosing the line of an entry.
func LinesOfBudget(db *gorm.DB, budgetID int64) ([]BudgetLine, error) {
	var lines []BudgetLine
	if err := db.Where("budget_id = ?", budgetID).Order("id").Find(&lines).Error; err != nil {
		return nil, fmt.Errorf("store: unable to list budget lines: %w", err)
	}
	return lines, nil
}

// UpdateBudgetEntry changes an entry of the centre: its line (of the same budget, which
// the caller checked), description, what was committed and when, and what was spent and
// when (both nil: not paid yet).
func UpdateBudgetEntry(db *gorm.DB, e *BudgetEntry) error {
	res := db.Model(&BudgetEntry{}).Where("id = ? AND centre_id = ?", e.ID, e.CentreID).
		Updates(map[string]any{"line_id": e.LineID, "description": e.Description, "committed_cents": e.CommittedCents,
			"committed_on": e.CommittedOn, "spent_cents": e.SpentCents, "spent_on": e.SpentOn})
	if res.Error != nil {
		return fmt.Errorf("store: unable to change budget entry %d: %w", e.ID, res.Error)
	}
	if res.RowsAffected == 0 {
		return gorm.ErrRecordNotFound
	}
	return nil
}

// DeleteBudgetEntry deletes an entry of the centre; an arranged need it carried waits
// for a line again.
func DeleteBudgetEntry(db *gorm.DB, centreID, entryID int64) error {
	res := db.Where("id = ? AND centre_id = ?", entryID, centreID).Delete(&BudgetEntry{})
	if res.Error != nil {
		return fmt.Errorf("store: unable to delete budget entry %d: %w", entryID, res.Error)
	}
	if res.RowsAffected == 0 {
		return gorm.ErrRecordNotFound
	}
	return nil
}
