// Command joins loads the join POST: it creates residents, logs each in over HTTP, and
// lets them all press "Ik doe mee" at once for an activity with a limited number of
// places, through every app address given (several processes on one database). It
// prints joins per second and latency, and fails when the activity is overbooked or a
// join got an error.
//
//	go run ./bench/load/joins -db postgres://… -app http://127.0.0.1:3111 -residents 2000 -places 50
package main

import (
	"flag"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"

	"onshuis/models"
)

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]*)"`)

func main() {
	dbURL := flag.String("db", "", "database address")
	apps := flag.String("app", "http://127.0.0.1:3111", "comma-separated app addresses")
	residents := flag.Int("residents", 2000, "residents who join")
	places := flag.Int("places", 50, "places of the activity")
	workers := flag.Int("c", 64, "joins in flight at once")
	session := flag.Bool("session", false, "only create one resident, log in and print the browser's Cookie header")
	flag.Parse()
	if *session {
		if err := printSession(*dbURL, strings.Split(*apps, ",")[0]); err != nil {
			fmt.Fprintln(os.Stderr, "joins:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*dbURL, strings.Split(*apps, ","), *residents, *places, *workers); err != nil {
		fmt.Fprintln(os.Stderr, "joins:", err)
		os.Exit(1)
	}
}

func run(dbURL string, apps []string, residents, places, workers int) error {
	db, err := models.Open(dbURL, models.PoolConfig{MaxOpenConns: 4}, slog.New(slog.NewTextHandler(io.Discard, nil)), time.Now)
	if err != nil {
		return err
	}
	centre, err := models.DefaultCentre(db)
	if err != nil || centre == nil {
		return fmt.Errorf("no centre (start the app with --demo first): %v", err)
	}
	// A fresh activity with few places, published directly.
	a := models.Activity{CentreID: centre.ID, Title: fmt.Sprintf("Loadtest %d", time.Now().UnixNano()), Capacity: places,
		Recurrence: models.RecurrenceWeekly, Weekdays: models.WeekdayBit(time.Tuesday), StartTime: "14:00", EndTime: "16:00",
		FirstDate: time.Now().Format(models.Date), Status: models.StatusApproved}
	if err := db.Create(&a).Error; err != nil {
		return err
	}
	hash, _ := bcrypt.GenerateFromPassword([]byte("load-wachtwoord"), bcrypt.MinCost)
	fmt.Printf("creating and logging in %d residents…\n", residents)
	clients := make([]*http.Client, residents)
	tokens := make([]string, residents)
	var mu sync.Mutex
	var firstErr error
	parallel(residents, 16, func(i int) {
		email := fmt.Sprintf("load-%d-%d@example.nl", a.ID, i)
		u := models.User{Name: fmt.Sprintf("Bewoner %d", i), Email: &email, PasswordHash: string(hash)}
		err := models.CreateUser(db, &u)
		var c *http.Client
		var token string
		if err == nil {
			c, token, err = login(apps[i%len(apps)], email, fmt.Sprintf("/activiteiten/%d", a.ID))
		}
		mu.Lock()
		defer mu.Unlock()
		if err != nil && firstErr == nil {
			firstErr = err
		}
		clients[i], tokens[i] = c, token
	})
	if firstErr != nil {
		return firstErr
	}
	fmt.Printf("%d residents press \"Ik doe mee\", %d at a time, through %d process(es)\n", residents, workers, len(apps))
	latencies := make([]time.Duration, residents)
	statuses := make([]int, residents)
	start := time.Now()
	parallel(residents, workers, func(i int) {
		base := apps[i%len(apps)]
		t0 := time.Now()
		resp, err := clients[i].PostForm(fmt.Sprintf("%s/activiteiten/%d/aanmelden", base, a.ID), url.Values{"_csrf": {tokens[i]}})
		latencies[i] = time.Since(t0)
		if err == nil {
			statuses[i] = resp.StatusCode
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	})
	elapsed := time.Since(start)
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	bad := 0
	for _, s := range statuses {
		if s != http.StatusSeeOther {
			bad++
		}
	}
	var joined, waiting int64
	db.Raw("SELECT COUNT(*) FROM participations WHERE activity_id = ? AND status = 'joined'", a.ID).Scan(&joined)
	db.Raw("SELECT COUNT(*) FROM participations WHERE activity_id = ? AND status = 'waitlisted'", a.ID).Scan(&waiting)
	fmt.Printf("joins: %.0f/s, p50 %.1f ms, p99 %.1f ms; %d joined, %d waiting, %d not answered 303\n",
		float64(residents)/elapsed.Seconds(), ms(latencies[len(latencies)/2]), ms(latencies[len(latencies)*99/100]), joined, waiting, bad)
	if joined != int64(places) || joined+waiting != int64(residents) || bad > 0 {
		return fmt.Errorf("want %d joined and %d waiting with no errors", places, residents-places)
	}
	return nil
}

// printSession creates a resident, logs her in and prints her browser's cookies as a
// Cookie header, for loading pages as a logged-in resident (bench/load/run.sh).
func printSession(dbURL, base string) error {
	db, err := models.Open(dbURL, models.PoolConfig{MaxOpenConns: 1}, slog.New(slog.NewTextHandler(io.Discard, nil)), time.Now)
	if err != nil {
		return err
	}
	hash, _ := bcrypt.GenerateFromPassword([]byte("load-wachtwoord"), bcrypt.MinCost)
	email := fmt.Sprintf("load-resident-%d@example.nl", time.Now().UnixNano())
	if err := models.CreateUser(db, &models.User{Name: "Bewoner Load", Email: &email, PasswordHash: string(hash)}); err != nil {
		return err
	}
	c, _, err := login(base, email, "/") // the logged-in header has a form (log out)
	if err != nil {
		return err
	}
	u, _ := url.Parse(base + "/")
	var parts []string
	for _, ck := range c.Jar.Cookies(u) {
		parts = append(parts, ck.Name+"="+ck.Value)
	}
	fmt.Println("Cookie: " + strings.Join(parts, "; "))
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// login logs in over HTTP and returns the browser and a CSRF token from page.
func login(base, email, page string) (*http.Client, string, error) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: time.Minute, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	token, err := pageToken(c, base+"/inloggen")
	if err != nil {
		return nil, "", err
	}
	resp, err := c.PostForm(base+"/inloggen", url.Values{"_csrf": {token}, "login": {email}, "password": {"load-wachtwoord"}})
	if err != nil {
		return nil, "", err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return nil, "", fmt.Errorf("login %s: %d", email, resp.StatusCode)
	}
	token, err = pageToken(c, base+page)
	return c, token, err
}

func pageToken(c *http.Client, url string) (string, error) {
	resp, err := c.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	m := csrfField.FindSubmatch(b)
	if m == nil {
		return "", fmt.Errorf("no CSRF token on %s (%d)", url, resp.StatusCode)
	}
	return html.UnescapeString(string(m[1])), nil
}

// parallel runs fn(0…n-1) with at most workers at a time.
func parallel(n, workers int, fn func(int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}
