package notify

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"strconv"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// SMTP is a mail server to send through, read from SMTP_URL.
type SMTP struct {
	Host     string
	Port     int
	Username string
	Password string
	// Implicit is TLS from the first byte (smtps://); otherwise STARTTLS, which is
	// required unless the server is on this machine (a local relay).
	Implicit bool
	Loopback bool
	// RootCAs are the certificate authorities trusted for the server's certificate;
	// nil means the system's (a relay with its own authority, or a test server, sets it).
	RootCAs *x509.CertPool
}

// ParseSMTPURL reads smtp://user:pass@host:587 (STARTTLS) or smtps://user:pass@host:465
// (implicit TLS). An empty string means no mail server: (nil, nil).
func ParseSMTPURL(raw string) (*SMTP, error) {
	if raw == "" {
		return nil, nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("want smtp://user:password@host:587 or smtps://…:465: %w", err)
	}
	s := &SMTP{Host: u.Hostname()}
	switch u.Scheme {
	case "smtp":
		s.Port = 587
	case "smtps":
		s.Port, s.Implicit = 465, true
	default:
		return nil, fmt.Errorf("want smtp:// (STARTTLS) or smtps:// (TLS), got %q", u.Scheme+"://")
	}
	if s.Host == "" {
		return nil, fmt.Errorf("no host in %q", u.Redacted())
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("port: want a number from 1 to 65535, got %q", p)
		}
		s.Port = n
	}
	if u.Path != "" && u.Path != "/" || u.RawQuery != "" {
		return nil, fmt.Errorf("want only user, password, host and port in %q", u.Redacted())
	}
	if u.User != nil {
		s.Username = u.User.Username()
		s.Password, _ = u.User.Password()
	}
	ip := net.ParseIP(s.Host)
	s.Loopback = s.Host == "localhost" || ip != nil && ip.IsLoopback()
	return s, nil
}

// ParseFrom checks MAIL_FROM: "Ons Huis <noreply@example.nl>" or a bare address.
func ParseFrom(raw string) (string, error) {
	a, err := mail.ParseAddress(raw)
	if err != nil {
		return "", fmt.Errorf("want an address such as Ons Huis <noreply@example.nl>, got %q", raw)
	}
	return a.String(), nil
}

// client builds a go-mail client for the server: STARTTLS is mandatory except on
// loopback, where a relay without TLS is normal (it is used when offered).
func (s *SMTP) client(timeout time.Duration) (*gomail.Client, error) {
	opts := []gomail.Option{gomail.WithPort(s.Port), gomail.WithTimeout(timeout)}
	switch {
	case s.Implicit:
		opts = append(opts, gomail.WithSSL())
	case s.Loopback:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	// The certificate is checked against the host name of SMTP_URL, with at least TLS 1.2.
	opts = append(opts, gomail.WithTLSConfig(&tls.Config{ServerName: s.Host, RootCAs: s.RootCAs, MinVersion: tls.VersionTLS12}))
	if s.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover), gomail.WithUsername(s.Username), gomail.WithPassword(s.Password))
	}
	c, err := gomail.NewClient(s.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("notify: unable to set up the mail client: %w", err)
	}
	return c, nil
}
