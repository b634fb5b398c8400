package handlers_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"onshuis/app"
	"onshuis/app/apptest"
)

// loginAs sends the login form from browser c and returns the answer.
func loginAs(c *apptest.Client, login, password string) *apptest.Response {
	c.T.Helper()
	return c.Submit("/inloggen", "/inloggen", apptest.Form("login", login, "password", password))
}

// retryAfter is the wait an answer asks for, in seconds (0 when none).
func retryAfter(r *apptest.Response) int {
	n, _ := strconv.Atoi(r.Header.Get("Retry-After"))
	return n
}

// Guessing a resident's password from elsewhere slows the guesser down, with waits that
// grow, but cannot keep the resident out of a device they logged in on before (the
// centre's tablet): the old limits locked the account, even for the right password.
func TestLoginGuessingCannotLockOut(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db, apptest.TrustProxy, func(c *app.Config) {
			c.LoginLimitPerAccount = 3
			c.LoginLimitPerIP = 5
			c.LoginLimitWindow = 15 * time.Minute
		})
		s.Setup()
		const centre, home, attackerIP = "192.0.2.10", "198.51.100.7", "203.0.113.66"
		laptop := s.Register("Ayşe Yılmaz", "ayse@example.nl").From(home) // the device she made the account on
		laptop.Submit("/", "/uitloggen", nil)
		tablet := s.Client().From(centre)
		if r := loginAs(tablet, "ayse@example.nl", apptest.Password); r.Status != 303 {
			t.Fatalf("first login on the tablet: %d", r.Status)
		}
		tablet.Submit("/", "/uitloggen", nil)

		attacker := s.Client().From(attackerIP)
		for i := 1; i <= 3; i++ {
			if r := loginAs(attacker, "ayse@example.nl", "raden"+strconv.Itoa(i)); r.Status != 422 {
				t.Fatalf("guess %d: got %d, want 422", i, r.Status)
			}
		}
		// The attacker now waits, even with the right password, and is told so calmly.
		r := loginAs(attacker, "Ayse@example.nl", apptest.Password)
		if r.Status != 429 || retryAfter(r) != 60 {
			t.Errorf("after 3 guesses: got %d, Retry-After %q; want 429 and 60 s", r.Status, r.Header.Get("Retry-After"))
		}
		apptest.Contains(t, r.Body, "Er is te vaak een verkeerd wachtwoord geprobeerd.", "Probeer het over 1 minuut opnieuw.", `value="Ayse@example.nl"`)
		// The wait doubles with each further guess.
		s.Clock.Add(time.Minute)
		if r := loginAs(attacker, "ayse@example.nl", "raden4"); r.Status != 422 {
			t.Errorf("guess after the wait: got %d, want 422", r.Status)
		}
		if r := loginAs(attacker, "ayse@example.nl", "raden5"); r.Status != 429 || retryAfter(r) != 120 {
			t.Errorf("after the 4th guess: got %d, Retry-After %d; want 429 and 120 s", r.Status, retryAfter(r))
		}
		// Waiting is refused before the password is checked and counts no further.
		for i := 0; i < 10; i++ {
			loginAs(attacker, "ayse@example.nl", "raden")
		}
		if r := loginAs(attacker, "ayse@example.nl", "raden"); retryAfter(r) > 120 {
			t.Errorf("refused tries made the wait grow: %d s", retryAfter(r))
		}

		// Meanwhile Ayşe logs in on the tablet she used before, first time right.
		if r := loginAs(tablet, "ayse@example.nl", apptest.Password); r.Status != 303 {
			t.Errorf("resident on her known tablet: got %d, want 303 (locked out by the attacker)", r.Status)
		}
		if r := loginAs(laptop, "ayse@example.nl", apptest.Password); r.Status != 303 {
			t.Errorf("resident on the laptop she registered on: got %d, want 303", r.Status)
		}
		// On a phone the account never logged in on, she waits like the attacker:
		// unknown devices share the account's count (OWASP's device cookies).
		if r := loginAs(s.Client().From(home), "ayse@example.nl", apptest.Password); r.Status != 429 {
			t.Errorf("resident on a new device: got %d, want 429", r.Status)
		}
		// Once the wait is over she gets in there too, and the counts are forgotten a day
		// after the last failure.
		s.Clock.Add(2 * time.Minute)
		phone := s.Client().From(home)
		if r := loginAs(phone, "ayse@example.nl", apptest.Password); r.Status != 303 {
			t.Errorf("resident on a new device after the wait: got %d, want 303", r.Status)
		}
	})
}

