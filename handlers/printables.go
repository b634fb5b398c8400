package handlers

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"onshuis/format"
	"onshuis/models"
	"onshuis/printables"
	"onshuis/views"
)

// blankRosterRows are the empty rows for people who walk in without signing up.
const blankRosterRows = 8

// pdfWords are the words every multi-page PDF shares.
func pdfWords(l *i18n.Localizer) printables.Words {
	return printables.Words{PageOf: views.T(l, "pdf.page_of", "Page", "{page}", "Pages", "{pages}"), Continued: views.T(l, "pdf.continued")}
}

// Printing shows the coordinator everything there is to print.
func (h *Handlers) Printing(c *fiber.Ctx) error {
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	this := models.WeekOf(h.Now(), centre.Location())
	return h.render(c, fiber.StatusOK, "coordinator/printing", fiber.Map{
		"Title": "printing.title", "ThisWeek": this, "NextWeek": this.Next(),
	})
}

func roomMap(db []models.Room) map[int64]string {
	m := map[int64]string{}
	for _, r := range db {
		m[r.ID] = r.Name
	}
	return m
}

// SessionRoster streams one session's roster as a PDF.
func (h *Handlers) SessionRoster(c *fiber.Ctx) error {
	s, a, centre, err := h.coordinatedSession(c)
	if err != nil {
		return err
	}
	rooms, err := models.RoomsOfCentre(h.DB, centre.ID)
	if err != nil {
		return err
	}
	data, err := models.RosterDataOf(h.DB, []models.Activity{*a}, []models.Session{*s})
	if err != nil {
		return err
	}
	l := rq(c).L
	rosters := rostersOf(l, views.T(l, "printing.roster_title", "Title", a.Title), h)
	rosters.Sessions = []printables.RosterSession{h.rosterOf(l, centre, a, *s, roomMap(rooms), data, blankRosterRows)}
	var buf bytes.Buffer
	if err := printables.WriteRosters(&buf, rosters); err != nil {
		return err
	}
	return sendPDF(c, buf.Bytes(), fmt.Sprintf("rooster-%s-%s.pdf", models.Slugify(a.Title), s.Date))
}

// WeekRosters streams every session of a week as one PDF, one session per page.
func (h *Handlers) WeekRosters(c *fiber.Ctx) error {
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	week, err := h.weekParam(c, centre)
	if err != nil {
		return err
	}
	activities, err := models.PublishedActivities(h.DB, centre.ID, week.Start(), week.End(), "")
	if err != nil {
		return err
	}
	sessions, err := models.SessionsOf(h.DB, activities, week.Start(), week.End(), centre.Location())
	if err != nil {
		return err
	}
	rooms, err := models.RoomsOfCentre(h.DB, centre.ID)
	if err != nil {
		return err
	}
	byID := map[int64]*models.Activity{}
	for i := range activities {
		byID[activities[i].ID] = &activities[i]
	}
	data, err := models.RosterDataOf(h.DB, activities, sessions)
	if err != nil {
		return err
	}
	roomNames := roomMap(rooms)
	l := rq(c).L
	rosters := rostersOf(l, views.T(l, "printing.rosters", "Week", week.Number), h)
	for _, s := range sessions {
		rosters.Sessions = append(rosters.Sessions, h.rosterOf(l, centre, byID[s.ActivityID], s, roomNames, data, blankRosterRows))
	}
	var buf bytes.Buffer
	if err := printables.WriteRosters(&buf, rosters); err != nil {
		return err
	}
	return sendPDF(c, buf.Bytes(), fmt.Sprintf("roosters-%s-%s.pdf", centre.Slug, week))
}

// shortAddress is an address as someone types it from paper: without "https://".
func shortAddress(u string) string {
	return strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
}

// rostersOf starts a roster document: its title and the words every roster uses.
func rostersOf(l *i18n.Localizer, title string, h *Handlers) printables.Rosters {
	return printables.Rosters{
		DocTitle: title, Words: pdfWords(l), Created: h.Now(), Empty: views.T(l, "printing.roster_empty"),
		Columns: [4]string{views.T(l, "printing.roster_number"), views.T(l, "printing.roster_name"),
			views.T(l, "printing.roster_contact"), views.T(l, "printing.roster_signature")},
	}
}

// rosterPerson is a name on a roster with the contact the lead needs: the phone number
// (as people write it) if there is one, else the email address.
func rosterPerson(name string, email, phone *string) printables.RosterPerson {
	p := printables.RosterPerson{Name: name}
	switch {
	case phone != nil:
		p.Contact = format.Phone(*phone)
	case email != nil:
		p.Contact = *email
	}
	return p
}

