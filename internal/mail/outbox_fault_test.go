package mail_test

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/rs/zerolog"

	"github.com/pactd/pactd/internal/mail"
)

// TestOutboxServerFaultNeverFails checks that messages wait as long as the
// server cannot be used, that one pass tries one message only, that the
// outbox reports itself unhealthy with a French reason naming no host, and
// that everything leaves once the server is back.
func TestOutboxServerFaultNeverFails(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there for now
	st := openStore(t)
	down, _ := mail.NewSMTP("smtp://"+addr, nil)
	o := mail.NewOutbox(st, down, zerolog.Nop())
	clk := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	o.Now = clk.Now
	ctx := context.Background()
	for _, k := range []string{"a", "b", "c"} {
		if _, _, err := o.EnqueueDraft(ctx, "ack", draft(k, "ain@example.test")); err != nil {
			t.Fatal(err)
		}
	}
	if h := o.State(ctx); !h.OK || h.Counts["pending"] != 3 {
		t.Fatalf("before any attempt: %+v", h)
	}
	r, err := o.Flush(ctx)
	if err != nil || r.Retried != 1 || r.Sent+r.Failed != 0 {
		t.Fatalf("first pass with the server down = %+v, %v; want one attempt", r, err)
	}
	b, _ := o.Status(ctx, "b")
	if b.Attempts != 0 {
		t.Errorf("the pass went on after the server fault: %+v", b)
	}
	// The next passes take turns: b, then c, then a again, each due
	// again 30 s after its attempt (no growing back-off).
	for _, k := range []string{"b", "c", "a"} {
		clk.Add(31 * time.Second)
		o.Flush(ctx)
		if m, _ := o.Status(ctx, k); m.NextAttempt.Sub(clk.Now()) != 30*time.Second {
			t.Errorf("pass for %s: %+v", k, m)
		}
	}
	if a, _ := o.Status(ctx, "a"); a.Attempts != 2 {
		t.Errorf("message a after four passes: %+v", a)
	}
	h := o.State(ctx)
	if h.OK || !strings.HasPrefix(h.Problem, "Le serveur d'envoi ne peut pas être utilisé : le serveur d'envoi ne répond pas") ||
		strings.Contains(h.Problem, "127.0.0.1") {
		t.Errorf("outbox health with the server down: %+v", h)
	}
	// Six days later, still pending: a server fault never fails a message.
	for range 10 {
		clk.Add(15 * time.Hour)
		o.Flush(ctx)
	}
	for _, k := range []string{"a", "b", "c"} {
		if m, _ := o.Status(ctx, k); m.State != mail.Pending {
			t.Errorf("message %s after 6 days of outage: %+v", k, m)
		}
	}
	if h := o.State(ctx); h.OK || !strings.Contains(h.Problem, "ne répond pas") {
		t.Errorf("health after 6 days: %+v", h)
	}

	srv := startSMTP(t)
	up, _ := mail.NewSMTP("smtp://"+srv.addr, nil)
	o2 := mail.NewOutbox(st, up, zerolog.Nop())
	o2.Now = clk.Now
	clk.Add(2 * time.Hour)
	if r, err := o2.Flush(ctx); err != nil || r.Sent != 3 {
		t.Fatalf("pass with the server back = %+v, %v", r, err)
	}
	if h := o2.State(ctx); !h.OK || h.LastSuccess.IsZero() || h.Counts["pending"] != 0 {
		t.Errorf("health once delivered: %+v", h)
	}
	// The first outbox (another replica on the same store) did not try
	// again, but the server took the messages after its failure.
	if h := o.State(ctx); !h.OK {
		t.Errorf("health of a replica whose last attempt failed before another one delivered: %+v", h)
	}
}

// TestOutboxStateDelay checks the outbox turns unhealthy when a message
// has waited longer than Delay, counting from its last retry.
func TestOutboxStateDelay(t *testing.T) {
	srv := startSMTP(t)
	o, clk := newOutbox(t, srv)
	o.Delay = time.Hour
	ctx := context.Background()
	srv.set(nil, func() error {
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try later"}
	})
	o.EnqueueDraft(ctx, "ack", draft("slow", "ain@example.test"))
	o.Flush(ctx)
	clk.Add(59 * time.Minute)
	if h := o.State(ctx); !h.OK {
		t.Errorf("after 59 min: %+v", h)
	}
	clk.Add(2 * time.Minute)
	if h := o.State(ctx); h.OK || h.Problem != "Un courriel attend d'être envoyé depuis 1 h 01 : voyez pactd status pour la raison." {
		t.Errorf("after 61 min: %+v", h)
	}
}

// TestOutboxStopLetsTheSendFinish cancels the outbox's context while the
// server is reading a message: the send finishes, is recorded as sent, and
// the message never leaves twice.
func TestOutboxStopLetsTheSendFinish(t *testing.T) {
	srv := startSMTP(t)
	o, _ := newOutbox(t, srv)
	inData := make(chan struct{})
	srv.set(nil, func() error {
		close(inData)
		time.Sleep(300 * time.Millisecond) // the server takes its time
		return nil
	})
	o.EnqueueDraft(context.Background(), "ack", draft("slow", "ain@example.test"))
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-inData; cancel() }()
	if _, err := o.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if m, _ := o.Status(context.Background(), "slow"); m.State != mail.Sent {
		t.Fatalf("a send cut by the stop: %+v", m)
	}
	srv.set(nil, nil)
	o.Flush(context.Background())
	if n := len(srv.deliveries()); n != 1 {
		t.Errorf("%d deliveries, want 1", n)
	}
}
