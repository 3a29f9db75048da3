package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pactd/pactd/internal/config"
)

// TestSystemdUnit keeps samples/pactd.service true: it runs pactd run with
// a configuration, names only variables pactd reads, gives pactd more time
// to stop than shutdown_timeout, keeps its hardening, and passes
// systemd-analyze verify.
func TestSystemdUnit(t *testing.T) {
	const path = "../../samples/pactd.service"
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	keys := map[string][]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "[") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			t.Fatalf("line %q is not key=value", line)
		}
		keys[k] = append(keys[k], v)
	}
	if got := keys["ExecStart"]; len(got) != 1 || !strings.HasSuffix(got[0], "/pactd run --config /etc/pactd/pactd.toml") {
		t.Errorf("ExecStart %q", got)
	}
	known := map[string]bool{}
	for _, name := range config.EnvVariables() {
		known[name], known[name+"_FILE"] = true, true
	}
	for _, e := range keys["Environment"] {
		name, _, _ := strings.Cut(e, "=")
		if !known[name] {
			t.Errorf("Environment=%s: pactd reads no such variable", e)
		}
	}
	stop, err := time.ParseDuration(strings.Join(keys["TimeoutStopSec"], ""))
	if err != nil || stop <= config.Default().ShutdownTimeout.Duration {
		t.Errorf("TimeoutStopSec %v must exceed the default shutdown_timeout %v", keys["TimeoutStopSec"], config.Default().ShutdownTimeout)
	}
	for k, want := range map[string]string{
		"NoNewPrivileges": "yes", "ProtectSystem": "strict", "ProtectHome": "yes", "PrivateTmp": "yes",
		"CapabilityBoundingSet": "", "User": "pactd", "WorkingDirectory": "/var/lib/pactd", "RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX",
		"StateDirectory": "pactd", "MemoryDenyWriteExecute": "yes",
	} {
		if got := keys[k]; len(got) != 1 || got[0] != want {
			t.Errorf("%s=%q, want %q", k, got, want)
		}
	}
	if got := strings.Join(keys["SystemCallFilter"], " "); !strings.Contains(got, "@system-service") {
		t.Errorf("SystemCallFilter %q", got)
	}

	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Fatal("systemd-analyze is missing: install the systemd package (apt-get install systemd), or run scripts/test.sh")
	}
	// verify checks that ExecStart exists: point it at this test binary.
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	unit := filepath.Join(t.TempDir(), "pactd.service")
	if err := os.WriteFile(unit, []byte(strings.ReplaceAll(string(raw), "/usr/local/bin/pactd", self)), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(analyze, "verify", unit).CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
}
