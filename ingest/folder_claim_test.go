package ingest_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/pactd/pactd/ingest"
	"github.com/pactd/pactd/internal/sqlite"
)

// countingClaims is a real SQLite store that counts the claims asked of it
// per file name.
type countingClaims struct {
	*sqlite.Store
	mu     sync.Mutex
	claims map[string]int
}

func (c *countingClaims) count(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.claims[name]++
}

func (c *countingClaims) ClaimFile(ctx context.Context, name, holder string, now time.Time, lease time.Duration) (bool, error) {
	c.count(name)
	return c.Store.ClaimFile(ctx, name, holder, now, lease)
}

func (c *countingClaims) ClaimFileAndBeginAttempt(ctx context.Context, name, holder string, now time.Time, lease time.Duration,
	key string, began time.Time) (bool, int, string, error) {
	c.count(name)
	return c.Store.ClaimFileAndBeginAttempt(ctx, name, holder, now, lease, key, began)
}

// TestFolderReplicaPassesOverMovedFile: a file another replica moved away
// after this one queued it is passed over without a claim nor an attempt
// counted: two replicas walk the same files, and each would otherwise pay
// a transaction for every file the other took.
func TestFolderReplicaPassesOverMovedFile(t *testing.T) {
	dir := t.TempDir()
	st := &countingClaims{Store: openStore(t), claims: map[string]int{}}
	t0 := time.Now().Add(-time.Minute)
	writeDated(t, dir, map[string]time.Time{"a.xlsx": t0, "b.xlsx": t0.Add(time.Second)})
	elsewhere := filepath.Join(t.TempDir(), "b.xlsx")
	rec := &recorder{store: st}
	p := processorFunc(func(ctx context.Context, in ingest.Incoming) (ingest.Outcome, error) {
		if in.Name == "a.xlsx" {
			// Meanwhile, the other replica takes b.xlsx.
			if err := os.Rename(filepath.Join(dir, "b.xlsx"), elsewhere); err != nil {
				t.Error(err)
			}
		}
		return rec.Process(ctx, in)
	})
	w, err := ingest.NewFolderWatcher(ingest.FolderConfig{Dir: dir, Settle: time.Millisecond, Workers: 1,
		Claims: st, Attempts: &ingest.Attempts{Store: st}}, p, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	w.Discover()
	time.Sleep(5 * time.Millisecond)
	w.Poll(context.Background())
	if got := len(rec.Calls()); got != 1 {
		t.Errorf("%d files processed, want a.xlsx alone", got)
	}
	if st.claims["a.xlsx"] != 1 || st.claims["b.xlsx"] != 0 {
		t.Errorf("claims asked: %v, want a.xlsx once and b.xlsx never", st.claims)
	}
	b, err := os.Stat(elsewhere)
	if err != nil {
		t.Fatal(err)
	}
	key := "dossier:b.xlsx:" + itoa(b.Size()) + ":" + itoa(b.ModTime().UnixNano())
	if n, _, err := st.Attempts(context.Background(), key); err != nil || n != 0 {
		t.Errorf("attempts on b.xlsx: %d (%v), want none", n, err)
	}
	if w.Taken() != 1 {
		t.Errorf("%d files taken, want 1", w.Taken())
	}
}
