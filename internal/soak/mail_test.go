package soak_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-smtp"

	"github.com/pactd/pactd/internal/mail"
	"github.com/pactd/pactd/internal/mailtest"
)

// The soak's accounts (scripts/mailtest.sh creates them): the intake
// mailbox, the territories' sender (authorised for every territory of the
// register) and the recipient every acknowledgment also goes to (the
// registered recipient of every territory).
const (
	depotUser  = "soak-depot"
	senderUser = "soak-ain"
	destUser   = "soak-dest"
	// unknownSender is authorised for no territory: its message is set
	// aside, and its move to Quarantaine is refused by the access list.
	unknownSender = "inconnu@example.test"
)

var (
	caPath         = filepath.Join(mailtest.Dir(), "tls", "cert.pem")
	imapsAddr      = "127.0.0.1:1993"
	outageSMTP     = "127.0.0.1:2527" // pactd sends here; the soak stops this Postfix instance
	soakPostfixDir = filepath.Join(mailtest.Dir(), "postfix-soak")
	doveconf       = filepath.Join(mailtest.Dir(), "dovecot.conf")
	usersFile      = filepath.Join(mailtest.Dir(), "users")
)

func addr(user string) string { return user + "@example.test" }

// login opens an IMAPS session as user.
func login(tb testing.TB, user string) *imapclient.Client {
	tb.Helper()
	c, err := imapclient.DialTLS(imapsAddr, &imapclient.Options{TLSConfig: mailtest.TLSConfig(tb)})
	if err != nil {
		tb.Fatalf("connect to Dovecot: %v (run scripts/mailtest.sh start)", err)
	}
	if err := c.Login(addr(user), user+"-pw").Wait(); err != nil {
		c.Close()
		tb.Fatalf("log in as %s: %v (run scripts/mailtest.sh start: it creates the soak's accounts)", user, err)
	}
	return c
}

// resetAccounts empties every folder of the soak's accounts and removes
// their access lists.
func resetAccounts(tb testing.TB) {
	tb.Helper()
	for _, u := range []string{depotUser, senderUser, destUser} {
		acl := filepath.Join(mailtest.Dir(), "mail", u, "Maildir", ".Quarantaine", "dovecot-acl")
		if err := os.Remove(acl); err != nil && !errors.Is(err, os.ErrNotExist) {
			tb.Fatal(err)
		}
		c := login(tb, u)
		for _, mbox := range []string{"INBOX", "Traités", "Quarantaine"} {
			if _, err := c.Select(mbox, nil).Wait(); err != nil {
				continue // not created yet
			}
			if err := c.Store(imap.SeqSet{{Start: 1, Stop: 0}}, &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true,
				Flags: []imap.Flag{imap.FlagDeleted}}, nil).Close(); err != nil {
				var ie *imap.Error
				if !errors.As(err, &ie) { // NO: the folder is empty
					tb.Fatal(err)
				}
			}
			if err := c.Expunge().Close(); err != nil {
				tb.Fatal(err)
			}
		}
		c.Close()
	}
}

// denyQuarantine creates the intake account's Quarantaine folder and takes
// away its insert right: no message can be moved there until cleanup.
func denyQuarantine(tb testing.TB) {
	tb.Helper()
	c := login(tb, depotUser)
	if err := c.Create("Quarantaine", nil).Wait(); err != nil {
		var ie *imap.Error
		if !errors.As(err, &ie) || ie.Code != imap.ResponseCodeAlreadyExists {
			tb.Fatalf("create Quarantaine: %v", err)
		}
	}
	c.Close()
	dir := filepath.Join(mailtest.Dir(), "mail", depotUser, "Maildir", ".Quarantaine")
	acl := filepath.Join(dir, "dovecot-acl")
	if err := os.WriteFile(acl, []byte("owner lrwstek\n"), 0o600); err != nil {
		tb.Fatalf("write the access list of Quarantaine: %v", err)
	}
	if out, err := exec.Command("chown", "mail:mail", acl).CombinedOutput(); err != nil {
		tb.Fatalf("chown %s: %v %s", acl, err, out)
	}
	tb.Cleanup(func() { os.Remove(acl) })
}

// refuseLogins makes Dovecot refuse the intake account's password (its
// passwd-file line gets another one; Dovecot rereads the file when it
// changes) and kicks its open sessions; allowLogins puts the line back.
// The caller holds the mail lock exclusively.
func refuseLogins(tb testing.TB) {
	tb.Helper()
	editUsers(tb, depotUser+"-pw", depotUser+"-refused")
	if out, err := exec.Command("doveadm", "-c", doveconf, "kick", addr(depotUser)).CombinedOutput(); err != nil &&
		!strings.Contains(string(out), "no users") {
		tb.Logf("doveadm kick %s: %v %s", addr(depotUser), err, out)
	}
}

