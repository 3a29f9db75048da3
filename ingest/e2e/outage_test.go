package e2e_test

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	gomail "github.com/emersion/go-message/mail"
	"github.com/rs/zerolog"

	"github.com/pactd/pactd/internal/mail"
	"github.com/pactd/pactd/internal/sqlite"
)

// outagePostfix is the second Postfix instance of scripts/mailtest.sh, on
// :2526, which this test stops and starts without disturbing the main one.
const outagePostfix = "/tmp/mailtest/postfix-outage"

func postfix(t *testing.T, action string) {
	t.Helper()
	out, err := exec.Command("postfix", "-c", outagePostfix, action).CombinedOutput()
	if err != nil {
		t.Fatalf("postfix -c %s %s: %v\n%s", outagePostfix, action, err, out)
	}
}

// TestOutboxDeliversAfterOutage: with the SMTP server stopped, messages
// wait in the outbox and are retried; once it is started again each is
// delivered, once.
func TestOutboxDeliversAfterOutage(t *testing.T) {
	requireMail(t)
	rcpt := "outage-rcpt"
	reset(t, rcpt)
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "pactd.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	sender, err := mail.NewSMTP("smtp://127.0.0.1:2526", tlsConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	o := mail.NewOutbox(store, sender, zerolog.Nop())
	o.MinBackoff, o.MaxBackoff, o.Interval = 100*time.Millisecond, 400*time.Millisecond, 100*time.Millisecond

	postfix(t, "stop")
	t.Cleanup(func() { exec.Command("postfix", "-c", outagePostfix, "start").Run() })
	const n = 5
	var ids []string
	for i := range n {
		m, _, err := o.EnqueueDraft(ctx, "ack", mail.Draft{From: addr("depot"), To: []string{addr(rcpt)},
			Subject: fmt.Sprintf("Accusé %d", i), Key: fmt.Sprintf("outage:%d:%d", i, time.Now().UnixNano()), Text: "Bonjour."})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, m.MessageID)
	}
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error)
	go func() { done <- o.Run(runCtx) }()
	defer func() { cancel(); <-done }()

	deadline := time.Now().Add(10 * time.Second)
	for {
		ms, _ := o.List(ctx, mail.Filter{State: mail.Pending})
		retried := 0
		for _, m := range ms {
			if m.Attempts >= 2 && strings.Contains(m.LastError, "connect") {
				retried++
			}
		}
		if retried == n {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("messages not retried while the server is down: %+v", ms)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if p, f, _ := o.Counts(ctx); p != n || f != 0 {
		t.Fatalf("during the outage: %d pending, %d failed; want %d pending", p, f, n)
	}

	postfix(t, "start")
	waitCount(t, 30*time.Second, rcpt, "INBOX", n)
	time.Sleep(time.Second) // a second copy would arrive now
	if got := count(t, rcpt, "INBOX"); got != n {
		t.Fatalf("%d messages delivered, want %d", got, n)
	}
	var got []string
	for _, raw := range fetchAll(t, rcpt, "INBOX") {
		r, err := gomail.CreateReader(strings.NewReader(string(raw)))
		if err != nil {
			t.Fatal(err)
		}
		id, _ := r.Header.MessageID()
		got = append(got, id)
	}
	slices.Sort(got)
	slices.Sort(ids)
	if !slices.Equal(got, ids) {
		t.Errorf("delivered %v, want each of %v once", got, ids)
	}
	if p, f, _ := o.Counts(ctx); p != 0 || f != 0 {
		t.Errorf("after the outage: %d pending, %d failed", p, f)
	}
}
