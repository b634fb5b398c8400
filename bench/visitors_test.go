package bench

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"onshuis/app/apptest"
	"onshuis/figures"
	"onshuis/models"
)

// visitWeeks is how far back the visits go: three years, like the sessions.
const visitWeeks = 52 * yearsBack

// visitVolumes are the sizes of the visit history: a busy centre at about 350 visits a
// week for three years (54,600 visits), and a million visits over the same three years
// (about 6,400 a week), on PostgreSQL only: production runs on PostgreSQL, and seeding
// a million visits takes minutes.
var visitVolumes = []struct {
	name         string
	total        int
	postgresOnly bool
}{
	{"350-a-week", 350 * visitWeeks, false},
	{"1M", 1_000_000, true},
}

// eachVisitFixture runs fn as the sub-benchmarks database/volume ("sqlite/350-a-week",
// "postgres/1M", …), each on a fixture of its own with that visit history. The fixture
// is built once per volume, whatever -count says: only the leaf benchmarks repeat.
func eachVisitFixture(b *testing.B, options []fixtureOption, fn func(b *testing.B, f *fixture)) {
	eachDatabase(b, func(b *testing.B, db apptest.Database) {
		for _, v := range visitVolumes {
			b.Run(v.name, func(b *testing.B) {
				if v.postgresOnly && db.Name != "postgres" {
					b.Skipf("%d visits: PostgreSQL only", v.total)
				}
				f := newFixture(b, db, options...)
				f.seedHistory(b, v.total)
				fn(b, f)
			})
		}
	})
}

// seedHistory gives the fixture its past: total visits over visitWeeks weeks up to last
// Sunday; see seedHistoryOf.
func (f *fixture) seedHistory(b testing.TB, total int) {
	b.Helper()
	f.seedHistoryOf(b, visitWeeks, total)
}

// seedHistoryOf gives every centre of the fixture its past: total visits each over the
// weeks up to last Sunday (bench.SeedVisits), two in five keyed visits linked to a
// session of that day and a wellbeing answer for one in four (bench.SeedAttendance), a
// host volunteer on every activity with confirmed hours for every session held. On
// PostgreSQL it then runs VACUUM ANALYZE on the tables it filled, as autovacuum would
// have on a running site (and so that autovacuum does not start in the middle of a
// measurement).
func (f *fixture) seedHistoryOf(b testing.TB, weeks, total int) {
	b.Helper()
	db := f.DB
	t0 := time.Now()
	for _, c := range f.centres {
		if err := SeedVisits(db, c.centre, weeks, total, f.Clock.Now()); err != nil {
			b.Fatal(err)
		}
	}
	seeded := time.Since(t0)
	t1 := time.Now()
	var linked, moods int64
	for _, c := range f.centres {
		l, m, err := SeedAttendance(db, c.centre)
		if err != nil {
			b.Fatal(err)
		}
		linked, moods = linked+l, moods+m
	}
	f.seedVolunteers(b)
	attended := time.Since(t1)
	t2 := time.Now()
	if models.IsPostgres(db) {
		for _, table := range []string{"visits", "visit_sessions", "moods", "activity_sessions", "volunteer_hours", "shifts", "volunteer_roles"} {
			if err := db.Exec("VACUUM (ANALYZE) " + table).Error; err != nil {
				b.Fatal(err)
			}
		}
	}
	vacuumed := time.Since(t2)
	var visits int64
	if err := db.Model(&models.Visit{}).Count(&visits).Error; err != nil {
		b.Fatal(err)
	}
	b.Logf("visit history: %d visits at %d centres seeded in %s (%.0f visits/s); %d links to a session, %d wellbeing answers and the volunteer hours in %s; VACUUM ANALYZE %s",
		visits, len(f.centres), seeded.Round(time.Millisecond), float64(visits)/seeded.Seconds(), linked, moods,
		attended.Round(time.Millisecond), vacuumed.Round(time.Millisecond))
}

