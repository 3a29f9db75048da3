package mail_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/rs/zerolog"

	"github.com/pactd/pactd/internal/mail"
	"github.com/pactd/pactd/internal/mailtest"
)

// inbox counts the messages of user's INBOX whose subject holds subject.
func inbox(t *testing.T, user, subject string) int {
	t.Helper()
	c := mailtest.Mailbox(t, user+"@example.test", user+"-pw")
	defer c.Close()
	sd, err := c.UIDSearch(&imap.SearchCriteria{Header: []imap.SearchCriteriaHeaderField{{Key: "Subject", Value: subject}}}, nil).Wait()
	if err != nil {
		t.Fatal(err)
	}
	return len(sd.AllUIDs())
}

func waitInbox(t *testing.T, user, subject string, want int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for inbox(t, user, subject) < want {
		if time.Now().After(deadline) {
			t.Fatalf("%d message(s) %q in %s after 30 s, want %d", inbox(t, user, subject), subject, user, want)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// TestOutboxPostfixWrongPassword sends through real Postfix on SMTPS with
// a wrong password: the real AUTH 535 keeps every message pending, never
// failed however long it lasts, the outbox reports itself unhealthy with a
// French reason naming no account; with the password fixed everything
// leaves, once, and the outbox is healthy again.
func TestOutboxPostfixWrongPassword(t *testing.T) {
	mailtest.Enabled(t)
	mailtest.Empty(t, "outage-rcpt@example.test", "outage-rcpt-pw")
	st := openStore(t)
	ctx := context.Background()
	subject := "Accusé 535 " + time.Now().Format(time.RFC3339Nano)
	bad, err := mail.NewSMTP("smtps://e2e-depot%40example.test:mauvais-mot-de-passe@"+mailtest.SMTPSAddr, mailtest.TLSConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	o := mail.NewOutbox(st, bad, zerolog.Nop())
	o.GiveUpAfter = time.Nanosecond // would fail any message the server refused
	for _, k := range []string{"535:a", "535:b"} {
		d := draft(k+subject, "outage-rcpt@example.test")
		d.From, d.Subject = "Pacte <e2e-depot@example.test>", subject
		if _, _, err := o.EnqueueDraft(ctx, "ack", d); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := o.Flush(ctx); err != nil { // one attempt: the pass stops at the server fault
		t.Fatal(err)
	}
	o.Now = func() time.Time { return time.Now().Add(time.Hour) } // the back-off is over
	if _, err := o.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if p, f, _ := o.Counts(ctx); p != 2 || f != 0 {
		t.Fatalf("with a wrong password: %d pending, %d failed; want 2 pending", p, f)
	}
	for _, k := range []string{"535:a", "535:b"} { // one attempt a pass, in turn
		m, _ := o.Status(ctx, k+subject)
		if m.Attempts != 1 || !strings.Contains(m.LastError, "535") || !strings.Contains(m.LastError, "mot de passe") {
			t.Errorf("message %s: %+v", k, m)
		}
	}
	h := o.State(ctx)
	if h.OK || !strings.Contains(h.Problem, "a refusé l'identifiant ou le mot de passe") ||
		strings.Contains(h.Problem, "e2e-depot") || strings.Contains(h.Problem, "127.0.0.1") {
		t.Errorf("outbox health with a wrong password: %+v", h)
	}

	good, _ := mail.NewSMTP("smtps://e2e-depot%40example.test:e2e-depot-pw@"+mailtest.SMTPSAddr, mailtest.TLSConfig(t))
	fixed := mail.NewOutbox(st, good, zerolog.Nop())
	fixed.Now = func() time.Time { return time.Now().Add(2 * time.Hour) } // past the back-off
	if r, err := fixed.Flush(ctx); err != nil || r.Sent != 2 {
		t.Fatalf("with the password fixed: %+v, %v", r, err)
	}
	if h := fixed.State(ctx); !h.OK || h.LastSuccess.IsZero() {
		t.Errorf("health once delivered: %+v", h)
	}
	waitInbox(t, "outage-rcpt", subject, 2)
}

// TestOutboxPostfixRefusedRecipient: Postfix refuses a domain it does not
// deliver at RCPT (5xx). That recipient alone is refused for good; the
// other recipient of the same message gets it.
func TestOutboxPostfixRefusedRecipient(t *testing.T) {
	mailtest.Enabled(t)
	mailtest.Empty(t, "outage-rcpt@example.test", "outage-rcpt-pw")
	sender, _ := mail.NewSMTP("smtp://"+mailtest.SMTPAddr, mailtest.TLSConfig(t))
	o := mail.NewOutbox(openStore(t), sender, zerolog.Nop())
	ctx := context.Background()
	subject := "Accusé destinataire refusé " + time.Now().Format(time.RFC3339Nano)
	d := draft("rcpt:"+subject, "outage-rcpt@example.test", "personne@ailleurs.invalid")
	d.From, d.Subject = "Pacte <e2e-depot@example.test>", subject
	o.EnqueueDraft(ctx, "ack", d)
	if r, err := o.Flush(ctx); err != nil || r.Sent != 1 {
		t.Fatalf("Flush = %+v, %v", r, err)
	}
	m, _ := o.Status(ctx, "rcpt:"+subject)
	if m.State != mail.Sent || strings.Join(m.Delivered, ",") != "outage-rcpt@example.test" || len(m.Refused) != 1 ||
		!strings.HasPrefix(m.Refused[0], "personne@ailleurs.invalid: SMTP error 550") {
		t.Errorf("message %+v", m)
	}
	if h := o.State(ctx); !h.OK {
		t.Errorf("a refused recipient made the outbox unhealthy: %+v", h)
	}
	waitInbox(t, "outage-rcpt", subject, 1)
}

// TestOutboxPostfixOutage stops the second Postfix: the outbox reports
// itself unhealthy while it is down, and healthy once the message left.
func TestOutboxPostfixOutage(t *testing.T) {
	mailtest.Enabled(t)
	mailtest.Empty(t, "outage-rcpt@example.test", "outage-rcpt-pw")
	sender, _ := mail.NewSMTP("smtp://"+mailtest.OutageAddr, mailtest.TLSConfig(t))
	o := mail.NewOutbox(openStore(t), sender, zerolog.Nop())
	o.MinBackoff, o.MaxBackoff = time.Millisecond, time.Millisecond
	ctx := context.Background()
	subject := "Accusé panne " + time.Now().Format(time.RFC3339Nano)
	d := draft("outage:"+subject, "outage-rcpt@example.test")
	d.From, d.Subject = "Pacte <e2e-depot@example.test>", subject

	mailtest.Outage(t, "stop")
	t.Cleanup(func() { mailtest.Outage(t, "start") })
	o.EnqueueDraft(ctx, "ack", d)
	o.Flush(ctx)
	if h := o.State(ctx); h.OK || !strings.Contains(h.Problem, "ne répond pas") {
		t.Errorf("health during the outage: %+v", h)
	}
	mailtest.Outage(t, "start")
	deadline := time.Now().Add(30 * time.Second)
	for {
		time.Sleep(200 * time.Millisecond)
		if r, _ := o.Flush(ctx); r.Sent == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("not delivered 30 s after Postfix restarted")
		}
	}
	if h := o.State(ctx); !h.OK {
		t.Errorf("health after the outage: %+v", h)
	}
	waitInbox(t, "outage-rcpt", subject, 1)
}
