// Package storetest is the contract every reconcile.Store must pass:
// internal/sqlite and internal/postgres run Run against a real database.
// It also holds the sample data their benchmarks use.
package storetest

import (
	"context"
	"testing"

	"github.com/pactd/pactd/reconcile"
)

// Leader is the leadership method the stores offer to the daemon (see
// internal/sqlite's package doc). Run checks it when the store has it.
type Leader interface {
	TryLeader(ctx context.Context, name string) (release func(), ok bool, err error)
}

// Run runs the contract suite. open must return an empty store, opened for
// t, and close it when t ends (t.Cleanup); it is called once per subtest.
func Run(t *testing.T, open func(t *testing.T) reconcile.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s reconcile.Store)
	}{
		{"RegisterVersions", testRegisterVersions},
		{"RegisterRoundTrip", testRegisterRoundTrip},
		{"RecordNew", testRecordNew},
		{"DedupeBySHA", testDedupeBySHA},
		{"IdempotentKey", testIdempotentKey},
		{"ThreeReceipts", testThreeReceipts},
		{"Filters", testFilters},
		{"UpdateVerdict", testUpdateVerdict},
		{"NotFound", testNotFound},
		{"BadInput", testBadInput},
		{"FindingsRoundTrip", testFindingsRoundTrip},
		{"ReportRoundTrip", testReportRoundTrip},
		{"TimesUTC", testTimesUTC},
		{"Quarantine", testQuarantine},
		{"QuarantineIdempotent", testQuarantineIdempotent},
		{"ConcurrentWrites", testConcurrentWrites},
		{"ConcurrentSameKey", testConcurrentSameKey},
		{"Leader", testLeader},
		{"Snapshots", testSnapshots},
		{"CountedSubmissions", testCountedSubmissions},
		{"Archive", testArchive},
		{"Ping", testPing},
		{"WebAccess", testWebAccess},
		{"SiteVisits", testSiteVisits},
		{"Campaign", testCampaign},
		{"Attempts", testAttempts},
		{"AttemptsBatch", testAttemptsBatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.fn(t, open(t))
		})
	}
}

// testLeader checks TryLeader when the store offers it: one holder per
// name at a time, released names can be taken again.
func testLeader(t *testing.T, s reconcile.Store) {
	l, ok := s.(Leader)
	if !ok {
		t.Logf("%T has no TryLeader: nothing to check", s)
		return
	}
	ctx := context.Background()
	releaseA, ok, err := l.TryLeader(ctx, "schedules")
	if err != nil || !ok {
		t.Fatalf("first TryLeader(schedules) = ok %v, err %v; want ok", ok, err)
	}
	if _, ok, err := l.TryLeader(ctx, "schedules"); err != nil || ok {
		t.Fatalf("second TryLeader(schedules) while held = ok %v, err %v; want not ok", ok, err)
	}
	releaseB, ok, err := l.TryLeader(ctx, "other")
	if err != nil || !ok {
		t.Fatalf("TryLeader(other) = ok %v, err %v; want ok", ok, err)
	}
	releaseB()
	releaseA()
	releaseA() // twice is harmless
	releaseC, ok, err := l.TryLeader(ctx, "schedules")
	if err != nil || !ok {
		t.Fatalf("TryLeader(schedules) after release = ok %v, err %v; want ok", ok, err)
	}
	releaseC()
}
