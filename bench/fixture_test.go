package bench

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm/logger"

	"onshuis/app"
	"onshuis/app/apptest"
	"onshuis/models"
	"onshuis/password"
)

// coordinatorEmail is the login of the centre's coordinator (password apptest.Password).
const coordinatorEmail = "carla@bench.example"

// Size of the fixture: one centre, as the issue describes it.
const (
	numActivities = 40
	numRooms      = 6
	numResidents  = 400
	yearsBack     = 3
	weeksAhead    = 8
)

// eachDatabase runs fn as the sub-benchmarks "sqlite" and "postgres"; the second is
// skipped when TEST_DATABASE_URL is not set.
func eachDatabase(b *testing.B, fn func(b *testing.B, db apptest.Database)) {
	b.Run("sqlite", func(b *testing.B) { fn(b, apptest.Databases(b)[0]) })
	b.Run("postgres", func(b *testing.B) { fn(b, apptest.Postgres(b)) })
}

// fixture is the app on a filled database, listening on a real port.
type fixture struct {
	*apptest.Server
	base      string // http://127.0.0.1:port
	transport *http.Transport
	centre    *models.Centre
	rooms     []models.Room
	residents []models.User
	acts      []models.Activity
	sessions  int64
	since     time.Time // the first session of the history; every sign-up is older
	queries   *queryLog
	timing    *serverTiming

	centres []centreData // every centre filled, the default one first
	hash    string       // the password hash of every account (apptest.Password)

	oncePerWeek bool // every activity meets once a week (40 sessions a week, not 48)
	listRows    int  // instead of the big centre: a small one with this many list rows (see fillRows)
	numCentres  int  // instead of the big centre with three years: this many with one year (see fillCentres)
}

// fixtureOption changes the centre newFixture builds.
type fixtureOption func(*fixture)

// oncePerWeek makes every activity meet once a week: 40 sessions a week instead of 48.
func oncePerWeek(f *fixture) { f.oncePerWeek = true }

// newFixture builds the app on a fresh database of kind db, fills it and serves it on
// 127.0.0.1:0. The clock stands still at apptest.DefaultNow (Thursday of ISO week
// 2026-W48), so every run sees the same week.
func newFixture(b testing.TB, db apptest.Database, options ...fixtureOption) *fixture {
	b.Helper()
	start := time.Now()
	f := &fixture{timing: &serverTiming{}}
	f.Server = apptest.Fresh(b, db, f.config)
	for _, o := range options {
		o(f)
	}
	switch {
	case f.listRows > 0:
		f.fillRows(b, f.listRows)
	case f.numCentres > 0:
		f.fillCentres(b, f.numCentres)
	default:
		f.fill(b)
	}
	f.serve(b)
	acts, residents := len(f.acts), len(f.residents)
	if len(f.centres) > 1 {
		acts, residents = 0, 0
		for _, c := range f.centres {
			acts, residents = acts+len(c.acts), residents+len(c.residents)
		}
	}
	b.Logf("%s fixture: %d activities, %d sessions, %d residents, built in %s",
		db.Name, acts, f.sessions, residents, time.Since(start).Round(time.Millisecond))
	return f
}

// config is the app's configuration in a benchmark.
func (f *fixture) config(c *app.Config) {
	c.LogOutput = f.timing         // request lines carry duration_ms: the server's own time
	c.CheckInLimitPerIP = 10000000 // every check-in of the benchmark comes from 127.0.0.1
}

// serve counts the app's SQL statements and serves it on 127.0.0.1:0.
func (f *fixture) serve(b testing.TB) {
	b.Helper()
	s := f.Server
	// Count and time every SQL statement; the app's requests share this *gorm.DB.
	f.queries = &queryLog{inner: s.DB.Logger, sqlite: !models.IsPostgres(s.DB)}
	s.DB.Logger = f.queries

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go func() { _ = s.Fiber.Listener(ln) }()
	b.Cleanup(func() { _ = s.Fiber.ShutdownWithTimeout(5 * time.Second) })
	f.base = "http://" + ln.Addr().String()
	f.transport = &http.Transport{MaxIdleConns: 512, MaxIdleConnsPerHost: 512, MaxConnsPerHost: 0, IdleConnTimeout: time.Minute}
	b.Cleanup(f.transport.CloseIdleConnections)
}

