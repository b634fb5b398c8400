package handlers

import (
	"bytes"
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"onshuis/format"
	"onshuis/models"
	"onshuis/notify"
	"onshuis/password"
	"onshuis/printables"
	"onshuis/views"
)

// outboxLimit is how many messages Berichten lists: the newest.
const outboxLimit = 200

// shownMessage is a message as a page shows it: to whom, its state, and its words.
type shownMessage struct {
	ID       int64
	When     string
	To       string
	Contact  string
	Status   string
	Attempts int
	Error    string
	Subject  string
	Lines    []notify.Line
	ICS      bool
	Seen     bool
}

// messagesOf writes the rows in each recipient's language, as they would arrive. The
// password reset's link is never shown: it is only for the person who asked.
func (h *Handlers) messagesOf(c *fiber.Ctx, rows []models.OutboxRow) ([]shownMessage, error) {
	ns := make([]models.Notification, len(rows))
	for i, r := range rows {
		ns[i] = r.Notification
		if r.Kind == models.KindPasswordReset {
			ns[i].Data = "{}"
		}
	}
	ctx, err := models.NotifyContextOf(h.DB, ns)
	if err != nil {
		return nil, err
	}
	centre, err := h.centre(c)
	if err != nil {
		return nil, err
	}
	out := make([]shownMessage, len(rows))
	for i, r := range rows {
		n := &ns[i]
		about := notify.About{Centre: centre}
		if n.CentreID != nil && ctx.Centres[*n.CentreID] != nil {
			about.Centre = ctx.Centres[*n.CentreID]
		}
		if n.ActivityID != nil {
			about.Activity = ctx.Activities[*n.ActivityID]
			if about.Activity != nil && about.Activity.RoomID != nil {
				about.Room = ctx.Rooms[*about.Activity.RoomID]
			}
		}
		m := h.Mail.Render(n, &models.Recipient{ID: r.UserID, Name: r.Name, Language: r.Lang}, about)
		contact := ""
		switch {
		case r.Email != nil:
			contact = *r.Email
		case r.Phone != nil:
			contact = format.Phone(*r.Phone)
		}
		out[i] = shownMessage{ID: r.ID, When: views.ShortDate(rq(c).L, r.CreatedAt.In(about.Centre.Location())) + " " + format.Clock(r.CreatedAt.In(about.Centre.Location())),
			To: r.Name, Contact: contact, Status: r.Status, Attempts: r.Attempts, Error: r.LastError,
			Subject: m.Subject, Lines: m.Lines, ICS: m.ICS != nil, Seen: r.SeenAt != nil}
	}
	return out, nil
}

// Outbox is the coordinator's page Berichten: every message with what happened to it.
func (h *Handlers) Outbox(c *fiber.Ctx) error {
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	rows, err := models.Outbox(h.DB, centre.ID, outboxLimit)
	if err != nil {
		return err
	}
	messages, err := h.messagesOf(c, rows)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "coordinator/outbox", fiber.Map{"Title": "outbox.title", "Messages": messages, "NoSMTP": !h.MailConfigured})
}

// OutboxMessage shows one message as it would arrive.
func (h *Handlers) OutboxMessage(c *fiber.Ctx) error {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return fiber.ErrNotFound
	}
	row, err := models.OutboxMessage(h.DB, id)
	if err != nil {
		return err
	}
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	if row == nil || row.CentreID != nil && *row.CentreID != centre.ID {
		return fiber.ErrNotFound
	}
	messages, err := h.messagesOf(c, []models.OutboxRow{*row})
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "coordinator/outbox_message", fiber.Map{"Title": "outbox.message_title", "Message": messages[0]})
}

// callScope is whose calls the user may see: a coordinator all of the centre's, a
// lead those about the activities they lead (leadID), anyone else none.
func (h *Handlers) callScope(c *fiber.Ctx) (*int64, error) {
	u := user(c)
	if u.IsCoordinator() {
		return nil, nil
	}
	led, err := models.ActivitiesLedBy(h.DB, u.ID)
	if err != nil {
		return nil, err
	}
	if len(led) == 0 {
		return nil, fiber.ErrForbidden
	}
	return &u.ID, nil
}

func (h *Handlers) callList(c *fiber.Ctx) ([]shownMessage, error) {
	leadID, err := h.callScope(c)
	if err != nil {
		return nil, err
	}
	centre, err := h.centre(c)
	if err != nil {
		return nil, err
	}
	rows, err := models.CallList(h.DB, centre.ID, leadID, h.Now())
	if err != nil {
		return nil, err
	}
	return h.messagesOf(c, rows)
}

