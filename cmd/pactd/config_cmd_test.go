package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/pactd/pactd/internal/config"
)

// envMap returns a getenv reading from m.
func envMap(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestConfigCommandRedacts(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "pactd.toml", `
database = "postgres://pactd:db-secret@db.example.fr:5432/pactd?sslmode=require"
[[imap]]
url = "imaps://remontees%40example.fr:imap-secret@imap.example.fr/INBOX"
`)
	pwFile := writeFile(t, dir, "smtp-url", "smtps://pactd:smtp-secret@smtp.example.fr:465\n")
	var out, errOut bytes.Buffer
	env := &cmdEnv{stdout: &out, stderr: &errOut, getenv: envMap(map[string]string{
		"PACTD_SMTP_URL_FILE": pwFile, "PACTD_MAIL_FROM": "pactd@example.fr",
	})}
	if code := Main(context.Background(), []string{"config", "--config", path}, env); code != exitOK {
		t.Fatalf("exit %d, stderr %s", code, errOut.String())
	}
	got := out.String()
	for _, secret := range []string{"db-secret", "imap-secret", "smtp-secret"} {
		if strings.Contains(got, secret) {
			t.Errorf("output shows %s:\n%s", secret, got)
		}
	}
	for _, want := range []string{
		`database = "postgres://pactd:****@db.example.fr:5432/pactd?sslmode=require"`,
		`url = "imaps://remontees%40example.fr:****@imap.example.fr/INBOX"`,
		`url = "smtps://pactd:****@smtp.example.fr:465"`,
		"# smtp.url vient de la variable PACTD_SMTP_URL_FILE.",
		`schedule = "0 8 * * 1"`,
		`shutdown_timeout = "30s"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	var back config.Config
	if _, err := toml.Decode(got, &back); err != nil {
		t.Errorf("output is not TOML: %v", err)
	}
}

func TestConfigCommandRefusesBadConfig(t *testing.T) {
	var out, errOut bytes.Buffer
	env := &cmdEnv{stdout: &out, stderr: &errOut, getenv: envMap(map[string]string{"PACTD_HTTP_ADDR": "nulle-part"})}
	if code := Main(context.Background(), []string{"config"}, env); code != exitUsage {
		t.Errorf("exit %d, want %d", code, exitUsage)
	}
	want := "pactd config : PACTD_HTTP_ADDR : l'adresse « nulle-part » doit avoir la forme hôte:port (par exemple 127.0.0.1:8080).\n"
	if errOut.String() != want {
		t.Errorf("stderr %q, want %q", errOut.String(), want)
	}
}
