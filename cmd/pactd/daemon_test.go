package main

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the daemon's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// freeAddr returns a loopback address nobody listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// daemonEnv is the environment of an in-process daemon without mail, in a
// temporary directory, with its status site on addr and /healthz and
// /metrics on ops.
func daemonEnv(t *testing.T, addr, ops string) map[string]string {
	dir := t.TempDir()
	return map[string]string{
		"PACTD_DATABASE":     filepath.Join(dir, "data", "pactd.db"),
		"PACTD_WATCH_DIR":    filepath.Join(dir, "depot"),
		"PACTD_HTTP_ADDR":    addr,
		"PACTD_METRICS_ADDR": ops,
	}
}

// TestRunStopsCleanlyOnCancel starts the daemon, finds /healthz and
// /metrics on the operations listener only, and stops it.
func TestRunStopsCleanlyOnCancel(t *testing.T) {
	site, addr := freeAddr(t), freeAddr(t)
	vars := daemonEnv(t, site, addr)
	ctx, cancel := context.WithCancel(context.Background())
	var stderr syncBuffer
	code := make(chan int, 1)
	go func() {
		code <- Main(ctx, []string{"run"}, &cmdEnv{stdout: &bytes.Buffer{}, stderr: &stderr, getenv: envMap(vars)})
	}()
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("daemon not healthy after 30 s; log:\n%s", stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}

	for url, want := range map[string]int{"http://" + site + "/healthz": 404, "http://" + site + "/metrics": 404,
		"http://" + site + "/": 200, "http://" + addr + "/metrics": 200, "http://" + addr + "/": 404} {
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s: %d, want %d", url, resp.StatusCode, want)
		}
	}

	var out, errOut bytes.Buffer
	if c := Main(context.Background(), []string{"healthcheck"}, &cmdEnv{stdout: &out, stderr: &errOut, getenv: envMap(vars)}); c != exitOK {
		t.Errorf("healthcheck: exit %d, %s", c, errOut.String())
	}
	if want := "pactd est en bonne santé : base de données joignable, 0 boîte(s) aux lettres suivie(s), aucun envoi configuré.\n"; out.String() != want {
		t.Errorf("healthcheck said %q, want %q", out.String(), want)
	}

	cancel() // what SIGTERM does in main
	select {
	case c := <-code:
		if c != exitOK {
			t.Errorf("exit %d after cancel, want 0; log:\n%s", c, stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("daemon still running 15 s after cancel")
	}
	if !strings.Contains(stderr.String(), `"message":"pactd stopped"`) {
		t.Errorf("no clean stop in the log:\n%s", stderr.String())
	}
	out.Reset()
	errOut.Reset()
	if c := Main(context.Background(), []string{"healthcheck"}, &cmdEnv{stdout: &out, stderr: &errOut, getenv: envMap(vars)}); c != exitRejected {
		t.Errorf("healthcheck of a stopped daemon: exit %d, want 1", c)
	}
	if want := "pactd healthcheck : le service ne répond pas sur http://" + addr + "/healthz.\n"; errOut.String() != want {
		t.Errorf("healthcheck said %q, want %q", errOut.String(), want)
	}
}

func TestRunRefusals(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	tests := []struct {
		name string
		vars map[string]string
		args []string
		want string
	}{
		{"bad config", map[string]string{"PACTD_SMTP_URL": "smtp://relay.example.fr:465"}, nil,
			"pactd run : PACTD_SMTP_URL : le port 465 attend une connexion chiffrée dès l'ouverture : écrivez smtps://.\n"},
		{"port taken", daemonEnv(t, busy.Addr().String(), freeAddr(t)), nil,
			"pactd run : PACTD_HTTP_ADDR : impossible d'écouter sur " + busy.Addr().String() + " (l'adresse est déjà utilisée par un autre programme).\n"},
		{"metrics port taken", daemonEnv(t, freeAddr(t), busy.Addr().String()), nil,
			"pactd run : PACTD_METRICS_ADDR : impossible d'écouter sur " + busy.Addr().String() + " (l'adresse est déjà utilisée par un autre programme).\n"},
		{"argument", nil, []string{"maintenant"}, "pactd run : argument inattendu « maintenant » : pactd run [--config FICHIER].\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stderr bytes.Buffer
			c := Main(context.Background(), append([]string{"run"}, tc.args...), &cmdEnv{stdout: &bytes.Buffer{}, stderr: &stderr, getenv: envMap(tc.vars)})
			if c != exitUsage {
				t.Errorf("exit %d, want 2", c)
			}
			if stderr.String() != tc.want {
				t.Errorf("stderr %q, want %q", stderr.String(), tc.want)
			}
		})
	}
}

func TestDialAddr(t *testing.T) {
	tests := map[string]string{
		"127.0.0.1:8080": "127.0.0.1:8080",
		"0.0.0.0:8080":   "127.0.0.1:8080",
		":8080":          "127.0.0.1:8080",
		"[::]:8080":      "[::1]:8080",
		"pactd.lan:80":   "pactd.lan:80",
	}
	for in, want := range tests {
		if got := dialAddr(in); got != want {
			t.Errorf("dialAddr(%q) = %q, want %q", in, got, want)
		}
	}
}
