// Package mailstoretest is the contract suite of the outbox (mail.Store) and
// the IMAP ledger (ingest.Ledger) that internal/sqlite and internal/postgres
// both run, so the two stores behave the same.
package mailstoretest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/pactd/pactd/ingest"
	"github.com/pactd/pactd/internal/mail"
	"github.com/pactd/pactd/reconcile"
)

// Store is what a database of pactd provides to the mail side.
type Store interface {
	mail.Store
	ingest.Ledger
}

// Run runs the suite on s, which must be empty.
func Run(t *testing.T, s Store) {
	t.Run("Outbox", func(t *testing.T) { testOutbox(t, s) })
	t.Run("OutboxRetry", func(t *testing.T) { testOutboxRetry(t, s) })
	t.Run("OutboxPurge", func(t *testing.T) { testOutboxPurge(t, s) })
	t.Run("Ledger", func(t *testing.T) { testLedger(t, s) })
}

func testOutbox(t *testing.T, s Store) {
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 9, 0, 0, 123456789, time.UTC)
	m := &mail.Message{Key: "ack:imap:a/INBOX/1/2/2", Kind: "ack", From: "depot@example.test",
		To: []string{"ain@example.test", "dest@example.test"}, MessageID: "pactd.1@example.test",
		Subject: "Re: Rapport — Ain", Raw: []byte("Subject: x\r\n\r\nbody\x00\xff"), State: mail.Pending,
		NextAttempt: now, CreatedAt: now}
	created, err := s.EnqueueMail(ctx, m)
	if err != nil || !created || m.ID == 0 {
		t.Fatalf("EnqueueMail = %v, %v (id %d)", created, err, m.ID)
	}
	again := &mail.Message{Key: m.Key, Kind: "ack", From: "other@example.test", To: []string{"x@example.test"},
		Raw: []byte("other"), NextAttempt: now, CreatedAt: now}
	created, err = s.EnqueueMail(ctx, again)
	if err != nil || created || again.ID != m.ID || again.From != m.From || len(again.To) != 2 {
		t.Fatalf("EnqueueMail of a known key = %v, %v, %+v; want the stored message, not created", created, err, again)
	}
	if _, err := s.MailByKey(ctx, "nope"); !errors.Is(err, reconcile.ErrNotFound) {
		t.Errorf("MailByKey(unknown) = %v, want ErrNotFound", err)
	}
	if due, err := s.DueMail(ctx, now.Add(-time.Second), 10); err != nil || len(due) != 0 {
		t.Errorf("DueMail before its time = %d, %v", len(due), err)
	}
	due, err := s.DueMail(ctx, now, 10)
	if err != nil || len(due) != 1 || string(due[0].Raw) != string(m.Raw) || !due[0].NextAttempt.Equal(now) {
		t.Fatalf("DueMail = %+v, %v", due, err)
	}
	ok, err := s.ClaimMail(ctx, m.ID, now, now.Add(time.Minute))
	if err != nil || !ok {
		t.Fatalf("ClaimMail = %v, %v", ok, err)
	}
	if ok, _ := s.ClaimMail(ctx, m.ID, now.Add(time.Second), now.Add(time.Minute)); ok {
		t.Error("a claimed message was claimed again")
	}
	if due, _ := s.DueMail(ctx, now.Add(time.Second), 10); len(due) != 0 {
		t.Error("a claimed message is listed due")
	}
	if ok, _ := s.ClaimMail(ctx, m.ID, now.Add(2*time.Minute), now.Add(3*time.Minute)); !ok {
		t.Error("an expired claim could not be taken over")
	}
	m.State, m.Attempts, m.To = mail.Pending, 1, []string{"dest@example.test"}
	m.Delivered, m.Refused = []string{"ain@example.test"}, nil
	m.NextAttempt, m.LastError = now.Add(time.Hour), "dest@example.test: 452 mailbox full"
	if err := s.UpdateMail(ctx, m); err != nil {
		t.Fatal(err)
	}
	if due, _ := s.DueMail(ctx, now.Add(2*time.Minute), 10); len(due) != 0 {
		t.Error("UpdateMail did not postpone the message")
	}
	got, err := s.MailByKey(ctx, m.Key)
	if err != nil || got.Attempts != 1 || len(got.To) != 1 || got.Delivered[0] != "ain@example.test" ||
		got.LastError != m.LastError || got.Raw != nil {
		t.Fatalf("MailByKey after update = %+v, %v", got, err)
	}
	m.State, m.SentAt, m.To = mail.Sent, now.Add(time.Hour), nil
	if err := s.UpdateMail(ctx, m); err != nil {
		t.Fatal(err)
	}
	f := &mail.Message{Key: "weekly:2026-W10", Kind: "weekly", From: "depot@example.test", To: []string{"c@example.test"},
		Raw: []byte("x"), NextAttempt: now, CreatedAt: now.Add(time.Second)}
	if _, err := s.EnqueueMail(ctx, f); err != nil {
		t.Fatal(err)
	}
	f.State, f.LastError = mail.Failed, "554 refused"
	if err := s.UpdateMail(ctx, f); err != nil {
		t.Fatal(err)
	}
	p, fl, err := s.MailCounts(ctx)
	if err != nil || p != 0 || fl != 1 {
		t.Errorf("MailCounts = %d pending, %d failed, %v; want 0, 1", p, fl, err)
	}
	list, err := s.Mails(ctx, mail.Filter{})
	if err != nil || len(list) != 2 || list[0].Key != f.Key || !list[1].SentAt.Equal(now.Add(time.Hour)) {
		t.Errorf("Mails = %+v, %v; want newest first", list, err)
	}
	if l, _ := s.Mails(ctx, mail.Filter{Kind: "ack", State: mail.Sent, Limit: 1}); len(l) != 1 || l[0].ID != m.ID {
		t.Errorf("Mails(ack, sent) = %+v", l)
	}
}

