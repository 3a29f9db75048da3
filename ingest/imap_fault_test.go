package ingest_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/rs/zerolog"

	"github.com/pactd/pactd/ingest"
	"github.com/pactd/pactd/internal/mailstate"
)

// The loopback Dovecot of scripts/mailtest.sh; the account alice is used
// by this file only.
const (
	dovecotCA    = "/tmp/mailtest/tls/cert.pem"
	dovecotIMAPS = "127.0.0.1:1993"
	faultUser    = "alice"
	faultMaildir = "/tmp/mailtest/mail/alice/Maildir"
)

// dovecot logs in to the loopback Dovecot as alice, with an empty INBOX,
// Traités and Quarantaine, or skips the test when the servers are not
// there.
func dovecot(t *testing.T) (*imapclient.Client, *tls.Config) {
	t.Helper()
	if os.Getenv("PACTD_TEST_MAIL") != "1" {
		t.Skip("loopback Dovecot needed: scripts/mailtest.sh start, then PACTD_TEST_MAIL=1")
	}
	pem, err := os.ReadFile(dovecotCA)
	if err != nil {
		t.Skipf("test CA missing (%v): scripts/mailtest.sh start", err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	tc := &tls.Config{RootCAs: pool, ServerName: "localhost"}
	c, err := imapclient.DialTLS(dovecotIMAPS, &imapclient.Options{TLSConfig: tc})
	if err != nil {
		t.Fatalf("connect to Dovecot: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.Login(faultUser+"@example.test", faultUser+"-pw").Wait(); err != nil {
		t.Fatal(err)
	}
	for _, mbox := range []string{"INBOX", "Traités", "Quarantaine"} {
		if err := c.Create(mbox, nil).Wait(); err != nil {
			var ie *imap.Error
			if !errors.As(err, &ie) {
				t.Fatal(err)
			}
		}
		if _, err := c.Select(mbox, nil).Wait(); err != nil {
			t.Fatal(err)
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
	return c, tc
}

// readOnlyFolder makes a maildir folder of alice refuse new messages on
// disk, as a folder over quota or without the right to write does, until
// the test ends.
func readOnlyFolder(t *testing.T, folder string) {
	t.Helper()
	for _, sub := range []string{"cur", "new", "tmp"} {
		p := filepath.Join(faultMaildir, "."+folder, sub)
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(p, fi.Mode().Perm()) })
	}
}

// TestIMAPPoisonAndUnmovableMessage, on the real Dovecot: a message whose
// workbook panics the parser is tried max_attempts times, then set aside
// (quarantine entry, administrators alerted) without ever stopping the
// good messages behind it; it cannot be moved to Quarantaine (a folder
// Dovecot refuses to write), so after max_attempts refused moves it is
// recorded done where it is, the administrators are told, and new mail is
// read in every scan meanwhile.
func TestIMAPPoisonAndUnmovableMessage(t *testing.T) {
	c, tc := dovecot(t)
	defer ingest.PanicOnPANIQUE()()
	readOnlyFolder(t, "Quarantaine")
	p, st, reg := newPipeline(t)
	sender := reg.Contract(ainSIREN).Territory.Senders[0]
	if strings.HasPrefix(sender, "@") { // a whole domain is authorised
		sender = "referent" + sender
	}
	good := filledWorkbook(t, reg, ainSIREN, nil)
	appendRaw(t, c, "INBOX", message(t, sender, "poison", map[string][]byte{"CLS_2025_PANIQUE.xlsx": good}))
	appendRaw(t, c, "INBOX", message(t, sender, "bon 1", map[string][]byte{"CLS_2025_ain.xlsx": good}))
	al := &alerts{}
	src, err := ingest.NewIMAPSource(ingest.IMAPConfig{
		URL: "imaps://" + faultUser + "%40example.test:" + faultUser + "-pw@" + dovecotIMAPS + "/INBOX", TLSConfig: tc,
		Poll: 300 * time.Millisecond, NoIdle: true, MinBackoff: 100 * time.Millisecond, Retry: 200 * time.Millisecond,
		Auth:     ingest.SenderAuth{Disabled: true},
		Attempts: &ingest.Attempts{Store: st, Max: 2, Alert: al}}, st, p, nil, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	stop := runSource(t, src)
	defer stop()
	ctx := context.Background()
	waitFor(t, 20*time.Second, "the poison message set aside", func() bool {
		qs, err := st.QuarantineEntries(ctx, time.Time{})
		return err == nil && len(qs) == 1
	})
	// The poison message sits at the head, unmovable: new mail is read.
	appendRaw(t, c, "INBOX", message(t, sender, "bon 2", map[string][]byte{"CLS_2025_ain_v2.xlsx": good}))
	waitFor(t, 20*time.Second, "both good messages in Traités and the unmovable one given up", func() bool {
		return count(t, c, "Traités") == 2 && al.count() == 2
	})
	// The floor rises past it at the end of the scan.
	waitFor(t, 10*time.Second, "the floor past the unmovable message", func() bool {
		qs, err := st.QuarantineEntries(ctx, time.Time{})
		if err != nil || len(qs) != 1 {
			return false
		}
		mb, _, err := st.IMAPMailbox(ctx, faultUser+"@example.test@127.0.0.1", "INBOX")
		return err == nil && mb.Floor >= qs[0].Origin.UID+2
	})
	stop()
	if n := count(t, c, "INBOX"); n != 1 {
		t.Errorf("INBOX holds %d messages, want the unmovable one", n)
	}
	qs, err := st.QuarantineEntries(ctx, time.Time{})
	if err != nil || len(qs) != 1 || !strings.Contains(qs[0].Reason, "2 fois") || !strings.Contains(qs[0].Reason, "panic") ||
		qs[0].FileName != "CLS_2025_PANIQUE.xlsx" {
		t.Fatalf("quarantine = %+v (%v), want the poison message with its attempts and the panic", qs, err)
	}
	acct := faultUser + "@example.test@127.0.0.1"
	entries, err := st.IMAPMessages(ctx, acct, "INBOX", qs[0].Origin.UIDValidity, 0)
	if err != nil {
		t.Fatal(err)
	}
	e, ok := entries[qs[0].Origin.UID]
	if !ok || e.State != mailstate.LedgerDone || !strings.Contains(e.Outcome, "n'a pas pu être déplacé") {
		t.Errorf("ledger entry of the unmovable message: %+v (found %v; accounts: %v)", e, ok, entries)
	}
}
