package handlers_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"onshuis/app/apptest"
	"onshuis/models"
)

func TestAccountDownloadAndDelete(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		c := s.Register("Agnieszka Kowalska", "agnieszka@example.nl")

		r := c.Get("/mijn-gegevens/download")
		if r.Status != 200 || !strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("download: got %d %q", r.Status, r.Header.Get("Content-Disposition"))
		}
		var export models.UserExport
		if err := json.Unmarshal([]byte(r.Body), &export); err != nil {
			t.Fatalf("download is not JSON: %v", err)
		}
		if export.Account.Name != "Agnieszka Kowalska" || export.Account.Email == nil || *export.Account.Email != "agnieszka@example.nl" {
			t.Errorf("export account: %+v", export.Account)
		}
		if strings.Contains(r.Body, "$2a$") || strings.Contains(strings.ToLower(r.Body), "password") {
			t.Error("export contains the password hash")
		}
		if r := s.Client().Get("/mijn-gegevens/download"); r.Status != 303 {
			t.Errorf("anonymous download: got %d, want redirect to login", r.Status)
		}

		// Deleting needs the tick and the password; the input is kept otherwise.
		r = c.Submit("/mijn-gegevens", "/mijn-gegevens/verwijderen", apptest.Form("password", "verkeerd"))
		if r.Status != 422 {
			t.Fatalf("delete without confirmation: got %d", r.Status)
		}
		apptest.Contains(t, r.Body, "Zet een vinkje", "Dit wachtwoord klopt niet.", `id="f-confirm-error"`, `id="f-password-error"`,
			`name="name" type="text" value="Agnieszka Kowalska"`, `name="email" type="email" value="agnieszka@example.nl"`)
		r = c.PostWithToken("/mijn-gegevens/verwijderen", apptest.Form("confirm", "on", "password", "verkeerd"))
		if r.Status != 422 {
			t.Fatalf("delete with a wrong password: got %d", r.Status)
		}
		apptest.Contains(t, r.Body, `id="f-confirm" name="confirm" type="checkbox" value="on" checked>`, `name="email" type="email" value="agnieszka@example.nl"`)

		u, _ := models.UserByLogin(s.DB, "agnieszka@example.nl")
		r = c.PostWithToken("/mijn-gegevens/verwijderen", apptest.Form("confirm", "on", "password", apptest.Password))
		if r.Status != 303 {
			t.Fatalf("delete: got %d\n%s", r.Status, r.Body)
		}
		apptest.Contains(t, c.Get("/").Body, "Je account en je gegevens zijn verwijderd", "Inloggen")

		after, err := models.UserByID(s.DB, u.ID)
		if err != nil || after == nil {
			t.Fatalf("the anonymised row should stay for the figures: %v %v", after, err)
		}
		if after.Name != "" || after.Email != nil || after.Phone != nil || after.PasswordHash != "" || after.AnonymisedAt == nil {
			t.Errorf("personal data left after delete: %+v", after)
		}
		if r := s.Client().Submit("/inloggen", "/inloggen", apptest.Form("login", "agnieszka@example.nl", "password", apptest.Password)); r.Status != 422 {
			t.Errorf("login after delete: got %d, want 422", r.Status)
		}
		// The address is free again for a new account.
		s.Register("Agnieszka Kowalska", "agnieszka@example.nl")

		// The only coordinator cannot delete their account.
		r = coordinator.Submit("/mijn-gegevens", "/mijn-gegevens/verwijderen", apptest.Form("confirm", "on", "password", apptest.Password))
		if r.Status != 422 || !strings.Contains(r.Body, "Je bent de enige coördinator") {
			t.Errorf("last coordinator delete: got %d", r.Status)
		}
	})
}

// What a user did is in their download, and goes with their account: their place goes
// to the first on the waiting list, their shifts and volunteer offer are removed, the
// visits stay as figures.
func TestExportAndDeleteCoverEverything(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		id, _ := s.Activity(coordinator, "Kaartclub", "1")
		page := fmt.Sprintf("/activiteiten/%d", id)
		truus := s.Register("Truus Janssen", "truus@example.nl")
		truus.Submit(page, page+"/aanmelden", nil)
		wim := s.Register("Wim Verhoeven", "wim@example.nl")
		wim.Submit(page, page+"/aanmelden", nil) // waits
		role := models.VolunteerRole{ActivityID: id, Name: "gastvrouw", PerSession: 1}
		models.AddRole(s.DB, &role)
		s.Volunteer(truus, []string{"hosting"}, []string{"nl"})
		truus.Submit(page+"/vrijwilligers", fmt.Sprintf("/rollen/%d/aanmelden", role.ID), apptest.Form("session", "every"))
		centre, _ := models.DefaultCentre(s.DB)
		truus.Submit("/checkin/"+centre.DoorCode, "/checkin/"+centre.DoorCode, nil)
		s.Propose(truus, "Breiclub")

		var export models.UserExport
		if err := json.Unmarshal([]byte(truus.Get("/mijn-gegevens/download").Body), &export); err != nil {
			t.Fatal(err)
		}
		if len(export.Participations) != 1 || export.Participations[0].Activity != "Kaartclub" || len(export.Proposals) != 1 ||
			export.Volunteer == nil || len(export.Shifts) != 1 || export.Shifts[0].Role != "gastvrouw" || len(export.Visits) != 1 {
			t.Errorf("export: %+v", export)
		}

		r := truus.Submit("/mijn-gegevens", "/mijn-gegevens/verwijderen", apptest.Form("confirm", "on", "password", apptest.Password))
		if r.Status != 303 {
			t.Fatalf("delete: %d", r.Status)
		}
		u, _ := models.UserByID(s.DB, export.Account.ID)
		var left struct{ Participations, Shifts, Profiles, Visits int64 }
		s.DB.Table("participations").Where("user_id = ?", u.ID).Count(&left.Participations)
		s.DB.Table("shifts").Where("user_id = ?", u.ID).Count(&left.Shifts)
		s.DB.Table("volunteer_profiles").Where("user_id = ?", u.ID).Count(&left.Profiles)
		s.DB.Table("visits").Count(&left.Visits)
		if left.Participations+left.Shifts+left.Profiles != 0 || left.Visits != 1 {
			t.Errorf("after deletion: %+v", left)
		}
		apptest.Contains(t, wim.Get(page).Body, "er kwam een plek vrij")
	})
}

