package handlers

import (
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// Public answers that anyone may cache: the API, the embeds and the feed. Their ETag
// is made from the state of the programme (models.VersionedCentre) and what the
// request asked for, never from the answer itself, so a reader that has it already is
// answered 304 from the centre's row alone, before any session or sign-up is read.
const (
	publicMaxAge = 60   // seconds a reader may use an answer before asking again
	staticMaxAge = 3600 // the OpenAPI document changes only with a deploy
)

// etagFormat changes when the shape of an answer changes without the data changing
// (a new field): readers must not keep the old shape.
const etagFormat = "1"

// notModified gives the answer its ETag (weak: compression changes the bytes, not the
// meaning) and Cache-Control, and answers 304 when the reader's If-None-Match holds it;
// it then reports true and the handler is done.
func notModified(c *fiber.Ctx, maxAge int, state ...string) bool {
	sum := sha256.Sum256([]byte(etagFormat + "\x00" + strings.Join(state, "\x00")))
	etag := `W/"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
	c.Set(fiber.HeaderETag, etag)
	c.Set(fiber.HeaderCacheControl, "public, max-age="+strconv.Itoa(maxAge))
	if !etagMatches(c.Get(fiber.HeaderIfNoneMatch), etag) {
		return false
	}
	c.Status(fiber.StatusNotModified)
	return true
}

// etagMatches applies If-None-Match with the weak comparison of RFC 9110 13.1.2: "*"
// or any listed tag whose opaque part equals ours.
func etagMatches(header, etag string) bool {
	if header == "" {
		return false
	}
	ours := strings.TrimPrefix(etag, "W/")
	for _, tag := range strings.Split(header, ",") {
		tag = strings.TrimSpace(tag)
		if tag == "*" || strings.TrimPrefix(tag, "W/") == ours {
			return true
		}
	}
	return false
}
