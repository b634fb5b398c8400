package handlers

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"onshuis/format"
	"onshuis/models"
	"onshuis/views"
)

// shown is one stored value as the page shows it: Text for the reader, Value as stored
// (the same as in the JSON download, in a <data> or <time> element).
type shown struct {
	Value, Text string
}

// overview is everything stored about the user, as models.ExportUser has it for the
// JSON download, written out for reading.
type overview struct {
	Exported       shown
	ID             int64
	Name           string
	Email          string // "" when there is none
	Phone          shown  // Value "" when there is none
	Role, Language shown
	HomeCentre     string // "" when none was chosen
	Created        shown
	Participations []overviewParticipation
	Proposals      []overviewProposal
	Volunteer      *overviewVolunteer
	Shifts         []overviewDated // Date.Value "" for every session
	Hours          []overviewHours
	Visits         []overviewVisit
	Skips          []overviewDated
	Devices        []shown
	Consents       []overviewConsent
	Administrator  shown
	LastSeen       shown // Value "" when never
	Centres        []overviewCentre
	MessagePrefs   []overviewPref
	Messages       []overviewMessage
	HealthConsent  *overviewHealthConsent
	HealthChecks   []overviewHealthCheck
	Kept           *overviewKept
}

type overviewCentre struct {
	Centre string
	Role   shown
}

type overviewPref struct{ Kind, On shown }

type overviewMessage struct {
	Kind, Status                shown
	Activity                    string // "" when it is about no activity
	Created, Sent, Seen, Called shown  // Value "" when not (yet)
}

type overviewHealthConsent struct {
	Version string
	Given   shown
}

type overviewHealthCheck struct {
	Date, Source shown
	Scores       []shown // in the order of models.Dimensions
}

type overviewKept struct {
	Reason string
	At     shown
}

type overviewParticipation struct {
	Activity      string
	Status, Since shown
}

type overviewProposal struct {
	Title, Want, Can string
	Status, Created  shown
}

type overviewVolunteer struct {
	Active            shown
	Want, SkillsOther string
	Skills, Languages []shown
	Availability      shown
	Needs             []string
}

// overviewDated is a shift, or a date skipped, of an activity (and a role).
type overviewDated struct {
	Activity, Role string
	Date           shown
}

type overviewHours struct{ Date, Present, Minutes shown }

type overviewVisit struct{ Date, Source shown }

type overviewConsent struct {
	Topic            shown
	Version          string
	Given, Withdrawn shown // Withdrawn.Value "" while it stands
}

// AccountOverview shows the data download as a page: the same fields, readable.
func (h *Handlers) AccountOverview(c *fiber.Ctx) error {
	e, err := models.ExportUser(h.DB, user(c).ID)
	if err != nil {
		return err
	}
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "account/overview", fiber.Map{"Title": "overview.title",
		"O": overviewOf(rq(c).L, centre.Location(), e), "Dimensions": models.Dimensions})
}

