package soak_test

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// mailLock is the lock of the shared loopback mail servers (TEAM.md).
const mailLock = "/tmp/pactd-mail.lock"

// lockMail makes sure /tmp/pactd-mail.lock is held exclusively for the
// whole test, since the soak stops Postfix and refuses logins on the
// shared servers: held already by a process this test runs under
// (flock /tmp/pactd-mail.lock go test ..., as scripts/test.sh is run), or
// taken here, waiting up to 30 minutes for others to finish.
func lockMail(t *testing.T) {
	t.Helper()
	f, err := os.OpenFile(mailLock, os.O_CREATE|os.O_RDWR, 0o666)
	if err != nil {
		t.Fatal(err)
	}
	if pid, ok := heldByAncestor(f); ok {
		f.Close()
		t.Logf("SOAK %s is held by process %d, which this test runs under", mailLock, pid)
		return
	}
	// A blocking flock queues behind the others; the wait is bounded.
	locked := make(chan error, 1)
	go func() { locked <- syscall.Flock(int(f.Fd()), syscall.LOCK_EX) }()
	select {
	case err := <-locked:
		if err != nil {
			f.Close()
			t.Fatalf("lock %s: %v", mailLock, err)
		}
	case <-time.After(30 * time.Minute):
		t.Fatalf("%s has been held by other processes for 30 minutes", mailLock)
	}
	t.Cleanup(func() { f.Close() }) // closing releases the lock
}

// heldByAncestor returns the process holding an exclusive flock on f's
// file, read from /proc/locks, when it is this process or one of its
// ancestors.
func heldByAncestor(f *os.File) (int, bool) {
	var st syscall.Stat_t
	if err := syscall.Fstat(int(f.Fd()), &st); err != nil {
		return 0, false
	}
	locks, err := os.ReadFile("/proc/locks")
	if err != nil {
		return 0, false
	}
	inode := ":" + strconv.FormatUint(st.Ino, 10)
	ancestors := map[int]bool{}
	for pid := os.Getpid(); pid > 1; {
		ancestors[pid] = true
		pid = parentOf(pid)
	}
	for _, line := range strings.Split(string(locks), "\n") {
		fields := strings.Fields(line)
		// "3: FLOCK  ADVISORY  WRITE 31082 fe:00:9978291 0 EOF"; waiters have "->".
		if len(fields) < 6 || fields[1] != "FLOCK" || fields[3] != "WRITE" || !strings.HasSuffix(fields[5], inode) {
			continue
		}
		if pid, err := strconv.Atoi(fields[4]); err == nil && ancestors[pid] {
			return pid, true
		}
	}
	return 0, false
}

// parentOf returns the parent process of pid (0 when unknown).
func parentOf(pid int) int {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(data)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 2 {
		return 0
	}
	ppid, _ := strconv.Atoi(f[1])
	return ppid
}

// ensureServers (re)starts the loopback servers with this tree's
// scripts/mailtest.sh when they lack the soak's accounts or Dovecot's ACL
// plugin or its own Postfix instance (a tree without them started the
// servers last); the caller holds
// the mail lock.
func ensureServers(t *testing.T) {
	t.Helper()
	plugins, _ := exec.Command("doveconf", "-c", doveconf, "-h", "mail_plugins").Output()
	_, userErr := exec.Command("doveadm", "-c", doveconf, "user", addr(depotUser)).Output()
	conn, smtpErr := net.DialTimeout("tcp", outageSMTP, 2*time.Second)
	if smtpErr == nil {
		conn.Close()
	}
	if strings.Contains(string(plugins), "acl") && userErr == nil && smtpErr == nil {
		return
	}
	script, err := filepath.Abs(filepath.Join("..", "..", "scripts", "mailtest.sh"))
	if err != nil {
		t.Fatal(err)
	}
	// Accounts other tests added (MAILTEST_USERS) are kept.
	data, err := os.ReadFile(usersFile)
	if err != nil {
		t.Fatal(err)
	}
	var users []string
	for _, line := range strings.Split(string(data), "\n") {
		if u, _, ok := strings.Cut(line, "@example.test:"); ok {
			users = append(users, u)
		}
	}
	t.Logf("SOAK the mail servers lack the soak's accounts, the ACL plugin or the soak's Postfix: running %s start", script)
	cmd := exec.Command("bash", script, "start")
	cmd.Env = append(os.Environ(), "MAILTEST_USERS="+strings.Join(users, " "))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s start: %v\n%s", script, err, out)
	}
}

// TestMain puts the mail servers back when the test binary is
// interrupted (SIGINT, SIGTERM), which skips the tests' cleanups: logins
// allowed again, the soak's Postfix started, the replicas killed.
func TestMain(m *testing.M) {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		s := <-sig
		if err := replacePassword(depotUser+"-refused", depotUser+"-pw"); err != nil {
			fmt.Fprintln(os.Stderr, "soak: allow logins again:", err)
		}
		if err := postfixDo("start"); err != nil {
			fmt.Fprintln(os.Stderr, "soak:", err)
		}
		live.Range(func(k, _ any) bool {
			k.(*os.Process).Kill()
			return true
		})
		fmt.Fprintf(os.Stderr, "soak: %v: mail servers put back, replicas killed\n", s)
		os.Exit(2)
	}()
	os.Exit(m.Run())
}

// live holds the pactd processes running, for TestMain to kill.
var live sync.Map
