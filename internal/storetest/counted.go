package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/pactd/pactd/reconcile"
)

// CountedLister is the stores' query for the multi-year rule
// (ingest.CountedLister). Run checks it when the store has it.
type CountedLister interface {
	CountedSubmissions(ctx context.Context, siren string, exceptYear int) ([]reconcile.Submission, error)
}

// testCountedSubmissions: per year but one, the newest accepted submission
// of the territory, by received time then id; rejected ones and other
// territories never.
func testCountedSubmissions(t *testing.T, s reconcile.Store) {
	cl, ok := s.(CountedLister)
	if !ok {
		t.Logf("%T has no CountedSubmissions: nothing to check", s)
		return
	}
	ctx := context.Background()
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	record := func(seed uint64, siren string, year int, v reconcile.Verdict, received time.Time) int64 {
		t.Helper()
		sub := Sample(seed, siren, year, 2, 100)
		sub.Verdict, sub.ReceivedAt = v, received
		sub.Origin.Key = fmt.Sprint("counted-", seed)
		if _, err := s.RecordSubmission(ctx, sub); err != nil {
			t.Fatal(err)
		}
		return sub.ID
	}
	record(1, "220100010", 2024, reconcile.Accepted, at)
	v2 := record(2, "220100010", 2024, reconcile.Accepted, at.Add(time.Hour))
	record(3, "220100010", 2024, reconcile.Rejected, at.Add(2*time.Hour))
	record(4, "220100010", 2025, reconcile.Accepted, at.Add(3*time.Hour))
	tie := record(5, "220100010", 2025, reconcile.Accepted, at.Add(3*time.Hour)) // same time, higher id
	record(6, "220200026", 2024, reconcile.Accepted, at.Add(4*time.Hour))
	for _, tt := range []struct {
		except int
		want   []int64
	}{{2026, []int64{v2, tie}}, {2025, []int64{v2}}, {2024, []int64{tie}}} {
		subs, err := cl.CountedSubmissions(ctx, "220100010", tt.except)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, sub := range subs {
			got = append(got, sub.ID)
			if sub.Report == nil || len(sub.Findings) == 0 {
				t.Errorf("submission %d without its report or findings", sub.ID)
			} else if sub.Report.SIREN != "220100010" || sub.Report.Year != sub.Year {
				// Read again (kept by the store after the first call):
				// still this submission's own report.
				t.Errorf("submission %d of %d has the report of %s for %d", sub.ID, sub.Year, sub.Report.SIREN, sub.Report.Year)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("CountedSubmissions(220100010, except %d) = %v, want %v", tt.except, got, tt.want)
		}
	}
}
