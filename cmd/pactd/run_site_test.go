package main

import (
	"bytes"
	"context"
	"html"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The daemon's status site shows administrators the health of each part
// and the warning of a mailbox whose senders cannot be authenticated (no
// trusted server), naming no password.
func TestRunSiteShowsHealthAndAuthWarning(t *testing.T) {
	site, ops := freeAddr(t), freeAddr(t)
	vars := daemonEnv(t, site, ops)
	vars["PACTD_IMAP_URL"] = "imap://remontees:mot-de-passe@" + freeAddr(t) + "/INBOX"
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr syncBuffer
	code := make(chan int, 1)
	go func() {
		code <- Main(ctx, []string{"run"}, &cmdEnv{stdout: &bytes.Buffer{}, stderr: &stderr, getenv: envMap(vars)})
	}()
	var page string
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get("http://" + site + "/")
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			page = html.UnescapeString(string(b))
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("site without the mailbox's state after 30 s: %.2000s\nlog:\n%s", page, stderr.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	for _, want := range []string{
		`<h2 id="service">État du service</h2>`,
		"met de côté tout message : l'authentification des expéditeurs est exigée mais aucun serveur de confiance n'est configuré",
		`<th scope="row">base de données</th>`, `<th scope="row">boîte aux lettres n° 1</th>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the site lacks %q", want)
		}
	}
	if strings.Contains(page, "mot-de-passe") {
		t.Error("the site shows the mailbox's password")
	}
	cancel()
	select {
	case <-code:
	case <-time.After(15 * time.Second):
		t.Fatal("daemon still running 15 s after cancel")
	}
}
