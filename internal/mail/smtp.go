package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Delivery is what an SMTP server did with one message.
type Delivery struct {
	Accepted []string          // recipients the server took
	Refused  map[string]string // recipient → reason, refused for good (5xx)
	Deferred map[string]string // recipient → reason, refused for now (4xx)
}

// SendError is a delivery error of the whole message: nothing was
// delivered. Either the server could not be used (Server: not reached, TLS
// failed, credentials refused, connection lost), which says nothing of the
// message and is fixed by fixing the server or the configuration; or the
// server answered about the message (MAIL FROM, DATA) with a reply,
// Permanent when it was a 5xx. A recipient refused at RCPT is not a
// SendError: the Delivery says so.
type SendError struct {
	Server    bool
	Permanent bool
	// Auth is true when the server refused the credentials of the URL.
	Auth bool
	Err  error
}

func (e *SendError) Error() string { return e.Err.Error() }
func (e *SendError) Unwrap() error { return e.Err }

// Sender delivers one message. Send returns a *SendError when nothing was
// delivered; when some recipients were accepted it returns a nil error and
// says in the Delivery which ones.
type Sender interface {
	Send(ctx context.Context, from string, to []string, raw []byte) (Delivery, error)
}

// SMTP delivers messages to one SMTP server (PACTD_SMTP_URL):
// "smtps://user:password@host:465" (implicit TLS), "smtp://host:587"
// (STARTTLS, required unless the host is a loopback address, where it is
// used when offered). AUTH PLAIN is used when the URL names a user.
type SMTP struct {
	Addr     string // host:port
	Implicit bool   // smtps
	User     string
	Password string
	// TLSConfig verifies the server (RootCAs for a private CA); nil uses
	// the system roots.
	TLSConfig *tls.Config
	// LocalName is said in EHLO; default "localhost".
	LocalName string
	// Timeout bounds connecting and each command; default 30 s.
	Timeout time.Duration
	// Hook, when set, is called at named points of a delivery ("data":
	// the message is being written, before the final dot). Tests use it
	// to kill the process in the middle of a send.
	Hook func(point string)

	// startTLS is set once a loopback server offered STARTTLS: later
	// connections start TLS at once instead of greeting the server on a
	// first connection only to read its extensions (one connection and
	// one session of the server less per message).
	startTLS atomic.Bool
	// sessions resumes TLS sessions with the server (when TLSConfig has
	// no cache of its own): a burst of acknowledgments, one connection
	// each, then skips the server's signature and the check of its
	// certificate chain on every connection but the first.
	sessionsOnce sync.Once
	sessions     tls.ClientSessionCache

	// idle holds the connections of deliveries that went through, kept
	// open for idleFor for the next ones (at most maxIdle), so that a
	// burst of acknowledgments is sent over a few sessions rather than
	// one each (see Send).
	idleMu sync.Mutex
	idle   []*idleConn
}

// idleConn is a connection kept for the next delivery; its timer closes it.
type idleConn struct {
	c     *smtp.Client
	timer *time.Timer
}

const (
	// idleFor is how long a connection is kept for the next delivery:
	// long enough to carry a burst, far below the servers' idle timeouts
	// (Postfix: 300 s), and short enough that a daemon at rest holds no
	// session of the relay open.
	idleFor = 2 * time.Second
	// maxIdle bounds the connections kept (the outbox's Senders send at
	// once, DaemonSenders in pactd run).
	maxIdle = 8
)

// take returns a kept connection, reused true, or a new one.
func (s *SMTP) take(ctx context.Context) (*smtp.Client, bool, error) {
	s.idleMu.Lock()
	for len(s.idle) > 0 {
		ic := s.idle[len(s.idle)-1]
		s.idle = s.idle[:len(s.idle)-1]
		if ic.timer.Stop() {
			s.idleMu.Unlock()
			return ic.c, true, nil
		}
		// Its timer fired: it is being closed.
	}
	s.idleMu.Unlock()
	c, err := s.dial(ctx)
	return c, false, err
}

// keep keeps c for the next delivery, or ends its session when enough
// are kept.
func (s *SMTP) keep(c *smtp.Client) {
	s.idleMu.Lock()
	defer s.idleMu.Unlock()
	if len(s.idle) >= maxIdle {
		go c.Quit()
		return
	}
	ic := &idleConn{c: c}
	ic.timer = time.AfterFunc(idleFor, func() {
		s.idleMu.Lock()
		s.idle = slices.DeleteFunc(s.idle, func(o *idleConn) bool { return o == ic })
		s.idleMu.Unlock()
		_ = c.Quit()
	})
	s.idle = append(s.idle, ic)
}

