package handlers

import (
	"bytes"
	"compress/flate"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"html/template"
	"time"

	"github.com/gofiber/fiber/v2"

	"onshuis/models"
)

// A logged-in visitor's programme page differs from another's with the same centre,
// address, language and menu only in their name and their session's CSRF token
// (issue 21). It is kept as a shell: the page rendered once with marks in their place,
// cut at the marks into pieces, each piece also deflated on its own. A view fills in
// the visitor's name (escaped as the template escapes it) and token and, for gzip,
// joins the deflated pieces with the two values as stored blocks: no template runs and
// no compressor, and the page is byte for byte the one the templates would give. The
// shell is right under the state of both centres on the page (the programme's and the
// header's) until the clock changes either (pageExpiry).

// shellKey is everything the shell of a logged-in visitor's programme page depends
// on besides the centres' state and the clock.
type shellKey struct {
	url, lang    string
	centre, home int64 // the header's centre; the visitor's own (its programme shows it)
	unseen       int64 // the menu's badge
	mayChoose    bool  // mayChooseHome
	coordinator  bool
	partner      bool
	admin        bool
}

// hole says which of the visitor's values goes between two pieces.
type hole uint8

const (
	holeName hole = iota
	holeToken
)

// shell is a page cut at the visitor's values: pieces[i], holes[i], pieces[i+1], …
type shell struct {
	pieces   [][]byte
	deflated [][]byte // each piece deflated alone, ending byte-aligned (a sync flush)
	holes    []hole
	size     int // of the pieces together
}

// shellMarks are the values a shell is rendered with, found again in its HTML: letters
// and digits only, which no escaping changes, random per process so that no text on
// the page can be one.
type shellMarks struct {
	name, token string
	// escape escapes a name as the layout does (text in an element, html/template's
	// own escaper, so the filled page is the rendered one to the byte).
	escape *template.Template
}

func newShellMarks() shellMarks {
	return shellMarks{
		name: "Name" + rand.Text(), token: "Token" + rand.Text(),
		escape: template.Must(template.New("name").Parse("{{.}}")),
	}
}

// sendProgramme answers a logged-in visitor with the programme page from its shell,
// making the shell first when there is none that is still right. data are the page's
// own values; programme is the centre whose programme it is, expires the moment its
// kept week changes by the clock.
func (h *Handlers) sendProgramme(c *fiber.Ctx, programme *models.VersionedCentre, expires, now time.Time, data fiber.Map) error {
	const name = "programme/week"
	data, err := h.pageData(c, name, data)
	if err != nil {
		return err
	}
	header, err := h.versionedCentre(c)
	if err != nil {
		return err
	}
	r := rq(c)
	token, _ := data["CSRF"].(string)
	choices, _ := data["CentreChoices"].([]centreChoice)
	if header == nil || len(choices) > 0 || !plainToken(token) || c.Cookies(flashCookie) != "" {
		// A coordinator's centre switcher, a message: rendered as any page.
		c.Status(fiber.StatusOK)
		c.Type("html", "utf-8")
		return h.execute(c, c.Response().BodyWriter(), name, data)
	}
	key := shellKey{
		url: c.OriginalURL(), lang: r.Lang, centre: header.ID, home: r.homeCentre(), unseen: r.Unseen,
		mayChoose: mayChooseHome(c), coordinator: r.User.IsCoordinator(), partner: r.User.Role == models.RolePartner, admin: r.User.IsAdmin,
	}
	state := programme.Version() + ";" + header.Version()
	sh, ok := h.shells.get(key, state, now)
	if !ok {
		if sh, err = h.makeShell(c, name, data); err != nil {
			return err
		}
		if e := pageExpiry(now, nil, &header.Centre); e.Before(expires) {
			expires = e // the header's week number
		}
		h.shells.put(key, state, now, expires, sh)
	}
	var escaped bytes.Buffer
	if err := h.marks.escape.Execute(&escaped, r.User.Name); err != nil {
		return fmt.Errorf("escape name: %w", err)
	}
	values := [...][]byte{holeName: escaped.Bytes(), holeToken: []byte(token)}
	encoding := acceptedEncoding(c)
	if c.Request().Header.HasAcceptEncoding("gzip") {
		encoding = "gzip" // every browser takes it, and the pieces are deflated already
	}
	var body []byte
	if encoding == "gzip" {
		body = sh.gzip(values)
	} else {
		body = compressPage(sh.plain(values), encoding)
	}
	return sendPage(c, body, encoding)
}

