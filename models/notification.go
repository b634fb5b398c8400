package models

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// The kinds of notification (issue 14). Each person chooses per kind; Kinds lists them
// in the order Mijn gegevens shows them.
const (
	KindPromoted      = "promoted"       // a place from the waiting list
	KindCancelled     = "cancelled"      // a session called off
	KindMoved         = "moved"          // sessions moved by a schedule change
	KindDecision      = "decision"       // a proposal approved, to talk about, or declined
	KindReminder      = "reminder"       // the day before a session
	KindHours         = "hours"          // the monthly summary of confirmed hours
	KindDigest        = "digest"         // the coordinator's daily digest
	KindPasswordReset = "password_reset" // always sent: asked for by the person
)

// Kinds are the kinds a person can switch on or off.
var Kinds = []string{KindPromoted, KindCancelled, KindMoved, KindDecision, KindReminder, KindHours, KindDigest}

// The states of a notification in the outbox.
const (
	NotifyQueued  = "queued"   // waiting for a sender (or being sent: due_at is its claim)
	NotifySent    = "sent"     // handed to the mail server
	NotifyFailed  = "failed"   // given up, last_error says why
	NotifyKept    = "kept"     // no mail server configured: shown on Berichten only
	NotifyNoEmail = "no_email" // the person has no address: Mijn pagina and the call list
	NotifySkipped = "skipped"  // the person switched this kind off
)

// Notification is one message to one person in the outbox. Data holds what the message
// says (titles, dates, notes) as it was when the change happened, so a later change
// does not rewrite a message that is already on its way.
type Notification struct {
	ID         int64
	Kind       string
	UserID     int64
	CentreID   *int64
	ActivityID *int64
	SessionID  *int64
	Data       string
	Status     string
	Attempts   int
	DueAt      time.Time
	SentAt     *time.Time
	LastError  string
	SeenAt     *time.Time
	CalledAt   *time.Time
	CalledBy   *int64
	CreatedAt  time.Time
}

// NotifyData is what a message says, stored as JSON with the notification.
type NotifyData struct {
	Activity   string    `json:"activity,omitempty"`
	Centre     string    `json:"centre,omitempty"`
	Zone       string    `json:"zone,omitempty"` // the centre's time zone, to show times in
	StartsAt   time.Time `json:"starts_at,omitzero"`
	EndsAt     time.Time `json:"ends_at,omitzero"`
	Room       string    `json:"room,omitempty"`
	Note       string    `json:"note,omitempty"`     // the public note of a cancellation
	Decision   string    `json:"decision,omitempty"` // approve, talk, decline
	Reason     string    `json:"reason,omitempty"`
	Schedule   string    `json:"schedule,omitempty"` // a schedule change: the new times, already as words are not: see Weekdays
	Month      string    `json:"month,omitempty"`    // hours: 2026-11
	Minutes    int       `json:"minutes,omitempty"`
	Sessions   int       `json:"sessions,omitempty"`
	Token      string    `json:"token,omitempty"` // password reset: the raw token, only in the mail
	Proposals  []string  `json:"proposals,omitempty"`
	Needs      []string  `json:"needs,omitempty"`
	Role       string    `json:"role,omitempty"`
	Volunteer  bool      `json:"volunteer,omitempty"`
	StartTime  string    `json:"start_time,omitempty"`
	EndTime    string    `json:"end_time,omitempty"`
	FirstDate  string    `json:"first_date,omitempty"`
	Weekdays   int       `json:"weekdays,omitempty"`
	Recurrence string    `json:"recurrence,omitempty"`
}

func encodeData(d NotifyData) string {
	b, err := json.Marshal(d)
	if err != nil {
		return "{}" // a struct of strings, times and ints always encodes
	}
	return string(b)
}

// DecodeData reads what a message says.
func (n *Notification) DecodeData() NotifyData {
	var d NotifyData
	_ = json.Unmarshal([]byte(n.Data), &d) // written by encodeData; an old row at worst says less
	return d
}