func testLedger(t *testing.T, s Store) {
	ctx := context.Background()
	acct, mbox := "depot@example.test@mail.example.test", "INBOX"
	if _, found, err := s.IMAPMailbox(ctx, acct, mbox); err != nil || found {
		t.Fatalf("IMAPMailbox of a new mailbox = found %v, %v", found, err)
	}
	big := uint32(4_000_000_000) // UIDVALIDITY and UIDs are 32-bit unsigned
	if err := s.SetIMAPMailbox(ctx, acct, mbox, ingest.LedgerMailbox{UIDValidity: big, Floor: 7}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetIMAPMailbox(ctx, acct, mbox, ingest.LedgerMailbox{UIDValidity: big, Floor: 9}); err != nil {
		t.Fatal(err)
	}
	lb, found, err := s.IMAPMailbox(ctx, acct, mbox)
	if err != nil || !found || lb.UIDValidity != big || lb.Floor != 9 {
		t.Fatalf("IMAPMailbox = %+v, %v, %v", lb, found, err)
	}
	for _, m := range []ingest.LedgerMessage{
		{UID: 9, MessageID: "a@x", State: ingest.LedgerDone, Dest: "Traités"},
		{UID: 10, MessageID: "b@x", State: ingest.LedgerProcessed, Dest: "Quarantaine", Outcome: "expéditeur non autorisé"},
		{UID: big, MessageID: "c@x", State: ingest.LedgerProcessed, Dest: "Traités"},
	} {
		m.Account, m.Mailbox, m.UIDValidity = acct, mbox, big
		if err := s.RecordIMAP(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	// Another UIDVALIDITY of the same mailbox.
	if err := s.RecordIMAP(ctx, ingest.LedgerMessage{Account: acct, Mailbox: mbox, UIDValidity: 5, UID: 11,
		MessageID: "b@x", State: ingest.LedgerProcessed, Dest: "Traités"}); err != nil {
		t.Fatal(err)
	}
	got, err := s.IMAPMessages(ctx, acct, mbox, big, 9)
	if err != nil || len(got) != 2 || got[10].Outcome != "expéditeur non autorisé" || got[big].State != ingest.LedgerProcessed {
		t.Fatalf("IMAPMessages above 9 = %+v, %v", got, err)
	}
	e := got[10]
	e.State = ingest.LedgerDone
	if err := s.RecordIMAP(ctx, e); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.IMAPMessages(ctx, acct, mbox, big, 9); got[10].State != ingest.LedgerDone {
		t.Errorf("RecordIMAP did not replace the entry: %+v", got[10])
	}
	prev, err := s.IMAPProcessedByMessageID(ctx, acct, mbox, "b@x")
	if err != nil || len(prev) != 1 || prev[0].UIDValidity != 5 || prev[0].UID != 11 {
		t.Errorf("IMAPProcessedByMessageID = %+v, %v; want the processed entry under UIDVALIDITY 5 only", prev, err)
	}
}
