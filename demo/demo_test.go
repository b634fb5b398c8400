package demo_test

import (
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"onshuis/app/apptest"
	"onshuis/demo"
	"onshuis/models"
)

// Seeding the demo twice (every start with --demo) adds nothing the second time.
func TestDemoTwiceDoesNotDuplicate(t *testing.T) {
	apptest.Each(t, func(t *testing.T, kind apptest.Database) {
		db, err := models.Open(kind.Fresh(t), models.PoolConfig{MaxOpenConns: 8}, slog.New(slog.NewTextHandler(io.Discard, nil)), time.Now)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = models.Close(db) })
		if err := models.Migrate(db); err != nil {
			t.Fatal(err)
		}
		opt := demo.Options{BcryptCost: 4, Now: func() time.Time { return apptest.DefaultNow }}
		logins, err := demo.Seed(db, opt)
		if err != nil {
			t.Fatal(err)
		}
		count := func() (centres, users, activities int64) {
			db.Model(&models.Centre{}).Count(&centres)
			db.Model(&models.User{}).Count(&users)
			db.Model(&models.Activity{}).Count(&activities)
			return
		}
		c1, u1, a1 := count()
		if _, err := demo.Seed(db, opt); err != nil {
			t.Fatal(err)
		}
		c2, u2, a2 := count()
		if c1 != 2 || c1 != c2 || u1 != u2 || a1 != a2 || a1 < 8 {
			t.Errorf("demo twice: centres %d→%d users %d→%d activities %d→%d", c1, c2, u1, u2, a1, a2)
		}
		if len(logins) == 0 || logins[0].Role != models.RoleCoordinator {
			t.Errorf("demo logins: %+v", logins)
		}
		u, err := models.UserByLogin(db, "ayse@demo.onshuis.nl")
		if err != nil || u == nil || u.Name != "Ayşe Yılmaz" || !u.PasswordMatches(demo.Password) {
			t.Errorf("demo user: %+v %v", u, err)
		}
	})
}

// The demo's Truus Janssen has only a phone: the lesson called off next Tuesday puts her
// on the call list, and her name alone.
func TestDemoCallList(t *testing.T) {
	apptest.Each(t, func(t *testing.T, kind apptest.Database) {
		// The database's clock (times it stamps) is the demo's.
		db, err := models.Open(kind.Fresh(t), models.PoolConfig{MaxOpenConns: 8}, slog.New(slog.NewTextHandler(io.Discard, nil)),
			func() time.Time { return apptest.DefaultNow })
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = models.Close(db) })
		if err := models.Migrate(db); err != nil {
			t.Fatal(err)
		}
		if _, err := demo.Seed(db, demo.Options{BcryptCost: 4, Now: func() time.Time { return apptest.DefaultNow }}); err != nil {
			t.Fatal(err)
		}
		centre, _ := models.CentreBySlug(db, demo.Slug)
		calls, err := models.CallList(db, centre.ID, nil, apptest.DefaultNow)
		if err != nil {
			t.Fatal(err)
		}
		if len(calls) != 1 || calls[0].Name != "Truus Janssen" || calls[0].Phone == nil || calls[0].Kind != models.KindCancelled {
			t.Fatalf("call list: %+v", calls)
		}
	})
}

// The demo fills two centres, each with its own coordinator, and an administrator who
// coordinates both; on a database holding a real centre it refuses instead.
func TestDemoTwoCentresAndRefusal(t *testing.T) {
	apptest.Each(t, func(t *testing.T, kind apptest.Database) {
		db := apptest.OpenDB(t, kind.Fresh(t))
		if err := models.Migrate(db); err != nil {
			t.Fatal(err)
		}
		opt := demo.Options{BcryptCost: 4, Now: func() time.Time { return apptest.DefaultNow }}
		logins, err := demo.Seed(db, opt)
		if err != nil {
			t.Fatal(err)
		}
		printed := map[string]bool{}
		for _, l := range logins {
			printed[l.Login] = true
		}
		for _, want := range []struct {
			login   string
			admin   bool
			centres int
		}{{"coordinator@demo.onshuis.nl", false, 1}, {"schadewijk@demo.onshuis.nl", false, 1}, {"beheer@demo.onshuis.nl", true, 2}} {
			u, err := models.UserByLogin(db, want.login)
			if err != nil || u == nil {
				t.Fatalf("%s: %v", want.login, err)
			}
			if err := models.LoadCentreLinks(db, u); err != nil {
				t.Fatal(err)
			}
			if !printed[want.login] || u.IsAdmin != want.admin || len(u.Coordinates) != want.centres {
				t.Errorf("%s: printed %v, admin %v, coordinates %v", want.login, printed[want.login], u.IsAdmin, u.Coordinates)
			}
		}
		second, _ := models.CentreBySlug(db, demo.SecondSlug)
		var activities int64
		db.Model(&models.Activity{}).Where("centre_id = ?", second.ID).Count(&activities)
		if activities < 2 {
			t.Errorf("the second demo centre has %d activities", activities)
		}

		real := apptest.OpenDB(t, kind.Fresh(t))
		if err := models.Migrate(real); err != nil {
			t.Fatal(err)
		}
		if _, err := models.CreateCentre(real, models.CentreInput{Name: "Huis van de Wijk Ruwaard", Slug: "ruwaard", TimeZone: models.DefaultTimeZone}); err != nil {
			t.Fatal(err)
		}
		if _, err := demo.Seed(real, opt); !errors.Is(err, demo.ErrRealCentre) || !strings.Contains(err.Error(), "Huis van de Wijk Ruwaard") {
			t.Fatalf("--demo beside a real centre: %v", err)
		}
		var centres int64
		real.Model(&models.Centre{}).Count(&centres)
		if centres != 1 {
			t.Errorf("the refusal left %d centres", centres)
		}
	})
}