// enqueue writes one message per user in a single INSERT, inside the caller's
// transaction: it commits or rolls back with the change that causes it.
func enqueue(tx *gorm.DB, kind string, userIDs []int64, centreID, activityID, sessionID *int64, d NotifyData) error {
	if len(userIDs) == 0 {
		return nil
	}
	now := tx.NowFunc()
	data := encodeData(d)
	rows := make([]Notification, 0, len(userIDs))
	seen := map[int64]bool{}
	for _, id := range userIDs {
		if seen[id] {
			continue
		}
		seen[id] = true
		rows = append(rows, queued(kind, id, centreID, activityID, sessionID, data, now))
	}
	if err := tx.Create(&rows).Error; err != nil {
		return fmt.Errorf("queue %s notifications: %w", kind, err)
	}
	return nil
}

// queued is a message for the user, due at once.
func queued(kind string, userID int64, centreID, activityID, sessionID *int64, data string, now time.Time) Notification {
	return Notification{Kind: kind, UserID: userID, CentreID: centreID, ActivityID: activityID,
		SessionID: sessionID, Data: data, Status: NotifyQueued, DueAt: now, CreatedAt: now}
}

// Enqueue writes one message per user in the transaction tx (or on its own).
func Enqueue(tx *gorm.DB, kind string, userIDs []int64, centreID, activityID, sessionID *int64, d NotifyData) error {
	return enqueue(tx, kind, userIDs, centreID, activityID, sessionID, d)
}

// notifyActivity queues a message about activity a to users, keyed by its centre. The
// sender fills in the centre and the next session when it writes the message, so the
// change that causes it pays one INSERT and no more.
func notifyActivity(tx *gorm.DB, kind string, a *Activity, sessionID *int64, users []int64, d NotifyData) error {
	centre, activity := a.CentreID, a.ID
	d.Activity = a.Title
	return enqueue(tx, kind, users, &centre, &activity, sessionID, d)
}

// sessionAudience lists who takes part in a session or has a shift in it: the people a
// change of that session concerns. Those who said "Deze keer niet" are left out.
func sessionAudience(tx *gorm.DB, activityID, sessionID int64) ([]int64, error) {
	var ids []int64
	err := tx.Raw(`SELECT p.user_id FROM participations p
		WHERE p.activity_id = ? AND p.status = ?
		  AND NOT EXISTS (SELECT 1 FROM participation_skips k WHERE k.participation_id = p.id AND k.session_id = ?)
		UNION
		SELECT s.user_id FROM shifts s JOIN volunteer_roles r ON r.id = s.role_id
		WHERE r.activity_id = ? AND (s.session_id = ? OR (s.session_id IS NULL
		  AND NOT EXISTS (SELECT 1 FROM shift_skips k WHERE k.shift_id = s.id AND k.session_id = ?)))`,
		activityID, Joined, sessionID, activityID, sessionID, sessionID).Scan(&ids).Error
	if err != nil {
		return nil, fmt.Errorf("list who a session concerns: %w", err)
	}
	return ids, nil
}

// activityAudience lists everyone who takes part in the activity or volunteers in it.
func activityAudience(tx *gorm.DB, activityID int64) ([]int64, error) {
	var ids []int64
	err := tx.Raw(`SELECT user_id FROM participations WHERE activity_id = ? AND status = ?
		UNION
		SELECT s.user_id FROM shifts s JOIN volunteer_roles r ON r.id = s.role_id WHERE r.activity_id = ?`,
		activityID, Joined, activityID).Scan(&ids).Error
	if err != nil {
		return nil, fmt.Errorf("list who an activity concerns: %w", err)
	}
	return ids, nil
}

