package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pactd/pactd/internal/mail"
	"github.com/pactd/pactd/internal/sqlite"
	"github.com/pactd/pactd/internal/web"
)

func TestOutboxPageListsAndRetries(t *testing.T) {
	var srv *web.Server
	f := newFixture(t, func(s *web.Server) { srv = s })
	srv.Mail = web.NewOutboxAdmin(f.st, nil, func() time.Time { return now })
	ctx := context.Background()
	var ids []int64
	for i, reason := range []string{"Le serveur d'envoi refuse l'identifiant (535 <authentification>).", "Destinataire inconnu.", ""} {
		m := &mail.Message{Key: "test:" + strconv.Itoa(i), Kind: "ack", From: "pactd@pacte.test", To: []string{"dgs@ain.fr"},
			MessageID: "m" + strconv.Itoa(i) + "@pacte.test", Subject: "Accusé de réception " + strconv.Itoa(i),
			Raw: []byte("Subject: x\r\n\r\nx"), NextAttempt: now, CreatedAt: now.Add(-time.Duration(i) * time.Hour)}
		if _, err := f.st.EnqueueMail(ctx, m); err != nil {
			t.Fatal(err)
		}
		if reason != "" {
			m.State, m.LastError, m.Attempts = mail.Failed, reason, 3
			if err := f.st.UpdateMail(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
		ids = append(ids, m.ID)
	}
	code, _, body := f.get(t, "/envois")
	if code != 200 {
		t.Fatalf("got %d", code)
	}
	mustContain(t, body, `<h2 id="echecs">En échec (2)</h2>`, `<h2 id="attente">En attente (1)</h2>`,
		"Le serveur d&#39;envoi refuse l&#39;identifiant (535 &lt;authentification&gt;).",
		`<form method="post" action="/envois/relancer">`,
		`<form method="post" action="/envois/`+strconv.FormatInt(ids[0], 10)+`/relancer">`)

	post := func(path string) (int, string) {
		t.Helper()
		c := f.srv.Client()
		c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		resp, err := c.PostForm(f.srv.URL+path, url.Values{})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode, resp.Header.Get("Location")
	}
	if code, loc := post("/envois/" + strconv.FormatInt(ids[0], 10) + "/relancer"); code != http.StatusSeeOther || loc != "/envois?remis=1" {
		t.Fatalf("retry one: %d %s", code, loc)
	}
	if m, _ := f.st.MailByID(ctx, ids[0]); m.State != mail.Pending || !m.RetriedAt.Equal(now) {
		t.Errorf("message %d after retry: %s, retried %v", ids[0], m.State, m.RetriedAt)
	}
	if m, _ := f.st.MailByID(ctx, ids[1]); m.State != mail.Failed {
		t.Errorf("message %d was not asked for and is %s", ids[1], m.State)
	}
	if code, loc := post("/envois/relancer"); code != http.StatusSeeOther || loc != "/envois?remis=1" {
		t.Fatalf("retry all failed: %d %s", code, loc)
	}
	if m, _ := f.st.MailByID(ctx, ids[1]); m.State != mail.Pending {
		t.Errorf("message %d after retry all: %s", ids[1], m.State)
	}
	_, _, body = f.get(t, "/envois?remis=1")
	mustContain(t, body, "1 courriel remis en file d&#39;envoi", `<h2 id="echecs">En échec (0)</h2>`, "Aucun courriel en échec.")
	if code, _ := post("/envois/999/relancer"); code != http.StatusNotFound {
		t.Errorf("unknown message: got %d, want 404", code)
	}
	if !strings.Contains(body, `aria-current="page">File d'envoi</a>`) {
		t.Error("the menu does not say the outbox page is the current one")
	}
}

// With logins, a retry needs the administrator's CSRF token: the page's
// token works, another session's does not, and a national reader cannot
// reach the form at all.
func TestOutboxRetryNeedsTheAdministratorsToken(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	m := &mail.Message{Key: "test:csrf", Kind: "ack", From: "pactd@pacte.test", To: []string{"dgs@alpha.test"},
		MessageID: "csrf@pacte.test", Subject: "Accusé", Raw: []byte("Subject: x\r\n\r\nx"), NextAttempt: time.Now(), CreatedAt: time.Now()}
	if _, err := s.st.EnqueueMail(ctx, m); err != nil {
		t.Fatal(err)
	}
	m.State, m.LastError = mail.Failed, "Le serveur d'envoi est injoignable."
	if err := s.st.UpdateMail(ctx, m); err != nil {
		t.Fatal(err)
	}
	retry := s.URL + "/envois/" + strconv.FormatInt(m.ID, 10) + "/relancer"
	adminClient, _ := s.prov.LoginHTTP(t, s.URL, admin)
	adminClient.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := adminClient.Get(s.URL + "/envois")
	if err != nil {
		t.Fatal(err)
	}
	page := readBody(t, resp)
	tok := csrfOf.FindStringSubmatch(page)
	if resp.StatusCode != 200 || tok == nil || !strings.Contains(page, "Le serveur d&#39;envoi est injoignable.") {
		t.Fatalf("outbox page: %d, token %v", resp.StatusCode, tok != nil)
	}
	nationalClient, _ := s.prov.LoginHTTP(t, s.URL, national)
	nationalClient.CheckRedirect = adminClient.CheckRedirect
	if code, _ := postForm(t, nationalClient, retry, url.Values{"csrf": {tok[1]}}); code != http.StatusForbidden {
		t.Errorf("national with the administrator's token: got %d, want 403", code)
	}
	if got, _ := s.st.MailByID(ctx, m.ID); got.State != mail.Failed {
		t.Fatalf("the message was retried by a refused request: %s", got.State)
	}
	if code, _ := postForm(t, adminClient, retry, url.Values{"csrf": {tok[1]}}); code != http.StatusSeeOther {
		t.Errorf("administrator with the page's token: got %d, want 303", code)
	}
	if got, _ := s.st.MailByID(ctx, m.ID); got.State != mail.Pending {
		t.Errorf("after the administrator's retry: %s, want pending", got.State)
	}
}

// A received file whose name was written to break a header downloads
// under a name that cannot: no quote, no control character.
func TestReceivedFileNameIsSafe(t *testing.T) {
	f := newFixture(t, func(s *web.Server) { s.SubmissionContent = s.Source.(*sqlite.Store).SubmissionContent })
	// Submission 1 is the rejected file named `"><img src=x onerror=alert(1)>.xlsx`.
	code, hdr, _ := f.get(t, "/depots/1/fichier")
	want := `attachment; filename="_><img src=x onerror=alert(1)>.xlsx"; filename*=UTF-8''_%3E%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E.xlsx`
	if cd := hdr.Get("Content-Disposition"); code != 200 || cd != want {
		t.Errorf("got %d, Content-Disposition %q, want %q", code, cd, want)
	}
}
