package mail_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/pactd/pactd/internal/mail"
	"github.com/pactd/pactd/reconcile"
)

// TestOutboxRetry checks that a failed message goes back in the queue with
// its refused recipients, is sent at the next pass, and that a sent or
// unknown message is refused.
func TestOutboxRetry(t *testing.T) {
	srv := startSMTP(t)
	o, clk := newOutbox(t, srv)
	ctx := context.Background()
	refuse := true
	srv.set(func(to string) error {
		if refuse && strings.HasPrefix(to, "dest") {
			return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "relay access denied"}
		}
		return nil
	}, nil)
	m, _, err := o.EnqueueDraft(ctx, "ack", draft("r1", "dest@example.test"))
	if err != nil {
		t.Fatal(err)
	}
	o.Flush(ctx)
	if st, _ := o.Status(ctx, "r1"); st.State != mail.Failed || len(st.Refused) != 1 {
		t.Fatalf("after every recipient refused: %+v", st)
	}
	refuse = false // the relay is fixed
	clk.Add(time.Hour)
	got, err := o.Retry(ctx, m.ID)
	if err != nil || got.State != mail.Pending || strings.Join(got.To, ",") != "dest@example.test" || len(got.Refused) != 0 ||
		!got.RetriedAt.Equal(clk.Now()) {
		t.Fatalf("Retry = %+v, %v", got, err)
	}
	if r, _ := o.Flush(ctx); r.Sent != 1 {
		t.Errorf("pass after the retry: %+v", r)
	}
	if st, _ := o.Status(ctx, "r1"); st.State != mail.Sent || strings.Join(st.Delivered, ",") != "dest@example.test" {
		t.Errorf("after the retry: %+v", st)
	}
	if _, err := o.Retry(ctx, m.ID); !errors.Is(err, mail.ErrAlreadySent) {
		t.Errorf("Retry of a sent message = %v, want ErrAlreadySent", err)
	}
	if _, err := o.Retry(ctx, 9999); !errors.Is(err, reconcile.ErrNotFound) {
		t.Errorf("Retry of an unknown message = %v, want ErrNotFound", err)
	}
}

// TestOutboxRetryFailed checks that RetryFailed requeues every failed
// message and only them, and that GiveUpAfter counts from the retry.
func TestOutboxRetryFailed(t *testing.T) {
	srv := startSMTP(t)
	o, clk := newOutbox(t, srv)
	o.GiveUpAfter = time.Hour
	ctx := context.Background()
	srv.set(nil, func() error {
		return &smtp.SMTPError{Code: 552, EnhancedCode: smtp.EnhancedCode{5, 3, 4}, Message: "message too big"}
	})
	for _, k := range []string{"f1", "f2"} {
		o.EnqueueDraft(ctx, "ack", draft(k, "ain@example.test"))
	}
	o.Flush(ctx)
	clk.Add(2 * time.Hour)
	o.Flush(ctx)
	if _, f, _ := o.Counts(ctx); f != 2 {
		t.Fatalf("%d failed, want 2", f)
	}
	srv.set(nil, nil)
	o.EnqueueDraft(ctx, "ack", draft("ok", "ain@example.test"))
	o.Flush(ctx)
	ms, err := o.RetryFailed(ctx)
	if err != nil || len(ms) != 2 {
		t.Fatalf("RetryFailed = %d, %v; want 2", len(ms), err)
	}
	if p, f, _ := o.Counts(ctx); p != 2 || f != 0 {
		t.Errorf("after RetryFailed: %d pending, %d failed", p, f)
	}
	// The server refuses again: the retried messages get a full hour.
	srv.set(nil, func() error {
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try later"}
	})
	o.Flush(ctx)
	if st, _ := o.Status(ctx, "f1"); st.State != mail.Pending {
		t.Errorf("a retried message failed again at once: %+v", st)
	}
	if ms, err := o.RetryFailed(ctx); err != nil || len(ms) != 0 {
		t.Errorf("RetryFailed with nothing failed = %d, %v", len(ms), err)
	}
}
