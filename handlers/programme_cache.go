package handlers

import (
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

// programmeCacheSize bounds the pages kept: every centre, a few weeks and themes, two
// languages and a few encodings fit; an address beyond that pushes an older one out.
const programmeCacheSize = 512

type pageKey struct {
	url, lang, encoding string
	home                int64 // the centre this device chose as its own (0: none)
}

type cachedPage struct {
	state   string    // the programme's state it was rendered from
	expires time.Time // the next moment its time-dependent content changes
	body    []byte    // compressed with encoding
}

// pageCache is safe for concurrent use; its zero value is empty and ready.
type pageCache struct {
	mu    sync.Mutex
	pages map[pageKey]*cachedPage
}

func (pc *pageCache) get(k pageKey, state string, now time.Time) []byte {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	p := pc.pages[k]
	if p == nil || p.state != state || !now.Before(p.expires) {
		return nil
	}
	return p.body
}

func (pc *pageCache) put(k pageKey, p *cachedPage) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if pc.pages == nil {
		pc.pages = make(map[pageKey]*cachedPage)
	}
	if _, ok := pc.pages[k]; !ok && len(pc.pages) >= programmeCacheSize {
		for old := range pc.pages { // any one: map order is random
			delete(pc.pages, old)
			break
		}
	}
	pc.pages[k] = p
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
