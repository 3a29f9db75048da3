package e2e_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/pactd/pactd/ingest"
	"github.com/pactd/pactd/internal/mail"
	"github.com/pactd/pactd/internal/sqlite"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestIMAPStartTLS: imap:// to Dovecot, which offers STARTTLS, upgrades
// before logging in.
func TestIMAPStartTLS(t *testing.T) {
	requireMail(t)
	reset(t, "e2e-spoof") // an empty mailbox: nothing to process
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "pactd.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	var debug lockedBuffer
	src, err := ingest.NewIMAPSource(ingest.IMAPConfig{URL: "imap://e2e-spoof%40example.test:e2e-spoof-pw@127.0.0.1:1143/INBOX",
		TLSConfig: tlsConfig(t), Poll: time.Hour, Quarantine: "Quarantaine-starttls", Processed: "Traités-starttls"},
		store, nil, nil, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	src.DebugWriter = &debug
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error)
	go func() { done <- src.Run(runCtx) }()
	deadline := time.Now().Add(10 * time.Second)
	for src.LastContact().IsZero() && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run = %v", err)
	}
	log := debug.String()
	tls, login := strings.Index(log, "STARTTLS\r\n"), strings.Index(log, " LOGIN ")
	if src.LastContact().IsZero() || tls < 0 || login < tls {
		t.Errorf("no STARTTLS before LOGIN (STARTTLS at %d, LOGIN at %d)", tls, login)
	}
}

// TestSMTPImplicitTLSWithAuth: smtps:// with a user authenticates (AUTH
// PLAIN) on Postfix's port that requires it, and the message arrives.
func TestSMTPImplicitTLSWithAuth(t *testing.T) {
	requireMail(t)
	reset(t, "e2e-central")
	s, err := mail.NewSMTP("smtps://e2e-depot%40example.test:e2e-depot-pw@127.0.0.1:1465", tlsConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	raw, _, err := mail.Compose(mail.Draft{From: addr("e2e-depot"), To: []string{addr("e2e-central")},
		Subject: "Rapport hebdomadaire", Key: "tls-test", Text: "Bonjour."})
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.Send(context.Background(), addr("e2e-depot"), []string{addr("e2e-central")}, raw)
	if err != nil || len(d.Accepted) != 1 {
		t.Fatalf("Send = %+v, %v", d, err)
	}
	waitCount(t, 20*time.Second, "e2e-central", "INBOX", 1)

	bad, _ := mail.NewSMTP("smtps://e2e-depot%40example.test:wrong@127.0.0.1:1465", tlsConfig(t))
	_, err = bad.Send(context.Background(), addr("e2e-depot"), []string{addr("e2e-central")}, raw)
	var se *mail.SendError
	if err == nil || !strings.Contains(err.Error(), "authenticate") {
		t.Errorf("a wrong password gave %v", err)
	} else if !asSendError(err, &se) || !se.Server || !se.Auth || se.Permanent {
		// A refused password is the configuration's fault: every message
		// waits until it is fixed, none fails.
		t.Errorf("a refused password is not reported as a server fault of authentication: %+v", se)
	}
}

func asSendError(err error, target **mail.SendError) bool {
	se, ok := err.(*mail.SendError)
	if ok {
		*target = se
	}
	return ok
}
