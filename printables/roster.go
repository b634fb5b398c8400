package printables

import (
	"fmt"
	"io"
	"time"

	"github.com/jung-kurt/gofpdf"

	"onshuis/format"
	"onshuis/models"
)

// RosterPerson is a name on a roster with the contact details the lead needs.
type RosterPerson struct {
	Name    string
	Contact string
}

// RosterRole is a volunteer role with who is on it for the session.
type RosterRole struct {
	Name       string
	PerSession int
	Volunteers []RosterPerson
}

// RosterSession is everything one session's roster shows.
type RosterSession struct {
	CentreName    string
	ActivityTitle string
	Room          string
	Lead          string
	Start, End    time.Time // in the centre's zone
	Cancelled     bool
	CancelNote    string
	Capacity      int // 0 = walk-in
	Participants  []RosterPerson
	Waitlist      []RosterPerson
	Roles         []RosterRole
	BlankRows     int // empty rows for walk-ins
}

var dutchDays = [7]string{"zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"}
var dutchMonths = [12]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}

// dutchDate is "dinsdag 24 november 2026".
func dutchDate(t time.Time) string {
	return fmt.Sprintf("%s %d %s %d", dutchDays[t.Weekday()], t.Day(), dutchMonths[t.Month()-1], t.Year())
}

// WriteRosters writes the rosters of one or more sessions, each starting on a new page,
// with the table header repeated after a page break and "Pagina x van y" at the bottom.
func WriteRosters(w io.Writer, title string, sessions []RosterSession, created time.Time) error {
	pdf := newPDF("P", created, title)
	pdf.SetMargins(15, 15, 15)
	pdf.SetAutoPageBreak(false, 15)
	pageNumbers(pdf)
	for _, s := range sessions {
		writeRoster(pdf, s)
	}
	if len(sessions) == 0 {
		pdf.AddPage()
		pdf.SetFont(fontFamily, "", 14)
		pdf.Cell(0, 10, "Deze week staan er geen activiteiten op het programma.")
	}
	return finish(pdf, w)
}

func writeRoster(pdf *gofpdf.Fpdf, s RosterSession) {
	pdf.AddPage()
	head := func(continued bool) {
		pdf.SetTextColor(29, 29, 27)
		pdf.SetFont(fontFamily, "B", 18)
		t := s.ActivityTitle
		if continued {
			t += " (vervolg)"
		}
		pdf.MultiCell(0, 8, t, "", "L", false)
		pdf.SetFont(fontFamily, "", 11)
		line := fmt.Sprintf("%s, %s–%s", dutchDate(s.Start), s.Start.Format("15:04"), s.End.Format("15:04"))
		if s.Room != "" {
			line += " · " + s.Room
		}
		line += " · " + s.CentreName
		pdf.MultiCell(0, 6, line, "", "L", false)
		if s.Lead != "" {
			pdf.MultiCell(0, 6, "Begeleiding: "+s.Lead, "", "L", false)
		}
		if s.Cancelled {
			pdf.SetTextColor(163, 22, 26)
			pdf.SetFont(fontFamily, "B", 12)
			note := "GAAT NIET DOOR"
			if s.CancelNote != "" {
				note += ": " + s.CancelNote
			}
			pdf.MultiCell(0, 7, note, "", "L", false)
			pdf.SetTextColor(29, 29, 27)
		}
		pdf.Ln(2)
	}
	head(false)
	again := func() { head(true) }
	people := func(caption string, list []RosterPerson, blanks, from int) table {
		t := table{Caption: caption, Headers: []string{"#", "Naam", "Contact", "Handtekening"},
			Widths: []float64{10, 70, 65, 35}, RowH: 8}
		for i := 0; i < len(list)+blanks; i++ {
			row := []string{fmt.Sprint(from + i), "", "", ""}
			if i < len(list) {
				row[1], row[2] = list[i].Name, list[i].Contact
			}
			t.Rows = append(t.Rows, row)
		}
		return t
	}
	caption := fmt.Sprintf("Deelnemers (%d", len(s.Participants))
	if s.Capacity > 0 {
		caption += fmt.Sprintf(" van %d", s.Capacity)
	}
	drawTable(pdf, people(caption+")", s.Participants, 0, 1), again)
	drawTable(pdf, people("Zonder aanmelding binnengelopen", nil, s.BlankRows, len(s.Participants)+1), again)
	if len(s.Waitlist) > 0 {
		drawTable(pdf, people(fmt.Sprintf("Wachtlijst (%d)", len(s.Waitlist)), s.Waitlist, 0, 1), again)
	}
	for _, r := range s.Roles {
		drawTable(pdf, people(fmt.Sprintf("Vrijwilligers: %s (%d nodig)", r.Name, r.PerSession), r.Volunteers, max(r.PerSession-len(r.Volunteers), 0), 1), again)
	}
}

// Person is a name on a roster with the contact the lead needs: the phone number (as
// people write it) if there is one, else the email address.
func Person(name string, email, phone *string) RosterPerson {
	p := RosterPerson{Name: name}
	switch {
	case phone != nil:
		p.Contact = format.Phone(*phone)
	case email != nil:
		p.Contact = *email
	}
	return p
}

// RosterOf gathers what one session's roster shows, from data read for all the
// rosters at once (models.RosterDataOf), with blank rows for people who walk in.
func RosterOf(centre *models.Centre, a *models.Activity, s models.Session, rooms map[int64]string, d *models.RosterData, blankRows int) RosterSession {
	loc := centre.Location()
	r := RosterSession{
		CentreName: centre.Name, ActivityTitle: a.Title, Start: s.StartsAt.In(loc), End: s.EndsAt.In(loc),
		Cancelled: s.Cancelled, CancelNote: s.CancelNote, Capacity: a.Capacity, BlankRows: blankRows,
	}
	if a.RoomID != nil {
		r.Room = rooms[*a.RoomID]
	}
	if a.LeadID != nil {
		r.Lead = d.LeadNames[*a.LeadID]
	}
	for _, p := range d.Participants[s.ID] {
		if p.Status == models.Joined {
			r.Participants = append(r.Participants, Person(p.Name, p.Email, p.Phone))
		} else {
			r.Waitlist = append(r.Waitlist, Person(p.Name, p.Email, p.Phone))
		}
	}
	for _, role := range d.Roles[a.ID] {
		rr := RosterRole{Name: role.Name, PerSession: role.PerSession}
		if st := d.Staffing[role.ID][s.ID]; st != nil {
			for _, v := range st.Volunteers {
				rr.Volunteers = append(rr.Volunteers, Person(v.Name, v.Email, v.Phone))
			}
		}
		r.Roles = append(r.Roles, rr)
	}
	return r
}
