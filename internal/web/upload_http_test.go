package web_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"html"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pactd/pactd/internal/web"
	"github.com/pactd/pactd/internal/webtest"
	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/templates"
)

var (
	csrfValue  = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
	nonceValue = regexp.MustCompile(`name="jeton" value="([^"]+)"`)
	receiptNo  = regexp.MustCompile(`id="numero">(AR-\d{4}-\d{6,})<`)
)

// uploader is a person logged in through the site's OpenID provider over
// HTTP, with the CSRF token and upload nonce of the upload form of one
// territory's page.
type uploader struct {
	c           *http.Client
	site        *site
	siren       string
	csrf, nonce string
}

// loginUploader logs u in and opens the upload page of siren.
func loginUploader(t *testing.T, s *site, u webtest.User, siren string) *uploader {
	t.Helper()
	c, resp := s.prov.LoginHTTP(t, s.URL, u)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %s: status %d", u.Login, resp.StatusCode)
	}
	up := &uploader{c: c, site: s, siren: siren}
	up.reload(t)
	return up
}

// reload opens the upload page again: a new form, a new nonce.
func (up *uploader) reload(t *testing.T) {
	t.Helper()
	resp, body := up.get(t, "/territoires/"+up.siren+"/depot?annee=2025")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("upload page of %s: status %d", up.siren, resp.StatusCode)
	}
	if m := csrfValue.FindStringSubmatch(body); m != nil {
		up.csrf = m[1]
	}
	if m := nonceValue.FindStringSubmatch(body); m != nil {
		up.nonce = m[1]
	}
}

