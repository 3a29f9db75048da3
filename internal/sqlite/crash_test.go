package sqlite_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/pactd/pactd/internal/sqlite"
	"github.com/pactd/pactd/internal/storetest"
	"github.com/pactd/pactd/reconcile"
)

// crashEnv names the database a re-executed test binary writes to until
// it is killed (see TestMain and TestCrashLosesNothingCommitted).
const crashEnv = "PACTD_SQLITE_CRASH_DB"

func TestMain(m *testing.M) {
	if path := os.Getenv(crashEnv); path != "" {
		crashWriter(path)
		return // unreachable: crashWriter writes until killed
	}
	os.Exit(m.Run())
}

// crashWriter records submissions from four goroutines, as intake workers
// do, and prints "receipt <id> <submission id> <sha256>" once each is
// committed. Large files make the WAL checkpoint now and then, so the kill
// may land in a write, a commit or a checkpoint.
func crashWriter(path string) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; ; i++ {
				sub := storetest.Sample(uint64(g*1_000_000+i), "220100010", 2025, 10, 200<<10)
				if i%4 == 3 {
					sub = storetest.Sample(uint64(g), "220100010", 2025, 10, 200<<10) // a duplicate
					sub.Origin.Key = ""
				}
				rc, err := s.RecordSubmission(ctx, sub)
				if err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(4)
				}
				mu.Lock()
				fmt.Fprintf(os.Stdout, "receipt %d %d %s\n", rc.ID, rc.SubmissionID, sub.SHA256)
				mu.Unlock()
			}
		}(g)
	}
	wg.Wait()
}

// TestCrashLosesNothingCommitted kills a writing process with SIGKILL,
// three times on the same file, and checks after each that the file is
// sound and that every receipt whose commit returned is there, with its
// submission's bytes whole.
func TestCrashLosesNothingCommitted(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "pactd.db")
	committed := map[int64]string{} // receipt id -> SHA-256 of its submission
	for round := 0; round < 3; round++ {
		cmd := exec.Command(exe, "-test.run=^$")
		cmd.Env = append(os.Environ(), crashEnv+"="+path)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Kill after a number of commits that varies by round, so the
		// kill lands at different points of the write cycle.
		target := 40 + 17*round
		seen := 0
		sc := bufio.NewScanner(out)
		deadline := time.AfterFunc(2*time.Minute, func() { _ = cmd.Process.Kill() })
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			if len(f) != 4 || f[0] != "receipt" {
				continue
			}
			id, _ := strconv.ParseInt(f[1], 10, 64)
			committed[id] = f[3]
			if seen++; seen == target {
				if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
					t.Fatal(err)
				}
			}
		}
		deadline.Stop()
		err = cmd.Wait()
		if seen < target {
			t.Fatalf("round %d: writer stopped after %d commits: %v\n%s", round, seen, err, stderr.String())
		}
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || ws.Signal() != syscall.SIGKILL {
			t.Fatalf("round %d: writer ended with %v, want killed\n%s", round, err, stderr.String())
		}
		checkAfterCrash(t, path, committed)
	}
}

func checkAfterCrash(t *testing.T, path string, committed map[int64]string) {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer s.Close()
	var integrity string
	if err := s.DB().QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&integrity); err != nil {
		t.Fatal(err)
	}
	if integrity != "ok" {
		t.Fatalf("integrity_check after kill: %s", integrity)
	}
	rcs, err := s.Receipts(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[int64]reconcile.Receipt{}
	for _, rc := range rcs {
		byID[rc.ID] = rc
	}
	for id, sum := range committed {
		rc, ok := byID[id]
		if !ok {
			t.Errorf("receipt %d was committed before the kill and is lost", id)
			continue
		}
		content, err := s.SubmissionContent(ctx, rc.SubmissionID)
		if err != nil {
			t.Errorf("receipt %d: %v", id, err)
			continue
		}
		if got := storetest.Sum(content); got != sum || rc.Number == "" {
			t.Errorf("receipt %d (%q): bytes hash to %s, want %s", id, rc.Number, got, sum)
		}
	}
	t.Logf("after kill: %d receipts stored, %d seen committed, all whole", len(rcs), len(committed))
}
