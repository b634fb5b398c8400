// Package systemtest starts the real binary as separate processes on one PostgreSQL
// database and checks what only shows with processes: sessions shared between them,
// no overbooking through both, no accepted write lost when one is killed, and recovery
// when the database goes away for a while; and the commands beside the server (backup,
// restore, copy) as an administrator runs them.
package systemtest

import (
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// built is the app binary, built on first use and shared by the package's tests.
var built struct {
	once sync.Once
	path string
	err  error
}

func binary(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		dir, err := os.MkdirTemp("", "onshuis-systemtest")
		if err != nil {
			built.err = err
			return
		}
		built.path = filepath.Join(dir, "onshuis")
		cmd := exec.Command("go", "build", "-o", built.path, "..")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			built.err = fmt.Errorf("build: %v\n%s", err, out)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.path
}

func TestMain(m *testing.M) {
	code := m.Run()
	if built.path != "" {
		os.RemoveAll(filepath.Dir(built.path))
	}
	os.Exit(code)
}

// process is one running app process.
type process struct {
	cmd  *exec.Cmd
	base string // http://127.0.0.1:port
	log  string
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// start runs the app on databaseURL and waits until /healthz answers.
func start(t *testing.T, databaseURL string, env ...string) *process {
	t.Helper()
	addr := freePort(t)
	logFile := filepath.Join(t.TempDir(), "app.log")
	out, err := os.Create(logFile)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(binary(t))
	cmd.Env = append(os.Environ(), "DATABASE_URL="+databaseURL, "ADDR="+addr, "BASE_URL=http://"+addr,
		"LOG_LEVEL=warn", "CHECKIN_LIMIT_IP=1000000", "LOGIN_LIMIT_IP=1000", "REGISTER_LIMIT_IP=1000", "DB_MAX_OPEN_CONNS=8")
	cmd.Env = append(cmd.Env, env...)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &process{cmd: cmd, base: "http://" + addr, log: logFile}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		if cmd.ProcessState == nil {
			_, _ = cmd.Process.Wait()
		}
		out.Close()
		if t.Failed() {
			b, _ := os.ReadFile(logFile)
			t.Logf("log of %s:\n%s", addr, b)
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(p.base + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return p
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("the app on %s did not start", addr)
	return nil
}

// browser is a person with cookies, sending forms the way a browser does.
type browser struct {
	t      testing.TB
	client *http.Client
	last   string
}

func newBrowser(t testing.TB) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, client: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// response is what came back.
type response struct {
	status   int
	body     string
	location string
}

func (b *browser) do(req *http.Request) (*response, error) {
	resp, err := b.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	r := &response{status: resp.StatusCode, body: string(body), location: resp.Header.Get("Location")}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		b.last = r.body
	}
	return r, nil
}

// get loads a page on the process at base. The cookies are per host:port, so the
// same browser on another process needs the cookies copied: use on.
func (b *browser) get(base, path string) *response {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+path, nil)
	r, err := b.do(req)
	if err != nil {
		b.t.Fatalf("GET %s%s: %v", base, path, err)
	}
	return r
}

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]*)"`)

func (b *browser) token() string {
	m := csrfField.FindStringSubmatch(b.last)
	if m == nil {
		b.t.Fatal("no CSRF token on the last page")
	}
	return html.UnescapeString(m[1])
}

// post sends a form with the token of the last page.
func (b *browser) post(base, path string, form url.Values) (*response, error) {
	form.Set("_csrf", b.token())
	req, _ := http.NewRequest(http.MethodPost, base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// submit loads page and posts the form to action, failing the test on a network error.
func (b *browser) submit(base, page, action string, form url.Values) *response {
	b.t.Helper()
	b.get(base, page)
	r, err := b.post(base, action, form)
	if err != nil {
		b.t.Fatalf("POST %s%s: %v", base, action, err)
	}
	return r
}

// on gives the browser the cookies it has for from also for to: one person reaching
// another process behind a load balancer (which serves both under one host name).
func (b *browser) on(from, to string) {
	fu, _ := url.Parse(from)
	tu, _ := url.Parse(to)
	b.client.Jar.SetCookies(tu, b.client.Jar.Cookies(fu))
}

func form(pairs ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		v.Add(pairs[i], pairs[i+1])
	}
	return v
}