// makeShell renders the page with the marks for the visitor's name and token and cuts
// it there.
func (h *Handlers) makeShell(c *fiber.Ctx, name string, data fiber.Map) (*shell, error) {
	u := *rq(c).User
	u.Name = h.marks.name
	data["User"], data["CSRF"] = &u, h.marks.token
	var page bytes.Buffer
	if err := h.execute(c, &page, name, data); err != nil {
		return nil, err
	}
	sh := &shell{}
	rest := page.Bytes()
	names := 0
	for {
		i, j := bytes.Index(rest, []byte(h.marks.name)), bytes.Index(rest, []byte(h.marks.token))
		if i < 0 && j < 0 {
			break
		}
		at, length, kind := i, len(h.marks.name), holeName
		if i < 0 || j >= 0 && j < i {
			at, length, kind = j, len(h.marks.token), holeToken
		}
		if kind == holeName {
			names++
		}
		sh.pieces = append(sh.pieces, rest[:at])
		sh.holes = append(sh.holes, kind)
		rest = rest[at+length:]
	}
	sh.pieces = append(sh.pieces, rest)
	if names != 1 {
		return nil, fmt.Errorf("programme shell: the visitor's name is on the page %d times, not once", names)
	}
	var deflated bytes.Buffer
	w, err := flate.NewWriter(&deflated, flate.DefaultCompression)
	if err != nil {
		return nil, fmt.Errorf("programme shell: %w", err)
	}
	for _, p := range sh.pieces {
		sh.size += len(p)
		deflated.Reset()
		w.Reset(&deflated)
		if _, err := w.Write(p); err != nil {
			return nil, fmt.Errorf("programme shell: %w", err)
		}
		if err := w.Flush(); err != nil {
			return nil, fmt.Errorf("programme shell: %w", err)
		}
		sh.deflated = append(sh.deflated, bytes.Clone(deflated.Bytes()))
	}
	return sh, nil
}

// plain is the page with the values filled in.
func (sh *shell) plain(values [2][]byte) []byte {
	out := make([]byte, 0, sh.size+len(sh.holes)*64)
	for i, p := range sh.pieces {
		out = append(out, p...)
		if i < len(sh.holes) {
			out = append(out, values[sh.holes[i]]...)
		}
	}
	return out
}

// gzip is the page with the values filled in as one gzip member (RFC 1952): the
// deflated pieces, each value between them as a stored block (RFC 1951 3.2.4; every
// piece ends byte-aligned), a final empty stored block, and the CRC and size of the
// whole page.
func (sh *shell) gzip(values [2][]byte) []byte {
	n := 10 + 8 + 5
	for _, d := range sh.deflated {
		n += len(d)
	}
	for _, k := range sh.holes {
		n += 5 + len(values[k])
	}
	out := make([]byte, 0, n)
	out = append(out, 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff) // deflate, no name, no time, unknown system
	crc, size := uint32(0), sh.size
	for i, d := range sh.deflated {
		out = append(out, d...)
		crc = crc32.Update(crc, crc32.IEEETable, sh.pieces[i])
		if i < len(sh.holes) {
			v := values[sh.holes[i]]
			out = storedBlock(out, v, false)
			crc = crc32.Update(crc, crc32.IEEETable, v)
			size += len(v)
		}
	}
	out = storedBlock(out, nil, true)
	out = binary.LittleEndian.AppendUint32(out, crc)
	return binary.LittleEndian.AppendUint32(out, uint32(size))
}

// storedBlock appends v as stored deflate blocks, starting byte-aligned (a name or a
// token: one block, which holds up to 65,535 bytes).
func storedBlock(out, v []byte, final bool) []byte {
	for {
		part := v[:min(len(v), 0xffff)]
		v = v[len(part):]
		header := byte(0) // BFINAL 0, BTYPE 00 (stored), then padding to the byte
		if final && len(v) == 0 {
			header = 1
		}
		out = append(out, header)
		out = binary.LittleEndian.AppendUint16(out, uint16(len(part)))
		out = binary.LittleEndian.AppendUint16(out, ^uint16(len(part)))
		out = append(out, part...)
		if len(v) == 0 {
			return out
		}
	}
}

// plainToken reports whether a CSRF token is one no escaping changes (Fiber's UUIDs
// are), so it can be filled into the shell as it is.
func plainToken(t string) bool {
	if t == "" || len(t) > 256 {
		return false
	}
	for _, r := range t {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}
