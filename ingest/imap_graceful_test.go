package ingest_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"

	"github.com/pactd/pactd/ingest"
)

// TestIMAPSourceGracefulStop: stop arrives while messages are being
// processed, one per worker; they finish on the work context (processed,
// moved) and the next one is left in the mailbox for the next start.
func TestIMAPSourceGracefulStop(t *testing.T) {
	for _, workers := range []int{1, 2} {
		t.Run(fmt.Sprintf("%d workers", workers), func(t *testing.T) { testGracefulStop(t, workers) })
	}
}

func testGracefulStop(t *testing.T, workers int) {
	m := startMemServer(t, fullCaps)
	c := m.client(t)
	for i := range workers + 1 {
		appendRaw(t, c, "INBOX", message(t, "ain@ain.fr", fmt.Sprint("Rapport ", i), map[string][]byte{"a.xlsx": []byte(fmt.Sprint("rapport ", i))}))
	}
	store := openStore(t)
	rec := &recorder{store: store}
	entered, release := make(chan struct{}, workers+1), make(chan struct{})
	ctxErr := make(chan error, workers+1)
	p := processorFunc(func(ctx context.Context, in ingest.Incoming) (ingest.Outcome, error) {
		entered <- struct{}{}
		<-release
		ctxErr <- ctx.Err()
		return rec.Process(ctx, in)
	})
	src := newSource(t, m, ingest.IMAPConfig{Auth: noAuth, Poll: time.Hour, Batch: 10, Workers: workers}, p, store)
	stop, cancelStop := context.WithCancel(context.Background())
	work, cancelWork := context.WithCancel(context.Background())
	defer cancelWork()
	done := make(chan error, 1)
	go func() { done <- src.RunGraceful(stop, work) }()
	for range workers {
		select {
		case <-entered:
		case <-time.After(10 * time.Second):
			t.Fatalf("%d messages never reached the Processor", workers)
		}
	}
	cancelStop()
	time.Sleep(100 * time.Millisecond) // let a wrong implementation close the connection
	close(release)
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("RunGraceful: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("RunGraceful did not return after stop")
	}
	for range workers {
		if err := <-ctxErr; err != nil {
			t.Errorf("a message in flight was processed on a cancelled context: %v", err)
		}
	}
	if calls := rec.Calls(); len(calls) != workers {
		t.Errorf("Processor calls %v, want only the %d messages in flight", calls, workers)
	}
	if got := count(t, c, "Traités"); got != workers {
		t.Errorf("Traités holds %d messages, want the %d in flight", got, workers)
	}
	if got := count(t, c, "INBOX"); got != 1 {
		t.Errorf("INBOX holds %d messages, want the one not started", got)
	}
}

// TestIMAPSourceAuthRefusedRetries: a refused login does not stop the
// intake; Health says so, without the password, and clears once the
// server accepts the credentials.
func TestIMAPSourceAuthRefusedRetries(t *testing.T) {
	m := startMemServer(t, fullCaps)
	store := openStore(t)
	rec := &recorder{store: store}
	url := strings.Replace(m.url(), ":pw@", ":Nouveau-secret@", 1)
	src := newSource(t, m, ingest.IMAPConfig{Auth: noAuth, URL: url, Poll: time.Hour,
		AuthMinBackoff: 20 * time.Millisecond, AuthMaxBackoff: 80 * time.Millisecond}, rec, store)
	stop := runSource(t, src)
	defer stop()
	waitFor(t, 5*time.Second, "three refused logins", func() bool { return src.Stats().Errors >= 3 })
	h := src.Health()
	if !h.AuthRefused || !strings.Contains(h.LastError, "log in to") || h.LastErrorAt.IsZero() {
		t.Errorf("Health %+v, want the refused login", h)
	}
	if strings.Contains(h.LastError, "Nouveau-secret") {
		t.Errorf("LastError %q shows the password", h.LastError)
	}
	// The admin fixes the account on the server side: the next attempt
	// logs in.
	u := imapmemserver.NewUser("depot", "Nouveau-secret")
	if err := u.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	m.mem.AddUser(u)
	waitFor(t, 5*time.Second, "login accepted", func() bool { return !src.Health().AuthRefused && !src.LastContact().IsZero() })
}
