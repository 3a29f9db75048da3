package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-smtp"
	"github.com/rs/zerolog"

	"github.com/pactd/pactd/ingest"
	"github.com/pactd/pactd/internal/fill"
	"github.com/pactd/pactd/internal/mail"
	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/templates"
)

// The loopback mail servers of scripts/mailtest.sh: the intake mailbox
// of this test is alice@example.test.
const (
	mailCA    = "/tmp/mailtest/tls/cert.pem"
	mailIMAPS = "127.0.0.1:1993"
	mailSMTP  = "127.0.0.1:2525"
	mailBox   = "alice"
)

// TestUploadInBrowserMatchesMail sends a territory's filled workbook by
// mail, through Postfix and Dovecot to the intake mailbox read by the
// IMAP source, and uploads a copy of it (the same workbook, zipped again:
// other bytes, so the pipeline examines it anew) on the site in Chromium
// as the territory's person logged in through the OpenID provider. Both go
// through one pipeline: the site's receipt follows the mail's in the same
// sequence, with the same verdict and the same findings, and the page
// shows them at once with the acknowledgment PDF and the annotated
// workbook. Run under flock /tmp/pactd-mail.lock.
func TestUploadInBrowserMatchesMail(t *testing.T) {
	if os.Getenv("PACTD_TEST_MAIL") != "1" {
		t.Skip("the loopback Dovecot and Postfix are needed: run scripts/mailtest.sh start, then PACTD_TEST_MAIL=1 flock /tmp/pactd-mail.lock go test")
	}
	s := newSite(t)
	ctx := context.Background()
	mailed := filledWorkbook(t, s)
	uploaded := rezip(t, mailed)
	dir := t.TempDir()
	upPath := filepath.Join(dir, "CLS_2025_"+alpha.SIREN+"_alpha.xlsx")
	if err := os.WriteFile(upPath, uploaded, 0o600); err != nil {
		t.Fatal(err)
	}

	// By mail: Postfix, Dovecot, the IMAP source, the site's pipeline.
	resetMailbox(t, mailBox)
	d := mail.Draft{From: "Alice Alpha <" + alphaUser.Email + ">", To: []string{mailBox + "@example.test"},
		Subject: "Rapport annuel 2025", MessageID: fmt.Sprintf("webdoor-%d@alpha.test", time.Now().UnixNano()),
		Text: "Bonjour,\n\nVoici notre rapport annuel.\n",
		Attachments: []mail.Attachment{{Name: "CLS_2025_" + alpha.SIREN + "_alpha.xlsx",
			ContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Data: mailed}}}
	raw, _, err := mail.Compose(d)
	if err != nil {
		t.Fatal(err)
	}
	c, err := smtp.Dial(mailSMTP)
	if err != nil {
		t.Fatalf("connect to Postfix: %v", err)
	}
	if err := c.SendMail(alphaUser.Email, []string{mailBox + "@example.test"}, bytes.NewReader(raw)); err != nil {
		t.Fatalf("send the workbook by mail: %v", err)
	}
	c.Close()
	src, err := ingest.NewIMAPSource(ingest.IMAPConfig{
		URL:       fmt.Sprintf("imaps://%s%%40example.test:%s-pw@%s/INBOX", mailBox, mailBox, mailIMAPS),
		TLSConfig: mailTLS(t), Poll: time.Second, MinBackoff: 100 * time.Millisecond, Auth: ingest.SenderAuth{Disabled: true},
	}, s.st, s.server.Door.Process, nil, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- src.Run(runCtx) }()
	mailSub := waitSubmission(t, s, reconcile.OriginEmail, mailed, 90*time.Second)
	stop()
	if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
		t.Errorf("IMAP source: %v", err)
	}
	mailRc := onlyReceipt(t, s, mailSub.ID)

	// On the site, in Chromium.
	b := loginOIDC(t, s, alphaUser, "/territoires/"+alpha.SIREN+"/depot?annee=2025")
	if got := b.Location(); got != s.URL+"/territoires/"+alpha.SIREN+"/depot?annee=2025" {
		t.Fatalf("after login: at %s, want the upload page", got)
	}
	for _, w := range []int{1280, 390} {
		b.Width(w)
		b.Screenshot(fmt.Sprintf("formulaire-%d", w))
	}
	b.Width(1280)
	b.UploadFiles("#classeur-rempli", upPath)
	if st := b.Click("#deposer-classeur"); st != http.StatusOK {
		t.Fatalf("upload in the browser: status %d: %s", st, b.Text("main"))
	}
	for _, w := range []int{1280, 390} {
		b.Width(w)
		b.Screenshot(fmt.Sprintf("accuse-%d", w))
	}
	siteSub := waitSubmission(t, s, reconcile.OriginSite, uploaded, 5*time.Second)
	siteRc := onlyReceipt(t, s, siteSub.ID)

	// The same receipt: same shape, next number of the same sequence.
	shape := regexp.MustCompile(`^AR-(\d{4})-(\d{6,})$`)
	mm, sm := shape.FindStringSubmatch(mailRc.Number), shape.FindStringSubmatch(siteRc.Number)
	if mm == nil || sm == nil {
		t.Fatalf("receipt numbers %q (mail) and %q (site), want AR-YYYY-NNNNNN", mailRc.Number, siteRc.Number)
	}
	var mn, sn int
	fmt.Sscan(mm[2], &mn)
	fmt.Sscan(sm[2], &sn)
	if mm[1] != sm[1] || sn != mn+1 {
		t.Errorf("site receipt %s does not follow mail receipt %s in the same sequence", siteRc.Number, mailRc.Number)
	}
	if siteRc.Duplicate || mailRc.Duplicate || siteSub.SHA256 == mailSub.SHA256 {
		t.Errorf("the copy was taken as the same file: the pipeline did not examine it anew")
	}
	// The same verdict and findings.
	if siteSub.Verdict != mailSub.Verdict || siteSub.Year != mailSub.Year || siteSub.SIREN != mailSub.SIREN {
		t.Errorf("site: %s %s %d, mail: %s %s %d", siteSub.Verdict, siteSub.SIREN, siteSub.Year, mailSub.Verdict, mailSub.SIREN, mailSub.Year)
	}
	if got, want := findingKeys(siteSub.Findings), findingKeys(mailSub.Findings); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings differ:\nsite:\n%s\nmail:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(mailSub.Findings) == 0 {
		t.Fatalf("the filled workbook has no findings: nothing compared")
	}
	// The page shows that acknowledgment at once.
	text := b.Text("main")
	for _, w := range []string{siteRc.Number, siteSub.Verdict.Label(), "site (dépôt de " + alphaUser.Email + ")", "Accusé de réception (PDF)", "Classeur annoté"} {
		if !strings.Contains(text, w) {
			t.Errorf("result page lacks %q", w)
		}
	}
	for _, f := range siteSub.Findings {
		if !strings.Contains(text, f.Message) {
			t.Errorf("result page lacks the finding %s « %s »", f.Code, f.Message)
		}
	}
	// Its links: the acknowledgment PDF and the annotated workbook, with
	// the browser's session.
	cookie := sessionOf(t, s, b)
	ack := fmt.Sprintf("/accuses/%d/%s", siteSub.ID, siteRc.Number)
	for _, c := range []struct{ path, prefix string }{{ack, "%PDF"}, {ack + "/classeur-annote", "PK"}} {
		resp, body := s.get(t, c.path, cookie)
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(body, c.prefix) {
			t.Errorf("%s: status %d, want a file starting %q", c.path, resp.StatusCode, c.prefix)
		}
	}
}