// ClaimDue takes up to limit due messages for sending and pushes their due time lease
// ahead, so no other sender takes them meanwhile; a sender that dies leaves them due
// again after the lease. On PostgreSQL rows another sender holds are skipped (FOR
// UPDATE SKIP LOCKED); SQLite takes one row at a time under its write lock.
func ClaimDue(db *gorm.DB, now time.Time, lease time.Duration, limit int) ([]Notification, error) {
	var claimed []Notification
	err := db.Transaction(func(tx *gorm.DB) error {
		q := tx.Where("status = ? AND due_at <= ?", NotifyQueued, now.UTC()).Order("due_at, id")
		if IsPostgres(tx) {
			q = q.Clauses(clause.Locking{Strength: "UPDATE", Options: "SKIP LOCKED"}).Limit(limit)
		} else {
			q = q.Limit(1)
		}
		if err := q.Find(&claimed).Error; err != nil {
			return err
		}
		if len(claimed) == 0 {
			return nil
		}
		ids := make([]int64, len(claimed))
		for i, n := range claimed {
			ids[i] = n.ID
		}
		return tx.Model(&Notification{}).Where("id IN ?", ids).
			Updates(map[string]any{"due_at": now.Add(lease).UTC(), "attempts": gorm.Expr("attempts + 1")}).Error
	})
	if err != nil {
		return nil, fmt.Errorf("store: unable to claim notifications: %w", err)
	}
	for i := range claimed {
		claimed[i].Attempts++
	}
	return claimed, nil
}

// Recipient is what a sender needs to know of the person a message is for.
type Recipient struct {
	ID       int64
	Name     string
	Email    *string
	Phone    *string
	Language string
	Token    string // the unsubscribe token
	Off      map[string]bool
}

// RecipientsOf loads the people of the messages, with their unsubscribe token (made
// here the first time) and the kinds they switched off, in a fixed number of statements.
func RecipientsOf(db *gorm.DB, ns []Notification) (map[int64]*Recipient, error) {
	ids := make([]int64, 0, len(ns))
	for _, n := range ns {
		ids = append(ids, n.UserID)
	}
	var users []User
	if err := db.Where("id IN ?", ids).Find(&users).Error; err != nil {
		return nil, fmt.Errorf("store: unable to load recipients: %w", err)
	}
	out := make(map[int64]*Recipient, len(users))
	for _, u := range users {
		out[u.ID] = &Recipient{ID: u.ID, Name: u.Name, Email: u.Email, Phone: u.Phone, Language: u.Language, Off: map[string]bool{}}
	}
	var tokens []struct {
		UserID int64
		Token  string
	}
	if err := db.Table("notification_tokens").Where("user_id IN ?", ids).Find(&tokens).Error; err != nil {
		return nil, fmt.Errorf("store: unable to load unsubscribe tokens: %w", err)
	}
	for _, t := range tokens {
		if r := out[t.UserID]; r != nil {
			r.Token = t.Token
		}
	}
	var missing []map[string]any
	for _, r := range out {
		if r.Token == "" {
			r.Token = strings.ToLower(rand.Text())
			missing = append(missing, map[string]any{"user_id": r.ID, "token": r.Token})
		}
	}
	if len(missing) > 0 {
		// Two senders may race for a new person's token: the one that lost reads it back.
		if err := db.Table("notification_tokens").Clauses(clause.OnConflict{DoNothing: true}).Create(missing).Error; err != nil {
			return nil, fmt.Errorf("store: unable to make unsubscribe tokens: %w", err)
		}
		if err := db.Table("notification_tokens").Where("user_id IN ?", ids).Find(&tokens).Error; err != nil {
			return nil, fmt.Errorf("store: unable to load unsubscribe tokens: %w", err)
		}
		for _, t := range tokens {
			if r := out[t.UserID]; r != nil {
				r.Token = t.Token
			}
		}
	}
	prefs, err := prefsOf(db, ids)
	if err != nil {
		return nil, err
	}
	for id, kinds := range prefs {
		if r := out[id]; r != nil {
			for k, on := range kinds {
				r.Off[k] = !on
			}
		}
	}
	return out, nil
}

// MarkSent records that the message went to the mail server.
func MarkSent(db *gorm.DB, id int64, now time.Time) error {
	return finish(db, id, map[string]any{"status": NotifySent, "sent_at": now.UTC(), "last_error": ""})
}

// MarkDone ends a message that is not mailed: kept (no mail server), no e-mail address,
// or switched off.
func MarkDone(db *gorm.DB, id int64, status string) error {
	return finish(db, id, map[string]any{"status": status})
}

// MarkFailed records a failed try: retried at retryAt, or, when retryAt is zero, given
// up for good with the reason.
func MarkFailed(db *gorm.DB, id int64, reason string, retryAt time.Time) error {
	if len(reason) > 500 {
		reason = reason[:500]
	}
	if retryAt.IsZero() {
		return finish(db, id, map[string]any{"status": NotifyFailed, "last_error": reason})
	}
	return finish(db, id, map[string]any{"last_error": reason, "due_at": retryAt.UTC()})
}

