package e2e_test

import (
	"bufio"
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the benchmarks' own look at PostgreSQL
)

// benchBinary builds pactd once per test binary and returns its path.
var benchBinary = func() func(tb testing.TB) string {
	var once sync.Once
	var path string
	var err error
	return func(tb testing.TB) string {
		tb.Helper()
		once.Do(func() {
			dir, e := os.MkdirTemp("", "pactd-bench-bin-")
			if e != nil {
				err = e
				return
			}
			path = filepath.Join(dir, "pactd")
			out, e := exec.Command("go", "build", "-o", path, "github.com/pactd/pactd/cmd/pactd").CombinedOutput()
			if e != nil {
				err = fmt.Errorf("go build pactd: %v\n%s", e, out)
			}
		})
		if err != nil {
			tb.Fatal(err)
		}
		return path
	}
}()

// benchEnv is the environment of the pactd processes: this one's without
// PACTD_ variables, trusting the loopback mail servers' CA.
func benchEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PACTD_") && !strings.HasPrefix(kv, "SSL_CERT_FILE=") {
			env = append(env, kv)
		}
	}
	return append(append(env, "SSL_CERT_FILE="+caPath), extra...)
}

// pactdCommand runs a one-shot pactd command with config cfg and returns
// its standard output.
func pactdCommand(tb testing.TB, cfg string, args ...string) string {
	tb.Helper()
	cmd := exec.Command(benchBinary(tb), append(args, "--config", cfg)...)
	cmd.Env = benchEnv()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		tb.Fatalf("pactd %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

// freeAddr returns a loopback address nothing listens on.
func freeAddr(tb testing.TB) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// benchConfig writes a configuration for one pactd process: database,
// watched folder, free HTTP and operations (/healthz) addresses, no
// schedule; extra is appended (mail sections). It returns the file and the
// operations address.
func benchConfig(tb testing.TB, dir, database, watch, extra string) (string, string) {
	tb.Helper()
	addr, ops := freeAddr(tb), freeAddr(tb)
	path := filepath.Join(dir, fmt.Sprintf("pactd-%s.toml", strings.ReplaceAll(addr, ":", "-")))
	text := fmt.Sprintf(`database = %q
http_addr = %q
metrics_addr = %q
shutdown_timeout = "30s"
[watch]
dir = %q
[report]
schedule = ""
dir = %q
[reminders]
schedule = ""
[log]
level = %q
format = "json"
%s`, database, addr, ops, watch, filepath.Join(dir, "rapports"), cmp.Or(os.Getenv("PACTD_BENCH_LOG_LEVEL"), "warn"), extra)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		tb.Fatal(err)
	}
	return path, ops
}

// daemon is a running pactd run process.
type daemon struct {
	cmd    *exec.Cmd
	exited chan error
	errors atomic.Int64 // log lines at level error
	lastMu sync.Mutex
	last   []string // the last log lines, for failures
}

// startDaemon starts pactd run with cfg and waits until /healthz answers
// at addr, its operations address.
func startDaemon(tb testing.TB, cfg, addr string) *daemon {
	tb.Helper()
	d := &daemon{cmd: exec.Command(benchBinary(tb), "run", "--config", cfg), exited: make(chan error, 1)}
	d.cmd.Env = benchEnv()
	stderr, err := d.cmd.StderrPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := d.cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	// PACTD_BENCH_LOG names a file that receives every daemon's log, to
	// look into a run (with PACTD_BENCH_LOG_LEVEL=info or debug).
	var logFile *os.File
	if p := os.Getenv("PACTD_BENCH_LOG"); p != "" {
		if logFile, err = os.OpenFile(p, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	go func() {
		if logFile != nil {
			defer logFile.Close()
		}
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			if logFile != nil {
				fmt.Fprintln(logFile, line)
			}
			if strings.Contains(line, `"level":"error"`) {
				d.errors.Add(1)
			}
			d.lastMu.Lock()
			d.last = append(d.last, line)
			if len(d.last) > 30 {
				d.last = d.last[1:]
			}
			d.lastMu.Unlock()
		}
		d.exited <- d.cmd.Wait()
	}()
	tb.Cleanup(func() {
		if d.cmd.ProcessState == nil {
			d.cmd.Process.Kill()
			<-d.exited
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			return d
		}
		select {
		case err := <-d.exited:
			tb.Fatalf("pactd run exited at start: %v\n%s", err, d.log())
		default:
		}
		if time.Now().After(deadline) {
			tb.Fatalf("pactd run did not answer on %s within 60 s\n%s", addr, d.log())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (d *daemon) log() string {
	d.lastMu.Lock()
	defer d.lastMu.Unlock()
	return strings.Join(d.last, "\n")
}

// peakRSS returns the process's peak resident set size (VmHWM), in MiB.
func (d *daemon) peakRSS(tb testing.TB) float64 {
	tb.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", d.cmd.Process.Pid))
	if err != nil {
		tb.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "VmHWM:" {
			kb, err := strconv.ParseFloat(f[1], 64)
			if err != nil {
				tb.Fatal(err)
			}
			return kb / 1024
		}
	}
	tb.Fatal("no VmHWM in /proc status")
	return 0
}

// cpuSeconds returns the CPU time the process has used so far (user and
// system, from /proc/PID/stat; the database server's is not counted).
func (d *daemon) cpuSeconds(tb testing.TB) float64 {
	tb.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", d.cmd.Process.Pid))
	if err != nil {
		tb.Fatal(err)
	}
	// The command name, in parentheses, may hold spaces: count after it.
	f := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+1:]))
	if len(f) < 13 {
		tb.Fatalf("short /proc stat: %q", data)
	}
	utime, err1 := strconv.ParseFloat(f[11], 64)
	stime, err2 := strconv.ParseFloat(f[12], 64)
	if err1 != nil || err2 != nil {
		tb.Fatalf("read /proc stat: %v %v", err1, err2)
	}
	return (utime + stime) / 100 // USER_HZ is 100 on Linux
}

// stop sends SIGTERM and waits for a clean exit.
func (d *daemon) stop(tb testing.TB) {
	tb.Helper()
	if err := d.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		tb.Fatal(err)
	}
	select {
	case err := <-d.exited:
		if err != nil {
			tb.Errorf("pactd run exited with %v\n%s", err, d.log())
		}
	case <-time.After(60 * time.Second):
		tb.Fatalf("pactd run still running 60 s after SIGTERM\n%s", d.log())
	}
}

// benchPostgres returns the URL of a fresh schema on the test server
// (PACTD_TEST_POSTGRES_URL), dropped when tb ends.
func benchPostgres(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv("PACTD_TEST_POSTGRES_URL")
	if base == "" {
		tb.Skip("PACTD_TEST_POSTGRES_URL is empty: run `export PACTD_TEST_POSTGRES_URL=$(bash scripts/postgres-test.sh)` (scripts/bench-intake.sh does)")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { admin.Close() })
	name := fmt.Sprintf("pactd_bench_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9)
	if _, err := admin.Exec(`CREATE SCHEMA ` + name); err != nil {
		tb.Fatalf("create schema %s: %v", name, err)
	}
	tb.Cleanup(func() {
		if _, err := admin.Exec(`DROP SCHEMA ` + name + ` CASCADE`); err != nil {
			tb.Errorf("drop schema %s: %v", name, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}

// openDB opens the database a pactd process uses, for the benchmark's own
// queries: a SQLite file (read only) or a PostgreSQL URL.
func openDB(tb testing.TB, database string) *sql.DB {
	tb.Helper()
	driver, dsn := "pgx", database
	if !strings.HasPrefix(database, "postgres") {
		driver, dsn = "sqlite", "file:"+database+"?mode=ro&_pragma=busy_timeout(10000)"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// count runs a COUNT query, failing tb on error.
func countRows(tb testing.TB, db *sql.DB, query string) int {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var n int
	if err := db.QueryRowContext(ctx, query).Scan(&n); err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	return n
}
