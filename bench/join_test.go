package bench

import (
	"fmt"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	"onshuis/app/apptest"
	"onshuis/models"
)

// Modes of joinRound besides the plain timed round.
const (
	roundProfile = 1 + iota
	roundProbe
)

const (
	joinResidents = 100 // residents pressing "Ik doe mee" at the same moment
	joinPlaces    = 20  // places of the activity they race for
)

// BenchmarkJoin lets 100 logged-in residents POST the join form of one activity with
// 20 places at the same moment, round after round (a new activity each round), over a
// real TCP connection. One op is one join POST; the clock only runs while the POSTs are
// in flight (loading the activity page for the CSRF token is not timed).
//
// After every round it checks, and fails the benchmark otherwise, that every POST got
// its redirect, that exactly 20 residents got a place and the other 80 are on the waiting
// list, and that nobody got a place after someone was put on the waiting list.
func BenchmarkJoin(b *testing.B) {
	eachDatabase(b, func(b *testing.B, db apptest.Database) {
		f := newFixture(b, db)
		residents := make([]*browser, joinResidents)
		for i := range residents {
			residents[i] = f.browser(b)
			if err := residents[i].login(*f.residents[100+i].Email); err != nil {
				b.Fatal(err)
			}
		}
		// One round with every statement timed, to see where a join's time goes, and
		// one with a visitor loading the programme meanwhile, to see whether a burst
		// of joins holds up other pages.
		f.joinRound(b, residents, roundProfile)
		f.joinRound(b, residents, roundProbe)
		b.Run(fmt.Sprintf("%d-residents-%d-places", joinResidents, joinPlaces), func(b *testing.B) {
			f.timing.reset()
			var latencies []time.Duration
			var queries int64
			b.ResetTimer()
			b.StopTimer()
			for done := 0; done < b.N; {
				n := min(joinResidents, b.N-done)
				l, q := f.joinRound(b, residents[:n], 0)
				latencies = append(latencies, l...)
				queries += q
				done += n
			}
			f.reportServer(b, "POST /activiteiten/:id/aanmelden", queries)
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "joins/s")
			slices.Sort(latencies)
			b.ReportMetric(ms(latencies[len(latencies)/2]), "p50-ms")
			b.ReportMetric(ms(latencies[len(latencies)*99/100]), "p99-ms")
		})
	})
}

// joinRound publishes a new activity with joinPlaces places, lets every resident load
// its page, then (timed) has them all POST join at once, and checks the outcome. It
// returns the latency of each POST as the resident saw it, and the SQL statements the
// POSTs ran. With roundProfile it logs the statements of the POSTs; with roundProbe
// it logs how long GET / took for another visitor while the POSTs were in flight.
func (f *fixture) joinRound(b *testing.B, residents []*browser, mode int) ([]time.Duration, int64) {
	b.Helper()
	a := models.Activity{
		CentreID: f.centre.ID, Title: "Bankjes schilderen", Want: "Samen de bankjes in de wijk opknappen.",
		Can: "Ik regel verf en kwasten.", Themes: "meeting", Capacity: joinPlaces,
		Recurrence: models.RecurrenceOnce, StartTime: "10:00", EndTime: "12:00",
		FirstDate: f.Clock.Now().AddDate(0, 0, 7).Format(models.Date), Status: models.StatusApproved,
	}
	if err := f.DB.Create(&a).Error; err != nil {
		b.Fatal(err)
	}
	page := fmt.Sprintf("/activiteiten/%d", a.ID)
	if st, _, err := residents[0].get(page); err != nil || st != 200 { // creates the session
		b.Fatalf("GET %s: %d %v", page, st, err)
	}

	// Everyone loads the page and takes the form's token (not timed).
	tokens := make([]string, len(residents))
	errs := make([]error, len(residents))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i, w := range residents {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			st, _, err := w.get(page)
			if err == nil && st != 200 {
				err = fmt.Errorf("status %d", st)
			}
			if err == nil {
				tokens[i], err = w.csrf()
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			b.Fatalf("resident %d, GET %s: %v", i, page, err)
		}
	}

	// Everyone presses "Ik doe mee" at the same moment.
	statuses := make([]int, len(residents))
	latencies := make([]time.Duration, len(residents))
	start := make(chan struct{})
	for i, w := range residents {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			t0 := time.Now()
			statuses[i], _, errs[i] = w.post(page+"/aanmelden", url.Values{"_csrf": {tokens[i]}})
			latencies[i] = time.Since(t0)
		}()
	}
	if mode == roundProfile {
		f.startProfile()
	}
	var probe []time.Duration
	probeDone, stop := make(chan struct{}), make(chan struct{})
	if mode == roundProbe {
		visitor := f.browser(b)
		visitor.get("/")
		go func() {
			defer close(probeDone)
			<-start
			for {
				select {
				case <-stop:
					return
				default:
				}
				t0 := time.Now()
				if st, _, err := visitor.get("/"); err != nil || st != 200 {
					return
				}
				probe = append(probe, time.Since(t0))
			}
		}()
	}
	q0 := f.queries.n.Load()
	b.StartTimer()
	close(start)
	wg.Wait()
	b.StopTimer()
	queries := f.queries.n.Load() - q0
	switch mode {
	case roundProfile:
		f.stopProfile(b, fmt.Sprintf("join POST (%d residents at once)", len(residents)), len(residents))
	case roundProbe:
		close(stop)
		<-probeDone
		if len(probe) > 0 {
			slices.Sort(probe)
			b.Logf("GET / by another visitor during %d joins at once: %d loads, median %.1f ms, max %.1f ms",
				len(residents), len(probe), ms(probe[len(probe)/2]), ms(probe[len(probe)-1]))
		}
	}

	for i := range residents {
		if errs[i] != nil || statuses[i] != 303 {
			b.Fatalf("resident %d, POST %s/aanmelden: %d %v", i, page, statuses[i], errs[i])
		}
	}
	var ps []models.Participation
	if err := f.DB.Where("activity_id = ?", a.ID).Order("id").Find(&ps).Error; err != nil {
		b.Fatal(err)
	}
	joined, waiting := 0, 0
	for _, p := range ps {
		if p.Status == models.Joined {
			joined++
			if waiting > 0 {
				b.Fatalf("activity %d: participation %d got a place after someone was put on the waiting list", a.ID, p.ID)
			}
		} else {
			waiting++
		}
	}
	if joined > joinPlaces {
		b.Fatalf("activity %d OVERBOOKED: %d joined for %d places", a.ID, joined, joinPlaces)
	}
	want := min(len(residents), joinPlaces)
	if len(ps) != len(residents) || joined != want || waiting != len(residents)-want {
		b.Fatalf("activity %d: %d sign-ups, %d joined, %d waiting; want %d, %d, %d",
			a.ID, len(ps), joined, waiting, len(residents), want, len(residents)-want)
	}
	return latencies, queries
}
