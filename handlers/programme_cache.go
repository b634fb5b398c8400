package handlers

import (
	"html/template"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"onshuis/models"
)

// The anonymous programme page is the same for every visitor without a session (issue
// 21): it carries no CSRF token (the language switch is a link for them) and no name.
// It is kept rendered and compressed per address, language, accepted encoding and the
// centre the device chose as its own (HomeCentreCookie), and
// served again while the programme's state (models.ProgrammePageState, one statement)
// is unchanged and the clock has not reached the next moment the page itself would
// change (a session starts or ends, the day changes). A flash message, a session or a
// logged-in visitor bypass it.

// programmeCacheSize bounds the pages kept, and the weeks: every centre, a few weeks
// and themes, two languages and a few encodings fit; an address beyond that pushes an
// older one out.
const programmeCacheSize = 512

type pageKey struct {
	url, lang, encoding string
	home                int64 // the centre this device chose as its own (0: none)
}

// The week part of the programme page (week_days.html: the week's navigation, the theme
// filter, the days with their sessions and places) shows nothing of its visitor: it is
// the same for everyone who asks for that centre's week and theme in that language, a
// logged-in resident too. It is kept rendered per weekKey under the centre's programme
// state (models.VersionedCentre, loaded with the centre at no extra statement) and the
// moment the clock changes it (pageExpiry), so a page view renders only the layout and
// the page's head around it.
type weekKey struct {
	centre                  int64
	path, week, theme, lang string // path: the programme's own address, "/" or /centra/{slug}
}

// keptWeek is a rendered week and the moment its clock-bound content changes.
type keptWeek struct {
	html    template.HTML
	expires time.Time
}

// kept is one entry of a keptCache: right while the state it was made from is the
// current one and the clock is in [from, expires).
type kept[V any] struct {
	state         string
	from, expires time.Time
	value         V
}

// keptCache keeps at most programmeCacheSize values, each under the state it was made
// from. It is safe for concurrent use; its zero value is empty and ready.
type keptCache[K comparable, V any] struct {
	mu      sync.Mutex
	entries map[K]*kept[V]
}

// get returns the value kept under k if it was made from state and is still right at now.
func (kc *keptCache[K, V]) get(k K, state string, now time.Time) (V, bool) {
	kc.mu.Lock()
	defer kc.mu.Unlock()
	e := kc.entries[k]
	if e == nil || e.state != state || now.Before(e.from) || !now.Before(e.expires) {
		var zero V
		return zero, false
	}
	return e.value, true
}

// put keeps v under k, made from state at from and right until expires.
func (kc *keptCache[K, V]) put(k K, state string, from, expires time.Time, v V) {
	kc.mu.Lock()
	defer kc.mu.Unlock()
	if kc.entries == nil {
		kc.entries = make(map[K]*kept[V])
	}
	if _, ok := kc.entries[k]; !ok && len(kc.entries) >= programmeCacheSize {
		for old := range kc.entries { // any one: map order is random
			delete(kc.entries, old)
			break
		}
	}
	kc.entries[k] = &kept[V]{state: state, from: from, expires: expires, value: v}
}

// acceptedEncoding is the encoding the compress middleware would choose, in its order.
func acceptedEncoding(c *fiber.Ctx) string {
	h := &c.Request().Header
	switch {
	case h.HasAcceptEncoding("br"):
		return "br"
	case h.HasAcceptEncoding("gzip"):
		return "gzip"
	case h.HasAcceptEncoding("deflate"):
		return "deflate"
	}
	return ""
}

func compressPage(body []byte, encoding string) []byte {
	switch encoding {
	case "br":
		return fasthttp.AppendBrotliBytesLevel(nil, body, fasthttp.CompressBrotliDefaultCompression)
	case "gzip":
		return fasthttp.AppendGzipBytesLevel(nil, body, fasthttp.CompressDefaultCompression)
	case "deflate":
		return fasthttp.AppendDeflateBytesLevel(nil, body, fasthttp.CompressDefaultCompression)
	}
	return append([]byte(nil), body...)
}

// sendPage answers with a kept page; Content-Encoding tells the compress middleware
// that the body is compressed already.
func sendPage(c *fiber.Ctx, body []byte, encoding string) error {
	c.Vary(fiber.HeaderAcceptEncoding)
	if encoding != "" {
		c.Set(fiber.HeaderContentEncoding, encoding)
	}
	c.Type("html", "utf-8")
	return c.Status(fiber.StatusOK).Send(body)
}

// cacheablePage reports whether this request may get, and may leave, a kept page: an
// anonymous visitor without a message waiting.
func cacheablePage(c *fiber.Ctx) bool {
	return rq(c).User == nil && c.Cookies(flashCookie) == "" && c.Cookies(SessionCookie) == ""
}

// setsCookie reports whether the response sets a cookie: such a page belongs to one
// visitor and is not kept for others.
func setsCookie(c *fiber.Ctx) bool {
	sets := false
	c.Response().Header.VisitAllCookie(func(_, _ []byte) { sets = true })
	return sets
}

// pageExpiry is the first moment after now at which the week's page would render
// differently by the clock alone: a session shown has ended ("Geweest": from just after
// its end, as the template compares), or the
// day changes in a centre's zone (today, this week, the header's week number).
func pageExpiry(now time.Time, days []models.ProgrammeDay, centres ...*models.Centre) time.Time {
	next := now.Add(24 * time.Hour)
	earlier := func(t time.Time) {
		if t.After(now) && t.Before(next) {
			next = t
		}
	}
	for _, c := range centres {
		if c == nil {
			continue
		}
		l := now.In(c.Location())
		earlier(time.Date(l.Year(), l.Month(), l.Day()+1, 0, 0, 0, 0, l.Location()))
	}
	for _, d := range days {
		for _, it := range d.Items {
			earlier(it.EndsAt.Add(time.Nanosecond))
		}
	}
	return next
}
