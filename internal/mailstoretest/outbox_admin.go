package mailstoretest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pactd/pactd/internal/mail"
	"github.com/pactd/pactd/reconcile"
)

// testOutboxRetry checks RetryMail: a failed message is pending again at
// now, its refused recipients back among those to deliver; a sent one is
// refused with ErrAlreadySent, an unknown one with ErrNotFound.
func testOutboxRetry(t *testing.T, s Store) {
	ctx := context.Background()
	now := time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)
	m := &mail.Message{Key: "retry:1", Kind: "ack", From: "depot@example.test", To: []string{"a@example.test", "b@example.test"},
		MessageID: "pactd.r1@example.test", Subject: "s", Raw: []byte("x"), State: mail.Pending, NextAttempt: now, CreatedAt: now}
	if _, err := s.EnqueueMail(ctx, m); err != nil {
		t.Fatal(err)
	}
	m.State, m.To, m.Refused, m.Attempts, m.LastError = mail.Failed, []string{"b@example.test"},
		[]string{"a@example.test: 550 5.1.1 no such user"}, 3, "abandon"
	if err := s.UpdateMail(ctx, m); err != nil {
		t.Fatal(err)
	}
	later := now.Add(time.Hour)
	got, err := s.RetryMail(ctx, m.ID, later)
	if err != nil || got.State != mail.Pending || strings.Join(got.To, ",") != "b@example.test,a@example.test" ||
		len(got.Refused) != 0 || !got.NextAttempt.Equal(later) || !got.RetriedAt.Equal(later) {
		t.Fatalf("RetryMail = %+v, %v", got, err)
	}
	stored, err := s.MailByID(ctx, m.ID)
	if err != nil || stored.State != mail.Pending || !stored.RetriedAt.Equal(later) || strings.Join(stored.To, ",") != "b@example.test,a@example.test" {
		t.Errorf("MailByID after RetryMail = %+v, %v", stored, err)
	}
	if due, _ := s.DueMail(ctx, later, 10); !hasKey(due, "retry:1") {
		t.Errorf("the retried message is not due at once")
	}
	stored.State, stored.SentAt = mail.Sent, later
	if err := s.UpdateMail(ctx, stored); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RetryMail(ctx, m.ID, later); !errors.Is(err, mail.ErrAlreadySent) {
		t.Errorf("RetryMail of a sent message = %v, want ErrAlreadySent", err)
	}
	if _, err := s.RetryMail(ctx, 987654, later); !errors.Is(err, reconcile.ErrNotFound) {
		t.Errorf("RetryMail of an unknown id = %v, want ErrNotFound", err)
	}
	if _, err := s.MailByID(ctx, 987654); !errors.Is(err, reconcile.ErrNotFound) {
		t.Errorf("MailByID of an unknown id = %v, want ErrNotFound", err)
	}
}

// testOutboxPurge checks SentMailToPurge and PurgeMail: only sent
// messages accepted before the limit, once each, the record kept.
func testOutboxPurge(t *testing.T, s Store) {
	ctx := context.Background()
	t0 := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	var ids []int64
	for i, k := range []string{"purge:old", "purge:new", "purge:pending"} {
		m := &mail.Message{Key: k, Kind: "weekly", From: "depot@example.test", To: []string{"c@example.test"},
			MessageID: "pactd." + k + "@example.test", Subject: "Rapport", Raw: []byte("raw of " + k), NextAttempt: t0, CreatedAt: t0}
		if _, err := s.EnqueueMail(ctx, m); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, m.ID)
		if i < 2 {
			m.State, m.SentAt, m.To, m.Delivered = mail.Sent, t0.Add(time.Duration(i)*48*time.Hour), nil, []string{"c@example.test"}
			if err := s.UpdateMail(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
	}
	limit := t0.Add(24 * time.Hour)
	ms, err := s.SentMailToPurge(ctx, limit, 100)
	old := withKey(ms, "purge:old")
	if err != nil || old == nil || string(old.Raw) != "raw of purge:old" || withKey(ms, "purge:new") != nil || withKey(ms, "purge:pending") != nil {
		t.Fatalf("SentMailToPurge = %+v, %v; want purge:old with its raw, not the others", ms, err)
	}
	at := t0.Add(30 * 24 * time.Hour)
	if err := s.PurgeMail(ctx, ids[0], []byte("headers only"), []string{"rapport.pdf", "annexe.xlsx"}, at); err != nil {
		t.Fatal(err)
	}
	if err := s.PurgeMail(ctx, ids[0], []byte("again"), []string{"x"}, at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	got, err := s.MailByKey(ctx, "purge:old")
	if err != nil || got.State != mail.Sent || !got.PurgedAt.Equal(at) || strings.Join(got.Attachments, ",") != "rapport.pdf,annexe.xlsx" ||
		got.Subject != "Rapport" {
		t.Errorf("purged record = %+v, %v", got, err)
	}
	if ms, _ := s.SentMailToPurge(ctx, limit, 100); withKey(ms, "purge:old") != nil {
		t.Errorf("a purged message is offered again: %+v", ms)
	}
	if err := s.PurgeMail(ctx, ids[2], []byte("x"), nil, at); err != nil {
		t.Fatal(err)
	}
	if p, _ := s.MailByKey(ctx, "purge:pending"); !p.PurgedAt.IsZero() {
		t.Errorf("a pending message was purged: %+v", p)
	}
}

func hasKey(ms []mail.Message, key string) bool { return withKey(ms, key) != nil }

func withKey(ms []mail.Message, key string) *mail.Message {
	for i := range ms {
		if ms[i].Key == key {
			return &ms[i]
		}
	}
	return nil
}
