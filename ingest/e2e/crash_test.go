package e2e_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/pactd/pactd/internal/mail"
	"github.com/pactd/pactd/internal/sqlite"
)

// The crash test runs this test binary as a child process (TestMain sees
// PACTD_E2E_CHILD=1) that runs the intake and, when asked, the outbox, and
// kills itself with SIGKILL at a named point.
func TestMain(m *testing.M) {
	if os.Getenv("PACTD_E2E_CHILD") == "1" {
		os.Exit(runChild())
	}
	os.Exit(m.Run())
}

// runChild is the child process: PACTD_E2E_DB, PACTD_E2E_DEPOT name the
// database and account; PACTD_E2E_KILL the point where it kills itself
// ("fetched", "committed", "recorded", "moved" of the intake, "data" in the
// middle of an SMTP DATA); PACTD_E2E_OUTBOX=1 runs the outbox too. It
// stops cleanly on SIGTERM.
func runChild() int {
	tc, err := loadTLSConfig()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	log := zerolog.New(os.Stderr).With().Timestamp().Str("child_kill", os.Getenv("PACTD_E2E_KILL")).Logger()
	in, err := buildIntake(os.Getenv("PACTD_E2E_DB"), os.Getenv("PACTD_E2E_DEPOT"), "smtp://"+smtpAddr, tc, log)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	kill := os.Getenv("PACTD_E2E_KILL")
	hook := func(point string) {
		if point == kill {
			log.Warn().Str("point", point).Msg("killing myself")
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
			select {} // never returns
		}
	}
	in.source.Hook = hook
	in.sender.Hook = hook
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); in.source.Run(ctx) }()
	if os.Getenv("PACTD_E2E_OUTBOX") == "1" {
		wg.Add(1)
		go func() { defer wg.Done(); in.outbox.Run(ctx) }()
	}
	wg.Wait()
	in.store.Close()
	return 0
}

// TestCrashAtEveryPoint kills the intake with SIGKILL after a fetch, after
// a commit, before a move, after a move, and in the middle of sending an
// acknowledgment, restarting it each time: every message is processed
// exactly once and every acknowledgment reaches the sender exactly once.
func TestCrashAtEveryPoint(t *testing.T) {
	requireMail(t)
	depot, ain := "crash-depot", "crash-ain"
	reset(t, depot, ain)
	db := filepath.Join(t.TempDir(), "pactd.db")
	ctx := context.Background()
	store, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	reg := register(addr(ain), "", "lyon@example.test")
	reg.Contracts[1].Territory.Recipients = nil
	for i := range reg.Contracts {
		reg.Contracts[i].Territory.Recipients = nil
	}
	if _, err := store.SaveRegister(ctx, reg); err != nil {
		t.Fatal(err)
	}
	name, wb := filledWorkbook(t, reg, sirenAin)
	const n = 4
	var ids []string
	for i := range n {
		id := fmt.Sprintf("crash-%d-%d@ain.example.test", i, time.Now().UnixNano())
		ids = append(ids, id)
		send(t, addr(ain), []string{addr(depot)}, submission(t, addr(ain), addr(depot), fmt.Sprint("Rapport ", i), id,
			map[string][]byte{name: wb}))
	}
	waitCount(t, 20*time.Second, depot, "INBOX", n)

	for _, step := range []struct {
		kill   string
		outbox bool
	}{{"fetched", false}, {"committed", false}, {"recorded", false}, {"moved", false}, {"data", true}} {
		cmd := child(t, db, depot, step.kill, step.outbox)
		err := waitChild(cmd, 60*time.Second)
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Fatalf("child with kill point %q ended with %v, want killed by SIGKILL at that point", step.kill, err)
		}
		t.Logf("child killed at %q", step.kill)
	}
	// A last run without a kill point finishes the work.
	cmd := child(t, db, depot, "", true)
	deadline := time.Now().Add(60 * time.Second)
	for {
		pending, _, err := store.MailCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if pending == 0 && count(t, depot, "Traités") == n && count(t, ain, "INBOX") == n {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("not done after 60 s: %d pending mails, Traités %d, acknowledgments %d", pending,
				count(t, depot, "Traités"), count(t, ain, "INBOX"))
		}
		time.Sleep(200 * time.Millisecond)
	}
	time.Sleep(time.Second) // a duplicate would show up now
	cmd.Process.Signal(syscall.SIGTERM)
	if err := waitChild(cmd, 30*time.Second); err != nil {
		t.Fatalf("last child did not stop cleanly on SIGTERM: %v", err)
	}

	receipts, err := store.Receipts(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	for _, r := range receipts {
		keys[r.Origin.Key] = true
	}
	if len(receipts) != n || len(keys) != n {
		t.Errorf("%d receipts for %d distinct receptions, want %d of %d: a message was processed twice or not at all",
			len(receipts), len(keys), n, n)
	}
	var replied []string
	for _, raw := range fetchAll(t, ain, "INBOX") {
		replied = append(replied, readReply(t, raw).inReplyTo)
	}
	slices.Sort(replied)
	slices.Sort(ids)
	if !slices.Equal(replied, ids) {
		t.Errorf("acknowledgments answer %v, want each of %v once", replied, ids)
	}
	sent, err := store.Mails(ctx, mail.Filter{State: mail.Sent})
	if err != nil || len(sent) != n {
		t.Errorf("%d acknowledgments marked sent, want %d (%v)", len(sent), n, err)
	}
	if got := count(t, depot, "INBOX"); got != 0 {
		t.Errorf("%d messages left in the intake mailbox", got)
	}
}

func child(t *testing.T, db, depot, kill string, outbox bool) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	ob := ""
	if outbox {
		ob = "1"
	}
	cmd.Env = append(os.Environ(), "PACTD_E2E_CHILD=1", "PACTD_E2E_DB="+db, "PACTD_E2E_DEPOT="+depot,
		"PACTD_E2E_KILL="+kill, "PACTD_E2E_OUTBOX="+ob)
	cmd.Stderr = &prefixWriter{t: t}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

func waitChild(cmd *exec.Cmd, d time.Duration) error {
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		cmd.Process.Kill()
		<-done
		return fmt.Errorf("child still running after %v", d)
	}
}

// prefixWriter logs a child's stderr through t.Log when the test fails
// verbose; it keeps the last lines only.
type prefixWriter struct {
	t  *testing.T
	mu sync.Mutex
}

func (w *prefixWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if testing.Verbose() {
		w.t.Logf("child: %s", p)
	}
	return len(p), nil
}
