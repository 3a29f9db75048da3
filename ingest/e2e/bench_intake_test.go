package e2e_test

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// openpyxlSeconds and openpyxlCPU are the wall and CPU time openpyxl took
// to read the benchmark files, measured by the first sub-benchmark of
// BenchmarkIntake, for the others' ratios.
var openpyxlSeconds, openpyxlCPU float64

// BenchmarkIntake measures, side by side on the same distinct filled
// workbooks (PACTD_BENCH_FILES, default 1,000) and the sample register
// (121 contracts, 2,625 actions):
//
//   - openpyxl: an analyst's Python script merely reading every cell of
//     every sheet (read-only mode), the yardstick;
//   - dry-run: pactd ingest --dry-run --json on all the files;
//   - folder-*: the files copied into the watched folder of real pactd run
//     processes (SQLite; PostgreSQL with one and two replicas), from the
//     first copy to the last receipt, each file with exactly one receipt;
//     with the daemons' peak RSS (VmHWM).
//
// Each is measured PACTD_BENCH_ROUNDS times (default 3), in rounds: every
// measure once, then again. On a virtual machine the speed of the cores
// drifts by a third from one minute to the next (the same work, profiled,
// takes a third more samples everywhere); rounds expose every measure to
// the same drift, and scripts/bench-intake.sh prints the median of each
// with its range, and compares two replicas with one round by round.
//
// Ratios are openpyxl's time over pactd's in the same round. Run it with
// scripts/bench-intake.sh, which prints the figures in a table, or:
// PACTD_TEST_POSTGRES_URL=... go test -run '^$' -bench Intake -benchtime 1x -timeout 60m ./ingest/e2e/
func BenchmarkIntake(b *testing.B) {
	n := benchCount(b, "PACTD_BENCH_FILES", 1000)
	rounds := benchCount(b, "PACTD_BENCH_ROUNDS", 3)
	reg, _ := benchRegister(b)
	paths := benchFiles(b, n)
	checkBenchFiles(b, reg, paths)
	top := b
	for range rounds {
		b.Run("openpyxl", func(b *testing.B) {
			for range b.N {
				openpyxlSeconds, openpyxlCPU = openpyxlRead(b, paths)
			}
			b.ReportMetric(openpyxlSeconds, "s")
			b.ReportMetric(openpyxlCPU, "cpu-s")
			b.ReportMetric(1000*openpyxlSeconds/float64(n), "ms/file")
		})
		b.Run("dry-run", func(b *testing.B) {
			dir := b.TempDir()
			cfg, _ := benchConfig(b, dir, filepath.Join(dir, "pactd.db"), filepath.Join(dir, "depot"), "")
			importRegister(b, cfg, dir)
			var took, cpu float64
			for range b.N {
				took, cpu = dryRun(b, cfg, paths)
			}
			b.ReportMetric(took, "s")
			b.ReportMetric(1000*took/float64(n), "ms/file")
			reportRatio(b, took, cpu)
		})
		b.Run("folder-sqlite", func(b *testing.B) {
			dir := benchWorkDir(top)
			benchFolder(b, dir, filepath.Join(dir, "pactd.db"), paths, 1)
		})
		b.Run("folder-postgres-1", func(b *testing.B) { benchFolder(b, benchWorkDir(top), benchPostgres(b), paths, 1) })
		b.Run("folder-postgres-2", func(b *testing.B) { benchFolder(b, benchWorkDir(top), benchPostgres(b), paths, 2) })
	}
}

