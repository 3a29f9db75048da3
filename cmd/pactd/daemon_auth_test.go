package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"

	"github.com/pactd/pactd/internal/health"
	"github.com/pactd/pactd/internal/web"
)

type quietLogger struct{}

func (quietLogger) Printf(string, ...any) {}

// TestRunReportsRefusedLogin checks that a mailbox whose password the
// server refuses keeps the daemon running, and that /healthz turns 503 at
// once with a French reason naming the mailbox by its number, never its
// account, host or password.
func TestRunReportsRefusedLogin(t *testing.T) {
	mem := imapmemserver.New()
	u := imapmemserver.NewUser("depot", "bon-mot-de-passe")
	if err := u.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	mem.AddUser(u)
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps: imap.CapSet{imap.CapIMAP4rev1: {}}, InsecureAuth: true, Logger: quietLogger{},
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()

	addr := freeAddr(t)
	vars := daemonEnv(t, freeAddr(t), addr)
	vars["PACTD_IMAP_URL"] = "imap://depot:Mauvais-Secret@" + ln.Addr().String() + "/INBOX"
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr syncBuffer
	code := make(chan int, 1)
	go func() {
		code <- Main(ctx, []string{"run"}, &cmdEnv{stdout: &bytes.Buffer{}, stderr: &stderr, getenv: envMap(vars)})
	}()
	var h web.Health
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			h = web.Health{}
			derr := json.NewDecoder(resp.Body).Decode(&h)
			resp.Body.Close()
			if mb := h.Part(health.Mailbox); derr == nil && resp.StatusCode == http.StatusServiceUnavailable && mb != nil && !mb.OK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("/healthz did not report the refused login within 30 s (last %+v); log:\n%s", h, stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	want := "La boîte aux lettres n° 1 refuse la connexion : le serveur a rejeté l'identifiant ou le mot de passe."
	if len(h.Problems) != 1 || !strings.HasPrefix(h.Problems[0], want) {
		t.Errorf("problems %q, want one starting with %q", h.Problems, want)
	}
	host, _, _ := net.SplitHostPort(ln.Addr().String())
	raw, _ := json.Marshal(h)
	for _, leak := range []string{"depot", host, ln.Addr().String()} {
		if strings.Contains(string(raw), leak) {
			t.Errorf("/healthz names %q: %s", leak, raw)
		}
	}
	if strings.Contains(string(raw), "Mauvais-Secret") || strings.Contains(stderr.String(), "Mauvais-Secret") {
		t.Errorf("the password shows in /healthz or the log")
	}
	if strings.Contains(stderr.String(), "intake mailbox stopped") {
		t.Errorf("the intake stopped after a refused login; log:\n%s", stderr.String())
	}
	cancel()
	select {
	case c := <-code:
		if c != exitOK {
			t.Errorf("exit %d after cancel, want 0", c)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("daemon still running 15 s after cancel")
	}
}
