package models

import "time"

// Activity statuses: a proposal becomes a published activity when approved.
const (
	StatusDraft    = "draft"
	StatusProposed = "proposed"
	StatusApproved = "approved"
	StatusPaused   = "paused"
	StatusEnded    = "ended"
	StatusDeclined = "declined"
)

// Recurrence kinds of an activity's schedule.
const (
	RecurrenceOnce   = "once"
	RecurrenceWeekly = "weekly"
)

// Activity is something residents do together, proposed with the three questions:
// Wat wil ik? (Want), Wat kan ik? (Can), Wat heb ik nodig? (its needs).
type Activity struct {
	ID             int64
	CentreID       int64
	ProposerID     *int64
	LeadID         *int64
	RoomID         *int64
	Title          string
	Want           string
	Can            string
	Themes         string // comma-separated theme keys, see Themes
	WishedTime     string // the proposer's wish in their own words
	ExpectedPeople int
	Capacity       int // 0 = open, no sign-up ("wie wil, schuift aan")
	Recurrence     string
	Weekdays       int    // bit 1<<time.Weekday for each weekday of a weekly activity
	StartTime      string // "14:00", local time of the centre
	EndTime        string
	FirstDate      string // "2026-11-23", local date
	LastDate       string // empty = no end
	Status         string
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Themes are the prevention themes of DESIGN.md section 5, in display order.
var Themes = []string{"meeting", "moving", "food", "language", "work", "health", "youth", "creativity"}

// WeekdayBit is the bit of a weekday in Activity.Weekdays.
func WeekdayBit(d time.Weekday) int { return 1 << d }
