package mail_test

import (
	"context"
	"io"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/rs/zerolog"

	"github.com/pactd/pactd/internal/mail"
	"github.com/pactd/pactd/internal/sqlite"
)

// smtpServer is go-smtp's in-process server recording what it accepts; its
// behaviour per recipient is set by rcpt (nil: accept).
type smtpServer struct {
	addr string
	mu   sync.Mutex
	got  []delivered
	rcpt func(to string) error
	data func() error
}

type delivered struct {
	from string
	to   []string
	raw  string
}

type smtpSession struct {
	s    *smtpServer
	from string
	to   []string
}

func (ss *smtpSession) Reset()        { ss.from, ss.to = "", nil }
func (ss *smtpSession) Logout() error { return nil }
func (ss *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	ss.from = from
	return nil
}
func (ss *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.s.mu.Lock()
	f := ss.s.rcpt
	ss.s.mu.Unlock()
	if f != nil {
		if err := f(to); err != nil {
			return err
		}
	}
	ss.to = append(ss.to, to)
	return nil
}
func (ss *smtpSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ss.s.mu.Lock()
	defer ss.s.mu.Unlock()
	if ss.s.data != nil {
		if err := ss.s.data(); err != nil {
			return err
		}
	}
	ss.s.got = append(ss.s.got, delivered{ss.from, ss.to, string(b)})
	return nil
}

func startSMTP(t *testing.T) *smtpServer {
	t.Helper()
	s := &smtpServer{}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &smtpSession{s: s}, nil }))
	srv.Domain = "localhost"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.addr = ln.Addr().String()
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return s
}

func (s *smtpServer) deliveries() []delivered {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]delivered(nil), s.got...)
}

func (s *smtpServer) set(rcpt func(string) error, data func() error) {
	s.mu.Lock()
	s.rcpt, s.data = rcpt, data
	s.mu.Unlock()
}

func openStore(t *testing.T) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "pactd.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// clock is a settable clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newOutbox(t *testing.T, srv *smtpServer) (*mail.Outbox, *clock) {
	t.Helper()
	sender, err := mail.NewSMTP("smtp://"+srv.addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	o := mail.NewOutbox(openStore(t), sender, zerolog.Nop())
	clk := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	o.Now = clk.Now
	return o, clk
}

func draft(key string, to ...string) mail.Draft {
	return mail.Draft{From: "Pacte <depot@example.test>", To: to, Subject: "Accusé", Key: key, Text: "Bonjour."}
}

func TestOutboxSendsOnceIdempotently(t *testing.T) {
	srv := startSMTP(t)
	o, _ := newOutbox(t, srv)
	ctx := context.Background()
	m, created, err := o.EnqueueDraft(ctx, "ack", draft("ack:1", "ain@example.test"))
	if err != nil || !created {
		t.Fatalf("EnqueueDraft = %v, %v", created, err)
	}
	if _, created, err := o.EnqueueDraft(ctx, "ack", draft("ack:1", "ain@example.test")); err != nil || created {
		t.Fatalf("second EnqueueDraft with the same key = created %v, %v; want not created", created, err)
	}
	if p, f, _ := o.Counts(ctx); p != 1 || f != 0 {
		t.Errorf("counts before sending = %d pending, %d failed", p, f)
	}
	for range 2 {
		if _, err := o.Flush(ctx); err != nil {
			t.Fatal(err)
		}
	}
	got := srv.deliveries()
	if len(got) != 1 {
		t.Fatalf("%d deliveries, want 1", len(got))
	}
	if got[0].from != "depot@example.test" || strings.Join(got[0].to, ",") != "ain@example.test" {
		t.Errorf("envelope %s → %v", got[0].from, got[0].to)
	}
	if !strings.Contains(got[0].raw, "Message-Id: <"+m.MessageID+">") {
		t.Errorf("delivered message lacks its Message-ID %s:\n%s", m.MessageID, got[0].raw)
	}
	st, err := o.Status(ctx, "ack:1")
	if err != nil || st.State != mail.Sent || st.SentAt.IsZero() || st.Attempts != 1 {
		t.Errorf("Status = %+v, %v; want sent after 1 attempt", st, err)
	}
	if p, f, _ := o.Counts(ctx); p != 0 || f != 0 {
		t.Errorf("counts after sending = %d pending, %d failed", p, f)
	}
}

