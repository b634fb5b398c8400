package models

import (
	"fmt"
	"sort"
	"strings"

	"gorm.io/gorm"
)

// DeleteAccount deletes the user's personal data as AnonymiseUser does; with
// publishedTexts the answers they wrote for activities that were published (what they
// want and can, the wished time, the descriptions of the needs) go too. The proposer is
// asked: those words are theirs, but the programme reads better with them.
func DeleteAccount(db *gorm.DB, userID int64, publishedTexts bool) error {
	return db.Transaction(func(tx *gorm.DB) error {
		if err := lastCoordinatorCheck(tx, userID); err != nil {
			return err
		}
		if publishedTexts {
			if err := removePublishedTexts(tx, userID); err != nil {
				return fmt.Errorf("store: unable to remove the published texts of user %d: %w", userID, err)
			}
		}
		return anonymise(tx, userID)
	})
}

// HasPublishedProposals reports whether the user proposed an activity that was put on
// the programme: the deletion form then asks what to do with its texts.
func HasPublishedProposals(db *gorm.DB, userID int64) (bool, error) {
	var n int64
	err := db.Model(&Activity{}).Where("proposer_id = ? AND (published_at IS NOT NULL OR status IN ?)", userID, publishedStatuses).
		Count(&n).Error
	if err != nil {
		return false, fmt.Errorf("store: unable to count the published proposals of user %d: %w", userID, err)
	}
	return n > 0, nil
}

// publishedStatuses are the states of an activity that is or was on the programme.
var publishedStatuses = []string{StatusApproved, StatusPaused, StatusEnded}

func removePublishedTexts(tx *gorm.DB, userID int64) error {
	published := tx.Model(&Activity{}).Select("id").
		Where("proposer_id = ? AND (published_at IS NOT NULL OR status IN ?)", userID, publishedStatuses)
	if err := tx.Model(&Activity{}).Where("id IN (?)", published).
		Updates(map[string]any{"want": "", "can": "", "wished_time": ""}).Error; err != nil {
		return err
	}
	return tx.Model(&Need{}).Where("activity_id IN (?)", published).Update("description", "").Error
}

// removeProposalTexts takes the leaving user's words out of their proposals. Drafts,
// which nobody else has read, are deleted. A proposal that was never published keeps
// its row, so the report still counts it, but loses its texts and those of its review
// (which answered the proposer, often by name); one that waited for review is declined,
// as nobody is left to talk to. In what stays of published activities the user's name,
// e-mail address and phone number are replaced: the lead reads "een buurtbewoner".
func removeProposalTexts(tx *gorm.DB, u *User) error {
	if err := tx.Where("proposer_id = ? AND status = ?", u.ID, StatusDraft).Delete(&Activity{}).Error; err != nil {
		return fmt.Errorf("delete drafts: %w", err)
	}
	unpublished := tx.Model(&Activity{}).Select("id").
		Where("proposer_id = ? AND published_at IS NULL AND status NOT IN ?", u.ID, publishedStatuses)
	if err := tx.Model(&Need{}).Where("activity_id IN (?)", unpublished).Update("description", "").Error; err != nil {
		return fmt.Errorf("empty the needs of proposals: %w", err)
	}
	if err := tx.Table("activity_reviews").Where("activity_id IN (?)", unpublished).
		Updates(map[string]any{"lowers_threshold": "", "more_collective": "", "healthier": "", "message": ""}).Error; err != nil {
		return fmt.Errorf("empty the reviews of proposals: %w", err)
	}
	if err := tx.Model(&Activity{}).Where("proposer_id = ? AND published_at IS NULL AND status = ?", u.ID, StatusProposed).
		Update("status", StatusDeclined).Error; err != nil {
		return fmt.Errorf("close waiting proposals: %w", err)
	}
	if err := tx.Model(&Activity{}).Where("proposer_id = ? AND published_at IS NULL AND status NOT IN ?", u.ID, publishedStatuses).
		Updates(map[string]any{"title": "", "want": "", "can": "", "wished_time": ""}).Error; err != nil {
		return fmt.Errorf("empty proposals: %w", err)
	}
	return scrubPublished(tx, u)
}

