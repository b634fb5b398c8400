package handlers_test

import (
	"regexp"
	"sync"
	"testing"

	"onshuis/app/apptest"
)

// kioskOf makes a tablet link as the coordinator and returns its page's path.
func kioskOf(t *testing.T, coordinator *apptest.Client, label string) string {
	t.Helper()
	coordinator.Submit("/coordinator/deur", "/coordinator/kiosk", apptest.Form("label", label))
	m := regexp.MustCompile(`href="/kiosk/([a-z0-9]+)"`).FindStringSubmatch(coordinator.Get("/coordinator/deur").Body)
	if m == nil {
		t.Fatal("no kiosk link on the door page")
	}
	return "/kiosk/" + m[1]
}

// "Laatste tik ongedaan maken" pressed many times at once, on two app processes (issue
// 12): each press takes back exactly one tap, or says there was nothing left to take
// back; it never says "weggehaald" for a tap another press removed.
func TestKioskUndoPressedAtOnce(t *testing.T) {
	for _, db := range apptest.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			s := apptest.Fresh(t, db)
			second := apptest.New(t, s.URL)
			coordinator := s.Setup()
			kiosk := kioskOf(t, coordinator, "Tablet bij de deur")
			const taps, presses = 4, 12
			host := s.Client()
			host.Get(kiosk)
			for i := 0; i < taps; i++ {
				host.PostWithToken(kiosk+"/tel", nil)
			}
			if n := countVisits(s); n != taps {
				t.Fatalf("%d taps: %d visits", taps, n)
			}
			// The same tablet page open in several tabs (each its own cookies and token).
			tabs := make([]*apptest.Client, presses)
			tokens := make([]string, presses)
			for i := range tabs {
				tabs[i] = s.Client()
				if i%2 == 1 {
					tabs[i] = tabs[i].Use(second.App)
				}
				tabs[i].Get(kiosk)
				tokens[i] = tabs[i].CSRF()
			}
			var wg sync.WaitGroup
			start := make(chan struct{})
			statuses := make([]int, presses)
			for i := range tabs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					statuses[i] = tabs[i].Post(kiosk+"/ongedaan", apptest.Form("_csrf", tokens[i])).Status
				}()
			}
			close(start)
			wg.Wait()
			said := map[string]int{}
			for i, tab := range tabs {
				if statuses[i] != 303 {
					t.Errorf("undo %d: got %d, want 303", i, statuses[i])
				}
				said[tab.Cookie("onshuis_melding")]++
			}
			if said["flash.kiosk_undone"] != taps || said["flash.kiosk_nothing_to_undo"] != presses-taps {
				t.Errorf("%d presses on %d taps said %v; want %d times taken back and %d times nothing left", presses, taps, said, taps, presses-taps)
			}
			if n := countVisits(s); n != 0 {
				t.Errorf("after the presses %d headcounts are left, want 0", n)
			}
		})
	}
}

// The host's tablet is public: its page shows the counter and today's sessions in a
// layout of its own, without the site's menu, "Inloggen" or "Account maken", and no link
// away from it (issue 12).
func TestKioskPageShowsOnlyTheCounter(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		s.Activity(coordinator, "Koffieochtend", "0", "weekdays", "4", "start_time", "10:00", "end_time", "12:00", "first_date", "2026-11-26")
		kiosk := kioskOf(t, coordinator, "Tablet bij de deur")
		page := s.Client().Get(kiosk).Body
		apptest.Contains(t, page, "Bezoekers tellen", "Ons Huis van de Wijk", "Koffieochtend", "Algemeen bezoek", "&#43;1 bezoeker",
			"Laatste tik ongedaan maken")
		apptest.NotContains(t, page, "site-nav", "Inloggen", "Account maken", "Voorstel doen", "Programma", "site-footer")
		if links := regexp.MustCompile(`<a [^>]*href="(/[^"]*)"`).FindAllStringSubmatch(page, -1); len(links) > 0 {
			t.Errorf("the kiosk page links away from itself: %v", links)
		}
		// The rest of the site keeps its menu.
		apptest.Contains(t, s.Client().Get("/").Body, "site-nav", "Inloggen", "Account maken")
	})
}