func TestOutboxRetriesThenFails(t *testing.T) {
	srv := startSMTP(t)
	o, clk := newOutbox(t, srv)
	ctx := context.Background()
	busy := &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try later"}
	srv.set(nil, func() error { return busy })
	if _, _, err := o.EnqueueDraft(ctx, "ack", draft("k", "ain@example.test")); err != nil {
		t.Fatal(err)
	}
	if r, _ := o.Flush(ctx); r.Retried != 1 {
		t.Fatalf("first pass %+v, want one retry", r)
	}
	st, _ := o.Status(ctx, "k")
	if st.State != mail.Pending || !strings.Contains(st.LastError, "451") || !st.NextAttempt.After(clk.Now()) {
		t.Errorf("after a 451: %+v", st)
	}
	// Not due yet: nothing happens.
	if r, _ := o.Flush(ctx); r != (mail.FlushResult{}) {
		t.Errorf("pass before the retry time did %+v", r)
	}
	clk.Add(31 * time.Second)
	o.Flush(ctx)
	st2, _ := o.Status(ctx, "k")
	if st2.Attempts != 2 || st2.NextAttempt.Sub(clk.Now()) != time.Minute {
		t.Errorf("second retry: attempts %d, next in %v; want 2 and 1m (doubled)", st2.Attempts, st2.NextAttempt.Sub(clk.Now()))
	}
	// The server comes back: delivered once.
	srv.set(nil, nil)
	clk.Add(time.Minute)
	o.Flush(ctx)
	if n := len(srv.deliveries()); n != 1 {
		t.Fatalf("%d deliveries once the server accepts, want 1", n)
	}

	// A refusal of the message itself (DATA 554) is retried, then given
	// up after GiveUpAfter; the server answered, so it is healthy.
	srv.set(nil, func() error {
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: "content rejected"}
	})
	o.EnqueueDraft(ctx, "ack", draft("k2", "ain@example.test"))
	o.Flush(ctx)
	st3, _ := o.Status(ctx, "k2")
	if st3.State != mail.Pending || !strings.Contains(st3.LastError, "554") {
		t.Errorf("after a first 554: %+v", st3)
	}
	if h := o.State(ctx); !h.OK {
		t.Errorf("a server that answers is reported unhealthy: %+v", h)
	}
	clk.Add(5*24*time.Hour + time.Minute)
	o.Flush(ctx)
	st3, _ = o.Status(ctx, "k2")
	if st3.State != mail.Failed || !strings.Contains(st3.LastError, "abandon après des refus répétés") {
		t.Errorf("after 5 days of 554: %+v", st3)
	}
	if _, f, _ := o.Counts(ctx); f != 1 {
		t.Errorf("%d failed, want 1", f)
	}
	failed, err := o.List(ctx, mail.Filter{State: mail.Failed})
	if err != nil || len(failed) != 1 || failed[0].Key != "k2" {
		t.Errorf("List(failed) = %v, %v", failed, err)
	}
}

func TestOutboxRecipients(t *testing.T) {
	srv := startSMTP(t)
	o, clk := newOutbox(t, srv)
	ctx := context.Background()
	deferOnce := true
	srv.set(func(to string) error {
		switch {
		case strings.HasPrefix(to, "nobody"):
			return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
		case strings.HasPrefix(to, "full") && deferOnce:
			deferOnce = false
			return &smtp.SMTPError{Code: 452, EnhancedCode: smtp.EnhancedCode{4, 2, 2}, Message: "mailbox full"}
		}
		return nil
	}, nil)
	o.EnqueueDraft(ctx, "ack", draft("r", "ain@example.test", "nobody@example.test", "full@example.test"))
	o.Flush(ctx)
	st, _ := o.Status(ctx, "r")
	if st.State != mail.Pending || strings.Join(st.To, ",") != "full@example.test" ||
		strings.Join(st.Delivered, ",") != "ain@example.test" || len(st.Refused) != 1 {
		t.Fatalf("after the first attempt: %+v", st)
	}
	clk.Add(time.Hour)
	o.Flush(ctx)
	st, _ = o.Status(ctx, "r")
	if st.State != mail.Sent || strings.Join(st.Delivered, ",") != "ain@example.test,full@example.test" {
		t.Fatalf("after the retry: %+v", st)
	}
	got := srv.deliveries()
	if len(got) != 2 || strings.Join(got[0].to, ",") != "ain@example.test" || strings.Join(got[1].to, ",") != "full@example.test" {
		t.Errorf("deliveries %+v: want ain first, then full alone", got)
	}
}

func TestOutboxServerDown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there
	sender, _ := mail.NewSMTP("smtp://"+addr, nil)
	o := mail.NewOutbox(openStore(t), sender, zerolog.Nop())
	ctx := context.Background()
	o.EnqueueDraft(ctx, "ack", draft("d", "ain@example.test"))
	o.Flush(ctx)
	st, _ := o.Status(ctx, "d")
	if st.State != mail.Pending || st.Attempts != 1 || !strings.Contains(st.LastError, "connect") {
		t.Errorf("with the server down: %+v", st)
	}
}

func TestOutboxRunWakesAndStops(t *testing.T) {
	srv := startSMTP(t)
	sender, _ := mail.NewSMTP("smtp://"+srv.addr, nil)
	o := mail.NewOutbox(openStore(t), sender, zerolog.Nop())
	o.Interval = time.Hour // only Enqueue's wake-up can make it send
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- o.Run(ctx) }()
	time.Sleep(50 * time.Millisecond)
	o.EnqueueDraft(context.Background(), "ack", draft("w", "ain@example.test"))
	deadline := time.Now().Add(5 * time.Second)
	for len(srv.deliveries()) == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop")
	}
	if n := len(srv.deliveries()); n != 1 {
		t.Errorf("%d deliveries after a wake-up, want 1", n)
	}
}

func TestNewSMTP(t *testing.T) {
	for _, u := range []string{"http://h", "smtp://", "::"} {
		if _, err := mail.NewSMTP(u, nil); err == nil {
			t.Errorf("NewSMTP(%q) accepted", u)
		}
	}
	s, err := mail.NewSMTP("smtps://depot%40example.test:s3cret@mail.example.fr", nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Addr != "mail.example.fr:465" || !s.Implicit || s.User != "depot@example.test" || s.Password != "s3cret" {
		t.Errorf("NewSMTP = %+v", s)
	}
}