// benchWorkDir returns a new directory for one folder run (its watched
// folder, database and configuration) under PACTD_BENCH_WORK (default
// /var/tmp/pactd-bench-work, where scripts/bench-intake.sh mounts a file
// system of its own), as an operator's watched folder is on a data disk,
// removed when b ends (BenchmarkIntake: after every run). pactd creates a
// note for every file it takes, and on an ext4 file system without a
// journal (this machine's root) creating a file costs about 1 ms instead
// of 26 µs near thousands of files deleted in the minutes before (ext4
// passes over the inodes freed recently when it allocates one; a loop
// creating 2,000 files shows it): not under /tmp, which builds and tests
// churn, and nothing deleted between the runs, so that a run does not pay
// for the one before it.
func benchWorkDir(b *testing.B) string {
	b.Helper()
	root := cmp.Or(os.Getenv("PACTD_BENCH_WORK"), "/var/tmp/pactd-bench-work")
	if err := os.MkdirAll(root, 0o750); err != nil {
		b.Fatal(err)
	}
	dir, err := os.MkdirTemp(root, "run-")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// reportRatio reports pactd's CPU time and how many times faster than
// openpyxl it was, in wall time and in CPU time (on a machine shared with
// other work, the CPU ratio says what the wall ratio would be alone).
func reportRatio(b *testing.B, seconds, cpu float64) {
	b.ReportMetric(cpu, "cpu-s")
	if openpyxlSeconds > 0 && seconds > 0 {
		b.ReportMetric(openpyxlSeconds/seconds, "x-openpyxl")
	}
	if openpyxlCPU > 0 && cpu > 0 {
		b.ReportMetric(openpyxlCPU/cpu, "x-openpyxl-cpu")
	}
}

// openpyxlRead runs scripts/bench-openpyxl-read.py on paths and returns
// the wall and CPU seconds it reports (reading only, Python's start
// excluded).
func openpyxlRead(b *testing.B, paths []string) (float64, float64) {
	b.Helper()
	script, err := filepath.Abs(filepath.Join("..", "..", "scripts", "bench-openpyxl-read.py"))
	if err != nil {
		b.Fatal(err)
	}
	out, err := exec.Command("/usr/bin/python3", append([]string{script}, paths...)...).CombinedOutput()
	if err != nil {
		b.Fatalf("openpyxl read: %v\n%s (scripts/test.sh installs python3-openpyxl)", err, out)
	}
	f := strings.Fields(string(out))
	if len(f) < 6 || f[0] != "files" || f[1] != strconv.Itoa(len(paths)) || f[2] != "seconds" || f[4] != "cpu" {
		b.Fatalf("openpyxl read printed %q", out)
	}
	s, err := strconv.ParseFloat(f[3], 64)
	if err != nil {
		b.Fatal(err)
	}
	cpu, err := strconv.ParseFloat(f[5], 64)
	if err != nil {
		b.Fatal(err)
	}
	return s, cpu
}

// importRegister imports the sample register with pactd register import.
func importRegister(b *testing.B, cfg, dir string) {
	b.Helper()
	_, data := benchRegister(b)
	path := filepath.Join(dir, "registre.xlsx")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		b.Fatal(err)
	}
	pactdCommand(b, cfg, "register", "import", path)
}

