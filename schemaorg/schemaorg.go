// Package schemaorg holds the schema.org data that the activity pages carry for search
// engines, as JSON-LD: one Event per coming session, with where, when, that it is free
// and who organises it (the centre). Plain structs, filled by handlers; a test checks
// every type and property used against a pinned copy of the schema.org vocabulary.
package schemaorg

import "time"

// Context is the JSON-LD context of every node.
const Context = "https://schema.org"

// Event statuses and the one attendance mode used here: members of schema.org's
// EventStatusType and EventAttendanceModeEnumeration.
const (
	EventScheduled = "https://schema.org/EventScheduled"
	EventCancelled = "https://schema.org/EventCancelled"
	Offline        = "https://schema.org/OfflineEventAttendanceMode"
)

// Event is one session of an activity.
type Event struct {
	Context             string       `json:"@context"`
	Type                string       `json:"@type"` // "Event"
	Name                string       `json:"name"`
	Description         string       `json:"description,omitempty"`
	URL                 string       `json:"url"`
	StartDate           time.Time    `json:"startDate"` // ISO 8601 with the centre's offset
	EndDate             time.Time    `json:"endDate"`
	EventStatus         string       `json:"eventStatus"`
	EventAttendanceMode string       `json:"eventAttendanceMode"`
	IsAccessibleForFree bool         `json:"isAccessibleForFree"`
	Location            Place        `json:"location"`
	Organizer           Organization `json:"organizer"`
}

// Place is where it happens: the room and the centre.
type Place struct {
	Type    string `json:"@type"` // "Place"
	Name    string `json:"name"`
	Address string `json:"address,omitempty"` // as the centre writes it: "Ruwaard, Oss"
}

// Organization is the centre that organises it.
type Organization struct {
	Type string `json:"@type"` // "Organization"
	Name string `json:"name"`
	URL  string `json:"url"`
}

// NewEvent is an Event with its types and context filled in.
func NewEvent(name, description, url string, start, end time.Time, cancelled bool, place Place, organizer Organization) Event {
	status := EventScheduled
	if cancelled {
		status = EventCancelled
	}
	place.Type, organizer.Type = "Place", "Organization"
	return Event{
		Context: Context, Type: "Event", Name: name, Description: description, URL: url, StartDate: start, EndDate: end,
		EventStatus: status, EventAttendanceMode: Offline, IsAccessibleForFree: true, Location: place, Organizer: organizer,
	}
}
