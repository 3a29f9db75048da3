package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/pactd/pactd/reconcile"
)

// testSnapshots checks reconcile.SnapshotStore, which both stores offer to
// the weekly report: a snapshot comes back as saved, one per year and
// week (the newer replaces the older), listed oldest first by year.
func testSnapshots(t *testing.T, s reconcile.Store) {
	ss, ok := s.(reconcile.SnapshotStore)
	if !ok {
		t.Fatalf("%T does not implement reconcile.SnapshotStore", s)
	}
	ctx := context.Background()
	if got, err := ss.Snapshots(ctx, 2025); err != nil || len(got) != 0 {
		t.Fatalf("Snapshots of an empty store = %v, %v; want none", got, err)
	}
	week14 := reconcile.Snapshot{Year: 2025, Week: "2026-W14", Taken: time.Date(2026, time.March, 30, 6, 0, 0, 123, time.UTC),
		Tally: reconcile.Tally{Expected: 3, Accepted: 1, Rejected: 1, NotReceived: 1}, Files: 2, Spent: 123_456_789,
		States: map[string]reconcile.State{"220100010": reconcile.StateAccepted, "200046977": reconcile.StateRejected,
			"221000052": reconcile.StateNotReceived}}
	week15 := reconcile.Snapshot{Year: 2025, Week: "2026-W15", Taken: time.Date(2026, time.April, 6, 6, 0, 0, 0, time.UTC),
		Tally: reconcile.Tally{Expected: 3, Accepted: 1, AcceptedLate: 1, SetAside: 1}, Files: 4, Spent: 246_000_000,
		States: map[string]reconcile.State{"220100010": reconcile.StateAccepted, "200046977": reconcile.StateAcceptedLate,
			"221000052": reconcile.StateSetAside}}
	other := reconcile.Snapshot{Year: 2024, Week: "2025-W14", Taken: time.Date(2025, time.March, 31, 6, 0, 0, 0, time.UTC),
		Tally: reconcile.Tally{Expected: 1, Accepted: 1}, States: map[string]reconcile.State{"220100010": reconcile.StateAccepted}}
	for _, snap := range []reconcile.Snapshot{week15, other, week14} {
		if err := ss.SaveSnapshot(ctx, &snap); err != nil {
			t.Fatalf("SaveSnapshot(%d %s): %v", snap.Year, snap.Week, err)
		}
	}
	// The report of week 15 run again later: its snapshot is replaced.
	again := week15
	again.Taken = week15.Taken.Add(2 * time.Hour)
	again.Tally.SetAside, again.Tally.Rejected = 0, 1
	again.States = map[string]reconcile.State{"220100010": reconcile.StateAccepted,
		"200046977": reconcile.StateAcceptedLate, "221000052": reconcile.StateRejected}
	if err := ss.SaveSnapshot(ctx, &again); err != nil {
		t.Fatal(err)
	}
	got, err := ss.Snapshots(ctx, 2025)
	if err != nil {
		t.Fatal(err)
	}
	want := []reconcile.Snapshot{week14, again}
	if len(got) != len(want) {
		t.Fatalf("got %d snapshots of 2025, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		checkUTC(t, "snapshot Taken", got[i].Taken, want[i].Taken)
		g, w := got[i], want[i]
		g.Taken, w.Taken = time.Time{}, time.Time{}
		if !reflect.DeepEqual(g, w) {
			t.Errorf("snapshot %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
	if got, err := ss.Snapshots(ctx, 2024); err != nil || len(got) != 1 || got[0].Week != "2025-W14" {
		t.Errorf("Snapshots(2024) = %+v, %v; want the one of 2024", got, err)
	}
	if err := ss.SaveSnapshot(ctx, &reconcile.Snapshot{Year: 2025}); err == nil {
		t.Error("a snapshot without week or time was saved")
	}
}