func finish(db *gorm.DB, id int64, changes map[string]any) error {
	if err := db.Model(&Notification{}).Where("id = ?", id).Updates(changes).Error; err != nil {
		return fmt.Errorf("store: unable to update notification %d: %w", id, err)
	}
	return nil
}

// OutboxRow is a message on the coordinator's page Berichten.
type OutboxRow struct {
	Notification
	Name  string
	Email *string
	Phone *string
	Lang  string
}

// Outbox lists the newest messages of the centre (and those tied to no centre, such as
// password resets), newest first.
func Outbox(db *gorm.DB, centreID int64, limit int) ([]OutboxRow, error) {
	var rows []OutboxRow
	err := db.Table("notifications n").
		Select("n.*, u.name, u.email, COALESCE(u.phone, u.contact_phone) AS phone, u.language AS lang").
		Joins("JOIN users u ON u.id = n.user_id").
		Where("n.centre_id = ? OR n.centre_id IS NULL", centreID).
		Order("n.id DESC").Limit(limit).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the outbox: %w", err)
	}
	return rows, nil
}

// OutboxMessage returns one message of the outbox with its person, or nil.
func OutboxMessage(db *gorm.DB, id int64) (*OutboxRow, error) {
	var rows []OutboxRow
	err := db.Table("notifications n").
		Select("n.*, u.name, u.email, COALESCE(u.phone, u.contact_phone) AS phone, u.language AS lang").
		Joins("JOIN users u ON u.id = n.user_id").Where("n.id = ?", id).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to load notification %d: %w", id, err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	return &rows[0], nil
}

// ErrNoNotification means the message does not exist or is not the person's.
var ErrNoNotification = errors.New("no such notification")

// NotifyContext is what a batch of messages concerns: their centres, activities and
// rooms, loaded in three statements however many messages there are.
type NotifyContext struct {
	Centres    map[int64]*Centre
	Activities map[int64]*Activity
	Rooms      map[int64]string
}

// NotifyContextOf loads the centres, activities and rooms of the messages.
func NotifyContextOf(db *gorm.DB, ns []Notification) (NotifyContext, error) {
	out := NotifyContext{Centres: map[int64]*Centre{}, Activities: map[int64]*Activity{}, Rooms: map[int64]string{}}
	var centreIDs, activityIDs []int64
	for _, n := range ns {
		if n.CentreID != nil {
			centreIDs = append(centreIDs, *n.CentreID)
		}
		if n.ActivityID != nil {
			activityIDs = append(activityIDs, *n.ActivityID)
		}
	}
	if len(centreIDs) > 0 {
		var cs []Centre
		if err := db.Where("id IN ?", centreIDs).Find(&cs).Error; err != nil {
			return out, fmt.Errorf("store: unable to load centres of messages: %w", err)
		}
		for i := range cs {
			out.Centres[cs[i].ID] = &cs[i]
		}
	}
	if len(activityIDs) > 0 {
		var as []Activity
		if err := db.Where("id IN ?", activityIDs).Find(&as).Error; err != nil {
			return out, fmt.Errorf("store: unable to load activities of messages: %w", err)
		}
		var roomIDs []int64
		for i := range as {
			out.Activities[as[i].ID] = &as[i]
			if as[i].RoomID != nil {
				roomIDs = append(roomIDs, *as[i].RoomID)
			}
		}
		if len(roomIDs) > 0 {
			var rooms []Room
			if err := db.Where("id IN ?", roomIDs).Find(&rooms).Error; err != nil {
				return out, fmt.Errorf("store: unable to load rooms of messages: %w", err)
			}
			for _, r := range rooms {
				out.Rooms[r.ID] = r.Name
			}
		}
	}
	return out, nil
}

// ForgetToken removes the password reset token from a message once it has left (or
// cannot leave): the outbox keeps no working link, only password_resets its hash.
func ForgetToken(db *gorm.DB, id int64) error {
	return finish(db, id, map[string]any{"data": "{}"})
}
