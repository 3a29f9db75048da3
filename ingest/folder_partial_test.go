package ingest_test

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/xuri/excelize/v2"

	"github.com/pactd/pactd/ingest"
)

// workbookBytes returns a real xlsx, large enough to be copied in two steps.
func workbookBytes(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for r := 1; r <= 200; r++ {
		cell, _ := excelize.CoordinatesToCellName(1, r)
		f.SetCellValue("Sheet1", cell, strings.Repeat("action ", r%17+1))
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// zipChecker quarantines as damaged what is not a readable zip, as the
// pipeline does, and records every content it was given.
type zipChecker struct {
	mu   sync.Mutex
	seen [][]byte
}

func (z *zipChecker) Process(ctx context.Context, in ingest.Incoming) (ingest.Outcome, error) {
	z.mu.Lock()
	z.seen = append(z.seen, in.Content)
	z.mu.Unlock()
	if _, err := zip.NewReader(bytes.NewReader(in.Content), int64(len(in.Content))); err != nil {
		return ingest.Outcome{Quarantined: true, Reason: "Le classeur est endommagé."}, nil
	}
	return ingest.Outcome{}, nil
}

func (z *zipChecker) calls() [][]byte {
	z.mu.Lock()
	defer z.mu.Unlock()
	return append([][]byte(nil), z.seen...)
}

// TestFolderStalledCopyWaits: half a workbook, left unchanged longer than
// the settle time, is not quarantined while recent; once the writer
// finishes it is taken whole. Half a workbook left for ten settle times is
// damaged and quarantined.
func TestFolderStalledCopyWaits(t *testing.T) {
	dir := t.TempDir()
	z := &zipChecker{}
	settle := 50 * time.Millisecond
	w, err := ingest.NewFolderWatcher(ingest.FolderConfig{Dir: dir, Settle: settle}, z, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	wb := workbookBytes(t)
	path := filepath.Join(dir, "CLS_2025_220100010_ain.xlsx")
	if err := os.WriteFile(path, wb[:len(wb)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	w.Discover()
	for range 3 { // three settle times of pause
		time.Sleep(settle + 10*time.Millisecond)
		w.Poll(ctx)
	}
	if got := listDir(t, filepath.Join(dir, ingest.FolderQuarantine)); len(got) != 0 {
		t.Fatalf("half a workbook written moments ago was quarantined: quarantaine/ holds %v", got)
	}
	if n := len(z.calls()); n != 0 {
		t.Fatalf("half a workbook was processed %d times, want 0", n)
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(wb[len(wb)/2:]); err != nil {
		t.Fatal(err)
	}
	f.Close()
	w.Discover()
	waitFor(t, 5*time.Second, "whole workbook taken", func() bool { w.Poll(ctx); return w.Taken() == 1 })
	if got := strings.Join(listDir(t, filepath.Join(dir, ingest.FolderProcessed)), ","); got != "CLS_2025_220100010_ain.xlsx,CLS_2025_220100010_ain.xlsx.txt" {
		t.Errorf("traites/ holds %s", got)
	}
	if c := z.calls(); len(c) != 1 || !bytes.Equal(c[0], wb) {
		t.Errorf("processed %d contents, want the whole workbook once", len(c))
	}

	// Truncated and old: damaged, quarantined.
	old := filepath.Join(dir, "vieux.xlsx")
	if err := os.WriteFile(old, wb[:len(wb)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	past := time.Now().Add(-time.Hour)
	os.Chtimes(old, past, past)
	w.Discover()
	waitFor(t, 5*time.Second, "old truncated workbook quarantined", func() bool { w.Poll(ctx); return w.Taken() == 2 })
	if got := strings.Join(listDir(t, filepath.Join(dir, ingest.FolderQuarantine)), ","); got != "vieux.xlsx,vieux.xlsx.txt" {
		t.Errorf("quarantaine/ holds %s, want the old truncated workbook", got)
	}
}

// TestFolderChangedWhileProcessed: the writer resumes while the file is
// being processed; the file is not moved but queued again, and its final
// content is taken.
func TestFolderChangedWhileProcessed(t *testing.T) {
	dir := t.TempDir()
	z := &zipChecker{}
	settle := 50 * time.Millisecond
	w, err := ingest.NewFolderWatcher(ingest.FolderConfig{Dir: dir, Settle: settle}, z, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	wb := workbookBytes(t)
	path := filepath.Join(dir, "rapport.xlsx")
	if err := os.WriteFile(path, wb[:len(wb)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	// The pause was long: the half file is old enough to be judged.
	past := time.Now().Add(-time.Hour)
	os.Chtimes(path, past, past)
	resumed := false
	w.Hook = func(point string) {
		if point == "committed" && !resumed {
			resumed = true
			if err := os.WriteFile(path, wb, 0o600); err != nil {
				t.Error(err)
			}
		}
	}
	ctx := context.Background()
	w.Discover()
	time.Sleep(settle + 10*time.Millisecond)
	w.Poll(ctx)
	if !resumed {
		t.Fatal("the half file was not processed")
	}
	if got := listDir(t, filepath.Join(dir, ingest.FolderQuarantine)); len(got) != 0 {
		t.Fatalf("a file changed while processed was moved: quarantaine/ holds %v", got)
	}
	if w.Taken() != 0 {
		t.Fatalf("Taken() = %d after a changed file, want 0", w.Taken())
	}
	waitFor(t, 5*time.Second, "finished workbook taken", func() bool { w.Poll(ctx); return w.Taken() == 1 })
	if got := strings.Join(listDir(t, filepath.Join(dir, ingest.FolderProcessed)), ","); got != "rapport.xlsx,rapport.xlsx.txt" {
		t.Errorf("traites/ holds %s", got)
	}
	if c := z.calls(); len(c) != 2 || !bytes.Equal(c[1], wb) {
		t.Errorf("processed %d contents, want the half then the whole workbook", len(c))
	}
}

// TestFolderCrashAfterCommit: a run stopped after the commit and before the
// move leaves the file; the next run processes it again (same Origin.Key),
// moves it once, and the store holds one receipt.
func TestFolderCrashAfterCommit(t *testing.T) {
	dir := t.TempDir()
	store := openStore(t)
	rec := &recorder{store: store}
	settle := 20 * time.Millisecond
	ctx := context.Background()
	name := "CLS_2025_220100010_ain.xlsx"
	if err := os.WriteFile(filepath.Join(dir, name), []byte("classeur"), 0o600); err != nil {
		t.Fatal(err)
	}
	type crash struct{}
	for run := range 2 {
		w, err := ingest.NewFolderWatcher(ingest.FolderConfig{Dir: dir, Settle: settle}, rec, zerolog.Nop())
		if err != nil {
			t.Fatal(err)
		}
		if run == 0 {
			w.Hook = func(point string) {
				if point == "committed" {
					panic(crash{})
				}
			}
		}
		func() {
			defer func() {
				if r := recover(); r != nil && r != (crash{}) {
					panic(r)
				}
			}()
			w.Discover()
			time.Sleep(settle + 10*time.Millisecond)
			w.Poll(ctx)
		}()
		if run == 0 && len(listDir(t, filepath.Join(dir, ingest.FolderProcessed))) != 0 {
			t.Fatal("the crashed run moved the file")
		}
	}
	if got := strings.Join(listDir(t, filepath.Join(dir, ingest.FolderProcessed)), ","); got != name+","+name+".txt" {
		t.Errorf("traites/ holds %s, want the file once with its note", got)
	}
	if got := listDir(t, dir); len(got) != 0 {
		t.Errorf("the folder still holds %v", got)
	}
	if c := rec.Calls(); len(c) != 2 || c[0] != c[1] {
		t.Errorf("calls %v, want the same Origin.Key twice", c)
	}
	rcs, err := store.Receipts(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(rcs) != 1 {
		t.Errorf("%d receipts, want 1", len(rcs))
	}
}

// TestFolderDuplicateNote: the same bytes dropped again under another name
// get a note saying which earlier deposit they repeat.
func TestFolderDuplicateNote(t *testing.T) {
	dir := t.TempDir()
	store := openStore(t)
	rec := &recorder{store: store}
	// As the pipeline does, a duplicate's outcome holds the earlier
	// submission.
	p := processorFunc(func(ctx context.Context, in ingest.Incoming) (ingest.Outcome, error) {
		out, err := rec.Process(ctx, in)
		if err != nil || !out.Receipt.Duplicate {
			return out, err
		}
		out.Submission, err = store.Submission(ctx, out.Receipt.SubmissionID)
		return out, err
	})
	clk := &fakeClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	w, err := ingest.NewFolderWatcher(ingest.FolderConfig{Dir: dir, Settle: 5 * time.Second}, p, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	w.Now = clk.Now
	ctx := context.Background()
	for i, name := range []string{"premier.xlsx", "encore.xlsx"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("mêmes octets"), 0o600); err != nil {
			t.Fatal(err)
		}
		w.Discover()
		clk.Add(time.Minute)
		w.Poll(ctx)
		if w.Taken() != int64(i+1) {
			t.Fatalf("%s not taken", name)
		}
	}
	first, _ := os.ReadFile(filepath.Join(dir, ingest.FolderProcessed, "premier.xlsx.txt"))
	if strings.Contains(string(first), "identique") {
		t.Errorf("the first deposit's note calls it a duplicate:\n%s", first)
	}
	note, _ := os.ReadFile(filepath.Join(dir, ingest.FolderProcessed, "encore.xlsx.txt"))
	want := "Ce fichier est identique au dépôt n° 1 reçu le 02/03/2026 à 10:01 (premier.xlsx) ; il n'est pas compté une seconde fois."
	if !strings.Contains(string(note), want) {
		t.Errorf("note of the same bytes again lacks %q:\n%s", want, note)
	}
}