// overviewOf writes the export out in the reader's language; times in the centre's zone.
func overviewOf(l *i18n.Localizer, loc *time.Location, e *models.UserExport) overview {
	t := func(id string, args ...any) string { return views.T(l, id, args...) }
	names := views.Names(l)
	at := func(v time.Time) shown {
		return shown{Value: v.UTC().Format(time.RFC3339), Text: format.DayMonthYear(names, v.In(loc)) + ", " + format.Clock(v.In(loc))}
	}
	maybe := func(v *time.Time) shown { // a time that may not be (yet)
		if v == nil {
			return shown{Text: "—"}
		}
		return at(*v)
	}
	day := func(code string) shown { return shown{Value: code, Text: format.DateCode(names, code)} }
	yes := func(b bool) shown {
		if b {
			return shown{Value: "true", Text: t("overview.yes")}
		}
		return shown{Value: "false", Text: t("overview.no")}
	}
	o := overview{Exported: at(e.ExportedAt), ID: e.Account.ID, Name: e.Account.Name,
		Role:     shown{Value: string(e.Account.Role), Text: t("role." + string(e.Account.Role))},
		Language: shown{Value: e.Account.Language, Text: t("language." + e.Account.Language)},
		Created:  at(e.Account.CreatedAt)}
	if e.Account.Email != nil {
		o.Email = *e.Account.Email
	}
	if e.Account.HomeCentre != nil {
		o.HomeCentre = *e.Account.HomeCentre
	}
	if e.Account.Phone != nil {
		o.Phone = shown{Value: *e.Account.Phone, Text: format.Phone(*e.Account.Phone)}
	}
	for _, p := range e.Participations {
		o.Participations = append(o.Participations, overviewParticipation{p.Activity, shown{p.Status, t("overview.participation." + p.Status)}, at(p.Since)})
	}
	for _, p := range e.Proposals {
		o.Proposals = append(o.Proposals, overviewProposal{p.Title, p.Want, p.Can, shown{p.Status, t("proposal.status_" + p.Status)}, at(p.CreatedAt)})
	}
	if v := e.Volunteer; v != nil {
		o.Volunteer = &overviewVolunteer{Active: yes(v.Active), Want: v.Want, SkillsOther: v.SkillsOther, Needs: v.Needs,
			Availability: shown{Value: itoa64(int64(v.Availability)), Text: availabilityText(l, v.Availability)}}
		for _, s := range v.Skills {
			o.Volunteer.Skills = append(o.Volunteer.Skills, shown{s, t("skill." + s)})
		}
		for _, s := range v.Languages {
			o.Volunteer.Languages = append(o.Volunteer.Languages, shown{s, t("language." + s)})
		}
	}
	for _, s := range e.Shifts {
		d := shown{Text: t("roles.every_time")}
		if s.Date != nil {
			d = day(*s.Date)
		}
		o.Shifts = append(o.Shifts, overviewDated{s.Activity, s.Role, d})
	}
	for _, hr := range e.Hours {
		o.Hours = append(o.Hours, overviewHours{day(hr.Date), yes(hr.Present),
			shown{itoa64(int64(hr.Minutes)), t("overview.minutes", "Minutes", hr.Minutes)}})
	}
	for _, v := range e.Visits {
		o.Visits = append(o.Visits, overviewVisit{day(v.Date), shown{v.Source, t("source." + v.Source)}})
	}
	for _, s := range e.Skips {
		o.Skips = append(o.Skips, overviewDated{s.Activity, s.Role, day(s.Date)})
	}
	for _, d := range e.Devices {
		o.Devices = append(o.Devices, at(d.LinkedAt))
	}
	for _, k := range e.Consents {
		o.Consents = append(o.Consents, overviewConsent{shown{k.Topic, t("consent.topic." + k.Topic)}, k.TextVersion, at(k.GivenAt), maybe(k.WithdrawnAt)})
	}
	o.Administrator, o.LastSeen = yes(e.Account.Administrator), maybe(e.Account.LastSeenAt)
	for _, r := range e.Centres {
		o.Centres = append(o.Centres, overviewCentre{r.Centre, shown{r.Role, t("role." + r.Role)}})
	}
	for _, k := range models.Kinds {
		if on, ok := e.MessagePrefs[k]; ok {
			o.MessagePrefs = append(o.MessagePrefs, overviewPref{shown{k, t("notify.kind." + k)}, yes(on)})
		}
	}
	for _, m := range e.Messages {
		om := overviewMessage{Kind: shown{m.Kind, t("notify.kind." + m.Kind)}, Status: shown{m.Status, t("notify.status." + m.Status)},
			Created: at(m.CreatedAt), Sent: maybe(m.SentAt), Seen: maybe(m.SeenAt), Called: maybe(m.CalledAt)}
		if m.Activity != nil {
			om.Activity = *m.Activity
		}
		o.Messages = append(o.Messages, om)
	}
	if hc := e.HealthConsent; hc != nil {
		o.HealthConsent = &overviewHealthConsent{itoa64(int64(hc.WordingVersion)), at(hc.ConsentedAt)}
	}
	for _, hc := range e.HealthChecks {
		check := overviewHealthCheck{Date: day(hc.Date), Source: shown{hc.Source, t("overview.health_source." + hc.Source)}}
		for _, v := range []int{hc.Body, hc.Mental, hc.Meaning, hc.Quality, hc.Participation, hc.Daily} {
			check.Scores = append(check.Scores, shown{itoa64(int64(v)), itoa64(int64(v))})
		}
		o.HealthChecks = append(o.HealthChecks, check)
	}
	if k := e.Kept; k != nil {
		o.Kept = &overviewKept{k.Reason, at(k.KeptAt)}
	}
	return o
}

// availabilityText names the day parts a volunteer can come: "maandag ochtend, …".
func availabilityText(l *i18n.Localizer, bits int) string {
	var parts []string
	for _, row := range availabilityGrid(bits) {
		for _, cell := range row {
			if cell.Checked {
				parts = append(parts, views.WeekdayName(l, cell.Day)+" "+views.T(l, "daypart."+itoa64(int64(cell.Part))))
			}
		}
	}
	if len(parts) == 0 {
		return "—"
	}
	return strings.Join(parts, ", ")
}