// NewSMTP reads an smtp:// or smtps:// URL. It refuses a plain smtp:// URL
// to anything but loopback only at delivery time, when it finds the server
// offers no STARTTLS. tlsConfig may be nil.
func NewSMTP(rawURL string, tlsConfig *tls.Config) (*SMTP, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("parse SMTP URL: %w", err)
	}
	s := &SMTP{TLSConfig: tlsConfig}
	switch u.Scheme {
	case "smtps":
		s.Implicit = true
	case "smtp":
	default:
		return nil, fmt.Errorf("parse SMTP URL: scheme %q is neither smtp nor smtps", u.Scheme)
	}
	host, port := u.Hostname(), u.Port()
	if host == "" {
		return nil, errors.New("parse SMTP URL: no host")
	}
	if port == "" {
		port = map[bool]string{true: "465", false: "587"}[s.Implicit]
	}
	s.Addr = net.JoinHostPort(host, port)
	if u.User != nil {
		s.User = u.User.Username()
		s.Password, _ = u.User.Password()
	}
	return s, nil
}

func (s *SMTP) timeout() time.Duration {
	if s.Timeout > 0 {
		return s.Timeout
	}
	return 30 * time.Second
}

func (s *SMTP) tlsConfig() *tls.Config {
	cfg := &tls.Config{}
	if s.TLSConfig != nil {
		cfg = s.TLSConfig.Clone()
	}
	if cfg.ServerName == "" {
		cfg.ServerName, _, _ = net.SplitHostPort(s.Addr)
	}
	if cfg.ClientSessionCache == nil {
		s.sessionsOnce.Do(func() { s.sessions = tls.NewLRUClientSessionCache(16) })
		cfg.ClientSessionCache = s.sessions
	}
	return cfg
}

// dial connects and secures the connection: implicit TLS, STARTTLS, or
// plain on loopback when the server offers no STARTTLS.
func (s *SMTP) dial(ctx context.Context) (*smtp.Client, error) {
	d := &net.Dialer{Timeout: s.timeout()}
	host, _, _ := net.SplitHostPort(s.Addr)
	if s.Implicit {
		conn, err := (&tls.Dialer{NetDialer: d, Config: s.tlsConfig()}).DialContext(ctx, "tcp", s.Addr)
		if err != nil {
			return nil, fmt.Errorf("connect to %s: %w", s.Addr, err)
		}
		return s.client(smtp.NewClient(conn))
	}
	conn, err := d.DialContext(ctx, "tcp", s.Addr)
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", s.Addr, err)
	}
	if !isLoopback(host) {
		c, err := smtp.NewClientStartTLS(conn, s.tlsConfig())
		if err != nil {
			return nil, fmt.Errorf("start TLS with %s (plain SMTP is allowed to loopback only): %w", s.Addr, err)
		}
		return s.client(c)
	}
	if s.startTLS.Load() {
		c, err := smtp.NewClientStartTLS(conn, s.tlsConfig())
		if err == nil {
			return s.client(c)
		}
		// No longer offered, or refused: look at the server again.
		s.startTLS.Store(false)
		if conn, err = d.DialContext(ctx, "tcp", s.Addr); err != nil {
			return nil, fmt.Errorf("connect to %s: %w", s.Addr, err)
		}
	}
	c, err := s.client(smtp.NewClient(conn))
	if err != nil {
		return nil, err
	}
	if ok, _ := c.Extension("STARTTLS"); !ok {
		return c, nil
	}
	// Offered on loopback: use it. go-smtp upgrades only a fresh client.
	c.Close()
	conn, err = d.DialContext(ctx, "tcp", s.Addr)
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", s.Addr, err)
	}
	c2, err := smtp.NewClientStartTLS(conn, s.tlsConfig())
	if err != nil {
		return nil, fmt.Errorf("start TLS with %s: %w", s.Addr, err)
	}
	s.startTLS.Store(true)
	return s.client(c2)
}

// client sets the timeouts and greets the server. Greeting is where a TLS
// handshake started by STARTTLS or implicit TLS really happens: its error
// (an untrusted certificate, say) is returned here rather than lost in
// Extension, which would report every extension missing.
func (s *SMTP) client(c *smtp.Client) (*smtp.Client, error) {
	c.CommandTimeout = s.timeout()
	c.SubmissionTimeout = 2 * s.timeout()
	name := s.LocalName
	if name == "" {
		name = "localhost"
	}
	if err := c.Hello(name); err != nil {
		c.Close()
		return nil, fmt.Errorf("greet %s: %w", s.Addr, err)
	}
	return c, nil
}

