package notify

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"

	"onshuis/format"
	"onshuis/models"
	"onshuis/printables"
	"onshuis/views"
)

// Message is a notification as the person reads it.
type Message struct {
	Subject string
	Lines   []Line // the paragraphs; Text and HTML are made from them
	ICS     []byte // the session as a calendar entry, or nil
	// Unsubscribe is the one-click link that switches this kind off (empty for a
	// password reset, which the person asked for).
	Unsubscribe string
}

// Line is one paragraph, optionally with a link.
type Line struct {
	Text string
	URL  string
	// Footer marks the lines about the mail itself (unsubscribe, choices), which a
	// page that shows the message leaves out.
	Footer bool
}

// Text is the plain-text body.
func (m Message) Text() string {
	var b strings.Builder
	for _, l := range m.Lines {
		b.WriteString(l.Text)
		if l.URL != "" {
			b.WriteString("\n" + l.URL)
		}
		b.WriteString("\n\n")
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

var htmlBody = template.Must(template.New("mail").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="font-family: sans-serif; font-size: 17px; line-height: 1.5; color: #1a1a1a; max-width: 36em">
{{range .Lines}}<p>{{.Text}}{{if .URL}}<br><a href="{{.URL}}">{{.URL}}</a>{{end}}</p>
{{end}}</body></html>
`))

// HTML is the simple HTML body, with the same words as Text.
func (m Message) HTML(lang string) string {
	var b bytes.Buffer
	if err := htmlBody.Execute(&b, map[string]any{"Lang": lang, "Subject": m.Subject, "Lines": m.Lines}); err != nil {
		return "" // the template is fixed and its data plain strings
	}
	return b.String()
}

// About is what a message concerns beyond its own data, loaded by the sender (or the
// Berichten page) for a batch of messages at once.
type About struct {
	Centre   *models.Centre
	Activity *models.Activity
	Room     string
	Next     *models.Session // the next session, for a place from the waiting list
}

// Renderer writes messages in the reader's language.
type Renderer struct {
	Bundle  *i18n.Bundle
	BaseURL string
	Now     func() time.Time
}

// Render writes notification n for recipient r. Nothing in it names anyone but r.
func (rd *Renderer) Render(n *models.Notification, r *models.Recipient, about About) Message {
	lang := views.SupportedLanguage(r.Language)
	l := i18n.NewLocalizer(rd.Bundle, lang)
	t := func(id string, args ...any) string { return views.T(l, id, args...) }
	d := n.DecodeData()
	loc := time.UTC
	centre := ""
	if about.Centre != nil {
		loc, centre = about.Centre.Location(), about.Centre.Name
	}
	when := func(from, to time.Time) string {
		from, to = from.In(loc), to.In(loc)
		return format.WeekdayDayMonth(views.Names(l), from) + ", " + format.TimeRange(from, to)
	}
	activityURL := ""
	if n.ActivityID != nil {
		activityURL = fmt.Sprintf("%s/activiteiten/%d", rd.BaseURL, *n.ActivityID)
	}
	first := r.Name
	if i := strings.IndexByte(first, ' '); i > 0 {
		first = first[:i]
	}
	m := Message{Lines: []Line{{Text: t("mail.hello", "Name", first)}}}
	add := func(text, url string) { m.Lines = append(m.Lines, Line{Text: text, URL: url}) }
	var event *printables.CalendarEvent
	switch n.Kind {
	case models.KindPromoted:
		m.Subject = t("mail.promoted.subject", "Activity", d.Activity)
		add(t("mail.promoted.body", "Activity", d.Activity), "")
		if s := about.Next; s != nil {
			add(t("mail.promoted.next", "When", when(s.StartsAt, s.EndsAt)), activityURL)
			event = rd.event(s, d.Activity, about, activityURL, false)
		} else {
			add(t("mail.see_activity"), activityURL)
		}
		add(t("mail.promoted.leave"), activityURL+"/afmelden")
	case models.KindCancelled:
		day := format.WeekdayDayMonth(views.Names(l), d.StartsAt.In(loc))
		m.Subject = t("mail.cancelled.subject", "Activity", d.Activity, "Day", day)
		add(t("mail.cancelled.body", "Activity", d.Activity, "When", when(d.StartsAt, d.EndsAt)), "")
		if d.Note != "" {
			add(t("mail.cancelled.note", "Note", d.Note), "")
		}
		add(t("mail.see_activity"), activityURL)
		if n.SessionID != nil {
			event = rd.event(&models.Session{ID: *n.SessionID, StartsAt: d.StartsAt, EndsAt: d.EndsAt}, d.Activity, about, activityURL, true)
		}
	case models.KindMoved:
		m.Subject = t("mail.moved.subject", "Activity", d.Activity)
		add(t("mail.moved.body", "Activity", d.Activity, "Schedule", scheduleWords(l, d)), "")
		add(t("mail.see_activity"), activityURL)
	case models.KindDecision:
		m.Subject = t("mail.decision."+d.Decision+".subject", "Activity", d.Activity)
		add(t("mail.decision."+d.Decision+".body", "Activity", d.Activity), "")
		if d.Reason != "" {
			add(t("mail.decision.reason", "Reason", d.Reason), "")
		}
		add(t("mail.decision.mine"), rd.BaseURL+"/mijn-voorstellen")
	case models.KindReminder:
		m.Subject = t("mail.reminder.subject", "Activity", d.Activity, "Time", format.Clock(d.StartsAt.In(loc)))
		if d.Volunteer {
			add(t("mail.reminder.volunteer", "Activity", d.Activity, "When", when(d.StartsAt, d.EndsAt), "Role", d.Role), "")
		} else {
			add(t("mail.reminder.participant", "Activity", d.Activity, "When", when(d.StartsAt, d.EndsAt)), "")
		}
		if n.SessionID != nil {
			event = rd.event(&models.Session{ID: *n.SessionID, StartsAt: d.StartsAt, EndsAt: d.EndsAt}, d.Activity, about, activityURL, false)
		}
		add(t("mail.see_activity"), activityURL)
	case models.KindHours:
		month := format.MonthCode(views.Names(l), d.Month)
		hours := format.Decimal(float64(d.Minutes) / 60)
		m.Subject = t("mail.hours.subject", "Month", month)
		add(t("mail.hours.body", "Month", month, "Hours", hours, "Count", d.Sessions), "")
		add(t("mail.hours.thanks"), rd.BaseURL+"/mijn-diensten")
	case models.KindDigest:
		m.Subject = t("mail.digest.subject", "Centre", centre)
		if len(d.Proposals) > 0 {
			add(t("mail.digest.proposals", "Count", len(d.Proposals), "List", strings.Join(d.Proposals, ", ")), rd.BaseURL+"/coordinator/voorstellen")
		}
		if len(d.Needs) > 0 {
			add(t("mail.digest.needs", "Count", len(d.Needs), "List", strings.Join(d.Needs, ", ")), rd.BaseURL+"/hulp-gezocht")
		}
	case models.KindPasswordReset:
		m.Subject = t("mail.reset.subject")
		if d.Token == "" {
			add(t("mail.reset.body"), rd.BaseURL+"/wachtwoord-vergeten/…")
		} else {
			add(t("mail.reset.body"), rd.BaseURL+"/wachtwoord-vergeten/"+d.Token)
		}
		add(t("mail.reset.not_you"), "")
	default:
		m.Subject = n.Kind
	}
	if n.Kind != models.KindPasswordReset && r.Token != "" {
		m.Unsubscribe = fmt.Sprintf("%s/berichten-uit/%s/%s", rd.BaseURL, r.Token, n.Kind)
		m.Lines = append(m.Lines, Line{Text: t("mail.unsubscribe", "Kind", t("notify.kind."+n.Kind)), URL: m.Unsubscribe, Footer: true},
			Line{Text: t("mail.prefs"), URL: rd.BaseURL + "/mijn-gegevens#berichten", Footer: true})
	}
	if event != nil {
		var b bytes.Buffer
		err := printables.WriteICal(&b, printables.Calendar{Name: d.Activity, Zone: loc, Events: []printables.CalendarEvent{*event},
			Stamp: rd.Now(), Products: "-//Ons Huis//Berichten//NL"})
		if err == nil {
			m.ICS = b.Bytes()
		}
	}
	return m
}

// event is the session as a calendar entry, with the same UID as in the feeds, so a
// phone that has the feed updates the entry instead of adding a second one.
func (rd *Renderer) event(s *models.Session, title string, about About, url string, cancelled bool) *printables.CalendarEvent {
	host := strings.TrimPrefix(strings.TrimPrefix(rd.BaseURL, "https://"), "http://")
	loc := time.UTC
	if about.Centre != nil {
		loc = about.Centre.Location()
	}
	var activityID int64
	if about.Activity != nil {
		activityID = about.Activity.ID
	}
	location := about.Room
	if about.Centre != nil {
		location = strings.Trim(location+", "+about.Centre.Name, ", ")
	}
	return &printables.CalendarEvent{UID: fmt.Sprintf("activiteit-%d-%s@%s", activityID, s.StartsAt.In(loc).Format(models.Date), host), Title: title, Location: location,
		URL: url, Start: s.StartsAt, End: s.EndsAt, Cancelled: cancelled, Modified: rd.Now()}
}

// scheduleWords writes a schedule as "elke dinsdag en donderdag, 14:00–16:00".
func scheduleWords(l *i18n.Localizer, d models.NotifyData) string {
	times := d.StartTime + "–" + d.EndTime
	if d.Recurrence != models.RecurrenceWeekly {
		day, err := time.Parse(models.Date, d.FirstDate)
		if err != nil {
			return times
		}
		return format.WeekdayDayMonth(views.Names(l), day) + ", " + times
	}
	var days []string
	for wd := time.Monday; ; wd = (wd + 1) % 7 {
		if d.Weekdays&models.WeekdayBit(wd) != 0 {
			days = append(days, views.WeekdayName(l, wd))
		}
		if wd == time.Sunday {
			break
		}
	}
	return views.T(l, "mail.moved.weekly", "Days", strings.Join(days, ", ")) + ", " + times
}
