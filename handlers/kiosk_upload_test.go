package handlers_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"onshuis/app/apptest"
	"onshuis/handlers"
)

type tapJSON struct {
	ID      string `json:"id"`
	At      string `json:"at"`
	Session int64  `json:"session,omitempty"`
}

// uploadTaps sends taps as a door client does and returns the status and the answer.
func uploadTaps(c *apptest.Client, kiosk string, taps []tapJSON) (int, map[string]any) {
	body, _ := json.Marshal(taps)
	req := httptest.NewRequest(http.MethodPost, kiosk+"/tellingen", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	r := c.Do(req)
	var answer map[string]any
	_ = json.Unmarshal([]byte(r.Body), &answer)
	return r.Status, answer
}

func tapID(i int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", i) }

// headcounts counts the kiosk visits per local date.
func headcounts(s *apptest.Server) map[string]int {
	var rows []struct {
		LocalDate string
		N         int
	}
	s.DB.Raw("SELECT local_date, COUNT(*) AS n FROM visits WHERE source = 'headcount' GROUP BY local_date").Scan(&rows)
	out := map[string]int{}
	for _, r := range rows {
		out[r.LocalDate] = r.N
	}
	return out
}

// An offline kiosk's taps (issue 17): sent twice they count once; each counts on the
// day it was made in the centre's zone, also just before midnight; a tap from the
// future or older than a week is refused with the whole batch; a revoked kiosk gets 403.
func TestKioskUploadIsIdempotent(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		s.Clock.Set(time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC))
		activity, _ := s.Activity(coordinator, "Koffieochtend", "0", "weekdays", "3", "start_time", "10:00", "end_time", "12:00", "first_date", "2026-11-25")
		kiosk := kioskOf(t, coordinator, "Tablet bij de deur")
		tablet := s.Client()
		coordinator.Get(fmt.Sprintf("/activiteiten/%d", activity)) // makes the sessions
		s.Clock.Set(apptest.DefaultNow)
		tablet.Get(kiosk)
		yesterday := sessionOn(t, s, activity, "2026-11-25")

		// Wednesday 25 November 23:59 in Amsterdam is 22:59 UTC; the clock is Thursday 10:00.
		batch := []tapJSON{
			{ID: tapID(1), At: "2026-11-25T23:59:30+01:00", Session: yesterday.ID},
			{ID: tapID(2), At: "2026-11-25T22:59:59Z"},
			{ID: tapID(3), At: "2026-11-25T23:00:00Z"}, // 00:00 on Thursday in Amsterdam
		}
		status, answer := uploadTaps(tablet, kiosk, batch)
		if status != 200 || answer["stored"] != 3.0 || len(answer["ids"].([]any)) != 3 {
			t.Fatalf("first upload: %d %v", status, answer)
		}
		status, answer = uploadTaps(tablet, kiosk, batch) // the answer was lost: the tablet sends again
		if status != 200 || answer["stored"] != 0.0 || len(answer["ids"].([]any)) != 3 {
			t.Fatalf("the same upload again: %d %v", status, answer)
		}
		if got := headcounts(s); got["2026-11-25"] != 2 || got["2026-11-26"] != 1 || len(got) != 2 {
			t.Errorf("headcounts per day: %v; want 2 on the 25th (23:59) and 1 on the 26th (00:00)", got)
		}
		att := coordinator.Get(fmt.Sprintf("/sessies/%d/aanwezig", yesterday.ID)).Body
		apptest.Contains(t, att, "en 1 bezoeker zonder naam")

		// Undone and sent once more: the tap does not come back.
		tablet.Submit(kiosk, kiosk+"/ongedaan", nil)
		uploadTaps(tablet, kiosk, batch)
		if got := headcounts(s); got["2026-11-26"] != 0 {
			t.Errorf("an undone tap came back with a retry: %v", got)
		}

		// Refused: a tap from tomorrow, one older than a week, one without a UUID; none is kept.
		status, answer = uploadTaps(tablet, kiosk, []tapJSON{
			{ID: tapID(10), At: "2026-11-26T09:01:00Z"}, // the tablet's clock a minute ahead: fine
			{ID: tapID(11), At: "2026-11-27T09:00:00Z"},
			{ID: tapID(12), At: "2026-11-18T09:00:00Z"},
			{ID: "niet-een-uuid", At: "2026-11-26T08:00:00Z"},
		})
		refused, _ := answer["refused"].([]any)
		if status != 422 || len(refused) != 3 {
			t.Errorf("bad taps: %d %v", status, answer)
		}
		if got := headcounts(s); got["2026-11-26"] != 0 {
			t.Errorf("a refused batch stored taps: %v", got)
		}
		if status, _ := uploadTaps(tablet, "/kiosk/bestaatniet", batch); status != 404 {
			t.Errorf("unknown kiosk: %d", status)
		}
		req := httptest.NewRequest(http.MethodPost, kiosk+"/tellingen", strings.NewReader(`{"id": 1}`))
		if r := tablet.Do(req); r.Status != 400 {
			t.Errorf("not a list: %d", r.Status)
		}

		// The coordinator revokes the tablet: its queued taps are refused with 403.
		var kioskID int64
		s.DB.Raw("SELECT id FROM kiosk_links").Scan(&kioskID)
		coordinator.Submit("/coordinator/deur", fmt.Sprintf("/coordinator/kiosk/%d/intrekken", kioskID), nil)
		status, answer = uploadTaps(tablet, kiosk, []tapJSON{{ID: tapID(20), At: "2026-11-26T08:30:00Z"}})
		if status != 403 || !strings.Contains(fmt.Sprint(answer), "revoked") {
			t.Errorf("revoked kiosk: %d %v", status, answer)
		}
		if got := headcounts(s); got["2026-11-26"] != 0 {
			t.Errorf("a revoked kiosk's tap counted: %v", got)
		}
	})
}