func allowLogins(tb testing.TB) {
	tb.Helper()
	editUsers(tb, depotUser+"-refused", depotUser+"-pw")
}

// editUsers replaces the intake account's password from with to in
// Dovecot's passwd-file, atomically.
func editUsers(tb testing.TB, from, to string) {
	tb.Helper()
	if err := replacePassword(from, to); err != nil {
		tb.Fatal(err)
	}
}

func replacePassword(from, to string) error {
	data, err := os.ReadFile(usersFile)
	if err != nil {
		return err
	}
	prefix := addr(depotUser) + ":{PLAIN}"
	lines := strings.Split(string(data), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, prefix+from+":") {
			lines[i] = prefix + to + strings.TrimPrefix(l, prefix+from)
		}
	}
	tmp := usersFile + ".soak"
	if err := os.WriteFile(tmp, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, usersFile)
}

// soakPostfix stops ("stop") or starts ("start") the Postfix instance of
// scripts/mailtest.sh that only the soak uses (SMTP on outageSMTP).
func soakPostfix(tb testing.TB, action string) {
	tb.Helper()
	if err := postfixDo(action); err != nil {
		tb.Fatal(err)
	}
}

func postfixDo(action string) error {
	running := exec.Command("postfix", "-c", soakPostfixDir, "status").Run() == nil
	if running == (action == "start") {
		return nil // already in that state (postfix would fail)
	}
	if out, err := exec.Command("postfix", "-c", soakPostfixDir, action).CombinedOutput(); err != nil {
		return fmt.Errorf("postfix -c %s %s: %v\n%s", soakPostfixDir, action, err, out)
	}
	return nil
}

// sendMail submits raw to the main Postfix (the one the soak never
// stops), from → to.
func sendMail(from string, to []string, raw []byte) error {
	c, err := smtp.Dial(mailtest.SMTPAddr)
	if err != nil {
		return fmt.Errorf("connect to Postfix: %w", err)
	}
	defer c.Close()
	return c.SendMail(from, to, bytes.NewReader(raw))
}

// submission composes a territory's mail to the intake mailbox.
func submission(from, subject, messageID, name string, data []byte) ([]byte, error) {
	d := mail.Draft{From: from, To: []string{addr(depotUser)}, Subject: subject, MessageID: messageID,
		Text: "Bonjour,\n\nVeuillez trouver ci-joint notre rapport annuel d'exécution.\n",
		Attachments: []mail.Attachment{{Name: name,
			ContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Data: data}}}
	raw, _, err := mail.Compose(d)
	return raw, err
}

// ackName matches the acknowledgment PDF's attachment name and captures
// the receipt number.
var ackName = regexp.MustCompile(`^accuse-reception-(AR-\d{4}-\d+)\.pdf$`)

// deliveredAcks returns, for user's INBOX, how many messages carry each
// receipt's acknowledgment PDF, read from the body structures.
func deliveredAcks(tb testing.TB, user string) map[string]int {
	tb.Helper()
	c := login(tb, user)
	defer c.Close()
	out := map[string]int{}
	sel, err := c.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		tb.Fatal(err)
	}
	if sel.NumMessages == 0 {
		return out
	}
	msgs, err := c.Fetch(imap.SeqSet{{Start: 1, Stop: 0}}, &imap.FetchOptions{
		BodyStructure: &imap.FetchItemBodyStructure{Extended: true}}).Collect()
	if err != nil {
		tb.Fatal(err)
	}
	for _, m := range msgs {
		if m.BodyStructure == nil {
			continue
		}
		m.BodyStructure.Walk(func(_ []int, p imap.BodyStructure) bool {
			if sp, ok := p.(*imap.BodyStructureSinglePart); ok {
				if g := ackName.FindStringSubmatch(sp.Filename()); g != nil {
					out[g[1]]++
				}
			}
			return true
		})
	}
	return out
}

// inboxCount returns the number of messages in user's mailbox (0 when it
// does not exist).
func inboxCount(tb testing.TB, user, mbox string) int {
	tb.Helper()
	c := login(tb, user)
	defer c.Close()
	st, err := c.Status(mbox, &imap.StatusOptions{NumMessages: true}).Wait()
	if err != nil {
		return 0
	}
	return int(*st.NumMessages)
}

// waitInbox waits up to d for user's INBOX to hold at least n messages.
func waitInbox(tb testing.TB, d time.Duration, user string, n int) {
	tb.Helper()
	deadline := time.Now().Add(d)
	for inboxCount(tb, user, "INBOX") < n {
		if time.Now().After(deadline) {
			tb.Fatalf("%s's INBOX holds %d messages after %v, want %d", user, inboxCount(tb, user, "INBOX"), d, n)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
