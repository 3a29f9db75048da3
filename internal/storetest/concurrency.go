package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/pactd/pactd/reconcile"
)

// testConcurrentWrites runs writers (new files, duplicates, quarantine)
// and readers at once, as the daemon's intake workers, status page and
// schedules do: no call may fail (no SQLITE_BUSY), nothing may be lost.
func testConcurrentWrites(t *testing.T, s reconcile.Store) {
	ctx := context.Background()
	const workers, each = 8, 15
	start := make(chan struct{})
	errs := make(chan error, workers*each+100)
	var wg sync.WaitGroup
	for g := 0; g < workers; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			<-start
			for i := 0; i < each; i++ {
				var sub *reconcile.Submission
				if i%3 == 0 {
					sub = Sample(1, "220100010", 2025, 2, 2000) // the same file, over and over
					sub.Origin.Key = ""
				} else {
					sub = Sample(uint64(1000+g*100+i), "220100010", 2025, 2, 2000)
				}
				if _, err := s.RecordSubmission(ctx, sub); err != nil {
					errs <- fmt.Errorf("worker %d record %d: %w", g, i, err)
				}
				if i%5 == 0 {
					q := &reconcile.QuarantineEntry{ReceivedAt: base, Reason: "Expéditeur inconnu.",
						Origin: reconcile.Origin{Kind: reconcile.OriginEmail, Key: fmt.Sprintf("q/%d/%d", g, i)}}
					if err := s.Quarantine(ctx, q); err != nil {
						errs <- fmt.Errorf("worker %d quarantine %d: %w", g, i, err)
					}
				}
			}
		}(g)
	}
	done := make(chan struct{})
	var readers sync.WaitGroup
	for r := 0; r < 3; r++ {
		readers.Add(1)
		go func() {
			defer readers.Done()
			<-start
			for {
				select {
				case <-done:
					return
				default:
				}
				if _, err := s.Submissions(ctx, reconcile.SubmissionFilter{SIREN: "220100010"}); err != nil {
					errs <- fmt.Errorf("reader: %w", err)
				}
				if _, err := s.Receipts(ctx, 0); err != nil {
					errs <- fmt.Errorf("reader: %w", err)
				}
			}
		}()
	}
	close(start)
	wg.Wait()
	close(done)
	readers.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	subs := list(t, s, reconcile.SubmissionFilter{})
	if want := 1 + workers*(each-each/3); len(subs) != want {
		t.Errorf("%d submissions, want %d", len(subs), want)
	}
	rcs := receipts(t, s, 0)
	if len(rcs) != workers*each {
		t.Errorf("%d receipts, want %d", len(rcs), workers*each)
	}
	numbers, fresh := map[string]bool{}, 0
	for _, rc := range rcs {
		if numbers[rc.Number] {
			t.Errorf("receipt number %s given twice", rc.Number)
		}
		numbers[rc.Number] = true
		if !rc.Duplicate {
			fresh++
		}
	}
	if fresh != len(subs) {
		t.Errorf("%d receipts not marked duplicate, want one per submission (%d)", fresh, len(subs))
	}
	qs, err := s.QuarantineEntries(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	if want := workers * 3; len(qs) != want {
		t.Errorf("%d quarantine entries, want %d", len(qs), want)
	}
}

// testConcurrentSameKey replays receptions from many goroutines at once
// (two intake workers racing on the same message), in several rounds, and
// sends the same bytes under different keys at once.
func testConcurrentSameKey(t *testing.T, s reconcile.Store) {
	ctx := context.Background()
	const n, rounds = 8, 4
	warm(t, s, n)
	for round := uint64(0); round < rounds; round++ {
		got := make([]reconcile.Receipt, n)
		errs := make([]error, n)
		qids := make([]int64, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := 0; i < n; i++ {
			wg.Add(3)
			go func(i int) {
				defer wg.Done()
				<-start
				got[i], errs[i] = s.RecordSubmission(ctx, Sample(10+round, "220100010", 2025, 3, 1000))
			}(i)
			go func(i int) {
				defer wg.Done()
				<-start
				sub := Sample(20+round, "220100010", 2025, 3, 1000)
				sub.Origin.Key = fmt.Sprintf("dossier:/depot/copie-%d.xlsx:%s", i, sub.SHA256)
				if _, err := s.RecordSubmission(ctx, sub); err != nil {
					t.Errorf("same bytes, key %d: %v", i, err)
				}
			}(i)
			go func(i int) {
				defer wg.Done()
				<-start
				q := &reconcile.QuarantineEntry{ReceivedAt: base, Reason: "Expéditeur inconnu.", Content: Bytes(round, 100),
					Origin: reconcile.Origin{Kind: reconcile.OriginEmail, Key: fmt.Sprintf("imap:q/%d", round)}}
				if err := s.Quarantine(ctx, q); err != nil {
					t.Errorf("quarantine %d: %v", i, err)
				}
				qids[i] = q.ID
			}(i)
		}
		close(start)
		wg.Wait()
		for i := 0; i < n; i++ {
			if errs[i] != nil {
				t.Fatalf("round %d replay %d: %v", round, i, errs[i])
			}
			if got[i] != got[0] {
				t.Errorf("round %d: replay %d got receipt %+v, replay 0 got %+v: want the same", round, i, got[i], got[0])
			}
			if qids[i] != qids[0] || qids[i] == 0 {
				t.Errorf("round %d: quarantine %d got ID %d, quarantine 0 got %d: want the same", round, i, qids[i], qids[0])
			}
		}
		if rcs := receipts(t, s, got[0].SubmissionID); len(rcs) != 1 {
			t.Errorf("round %d: %d receipts for one key replayed %d times, want 1", round, len(rcs), n)
		}
		other := list(t, s, reconcile.SubmissionFilter{})
		var otherID int64
		for _, sub := range other {
			if sub.SHA256 == Sum(Bytes(20+round, 1000)) {
				otherID = sub.ID
			}
		}
		rcs := receipts(t, s, otherID)
		fresh := 0
		for _, rc := range rcs {
			if !rc.Duplicate {
				fresh++
			}
		}
		if len(rcs) != n || fresh != 1 {
			t.Errorf("round %d: same bytes under %d keys: %d receipts, %d not duplicate; want %d and 1", round, n, len(rcs), fresh, n)
		}
	}
	if subs := list(t, s, reconcile.SubmissionFilter{}); len(subs) != 2*rounds {
		t.Errorf("%d submissions, want %d", len(subs), 2*rounds)
	}
	qs, err := s.QuarantineEntries(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != rounds {
		t.Errorf("%d quarantine entries, want %d", len(qs), rounds)
	}
}

// warm opens n connections of the store's pools at once, so that the racing
// goroutines that follow do not wait for connections one after the other.
func warm(t *testing.T, s reconcile.Store, n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := s.Receipts(context.Background(), 0); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
}
