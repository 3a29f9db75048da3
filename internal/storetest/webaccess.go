package storetest

import (
	"bytes"
	"context"
	"sync"
	"testing"
	"time"

	"github.com/pactd/pactd/reconcile"
)

// WebAccess is what the status site keeps in the store (internal/web):
// the shared session key and the sessions logged out.
type WebAccess interface {
	WebSecret(ctx context.Context, name string, fresh []byte) ([]byte, error)
	RevokeSession(ctx context.Context, id string, expires time.Time) error
	SessionRevoked(ctx context.Context, id string) (bool, error)
}

// testWebAccess checks that the first secret stored wins, also when
// replicas race, and that a revoked session stays revoked until it expires.
func testWebAccess(t *testing.T, s reconcile.Store) {
	w, ok := s.(WebAccess)
	if !ok {
		t.Fatalf("%T does not keep the status site's secrets and logouts (WebSecret, RevokeSession, SessionRevoked)", s)
	}
	ctx := context.Background()
	first := bytes.Repeat([]byte{1}, 64)
	got, err := w.WebSecret(ctx, "session_key", first)
	if err != nil || !bytes.Equal(got, first) {
		t.Fatalf("first WebSecret = %x, %v; want the fresh secret", got, err)
	}
	var wg sync.WaitGroup
	results := make([][]byte, 8)
	for i := range results {
		wg.Go(func() {
			b, err := w.WebSecret(ctx, "session_key", bytes.Repeat([]byte{byte(10 + i)}, 64))
			if err != nil {
				t.Errorf("WebSecret %d: %v", i, err)
			}
			results[i] = b
		})
	}
	wg.Wait()
	for i, b := range results {
		if !bytes.Equal(b, first) {
			t.Errorf("replica %d got secret %x, want the first one stored", i, b)
		}
	}
	other, err := w.WebSecret(ctx, "other", []byte("x"))
	if err != nil || string(other) != "x" {
		t.Errorf("secret of another name = %q, %v", other, err)
	}
	if _, err := w.WebSecret(ctx, "empty", nil); err == nil {
		t.Error("an empty secret was stored")
	}

	if r, err := w.SessionRevoked(ctx, "abc"); err != nil || r {
		t.Fatalf("unknown session revoked = %v, %v", r, err)
	}
	until := time.Now().Add(time.Hour)
	for range 2 {
		if err := w.RevokeSession(ctx, "abc", until); err != nil {
			t.Fatal(err)
		}
	}
	if r, err := w.SessionRevoked(ctx, "abc"); err != nil || !r {
		t.Errorf("revoked session: revoked = %v, %v", r, err)
	}
	// An expired record is purged by the next revocation, which is
	// harmless: its session is refused for its expiry anyway.
	if err := w.RevokeSession(ctx, "old", time.Now().Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := w.RevokeSession(ctx, "new", until); err != nil {
		t.Fatal(err)
	}
	if r, _ := w.SessionRevoked(ctx, "old"); r {
		t.Error("the record of an expired session was kept")
	}
	if r, _ := w.SessionRevoked(ctx, "abc"); !r {
		t.Error("a revocation still in force was purged")
	}
	if err := w.RevokeSession(ctx, "", until); err == nil {
		t.Error("an empty session id was revoked")
	}
}