// filledWorkbook generates alpha's 2025 workbook from the site's register
// and fills it with openpyxl as a territory would, spending less of its
// own money than the State: the co-financing findings name cells.
func filledWorkbook(t *testing.T, s *site) []byte {
	t.Helper()
	dir := t.TempDir()
	in, out := filepath.Join(dir, "modele.xlsx"), filepath.Join(dir, "rempli.xlsx")
	if err := os.WriteFile(in, workbookOf(t, s, alpha.SIREN), 0o600); err != nil {
		t.Fatal(err)
	}
	at := func(col string) fill.At { return fill.At{Sheet: templates.SheetActions, Row: "ENF-01", Col: col} }
	edits := []fill.Edit{
		fill.SetNumber(at(templates.HeaderStateSpent), 10000),
		fill.SetNumber(at(templates.HeaderTerritorySpent), 2500),
		fill.SetNumber(at(templates.HeaderOtherSpent), 0),
		fill.SetText(at(templates.HeaderStatus), "Réalisée"),
		fill.SetLabel(templates.SheetIdentification, "Référent", "Alice Alpha"),
		fill.SetLabel(templates.SheetIdentification, "Courriel", alphaUser.Email),
	}
	if err := fill.Openpyxl(context.Background(), []fill.Job{{In: in, Out: out, Edits: edits}}); err != nil {
		t.Fatalf("fill the workbook with openpyxl: %v", err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// rezip returns the same workbook in another zip: each part's compressed
// bytes as they are, in a new archive with a comment.
func rezip(t *testing.T, data []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		r, err := f.OpenRaw()
		if err != nil {
			t.Fatal(err)
		}
		w, err := zw.CreateRaw(&f.FileHeader)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(w, r); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.SetComment("copie déposée sur le site"); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// mailTLS trusts the test CA of scripts/mailtest.sh.
func mailTLS(t *testing.T) *tls.Config {
	t.Helper()
	pem, err := os.ReadFile(mailCA)
	if err != nil {
		t.Fatalf("test CA: %v (run scripts/mailtest.sh start)", err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	return &tls.Config{RootCAs: pool, ServerName: "localhost"}
}

// resetMailbox empties user's INBOX.
func resetMailbox(t *testing.T, user string) {
	t.Helper()
	c, err := imapclient.DialTLS(mailIMAPS, &imapclient.Options{TLSConfig: mailTLS(t)})
	if err != nil {
		t.Fatalf("connect to Dovecot: %v", err)
	}
	defer c.Close()
	if err := c.Login(user+"@example.test", user+"-pw").Wait(); err != nil {
		t.Fatalf("log in as %s: %v", user, err)
	}
	sel, err := c.Select("INBOX", nil).Wait()
	if err != nil {
		t.Fatal(err)
	}
	if sel.NumMessages == 0 {
		return
	}
	if err := c.Store(imap.SeqSet{{Start: 1, Stop: 0}}, &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true,
		Flags: []imap.Flag{imap.FlagDeleted}}, nil).Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Expunge().Close(); err != nil {
		t.Fatal(err)
	}
}

// waitSubmission waits for the submission of alpha of these bytes,
// received by kind.
func waitSubmission(t *testing.T, s *site, kind reconcile.OriginKind, content []byte, d time.Duration) reconcile.Submission {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		subs, err := s.st.Submissions(context.Background(), reconcile.SubmissionFilter{SIREN: alpha.SIREN})
		if err != nil {
			t.Fatal(err)
		}
		for _, sub := range subs {
			if sub.Origin.Kind == kind && sub.SHA256 == fmt.Sprintf("%x", sha256.Sum256(content)) {
				full, err := s.st.Submission(context.Background(), sub.ID)
				if err != nil {
					t.Fatal(err)
				}
				return *full
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no submission of alpha by %s after %v", kind, d)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// onlyReceipt returns the one receipt of a submission.
func onlyReceipt(t *testing.T, s *site, id int64) reconcile.Receipt {
	t.Helper()
	rcs, err := s.st.Receipts(context.Background(), id)
	if err != nil || len(rcs) != 1 {
		t.Fatalf("receipts of submission %d: %+v, %v; want one", id, rcs, err)
	}
	return rcs[0]
}

// receivedAt is the reception time a late report's finding names, which
// differs between two receptions a minute apart.
var receivedAt = regexp.MustCompile(`reçu le [0-9]+ [a-zéû]+ [0-9]{4} à [0-9]+ h [0-9]+`)

// findingKeys writes each finding as what the acknowledgment shows of it,
// but the time of reception.
func findingKeys(fs []reconcile.Finding) []string {
	var out []string
	for _, f := range fs {
		msg := receivedAt.ReplaceAllString(f.Message, "reçu le (date de réception)")
		out = append(out, fmt.Sprintf("%s|%s|%s|%s|%s|%s|%s", f.Severity, f.Code, strings.Join(f.Cells, ","), f.Axis, f.Action, f.Indicator, msg))
	}
	return out
}
