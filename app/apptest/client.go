package apptest

import (
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"onshuis/app"
)

// Client is one browser: it keeps its cookies and sends forms with the CSRF token of
// the page it last loaded, as a real browser does.
type Client struct {
	T    testing.TB
	app  *app.App
	jar  *cookiejar.Jar
	last *Response
	ip   string // sent as X-Forwarded-For when set (see From)
}

// Response is what the browser got back.
type Response struct {
	Status   int
	Body     string
	Header   http.Header
	Location string
}

var baseURL, _ = url.Parse("http://127.0.0.1:3000/")

// Client returns a new browser without cookies.
func (s *Server) Client() *Client {
	return NewClient(s.T, s.App)
}

// NewClient returns a browser for a.
func NewClient(t testing.TB, a *app.App) *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{T: t, app: a, jar: jar}
}

// Use returns a browser with the same cookies talking to another instance: the same
// person reaching another app process behind a load balancer.
func (c *Client) Use(a *app.App) *Client {
	return &Client{T: c.T, app: a, jar: c.jar, last: c.last, ip: c.ip}
}

// From returns the same browser on another network: its requests say they come from
// ip, as a trusted proxy would (the app must trust 0.0.0.0, the address app.Test
// connects from: see TrustProxy).
func (c *Client) From(ip string) *Client {
	return &Client{T: c.T, app: c.app, jar: c.jar, last: c.last, ip: ip}
}

// TrustProxy makes the app believe X-Forwarded-For from app.Test's connections, so
// that browsers made with From have their own IP addresses.
func TrustProxy(cfg *app.Config) { cfg.TrustedProxies = []string{"0.0.0.0"} }

// Do sends a request with the browser's cookies and keeps the cookies it gets back.
func (c *Client) Do(req *http.Request) *Response {
	c.T.Helper()
	u := baseURL.ResolveReference(req.URL) // cookies with a Path go only there, as in a browser
	for _, ck := range c.jar.Cookies(u) {
		req.AddCookie(ck)
	}
	if c.ip != "" {
		req.Header.Set("X-Forwarded-For", c.ip)
	}
	resp, err := c.app.Fiber.Test(req, -1)
	if err != nil {
		c.T.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		c.T.Fatalf("%s %s: read body: %v", req.Method, req.URL, err)
	}
	c.jar.SetCookies(u, resp.Cookies())
	r := &Response{Status: resp.StatusCode, Body: string(body), Header: resp.Header, Location: resp.Header.Get("Location")}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		c.last = r
	}
	return r
}

// Get loads a page.
func (c *Client) Get(path string) *Response {
	c.T.Helper()
	return c.Do(httptest.NewRequest(http.MethodGet, path, nil))
}

// Post sends a form exactly as given (no token is added).
func (c *Client) Post(path string, form url.Values) *Response {
	c.T.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.Do(req)
}

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]*)"`)

// CSRF is the token in the last page loaded.
func (c *Client) CSRF() string {
	c.T.Helper()
	if c.last == nil {
		c.T.Fatal("no page loaded yet to take a CSRF token from")
	}
	m := csrfField.FindStringSubmatch(c.last.Body)
	if m == nil {
		c.T.Fatal("the last page has no form with a CSRF token")
	}
	return html.UnescapeString(m[1])
}

// Submit loads page, then sends the form to action with the page's CSRF token.
func (c *Client) Submit(page, action string, form url.Values) *Response {
	c.T.Helper()
	c.Get(page)
	return c.PostWithToken(action, form)
}

// PostWithToken sends the form with the CSRF token of the last page loaded.
func (c *Client) PostWithToken(action string, form url.Values) *Response {
	c.T.Helper()
	if form == nil {
		form = url.Values{}
	}
	form.Set("_csrf", c.CSRF())
	return c.Post(action, form)
}

// Follow loads the page a redirect points to.
func (r *Response) Follow(c *Client) *Response {
	c.T.Helper()
	if r.Location == "" {
		c.T.Fatalf("expected a redirect, got %d", r.Status)
	}
	return c.Get(r.Location)
}

// Cookie returns the value of the browser's cookie name.
func (c *Client) Cookie(name string) string {
	for _, ck := range c.jar.Cookies(baseURL) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// Form builds url.Values from name/value pairs.
func Form(pairs ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		v.Add(pairs[i], pairs[i+1])
	}
	return v
}

// With returns the same browser reporting to t: inside a fuzz target or a subtest,
// failures must go to that test.
func (c *Client) With(t testing.TB) *Client {
	return &Client{T: t, app: c.app, jar: c.jar, last: c.last, ip: c.ip}
}