// seedVolunteers gives every activity of every centre a host role (two a session) with
// one of the centre's residents on it for every session, and confirmed hours (90
// minutes) for every session held.
func (f *fixture) seedVolunteers(b testing.TB) {
	b.Helper()
	var roles []models.VolunteerRole
	var hosts []int64 // the resident on each role
	for _, c := range f.centres {
		for i, a := range c.acts {
			roles = append(roles, models.VolunteerRole{ActivityID: a.ID, Name: "Gastvrouw of gastheer", PerSession: 2})
			hosts = append(hosts, c.residents[200+i].ID)
		}
	}
	if err := f.DB.CreateInBatches(&roles, 500).Error; err != nil {
		b.Fatal(err)
	}
	shifts := make([]models.Shift, len(roles))
	for i, r := range roles {
		// Recurring (no session), since before the first session of the history.
		shifts[i] = models.Shift{RoleID: r.ID, UserID: hosts[i], CreatedAt: f.since.UTC()}
	}
	if err := f.DB.CreateInBatches(&shifts, 500).Error; err != nil {
		b.Fatal(err)
	}
	confirmer := f.residents[0].ID
	err := f.DB.Exec(`INSERT INTO volunteer_hours (session_id, role_id, user_id, present, minutes, confirmed_by_id, confirmed_at)
		SELECT s.id, r.id, sh.user_id, ?, 90, ?, s.ends_at FROM activity_sessions s
		JOIN volunteer_roles r ON r.activity_id = s.activity_id JOIN shifts sh ON sh.role_id = r.id
		WHERE s.cancelled = ? AND s.ends_at < ?`, true, confirmer, false, f.Clock.Now().UTC()).Error
	if err != nil {
		b.Fatal(err)
	}
}

// dashboardWeek is the week the dashboard benchmarks look at: last week, the newest
// complete one (the visit history ends last Sunday).
func (f *fixture) dashboardWeek() models.Week {
	return models.WeekOf(f.Clock.Now(), f.centre.Location()).Add(-1)
}

// coordinator is a browser logged in as the centre's coordinator.
func (f *fixture) coordinator(b testing.TB) *browser {
	b.Helper()
	w := f.browser(b)
	if err := w.login(coordinatorEmail); err != nil {
		b.Fatal(err)
	}
	return w
}

// BenchmarkVisitors measures issue 6 on a centre with three years of visits: the
// coordinator's weekly visitor dashboard for last week, and the check-in at the door.
//
//   - WeekFiguresOf: figures.WeekFiguresOf alone, every figure of the dashboard (counts,
//     per day, per source, per activity, regulars, the 12-week trend, wellbeing);
//   - dashboard: GET /coordinator/bezoekers?week=… as the coordinator over a real TCP
//     connection (figures, two SVG charts, the page);
//   - checkin/new-visitor: POST /checkin/{door code} with the form's CSRF token and
//     cookies. The phone never keeps its visitor cookie, so every POST is a new
//     visitor's first visit (the most work: a new key, the "first visit ever" check).
//     One op is one POST and its 303 to the welcome page (not followed); loading the
//     form for the token is not timed;
//   - checkin/with-activity-and-mood: the same, ticking today's first activity and
//     giving a wellbeing answer (a transaction of three statements).
//
// The check-ins land in this week, so they do not change last week's dashboard; the
// benchmark checks afterwards that every POST added exactly one visit. Extra columns:
//
//	server-ms/op  time inside the app per request (its request log's duration_ms)
//	queries/op    SQL statements per op
//	html-B        size of the page, uncompressed
func BenchmarkVisitors(b *testing.B) {
	eachVisitFixture(b, nil, func(b *testing.B, f *fixture) {
		f.benchDashboard(b)
		f.benchCheckIn(b)
	})
}

// benchDashboard runs the dashboard's sub-benchmarks.
func (f *fixture) benchDashboard(b *testing.B) {
	week := f.dashboardWeek()
	fig, err := figures.WeekFiguresOf(f.DB, f.centre, week, f.Clock.Now())
	if err != nil {
		b.Fatal(err)
	}
	// The figures must be real ones: every part of the dashboard has data.
	if fig.Visits == 0 || fig.New == 0 || fig.Returning == 0 || fig.Regulars == 0 || fig.Headcounts == 0 ||
		len(fig.PerActivity) == 0 || !fig.Mood.Shown || len(fig.Trend) != 12 {
		b.Fatalf("week %s: figures incomplete: %+v", week, fig)
	}
	for _, p := range fig.Trend {
		if p.Visits == 0 {
			b.Fatalf("trend week %s has no visits", p.Week)
		}
	}
	b.Logf("week %s: %d visits, %d unique, %d new, %d returning, %d regulars, %d headcounts, %d activities, wellbeing %.1f (%d answers)",
		week, fig.Visits, fig.Unique, fig.New, fig.Returning, fig.Regulars, fig.Headcounts, len(fig.PerActivity), fig.Mood.Average, fig.Mood.Count)

	coordinator := f.coordinator(b)
	path := "/coordinator/bezoekers?week=" + week.String()
	st, page, err := coordinator.get(path)
	if err != nil || st != 200 {
		b.Fatalf("GET %s: %d %v", path, st, err)
	}
	if heading := fmt.Sprintf("Bezoekers week %d", week.Number); !strings.Contains(string(page), heading) {
		b.Fatalf("GET %s does not show %q", path, heading)
	}

	f.profile(b, "WeekFiguresOf", 20, func() {
		if _, err := figures.WeekFiguresOf(f.DB, f.centre, week, f.Clock.Now()); err != nil {
			b.Fatal(err)
		}
	})

	b.Run("WeekFiguresOf", func(b *testing.B) {
		q0 := f.queries.n.Load()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, err := figures.WeekFiguresOf(f.DB, f.centre, week, f.Clock.Now()); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		b.ReportMetric(float64(f.queries.n.Load()-q0)/float64(b.N), "queries/op")
	})
	b.Run("dashboard", func(b *testing.B) {
		size := f.getLoop(b, coordinator, path, "text/html")
		b.ReportMetric(float64(size), "html-B")
	})
}

