package handlers

import (
	"html"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gorilla/feeds"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"onshuis/models"
	"onshuis/views"
)

// feedSize is how many of the newest activities the feed carries.
const feedSize = 20

// feedPath is the address of a centre's feed of newly published activities.
func feedPath(c *models.Centre) string { return "/centra/" + c.Slug + "/nieuw.atom" }

// icalPath is the address of a centre's programme as an iCalendar feed.
func icalPath(c *models.Centre) string { return "/centra/" + c.Slug + "/programme.ics" }

// CentreFeed is an Atom feed of the activities a centre put on its programme, the
// newest first: GET /centra/{slug}/nieuw.atom. Built with gorilla/feeds; in Dutch, the
// language of the centre (a feed reader asks for no language).
func (h *Handlers) CentreFeed(c *fiber.Ctx) error {
	centre, err := h.slugCentre(c)
	if err != nil {
		return err
	}
	if notModified(c, publicMaxAge, "feed", centre.Version()) {
		return nil
	}
	l := h.localizer(views.Languages[0])
	if centre.ClosedAt != nil {
		return h.closedFeed(c, l, &centre.Centre)
	}
	activities, err := models.NewlyPublished(h.DB, centre.ID, feedSize)
	if err != nil {
		return err
	}
	feed := &feeds.Feed{
		Title:       views.T(l, "feed.title", "Centre", centre.Name),
		Description: views.T(l, "feed.description"),
		Link:        &feeds.Link{Href: h.BaseURL + "/centra/" + centre.Slug, Rel: "alternate"},
		Author:      &feeds.Author{Name: centre.Name},
	}
	for i := range activities {
		a := &activities[i]
		published := a.CreatedAt
		if a.PublishedAt != nil {
			published = *a.PublishedAt
		}
		if published.After(feed.Updated) {
			feed.Updated = published
		}
		feed.Items = append(feed.Items, &feeds.Item{
			Title: a.Title, Id: h.BaseURL + activityPath(a), Link: &feeds.Link{Href: h.BaseURL + activityPath(a)},
			// The summary is HTML in Atom: what the resident wrote is escaped, so it is
			// read as the text it is.
			Description: html.EscapeString(a.Want), Created: published.In(time.UTC), Updated: published.In(time.UTC),
		})
	}
	if feed.Updated.IsZero() { // nothing published yet
		feed.Updated = centre.CreatedAt
	}
	return sendAtom(c, feed)
}

// closedFeed is the feed of a closed centre: still a valid feed (200), with one entry
// that says the centre closed and leads to the other centres. A feed reader keeps the
// entries it has read and only shows what is new, so an empty feed would tell a
// subscriber nothing and leave the old activities standing; a 410 makes most readers
// stop polling in silence, or show an error the subscriber cannot act on. The old
// activities leave the feed: they no longer take place.
func (h *Handlers) closedFeed(c *fiber.Ctx, l *i18n.Localizer, centre *models.Centre) error {
	closed := centre.ClosedAt.In(time.UTC)
	page := h.BaseURL + "/centra/" + centre.Slug
	heading := views.T(l, "closed_centre.heading", "Centre", centre.Name)
	text := views.T(l, "closed_centre.since") + " " + views.LongDate(l, centre.ClosedAt.In(centre.Location())) + ". " + views.T(l, "closed_centre.welcome")
	feed := &feeds.Feed{
		Title:       views.T(l, "feed.title", "Centre", centre.Name),
		Description: views.T(l, "feed.description"),
		Link:        &feeds.Link{Href: page, Rel: "alternate"},
		Author:      &feeds.Author{Name: centre.Name},
		Updated:     closed,
		Items: []*feeds.Item{{
			// The id names the closing, so closing again later is a new entry.
			Title: heading, Id: page + "#gesloten-" + closed.Format("20060102T150405Z"),
			Link:        &feeds.Link{Href: h.BaseURL + "/centra"},
			Description: html.EscapeString(text), Created: closed, Updated: closed,
		}},
	}
	return sendAtom(c, feed)
}

func sendAtom(c *fiber.Ctx, feed *feeds.Feed) error {
	atom, err := feed.ToAtom()
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/atom+xml; charset=utf-8")
	return c.SendString(atom)
}