// Send delivers raw to the recipients. Recipients refused at RCPT are
// reported in the Delivery (Refused for 5xx, Deferred for 4xx); the message
// is sent to the others. The connection is closed when ctx is done.
//
// The connection of a delivery that went through is kept for idleFor and
// used by the next Send (RSET was not needed: the server is back at the
// start of a mail transaction after the final dot). A kept connection
// the server closed meanwhile fails at MAIL FROM, before anything of the
// message was sent: Send then starts over once on a new connection.
func (s *SMTP) Send(ctx context.Context, from string, to []string, raw []byte) (Delivery, error) {
	var d Delivery
	c, reused, err := s.take(ctx)
	if err != nil {
		return d, &SendError{Server: true, Err: err}
	}
	kept := false
	defer func() {
		if !kept {
			c.Close()
		}
	}()
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()

	if !reused {
		if err := s.auth(c); err != nil {
			return d, err
		}
	}
	err = c.Mail(from, nil)
	if err != nil && reused {
		// Closed by the server while kept (timeout, restart): nothing
		// was sent, start over on a new connection.
		stop()
		c.Close()
		if c, err = s.dial(ctx); err != nil {
			kept = true // nothing left to close
			return d, &SendError{Server: true, Err: err}
		}
		stop = context.AfterFunc(ctx, func() { c.Close() })
		defer stop()
		if err := s.auth(c); err != nil {
			return d, err
		}
		err = c.Mail(from, nil)
	}
	if err != nil {
		return d, classify(fmt.Errorf("send MAIL FROM to %s: %w", s.Addr, err))
	}
	for _, rcpt := range to {
		err := c.Rcpt(rcpt, nil)
		var se *smtp.SMTPError
		switch {
		case err == nil:
			d.Accepted = append(d.Accepted, rcpt)
		case errors.As(err, &se) && se.Code/100 == 5:
			if d.Refused == nil {
				d.Refused = map[string]string{}
			}
			d.Refused[rcpt] = se.Error()
		case errors.As(err, &se):
			if d.Deferred == nil {
				d.Deferred = map[string]string{}
			}
			d.Deferred[rcpt] = se.Error()
		default:
			return Delivery{}, &SendError{Server: true, Err: fmt.Errorf("send RCPT TO to %s: %w", s.Addr, err)}
		}
	}
	if len(d.Accepted) == 0 {
		_ = c.Reset()
		return d, nil
	}
	w, err := c.Data()
	if err != nil {
		return Delivery{}, classify(fmt.Errorf("send DATA to %s: %w", s.Addr, err))
	}
	if s.Hook != nil {
		half := len(raw) / 2
		if _, err := w.Write(raw[:half]); err != nil {
			return Delivery{}, classify(fmt.Errorf("write message to %s: %w", s.Addr, err))
		}
		s.Hook("data")
		raw = raw[half:]
	}
	if _, err := io.Copy(w, strings.NewReader(string(raw))); err != nil {
		return Delivery{}, classify(fmt.Errorf("write message to %s: %w", s.Addr, err))
	}
	if err := w.Close(); err != nil {
		return Delivery{}, classify(fmt.Errorf("end message to %s: %w", s.Addr, err))
	}
	if stop() && ctx.Err() == nil {
		kept = true
		s.keep(c)
	}
	return d, nil
}

// auth authenticates on a new connection when the URL names a user.
func (s *SMTP) auth(c *smtp.Client) error {
	if s.User == "" {
		return nil
	}
	if ok, _ := c.Extension("AUTH"); !ok {
		return &SendError{Server: true, Err: fmt.Errorf("authenticate to %s: %w", s.Addr, errNoAuth)}
	}
	if err := c.Auth(sasl.NewPlainClient("", s.User, s.Password)); err != nil {
		// A refused password (535) is the configuration's fault, not
		// the message's: every message waits until it is fixed.
		return &SendError{Server: true, Auth: true, Err: fmt.Errorf("authenticate to %s as %s: %w", s.Addr, s.User, err)}
	}
	return nil
}

// classify wraps err as a SendError: a reply of the server about the
// message (permanent for a 5xx), or a server fault when the exchange broke
// without a reply (connection lost, timeout).
func classify(err error) error {
	var se *smtp.SMTPError
	if !errors.As(err, &se) {
		return &SendError{Server: true, Err: err}
	}
	return &SendError{Permanent: se.Code/100 == 5, Err: err}
}

// isLoopback reports whether host is "localhost" or a loopback address.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