// getLoop GETs path b.N times with the browser, checks each answer is a 200 of the
// content type, and reports the server time and queries per request; it returns the
// size of the last body (uncompressed).
func (f *fixture) getLoop(b *testing.B, w *browser, path, contentType string) int {
	b.Helper()
	u, err := url.Parse(path)
	if err != nil {
		b.Fatal(err)
	}
	f.timing.reset()
	q0 := f.queries.n.Load()
	size := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		size = w.getOK(b, path, contentType)
	}
	b.StopTimer()
	f.reportServer(b, "GET "+idInPath.ReplaceAllString(u.Path, "/:id"), f.queries.n.Load()-q0)
	return size
}

// getOK GETs path, checks the answer is a 200 of the content type and returns the size
// of its body (uncompressed).
func (w *browser) getOK(b testing.TB, path, contentType string) int {
	// A new request each time: the client adds the jar's cookies to the one it is given.
	req, err := http.NewRequest(http.MethodGet, w.base+path, nil)
	if err != nil {
		b.Fatal(err)
	}
	resp, err := w.c.Do(req)
	if err != nil {
		b.Fatalf("GET %s: %v", path, err)
	}
	n, err := readAll(resp)
	if err != nil || resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), contentType) {
		b.Fatalf("GET %s: %d %s %v", path, resp.StatusCode, resp.Header.Get("Content-Type"), err)
	}
	return n
}

// readAll reads and closes the body and returns its length.
func readAll(resp *http.Response) (int, error) {
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	return int(n), err
}

// forgetfulJar keeps every cookie but one: without its visitor cookie a phone is new
// at the door on every check-in.
type forgetfulJar struct {
	http.CookieJar
	forget string
}

func (j forgetfulJar) SetCookies(u *url.URL, cookies []*http.Cookie) {
	var kept []*http.Cookie
	for _, c := range cookies {
		if c.Name != j.forget {
			kept = append(kept, c)
		}
	}
	j.CookieJar.SetCookies(u, kept)
}

// benchCheckIn runs the check-in's sub-benchmarks.
func (f *fixture) benchCheckIn(b *testing.B) {
	page := "/checkin/" + f.centre.DoorCode
	key := "POST " + idInPath.ReplaceAllString(page, "/:id")
	phone := f.browser(b)
	phone.c.Jar = forgetfulJar{CookieJar: phone.c.Jar, forget: "onshuis_bezoeker"}
	if st, _, err := phone.get(page); err != nil || st != 200 {
		b.Fatalf("GET %s: %d %v", page, st, err)
	}
	token, err := phone.csrf()
	if err != nil {
		b.Fatal(err)
	}
	today, err := models.DayProgramme(f.DB, f.centre, f.Clock.Now())
	if err != nil || len(today.Items) == 0 {
		b.Fatalf("no sessions today: %v", err)
	}
	session := fmt.Sprint(today.Items[0].SessionID)
	var before, posts int64
	if err := f.DB.Model(&models.Visit{}).Count(&before).Error; err != nil {
		b.Fatal(err)
	}
	f.profile(b, "check-in POST", 20, func() {
		if st, _, err := phone.post(page, url.Values{"_csrf": {token}}); err != nil || st != 303 {
			b.Fatalf("POST %s: %d %v", page, st, err)
		}
		posts++
	})

	run := func(form url.Values) func(b *testing.B) {
		return func(b *testing.B) {
			f.timing.reset()
			q0 := f.queries.n.Load()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				st, _, err := phone.post(page, form)
				if err != nil || st != 303 {
					b.Fatalf("POST %s: %d %v", page, st, err)
				}
			}
			b.StopTimer()
			posts += int64(b.N)
			f.reportServer(b, key, f.queries.n.Load()-q0)
		}
	}
	b.Run("checkin", func(b *testing.B) {
		b.Run("new-visitor", run(url.Values{"_csrf": {token}}))
		b.Run("with-activity-and-mood", run(url.Values{"_csrf": {token}, "session": {session}, "mood": {"7"}}))
	})

	var after int64
	if err := f.DB.Model(&models.Visit{}).Count(&after).Error; err != nil {
		b.Fatal(err)
	}
	if after-before != posts {
		b.Fatalf("%d check-ins added %d visits", posts, after-before)
	}
}
