package soak_test

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// pactdBinary builds pactd once per test binary, with the pactd_testhooks
// tag (a workbook whose name holds PANIQUE panics the parser), and
// returns its path.
var pactdBinary = func() func(tb testing.TB) string {
	var once sync.Once
	var path string
	var err error
	return func(tb testing.TB) string {
		tb.Helper()
		once.Do(func() {
			dir, e := os.MkdirTemp("", "pactd-soak-bin-")
			if e != nil {
				err = e
				return
			}
			path = filepath.Join(dir, "pactd")
			out, e := exec.Command("go", "build", "-tags", "pactd_testhooks", "-o", path,
				"github.com/pactd/pactd/cmd/pactd").CombinedOutput()
			if e != nil {
				err = fmt.Errorf("go build -tags pactd_testhooks pactd: %v\n%s", e, out)
			}
		})
		if err != nil {
			tb.Fatal(err)
		}
		return path
	}
}()

// processEnv is the environment of the pactd processes: this one's without
// PACTD_ variables, trusting the loopback mail servers' CA.
func processEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PACTD_") && !strings.HasPrefix(kv, "SSL_CERT_FILE=") {
			env = append(env, kv)
		}
	}
	return append(env, "SSL_CERT_FILE="+caPath)
}

// loopbackAddr returns a loopback address nothing listens on.
func loopbackAddr(tb testing.TB) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// replica is one pactd run process of the soak, restarted after each kill
// with the same configuration (and so the same addresses).
type replica struct {
	name     string
	cfg      string // configuration file
	site     string // http_addr: the status site
	ops      string // metrics_addr: /healthz
	logPath  string // every line the process wrote, across restarts
	mu       sync.Mutex
	cmd      *exec.Cmd
	exited   chan error
	starts   int
	errors   atomic.Int64 // log lines at level error
	panics   atomic.Int64 // log lines that mention a recovered panic
	lastMu   sync.Mutex
	lastLine []string
}

// start starts the process and waits until /healthz answers (any status).
func (r *replica) start(tb testing.TB) {
	tb.Helper()
	r.mu.Lock()
	cmd := exec.Command(pactdBinary(tb), "run", "--config", r.cfg)
	cmd.Env = processEnv()
	stderr, err := cmd.StderrPipe()
	if err != nil {
		r.mu.Unlock()
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		r.mu.Unlock()
		tb.Fatal(err)
	}
	exited := make(chan error, 1)
	r.cmd, r.exited = cmd, exited
	live.Store(cmd.Process, true)
	r.starts++
	r.mu.Unlock()
	logFile, err := os.OpenFile(r.logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		tb.Fatal(err)
	}
	go func() {
		defer logFile.Close()
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 4<<20)
		for sc.Scan() {
			line := sc.Text()
			fmt.Fprintln(logFile, line)
			if strings.Contains(line, `"level":"error"`) {
				r.errors.Add(1)
			}
			if strings.Contains(strings.ToLower(line), "panic") {
				r.panics.Add(1)
			}
			if len(line) > 400 {
				line = line[:400] + "…"
			}
			r.lastMu.Lock()
			r.lastLine = append(r.lastLine, line)
			if len(r.lastLine) > 15 {
				r.lastLine = r.lastLine[1:]
			}
			r.lastMu.Unlock()
		}
		err := cmd.Wait()
		live.Delete(cmd.Process)
		exited <- err
	}()
	deadline := time.Now().Add(90 * time.Second)
	for {
		resp, err := http.Get("http://" + r.ops + "/healthz")
		if err == nil {
			resp.Body.Close()
			return
		}
		select {
		case err := <-exited:
			exited <- err
			tb.Fatalf("%s: pactd run exited at start: %v\n%s", r.name, err, r.tail())
		default:
		}
		if time.Now().After(deadline) {
			tb.Fatalf("%s: pactd run did not answer on %s within 90 s\n%s", r.name, r.ops, r.tail())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// running reports whether the process is alive.
func (r *replica) running() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cmd == nil {
		return false
	}
	select {
	case err := <-r.exited:
		r.exited <- err
		return false
	default:
		return true
	}
}

// pid returns the process id of the current process (0 before start).
func (r *replica) pid() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cmd == nil || r.cmd.Process == nil {
		return 0
	}
	return r.cmd.Process.Pid
}

