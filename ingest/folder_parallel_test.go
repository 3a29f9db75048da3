package ingest_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/pactd/pactd/ingest"
	"github.com/pactd/pactd/internal/sqlite"
	"github.com/pactd/pactd/reconcile"
)

// slowFirstLook is a store whose first look at a territory's earlier
// reports takes a while, as a busy database does: a file behind it would
// be recorded first if nothing kept the order.
type slowFirstLook struct {
	reconcile.Store
	siren string
	delay time.Duration
	slept atomic.Bool
	// order records the SIRENs whose earlier reports were read, in order.
	mu    sync.Mutex
	order []string
}

func (s *slowFirstLook) Submissions(ctx context.Context, f reconcile.SubmissionFilter) ([]reconcile.Submission, error) {
	if f.SIREN == s.siren && s.slept.CompareAndSwap(false, true) {
		time.Sleep(s.delay) // the first look only; the others do not wait for it
	}
	s.mu.Lock()
	s.order = append(s.order, f.SIREN)
	s.mu.Unlock()
	return s.Store.Submissions(ctx, f)
}

// TestFolderParallelKeepsArrivalOrder: three files taken at once by three
// workers; the first two are the Ain's 2025 report, sent twice. The first
// one's look at the earlier reports is slow; the second waits for it and
// is recorded after it (the newest accepted one counts), while the Aisne's
// file, another territory, is not held up.
func TestFolderParallelKeepsArrivalOrder(t *testing.T) {
	p, st, reg := newPipeline(t)
	slow := &slowFirstLook{Store: st, siren: ainSIREN, delay: 400 * time.Millisecond}
	p.Store = slow
	dir := t.TempDir()
	clk := &fakeClock{t: time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC)}
	w, err := ingest.NewFolderWatcher(ingest.FolderConfig{Dir: dir, Settle: time.Second, Workers: 3}, p, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	w.Now = clk.Now
	first := filledWorkbook(t, reg, ainSIREN, nil)
	second := filledWorkbook(t, reg, ainSIREN, func(code string, state, territory *float64) { *territory += 10 })
	aisne := filledWorkbook(t, reg, "220200026", nil)
	// Arrival order: the Ain's first version, its second, the Aisne's;
	// names sort the other way, so the order is not the names'.
	for _, f := range []struct {
		name string
		data []byte
	}{{"z-ain-v1.xlsx", first}, {"y-ain-v2.xlsx", second}, {"x-aisne.xlsx", aisne}} {
		if err := os.WriteFile(filepath.Join(dir, f.name), f.data, 0o600); err != nil {
			t.Fatal(err)
		}
		w.Discover()
		clk.Add(100 * time.Millisecond)
	}
	clk.Add(2 * time.Second)
	w.Poll(context.Background())
	if w.Taken() != 3 {
		t.Fatalf("%d files taken, want 3", w.Taken())
	}
	subs, err := st.Submissions(context.Background(), reconcile.SubmissionFilter{SIREN: ainSIREN})
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) != 2 {
		t.Fatalf("%d submissions of the Ain, want 2", len(subs))
	}
	byName := map[string]reconcile.Submission{}
	for _, s := range subs {
		byName[s.FileName] = s
	}
	v1, v2 := byName["z-ain-v1.xlsx"], byName["y-ain-v2.xlsx"]
	if v1.ID == 0 || v2.ID == 0 || v1.ID > v2.ID || !v1.ReceivedAt.Before(v2.ReceivedAt) {
		t.Errorf("the Ain's files recorded as v1 #%d at %s, v2 #%d at %s; want v1 first, received first",
			v1.ID, v1.ReceivedAt, v2.ID, v2.ReceivedAt)
	}
	statuses := reconcile.Statuses(reg, subs, nil, 2025, clk.Now())
	for _, s := range statuses {
		if s.Territory.SIREN == ainSIREN && (s.Counted == nil || s.Counted.FileName != "y-ain-v2.xlsx") {
			t.Errorf("counted submission of the Ain = %+v, want the second version", s.Counted)
		}
	}
	slow.mu.Lock()
	order := append([]string(nil), slow.order...)
	slow.mu.Unlock()
	if len(order) != 3 || order[0] != "220200026" {
		t.Errorf("earlier reports read for %v; want the Aisne first, not held up by the Ain", order)
	}
}

