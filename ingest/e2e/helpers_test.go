// Package e2e_test runs pactd's mail intake and outbox against real Dovecot
// and Postfix on loopback, started by scripts/mailtest.sh (scripts/test.sh
// starts them and sets PACTD_TEST_MAIL=1). Without them every test fails
// with a message saying so.
package e2e_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-smtp"
	"github.com/rs/zerolog"

	"github.com/pactd/pactd/ingest"
	"github.com/pactd/pactd/internal/fill"
	"github.com/pactd/pactd/internal/mail"
	"github.com/pactd/pactd/internal/sqlite"
	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/templates"
)

const (
	caPath   = "/tmp/mailtest/tls/cert.pem"
	imapsURL = "127.0.0.1:1993"
	smtpAddr = "127.0.0.1:2525"
	sirenAin = "220100010"
	sirenLyo = "200046977"
	year     = 2025
)

// requireMail fails the test when the loopback mail servers are not there.
func requireMail(t testing.TB) {
	t.Helper()
	if os.Getenv("PACTD_TEST_MAIL") != "1" {
		t.Fatal("real Dovecot and Postfix are needed: run scripts/test.sh, or `sudo bash scripts/mailtest.sh start` then PACTD_TEST_MAIL=1 go test ./ingest/e2e/")
	}
	if _, err := os.Stat(caPath); err != nil {
		t.Fatalf("test CA %s missing (%v): run scripts/mailtest.sh start", caPath, err)
	}
}

func tlsConfig(t testing.TB) *tls.Config {
	t.Helper()
	tc, err := loadTLSConfig()
	if err != nil {
		t.Fatal(err)
	}
	return tc
}

// loadTLSConfig trusts the test CA of scripts/mailtest.sh.
func loadTLSConfig() (*tls.Config, error) {
	pem, err := os.ReadFile(caPath)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	return &tls.Config{RootCAs: pool, ServerName: "localhost"}, nil
}

func addr(user string) string { return user + "@example.test" }

// imapURL is the intake URL of a test account, over implicit TLS.
func imapURL(user string) string {
	return fmt.Sprintf("imaps://%s%%40example.test:%s-pw@%s/INBOX", user, user, imapsURL)
}

