package ingest_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/pactd/pactd/ingest"
)

// fakeClock is a settable clock for the settle time.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		if !e.IsDir() {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out
}

// TestFolderWatcherSettleAndMove drives the watcher by hand (Discover, Poll)
// on an injected clock: a file is taken only once unchanged for Settle,
// temporary names never, and each ends beside its note.
func TestFolderWatcherSettleAndMove(t *testing.T) {
	dir := t.TempDir()
	store := openStore(t)
	rec := &recorder{store: store}
	clk := &fakeClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	w, err := ingest.NewFolderWatcher(ingest.FolderConfig{Dir: dir, Settle: 5 * time.Second}, rec, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	w.Now = clk.Now
	ctx := context.Background()
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("CLS_2025_220100010_ain.xlsx", "moitié")
	for _, tmp := range []string{"~$CLS.xlsx", ".~lock.CLS.xlsx#", "copie.xlsx.part", "x.tmp", ".cache"} {
		write(tmp, "temporaire")
	}
	w.Discover()
	w.Poll(ctx)
	clk.Add(3 * time.Second)
	// The copy goes on: size and time change, the settle time restarts.
	write("CLS_2025_220100010_ain.xlsx", "moitié puis le reste")
	future := time.Now().Add(time.Minute)
	os.Chtimes(filepath.Join(dir, "CLS_2025_220100010_ain.xlsx"), future, future)
	w.Discover()
	w.Poll(ctx)
	clk.Add(3 * time.Second)
	w.Poll(ctx)
	if len(rec.Calls()) != 0 {
		t.Fatalf("a file still changing 3 s ago was taken: %v", rec.Calls())
	}
	clk.Add(3 * time.Second)
	w.Poll(ctx)
	if got := len(rec.Calls()); got != 1 {
		t.Fatalf("%d files taken once settled, want 1", got)
	}
	if k := rec.Calls()[0]; !strings.HasPrefix(k, "dossier:CLS_2025_220100010_ain.xlsx:") || len(k) != len("dossier:CLS_2025_220100010_ain.xlsx:")+64 {
		t.Errorf("Origin.Key %q, want dossier:<name>:<sha256>", k)
	}
	got := listDir(t, filepath.Join(dir, ingest.FolderProcessed))
	want := []string{"CLS_2025_220100010_ain.xlsx", "CLS_2025_220100010_ain.xlsx.txt"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("traites/ holds %v, want %v", got, want)
	}
	note, _ := os.ReadFile(filepath.Join(dir, ingest.FolderProcessed, "CLS_2025_220100010_ain.xlsx.txt"))
	for _, s := range []string{"Résultat : rapport accepté.", "Accusé de réception : AR-", "Empreinte SHA-256 : "} {
		if !strings.Contains(string(note), s) {
			t.Errorf("note lacks %q:\n%s", s, note)
		}
	}
	left := listDir(t, dir)
	if strings.Join(left, ",") != ".cache,.~lock.CLS.xlsx#,copie.xlsx.part,x.tmp,~$CLS.xlsx" {
		t.Errorf("temporary files touched: the folder holds %v", left)
	}

	// The same name again (another version), and a quarantined one.
	write("CLS_2025_220100010_ain.xlsx", "version 2")
	write("spoof.xlsx", "x")
	w.Discover()
	clk.Add(6 * time.Second)
	w.Poll(ctx)
	got = listDir(t, filepath.Join(dir, ingest.FolderProcessed))
	if !strings.Contains(strings.Join(got, ","), "CLS_2025_220100010_ain-2.xlsx,CLS_2025_220100010_ain-2.xlsx.txt") {
		t.Errorf("name collision not suffixed: traites/ holds %v", got)
	}
	// spoof.xlsx is processed as a file of the folder, from no sender: the
	// recorder quarantines only "spoof" senders, so it is accepted.
	if len(rec.Calls()) != 3 {
		t.Errorf("%d files taken in all, want 3", len(rec.Calls()))
	}
}

// TestFolderWatcherRun: the real loop with fsnotify takes a dropped file.
func TestFolderWatcherRun(t *testing.T) {
	dir := t.TempDir()
	var mu sync.Mutex
	var quarantined []string
	p := processorFunc(func(ctx context.Context, in ingest.Incoming) (ingest.Outcome, error) {
		mu.Lock()
		defer mu.Unlock()
		quarantined = append(quarantined, in.Name)
		return ingest.Outcome{Quarantined: true, Reason: "Le fichier n'est pas un classeur."}, nil
	})
	w, err := ingest.NewFolderWatcher(ingest.FolderConfig{Dir: dir, Settle: 100 * time.Millisecond, Scan: time.Hour}, p, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	stop := runSource(t, w)
	time.Sleep(100 * time.Millisecond)
	if err := os.WriteFile(filepath.Join(dir, "notes.docx"), []byte("pas un classeur"), 0o600); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 5*time.Second, "file quarantined", func() bool { return w.Taken() == 1 })
	stop()
	got := listDir(t, filepath.Join(dir, ingest.FolderQuarantine))
	if strings.Join(got, ",") != "notes.docx,notes.docx.txt" {
		t.Errorf("quarantaine/ holds %v", got)
	}
	note, _ := os.ReadFile(filepath.Join(dir, ingest.FolderQuarantine, "notes.docx.txt"))
	if !strings.Contains(string(note), "Motif : Le fichier n'est pas un classeur.") {
		t.Errorf("note does not say why:\n%s", note)
	}
}
