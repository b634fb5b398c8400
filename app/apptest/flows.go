package apptest

import (
	"strings"
	"testing"
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
	if r.Status != 303 || r.Location != "/" {
		s.T.Fatalf("setup: got %d %q, want 303 to /\n%s", r.Status, r.Location, r.Body)
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
