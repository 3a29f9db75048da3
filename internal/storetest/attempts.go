package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/pactd/pactd/reconcile"
)

// AttemptStore is ingest.AttemptStore with the reading of a count, as
// internal/sqlite and internal/postgres implement it (named here to keep
// storetest free of ingest).
type AttemptStore interface {
	BeginAttempt(ctx context.Context, key string, now time.Time) (int, string, error)
	EndAttempt(ctx context.Context, key string, succeeded, uncounted bool, failure string, now time.Time) error
	Attempts(ctx context.Context, key string) (int, string, error)
	FolderLook(ctx context.Context, dir string) (time.Time, error)
	SetFolderLook(ctx context.Context, dir string, t time.Time) error
}

// testAttempts: attempts are counted before processing (a crash leaves
// its count and no error), a failure keeps its error, an uncounted end
// takes the attempt back, a success forgets the item; the folder's last
// listing only moves forward.
func testAttempts(t *testing.T, s reconcile.Store) {
	a, ok := s.(AttemptStore)
	if !ok {
		t.Skipf("%T counts no attempts", s)
	}
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	const key = "imap:depot@example.test/INBOX/7/42"
	begin := func(wantN int, wantLast string) {
		t.Helper()
		n, last, err := a.BeginAttempt(ctx, key, now)
		if err != nil || n != wantN || last != wantLast {
			t.Fatalf("BeginAttempt = %d, %q, %v; want %d, %q", n, last, err, wantN, wantLast)
		}
	}
	begin(1, "")
	begin(2, "") // the first attempt crashed: no error recorded
	if err := a.EndAttempt(ctx, key, false, false, "panic in parse: boom", now); err != nil {
		t.Fatal(err)
	}
	begin(3, "panic in parse: boom")
	if err := a.EndAttempt(ctx, key, false, true, "", now); err != nil {
		t.Fatal(err)
	}
	if n, last, err := a.Attempts(ctx, key); err != nil || n != 2 || last != "panic in parse: boom" {
		t.Errorf("after an uncounted attempt: %d, %q, %v; want 2 and the error kept", n, last, err)
	}
	if err := a.EndAttempt(ctx, key, true, false, "", now); err != nil {
		t.Fatal(err)
	}
	if n, _, err := a.Attempts(ctx, key); err != nil || n != 0 {
		t.Errorf("after a success: %d attempts (%v), want none", n, err)
	}
	begin(1, "")
	if err := a.EndAttempt(ctx, key, false, true, "", now); err != nil {
		t.Fatal(err)
	}
	if n, _, err := a.Attempts(ctx, key); err != nil || n != 0 {
		t.Errorf("after its only attempt was taken back: %d attempts (%v), want none", n, err)
	}
	begin(1, "")

	const dir = "/srv/pactd/depot"
	if got, err := a.FolderLook(ctx, dir); err != nil || !got.IsZero() {
		t.Errorf("FolderLook of a folder never listed = %v, %v", got, err)
	}
	if err := a.SetFolderLook(ctx, dir, now); err != nil {
		t.Fatal(err)
	}
	if err := a.SetFolderLook(ctx, dir, now.Add(-time.Minute)); err != nil { // a replica late
		t.Fatal(err)
	}
	if got, err := a.FolderLook(ctx, dir); err != nil || !got.Equal(now) {
		t.Errorf("FolderLook = %v, %v; want %v", got, err, now)
	}
}