// scrubPublished replaces the user's name and contacts in the texts of the published
// activities they proposed or lead, and in their needs, reviews and cancel notes, and
// their name in the centre's stories (a coordinator may have kept a name there on
// purpose; the person has now left). One UPDATE per table, with nested REPLACEs.
func scrubPublished(tx *gorm.DB, u *User) error {
	type replacement struct{ old, new string }
	var words []replacement
	if name := u.Name; len([]rune(name)) >= 3 {
		words = append(words, replacement{name, PersonDeletedName})
	}
	if u.Email != nil {
		words = append(words, replacement{*u.Email, ContactDeletedText})
	}
	if u.Phone != nil {
		for _, p := range phoneWritings(*u.Phone) {
			words = append(words, replacement{p, ContactDeletedText})
		}
	}
	if len(words) == 0 {
		return nil
	}
	theirs := tx.Model(&Activity{}).Select("id").Where("proposer_id = ? OR lead_id = ?", u.ID, u.ID)
	targets := []struct {
		table   string
		columns []string
		where   string
		args    []any
		words   []replacement
	}{
		{"activities", []string{"title", "want", "can", "wished_time"}, "id IN (?)", []any{theirs}, words},
		{"activity_needs", []string{"description"}, "activity_id IN (?)", []any{theirs}, words},
		{"activity_reviews", []string{"lowers_threshold", "more_collective", "healthier", "message"}, "activity_id IN (?)", []any{theirs}, words},
		{"activity_sessions", []string{"cancel_note", "cancel_private_note"}, "activity_id IN (?)", []any{theirs}, words},
		// messages to others about these activities quote their title
		{"notifications", []string{"data"}, "activity_id IN (?)", []any{theirs}, words},
		// a story is about a resident, not linked to their account: every story of the
		// installation loses the name and contacts
		{"stories", []string{"text"}, "text <> ?", []any{""}, words},
		// a leersessie's log is written without names, but one that slipped through
		// (confirmed as a common word) goes too, whoever's session it was
		{"session_learnings", []string{"learned"}, "learned <> ?", []any{""}, words},
	}
	for _, t := range targets {
		set := map[string]any{}
		for _, c := range t.columns {
			expr, args := c, []any{}
			for _, w := range t.words {
				expr = "REPLACE(" + expr + ", ?, ?)"
				args = append(args, w.old, w.new)
			}
			set[c] = gorm.Expr(expr, args...)
		}
		if err := tx.Table(t.table).Where(t.where, t.args...).Updates(set).Error; err != nil {
			return fmt.Errorf("replace the name and contacts in %s: %w", t.table, err)
		}
	}
	return nil
}

// phoneWritings are the ways people write a stored number (+31612345678) in a text:
// international and national, with the usual spaces and dashes, longest first so a
// shorter writing never leaves part of a longer one behind.
func phoneWritings(stored string) []string {
	ws := []string{stored}
	if !strings.HasPrefix(stored, "+31") || len(stored) != 12 {
		return ws
	}
	rest := stored[3:] // 612345678 or 412123456
	national := "0" + rest
	ws = append(ws, "0031"+rest, "+31 (0)"+rest[:1]+" "+rest[1:], "+31 "+rest[:1]+" "+rest[1:], "+31 "+rest)
	if strings.HasPrefix(rest, "6") {
		n := rest[1:] // the eight digits after 06
		for _, digits := range []string{n[:2] + " " + n[2:4] + " " + n[4:6] + " " + n[6:], n[:4] + " " + n[4:], n} {
			ws = append(ws, "+31 6 "+digits, "06-"+digits, "06 "+digits)
		}
	} else {
		// an area code of three or four digits (010, 0412)
		ws = append(ws, national[:3]+"-"+national[3:], national[:3]+" "+national[3:],
			national[:4]+"-"+national[4:], national[:4]+" "+national[4:])
	}
	ws = append(ws, national)
	sort.SliceStable(ws, func(i, j int) bool { return len(ws[i]) > len(ws[j]) })
	return ws
}

// PersonDeletedName stands for a person whose account is deleted where the texts of
// an activity named them. It is stored in the text, in the programme's language.
const PersonDeletedName = "een buurtbewoner"

// ContactDeletedText stands for a deleted person's e-mail address or phone number in
// those texts.
const ContactDeletedText = "(verwijderd)"
