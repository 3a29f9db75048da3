package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/pactd/pactd/internal/mailstate"
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

// BatchAttemptStore is ingest.SuccessStore and ingest.ClaimAttempter with
// the claims and counts they change, as internal/sqlite and
// internal/postgres implement them.
type BatchAttemptStore interface {
	AttemptStore
	FolderClaims
	ClaimFileAndBeginAttempt(ctx context.Context, name, holder string, now time.Time, lease time.Duration,
		key string, began time.Time) (bool, int, string, error)
	EndSucceeded(ctx context.Context, items []mailstate.Succeeded) error
}

// testAttemptsBatch: a file is claimed and its attempt counted in one
// call, and a refused claim counts nothing; a batch of successes forgets
// their counts and releases their claims, but keeps a count begun after
// the success (the same file written again) and a claim another holder
// took over.
func testAttemptsBatch(t *testing.T, s reconcile.Store) {
	a, ok := s.(BatchAttemptStore)
	if !ok {
		t.Skipf("%T writes no batches of attempts", s)
	}
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	const lease = 30 * time.Second
	const ain, aisne = "CLS_2025_220100010_ain.xlsx", "CLS_2025_220200026_aisne.xlsx"
	keyAin, keyAisne := "dossier:"+ain+":1000:1", "dossier:"+aisne+":2000:2"
	claimed, n, last, err := a.ClaimFileAndBeginAttempt(ctx, ain, "replica-a", now, lease, keyAin, now)
	if err != nil || !claimed || n != 1 || last != "" {
		t.Fatalf("ClaimFileAndBeginAttempt = %v, %d, %q, %v; want the claim and a first attempt", claimed, n, last, err)
	}
	claimed, n, _, err = a.ClaimFileAndBeginAttempt(ctx, ain, "replica-b", now.Add(time.Second), lease, keyAin, now.Add(time.Second))
	if err != nil || claimed || n != 0 {
		t.Fatalf("ClaimFileAndBeginAttempt of a file claimed elsewhere = %v, %d, %v; want refused, nothing counted", claimed, n, err)
	}
	if n, _, err := a.Attempts(ctx, keyAin); err != nil || n != 1 {
		t.Fatalf("after a refused claim: %d attempts (%v), want still 1", n, err)
	}
	if _, _, _, err := a.ClaimFileAndBeginAttempt(ctx, aisne, "replica-a", now, lease, keyAisne, now); err != nil {
		t.Fatal(err)
	}
	// The same Aisne file written again and counted after its success
	// (began later), and replica-b taking over Aisne's expired claim.
	if _, _, err := a.BeginAttempt(ctx, keyAisne, now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if ok, err := a.ClaimFile(ctx, aisne, "replica-b", now.Add(lease+time.Second), lease); err != nil || !ok {
		t.Fatalf("take over an expired claim: %v, %v", ok, err)
	}
	err = a.EndSucceeded(ctx, []mailstate.Succeeded{
		{Key: keyAin, Began: now, Claim: ain, Holder: "replica-a"},
		{Key: keyAisne, Began: now, Claim: aisne, Holder: "replica-a"},
		{Key: "imap:depot@example.test/INBOX/7/43", Began: now}, // nothing counted: nothing to do
	})
	if err != nil {
		t.Fatal(err)
	}
	if n, _, err := a.Attempts(ctx, keyAin); err != nil || n != 0 {
		t.Errorf("after the batch: %d attempts on %s (%v), want none", n, ain, err)
	}
	if n, _, err := a.Attempts(ctx, keyAisne); err != nil || n != 2 {
		t.Errorf("after the batch: %d attempts on %s (%v), want the 2 of the later attempt kept", n, aisne, err)
	}
	if ok, err := a.ClaimFile(ctx, ain, "replica-b", now.Add(2*time.Second), lease); err != nil || !ok {
		t.Errorf("claim of %s after the batch released it: %v, %v; want free", ain, ok, err)
	}
	if ok, err := a.ClaimFile(ctx, aisne, "replica-a", now.Add(lease+2*time.Second), lease); err != nil || ok {
		t.Errorf("claim of %s held by replica-b after replica-a's batch: %v, %v; want refused", aisne, ok, err)
	}

	// A batch longer than one statement takes (a burst): every count
	// forgotten, every claim released.
	var many []mailstate.Succeeded
	for i := range 450 {
		name := fmt.Sprintf("CLS_2025_%09d_lot.xlsx", i)
		key := "dossier:" + name + ":1:1"
		if ok, _, _, err := a.ClaimFileAndBeginAttempt(ctx, name, "replica-a", now, lease, key, now); err != nil || !ok {
			t.Fatalf("claim %s: %v, %v", name, ok, err)
		}
		many = append(many, mailstate.Succeeded{Key: key, Began: now, Claim: name, Holder: "replica-a"})
	}
	if err := a.EndSucceeded(ctx, many); err != nil {
		t.Fatal(err)
	}
	for _, it := range many {
		if n, _, err := a.Attempts(ctx, it.Key); err != nil || n != 0 {
			t.Fatalf("after a batch of %d: %d attempts on %s (%v), want none", len(many), n, it.Claim, err)
		}
		if ok, err := a.ClaimFile(ctx, it.Claim, "replica-b", now.Add(time.Second), lease); err != nil || !ok {
			t.Fatalf("after a batch of %d: claim of %s %v, %v; want released", len(many), it.Claim, ok, err)
		}
	}
}