var activityNames = []string{
	"Koffieochtend", "Taalcafé", "Wandelgroep", "Samen koken", "Huiswerkklas", "Breiclub",
	"Stoelyoga", "Repair café", "Kaartmiddag", "Schilderen", "Computerhulp", "Moestuin",
	"Buurtmaaltijd", "Jeugdhonk", "Zangkoor", "Sollicitatiehulp", "Valpreventie", "Naaiatelier",
	"Voorleesuur", "Dansles 55+",
}

// fill writes the centre straight into the database (faster than going through forms):
// rooms, 40 approved weekly activities that started three years ago, 400 residents
// with participations (some activities full with a waiting list) and every session from
// three years back to eight weeks ahead.
func (f *fixture) fill(b testing.TB) {
	b.Helper()
	f.setUp(b)
	thisMonday := f.thisMonday()
	first := thisMonday.AddDate(-yearsBack, 0, 0)
	first = first.AddDate(0, 0, -((int(first.Weekday()) + 6) % 7)) // a Monday, three years back
	f.since = first
	f.fillCentre(b, f.centre, 0, first, thisMonday.AddDate(0, 0, 7*weeksAhead))
	f.finishSessions(b)
}

// setUp runs the installation's setup: the default centre and its coordinator, who is
// also the administrator (coordinatorEmail). It fills f.centre and the password hash
// every account of the fixture shares.
func (f *fixture) setUp(b testing.TB) {
	b.Helper()
	hash, err := password.Hash(apptest.Password, bcrypt.MinCost)
	if err != nil {
		b.Fatal(err)
	}
	f.hash = hash
	email := coordinatorEmail
	if _, err := models.CompleteSetup(f.DB, models.SetupInput{
		CentreName: "Ons Huis van de Wijk", CentreAddress: "Ruwaard, Oss", Name: "Carla Coördinator",
		Email: &email, PasswordHash: hash, Language: "nl",
	}); err != nil {
		b.Fatal(err)
	}
	centre, err := models.DefaultCentre(f.DB)
	if err != nil || centre == nil {
		b.Fatalf("no centre after setup: %v", err)
	}
	f.centre = centre
}

// thisMonday is the start of the fixture's current week in the default centre's zone.
func (f *fixture) thisMonday() time.Time {
	loc := f.centre.Location()
	return models.WeekOf(f.Clock.Now().In(loc), loc).Start()
}

// centreData is what fillCentre wrote for one centre.
type centreData struct {
	centre    *models.Centre
	rooms     []models.Room
	residents []models.User
	acts      []models.Activity
}