// dryRun times pactd ingest --dry-run --json on paths (the whole command,
// start and register included), wall and CPU, and checks it printed one
// object per file.
func dryRun(b *testing.B, cfg string, paths []string) (float64, float64) {
	b.Helper()
	args := append([]string{"ingest", "--dry-run", "--json", "--config", cfg}, paths...)
	cmd := exec.Command(benchBinary(b), args...)
	cmd.Env = benchEnv()
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	start := time.Now()
	err := cmd.Run()
	took := time.Since(start).Seconds()
	var ee *exec.ExitError
	if err != nil && !(errors.As(err, &ee) && ee.ExitCode() == 1) { // 1: some file rejected
		b.Fatalf("pactd ingest --dry-run: %v\n%s", err, stderr.String())
	}
	dec := json.NewDecoder(&out)
	files := 0
	for dec.More() {
		var rep struct {
			SIREN  *string `json:"siren"`
			Status string  `json:"status"`
		}
		if err := dec.Decode(&rep); err != nil {
			b.Fatal(err)
		}
		if rep.SIREN == nil || rep.Status == "" {
			b.Fatalf("dry run result %d without territory or status", files)
		}
		files++
	}
	if files != len(paths) {
		b.Fatalf("pactd ingest --dry-run printed %d results for %d files", files, len(paths))
	}
	return took, (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds()
}

// benchFolder starts replicas pactd run processes on database, all
// watching one folder, copies the files into it and measures the time
// from the first copy to the last receipt; then checks every file has
// exactly one receipt and was moved once.
func benchFolder(b *testing.B, dir, database string, paths []string, replicas int) {
	b.Helper()
	n := len(paths)
	contents := make([][]byte, n)
	for i, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		contents[i] = data
	}
	for range b.N {
		watch := filepath.Join(dir, fmt.Sprint("depot-", time.Now().UnixNano()))
		var daemons []*daemon
		for r := range replicas {
			cfg, addr := benchConfig(b, dir, database, watch,
				fmt.Sprintf("[intake]\nworkers = %d\n", benchCount(b, "PACTD_BENCH_WORKERS", 0)))
			if r == 0 {
				importRegister(b, cfg, dir)
			}
			daemons = append(daemons, startDaemon(b, cfg, addr))
		}
		db := openDB(b, database)
		if strings.HasPrefix(database, "postgres") {
			// Every run starts right after a checkpoint, as every SQLite
			// run starts on a new database: otherwise the write-ahead log
			// of the runs before triggers one in the middle of a run, now
			// of one replica, now of two.
			if _, err := db.Exec(`CHECKPOINT`); err != nil {
				b.Fatalf("CHECKPOINT before the run: %v (scripts/postgres-test.sh grants pg_checkpoint to its role)", err)
			}
		}
		before := countRows(b, db, `SELECT COUNT(*) FROM receipts`)
		cpuBefore := 0.0
		for _, d := range daemons {
			cpuBefore += d.cpuSeconds(b)
		}
		start := time.Now()
		for i, p := range paths {
			if err := os.WriteFile(filepath.Join(watch, filepath.Base(p)), contents[i], 0o640); err != nil {
				b.Fatal(err)
			}
		}
		copied := time.Since(start)
		deadline := start.Add(15 * time.Minute)
		for countRows(b, db, `SELECT COUNT(*) FROM receipts`)-before < n {
			if time.Now().After(deadline) {
				b.Fatalf("%d receipts of %d after 15 min\n%s", countRows(b, db, `SELECT COUNT(*) FROM receipts`)-before, n, daemons[0].log())
			}
			time.Sleep(20 * time.Millisecond)
		}
		took := time.Since(start).Seconds()
		cpu := -cpuBefore
		for _, d := range daemons {
			cpu += d.cpuSeconds(b)
		}
		// Every file once: one receipt per file, none twice, all moved.
		if got := countRows(b, db, `SELECT COUNT(DISTINCT origin_key) FROM receipts WHERE origin_kind = 'dossier'`); got != n {
			b.Errorf("%d distinct folder receptions, want %d", got, n)
		}
		if got := countRows(b, db, `SELECT COUNT(*) FROM receipts`) - before; got != n {
			b.Errorf("%d receipts, want exactly %d", got, n)
		}
		moved := func() int {
			es, _ := os.ReadDir(filepath.Join(watch, "traites"))
			return len(es)
		}
		for end := time.Now().Add(time.Minute); moved() < 2*n && time.Now().Before(end); {
			time.Sleep(50 * time.Millisecond)
		}
		if got := moved(); got != 2*n {
			b.Errorf("traites/ holds %d entries, want %d files and their notes", got, 2*n)
		}
		peak := 0.0
		for _, d := range daemons {
			peak = max(peak, d.peakRSS(b))
		}
		for _, d := range daemons {
			d.stop(b)
			if e := d.errors.Load(); e != 0 {
				b.Errorf("a replica logged %d errors\n%s", e, d.log())
			}
		}
		b.ReportMetric(took, "s")
		b.ReportMetric(float64(n)/took, "files/s")
		b.ReportMetric(peak, "MiB-peak-RSS")
		b.ReportMetric(copied.Seconds(), "s-copying")
		reportRatio(b, took, cpu)
	}
}