func (up *uploader) get(t *testing.T, path string) (*http.Response, string) {
	t.Helper()
	resp, err := up.c.Get(up.site.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, pageText(resp, b)
}

// post sends the upload form with file as name, and fields (csrf, jeton)
// as given; chunked hides the body's length.
func (up *uploader) post(t *testing.T, siren string, fields map[string]string, name string, file []byte, chunked bool) (*http.Response, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if file != nil {
		fw, err := mw.CreateFormFile("classeur", name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(file)
	}
	mw.Close()
	var body io.Reader = bytes.NewReader(buf.Bytes())
	if chunked {
		body = io.MultiReader(body) // no length known to the client
	}
	req, err := http.NewRequest(http.MethodPost, up.site.URL+"/territoires/"+siren+"/depot?annee=2025", body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	c := up.c
	if c == nil {
		c = noRedirect
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, pageText(resp, b)
}

// pageText returns an HTML page with its character references decoded,
// to look for French sentences (« n'a » is written « n&#39;a »); other
// bodies as they are.
func pageText(resp *http.Response, b []byte) string {
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		return html.UnescapeString(string(b))
	}
	return string(b)
}

func (up *uploader) form() map[string]string {
	return map[string]string{web.CSRFField: up.csrf, "jeton": up.nonce}
}

// workbookOf generates the pre-filled workbook of siren for 2025 from the
// site's register, as pactd templates generate does.
func workbookOf(t *testing.T, s *site, siren string) []byte {
	t.Helper()
	reg, err := s.st.LatestRegister(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := templates.Generate(&buf, reg, siren, year); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// counts returns how many submissions and quarantine entries the store
// holds.
func counts(t *testing.T, s *site) (subs, quarantined int) {
	t.Helper()
	ctx := context.Background()
	all, err := s.st.Submissions(ctx, reconcile.SubmissionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	q, err := s.st.QuarantineEntries(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	return len(all), len(q)
}

// TestUploadHTTP uploads through the site over HTTP: the receipt, its
// idempotence on a reload, the origin « site » where origins are shown,
// the download of the pre-filled workbook, and the visit recorded.
func TestUploadHTTP(t *testing.T) {
	s := newSite(t)
	up := loginUploader(t, s, alphaUser, alpha.SIREN)
	if up.csrf == "" || up.nonce == "" {
		t.Fatalf("upload page without CSRF token or nonce")
	}
	resp, body := up.get(t, "/territoires/"+alpha.SIREN+"/classeur?annee=2025")
	if resp.StatusCode != http.StatusOK || !bytes.Equal([]byte(body), workbookOf(t, s, alpha.SIREN)) {
		t.Fatalf("pre-filled workbook: status %d, %d bytes, want those of templates.Generate", resp.StatusCode, len(body))
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, "CLS_2025_"+alpha.SIREN) {
		t.Errorf("Content-Disposition %q lacks the workbook's name", cd)
	}

	file := workbookOf(t, s, alpha.SIREN)
	resp, body = up.post(t, alpha.SIREN, up.form(), "CLS_2025_alpha.xlsx", file, false)
	m := receiptNo.FindStringSubmatch(body)
	if resp.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("upload: status %d, receipt %v\n%s", resp.StatusCode, m, body)
	}
	number := m[1]
	for _, w := range []string{"Accusé de réception du dépôt", "site (dépôt de " + alphaUser.Email + ")", "CLS_2025_alpha.xlsx", `id="accuse"`} {
		if !strings.Contains(body, w) {
			t.Errorf("result page lacks %q", w)
		}
	}
	ctx := context.Background()
	subs, err := s.st.Submissions(ctx, reconcile.SubmissionFilter{SIREN: alpha.SIREN})
	if err != nil {
		t.Fatal(err)
	}
	last := subs[len(subs)-1]
	if o := last.Origin; o.Kind != reconcile.OriginSite || o.Person != alphaUser.Email || o.Territory != alpha.SIREN || last.FileName != "CLS_2025_alpha.xlsx" {
		t.Errorf("stored origin %+v, file %q; want site by %s for %s", o, last.FileName, alphaUser.Email, alpha.SIREN)
	}
	rcs, err := s.st.Receipts(ctx, last.ID)
	if err != nil || len(rcs) != 1 || rcs[0].Number != number {
		t.Fatalf("receipts of the upload: %+v, %v; want one, %s", rcs, err, number)
	}
	// The page's acknowledgment PDF is the one of this receipt.
	resp, pdf := up.get(t, fmt.Sprintf("/accuses/%d/%s", last.ID, number))
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(pdf, "%PDF") {
		t.Fatalf("acknowledgment PDF: status %d", resp.StatusCode)
	}
	cmd := exec.Command("pdftotext", "-", "-")
	cmd.Stdin = strings.NewReader(pdf)
	text, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext (install poppler-utils with scripts/test.sh): %v", err)
	}
	for _, w := range []string{number, alphaUser.Email + " (dépôt sur le site)", "CLS_2025_alpha.xlsx"} {
		if !strings.Contains(string(text), w) {
			t.Errorf("acknowledgment PDF lacks %q", w)
		}
	}
	// A reload of the same POST (same form) is the same reception.
	_, again := up.post(t, alpha.SIREN, up.form(), "CLS_2025_alpha.xlsx", file, false)
	if m := receiptNo.FindStringSubmatch(again); m == nil || m[1] != number {
		t.Errorf("the same form sent again gave receipt %v, want %s again", m, number)
	}
	// The same bytes from a new form: a new receipt of the same submission.
	up.reload(t)
	_, dup := up.post(t, alpha.SIREN, up.form(), "CLS_2025_alpha.xlsx", file, false)
	if m := receiptNo.FindStringSubmatch(dup); m == nil || m[1] == number || !strings.Contains(dup, "ce fichier avait déjà été reçu") {
		t.Errorf("same bytes from a new form: receipt %v; want a new number, marked as already received", m)
	}
	// The origin shows where origins are shown.
	if _, page := up.get(t, "/territoires/"+alpha.SIREN+"?annee=2025"); !strings.Contains(page, "site (dépôt de "+alphaUser.Email+")") {
		t.Errorf("territory page does not show the origin « site »")
	}
	visits, err := s.st.SiteVisits(ctx, alpha.SIREN)
	if err != nil || len(visits) != 1 || visits[0].Email != alphaUser.Email || visits[0].Sessions != 1 || visits[0].Name != "Alice Alpha" {
		t.Errorf("site visits of alpha: %+v, %v; want one session of %s", visits, err, alphaUser.Email)
	}
	if v, _ := s.st.SiteVisits(ctx, bravo.SIREN); len(v) != 0 {
		t.Errorf("visits recorded for bravo: %+v", v)
	}
}

// TestUploadRefused checks what the upload form refuses, and that nothing
// is stored then: no CSRF token, another site, a body over the limit
// (declared or not), a workbook of another SIREN (set aside, like a mail
// from an unauthorised sender), another territory's page, the national
// team, a person without a role, nobody.
func TestUploadRefused(t *testing.T) {
	s := newSite(t, func(srv *web.Server) { srv.Door.MaxFileSize = 1 << 20 })
	alphaUp := loginUploader(t, s, alphaUser, alpha.SIREN)
	file := workbookOf(t, s, alpha.SIREN)
	subs0, q0 := counts(t, s)
	unchanged := func(what string) {
		t.Helper()
		if subs, q := counts(t, s); subs != subs0 || q != q0 {
			t.Errorf("%s: the store holds %d submissions and %d quarantined, want %d and %d", what, subs, q, subs0, q0)
		}
	}
	check := func(what string, resp *http.Response, body string, code int, sentence string) {
		t.Helper()
		if resp.StatusCode != code || !strings.Contains(body, sentence) {
			t.Errorf("%s: status %d, want %d with « %s »", what, resp.StatusCode, code, sentence)
		}
		unchanged(what)
	}

	t.Run("csrf", func(t *testing.T) {
		resp, body := alphaUp.post(t, alpha.SIREN, map[string]string{"jeton": alphaUp.nonce}, "a.xlsx", file, false)
		check("no token", resp, body, http.StatusForbidden, "Le formulaire a expiré ou ne vient pas de ce site")
		resp, body = alphaUp.post(t, alpha.SIREN, map[string]string{web.CSRFField: alphaUp.csrf + "x", "jeton": alphaUp.nonce}, "a.xlsx", file, false)
		check("wrong token", resp, body, http.StatusForbidden, "Le formulaire a expiré ou ne vient pas de ce site")
		// Bravo's token does not open alpha's session.
		bravoUp := loginUploader(t, s, bravoUser, bravo.SIREN)
		resp, body = alphaUp.post(t, alpha.SIREN, bravoUp.form(), "a.xlsx", file, false)
		check("another session's token", resp, body, http.StatusForbidden, "Le formulaire a expiré ou ne vient pas de ce site")
		// A form posted from another site, token and all.
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		mw.WriteField(web.CSRFField, alphaUp.csrf)
		fw, _ := mw.CreateFormFile("classeur", "a.xlsx")
		fw.Write(file)
		mw.Close()
		req, _ := http.NewRequest(http.MethodPost, s.URL+"/territoires/"+alpha.SIREN+"/depot", &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		resp, err := alphaUp.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		check("cross-site", resp, pageText(resp, b), http.StatusForbidden, "depuis un autre site")
	})

	t.Run("taille", func(t *testing.T) {
		big := make([]byte, 1<<20+1)
		rand.Read(big)
		resp, body := alphaUp.post(t, alpha.SIREN, alphaUp.form(), "gros.xlsx", big, false)
		check("declared length", resp, body, http.StatusRequestEntityTooLarge, "Le fichier dépasse la taille maximale acceptée (1 Mo) : il n'a pas été lu.")
		resp, body = alphaUp.post(t, alpha.SIREN, alphaUp.form(), "gros.xlsx", append(big, big...), true)
		check("chunked", resp, body, http.StatusRequestEntityTooLarge, "Le fichier dépasse la taille maximale acceptée (1 Mo)")
		// A length over the limit is refused before a byte of the body is
		// sent: the server does not wait for it.
		conn, err := net.Dial("tcp", strings.TrimPrefix(s.URL, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		fmt.Fprintf(conn, "POST /territoires/%s/depot HTTP/1.1\r\nHost: %s\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: %d\r\n\r\n",
			alpha.SIREN, strings.TrimPrefix(s.URL, "http://"), 500<<20)
		conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		status := make([]byte, 12)
		if _, err := io.ReadFull(conn, status); err != nil || string(status) != "HTTP/1.1 413" {
			t.Errorf("500 MB announced, nothing sent: got %q, %v; want an immediate 413", status, err)
		}
		unchanged("500 MB announced")
	})

	t.Run("autre SIREN", func(t *testing.T) {
		resp, body := alphaUp.post(t, alpha.SIREN, alphaUp.form(), "bravo.xlsx", workbookOf(t, s, bravo.SIREN), false)
		want := "Ce classeur est celui du SIREN " + bravo.SIREN + ", pas celui de " + alpha.Name + " (SIREN " + alpha.SIREN + ")"
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, want) || !strings.Contains(body, "Classeur mis de côté") {
			t.Errorf("bravo's workbook on alpha's page: status %d, want 422 saying « %s »", resp.StatusCode, want)
		}
		if strings.Contains(body, bravo.Name) {
			t.Errorf("the refusal names %s to alpha", bravo.Name)
		}
		subs, q := counts(t, s)
		if subs != subs0 || q != q0+1 {
			t.Errorf("after the wrong SIREN: %d submissions, %d quarantined; want %d and %d", subs, q, subs0, q0+1)
		}
		entries, _ := s.st.QuarantineEntries(context.Background(), time.Time{})
		e := entries[len(entries)-1]
		if e.Origin.Kind != reconcile.OriginSite || e.Origin.Person != alphaUser.Email || e.SIREN != bravo.SIREN || !strings.HasPrefix(e.Reason, "Ce classeur est celui du SIREN") {
			t.Errorf("quarantine entry %+v", e)
		}
		subs0, q0 = counts(t, s)
		// Alpha cannot even reach bravo's form: 404, like a page that
		// does not exist.
		resp, body = alphaUp.post(t, bravo.SIREN, alphaUp.form(), "bravo.xlsx", workbookOf(t, s, bravo.SIREN), false)
		check("alpha on bravo's page", resp, body, http.StatusNotFound, "Cette page n'existe pas.")
	})

	t.Run("rôles", func(t *testing.T) {
		nat := loginUploader(t, s, national, alpha.SIREN)
		if nat.csrf == "" {
			t.Fatal("no CSRF token for the national team")
		}
		_, page := nat.get(t, "/territoires/"+alpha.SIREN+"/depot?annee=2025")
		if strings.Contains(page, `type="file"`) || !strings.Contains(page, "lecture seule") {
			t.Errorf("the national team is offered the upload form")
		}
		resp, body := nat.post(t, alpha.SIREN, nat.form(), "a.xlsx", file, false)
		check("national", resp, body, http.StatusForbidden, "L'équipe nationale consulte ce site en lecture seule")

		c, _ := s.prov.LoginHTTP(t, s.URL, stranger)
		none := &uploader{c: c, site: s, siren: alpha.SIREN}
		resp, body = none.post(t, alpha.SIREN, map[string]string{web.CSRFField: "x"}, "a.xlsx", file, false)
		check("no role", resp, body, http.StatusForbidden, "n'a aucun rôle sur ce site")

		anon := &uploader{site: s}
		resp, body = anon.post(t, alpha.SIREN, map[string]string{web.CSRFField: "x"}, "a.xlsx", file, false)
		check("anonymous", resp, body, http.StatusUnauthorized, "Votre session a expiré")
	})
}