// kill9 kills the process with SIGKILL and waits for it to be gone.
func (r *replica) kill9(tb testing.TB) {
	tb.Helper()
	r.mu.Lock()
	cmd, exited := r.cmd, r.exited
	r.mu.Unlock()
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		tb.Fatalf("%s: kill -9: %v", r.name, err)
	}
	err := <-exited
	exited <- err
}

// stop sends SIGTERM and waits for a clean exit; a process already gone
// is left alone.
func (r *replica) stop(tb testing.TB) {
	tb.Helper()
	if !r.running() {
		return
	}
	r.mu.Lock()
	cmd, exited := r.cmd, r.exited
	r.mu.Unlock()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		tb.Fatal(err)
	}
	select {
	case err := <-exited:
		exited <- err
		if err != nil {
			tb.Errorf("%s: pactd run exited with %v after SIGTERM\n%s", r.name, err, r.tail())
		}
	case <-time.After(90 * time.Second):
		cmd.Process.Kill()
		tb.Errorf("%s: pactd run still running 90 s after SIGTERM\n%s", r.name, r.tail())
	}
}

// tail returns the last lines the process logged.
func (r *replica) tail() string {
	r.lastMu.Lock()
	defer r.lastMu.Unlock()
	return strings.Join(r.lastLine, "\n")
}

// writeConfig writes the configuration of one replica: database, watched
// folder, its own status site and /healthz addresses, the intake mailbox,
// SMTP through the Postfix instance the soak stops (without mail when
// mail is false), no schedule.
func writeConfig(tb testing.TB, dir, name, database, watch string, mail bool) *replica {
	tb.Helper()
	mailConfig := ""
	if mail {
		mailConfig = fmt.Sprintf(`[[imap]]
url = "imaps://%s%%40example.test:%s-pw@%s/INBOX"
[smtp]
url = "smtp://%s"
from = "Pacte des solidarités <%s>"
`, depotUser, depotUser, imapsAddr, outageSMTP, addr(depotUser))
	}
	r := &replica{name: name, site: loopbackAddr(tb), ops: loopbackAddr(tb),
		cfg: filepath.Join(dir, name+".toml"), logPath: filepath.Join(dir, name+".log")}
	text := fmt.Sprintf(`database = %q
http_addr = %q
metrics_addr = %q
shutdown_timeout = "30s"
[watch]
dir = %q
claim_lease = %q
[intake]
retry = "2s"
require_authentication = false
max_file_mb = %d
%s[outbox]
# A send cut by kill -9 is taken over after this (5 min by default).
claim = "30s"
[report]
schedule = ""
[reminders]
schedule = ""
[log]
level = "info"
format = "json"
%s`, database, r.site, r.ops, watch, flagLease.String(), maxFileMB, mailConfig, extraConfig())
	if err := os.WriteFile(r.cfg, []byte(text), 0o600); err != nil {
		tb.Fatal(err)
	}
	return r
}

// extraConfig is appended to every replica's configuration:
// $PACTD_SOAK_CONFIG, for settings the intake work adds (attempts before
// quarantine, lease times) without changing this file.
func extraConfig() string { return os.Getenv("PACTD_SOAK_CONFIG") }

// pactdCommand runs a one-shot pactd command with r's configuration and
// returns its standard output.
func pactdCommand(tb testing.TB, r *replica, args ...string) string {
	tb.Helper()
	cmd := exec.Command(pactdBinary(tb), append(args, "--config", r.cfg)...)
	cmd.Env = processEnv()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		tb.Fatalf("pactd %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}
