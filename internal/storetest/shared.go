package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/pactd/pactd/reconcile"
)

// FolderClaims is what the stores offer to share a watched folder among
// replicas (ingest.FolderClaims). RunShared checks it when both handles
// have it.
type FolderClaims interface {
	ClaimFile(ctx context.Context, name, holder string, now time.Time, lease time.Duration) (bool, error)
	ReleaseFile(ctx context.Context, name, holder string) error
}

// ClaimChecker is ingest.ClaimChecker.
type ClaimChecker interface {
	ClaimHolder(ctx context.Context, name string, now time.Time) (string, error)
}

// RunShared runs the part of the contract that takes two handles on one
// database, as two processes or replicas have. open must return two
// stores on the same empty database, opened for t, and close them when t
// ends; it is called once per subtest.
func RunShared(t *testing.T, open func(t *testing.T) (a, b reconcile.Store)) {
	tests := []struct {
		name string
		fn   func(t *testing.T, a, b reconcile.Store)
	}{
		{"RegisterImportSeenAtOnce", testRegisterSeenAtOnce},
		{"FolderClaims", testFolderClaims},
		{"FolderClaimsConcurrent", testFolderClaimsConcurrent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := open(t)
			tt.fn(t, a, b)
		})
	}
}

// testRegisterSeenAtOnce: a handle keeps the decoded latest register (the
// same value on every call), and a version imported through another handle
// is what its very next call returns.
func testRegisterSeenAtOnce(t *testing.T, a, b reconcile.Store) {
	ctx := context.Background()
	if _, err := b.LatestRegister(ctx); !errors.Is(err, reconcile.ErrNotFound) {
		t.Fatalf("LatestRegister before any import: err = %v, want ErrNotFound", err)
	}
	v1, err := a.SaveRegister(ctx, sampleRegister("registre-v1.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	first, err := b.LatestRegister(ctx)
	if err != nil {
		t.Fatal(err)
	}
	again, err := b.LatestRegister(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if first.Version != v1 || again != first {
		t.Errorf("LatestRegister twice = version %d (%p) then %p, want version %d decoded once", first.Version, first, again, v1)
	}
	v2, err := a.SaveRegister(ctx, sampleRegister("registre-v2.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	latest, err := b.LatestRegister(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if latest.Version != v2 || latest.Source != "registre-v2.xlsx" {
		t.Errorf("after an import through the other handle, LatestRegister = version %d from %s, want %d from registre-v2.xlsx",
			latest.Version, latest.Source, v2)
	}
	old, err := b.RegisterVersion(ctx, v1)
	if err != nil {
		t.Fatal(err)
	}
	if old.Version != v1 || old.Source != "registre-v1.xlsx" {
		t.Errorf("RegisterVersion(%d) = version %d from %s", v1, old.Version, old.Source)
	}
}

func claims(t *testing.T, a, b reconcile.Store) (FolderClaims, FolderClaims, bool) {
	ca, okA := a.(FolderClaims)
	cb, okB := b.(FolderClaims)
	if !okA || !okB {
		t.Logf("%T has no ClaimFile: nothing to check", a)
		return nil, nil, false
	}
	return ca, cb, true
}

// testFolderClaims: a file claimed by one replica is refused to the other
// until released or expired; a holder extends its own claim; a late
// release by a holder whose claim was taken over frees nothing.
func testFolderClaims(t *testing.T, a, b reconcile.Store) {
	ca, cb, ok := claims(t, a, b)
	if !ok {
		return
	}
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	const lease = 30 * time.Second
	claim := func(c FolderClaims, name, holder string, at time.Time, want bool) {
		t.Helper()
		got, err := c.ClaimFile(ctx, name, holder, at, lease)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatalf("ClaimFile(%s, %s, +%v) = %v, want %v", name, holder, at.Sub(now), got, want)
		}
	}
	claim(ca, "CLS_2025_220100010_ain.xlsx", "replica-a", now, true)
	holder := func(c FolderClaims, at time.Time, want string) {
		t.Helper()
		cc, ok := c.(ClaimChecker)
		if !ok {
			return
		}
		got, err := cc.ClaimHolder(ctx, "CLS_2025_220100010_ain.xlsx", at)
		if err != nil || got != want {
			t.Errorf("ClaimHolder(ain, +%v) = %q, %v; want %q", at.Sub(now), got, err, want)
		}
	}
	holder(cb, now.Add(time.Second), "replica-a")
	holder(cb, now.Add(lease+time.Second), "") // expired
	claim(cb, "CLS_2025_220100010_ain.xlsx", "replica-b", now.Add(time.Second), false)
	claim(cb, "CLS_2025_220200026_aisne.xlsx", "replica-b", now.Add(time.Second), true)
	// a renews before expiry: b still cannot take it at the first expiry.
	claim(ca, "CLS_2025_220100010_ain.xlsx", "replica-a", now.Add(20*time.Second), true)
	claim(cb, "CLS_2025_220100010_ain.xlsx", "replica-b", now.Add(lease+time.Second), false)
	// a dies: once its claim expires, b takes the file over.
	claim(cb, "CLS_2025_220100010_ain.xlsx", "replica-b", now.Add(20*time.Second+lease+time.Millisecond), true)
	// a comes back late and releases: b's claim stays.
	if err := ca.ReleaseFile(ctx, "CLS_2025_220100010_ain.xlsx", "replica-a"); err != nil {
		t.Fatal(err)
	}
	claim(ca, "CLS_2025_220100010_ain.xlsx", "replica-a", now.Add(lease+25*time.Second), false)
	// b releases: free at once.
	if err := cb.ReleaseFile(ctx, "CLS_2025_220100010_ain.xlsx", "replica-b"); err != nil {
		t.Fatal(err)
	}
	claim(ca, "CLS_2025_220100010_ain.xlsx", "replica-a", now.Add(lease+26*time.Second), true)
}

// testFolderClaimsConcurrent: replicas claiming the same files at the same
// moment get each file exactly once.
func testFolderClaimsConcurrent(t *testing.T, a, b reconcile.Store) {
	ca, cb, ok := claims(t, a, b)
	if !ok {
		return
	}
	ctx := context.Background()
	now := time.Now()
	const files, racers = 20, 6
	won := make([]int, files)
	var mu sync.Mutex
	var wg sync.WaitGroup
	errs := make(chan error, files*racers)
	for r := range racers {
		c := ca
		if r%2 == 1 {
			c = cb
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range files {
				ok, err := c.ClaimFile(ctx, fmt.Sprintf("fichier-%02d.xlsx", f), fmt.Sprintf("replica-%d", r), now, time.Minute)
				if err != nil {
					errs <- err
					return
				}
				if ok {
					mu.Lock()
					won[f]++
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for f, n := range won {
		if n != 1 {
			t.Errorf("fichier-%02d.xlsx claimed by %d replicas, want 1", f, n)
		}
	}
}