func TestChangeDetailsAndPassword(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		zoe := s.Register("Zoe de Vries", "zoe@example.nl")
		s.Register("Wim", "wim@example.nl")

		r := zoe.Submit("/mijn-gegevens", "/mijn-gegevens", apptest.Form("name", "Zoë de Vries", "email", "wim@example.nl", "phone", "06 11112222"))
		if r.Status != 422 || !strings.Contains(r.Body, "Er is al een account met dit e-mailadres") || !strings.Contains(r.Body, `value="06 11112222"`) {
			t.Fatalf("taken email: %d", r.Status)
		}
		// Keeping her own email but taking someone else's phone names the phone.
		wim, _ := models.UserByLogin(s.DB, "wim@example.nl")
		s.DB.Model(&models.User{}).Where("id = ?", wim.ID).Update("phone", "+31633334444")
		r = zoe.PostWithToken("/mijn-gegevens", apptest.Form("name", "Zoë", "email", "zoe@example.nl", "phone", "06 33334444"))
		if r.Status != 422 || !strings.Contains(r.Body, "Er is al een account met dit telefoonnummer") {
			t.Fatalf("taken phone: %d", r.Status)
		}
		r = zoe.PostWithToken("/mijn-gegevens", apptest.Form("name", "Zoë de Vries", "email", "zoe@example.nl", "phone", "06 11112222"))
		if r.Status != 303 {
			t.Fatalf("update: %d\n%s", r.Status, r.Body)
		}
		apptest.Contains(t, zoe.Get("/mijn-gegevens").Body, "Zoë de Vries", "06 11112222", "Je gegevens zijn opgeslagen.")

		r = zoe.Submit("/mijn-gegevens", "/mijn-gegevens/wachtwoord", apptest.Form("current_password", "fout", "new_password", "nieuw geheim wachtwoord", "new_password_repeat", "nieuw geheim wachtwoord"))
		if r.Status != 422 || !strings.Contains(r.Body, "Dit wachtwoord klopt niet.") {
			t.Fatalf("wrong current password: %d", r.Status)
		}
		// The form to change her details, on the same page, still holds them.
		apptest.Contains(t, r.Body, `id="f-current_password-error"`, `name="name" type="text" value="Zoë de Vries"`,
			`name="email" type="email" value="zoe@example.nl"`, `name="phone" type="tel" value="06 11112222"`)
		zoe.PostWithToken("/mijn-gegevens/wachtwoord", apptest.Form("current_password", apptest.Password, "new_password", "nieuw geheim wachtwoord", "new_password_repeat", "nieuw geheim wachtwoord"))
		if r := s.Client().Submit("/inloggen", "/inloggen", apptest.Form("login", "0611112222", "password", "nieuw geheim wachtwoord")); r.Status != 303 {
			t.Errorf("login with the new password: %d", r.Status)
		}

		// Forgot it anyway: the coordinator sets a new one at the centre. Too short, it
		// comes back next to that account's field, as typed.
		u, _ := models.UserByLogin(s.DB, "zoe@example.nl")
		r = coordinator.Submit("/coordinator/accounts", fmt.Sprintf("/coordinator/accounts/%d/wachtwoord", u.ID), apptest.Form("password", "kort"))
		if r.Status != 422 {
			t.Fatalf("short password set by the coordinator: %d", r.Status)
		}
		apptest.Contains(t, r.Body, fmt.Sprintf(`id="f-pw-%d-error"`, u.ID), "Een wachtwoord moet 8 tot 72 tekens hebben.",
			fmt.Sprintf(`id="f-pw-%d" name="password" type="text" autocomplete="off" minlength="8" maxlength="72" value="kort" aria-invalid="true"`, u.ID),
			fmt.Sprintf(`href="#f-pw-%d"`, u.ID))
		coordinator.Submit("/coordinator/accounts", fmt.Sprintf("/coordinator/accounts/%d/wachtwoord", u.ID), apptest.Form("password", "tijdelijk-1234"))
		zoe = s.Client() // the reset ended her sessions
		if r := zoe.Submit("/inloggen", "/inloggen", apptest.Form("login", "zoe@example.nl", "password", "tijdelijk-1234")); r.Status != 303 {
			t.Errorf("login with the password the coordinator set: %d", r.Status)
		}
		if r := zoe.Submit("/", fmt.Sprintf("/coordinator/accounts/%d/wachtwoord", u.ID), apptest.Form("password", "overgenomen!")); r.Status != 403 {
			t.Errorf("resident resetting a password: %d", r.Status)
		}
	})
}