// fillCentre gives a centre the content of the issue-4 fixture: 6 rooms, 400 residents
// of its own, 40 approved weekly activities from first on (every fifth twice a week
// unless f.oncePerWeek), their participations (some full with a waiting list) and every
// session from first to the Monday to. The n-th centre (0: the default one) draws from
// a random stream of its own, so the default centre is the same whether or not others
// are filled beside it. The first centre filled also becomes f.rooms, f.residents and
// f.acts.
func (f *fixture) fillCentre(b testing.TB, centre *models.Centre, n int, first, to time.Time) {
	b.Helper()
	db := f.DB
	rng := rand.New(rand.NewPCG(4, 2026+uint64(n)))
	d := centreData{centre: centre}
	// The default centre's residents keep their addresses of issue 4; others' carry the centre.
	suffix := ""
	if n > 0 {
		suffix = fmt.Sprintf(".c%02d", n)
	}

	roomNames := []string{"Huiskamer", "Keuken", "Grote zaal", "Atelier", "Tuinkamer", "Computerlokaal"}
	for i := 0; i < numRooms; i++ {
		d.rooms = append(d.rooms, models.Room{CentreID: centre.ID, Name: roomNames[i], Capacity: 20 + 10*i})
	}
	if err := db.Create(&d.rooms).Error; err != nil {
		b.Fatal(err)
	}

	d.residents = make([]models.User, numResidents)
	for i := range d.residents {
		e := fmt.Sprintf("bewoner%03d%s@bench.example", i, suffix)
		d.residents[i] = models.User{Name: fmt.Sprintf("Bewoner %03d", i), Email: &e, PasswordHash: f.hash,
			Role: models.RoleResident, Language: "nl", HomeCentreID: homeCentre(centre, n)}
	}
	if err := db.CreateInBatches(&d.residents, 200).Error; err != nil {
		b.Fatal(err)
	}

	d.acts = make([]models.Activity, numActivities)
	for i := range d.acts {
		// Most activities meet once a week, every fifth twice: 48 sessions a week.
		day := time.Weekday(1 + i%6) // Monday to Saturday
		days := models.WeekdayBit(day)
		if i%5 == 0 && !f.oncePerWeek {
			days |= models.WeekdayBit(time.Weekday(1 + (i+3)%6))
		}
		capacity := 8 + rng.IntN(17) // 8..24 places
		if i%4 == 3 {
			capacity = 0 // walk-in, no sign-up
		}
		startH := 9 + (i%5)*2
		lead := d.residents[i*7].ID
		room := d.rooms[i%numRooms].ID
		d.acts[i] = models.Activity{
			CentreID: centre.ID, ProposerID: &lead, LeadID: &lead, RoomID: &room,
			Title:          fmt.Sprintf("%s %d", activityNames[i%len(activityNames)], 1+i/len(activityNames)),
			Want:           "Elke week samen iets doen met buren die je anders niet tegenkomt.",
			Can:            "Ik zet koffie, zorg voor de spullen en ontvang iedereen.",
			Themes:         []string{"meeting", "moving,health", "food", "language", "work", "youth", "creativity,meeting"}[i%7],
			ExpectedPeople: 10, Capacity: capacity, Recurrence: models.RecurrenceWeekly, Weekdays: days,
			StartTime: fmt.Sprintf("%02d:00", startH), EndTime: fmt.Sprintf("%02d:30", startH+1),
			FirstDate: first.Format(models.Date), Status: models.StatusApproved,
		}
	}
	if err := db.Create(&d.acts).Error; err != nil {
		b.Fatal(err)
	}

	// Participations: every activity with places gets half to all of them filled; every
	// third is full with a short waiting list.
	var ps []models.Participation
	for i, a := range d.acts {
		if a.Capacity == 0 {
			continue
		}
		joined := a.Capacity/2 + rng.IntN(a.Capacity/2+1)
		waiting := 0
		if i%3 == 0 {
			joined, waiting = a.Capacity, 1+rng.IntN(5)
		}
		for k, u := range rng.Perm(numResidents)[:joined+waiting] {
			// Signed up before the first session: every roster of the history has them.
			p := models.Participation{ActivityID: a.ID, UserID: d.residents[u].ID, Status: models.Joined, CreatedAt: first.UTC()}
			if k >= joined {
				p.Status = models.Waitlisted
			}
			ps = append(ps, p)
		}
	}
	if err := db.CreateInBatches(&ps, 500).Error; err != nil {
		b.Fatal(err)
	}

	// The sessions, through the app's own function.
	if err := models.EnsureSessions(db, d.acts, first, to, centre.Location()); err != nil {
		b.Fatal(err)
	}
	if len(f.centres) == 0 {
		f.rooms, f.residents, f.acts = d.rooms, d.residents, d.acts
	}
	f.centres = append(f.centres, d)
}

// homeCentre is the centre a resident of the n-th centre chose: none for the default
// centre's (as in the one-centre fixture), their own for the others'.
func homeCentre(c *models.Centre, n int) *int64 {
	if n == 0 {
		return nil
	}
	return &c.ID
}

// finishSessions cancels a few sessions (one in fifty, as in real life), counts them
// into f.sessions and, on PostgreSQL, gives the planner its statistics.
func (f *fixture) finishSessions(b testing.TB) {
	b.Helper()
	db := f.DB
	if err := db.Model(&models.Session{}).Where("id % 50 = 0").
		Updates(map[string]any{"cancelled": true, "cancel_note": "De begeleider is ziek."}).Error; err != nil {
		b.Fatal(err)
	}
	if err := db.Model(&models.Session{}).Count(&f.sessions).Error; err != nil {
		b.Fatal(err)
	}
	if models.IsPostgres(db) {
		// Bulk inserts leave the planner without statistics until autovacuum comes by;
		// a running site has them.
		if err := db.Exec("ANALYZE").Error; err != nil {
			b.Fatal(err)
		}
	}
}

// browser is one visitor with cookies, over a real TCP connection.
type browser struct {
	b    testing.TB
	c    *http.Client
	base string
	last string // body of the last HTML page
}

func (f *fixture) browser(b testing.TB) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{b: b, base: f.base, c: &http.Client{
		Transport: f.transport, Jar: jar, Timeout: time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// do sends the request and returns the status and body; it does not call b.Fatal so
// it can be used from goroutines.
func (w *browser) do(req *http.Request) (int, []byte, error) {
	resp, err := w.c.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, nil, err
	}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		w.last = string(body)
	}
	return resp.StatusCode, body, nil
}