// CallList is the list of people without e-mail to call, for the coordinator and the
// leads of the activities concerned.
func (h *Handlers) CallList(c *fiber.Ctx) error {
	calls, err := h.callList(c)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "coordinator/calls", fiber.Map{"Title": "calls.title", "Calls": calls})
}

// CallListPDF is the same list to print.
func (h *Handlers) CallListPDF(c *fiber.Ctx) error {
	calls, err := h.callList(c)
	if err != nil {
		return err
	}
	l := rq(c).L
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	doc := printables.CallList{
		DocTitle: views.T(l, "calls.title"), Intro: views.T(l, "calls.intro"),
		Made:    views.T(l, "calls.created", "When", views.LongDate(l, h.Now().In(centre.Location()))+" "+format.Clock(h.Now().In(centre.Location()))),
		Columns: [4]string{views.T(l, "calls.columns.name"), views.T(l, "calls.columns.phone"), views.T(l, "calls.columns.message"), views.T(l, "calls.columns.done")},
		Empty:   views.T(l, "calls.empty"), Words: pdfWords(l), Created: h.Now(),
	}
	for _, m := range calls {
		doc.Rows = append(doc.Rows, printables.CallRow{Name: m.To, Phone: m.Contact, Message: m.Subject})
	}
	var b bytes.Buffer
	if err := printables.WriteCallList(&b, doc); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/pdf")
	c.Set(fiber.HeaderContentDisposition, `inline; filename="bellijst.pdf"`)
	return c.Send(b.Bytes())
}

// MarkCalled ticks a call off the list.
func (h *Handlers) MarkCalled(c *fiber.Ctx) error {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return fiber.ErrNotFound
	}
	leadID, err := h.callScope(c)
	if err != nil {
		return err
	}
	ok, err := models.MarkCalled(h.DB, id, user(c).ID, leadID, h.Now())
	if err != nil {
		return err
	}
	if !ok {
		return fiber.ErrNotFound
	}
	h.setFlash(c, "flash.called")
	return c.Redirect("/bellijst", fiber.StatusSeeOther)
}

// SaveNotifyPrefs stores which messages the user wants (Mijn gegevens).
func (h *Handlers) SaveNotifyPrefs(c *fiber.Ctx) error {
	prefs := map[string]bool{}
	for _, k := range models.Kinds {
		if k == models.KindDigest && !user(c).IsCoordinator() {
			continue // only coordinators are offered the digest
		}
		prefs[k] = c.FormValue("kind_"+k) == "on"
	}
	if err := models.SetNotifyPrefs(h.DB, user(c).ID, prefs); err != nil {
		return err
	}
	h.setFlash(c, "flash.prefs_saved")
	return c.Redirect("/mijn-gegevens#berichten", fiber.StatusSeeOther)
}

// UnsubscribeForm asks before switching a kind off: a link opened by a mail program's
// preview must not unsubscribe anyone.
func (h *Handlers) UnsubscribeForm(c *fiber.Ctx) error {
	kind := c.Params("kind")
	if !validKind(kind) {
		return h.render(c, fiber.StatusNotFound, "account/unsubscribe", fiber.Map{"Title": "unsubscribe.title", "Bad": true})
	}
	return h.render(c, fiber.StatusOK, "account/unsubscribe", fiber.Map{"Title": "unsubscribe.title", "Kind": kind,
		"Action": "/berichten-uit/" + c.Params("token") + "/" + kind})
}

// Unsubscribe switches the kind off for the token's owner: RFC 8058's one-click POST
// from a mail program (no session, no CSRF token: the unguessable token is the
// proof), or the button of UnsubscribeForm. It answers with a plain page.
func (h *Handlers) Unsubscribe(c *fiber.Ctx) error {
	kind := c.Params("kind")
	_, err := models.UnsubscribeByToken(h.DB, c.Params("token"), kind)
	l := h.localizer(h.language(c, nil))
	c.Set(fiber.HeaderCacheControl, "no-store")
	if errors.Is(err, models.ErrBadUnsubscribe) {
		return c.Status(fiber.StatusNotFound).SendString(views.T(l, "unsubscribe.bad"))
	}
	if err != nil {
		return err
	}
	return c.SendString(views.T(l, "unsubscribe.done", "Kind", views.T(l, "notify.kind."+kind)))
}

