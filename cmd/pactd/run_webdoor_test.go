package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pactd/pactd/samples"
)

// TestRunWebDoor runs the daemon as configured (intake.max_file_mb = 1)
// on the sample register and uploads a sample workbook on the site: the
// daemon's pipeline records it with origin « site » and a receipt of the
// intake's sequence, the metrics count it by origin, and a file over
// max_file_mb is refused unread with the same limit.
func TestRunWebDoor(t *testing.T) {
	addr, ops := freeAddr(t), freeAddr(t)
	vars := daemonEnv(t, addr, ops)
	vars["PACTD_CONFIG"] = writeTOML(t, "[intake]\nmax_file_mb = 1\n")
	reg := filepath.Join(t.TempDir(), "registre.xlsx")
	if err := os.WriteFile(reg, samples.Register(), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, stderr syncBuffer
	if c := Main(context.Background(), []string{"register", "import", reg}, &cmdEnv{stdout: &out, stderr: &stderr, getenv: envMap(vars)}); c != exitOK {
		t.Fatalf("register import: exit %d: %s", c, stderr.String())
	}
	ctx, cancel := context.WithCancel(context.Background())
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
	site := "http://" + addr
	const ain = "220100010"
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(site + "/territoires/" + ain + "/depot?annee=2025")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("upload page: status %d", resp.StatusCode)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("daemon not up after 30 s; log:\n%s", stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	resp, err := http.Get(site + "/territoires/" + ain + "/classeur?annee=2025")
	if err != nil {
		t.Fatal(err)
	}
	wb, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !bytes.HasPrefix(wb, []byte("PK")) {
		t.Fatalf("pre-filled workbook: status %d", resp.StatusCode)
	}

	var sample []byte
	for _, f := range samples.Submissions() {
		if f.Name == "CLS_2025_220100010_ain.xlsx" {
			sample = f.Content
		}
	}
	upload := func(name string, data []byte) (int, string) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, _ := mw.CreateFormFile("classeur", name)
		fw.Write(data)
		mw.Close()
		resp, err := http.Post(site+"/territoires/"+ain+"/depot?annee=2025", mw.FormDataContentType(), &buf)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	st, body := upload("CLS_2025_220100010_ain.xlsx", sample)
	if st != http.StatusOK || !regexp.MustCompile(`id="numero">AR-\d{4}-000001<`).MatchString(body) ||
		!strings.Contains(body, "Origine : site (dépôt de accès local sans connexion).") {
		t.Fatalf("upload of the sample: status %d\n%s", st, body)
	}
	big := make([]byte, 1<<20+1)
	rand.Read(big)
	if st, body := upload("gros.xlsx", big); st != http.StatusRequestEntityTooLarge || !strings.Contains(body, "(1 Mo)") {
		t.Errorf("upload over max_file_mb: status %d, want 413 naming 1 Mo", st)
	}
	resp, err = http.Get("http://" + ops + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	m, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(m), `origin="site"`) {
		t.Errorf("metrics do not count the upload by origin site")
	}
}
