package handlers_test

import (
	"testing"

	"onshuis/app/apptest"
)

// Whatever a resident types into the proposal form, the answer is the form again with
// messages (422) or a saved proposal (303), never an error page.
func FuzzProposalForm(f *testing.F) {
	f.Add("Samen koken", "Wat ik wil", "Wat ik kan", "budget", "Boodschappen", "12,50", "", "food", "12")
	f.Add("", "", "", "volunteers", "kok", "", "x", "none", "-1")
	f.Add("<b>x</b>", "\x00", "é", "room", "", "€", "99", "meeting", "1e9")
	s := apptest.Fresh(f, apptest.Databases(f)[0])
	s.Setup()
	c := s.Register("Fuzzer", "fuzz@example.nl")
	c.Get("/voorstellen/nieuw")
	token := c.CSRF()
	f.Fuzz(func(t *testing.T, title, want, can, kind, desc, amount, volunteers, theme, people string) {
		form := apptest.Form("_csrf", token, "title", title, "want", want, "can", can, "need_kind_0", kind,
			"need_description_0", desc, "need_amount_0", amount, "need_volunteers_0", volunteers, "themes", theme,
			"expected_people", people, "action", "submit")
		r := c.With(t).Post("/voorstellen", form)
		if r.Status != 303 && r.Status != 422 {
			t.Fatalf("proposal form answered %d\n%s", r.Status, r.Body)
		}
	})
}

// The schedule part of the review form: any input gives 303, 422 or (when the
// proposal was already decided) a redirect, never an error page.
func FuzzScheduleForm(f *testing.F) {
	f.Add("weekly", "2", "14:00", "16:00", "2026-12-01", "", "10")
	f.Add("once", "9", "25:00", "13:00", "2026-02-30", "2025-01-01", "-1")
	f.Add("", "", "", "", "", "", "")
	s := apptest.Fresh(f, apptest.Databases(f)[0])
	coordinator := s.Setup()
	resident := s.Register("Voorsteller", "v@example.nl")
	id := s.Propose(resident, "Fuzzactiviteit")
	coordinator.Get("/coordinator/voorstellen")
	token := coordinator.CSRF()
	f.Fuzz(func(t *testing.T, recurrence, weekday, start, end, first, last, capacity string) {
		form := apptest.Form("_csrf", token, "lowers_threshold", "yes", "more_collective", "yes", "healthier", "yes",
			"decision", "approve", "room_id", "999", "capacity", capacity, "recurrence", recurrence, "weekdays", weekday,
			"start_time", start, "end_time", end, "first_date", first, "last_date", last)
		r := coordinator.With(t).Post("/coordinator/voorstellen/"+itoa(id)+"/besluit", form)
		if r.Status != 303 && r.Status != 422 {
			t.Fatalf("review form answered %d\n%s", r.Status, r.Body)
		}
	})
}

func itoa(n int64) string {
	const digits = "0123456789"
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{digits[n%10]}, b...)
	}
	return string(b)
}
