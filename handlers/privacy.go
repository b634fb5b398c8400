package handlers

import (
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"onshuis/figures"
	"onshuis/models"
	"onshuis/store"
	"onshuis/views"
)

// Lifetime is how long something is kept, in the units a person reads on the privacy
// page. The code that sets a cookie or a store's expiry uses the same value.
type Lifetime struct{ Months, Days, Hours, Minutes int }

// After is the moment a lifetime that starts at t ends.
func (l Lifetime) After(t time.Time) time.Time {
	return t.AddDate(0, l.Months, l.Days).Add(time.Duration(l.Hours)*time.Hour + time.Duration(l.Minutes)*time.Minute)
}

// Duration is the lifetime as a duration, for stores that take one. A month has no
// fixed length: a lifetime in months has no Duration.
func (l Lifetime) Duration() time.Duration {
	if l.Months != 0 {
		panic("handlers: a lifetime in months has no fixed duration")
	}
	return time.Duration(l.Days)*24*time.Hour + time.Duration(l.Hours)*time.Hour + time.Duration(l.Minutes)*time.Minute
}

// text says the lifetime in words: "13 maanden", "1 jaar", "30 dagen", "12 uur".
func (l Lifetime) text(loc *i18n.Localizer) string {
	var parts []string
	add := func(id string, n int) {
		if n > 0 {
			parts = append(parts, views.T(loc, id, "Count", n))
		}
	}
	if l.Months%12 == 0 {
		add("duration.years", l.Months/12)
	} else {
		add("duration.months", l.Months)
	}
	add("duration.days", l.Days)
	add("duration.hours", l.Hours)
	add("duration.minutes", l.Minutes)
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	out := parts[0]
	for _, p := range parts[1 : len(parts)-1] {
		out += ", " + p
	}
	return out + " " + views.T(loc, "duration.and") + " " + parts[len(parts)-1]
}

// lifetimeOf writes a duration in days, hours and minutes; whole years of 365 days as
// years.
func lifetimeOf(d time.Duration) Lifetime {
	const year = 365 * 24 * time.Hour
	if d >= year && d%year == 0 {
		return Lifetime{Months: 12 * int(d/year)}
	}
	d = d.Round(time.Minute)
	days := int(d / (24 * time.Hour))
	d -= time.Duration(days) * 24 * time.Hour
	hours := int(d / time.Hour)
	return Lifetime{Days: days, Hours: hours, Minutes: int((d - time.Duration(hours)*time.Hour) / time.Minute)}
}

// How long the site's cookies and logins last. The privacy page states these values;
// the code that sets each cookie uses them.
var (
	// SessionLifetime: a login, counted from the last day it was used.
	SessionLifetime = Lifetime{Days: 30}
	// CSRFLifetime: the token that protects forms; long enough to write a proposal.
	CSRFLifetime = Lifetime{Hours: 12}
	// LanguageLifetime: the chosen language of a visitor without an account.
	LanguageLifetime = Lifetime{Months: 12}
	// HomeCentreLifetime: the centre a visitor chose as their own, on their device.
	HomeCentreLifetime = Lifetime{Months: 12}
	// FlashLifetime: a one-time message ("Opgeslagen") waiting for the next page.
	FlashLifetime = Lifetime{Minutes: 5}
	// RateCounterLifetime: the longest a counter of check-ins per IP address is kept.
	RateCounterLifetime = Lifetime{Days: 1}
)

// visitorKeyLifetime: the random key on a phone that checked in without an account,
// counted from its last check-in: the retention rule's period, after which the key is
// also replaced in the visits it made. Long enough to tell new from returning visitors
// and regulars over a season; not forever.
func (h *Handlers) visitorKeyLifetime() Lifetime {
	return Lifetime{Months: h.Retention.VisitorKeyMonths}
}

// privacyItem is one kind of data on the privacy page: what is stored, who sees it,
// how long it is kept (all three already in the reader's language).
type privacyItem struct {
	ID, Title, What, Who, Kept string
}

// privacyCookie is one cookie: its name, what it is for, how long it lasts.
type privacyCookie struct {
	Name, Purpose, Kept string
}

// Privacy shows what the site stores, who sees it and how long it is kept. Periods and
// thresholds come from the values the code itself uses. To add a kind of data (or a
// retention period), add an item here and its three texts to the translations.
func (h *Handlers) Privacy(c *fiber.Ctx) error {
	loc := rq(c).L
	say := func(id string, args ...any) string { return views.T(loc, id, args...) }
	item := func(id string, args ...any) privacyItem {
		p := "privacy." + id + "."
		return privacyItem{ID: id, Title: say(p + "title"), What: say(p+"what", args...), Who: say(p+"who", args...), Kept: say(p+"kept", args...)}
	}
	r := h.Retention
	months := func(n int) string { return Lifetime{Months: n}.text(loc) }
	items := []privacyItem{
		item("account", "Inactive", months(r.InactiveMonths)),
		item("lead"),
		item("participation", "Sessions", months(r.SessionMonths)),
		item("proposal"),
		item("volunteer"),
		item("checkin", "Period", h.visitorKeyLifetime().text(loc), "Sessions", months(r.SessionMonths)),
		item("devices", "Period", h.visitorKeyLifetime().text(loc)),
		item("mood", "Min", figures.MinMoodAnswers, "Moods", months(r.MoodMonths)),
		item("health", "Min", figures.MinHealthPeople, "Months", models.HealthInterval, "Link", months(r.HealthLinkMonths)),
		item("story"),
		item("limits", "Login", lifetimeOf(store.ForgetFailuresAfter).text(loc), "Counter", RateCounterLifetime.text(loc),
			"Device", lifetimeOf(store.DeviceLifetime).text(loc)),
		item("messages", "Days", models.NotificationKeepDays),
	}
	cookies := []privacyCookie{
		{SessionCookie, say("privacy.cookie_session"), say("privacy.cookie_session_kept", "Period", SessionLifetime.text(loc))},
		{CSRFCookie, say("privacy.cookie_csrf"), CSRFLifetime.text(loc)},
		{langCookie, say("privacy.cookie_language"), LanguageLifetime.text(loc)},
		{HomeCentreCookie, say("privacy.cookie_home_centre"), HomeCentreLifetime.text(loc)},
		{DeviceCookie, say("privacy.cookie_device"), say("privacy.cookie_device_kept", "Period", lifetimeOf(store.DeviceLifetime).text(loc))},
		{visitorCookie, say("privacy.cookie_visitor"), say("privacy.cookie_visitor_kept", "Period", h.visitorKeyLifetime().text(loc))},
		{flashCookie, say("privacy.cookie_flash"), FlashLifetime.text(loc)},
	}
	return h.render(c, fiber.StatusOK, "privacy/show", fiber.Map{"Title": "privacy.title", "Items": items, "Cookies": cookies})
}
