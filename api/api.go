// Package api holds the shapes of the read-only JSON API under /api/v1/ and the OpenAPI
// 3 document that describes them (openapi.json, served at /api/v1/openapi.json).
//
// The shapes are plain structs of their own, not the models: a field's JSON name is a
// promise to the sites that read it and changes only with a new version of the API
// (/api/v2/). They carry what the public programme page shows and nothing personal: no
// names, e-mail addresses or phone numbers of residents, leads or volunteers. Times are
// ISO 8601 (RFC 3339) with the offset of the centre's time zone, dates are local
// calendar dates (2026-12-01); ids are the site's own and stay the same while the thing
// exists. This package imports nothing of the application: handlers fill the structs.
package api

import (
	_ "embed"
	"time"
)

// OpenAPI is the OpenAPI 3 document of this version of the API. A test checks it
// against the real responses.
//
//go:embed openapi.json
var OpenAPI []byte

// Version is the API's version, the part of its path after /api/.
const Version = "v1"

// CentreList is the answer of GET /api/v1/centres.
type CentreList struct {
	Centres []Centre `json:"centres"`
}

// Centre is one community centre.
type Centre struct {
	ID       int64  `json:"id"`
	Slug     string `json:"slug"` // the centre's part of its URLs: /centra/{slug}
	Name     string `json:"name"`
	Address  string `json:"address"` // empty when not given
	TimeZone string `json:"time_zone"`
	Links    Links  `json:"links"`
	Default  bool   `json:"default"` // the centre of the site's home page
	Demo     bool   `json:"demo"`    // a demo centre with made-up data
	// ClosedAt is when the centre closed, with its offset; nil while it is open. A
	// closed centre has no activities or sessions any more: its lists are empty.
	ClosedAt *time.Time `json:"closed_at"`
}

// Links are the addresses of a centre's programme in each form.
type Links struct {
	Programme  string `json:"programme"`  // the programme page
	Activities string `json:"activities"` // this API: its published activities
	Sessions   string `json:"sessions"`   // this API: this week's sessions (?week= or ?from=&to= for others)
	ICal       string `json:"ical"`       // iCalendar feed of the programme
	Feed       string `json:"feed"`       // Atom feed of newly published activities
	Embed      string `json:"embed"`      // the programme to show in an iframe
}

// CentreRef names the centre an answer is about.
type CentreRef struct {
	ID       int64      `json:"id"`
	Slug     string     `json:"slug"`
	Name     string     `json:"name"`
	ClosedAt *time.Time `json:"closed_at"` // as Centre.ClosedAt
}

// ActivityList is the answer of GET /api/v1/centres/{slug}/activities: the activities
// on the centre's programme now.
type ActivityList struct {
	Centre     CentreRef  `json:"centre"`
	Activities []Activity `json:"activities"`
}

// Activity is an activity as the programme shows it, with the three questions it
// started from: Wat wil ik? (Want), Wat kan ik? (Can), Wat heb ik nodig? (Needs).
type Activity struct {
	ID     int64     `json:"id"`
	Centre CentreRef `json:"centre"`
	Title  string    `json:"title"`
	// Status is "approved" (on the programme), "paused" or "ended".
	Status string   `json:"status"`
	Want   string   `json:"want"`
	Can    string   `json:"can"`
	Needs  []Need   `json:"needs"`
	Themes []string `json:"themes"` // theme keys: meeting, moving, food, language, work, health, youth, creativity, learning
	Room   *Room    `json:"room"`   // null when no room is set
	// Capacity is the number of places; 0 means walk-in: no sign-up, everyone welcome.
	Capacity int `json:"capacity"`
	// PlacesLeft is how many can still sign up (for every session), as the activity
	// page says; null for a walk-in activity.
	PlacesLeft  *int       `json:"places_left"`
	Waitlisted  int        `json:"waitlisted"` // people on the waiting list
	Schedule    Schedule   `json:"schedule"`
	PublishedAt *time.Time `json:"published_at"` // when it was put on the programme
	URL         string     `json:"url"`          // the activity's page
	ICal        string     `json:"ical"`         // iCalendar feed of its sessions
}

// Need is one thing the activity needs ("Wat heb ik nodig?").
type Need struct {
	// Kind is one of room, materials, budget, volunteers, check, other.
	Kind        string `json:"kind"`
	Description string `json:"description"`
	AmountCents int64  `json:"amount_cents"` // budget or materials, in euro cents; 0 when not applicable
	Volunteers  int    `json:"volunteers"`   // volunteers needed per session; 0 when not applicable
	// Status is open, offered (someone offered to arrange it) or arranged.
	Status string `json:"status"`
}

// Room is a room of the centre.
type Room struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Schedule is when an activity takes place.
type Schedule struct {
	Recurrence string   `json:"recurrence"` // "once", "weekly", "monthly_weekday", "monthly_date" or "dates"
	Weekdays   []string `json:"weekdays"`   // for weekly and monthly_weekday: monday … sunday; else empty
	// IntervalWeeks is n of "every n weeks" for weekly (1: every week), counted from the
	// ISO week of FirstDate; 0 for the other kinds.
	IntervalWeeks int `json:"interval_weeks"`
	// MonthOrdinal is 1–5 for "the first … fifth weekday of the month", -1 for the last
	// one; 0 unless monthly_weekday. A month without that day has no session.
	MonthOrdinal int `json:"month_ordinal"`
	// MonthDay is the day of the month (1–31) of monthly_date; 0 for the other kinds. A
	// month without that day has no session.
	MonthDay  int      `json:"month_day"`
	Dates     []string `json:"dates"`      // the own dates of "dates"; else empty
	SkipDates []string `json:"skip_dates"` // dates the rule has that are left out
	StartTime string   `json:"start_time"` // local time "14:00"
	EndTime   string   `json:"end_time"`
	FirstDate string   `json:"first_date"` // local date "2026-12-01"
	LastDate  *string  `json:"last_date"`  // null: no end planned
}

// SessionList is the answer of GET /api/v1/centres/{slug}/sessions: the sessions of an
// ISO week or of a range of dates, by start.
type SessionList struct {
	Centre   CentreRef `json:"centre"`
	Week     *string   `json:"week"` // "2026-W49" when a week was asked for (or none: this week), else null
	From     string    `json:"from"` // first local date, inclusive
	To       string    `json:"to"`   // last local date, inclusive
	Sessions []Session `json:"sessions"`
}

// Session is one dated occurrence of an activity.
type Session struct {
	ID         int64     `json:"id"`
	ActivityID int64     `json:"activity_id"`
	Title      string    `json:"title"`
	Themes     []string  `json:"themes"`
	Date       string    `json:"date"` // local date
	StartsAt   time.Time `json:"starts_at"`
	EndsAt     time.Time `json:"ends_at"`
	Room       *Room     `json:"room"`
	Capacity   int       `json:"capacity"` // 0: walk-in
	// PlacesLeft is the number of free places on that date, exactly as the programme
	// page shows it: a sign-up counts from the session after it was made, and someone
	// who said "Deze keer niet" frees their place for that date. Null for walk-in.
	PlacesLeft *int   `json:"places_left"`
	Waitlisted int    `json:"waitlisted"`
	Cancelled  bool   `json:"cancelled"`
	CancelNote string `json:"cancel_note"` // the public note when it is called off; may be empty
	URL        string `json:"url"`         // the activity's page
}

// Error is the answer when a request cannot be served.
type Error struct {
	Error ErrorBody `json:"error"`
}

// ErrorBody says what went wrong, in English, for a developer.
type ErrorBody struct {
	Status  int    `json:"status"`
	Message string `json:"message"`
}