func validKind(kind string) bool {
	for _, k := range models.Kinds {
		if k == kind {
			return true
		}
	}
	return false
}

// ForgotPasswordForm asks for the e-mail address to send a reset link to.
func (h *Handlers) ForgotPasswordForm(c *fiber.Ctx) error {
	return h.render(c, fiber.StatusOK, "auth/forgot", formPage("reset.title", nil, nil))
}

// ForgotPassword queues the reset mail when the address has an account, and answers
// the same either way, so the page does not tell who has an account.
func (h *Handlers) ForgotPassword(c *fiber.Ctx) error {
	f := newForm(c)
	email := f.text("email", true, 254)
	if f.OK() {
		if _, ok := models.NormaliseEmail(email); !ok {
			f.fail("email", "form.email_invalid")
		}
	}
	if !f.OK() {
		return h.render(c, fiber.StatusUnprocessableEntity, "auth/forgot", formPage("reset.title", f.Values, f.Errors))
	}
	if err := models.RequestPasswordReset(h.DB, email, h.Now()); err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "auth/forgot", fiber.Map{"Title": "reset.title", "Sent": true})
}

// ResetPasswordForm asks for the new password, when the link still works.
func (h *Handlers) ResetPasswordForm(c *fiber.Ctx) error {
	if _, err := models.PasswordResetUser(h.DB, c.Params("token"), h.Now()); err != nil {
		if errors.Is(err, models.ErrResetInvalid) {
			return h.render(c, fiber.StatusNotFound, "auth/reset", fiber.Map{"Title": "reset.choose_title", "Invalid": true})
		}
		return err
	}
	c.Set("Referrer-Policy", "no-referrer") // the token is in the address
	return h.render(c, fiber.StatusOK, "auth/reset", fiber.Map{"Title": "reset.choose_title", "Action": c.Path()})
}

// ResetForgottenPassword sets the new password through the link, once.
func (h *Handlers) ResetForgottenPassword(c *fiber.Ctx) error {
	f := newForm(c)
	pw := f.newPassword("new_password", "new_password_repeat")
	if !f.OK() {
		return h.render(c, fiber.StatusUnprocessableEntity, "auth/reset", fiber.Map{"Title": "reset.choose_title", "Action": c.Path(), "Errors": f.Errors})
	}
	hash, err := password.Hash(pw, h.BcryptCost)
	if err != nil {
		return err
	}
	if _, err := models.UsePasswordReset(h.DB, c.Params("token"), hash, h.Now()); err != nil {
		if errors.Is(err, models.ErrResetInvalid) {
			return h.render(c, fiber.StatusNotFound, "auth/reset", fiber.Map{"Title": "reset.choose_title", "Invalid": true})
		}
		return err
	}
	h.setFlash(c, "flash.password_reset_done")
	return c.Redirect("/inloggen", fiber.StatusSeeOther)
}

// myNotificationsLimit is how many messages Mijn pagina shows: the newest.
const myNotificationsLimit = 10

// myNotifications are the user's newest messages, for Mijn pagina: there for everyone,
// and the only way they arrive for someone without e-mail (the menu's badge counts
// them until this page is seen). Opening the page marks them seen.
func (h *Handlers) myNotifications(c *fiber.Ctx, u *models.User) ([]shownMessage, error) {
	ns, err := models.MyNotifications(h.DB, u.ID, myNotificationsLimit)
	if err != nil || len(ns) == 0 {
		return nil, err
	}
	rows := make([]models.OutboxRow, len(ns))
	for i, n := range ns {
		rows[i] = models.OutboxRow{Notification: n, Name: u.Name, Email: u.Email, Phone: u.Phone, Lang: rq(c).Lang}
	}
	shown, err := h.messagesOf(c, rows)
	if err != nil {
		return nil, err
	}
	if err := models.MarkSeen(h.DB, u.ID, h.Now()); err != nil {
		return nil, err
	}
	rq(c).Unseen = 0
	return shown, nil
}

// ForgotPasswordLimited answers when one address asked for too many reset links: the
// same form, with the message by the field.
func (h *Handlers) ForgotPasswordLimited(c *fiber.Ctx) error {
	h.Log.Warn("password reset rate limit reached", "ip", c.IP(), "request_id", c.Locals(LocalsRequestID))
	f := newForm(c)
	f.raw("email")
	f.Errors = map[string]string{"email": "reset.too_many"}
	return h.render(c, fiber.StatusTooManyRequests, "auth/forgot", formPage("reset.title", f.Values, f.Errors))
}