// Typos on a known device slow down only that device, with growing waits rather than
// a lock; logging in there clears its count.
func TestLoginTyposOnKnownDevice(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db, apptest.TrustProxy, func(c *app.Config) { c.LoginLimitPerAccount = 3 })
		s.Setup()
		s.Register("Henk van den Berg", "henk@example.nl")
		tablet, phone := s.Client().From("192.0.2.10"), s.Client().From("198.51.100.7")
		for _, c := range []*apptest.Client{tablet, phone} {
			loginAs(c, "henk@example.nl", apptest.Password)
			c.Submit("/", "/uitloggen", nil)
		}
		for i := 0; i < 3; i++ {
			loginAs(tablet, "henk@example.nl", "tikfout")
		}
		if r := loginAs(tablet, "henk@example.nl", apptest.Password); r.Status != 429 || retryAfter(r) != 60 {
			t.Errorf("after 3 typos on the tablet: got %d, Retry-After %d; want 429 after 60 s", r.Status, retryAfter(r))
		}
		if r := loginAs(phone, "henk@example.nl", apptest.Password); r.Status != 303 {
			t.Errorf("his phone, another known device: got %d, want 303", r.Status)
		}
		s.Clock.Add(time.Minute)
		if r := loginAs(tablet, "henk@example.nl", apptest.Password); r.Status != 303 {
			t.Fatalf("the tablet after the wait: got %d, want 303", r.Status)
		}
		tablet.Submit("/", "/uitloggen", nil)
		// Logging in cleared the tablet's count: a new typo is free again.
		if r := loginAs(tablet, "henk@example.nl", "tikfout"); r.Status != 422 {
			t.Errorf("a typo after logging in again: got %d, want 422", r.Status)
		}
	})
}

// Many residents share the centre's address: one person's typos do not hold up the
// others, while guesses at many accounts from one address are slowed down there;
// devices the accounts know still get in. The counts survive a restart.
func TestLoginSharedAddress(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		limits := func(c *app.Config) { c.LoginLimitPerAccount = 3; c.LoginLimitPerIP = 5 }
		s := apptest.Fresh(t, db, apptest.TrustProxy, limits)
		s.Setup()
		const centre = "192.0.2.10"
		names := []string{"truus", "wim", "fatma", "lukasz", "zoe", "agnieszka"}
		for _, n := range names {
			s.Register(n, n+"@example.nl")
		}
		known := s.Client().From(centre)
		loginAs(known, "zoe@example.nl", apptest.Password)
		known.Submit("/", "/uitloggen", nil)

		// Truus cannot remember her password: many tries, on the centre's Wi-Fi.
		truus := s.Client().From(centre)
		for i := 0; i < 8; i++ {
			loginAs(truus, "truus@example.nl", "vergeten"+strconv.Itoa(i))
		}
		if r := loginAs(truus, "truus@example.nl", apptest.Password); r.Status != 429 {
			t.Errorf("Truus after many tries: got %d, want 429", r.Status)
		}
		for _, n := range []string{"wim", "fatma"} {
			if r := loginAs(s.Client().From(centre), n+"@example.nl", apptest.Password); r.Status != 303 {
				t.Errorf("%s on a new phone at the centre after Truus's typos: got %d, want 303", n, r.Status)
			}
		}

		// Someone at the centre guesses at several accounts: the address waits now.
		sprayer := s.Client().From(centre)
		for _, n := range []string{"lukasz", "agnieszka"} {
			loginAs(sprayer, n+"@example.nl", "welkom01")
		}
		if r := loginAs(s.Client().From(centre), "fatma@example.nl", apptest.Password); r.Status != 429 {
			t.Errorf("a new device at the address after 5 failures there: got %d, want 429", r.Status)
		}
		if r := loginAs(s.Client().From("198.51.100.7"), "fatma@example.nl", apptest.Password); r.Status != 303 {
			t.Errorf("from another address: got %d, want 303", r.Status)
		}
		if r := loginAs(known, "zoe@example.nl", apptest.Password); r.Status != 303 {
			t.Errorf("a device Zoë logged in on before, at the same address: got %d, want 303", r.Status)
		}

		// The counts live in the database: a restarted process still makes them wait.
		s.Close()
		s2 := apptest.New(t, s.URL, apptest.TrustProxy, limits)
		if r := loginAs(s2.Client().From(centre), "fatma@example.nl", apptest.Password); r.Status != 429 {
			t.Errorf("after restart: got %d, want 429", r.Status)
		}
		if r := loginAs(s2.Client().From("198.51.100.7"), "truus@example.nl", apptest.Password); r.Status != 429 || !strings.Contains(r.Body, "minuten") && !strings.Contains(r.Body, "minuut") {
			t.Errorf("Truus's account after restart: got %d, want 429", r.Status)
		}
	})
}