// login opens an IMAPS session as user.
func login(t testing.TB, user string) *imapclient.Client {
	t.Helper()
	c, err := imapclient.DialTLS(imapsURL, &imapclient.Options{TLSConfig: tlsConfig(t)})
	if err != nil {
		t.Fatalf("connect to Dovecot: %v (run scripts/mailtest.sh start)", err)
	}
	if err := c.Login(addr(user), user+"-pw").Wait(); err != nil {
		t.Fatalf("log in as %s: %v", user, err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// reset empties the INBOX, Traités and Quarantaine of each user.
func reset(t testing.TB, users ...string) {
	t.Helper()
	for _, u := range users {
		c := login(t, u)
		for _, mbox := range []string{"INBOX", "Traités", "Quarantaine"} {
			if _, err := c.Select(mbox, nil).Wait(); err != nil {
				continue // not created yet
			}
			if err := c.Store(imap.SeqSet{{Start: 1, Stop: 0}}, &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true,
				Flags: []imap.Flag{imap.FlagDeleted}}, nil).Close(); err != nil {
				var ie *imap.Error
				if !errors.As(err, &ie) {
					t.Fatal(err)
				}
			}
			if err := c.Expunge().Close(); err != nil {
				t.Fatal(err)
			}
		}
		c.Close()
	}
}

// count returns the number of messages in user's mailbox (0 when missing).
func count(t testing.TB, user, mbox string) int {
	t.Helper()
	c := login(t, user)
	defer c.Close()
	st, err := c.Status(mbox, &imap.StatusOptions{NumMessages: true}).Wait()
	if err != nil {
		return 0
	}
	return int(*st.NumMessages)
}

// fetchAll returns every message of user's mailbox, whole.
func fetchAll(t testing.TB, user, mbox string) [][]byte {
	t.Helper()
	c := login(t, user)
	defer c.Close()
	if _, err := c.Select(mbox, &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		return nil
	}
	sec := &imap.FetchItemBodySection{Peek: true}
	msgs, err := c.Fetch(imap.SeqSet{{Start: 1, Stop: 0}}, &imap.FetchOptions{BodySection: []*imap.FetchItemBodySection{sec}}).Collect()
	if err != nil {
		var ie *imap.Error
		if errors.As(err, &ie) {
			return nil // empty mailbox
		}
		t.Fatal(err)
	}
	var out [][]byte
	for _, m := range msgs {
		out = append(out, m.FindBodySection(sec))
	}
	return out
}

// waitCount waits up to d for user's mailbox to hold n messages.
func waitCount(t testing.TB, d time.Duration, user, mbox string, n int) {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		got := count(t, user, mbox)
		if got == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s/%s holds %d messages after %v, want %d", user, mbox, got, d, n)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// send submits raw to Postfix from → to.
func send(t testing.TB, from string, to []string, raw []byte) {
	t.Helper()
	sendVia(t, smtpAddr, from, to, raw)
}

// sendVia submits raw to the SMTP server at server, from → to.
func sendVia(t testing.TB, server, from string, to []string, raw []byte) {
	t.Helper()
	c, err := smtp.Dial(server)
	if err != nil {
		t.Fatalf("connect to Postfix: %v (run scripts/mailtest.sh start)", err)
	}
	defer c.Close()
	if err := c.SendMail(from, to, bytes.NewReader(raw)); err != nil {
		t.Fatalf("send mail from %s: %v", from, err)
	}
}

// submission composes a territory's mail to the intake mailbox.
func submission(t testing.TB, from, to, subject, messageID string, files map[string][]byte) []byte {
	t.Helper()
	d := mail.Draft{From: from, To: []string{to}, Subject: subject, MessageID: messageID,
		Text: "Bonjour,\n\nVeuillez trouver ci-joint notre rapport annuel d'exécution.\n"}
	for name, data := range files {
		d.Attachments = append(d.Attachments, mail.Attachment{Name: name,
			ContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Data: data})
	}
	raw, _, err := mail.Compose(d)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// register returns a two-territory register: Ain (senders and recipients
// given), Lyon (its own sender).
func register(ainSender, ainRecipient, lyonSender string) *reconcile.Register {
	plans := func(state int64) map[int]reconcile.Plan {
		out := map[int]reconcile.Plan{}
		for y := reconcile.FirstYear; y <= reconcile.LastYear; y++ {
			out[y] = reconcile.Plan{State: reconcile.Amount(state), Territory: reconcile.Amount(state)}
		}
		return out
	}
	contract := func(siren, name string, typ reconcile.TerritoryType, senders, recipients []string) reconcile.Contract {
		return reconcile.Contract{
			Territory: reconcile.Territory{SIREN: siren, Name: name, Type: typ, Departements: []string{"01"}, AxisCount: 3,
				AnnualCeiling: 100_000_000, Senders: senders, Recipients: recipients},
			Actions: []reconcile.Action{
				{Code: "ENF-01", Axis: reconcile.AxisEnfance, Title: "Petits déjeuners à l'école", Nature: reconcile.NatureNouvelle, Plans: plans(12_000_000)},
				{Code: "ACC-01", Axis: reconcile.AxisAccesDroits, Title: "Accès aux droits", Nature: reconcile.NatureNouvelle, Plans: plans(8_000_000)},
				{Code: "TRA-01", Axis: reconcile.AxisTransition, Title: "Transition solidaire", Nature: reconcile.NatureNouvelle, Plans: plans(5_000_000)},
			},
		}
	}
	reg := &reconcile.Register{ImportedAt: time.Date(2026, 1, 5, 9, 0, 0, 0, reconcile.Paris), Source: "registre-e2e.xlsx",
		SHA256: strings.Repeat("ab", 32), Contracts: []reconcile.Contract{
			contract(sirenAin, "Département de l'Ain", reconcile.TypeDepartement, []string{ainSender}, []string{ainRecipient}),
			contract(sirenLyo, "Métropole de Lyon", reconcile.TypeMetropole, []string{lyonSender}, nil),
		}}
	reg.Sort()
	return reg
}

var (
	workbookOnce sync.Map // siren → []byte
)

// filledWorkbook returns the territory's workbook for year, generated by
// pactd and filled by openpyxl as a territory would (every amount spent as
// planned, every status "Réalisée").
func filledWorkbook(t testing.TB, reg *reconcile.Register, siren string) (string, []byte) {
	t.Helper()
	c := reg.Contract(siren)
	name := templates.FileName(c.Territory, year)
	if b, ok := workbookOnce.Load(siren); ok {
		return name, b.([]byte)
	}
	dir := t.TempDir()
	in, out := filepath.Join(dir, "modele.xlsx"), filepath.Join(dir, name)
	var buf bytes.Buffer
	if err := templates.Generate(&buf, reg, siren, year); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	var edits []fill.Edit
	for _, a := range c.ActionsFor(year) {
		p := a.Plans[year]
		edits = append(edits,
			fill.SetNumber(fill.At{Sheet: templates.SheetActions, Row: a.Code, Col: templates.HeaderStateSpent}, p.State.Euros()),
			fill.SetNumber(fill.At{Sheet: templates.SheetActions, Row: a.Code, Col: templates.HeaderTerritorySpent}, p.Territory.Euros()),
			fill.SetNumber(fill.At{Sheet: templates.SheetActions, Row: a.Code, Col: templates.HeaderOtherSpent}, 0),
			fill.SetText(fill.At{Sheet: templates.SheetActions, Row: a.Code, Col: templates.HeaderStatus}, "Réalisée"))
	}
	edits = append(edits, fill.SetLabel(templates.SheetIdentification, "Référent", "Jeanne Martin"),
		fill.SetLabel(templates.SheetIdentification, "Courriel", "jeanne.martin@example.test"))
	if err := fill.Openpyxl(context.Background(), []fill.Job{{In: in, Out: out, Edits: edits}}); err != nil {
		t.Fatalf("fill workbook with openpyxl: %v", err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	workbookOnce.Store(siren, b)
	return name, b
}

// unauthenticated is the sender policy of the tests that mail through
// :2525, where no server writes Authentication-Results: said explicitly,
// since the default quarantines everything. auth_test.go goes through
// OpenDKIM and OpenDMARC instead.
var unauthenticated = ingest.SenderAuth{Disabled: true}

// intake is the daemon's mail side wired as pactd run wires it: a SQLite
// store, the pipeline with the mail acknowledger, the outbox to Postfix and
// the IMAP source of one account.
type intake struct {
	store    *sqlite.Store
	outbox   *mail.Outbox
	source   *ingest.IMAPSource
	pipeline *ingest.Pipeline
	sender   *mail.SMTP
}

func newIntake(t testing.TB, dbPath, depot, smtpURL string, log zerolog.Logger) *intake {
	t.Helper()
	in, err := buildIntake(dbPath, depot, smtpURL, tlsConfig(t), log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { in.store.Close() })
	return in
}

// buildIntake wires the intake of depot's mailbox over the database at
// dbPath, sending through smtpURL.
func buildIntake(dbPath, depot, smtpURL string, tc *tls.Config, log zerolog.Logger) (*intake, error) {
	store, err := sqlite.Open(context.Background(), dbPath)
	if err != nil {
		return nil, err
	}
	sender, err := mail.NewSMTP(smtpURL, tc)
	if err != nil {
		return nil, err
	}
	ob := mail.NewOutbox(store, sender, log)
	ob.MinBackoff = 200 * time.Millisecond
	ob.MaxBackoff = time.Second
	ob.Interval = 500 * time.Millisecond
	ob.ClaimFor = 3 * time.Second // a send cut by a crash is retried soon
	ack := mail.NewAcknowledger(ob, store, "Pacte des solidarités <"+addr(depot)+">", log)
	p := &ingest.Pipeline{Store: store, Ack: ack, Log: log}
	src, err := ingest.NewIMAPSource(ingest.IMAPConfig{URL: imapURL(depot), TLSConfig: tc,
		Poll: 2 * time.Second, MinBackoff: 100 * time.Millisecond, Auth: unauthenticated}, store, p, ack, log)
	if err != nil {
		return nil, err
	}
	return &intake{store: store, outbox: ob, source: src, pipeline: p, sender: sender}, nil
}

// run runs the source and the outbox until the returned stop is called.
func (in *intake) run(t testing.TB) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for _, r := range []interface{ Run(context.Context) error }{in.source, in.outbox} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := r.Run(ctx); err != nil {
				t.Errorf("Run: %v", err)
			}
		}()
	}
	var once sync.Once
	stop = func() { once.Do(func() { cancel(); wg.Wait() }) }
	t.Cleanup(stop)
	return stop
}
