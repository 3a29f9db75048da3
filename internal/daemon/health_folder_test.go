package daemon

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/pactd/pactd/ingest"
	"github.com/pactd/pactd/internal/health"
	"github.com/pactd/pactd/internal/sqlite"
)

// TestFolderPartPolling: the watched folder's part says it is polled, takes
// its last success from the watcher's listings, and turns red while the
// watcher cannot list the folder, green once it can again.
func TestFolderPartPolling(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := filepath.Join(t.TempDir(), "depot")
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "pactd.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	w, err := ingest.NewFolderWatcher(ingest.FolderConfig{Dir: dir, Polling: true, Poll: 50 * time.Millisecond,
		Settle: 50 * time.Millisecond, Quarantine: st}, &ingest.Pipeline{Store: st, Log: zerolog.Nop()}, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { defer close(done); w.Run(ctx) }()
	defer func() { cancel(); <-done }()
	p := newFolderPart(dir, w)
	waitState := func(what string, ok func(health.State) bool) health.State {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for {
			s := p.State(ctx)
			if ok(s) {
				return s
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: folder part %+v", what, s)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	s := waitState("polled folder", func(s health.State) bool { return s.OK && !s.LastSuccess.IsZero() })
	if s.Mode != health.ModePolling {
		t.Errorf("mode %q, want %q", s.Mode, health.ModePolling)
	}
	first := s.LastSuccess
	waitState("a later listing", func(s health.State) bool { return s.LastSuccess.After(first) })
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	waitState("folder gone", func(s health.State) bool { return !s.OK && s.Problem != "" })
	if err := os.MkdirAll(dir, 0o750); err != nil {
		t.Fatal(err)
	}
	waitState("folder back", func(s health.State) bool { return s.OK })
}