func (w *browser) get(path string) (int, []byte, error) {
	req, err := http.NewRequest(http.MethodGet, w.base+path, nil)
	if err != nil {
		return 0, nil, err
	}
	return w.do(req)
}

func (w *browser) post(path string, form url.Values) (int, []byte, error) {
	req, err := http.NewRequest(http.MethodPost, w.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return w.do(req)
}

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]*)"`)

// csrf is the token of the last page loaded.
func (w *browser) csrf() (string, error) {
	m := csrfField.FindStringSubmatch(w.last)
	if m == nil {
		return "", fmt.Errorf("the last page has no form with a CSRF token")
	}
	return html.UnescapeString(m[1]), nil
}

// login logs the browser in as the resident with that email address.
func (w *browser) login(email string) error {
	if st, _, err := w.get("/inloggen"); err != nil || st != 200 {
		return fmt.Errorf("GET /inloggen: %d %v", st, err)
	}
	token, err := w.csrf()
	if err != nil {
		return err
	}
	st, _, err := w.post("/inloggen", url.Values{"_csrf": {token}, "login": {email}, "password": {apptest.Password}})
	if err != nil || st != 303 {
		return fmt.Errorf("login %s: %d %v", email, st, err)
	}
	return nil
}

// serverTiming reads the app's request log and adds up duration_ms per path: the time
// the server spent on the request, without the client and the network.
type serverTiming struct {
	mu    sync.Mutex
	total map[string]float64 // ms per "METHOD path"
	count map[string]int
}

func (t *serverTiming) Write(p []byte) (int, error) {
	sc := bufio.NewScanner(bytes.NewReader(p))
	for sc.Scan() {
		line := sc.Text()
		if !strings.Contains(line, "msg=request") {
			continue
		}
		method, path, ms := field(line, "method"), field(line, "path"), field(line, "duration_ms")
		d, err := strconv.ParseFloat(ms, 64)
		if err != nil {
			continue
		}
		t.mu.Lock()
		if t.total == nil {
			t.total, t.count = map[string]float64{}, map[string]int{}
		}
		key := method + " " + idInPath.ReplaceAllString(path, "/:id")
		t.total[key] += d
		t.count[key]++
		t.mu.Unlock()
	}
	return len(p), nil
}

var idInPath = regexp.MustCompile(`/\d+`)

func field(line, name string) string {
	i := strings.Index(line, " "+name+"=")
	if i < 0 {
		return ""
	}
	v := line[i+len(name)+2:]
	if j := strings.IndexByte(v, ' '); j >= 0 {
		v = v[:j]
	}
	return v
}

func (t *serverTiming) reset() {
	t.mu.Lock()
	t.total, t.count = nil, nil
	t.mu.Unlock()
}

// mean is the average server time in ms of the requests to key ("GET /"), and how many.
func (t *serverTiming) mean(key string) (float64, int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.count[key] == 0 {
		return 0, 0
	}
	return t.total[key] / float64(t.count[key]), t.count[key]
}

// queryLog is a GORM logger that counts every statement and, while detail is on, adds
// up the time per statement text.
type queryLog struct {
	inner  logger.Interface
	sqlite bool // GORM's SQLite dialect prints string values in double quotes
	n      atomic.Int64
	detail atomic.Bool
	mu     sync.Mutex
	stats  map[string]*queryStat
}

type queryStat struct {
	n       int
	total   time.Duration
	example string // one full statement, values filled in
}

func (q *queryLog) LogMode(l logger.LogLevel) logger.Interface {
	return &queryLog{inner: q.inner.LogMode(l), sqlite: q.sqlite} // not used by the app; keeps the interface
}
func (q *queryLog) Info(ctx context.Context, m string, a ...any)  { q.inner.Info(ctx, m, a...) }
func (q *queryLog) Warn(ctx context.Context, m string, a ...any)  { q.inner.Warn(ctx, m, a...) }
func (q *queryLog) Error(ctx context.Context, m string, a ...any) { q.inner.Error(ctx, m, a...) }