// Taps of a finished week, sent after it ended, change its stored figures.
func TestKioskUploadRecomputesAFinishedWeek(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		kiosk := kioskOf(t, coordinator, "Tablet")
		s.Clock.Set(time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)) // Monday: W48 is over
		coordinator.Get("/coordinator/bezoekers")
		status, _ := uploadTaps(s.Client(), kiosk, []tapJSON{{ID: tapID(1), At: "2026-11-29T22:58:00Z"}}) // Sunday 23:58
		if status != 200 {
			t.Fatalf("upload: %d", status)
		}
		page := coordinator.Get("/coordinator/bezoekers?week=2026-W48").Body
		if v, h, ok := storedWeek(s, "2026-W48"); !ok || v != 1 || h != 1 {
			t.Errorf("stored W48: %d visits, %d headcounts (%v); want 1 and 1\n", v, h, ok)
			t.Log(page)
		}
	})
}

// Many uploads of one batch at once, on two app processes over one PostgreSQL (a tablet
// retrying while its first attempt is still under way): each tap counts once.
func TestKioskUploadsAtOnce(t *testing.T) {
	db := apptest.Postgres(t)
	s := apptest.Fresh(t, db)
	second := apptest.New(t, s.URL)
	coordinator := s.Setup()
	kiosk := kioskOf(t, coordinator, "Tablet")
	var batch []tapJSON
	for i := range 20 {
		batch = append(batch, tapJSON{ID: tapID(i), At: time.Date(2026, 11, 26, 8, i, 0, 0, time.UTC).Format(time.RFC3339)})
	}
	const uploads = 12
	var wg sync.WaitGroup
	start := make(chan struct{})
	statuses := make([]int, uploads)
	stored := make([]float64, uploads)
	for i := range uploads {
		c := s.Client()
		if i%2 == 1 {
			c = c.Use(second.App)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			var answer map[string]any
			statuses[i], answer = uploadTaps(c, kiosk, batch)
			stored[i], _ = answer["stored"].(float64)
		}()
	}
	close(start)
	wg.Wait()
	total := 0.0
	for i := range uploads {
		if statuses[i] != 200 {
			t.Errorf("upload %d: %d", i, statuses[i])
		}
		total += stored[i]
	}
	if n := countVisits(s); n != 20 || total != 20 {
		t.Errorf("%d uploads of 20 taps: %d visits, answers said %v stored; want 20", uploads, n, total)
	}
}

// A kiosk link sends at most KioskUploadsPerMinute uploads a minute: the next is
// refused with 429 and Retry-After, stores nothing, and the next minute it is taken.
func TestKioskUploadRateLimit(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		kiosk := kioskOf(t, coordinator, "Tablet")
		tablet := s.Client()
		s.Clock.Set(time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC))
		for i := range handlers.KioskUploadsPerMinute {
			if status, answer := uploadTaps(tablet, kiosk, []tapJSON{{ID: tapID(i), At: "2026-11-26T08:30:00Z"}}); status != 200 {
				t.Fatalf("upload %d: %d %v", i, status, answer)
			}
		}
		body, _ := json.Marshal([]tapJSON{{ID: tapID(9999), At: "2026-11-26T08:31:00Z"}})
		req := httptest.NewRequest(http.MethodPost, kiosk+"/tellingen", strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		r := tablet.Do(req)
		if r.Status != 429 || r.Header.Get("Retry-After") == "" || !strings.Contains(r.Body, "try again") {
			t.Fatalf("upload over the limit: %d %q %s", r.Status, r.Header.Get("Retry-After"), r.Body)
		}
		if n := countVisits(s); n != handlers.KioskUploadsPerMinute {
			t.Errorf("%d visits, want %d: the refused upload stored its tap", n, handlers.KioskUploadsPerMinute)
		}
		s.Clock.Set(time.Date(2026, 11, 26, 9, 1, 0, 0, time.UTC))
		if status, answer := uploadTaps(tablet, kiosk, []tapJSON{{ID: tapID(9999), At: "2026-11-26T08:31:00Z"}}); status != 200 {
			t.Fatalf("upload a minute later: %d %v", status, answer)
		}
	})
}