// TestFolderReplicasShareFiles: two watchers on one folder, each with its
// own handle on one database (two replicas): every file is processed and
// moved once, by one of them; a file whose claim is held by a replica that
// died is taken over once the claim expires. The claims are released and
// the attempts forgotten (in batches) once the files are moved.
func TestFolderReplicasShareFiles(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(t.TempDir(), "pactd.db")
	ctx := context.Background()
	var stores [2]*sqlite.Store
	for i := range stores {
		s, err := sqlite.Open(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		stores[i] = s
	}
	const n = 30
	var names []string
	for i := range n {
		name := "fichier-" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + ".xlsx"
		names = append(names, name)
		if err := os.WriteFile(filepath.Join(dir, name), []byte{byte(i)}, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	var keys []string
	for _, name := range names {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, "dossier:"+name+":"+itoa(fi.Size())+":"+itoa(fi.ModTime().UnixNano()))
	}
	// A replica that died while holding a file: its claim runs out in 1 s.
	if ok, err := stores[0].ClaimFile(ctx, "orpheline.xlsx", "replica-morte", time.Now(), time.Second); err != nil || !ok {
		t.Fatalf("claim for the dead replica: %v %v", ok, err)
	}
	if err := os.WriteFile(filepath.Join(dir, "orpheline.xlsx"), []byte("orpheline"), 0o600); err != nil {
		t.Fatal(err)
	}
	var recs [2]*recorder
	var watchers [2]*ingest.FolderWatcher
	for i := range watchers {
		rec := &recorder{store: stores[i]}
		recs[i] = rec
		// 20 ms a file, as parsing takes: neither replica is done with
		// the folder before the other starts.
		p := processorFunc(func(ctx context.Context, in ingest.Incoming) (ingest.Outcome, error) {
			time.Sleep(20 * time.Millisecond)
			return rec.Process(ctx, in)
		})
		w, err := ingest.NewFolderWatcher(ingest.FolderConfig{Dir: dir, Settle: 50 * time.Millisecond, Workers: 2,
			Claims: stores[i], ClaimLease: time.Second, Attempts: &ingest.Attempts{Store: stores[i]}}, p, zerolog.Nop())
		if err != nil {
			t.Fatal(err)
		}
		watchers[i] = w
	}
	start := time.Now()
	for _, w := range watchers {
		runSource(t, w)
	}
	waitFor(t, 10*time.Second, "every file taken", func() bool { return watchers[0].Taken()+watchers[1].Taken() == n+1 })
	if took := time.Since(start); took < time.Second {
		t.Errorf("the dead replica's file was taken after %v, before its claim expired", took)
	}
	// Released, not expired: a claim at the start time, when every claim
	// of the replicas was still running, is granted only when released.
	waitFor(t, 5*time.Second, "claims released and attempts forgotten", func() bool {
		for i, name := range names {
			ok, err := stores[0].ClaimFile(ctx, name, "controle", start, time.Second)
			if err != nil {
				t.Fatal(err)
			}
			left, _, err := stores[1].Attempts(ctx, keys[i])
			if err != nil {
				t.Fatal(err)
			}
			if !ok || left != 0 {
				return false
			}
		}
		return true
	})
	calls := map[string]int{}
	for _, r := range recs {
		for _, k := range r.Calls() {
			calls[k]++
		}
	}
	if len(calls) != n+1 {
		t.Errorf("%d distinct files processed, want %d", len(calls), n+1)
	}
	for k, c := range calls {
		if c != 1 {
			t.Errorf("%s processed %d times, want once", k, c)
		}
	}
	if got := len(listDir(t, filepath.Join(dir, ingest.FolderProcessed))); got != 2*(n+1) {
		t.Errorf("traites/ holds %d files, want %d files and their notes", got, 2*(n+1))
	}
	if got := listDir(t, dir); len(got) != 0 {
		t.Errorf("the folder still holds %v", got)
	}
	if watchers[0].Taken() == 0 || watchers[1].Taken() == 0 {
		t.Errorf("replicas took %d and %d files: the work was not shared", watchers[0].Taken(), watchers[1].Taken())
	}
}
