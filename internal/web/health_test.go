package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pactd/pactd/internal/health"
	"github.com/pactd/pactd/internal/web"
)

// part returns a fixed state.
func part(s health.State) health.Part {
	return health.PartFunc(func(context.Context) health.State { return s })
}

func getHealth(t *testing.T, h http.Handler) (int, web.Health, string) {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") || resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("headers %v", resp.Header)
	}
	var got web.Health
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	return resp.StatusCode, got, string(b)
}

func TestHealthzParts(t *testing.T) {
	ok := time.Date(2026, 4, 15, 8, 0, 0, 0, time.UTC)
	c := &web.Checker{Started: now.Add(-time.Hour), Now: func() time.Time { return now }, Parts: []health.Part{
		part(health.State{Kind: health.Database, Name: "base de données", OK: true, LastSuccess: ok}),
		part(health.State{Kind: health.Mailbox, Name: "boîte aux lettres n° 1", OK: true, LastSuccess: ok}),
		part(health.State{Kind: health.Outbox, Name: "file d'envoi", OK: true, Counts: map[string]int{"pending": 1, "failed": 2}}),
	}}
	code, h, _ := getHealth(t, web.OpsHandler(c, nil))
	if code != 200 || h.Status != "ok" || len(h.Parts) != 3 || h.Uptime != 3600 || len(h.Problems) != 0 {
		t.Fatalf("healthy: %d %+v", code, h)
	}
	if o := h.Part(health.Outbox); o == nil || o.Counts["failed"] != 2 || h.Parts[1].Name != "boîte aux lettres n° 1" || !h.Parts[0].LastSuccess.Equal(ok) {
		t.Errorf("parts %+v", h.Parts)
	}
}

func TestHealthzUnhealthyPart(t *testing.T) {
	c := &web.Checker{Parts: []health.Part{
		part(health.State{Kind: health.Database, Name: "base de données", OK: true}),
		part(health.State{Kind: health.Outbox, Name: "file d'envoi", OK: false,
			Problem: "Le serveur d'envoi ne peut pas être utilisé : le serveur d'envoi a refusé l'identifiant ou le mot de passe."}),
		part(health.State{Kind: health.Folder, Name: "dossier surveillé", OK: false}),
	}}
	code, h, _ := getHealth(t, web.OpsHandler(c, nil))
	if code != http.StatusServiceUnavailable || h.Status != "unhealthy" || len(h.Problems) != 2 ||
		!strings.Contains(h.Problems[0], "mot de passe") || h.Problems[1] != "Une partie du service (dossier surveillé) est en mauvaise santé." {
		t.Errorf("got %d %+v", code, h)
	}
}

// TestHealthzSlowPart checks that a part that does not answer in time
// makes /healthz unhealthy instead of hanging it.
func TestHealthzSlowPart(t *testing.T) {
	c := &web.Checker{Timeout: 100 * time.Millisecond, Parts: []health.Part{
		health.PartFunc(func(ctx context.Context) health.State {
			time.Sleep(2 * time.Second) // ignores ctx
			return health.State{OK: true}
		}),
	}}
	start := time.Now()
	code, h, _ := getHealth(t, web.OpsHandler(c, nil))
	if took := time.Since(start); took > time.Second {
		t.Errorf("/healthz took %v", took)
	}
	if code != http.StatusServiceUnavailable || h.Problems[0] != "Une vérification de l'état du service n'a pas répondu à temps." {
		t.Errorf("got %d %+v", code, h)
	}
}

// TestOpsHandlerRoutes checks the operations listener serves /healthz and
// /metrics only, and the status site serves neither.
func TestOpsHandlerRoutes(t *testing.T) {
	metrics := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "pactd_up 1\n") })
	srv := httptest.NewServer(web.OpsHandler(&web.Checker{}, metrics))
	defer srv.Close()
	for path, want := range map[string]int{"/healthz": 200, "/metrics": 200, "/": 404, "/rapports/x.pdf": 404} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("ops %s: %d, want %d", path, resp.StatusCode, want)
		}
	}
	f := newFixture(t, nil)
	for _, p := range []string{"/healthz", "/metrics"} {
		if code, _, _ := f.get(t, p); code != http.StatusNotFound {
			t.Errorf("status site %s: %d, want 404", p, code)
		}
	}
}
