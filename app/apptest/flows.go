package apptest

import (
	"strconv"
	"strings"
	"testing"

	"onshuis/models"
)

// Password is the password of accounts made by these helpers.
const Password = "een lang wachtwoord"

// Setup runs the first-run setup and returns the coordinator's browser, logged in.
func (s *Server) Setup() *Client {
	s.T.Helper()
	c := s.Client()
	r := c.Submit("/setup", "/setup", Form(
		"centre_name", "Ons Huis van de Wijk", "centre_address", "Ruwaard, Oss",
		"name", "Carla Coördinator", "email", "carla@example.nl",
		"password", Password, "password_repeat", Password))
	if r.Status != 303 || r.Location != "/coordinator" {
		s.T.Fatalf("setup: got %d %q, want 303 to /coordinator\n%s", r.Status, r.Location, r.Body)
	}
	return c
}

// Register creates a resident account and returns their browser, logged in.
func (s *Server) Register(name, email string) *Client {
	s.T.Helper()
	c := s.Client()
	r := c.Submit("/registreren", "/registreren", Form(
		"name", name, "email", email, "password", Password, "password_repeat", Password, "consent", "on"))
	if r.Status != 303 {
		s.T.Fatalf("register %s: got %d, want 303\n%s", email, r.Status, r.Body)
	}
	return c
}

// Login logs an existing account in on a new browser.
func (s *Server) Login(login string) *Client {
	s.T.Helper()
	c := s.Client()
	r := c.Submit("/inloggen", "/inloggen", Form("login", login, "password", Password))
	if r.Status != 303 {
		s.T.Fatalf("login %s: got %d, want 303\n%s", login, r.Status, r.Body)
	}
	return c
}

// Contains fails the test unless body contains every one of want.
func Contains(t testing.TB, body string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("page does not contain %q", w)
		}
	}
	if t.Failed() {
		t.Logf("page:\n%s", body)
	}
}

// NotContains fails the test if body contains any of unwanted.
func NotContains(t testing.TB, body string, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if strings.Contains(body, w) {
			t.Errorf("page contains %q", w)
		}
	}
}

// Propose sends a complete proposal as the user of c and returns its id.
func (s *Server) Propose(c *Client, title string, extra ...string) int64 {
	s.T.Helper()
	form := Form("title", title, "want", "Samen iets doen in de buurt.", "can", "Ik organiseer het.",
		"themes", "meeting", "expected_people", "10", "action", "submit")
	for i := 0; i+1 < len(extra); i += 2 {
		form.Set(extra[i], extra[i+1])
	}
	r := c.Submit("/voorstellen/nieuw", "/voorstellen", form)
	if r.Status != 303 {
		s.T.Fatalf("propose %q: got %d\n%s", title, r.Status, r.Body)
	}
	var id int64
	if err := s.DB.Table("activities").Select("MAX(id)").Where("title = ?", title).Scan(&id).Error; err != nil || id == 0 {
		s.T.Fatalf("propose %q: not stored (%v)", title, err)
	}
	return id
}

// Approve approves proposal id as the coordinator, in the first room, weekly on
// Tuesday 14:00–16:00 from 1 December 2026, with the given capacity. Extra pairs
// override form fields.
func (s *Server) Approve(coordinator *Client, id int64, capacity string, extra ...string) *Response {
	s.T.Helper()
	var roomID int64
	s.DB.Table("rooms").Select("COALESCE(MIN(id), 0)").Scan(&roomID)
	if roomID == 0 {
		s.DB.Exec("INSERT INTO rooms (centre_id, name, capacity, created_at) SELECT MIN(id), 'huiskamer', 40, ? FROM centres", DefaultNow)
		s.DB.Table("rooms").Select("COALESCE(MIN(id), 0)").Scan(&roomID)
	}
	form := Form("lowers_threshold", "yes", "more_collective", "yes", "healthier", "some", "decision", "approve",
		"room_id", itoa(roomID), "capacity", capacity, "recurrence", "weekly", "weekdays", "2",
		"start_time", "14:00", "end_time", "16:00", "first_date", "2026-12-01")
	for i := 0; i+1 < len(extra); i += 2 {
		form.Del(extra[i])
	}
	for i := 0; i+1 < len(extra); i += 2 {
		form.Add(extra[i], extra[i+1])
	}
	path := "/coordinator/voorstellen/" + itoa(id)
	return coordinator.Submit(path, path+"/besluit", form)
}

// Activity returns a published activity with the given capacity, proposed by a new
// resident (the lead, returned too) and approved by the coordinator.
func (s *Server) Activity(coordinator *Client, title, capacity string, extra ...string) (id int64, lead *Client) {
	s.T.Helper()
	lead = s.Register("Leider "+title, strings.ToLower(strings.ReplaceAll(title, " ", ""))+"@lead.example")
	id = s.Propose(lead, title)
	if r := s.Approve(coordinator, id, capacity, extra...); r.Status != 303 {
		s.T.Fatalf("approve %q: got %d\n%s", title, r.Status, r.Body)
	}
	return id, lead
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// Volunteer makes the user of c an active volunteer with the given skills and
// availability bits (see models.AvailabilityBit).
func (s *Server) Volunteer(c *Client, skills []string, languages []string, availability ...int) {
	s.T.Helper()
	form := Form("want", "Helpen waar het nodig is.")
	for _, sk := range skills {
		form.Add("skills", sk)
	}
	for _, l := range languages {
		form.Add("languages", l)
	}
	for _, a := range availability {
		form.Add("availability", strconv.Itoa(a))
	}
	if r := c.Submit("/vrijwilliger", "/vrijwilliger", form); r.Status != 303 {
		s.T.Fatalf("volunteer: got %d\n%s", r.Status, r.Body)
	}
}

// GiveRole makes the account with that e-mail address coordinator or partner of the
// default centre (or resident), as the accounts page would.
func (s *Server) GiveRole(email string, role models.Role) {
	s.T.Helper()
	u, err := models.UserByLogin(s.DB, email)
	if err != nil || u == nil {
		s.T.Fatalf("give role: no account %s (%v)", email, err)
	}
	centre, err := models.DefaultCentre(s.DB)
	if err != nil || centre == nil {
		s.T.Fatalf("give role: no centre (%v)", err)
	}
	if err := models.SetUserRole(s.DB, u.ID, role, centre.ID); err != nil {
		s.T.Fatalf("give role %s to %s: %v", role, email, err)
	}
}
