package systemtest

import (
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"onshuis/app/apptest"
)

// dbProxy stands between the app and PostgreSQL. down() cuts every connection and
// refuses new ones, which is what the app sees when PostgreSQL stops; up() lets
// connections through again. The shared PostgreSQL of the test machine keeps running
// for the other tests.
type dbProxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	isDown bool
	conns  []net.Conn
}

func newProxy(t *testing.T, target string) *dbProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &dbProxy{ln: ln, target: target}
	t.Cleanup(func() { ln.Close(); p.down() })
	go p.serve()
	return p
}

func (p *dbProxy) serve() {
	for {
		in, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		if p.isDown {
			p.mu.Unlock()
			in.Close()
			continue
		}
		out, err := net.Dial("tcp", p.target)
		if err != nil {
			p.mu.Unlock()
			in.Close()
			continue
		}
		p.conns = append(p.conns, in, out)
		p.mu.Unlock()
		go func() { io.Copy(out, in); out.Close() }()
		go func() { io.Copy(in, out); in.Close() }()
	}
}

func (p *dbProxy) down() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.isDown = true
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

func (p *dbProxy) up() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.isDown = false
}

func status(t *testing.T, url string) (int, string) {
	t.Helper()
	client := &http.Client{Timeout: 15 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v (the app must answer, not hang or die)", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// PostgreSQL goes away for a few seconds while visitors keep coming: they get a calm
// "try again in a few minutes" page, /healthz says 503, and when PostgreSQL is back the
// app recovers by itself.
func TestDatabaseOutageAndRecovery(t *testing.T) {
	direct := apptest.Postgres(t).Fresh(t)
	u, err := url.Parse(direct)
	if err != nil {
		t.Fatal(err)
	}
	proxy := newProxy(t, u.Host)
	u.Host = proxy.ln.Addr().String()
	app := start(t, u.String(), "DB_CONN_MAX_LIFETIME=1h")
	setUp(t, app)
	if st, _ := status(t, app.base+"/"); st != 200 {
		t.Fatalf("before the outage: %d", st)
	}

	// Visitors keep loading pages during the outage; the process must stay up.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var during sync.Map
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := &http.Client{Timeout: 15 * time.Second}
			for {
				select {
				case <-stop:
					return
				default:
				}
				if resp, err := client.Get(app.base + "/"); err == nil {
					during.Store(resp.StatusCode, true)
					resp.Body.Close()
				}
				time.Sleep(50 * time.Millisecond)
			}
		}()
	}

	proxy.down()
	time.Sleep(500 * time.Millisecond)
	if st, body := status(t, app.base+"/healthz"); st != 503 || !strings.Contains(body, `"status":"unavailable"`) {
		t.Errorf("healthz with the database down: %d %s", st, body)
	}
	st, body := status(t, app.base+"/")
	if st != 503 || !strings.Contains(body, "De website is even niet bereikbaar") || !strings.Contains(body, "Foutcode") {
		t.Errorf("page with the database down: %d\n%s", st, body)
	}
	if strings.Contains(body, "dial tcp") || strings.Contains(body, "connection refused") || strings.Contains(body, "pgconn") {
		t.Errorf("the page shows the raw error:\n%s", body)
	}
	time.Sleep(2500 * time.Millisecond)
	proxy.up()

	// Recovered without a restart.
	deadline := time.Now().Add(20 * time.Second)
	for {
		st, _ := status(t, app.base+"/healthz")
		if st == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("healthz still %d 20 s after the database came back", st)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if st, _ := status(t, app.base+"/"); st != 200 {
		t.Errorf("page after recovery: %d", st)
	}
	close(stop)
	wg.Wait()
	if _, ok := during.Load(503); !ok {
		t.Error("no visitor saw the 503 page during the outage")
	}
	if _, ok := during.Load(500); ok {
		t.Error("a visitor got a 500 during the outage instead of the calm 503 page")
	}
}