// Registration does not say which addresses have an account (a neutral message that
// points to logging in), and one address can try only so many registrations an hour.
func TestRegistrationNeutralAndLimited(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db, apptest.TrustProxy, func(c *app.Config) { c.RegisterLimitPerIP = 3 })
		s.Setup()
		s.Register("Truus Janssen", "truus@example.nl")
		register := func(c *apptest.Client, email, phone string) *apptest.Response {
			return c.Submit("/registreren", "/registreren", apptest.Form("name", "Iemand", "email", email, "phone", phone,
				"password", apptest.Password, "password_repeat", apptest.Password, "consent", "on"))
		}
		const proberIP = "203.0.113.66"
		prober := func() *apptest.Client { return s.Client().From(proberIP) } // a fresh browser each time
		r := register(prober(), "truus@example.nl", "")
		if r.Status != 422 {
			t.Fatalf("taken address: got %d, want 422", r.Status)
		}
		apptest.Contains(t, r.Body, "Met dit e-mailadres kunnen we geen nieuw account maken. Heb je al een account? Log dan in.")
		apptest.NotContains(t, r.Body, "Er is al een account")

		// The fourth try from that address in the hour waits, whatever it sends; the
		// input stays. Another address can still register.
		register(prober(), "a1@example.nl", "")
		register(prober(), "a2@example.nl", "")
		r = register(prober(), "a3@example.nl", "")
		if r.Status != 429 || r.Header.Get("Retry-After") == "" {
			t.Fatalf("fourth registration from one address: got %d, want 429 with Retry-After", r.Status)
		}
		apptest.Contains(t, r.Body, "Vanaf dit netwerk zijn net heel veel accounts gemaakt.", `value="a3@example.nl"`)
		if r := register(s.Client().From("198.51.100.7"), "b1@example.nl", ""); r.Status != 303 {
			t.Errorf("registration from another address: got %d, want 303", r.Status)
		}
		// The count is in the database: another process refuses too.
		second := apptest.New(t, s.URL, apptest.TrustProxy, func(c *app.Config) { c.RegisterLimitPerIP = 3 })
		if r := register(second.Client().From(proberIP), "a4@example.nl", ""); r.Status != 429 {
			t.Errorf("the same address on another process: got %d, want 429", r.Status)
		}
		s.Clock.Add(time.Hour)
		second.Clock.Add(time.Hour)
		if r := register(prober(), "a5@example.nl", ""); r.Status != 303 {
			t.Errorf("an hour later: got %d, want 303", r.Status)
		}
	})
}
