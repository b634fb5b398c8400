package handlers

import (
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"onshuis/format"
	"onshuis/models"
	"onshuis/password"
)

// form reads and checks the fields of a submitted form. It keeps what the user typed
// (to show it again) and one message id per field that needs fixing.
type form struct {
	c      *fiber.Ctx
	Values map[string]string
	Errors map[string]string
}

func newForm(c *fiber.Ctx) *form {
	return &form{c: c, Values: map[string]string{}, Errors: map[string]string{}}
}

// OK reports whether every field passed.
func (f *form) OK() bool { return len(f.Errors) == 0 }

// fail records a message for a field, keeping the first one.
func (f *form) fail(field, messageID string) {
	if _, exists := f.Errors[field]; !exists {
		f.Errors[field] = messageID
	}
}

// clean returns a submitted value without what cannot be stored or shown as text:
// bytes that are not UTF-8 (PostgreSQL refuses them) and control characters (a NUL,
// an escape …); a multi-line field keeps its line breaks and tabs. Surrounding spaces
// go too. ok is false when something was taken out: the field then gets a message,
// and what is left of the input is shown again.
//
// Every text a form sends passes here once, through raw, text, lines or cell.
func clean(v string, multiline bool) (cleaned string, ok bool) {
	keep := func(r rune, size int) bool {
		if r == utf8.RuneError && size == 1 {
			return false // not UTF-8
		}
		return !unicode.IsControl(r) || multiline && (r == '\n' || r == '\r' || r == '\t')
	}
	var b strings.Builder
	ok = true
	for i := 0; i < len(v); {
		r, size := utf8.DecodeRuneInString(v[i:])
		switch {
		case !keep(r, size):
			if ok {
				b.WriteString(v[:i]) // the first bad rune: what came before is good
				ok = false
			}
		case !ok:
			b.WriteString(v[i : i+size])
		}
		i += size
	}
	if ok {
		return strings.TrimSpace(v), true
	}
	return strings.TrimSpace(b.String()), false
}

// field reads a field through clean and keeps it to show again.
func (f *form) field(name string, multiline bool) string {
	v, ok := clean(f.c.FormValue(name), multiline)
	if !ok {
		f.fail(name, "form.invalid_text")
	}
	f.Values[name] = v
	return v
}

// raw returns a one-line field as sent, with surrounding spaces removed, and keeps it
// to show again.
func (f *form) raw(name string) string { return f.field(name, false) }

// text reads a one-line text field of at most max characters; required fields may
// not be empty.
func (f *form) text(name string, required bool, max int) string {
	return f.limit(name, f.raw(name), required, max)
}

// lines reads a text area (line breaks allowed) of at most max characters.
func (f *form) lines(name string, required bool, max int) string {
	return f.limit(name, f.field(name, true), required, max)
}

func (f *form) limit(name, v string, required bool, max int) string {
	switch {
	case v == "" && required:
		f.fail(name, "form.required")
	case utf8.RuneCountInString(v) > max:
		f.fail(name, "form.too_long")
	}
	return v
}

// cell reads one field of a repeated row (a need): like raw, but its message goes into
// the row's own errors under key, where the row shows it.
func (f *form) cell(name string, errs map[string]string, key string) string {
	v, ok := clean(f.c.FormValue(name), false)
	if !ok {
		errs[key] = "form.invalid_text"
	}
	return v
}

// password reads a password field without keeping it to show again.
func (f *form) password(name string) string {
	v := f.c.FormValue(name)
	return v
}

// newPassword checks a chosen password and its repetition.
func (f *form) newPassword(name, repeat string) string {
	pw := f.password(name)
	switch {
	case utf8.RuneCountInString(pw) < 8:
		f.fail(name, "form.password_short")
	case len(pw) > password.MaxBytes:
		f.fail(name, "form.password_long")
	case pw != f.password(repeat):
		f.fail(repeat, "form.password_mismatch")
	}
	return pw
}

// contact reads the email and phone fields, of which at least one is needed.
func (f *form) contact(emailField, phoneField string) (email, phone *string) {
	e, p := f.raw(emailField), f.raw(phoneField)
	if e == "" && p == "" {
		f.fail(emailField, "form.contact_required")
		return nil, nil
	}
	if e != "" {
		if n, ok := models.NormaliseEmail(e); ok && len(n) <= 200 {
			email = &n
		} else {
			f.fail(emailField, "form.email_invalid")
		}
	}
	if p != "" {
		if n, ok := format.ParsePhone(p); ok {
			phone = &n
		} else {
			f.fail(phoneField, "form.phone_invalid")
		}
	}
	return email, phone
}

// contactTaken puts a message (emailMsg, phoneMsg) next to the email or phone field
// when err says another account has it, and returns any other error.
func (f *form) contactTaken(err error, emailMsg, phoneMsg string) error {
	switch {
	case errors.Is(err, models.ErrEmailTaken):
		f.fail("email", emailMsg)
	case errors.Is(err, models.ErrPhoneTaken):
		f.fail("phone", phoneMsg)
	default:
		return err
	}
	return nil
}

// checked reads a checkbox.
func (f *form) checked(name string) bool {
	v := f.c.FormValue(name) != ""
	if v {
		f.Values[name] = "on"
	}
	return v
}

// number reads a whole number between min and max; empty means min.
func (f *form) number(name string, min, max int) int {
	v := f.raw(name)
	if v == "" {
		return min
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < min || n > max {
		f.fail(name, "form.number_invalid")
		return min
	}
	return n
}

// multi reads every value of a repeated field (checkboxes), keeping them to show again.
func (f *form) multi(name string) []string {
	var out []string
	for _, v := range f.c.Request().PostArgs().PeekMulti(name) {
		out = append(out, string(v))
	}
	f.Values[name] = strings.Join(out, ",")
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func itoa(n int) string     { return strconv.Itoa(n) }
func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

func splitComma(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}