func (q *queryLog) Trace(ctx context.Context, begin time.Time, fc func() (string, int64), err error) {
	q.n.Add(1)
	if q.detail.Load() {
		elapsed := time.Since(begin)
		sql, _ := fc()
		key := sql
		if q.sqlite {
			key = sqliteStrings.ReplaceAllString(key, "?")
		}
		key = normaliseSQL(key)
		q.mu.Lock()
		if q.stats == nil {
			q.stats = map[string]*queryStat{}
		}
		st := q.stats[key]
		if st == nil {
			st = &queryStat{}
			q.stats[key] = st
		}
		st.n++
		st.total += elapsed
		st.example = sql
		q.mu.Unlock()
	}
	q.inner.Trace(ctx, begin, fc, err)
}

var (
	sqlLiterals   = regexp.MustCompile(`'[^']*'|\b\d+(\.\d+)?\b`)
	sqlLists      = regexp.MustCompile(`\((\?,)+\?\)`)
	sqliteStrings = regexp.MustCompile(`"([^"]*)"`)
)

// normaliseSQL replaces literals so the same statement with other values is one key.
func normaliseSQL(sql string) string {
	s := sqlLiterals.ReplaceAllString(sql, "?")
	s = sqlLists.ReplaceAllString(s, "(…)")
	if len(s) > 150 {
		s = s[:150] + "…"
	}
	return s
}

// profile runs fn n times with per-statement timing on and logs the statements by total
// time, to see which query dominates a page. The times are as GORM sees them: round
// trip, waiting for locks and reading the rows into structs included.
func (f *fixture) profile(b testing.TB, what string, n int, fn func()) {
	b.Helper()
	f.startProfile()
	for i := 0; i < n; i++ {
		fn()
	}
	f.stopProfile(b, what, n)
}

// startProfile starts timing every statement.
func (f *fixture) startProfile() {
	f.queries.mu.Lock()
	f.queries.stats = nil
	f.queries.mu.Unlock()
	f.queries.detail.Store(true)
}

// stopProfile logs the statements since startProfile by total time, per one of n
// requests; on PostgreSQL with EXPLAIN ANALYZE, on SQLite with EXPLAIN QUERY PLAN.
func (f *fixture) stopProfile(b testing.TB, what string, n int) {
	b.Helper()
	f.queries.detail.Store(false)
	f.queries.mu.Lock()
	defer f.queries.mu.Unlock()
	type row struct {
		sql string
		st  *queryStat
	}
	var rows []row
	var total time.Duration
	for k, v := range f.queries.stats {
		rows = append(rows, row{k, v})
		total += v.total
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].st.total > rows[j].st.total })
	var sb strings.Builder
	fmt.Fprintf(&sb, "SQL per %s (mean over %d, %.3f ms of SQL in all):\n", what, n, ms(total)/float64(n))
	for _, r := range rows {
		fmt.Fprintf(&sb, "  %6.3f ms  %4.1f×  %s\n", ms(r.st.total)/float64(n), float64(r.st.n)/float64(n), r.sql)
	}
	if models.IsPostgres(f.DB) {
		// What PostgreSQL itself spends on each SELECT, and its plan: the rest of the
		// time above is the round trip, the driver and GORM.
		for _, r := range rows {
			if !strings.HasPrefix(r.st.example, "SELECT") {
				continue
			}
			var plan []string
			if err := f.DB.Raw("EXPLAIN (ANALYZE, BUFFERS) " + r.st.example).Scan(&plan).Error; err != nil {
				fmt.Fprintf(&sb, "EXPLAIN %s: %v\n", r.sql, err)
				continue
			}
			fmt.Fprintf(&sb, "EXPLAIN ANALYZE %s\n    %s\n", r.sql, strings.Join(plan, "\n    "))
		}
	} else {
		for _, r := range rows {
			if !strings.HasPrefix(r.st.example, "SELECT") {
				continue
			}
			// GORM's SQLite dialect prints string values in double quotes.
			stmt := sqliteStrings.ReplaceAllString(r.st.example, "'$1'")
			var plan []struct{ Detail string }
			if err := f.DB.Raw("EXPLAIN QUERY PLAN " + stmt).Scan(&plan).Error; err != nil {
				fmt.Fprintf(&sb, "EXPLAIN QUERY PLAN %s: %v\n", r.sql, err)
				continue
			}
			details := make([]string, len(plan))
			for i, p := range plan {
				details[i] = p.Detail
			}
			fmt.Fprintf(&sb, "EXPLAIN QUERY PLAN %s\n    %s\n", r.sql, strings.Join(details, "\n    "))
		}
	}
	b.Log(sb.String())
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
