package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pactd/pactd/internal/auth"
)

// TestRunRefusesOpenSite checks SPEC §9 "No login configured: loopback
// only": pactd run refuses to listen beyond loopback without a login, and
// says what to set.
func TestRunRefusesOpenSite(t *testing.T) {
	vars := daemonEnv(t, "0.0.0.0:18080", freeAddr(t)) // refused before listening
	var stderr bytes.Buffer
	c := Main(context.Background(), []string{"run"}, &cmdEnv{stdout: &bytes.Buffer{}, stderr: &stderr, getenv: envMap(vars)})
	want := "pactd run : PACTD_HTTP_ADDR : le site écouterait sur 0.0.0.0 sans connexion configurée, ouvert à tout le réseau. Configurez une connexion (web.oidc.issuer, web.oidc.client_id et PACTD_OIDC_CLIENT_SECRET_FILE, ou web.admin.password_hash_file) avec web.public_url, ou écoutez sur 127.0.0.1.\n"
	if c != exitUsage || stderr.String() != want {
		t.Errorf("exit %d, stderr %q; want 2 and %q", c, stderr.String(), want)
	}

	vars["PACTD_HTTP_ADDR"] = freeAddr(t)
	vars["PACTD_CONFIG"] = writeTOML(t, "[web]\npublic_url = \"https://pactd.example.fr\"\n[web.admin]\npassword_hash_file = \"/nulle/part\"\n")
	stderr.Reset()
	c = Main(context.Background(), []string{"run"}, &cmdEnv{stdout: &bytes.Buffer{}, stderr: &stderr, getenv: envMap(vars)})
	if c != exitUsage || !strings.Contains(stderr.String(), "web.admin.password_hash_file ("+vars["PACTD_CONFIG"]+") : le fichier /nulle/part est illisible (il n'existe pas).") {
		t.Errorf("missing hash file: exit %d, stderr %q", c, stderr.String())
	}
}

func writeTOML(t *testing.T, s string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "pactd.toml")
	if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestRunLocalAdmin runs the daemon with the local administrator as a
// person would configure it (a hash from pactd hash-password in a file)
// and logs in through the form.
func TestRunLocalAdmin(t *testing.T) {
	addr := freeAddr(t)
	vars := daemonEnv(t, addr, freeAddr(t))
	hash, err := auth.HashPassword("mot de passe de test assez long")
	if err != nil {
		t.Fatal(err)
	}
	hashFile := filepath.Join(t.TempDir(), "admin-hash")
	if err := os.WriteFile(hashFile, []byte(hash+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	vars["PACTD_CONFIG"] = writeTOML(t, fmt.Sprintf("[web]\npublic_url = \"http://%s\"\n[web.admin]\npassword_hash_file = %q\n", addr, hashFile))
	ctx, cancel := context.WithCancel(context.Background())
	var stderr syncBuffer
	code := make(chan int, 1)
	go func() {
		code <- Main(ctx, []string{"run"}, &cmdEnv{stdout: &bytes.Buffer{}, stderr: &stderr, getenv: envMap(vars)})
	}()
	defer func() {
		cancel()
		if c := <-code; c != exitOK {
			t.Errorf("exit %d; log:\n%s", c, stderr.String())
		}
	}()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	site := "http://" + addr
	var body string
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := c.Get(site + "/")
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			body = string(b)
			if resp.Request.URL.Path == "/connexion" {
				break
			}
			t.Fatalf("anonymous / ended at %s (%d)", resp.Request.URL, resp.StatusCode)
		}
		if time.Now().After(deadline) {
			t.Fatalf("daemon not up after 30 s; log:\n%s", stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(body)
	if m == nil || !strings.Contains(body, "Administrateur local") {
		t.Fatalf("login page without the local form:\n%s", body)
	}
	resp, err := c.PostForm(site+"/connexion/admin", url.Values{"csrf": {m[1]}, "utilisateur": {"admin"}, "motdepasse": {"mot de passe de test assez long"}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Request.URL.Path != "/" || !strings.Contains(string(b), `admin <span class="role">(administrateur)</span>`) {
		t.Errorf("after login: %d at %s", resp.StatusCode, resp.Request.URL)
	}
	if !strings.Contains(stderr.String(), `"message":"login"`) || strings.Contains(stderr.String(), "mot de passe de test") {
		t.Errorf("log lacks the login or shows the password:\n%s", stderr.String())
	}
}
