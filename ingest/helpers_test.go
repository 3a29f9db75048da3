package ingest_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"

	"github.com/pactd/pactd/ingest"
	"github.com/pactd/pactd/internal/mail"
	"github.com/pactd/pactd/internal/sqlite"
	"github.com/pactd/pactd/reconcile"
)

// recorder is a small Processor over a real SQLite store: it records every
// file as an accepted submission, except files from a "spoof" sender, which
// it quarantines as the pipeline does for unauthorised senders.
type recorder struct {
	store interface {
		Quarantine(ctx context.Context, q *reconcile.QuarantineEntry) error
		RecordSubmission(ctx context.Context, sub *reconcile.Submission) (reconcile.Receipt, error)
	}
	mu    sync.Mutex
	calls []string // Origin.Key of every call
}

func (r *recorder) Process(ctx context.Context, in ingest.Incoming) (ingest.Outcome, error) {
	r.mu.Lock()
	r.calls = append(r.calls, in.Origin.Key)
	r.mu.Unlock()
	sum := sha256.Sum256(in.Content)
	if strings.Contains(in.Origin.Sender, "spoof") {
		q := &reconcile.QuarantineEntry{ReceivedAt: in.ReceivedAt, Origin: in.Origin, FileName: in.Name,
			Reason: "expéditeur non autorisé", Content: in.Content}
		if err := r.store.Quarantine(ctx, q); err != nil {
			return ingest.Outcome{}, err
		}
		return ingest.Outcome{Quarantined: true, Reason: q.Reason}, nil
	}
	sub := &reconcile.Submission{FileName: in.Name, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(in.Content)),
		SIREN: "220100010", Year: 2025, Template: "CLS-RAE/1", Origin: in.Origin, ReceivedAt: in.ReceivedAt,
		RegisterVersion: 1, Verdict: reconcile.Accepted, Content: in.Content}
	rec, err := r.store.RecordSubmission(ctx, sub)
	if err != nil {
		return ingest.Outcome{}, err
	}
	return ingest.Outcome{Receipt: rec, Submission: sub}, nil
}

func (r *recorder) Calls() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.calls...)
}

func openStore(t testing.TB) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "pactd.db"))
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// memServer is go-imap's in-process server with one user, depot/pw.
type memServer struct {
	addr string
	user *imapmemserver.User
	srv  *imapserver.Server
	caps imap.CapSet
	mem  *imapmemserver.Server
}

// fullCaps has BINARY, MOVE and UIDPLUS; IMAP4rev1 alone has none of them.
var fullCaps = imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapBinary: {}, imap.CapMove: {}, imap.CapUIDPlus: {}}

func startMemServer(t testing.TB, caps imap.CapSet) *memServer {
	t.Helper()
	m := &memServer{mem: imapmemserver.New(), user: imapmemserver.NewUser("depot", "pw"), caps: caps}
	if err := m.user.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	m.mem.AddUser(m.user)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	m.addr = ln.Addr().String()
	m.serve(ln)
	t.Cleanup(func() { m.srv.Close() })
	return m
}

func (m *memServer) serve(ln net.Listener) {
	m.srv = imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return m.mem.NewSession(), nil, nil
		},
		Caps: m.caps, InsecureAuth: true, Logger: discardLogger{},
	})
	go m.srv.Serve(ln)
}

type discardLogger struct{}

func (discardLogger) Printf(string, ...any) {}

func (m *memServer) url() string { return "imap://depot:pw@" + m.addr + "/INBOX" }

// client returns a logged-in client for checks and appends.
func (m *memServer) client(t testing.TB) *imapclient.Client {
	t.Helper()
	c, err := imapclient.DialInsecure(m.addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Login("depot", "pw").Wait(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func appendRaw(t testing.TB, c *imapclient.Client, mailbox string, raw []byte) {
	t.Helper()
	cmd := c.Append(mailbox, int64(len(raw)), nil)
	if _, err := cmd.Write(raw); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := cmd.Wait(); err != nil {
		t.Fatalf("append: %v", err)
	}
}

// count returns the number of messages in a mailbox ("" → -1 when missing).
func count(t testing.TB, c *imapclient.Client, mailbox string) int {
	t.Helper()
	st, err := c.Status(mailbox, &imap.StatusOptions{NumMessages: true}).Wait()
	if err != nil {
		return -1
	}
	return int(*st.NumMessages)
}

// waitFor polls cond every 20 ms for up to d.
func waitFor(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// message composes a mail from sender with the given attachments.
func message(t testing.TB, from, subject string, files map[string][]byte) []byte {
	t.Helper()
	d := mail.Draft{From: from, To: []string{"depot@example.test"}, Subject: subject, Key: from + subject,
		Date: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC), Text: "Bonjour, voici notre rapport."}
	for name, data := range files {
		d.Attachments = append(d.Attachments, mail.Attachment{Name: name,
			ContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Data: data})
	}
	raw, _, err := mail.Compose(d)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// runSource runs src until stop is called, and waits for Run to return.
func runSource(t testing.TB, src interface{ Run(context.Context) error }) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- src.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Run: %v", err)
				}
			case <-time.After(10 * time.Second):
				t.Error("Run did not return within 10 s of cancel")
			}
		})
	}
	t.Cleanup(stop)
	return stop
}
