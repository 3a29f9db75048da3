package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rs/zerolog"
)

// TestFolderReplicasShareOut: once two replicas have seen each other (a
// claim refused, the other named), each queues its own half of the ready
// files first, the two halves opposite and covering every file; the other
// half is queued too once it has waited rivalGrace (the other replica is
// slow or gone). Without a rival seen, every ready file is queued.
func TestFolderReplicasShareOut(t *testing.T) {
	dir := t.TempDir()
	const n = 40
	for i := range n {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("CLS_2025_%03d.xlsx", i)), []byte{byte(i)}, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	clock := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	watcher := func(holder, rival string) *FolderWatcher {
		w, err := NewFolderWatcher(FolderConfig{Dir: dir, Settle: time.Second}, processorOK{}, zerolog.Nop())
		if err != nil {
			t.Fatal(err)
		}
		w.Now = func() time.Time { return clock }
		w.holder = holder
		if rival != "" {
			w.rival.Store(time.Now().UnixNano())
			w.rivalHolder.Store(&rival)
		}
		w.discover()
		return w
	}
	names := func(jobs []folderJob) map[string]bool {
		m := map[string]bool{}
		for _, j := range jobs {
			m[filepath.Base(j.path)] = true
			j.turn.Done()
		}
		return m
	}
	a, b, alone := watcher("replica-a", "replica-b"), watcher("replica-b", "replica-a"), watcher("replica-c", "")
	clock = clock.Add(1500 * time.Millisecond) // settled, within the grace
	gotA, gotB, gotAlone := names(a.ready()), names(b.ready()), names(alone.ready())
	if len(gotAlone) != n {
		t.Errorf("a replica that saw no other queued %d files, want all %d", len(gotAlone), n)
	}
	if len(gotA) == 0 || len(gotB) == 0 || len(gotA)+len(gotB) != n {
		t.Fatalf("replicas queued %d and %d files first, want two halves of %d", len(gotA), len(gotB), n)
	}
	for name := range gotA {
		if gotB[name] {
			t.Errorf("%s queued first by both replicas", name)
		}
	}
	for _, w := range []*FolderWatcher{a, b} {
		clear(w.busy)
	}
	clock = clock.Add(rivalGrace)
	if got := names(a.ready()); len(got) != n {
		t.Errorf("after the grace, replica a queued %d files, want all %d", len(got), n)
	}
}

// processorOK processes nothing.
type processorOK struct{}

func (processorOK) Process(context.Context, Incoming) (Outcome, error) { return Outcome{}, nil }
