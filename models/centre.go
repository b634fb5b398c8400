package models

import (
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
	"gorm.io/gorm"
)

// DefaultTimeZone is the zone of a centre unless it says otherwise.
const DefaultTimeZone = "Europe/Amsterdam"

// Centre is one community centre ("huis van de wijk"); an installation can hold several.
type Centre struct {
	ID        int64
	Name      string
	Slug      string
	Address   string
	TimeZone  string
	DoorCode  string // secret part of the check-in URL on the door poster
	IsDefault bool
	IsDemo    bool
	ClosedAt  *time.Time // a closed centre keeps its history but leaves the public lists
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Location is the centre's time zone; every date and week on screen is computed in it.
func (c *Centre) Location() *time.Location {
	if c.TimeZone == DefaultTimeZone {
		return defaultLocation
	}
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		// The zone was validated when it was saved and tzdata is embedded in the binary.
		return defaultLocation
	}
	return loc
}

// defaultLocation is loaded once: time.LoadLocation reads and parses the zone file on
// every call, which showed as 5 % of a check-in's CPU time under load.
var defaultLocation = func() *time.Location {
	loc, err := time.LoadLocation(DefaultTimeZone)
	if err != nil {
		panic("models: time zone " + DefaultTimeZone + " is missing: " + err.Error())
	}
	return loc
}()

// Room is a space in a centre, such as the huiskamer or the keuken.
type Room struct {
	ID        int64
	CentreID  int64
	Name      string
	Capacity  int
	CreatedAt time.Time
}

// DefaultCentre returns the centre shown on the home page, or nil when none exists yet.
func DefaultCentre(db *gorm.DB) (*Centre, error) {
	var c Centre
	err := db.Where("id = " + defaultCentreID).Take(&c).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to load default centre: %w", err)
	}
	return &c, nil
}

// defaultCentreID is the default centre's id in SQL: the lowest id marked default,
// else the lowest id (the order "is_default DESC, id"), each read from an index
// (centres_default, migration 31, and the primary key) instead of by a scan and a sort
// of every centre, whose rows every sign-up updates (issue 15). NULL without centres.
const defaultCentreID = `COALESCE((SELECT id FROM centres WHERE is_default ORDER BY id LIMIT 1), (SELECT MIN(id) FROM centres))`

// CentreBySlug returns the centre with that slug, or nil.
func CentreBySlug(db *gorm.DB, slug string) (*Centre, error) {
	return findCentre(db, "slug = ?", slug)
}

// CentreByDoorCode returns the centre whose door poster carries code, or nil.
func CentreByDoorCode(db *gorm.DB, code string) (*Centre, error) {
	return findCentre(db, "door_code = ?", code)
}

// CentreByID returns the centre, or nil.
func CentreByID(db *gorm.DB, id int64) (*Centre, error) {
	return findCentre(db, "id = ?", id)
}

// Centres lists every centre, the default first.
func Centres(db *gorm.DB) ([]Centre, error) {
	var cs []Centre
	if err := db.Order("is_default DESC, name").Find(&cs).Error; err != nil {
		return nil, fmt.Errorf("store: unable to list centres: %w", err)
	}
	return cs, nil
}

func findCentre(db *gorm.DB, where string, arg any) (*Centre, error) {
	var c Centre
	err := db.Where(where, arg).Take(&c).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to load centre: %w", err)
	}
	return &c, nil
}

// RoomsOfCentre lists the rooms of a centre by name.
func RoomsOfCentre(db *gorm.DB, centreID int64) ([]Room, error) {
	var rs []Room
	if err := db.Where("centre_id = ?", centreID).Order("name").Find(&rs).Error; err != nil {
		return nil, fmt.Errorf("store: unable to list rooms: %w", err)
	}
	return rs, nil
}

// NewDoorCode returns a random, unguessable code for a door poster (about 100 bits).
func NewDoorCode() string {
	return strings.ToLower(rand.Text()[:20])
}

// Slugify turns a name into a URL part: "Ons Huis van de Wijk" → "ons-huis-van-de-wijk".
func Slugify(name string) string {
	folded, _, err := transform.String(transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC), name)
	if err != nil {
		folded = name
	}
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(folded) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
	}
	if b.Len() == 0 {
		return "centrum"
	}
	return b.String()
}

// ErrRoomExists means the centre already has a room with that name.
var ErrRoomExists = errors.New("room name already in use")

// SaveRoom creates a room (ID 0) or changes its name and capacity.
func SaveRoom(db *gorm.DB, r *Room) error {
	var err error
	if r.ID == 0 {
		err = db.Create(r).Error
	} else {
		err = db.Model(&Room{}).Where("id = ? AND centre_id = ?", r.ID, r.CentreID).
			Updates(map[string]any{"name": r.Name, "capacity": r.Capacity}).Error
	}
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return ErrRoomExists
	}
	if err != nil {
		return fmt.Errorf("store: unable to save room: %w", err)
	}
	return nil
}
