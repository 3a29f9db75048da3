package main

import (
	"bufio"
	"io"
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

// TestDockerfile keeps the Dockerfile publishing only what is
// authenticated: the status site's port alone, which pactd run refuses to
// open beyond loopback without a login; /healthz and /metrics on the
// container's loopback (metrics_addr's default), read by the HEALTHCHECK.
func TestDockerfile(t *testing.T) {
	raw, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	var exposed []string
	for _, line := range strings.Split(string(raw), "\n") {
		l := strings.TrimSpace(line)
		if strings.HasPrefix(l, "#") {
			continue
		}
		if strings.HasPrefix(l, "EXPOSE") {
			exposed = append(exposed, strings.Fields(l)[1:]...)
		}
		if strings.Contains(l, "PACTD_METRICS_ADDR") || strings.Contains(l, "9090") {
			t.Errorf("the Dockerfile moves or publishes /healthz and /metrics: %q", l)
		}
	}
	if strings.Join(exposed, " ") != "8080" || !strings.Contains(string(raw), "PACTD_HTTP_ADDR=0.0.0.0:8080") {
		t.Errorf("exposed %v, want the status site's 8080 alone", exposed)
	}
	if !strings.Contains(string(raw), `CMD ["/pactd", "healthcheck"]`) {
		t.Error("the HEALTHCHECK does not run pactd healthcheck")
	}
	if d := config.Default(); !strings.HasPrefix(d.MetricsAddr, "127.0.0.1:") {
		t.Errorf("default metrics_addr %s is not loopback", d.MetricsAddr)
	}
	// The image's address without a login: pactd run refuses it.
	var stderr strings.Builder
	code := Main(t.Context(), []string{"run"}, &cmdEnv{stdout: io.Discard, stderr: &stderr, getenv: envMap(map[string]string{
		"PACTD_HTTP_ADDR": "0.0.0.0:8080", "PACTD_DATABASE": filepath.Join(t.TempDir(), "pactd.db")})})
	if code != exitUsage || !strings.Contains(stderr.String(), "PACTD_HTTP_ADDR") {
		t.Errorf("pactd run on 0.0.0.0:8080 without login: exit %d, %s", code, stderr.String())
	}
}
