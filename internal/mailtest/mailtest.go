// Package mailtest helps tests reach the loopback Dovecot and Postfix that
// scripts/mailtest.sh starts (accounts <user>@example.test with password
// <user>-pw). Only tests import it.
package mailtest

import (
	"crypto/tls"
	"crypto/x509"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// Addresses of the loopback servers of scripts/mailtest.sh.
const (
	IMAPAddr   = "127.0.0.1:1143" // IMAP, STARTTLS offered
	SMTPAddr   = "127.0.0.1:2525" // SMTP, STARTTLS and AUTH optional
	SMTPSAddr  = "127.0.0.1:1465" // SMTPS, AUTH required
	OutageAddr = "127.0.0.1:2526" // SMTP of the instance Outage stops
)

// Dir is where scripts/mailtest.sh keeps its state, the test CA included
// (Dir()/tls/cert.pem): $MAILTEST_DIR, or /tmp/mailtest.
func Dir() string {
	if d := os.Getenv("MAILTEST_DIR"); d != "" {
		return d
	}
	return "/tmp/mailtest"
}

// Require fails the test when Dovecot, Postfix or the test CA are missing,
// saying how to start them.
func Require(t testing.TB) {
	t.Helper()
	for _, addr := range []string{IMAPAddr, SMTPAddr} {
		c, err := net.DialTimeout("tcp", addr, 2*time.Second)
		if err != nil {
			t.Fatalf("no mail server on %s (%v): run `bash scripts/mailtest.sh start` as root, or scripts/test.sh", addr, err)
		}
		c.Close()
	}
	if _, err := os.Stat(filepath.Join(Dir(), "tls", "cert.pem")); err != nil {
		t.Fatalf("no test CA (%v): run `bash scripts/mailtest.sh start` as root, or scripts/test.sh", err)
	}
}

// Enabled skips the test, saying why, unless PACTD_TEST_MAIL=1 (which
// scripts/test.sh sets, and which a developer sets under the shared lock:
// flock /tmp/pactd-mail.lock env PACTD_TEST_MAIL=1 go test ...); then it
// requires the servers (Require).
func Enabled(t testing.TB) {
	t.Helper()
	if os.Getenv("PACTD_TEST_MAIL") != "1" {
		t.Skip("PACTD_TEST_MAIL is not 1: this test uses the loopback Dovecot and Postfix; run it under " +
			"`flock /tmp/pactd-mail.lock env PACTD_TEST_MAIL=1 go test`, or scripts/test.sh")
	}
	Require(t)
}

// TLSConfig trusts the test CA of scripts/mailtest.sh.
func TLSConfig(t testing.TB) *tls.Config {
	t.Helper()
	pem, err := os.ReadFile(filepath.Join(Dir(), "tls", "cert.pem"))
	if err != nil {
		t.Fatalf("read the test CA: %v", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatal("the test CA holds no certificate")
	}
	return &tls.Config{RootCAs: pool}
}

// Outage stops ("stop") or starts ("start") the second Postfix instance,
// SMTP on OutageAddr, that tests may stop without disturbing the main one.
// A test that stops it starts it again with t.Cleanup.
func Outage(t testing.TB, action string) {
	t.Helper()
	conf := filepath.Join(Dir(), "postfix-outage")
	running := exec.Command("postfix", "-c", conf, "status").Run() == nil
	if running == (action == "start") {
		return // already in that state (postfix would fail)
	}
	if out, err := exec.Command("postfix", "-c", conf, action).CombinedOutput(); err != nil {
		t.Fatalf("postfix -c %s %s: %v\n%s", conf, action, err, out)
	}
}

// Mailbox logs in to user's INBOX over plain IMAP on loopback; the caller
// closes the client.
func Mailbox(t testing.TB, user, pass string) *imapclient.Client {
	t.Helper()
	c, err := imapclient.DialInsecure(IMAPAddr, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Login(user, pass).Wait(); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Select("INBOX", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	return c
}

// Empty deletes every message of user's INBOX.
func Empty(t testing.TB, user, pass string) {
	t.Helper()
	c := Mailbox(t, user, pass)
	defer c.Close()
	sd, err := c.UIDSearch(&imap.SearchCriteria{}, nil).Wait()
	if err != nil {
		t.Fatal(err)
	}
	if uids := sd.AllUIDs(); len(uids) > 0 {
		if err := c.Store(imap.UIDSetNum(uids...), &imap.StoreFlags{Op: imap.StoreFlagsAdd, Flags: []imap.Flag{imap.FlagDeleted}, Silent: true}, nil).Close(); err != nil {
			t.Fatal(err)
		}
		if err := c.Expunge().Close(); err != nil {
			t.Fatal(err)
		}
	}
}
