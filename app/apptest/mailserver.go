package apptest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"

	smtp "github.com/emersion/go-smtp"
)

// MailServer is a real SMTP server on a loopback port (emersion/go-smtp), so a test
// sees what the app's mail library really sent.
type MailServer struct {
	Addr string // 127.0.0.1:port
	// Reject makes the server refuse recipients ending in this text with a permanent
	// error (550), as a real server does for an address that does not exist.
	Reject string

	// RootCAs trusts the server's certificate when it speaks TLS (StartTLSMailServer).
	RootCAs *x509.CertPool

	mu       sync.Mutex
	received []Mail
}

// Mail is one message as it arrived.
type Mail struct {
	TLS  bool // the mail came over an encrypted connection
	From string
	To   []string
	Raw  string
	Msg  *mail.Message
	Body string
}

// Header is a header of the mail.
func (m Mail) Header(name string) string { return m.Msg.Header.Get(name) }

// StartMailServer starts the server, without TLS; it stops with the test.
func StartMailServer(t testing.TB) *MailServer {
	t.Helper()
	return startMailServer(t, "")
}

// Ways a test mail server speaks TLS, with a certificate of its own for 127.0.0.1
// (MailServer.RootCAs trusts it).
const (
	StartTLS    = "starttls" // plain at first, STARTTLS offered (port 587)
	ImplicitTLS = "implicit" // TLS from the first byte (port 465)
)

// StartTLSMailServer starts a server that speaks TLS in the given way.
func StartTLSMailServer(t testing.TB, mode string) *MailServer {
	t.Helper()
	return startMailServer(t, mode)
}

func startMailServer(t testing.TB, mode string) *MailServer {
	ms := &MailServer{}
	srv := smtp.NewServer(ms)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if mode != "" {
		cert, pool := selfSignedCertificate(t)
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		ms.RootCAs = pool
		if mode == ImplicitTLS {
			l = tls.NewListener(l, srv.TLSConfig)
		}
	}
	ms.Addr = l.Addr().String()
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	return ms
}

// selfSignedCertificate is a certificate for 127.0.0.1 and localhost, valid for a day,
// and a pool that trusts it.
func selfSignedCertificate(t testing.TB) (tls.Certificate, *x509.CertPool) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "Ons Huis test mail server"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:     []string{"localhost"},
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA:         true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}

// URL is the SMTP_URL of the server.
func (ms *MailServer) URL() string { return "smtp://" + ms.Addr }

// Received returns the mails that arrived so far.
func (ms *MailServer) Received() []Mail {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	return append([]Mail(nil), ms.received...)
}

// To returns the mails that arrived for address.
func (ms *MailServer) To(address string) []Mail {
	var out []Mail
	for _, m := range ms.Received() {
		for _, to := range m.To {
			if strings.EqualFold(to, address) {
				out = append(out, m)
			}
		}
	}
	return out
}

// NewSession is go-smtp's backend hook.
func (ms *MailServer) NewSession(c *smtp.Conn) (smtp.Session, error) {
	return &mailSession{server: ms, conn: c}, nil
}

type mailSession struct {
	server *MailServer
	conn   *smtp.Conn
	from   string
	to     []string
}

func (s *mailSession) Reset()        { s.from, s.to = "", nil }
func (s *mailSession) Logout() error { return nil }
func (s *mailSession) Mail(from string, _ *smtp.MailOptions) error {
	s.from = from
	return nil
}

func (s *mailSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if s.server.Reject != "" && strings.HasSuffix(to, s.server.Reject) {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
	}
	s.to = append(s.to, to)
	return nil
}

func (s *mailSession) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	_, overTLS := s.conn.TLSConnectionState()
	m := Mail{TLS: overTLS, From: s.from, To: s.to, Raw: string(raw)}
	if m.Msg, err = mail.ReadMessage(strings.NewReader(m.Raw)); err != nil {
		return err
	}
	s.server.mu.Lock()
	s.server.received = append(s.server.received, m)
	s.server.mu.Unlock()
	return nil
}

// Subject is the decoded subject.
func (m Mail) Subject() string {
	s, err := new(mime.WordDecoder).DecodeHeader(m.Header("Subject"))
	if err != nil {
		return m.Header("Subject")
	}
	return s
}

// Part returns the decoded content of the first part whose type starts with
// contentType ("text/plain", "text/html", "text/calendar"), or "".
func (m Mail) Part(contentType string) string {
	return findPart(textproto.MIMEHeader(m.Msg.Header), strings.NewReader(m.Raw[strings.Index(m.Raw, "\r\n\r\n")+4:]), contentType)
}

func findPart(h textproto.MIMEHeader, body io.Reader, want string) string {
	mediaType, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		return ""
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err != nil {
				return ""
			}
			if got := findPart(p.Header, p, want); got != "" {
				return got
			}
		}
	}
	if !strings.HasPrefix(mediaType, want) {
		return ""
	}
	var r io.Reader = body
	switch strings.ToLower(h.Get("Content-Transfer-Encoding")) {
	case "quoted-printable":
		r = quotedprintable.NewReader(body)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, body)
	}
	b, _ := io.ReadAll(r)
	return string(b)
}
