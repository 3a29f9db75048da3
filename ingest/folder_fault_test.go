package ingest_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/pactd/pactd/ingest"
	"github.com/pactd/pactd/reconcile"
)

// alerts records the administrators' alerts (the daemon sends them
// through the outbox).
type alerts struct {
	mu   sync.Mutex
	keys []string
	text []string
}

func (a *alerts) Alert(_ context.Context, key, subject, text string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.keys = append(a.keys, key)
	a.text = append(a.text, subject+"\n"+text)
	return nil
}

func (a *alerts) count() int { a.mu.Lock(); defer a.mu.Unlock(); return len(a.keys) }

// TestFolderPoisonFileSetAside: a workbook that panics the parser is tried
// max_attempts times, one attempt per look, while a good file dropped
// behind it is recorded at the first look; then it is quarantined (table,
// quarantaine/ with its note), the administrators are alerted once, and
// nothing of it is left in the attempts.
func TestFolderPoisonFileSetAside(t *testing.T) {
	defer ingest.PanicOnPANIQUE()()
	p, st, reg := newPipeline(t)
	dir := t.TempDir()
	al := &alerts{}
	clk := &fakeClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	att := &ingest.Attempts{Store: st, Max: 3, Alert: al}
	w, err := ingest.NewFolderWatcher(ingest.FolderConfig{Dir: dir, Settle: time.Second, Retry: 3 * time.Second, Attempts: att, Quarantine: st}, p, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	w.Now = clk.Now
	good := filledWorkbook(t, reg, ainSIREN, nil)
	if err := os.WriteFile(filepath.Join(dir, "CLS_2025_PANIQUE.xlsx"), good, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "CLS_2025_ain.xlsx"), good, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for look := 1; look <= 3; look++ {
		w.Discover()
		clk.Add(2 * time.Second)
		w.Poll(ctx)
		inFolder := listDir(t, dir)
		if look < 3 && (len(inFolder) != 1 || inFolder[0] != "CLS_2025_PANIQUE.xlsx") {
			t.Fatalf("after look %d the folder holds %v, want the poison file only", look, inFolder)
		}
		clk.Add(2 * time.Second) // Retry after a failure: 4 s later it is tried again
	}
	if got := listDir(t, dir); len(got) != 0 {
		t.Fatalf("after 3 looks the folder still holds %v", got)
	}
	subs, err := st.Submissions(ctx, reconcile.SubmissionFilter{})
	if err != nil || len(subs) != 1 || subs[0].FileName != "CLS_2025_ain.xlsx" {
		t.Fatalf("submissions = %d (%v), want the good file only", len(subs), err)
	}
	qs, err := st.QuarantineEntries(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 1 || qs[0].FileName != "CLS_2025_PANIQUE.xlsx" || !strings.Contains(qs[0].Reason, "3 fois") ||
		!strings.Contains(qs[0].Reason, "panic") {
		t.Fatalf("quarantine = %+v, want the poison file with its 3 attempts and the panic", qs)
	}
	content, err := st.QuarantineContent(ctx, qs[0].ID)
	if err != nil || len(content) != len(good) {
		t.Errorf("quarantined content: %d bytes (%v), want the file's %d", len(content), err, len(good))
	}
	note, err := os.ReadFile(filepath.Join(dir, ingest.FolderQuarantine, "CLS_2025_PANIQUE.xlsx.txt"))
	if err != nil || !strings.Contains(string(note), "3 fois") {
		t.Errorf("note of the poison file: %q (%v)", note, err)
	}
	if al.count() != 1 {
		t.Errorf("%d alerts, want 1", al.count())
	}
	fi, _ := os.Stat(filepath.Join(dir, ingest.FolderQuarantine, "CLS_2025_PANIQUE.xlsx"))
	key := "dossier:CLS_2025_PANIQUE.xlsx:" + itoa(fi.Size()) + ":" + itoa(fi.ModTime().UnixNano())
	if n, _, err := st.Attempts(ctx, key); err != nil || n != 0 {
		t.Errorf("attempts left on the poison file: %d (%v)", n, err)
	}
}

// TestFolderCrashCountsAsAttempt: an attempt is counted before the file is
// processed, so a file that killed the process max_attempts times (here
// the attempts a crashed process left) is set aside at the next start
// without being parsed again.
func TestFolderCrashCountsAsAttempt(t *testing.T) {
	defer ingest.PanicOnPANIQUE()()
	p, st, reg := newPipeline(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "CLS_2025_ain.xlsx")
	if err := os.WriteFile(path, filledWorkbook(t, reg, ainSIREN, nil), 0o644); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	key := "dossier:CLS_2025_ain.xlsx:" + itoa(fi.Size()) + ":" + itoa(fi.ModTime().UnixNano())
	for range 2 { // two starts that died while processing it
		if _, _, err := st.BeginAttempt(ctx, key, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	clk := &fakeClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	w, err := ingest.NewFolderWatcher(ingest.FolderConfig{Dir: dir, Settle: time.Second,
		Attempts: &ingest.Attempts{Store: st, Max: 2}, Quarantine: st}, p, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	w.Now = clk.Now
	w.Discover()
	clk.Add(2 * time.Second)
	w.Poll(ctx)
	if subs, _ := st.Submissions(ctx, reconcile.SubmissionFilter{}); len(subs) != 0 {
		t.Fatalf("the file that crashed the process twice was processed again (%d submissions)", len(subs))
	}
	qs, err := st.QuarantineEntries(ctx, time.Time{})
	if err != nil || len(qs) != 1 || !strings.Contains(qs[0].Reason, "arrêt brutal") {
		t.Fatalf("quarantine = %+v (%v), want the file with a reason saying the process stopped", qs, err)
	}
	if _, err := os.Stat(filepath.Join(dir, ingest.FolderQuarantine, "CLS_2025_ain.xlsx")); err != nil {
		t.Errorf("file not in quarantaine/: %v", err)
	}
}

// TestFolderOversizedAndSymlink: a file over the size limit is a
// quarantine entry at once, without being read; a symbolic link is never
// followed (O_NOFOLLOW), and after its attempts it is a quarantine entry
// saying why; the link itself is moved.
func TestFolderOversizedAndSymlink(t *testing.T) {
	p, st, reg := newPipeline(t)
	dir := t.TempDir()
	outside := filepath.Join(t.TempDir(), "secret.xlsx")
	good := filledWorkbook(t, reg, ainSIREN, nil)
	if err := os.WriteFile(outside, good, 0o600); err != nil {
		t.Fatal(err)
	}
	big := make([]byte, 2<<20)
	if err := os.WriteFile(filepath.Join(dir, "CLS_2025_gros.xlsx"), big, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "CLS_2025_lien.xlsx")); err != nil {
		t.Fatal(err)
	}
	clk := &fakeClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	var observed []string
	var mu sync.Mutex
	att := &ingest.Attempts{Store: st, Max: 2, Observe: func(k reconcile.OriginKind, r string) {
		mu.Lock()
		observed = append(observed, string(k)+":"+r)
		mu.Unlock()
	}}
	w, err := ingest.NewFolderWatcher(ingest.FolderConfig{Dir: dir, Settle: time.Second, Retry: 3 * time.Second, MaxFileSize: 1 << 20,
		Attempts: att, Quarantine: st}, p, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	w.Now = clk.Now
	ctx := context.Background()
	for range 2 {
		w.Discover()
		clk.Add(2 * time.Second)
		w.Poll(ctx)
		clk.Add(2 * time.Second)
	}
	qs, err := st.QuarantineEntries(ctx, time.Time{})
	if err != nil || len(qs) != 2 {
		t.Fatalf("quarantine = %+v (%v), want the oversized file and the link", qs, err)
	}
	reasons := map[string]string{qs[0].FileName: qs[0].Reason, qs[1].FileName: qs[1].Reason}
	if !strings.Contains(reasons["CLS_2025_gros.xlsx"], "taille maximale") {
		t.Errorf("reason of the oversized file: %q", reasons["CLS_2025_gros.xlsx"])
	}
	if !strings.Contains(reasons["CLS_2025_lien.xlsx"], "lien symbolique") {
		t.Errorf("reason of the link: %q", reasons["CLS_2025_lien.xlsx"])
	}
	if fi, err := os.Lstat(filepath.Join(dir, ingest.FolderQuarantine, "CLS_2025_lien.xlsx")); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link itself is not in quarantaine/: %v", err)
	}
	if subs, _ := st.Submissions(ctx, reconcile.SubmissionFilter{}); len(subs) != 0 {
		t.Errorf("the link was followed: %d submissions", len(subs))
	}
	if len(observed) != 2 || observed[0] != "dossier:quarantined" {
		t.Errorf("observed %v, want two folder quarantines", observed)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestFolderRunPoisonAmongGood runs the watcher as the daemon does (Run,
// workers, polling): a file that panics the parser and an oversized one
// among good files; every good file is recorded, the two bad ones end in
// quarantine with their reasons, and the folder is emptied.
func TestFolderRunPoisonAmongGood(t *testing.T) {
	defer ingest.PanicOnPANIQUE()()
	p, st, reg := newPipeline(t)
	dir := t.TempDir()
	const good = 4
	for i := range good {
		wb := filledWorkbook(t, reg, ainSIREN, func(code string, state, territory *float64) {
			if state != nil {
				*state += float64(i) // distinct bytes, distinct submissions
			}
		})
		if err := os.WriteFile(filepath.Join(dir, "CLS_2025_ain_"+itoa(int64(i))+".xlsx"), wb, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	wb := filledWorkbook(t, reg, ainSIREN, nil)
	if err := os.WriteFile(filepath.Join(dir, "CLS_2025_PANIQUE.xlsx"), wb, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "CLS_2025_gros.xlsx"), make([]byte, 3<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	w, err := ingest.NewFolderWatcher(ingest.FolderConfig{Dir: dir, Settle: 50 * time.Millisecond, Polling: true,
		Poll: 50 * time.Millisecond, Retry: 100 * time.Millisecond, MaxFileSize: 2 << 20, Workers: 2,
		Attempts: &ingest.Attempts{Store: st, Max: 2}, Quarantine: st}, p, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	runSource(t, w)
	waitFor(t, 20*time.Second, "the folder emptied", func() bool { return len(listDir(t, dir)) == 0 })
	ctx := context.Background()
	subs, err := st.Submissions(ctx, reconcile.SubmissionFilter{})
	if err != nil || len(subs) != good {
		t.Errorf("%d submissions (%v), want %d", len(subs), err, good)
	}
	qs, err := st.QuarantineEntries(ctx, time.Time{})
	if err != nil || len(qs) != 2 {
		t.Fatalf("quarantine = %+v (%v), want the poison and the oversized files", qs, err)
	}
	for _, q := range qs {
		want := map[string]string{"CLS_2025_PANIQUE.xlsx": "panic", "CLS_2025_gros.xlsx": "taille maximale"}[q.FileName]
		if want == "" || !strings.Contains(q.Reason, want) {
			t.Errorf("quarantine entry %s: %q, want %q in it", q.FileName, q.Reason, want)
		}
	}
}

// TestFolderRetryWaits: a file whose attempt failed is tried again only
// after Retry, not at the next settle time, so that a fault of a few
// seconds does not spend its attempts.
func TestFolderRetryWaits(t *testing.T) {
	defer ingest.PanicOnPANIQUE()()
	p, st, reg := newPipeline(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "CLS_2025_PANIQUE.xlsx")
	if err := os.WriteFile(path, filledWorkbook(t, reg, ainSIREN, nil), 0o644); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	key := "dossier:CLS_2025_PANIQUE.xlsx:" + itoa(fi.Size()) + ":" + itoa(fi.ModTime().UnixNano())
	clk := &fakeClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	w, err := ingest.NewFolderWatcher(ingest.FolderConfig{Dir: dir, Settle: time.Second, Retry: 10 * time.Second,
		Attempts: &ingest.Attempts{Store: st, Max: 3}, Quarantine: st}, p, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	w.Now = clk.Now
	ctx := context.Background()
	attempts := func(at time.Duration, want int) {
		t.Helper()
		clk.Add(at)
		w.Poll(ctx)
		if n, _, err := st.Attempts(ctx, key); err != nil || n != want {
			t.Fatalf("after +%v: %d attempts (%v), want %d", at, n, err, want)
		}
	}
	w.Discover()
	attempts(2*time.Second, 1)
	attempts(2*time.Second, 1) // settled long enough, but Retry not over
	attempts(5*time.Second, 1)
	attempts(4*time.Second, 2)
}
