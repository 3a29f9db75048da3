package ingest_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/pactd/pactd/ingest"
	"github.com/pactd/pactd/reconcile"
)

// TestFolderPollingForced: with watch.polling the folder is read by
// listing it, and says so.
func TestFolderPollingForced(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t)
	rec := &recorder{store: st}
	w, err := ingest.NewFolderWatcher(ingest.FolderConfig{Dir: dir, Settle: 50 * time.Millisecond, Polling: true,
		Poll: 50 * time.Millisecond}, rec, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	runSource(t, w)
	if err := os.WriteFile(filepath.Join(dir, "a.xlsx"), []byte("a"), 0o600); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 5*time.Second, "the file taken", func() bool { return w.Taken() == 1 })
	if !w.Polling() || w.LastLook().IsZero() {
		t.Errorf("Polling() = %v, LastLook() = %v", w.Polling(), w.LastLook())
	}
}

// TestFolderPollingFallback: when notifications cannot be set up (here the
// folder itself is missing at the start, the real error path of inotify;
// then the switch that stands for inotify limits), the watcher polls: it
// says the folder cannot be read while it is missing, and reads it once it
// is back.
func TestFolderPollingFallback(t *testing.T) {
	for _, tc := range []struct {
		name    string
		missing bool
	}{{"folder missing", true}, {"notifications unavailable", false}} {
		t.Run(tc.name, func(t *testing.T) {
			if !tc.missing {
				defer ingest.NotifyUnavailable()()
			}
			dir := filepath.Join(t.TempDir(), "depot")
			st := openStore(t)
			rec := &recorder{store: st}
			w, err := ingest.NewFolderWatcher(ingest.FolderConfig{Dir: dir, Settle: 50 * time.Millisecond,
				Poll: 50 * time.Millisecond}, rec, zerolog.Nop())
			if err != nil {
				t.Fatal(err)
			}
			if tc.missing {
				if err := os.RemoveAll(dir); err != nil {
					t.Fatal(err)
				}
			}
			runSource(t, w)
			waitFor(t, 5*time.Second, "polling", w.Polling)
			if tc.missing {
				waitFor(t, 5*time.Second, "the listing error", func() bool { return w.LookError() != "" })
				if err := os.MkdirAll(filepath.Join(dir, ingest.FolderProcessed), 0o750); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.WriteFile(filepath.Join(dir, "a.xlsx"), []byte("a"), 0o600); err != nil {
				t.Fatal(err)
			}
			waitFor(t, 5*time.Second, "the file taken", func() bool { return w.Taken() == 1 })
			if w.LookError() != "" {
				t.Errorf("LookError() = %q after the folder came back", w.LookError())
			}
		})
	}
}

// TestFolderDepositTime: a file dropped while pactd was stopped is dated
// by its modification time; one whose time is older than the last listing
// recorded before the stop is dated by that listing; one from the future
// by the time it is taken (docs/RULES.md).
func TestFolderDepositTime(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t)
	ctx := context.Background()
	now := time.Now()
	lastLook := now.Add(-2 * time.Hour).UTC().Truncate(time.Second)
	if err := st.SetFolderLook(ctx, dir, lastLook); err != nil {
		t.Fatal(err)
	}
	files := map[string]time.Time{
		"pendant-arret.xlsx":  now.Add(-time.Hour).Truncate(time.Second),
		"copie-ancienne.xlsx": now.Add(-30 * 24 * time.Hour),
		"futur.xlsx":          now.Add(time.Hour),
	}
	writeDated(t, dir, files)
	rec := &recorder{store: st}
	w, err := ingest.NewFolderWatcher(ingest.FolderConfig{Dir: dir, Settle: 50 * time.Millisecond, Looks: st}, rec, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	runSource(t, w)
	waitFor(t, 5*time.Second, "every file taken", func() bool { return w.Taken() == 3 })
	got := receivedAt(t, st)
	if g := got["pendant-arret.xlsx"]; !g.Equal(files["pendant-arret.xlsx"]) {
		t.Errorf("file dropped during the stop dated %v, want its modification time %v", g, files["pendant-arret.xlsx"])
	}
	if g := got["copie-ancienne.xlsx"]; !g.Equal(lastLook) {
		t.Errorf("copy with an old time dated %v, want the last listing %v", g, lastLook)
	}
	if g := got["futur.xlsx"]; g.Before(now) || g.After(time.Now()) {
		t.Errorf("file from the future dated %v, want when it was taken", g)
	}
}

// TestFolderRetryKeepsDepositTime: a file whose first attempt failed (the
// database away a moment) is dated by its deposit when it is taken again,
// not after the newer files taken meanwhile: an older version of a report
// never becomes the newest by failing once, and a file deposited in time
// is never made late by a retry (docs/RULES.md).
func TestFolderRetryKeepsDepositTime(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t)
	ctx := context.Background()
	now := time.Now()
	if err := st.SetFolderLook(ctx, dir, now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	files := map[string]time.Time{
		"v1.xlsx": now.Add(-10 * time.Second).Truncate(time.Second),
		"v2.xlsx": now.Add(-5 * time.Second).Truncate(time.Second),
	}
	writeDated(t, dir, files)
	rec := &recorder{store: st}
	var failed atomic.Bool
	proc := processorFunc(func(ctx context.Context, in ingest.Incoming) (ingest.Outcome, error) {
		if in.Name == "v1.xlsx" && failed.CompareAndSwap(false, true) {
			return ingest.Outcome{}, errors.New("database away a moment")
		}
		return rec.Process(ctx, in)
	})
	w, err := ingest.NewFolderWatcher(ingest.FolderConfig{Dir: dir, Settle: 50 * time.Millisecond, Retry: 300 * time.Millisecond,
		Looks: st}, proc, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	runSource(t, w)
	waitFor(t, 10*time.Second, "both files taken", func() bool { return w.Taken() == 2 })
	if !failed.Load() {
		t.Fatal("the first attempt on v1.xlsx did not fail")
	}
	got := receivedAt(t, st)
	if g := got["v1.xlsx"]; !g.Equal(files["v1.xlsx"]) || !g.Before(got["v2.xlsx"]) {
		t.Errorf("v1 taken again dated %v (v2: %v), want its deposit %v, before v2", g, got["v2.xlsx"], files["v1.xlsx"])
	}
}

// writeDated writes each file of files in dir, its name as its content,
// with the given modification time.
func writeDated(t *testing.T, dir string, files map[string]time.Time) {
	t.Helper()
	for name, mt := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(name), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mt, mt); err != nil {
			t.Fatal(err)
		}
	}
}

// receivedAt returns the reception time of every submission by file name.
func receivedAt(t *testing.T, st reconcile.Store) map[string]time.Time {
	t.Helper()
	subs, err := st.Submissions(context.Background(), reconcile.SubmissionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]time.Time{}
	for _, s := range subs {
		got[s.FileName] = s.ReceivedAt
	}
	return got
}