// rosterOf gathers what one session's roster shows, from data read for all the rosters
// at once (models.RosterDataOf), with blank rows for people who walk in.
func (h *Handlers) rosterOf(l *i18n.Localizer, centre *models.Centre, a *models.Activity, s models.Session, rooms map[int64]string, d *models.RosterData, blankRows int) printables.RosterSession {
	loc := centre.Location()
	start, end := s.StartsAt.In(loc), s.EndsAt.In(loc)
	r := printables.RosterSession{Title: a.Title}
	if !s.Cancelled {
		r.EntryURL = h.BaseURL + "/p/" + strconv.FormatInt(s.ID, 10)
		r.Entry = views.T(l, "printing.roster_entry", "Link", shortAddress(r.EntryURL))
	}
	r.When = format.LongDate(views.Names(l), start) + ", " + format.TimeRange(start, end)
	if a.RoomID != nil && rooms[*a.RoomID] != "" {
		r.When += " · " + rooms[*a.RoomID]
	}
	r.When += " · " + centre.Name
	if a.LeadID != nil {
		// A lead whose account is deleted is still known, without a name.
		if name, ok := d.LeadNames[*a.LeadID]; ok {
			if name == "" {
				name = views.T(l, "person.deleted")
			}
			r.Lead = views.T(l, "printing.roster_lead", "Name", name)
		}
	}
	if s.Cancelled {
		r.Cancelled = views.T(l, "printing.roster_cancelled")
		if s.CancelNote != "" {
			r.Cancelled += ": " + s.CancelNote
		}
	}
	var joined, waiting []printables.RosterPerson
	for _, p := range d.Participants[s.ID] {
		if p.Status == models.Joined {
			joined = append(joined, rosterPerson(p.Name, p.Email, p.Phone))
		} else {
			waiting = append(waiting, rosterPerson(p.Name, p.Email, p.Phone))
		}
	}
	caption := views.T(l, "printing.roster_participants", "Count", len(joined))
	if a.Capacity > 0 {
		caption = views.T(l, "printing.roster_participants_of", "Count", len(joined), "Capacity", a.Capacity)
	}
	r.Lists = append(r.Lists, printables.RosterList{Caption: caption, People: joined},
		printables.RosterList{Caption: views.T(l, "printing.roster_walk_ins"), Blanks: blankRows, From: len(joined) + 1})
	if len(waiting) > 0 {
		r.Lists = append(r.Lists, printables.RosterList{Caption: views.T(l, "printing.roster_waitlist", "Count", len(waiting)), People: waiting})
	}
	for _, role := range d.Roles[a.ID] {
		list := printables.RosterList{Caption: views.T(l, "printing.roster_role", "Role", role.Name, "Needed", role.PerSession)}
		if st := d.Staffing[role.ID][s.ID]; st != nil {
			for _, v := range st.Volunteers {
				list.People = append(list.People, rosterPerson(v.Name, v.Email, v.Phone))
			}
		}
		list.Blanks = max(role.PerSession-len(list.People), 0)
		r.Lists = append(r.Lists, list)
	}
	return r
}

// ProgrammePoster streams a week's programme as a large-type A4 poster for the door,
// with the check-in's QR code.
func (h *Handlers) ProgrammePoster(c *fiber.Ctx) error {
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	week, err := h.weekParam(c, centre)
	if err != nil {
		return err
	}
	return h.programmePoster(c, centre, week, h.checkInURL(centre), "printing.poster_scan")
}

// CentrePoster is a centre's programme poster for anyone to print and hang up (the
// library, the supermarket's notice board): GET /centra/{slug}/poster.pdf. Its QR code
// leads to the centre's programme page; the door's code stays on the coordinator's
// poster, as a check-in counts only at the door.
func (h *Handlers) CentrePoster(c *fiber.Ctx) error {
	centre, err := h.slugCentre(c)
	if err != nil {
		return err
	}
	if centre.ClosedAt != nil {
		return fiber.ErrGone // nothing to hang up: its page says where to go instead
	}
	week, err := h.weekParam(c, &centre.Centre)
	if err != nil {
		return err
	}
	today := h.localNow(&centre.Centre).Format(models.Date)
	if notModified(c, publicMaxAge, "poster", centre.Version(), week.String(), rq(c).Lang, today) {
		return nil
	}
	return h.programmePoster(c, &centre.Centre, week, h.BaseURL+"/centra/"+centre.Slug, "printing.poster_scan_programme")
}

// programmePoster renders the centre's week as a poster, with url as its QR code and
// caption (a message id) under it.
func (h *Handlers) programmePoster(c *fiber.Ctx, centre *models.Centre, week models.Week, url, caption string) error {
	days, err := models.Programme(h.DB, centre, week, "")
	if err != nil {
		return err
	}
	l := rq(c).L
	names := views.Names(l)
	title := views.T(l, "programme.heading", "Week", week.Number)
	poster := printables.ProgrammePoster{DocTitle: title + " – " + centre.Name, Title: title, QRURL: url, QRCaption: views.T(l, caption),
		Footer: views.T(l, "printing.poster_footer"), Words: pdfWords(l), Created: h.Now()}
	poster.CentreName = centre.Name
	if len(days) == 7 {
		poster.Dates = format.DayMonth(names, days[0].Date) + " – " + format.DayMonth(names, days[6].Date)
	}
	for _, d := range days {
		// A day without sessions says what the programme page says.
		pd := printables.PosterDay{Heading: format.WeekdayDayMonth(names, d.Date), Empty: views.T(l, "programme.nothing")}
		for _, it := range d.Items {
			item := printables.PosterItem{Time: format.TimeRange(it.StartsAt, it.EndsAt), Title: it.Title, Note: it.RoomName}
			if it.Cancelled {
				item.Title += " – " + views.T(l, "printing.poster_cancelled")
			}
			if it.Capacity == 0 {
				if item.Note != "" {
					item.Note += ", "
				}
				item.Note += views.T(l, "printing.poster_walk_in")
			}
			pd.Items = append(pd.Items, item)
		}
		poster.Days = append(poster.Days, pd)
	}
	var buf bytes.Buffer
	if err := printables.WriteProgrammePoster(&buf, poster); err != nil {
		return err
	}
	return sendPDF(c, buf.Bytes(), fmt.Sprintf("programma-%s-%s.pdf", centre.Slug, week))
}
