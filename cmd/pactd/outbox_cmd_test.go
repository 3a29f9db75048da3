package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pactd/pactd/internal/mailstate"
)

// TestOutboxRetryCommand checks pactd outbox retry: a failed message goes
// back to pending, with its refused recipient; --all-failed takes every
// failed one; a sent message is a failed check (1), an unknown one a usage
// error (2).
func TestOutboxRetryCommand(t *testing.T) {
	path, st := rcStore(t, rcRegister())
	ctx := context.Background()
	now := time.Now()
	var ms []*mailstate.Message
	for i, state := range []mailstate.State{mailstate.Failed, mailstate.Failed, mailstate.Sent} {
		m := &mailstate.Message{Key: fmt.Sprintf("ack:%d", i), Kind: "ack", From: "pactd@example.test", To: []string{"ain@example.test"},
			MessageID: fmt.Sprintf("%d@pactd", i), Subject: fmt.Sprintf("Accusé %d", i), Raw: []byte("x"), NextAttempt: now, CreatedAt: now}
		if _, err := st.EnqueueMail(ctx, m); err != nil {
			t.Fatal(err)
		}
		m.State, m.Attempts = state, 3
		if state == mailstate.Failed {
			m.To, m.Refused, m.LastError = nil, []string{"ain@example.test: 554 5.7.1 relay access denied"}, "tous refusés"
		} else {
			m.SentAt = now
		}
		if err := st.UpdateMail(ctx, m); err != nil {
			t.Fatal(err)
		}
		ms = append(ms, m)
	}
	code, out, stderr := rcRun(t, path, "outbox", "retry", fmt.Sprint(ms[0].ID))
	want := fmt.Sprintf("Courriel n° %d (« Accusé 0 », à ain@example.test) remis en file d'envoi ; le service (pactd run) l'enverra à son prochain passage, dans la minute.\n", ms[0].ID)
	if code != exitOK || out != want {
		t.Errorf("retry: exit %d, stdout %q, stderr %q; want %q", code, out, stderr, want)
	}
	if m, _ := st.MailByID(ctx, ms[0].ID); m.State != mailstate.Pending || strings.Join(m.To, ",") != "ain@example.test" {
		t.Errorf("after retry: %+v", m)
	}
	code, out, _ = rcRun(t, path, "outbox", "retry", "--all-failed")
	if code != exitOK || !strings.HasPrefix(out, "1 courriel remis en file d'envoi") || !strings.Contains(out, "Accusé 1") {
		t.Errorf("--all-failed: exit %d, %q", code, out)
	}
	if code, out, _ := rcRun(t, path, "outbox", "retry", "--all-failed"); code != exitOK || out != "Aucun courriel en échec : rien à remettre en file.\n" {
		t.Errorf("--all-failed with none: exit %d, %q", code, out)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"outbox", "retry", fmt.Sprint(ms[2].ID)}, exitRejected, fmt.Sprintf("le courriel n° %d (« Accusé 2 ») a déjà été accepté par le serveur d'envoi le", ms[2].ID)},
		{[]string{"outbox", "retry", "999"}, exitUsage, "aucun courriel n° 999 dans la file d'envoi"},
		{[]string{"outbox", "retry"}, exitUsage, "indiquez un numéro de courriel ou --all-failed"},
		{[]string{"outbox", "retry", "7", "--all-failed"}, exitUsage, "indiquez un numéro de courriel ou --all-failed"},
		{[]string{"outbox", "retry", "sept"}, exitUsage, "« sept » n'est pas un numéro de courriel"},
		{[]string{"outbox"}, exitUsage, "sous-commande attendue"},
		{[]string{"outbox", "purge"}, exitUsage, "sous-commande inconnue « purge »"},
	} {
		code, _, stderr := rcRun(t, path, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tc.args, code, stderr, tc.code, tc.want)
		}
	}
}

// TestOutboxListShowsPurged checks that a sent message whose attachments
// were purged is still listed, with the names of what was removed.
func TestOutboxListShowsPurged(t *testing.T) {
	path, st := rcStore(t, rcRegister())
	ctx := context.Background()
	now := time.Now()
	m := &mailstate.Message{Key: "weekly:2026-W10", Kind: "weekly", From: "pactd@example.test", To: []string{"dgcs@example.test"},
		MessageID: "w@pactd", Subject: "Rapport hebdomadaire", Raw: []byte("x"), NextAttempt: now, CreatedAt: now.AddDate(0, 0, -100)}
	st.EnqueueMail(ctx, m)
	m.State, m.SentAt, m.Delivered, m.To = mailstate.Sent, now.AddDate(0, 0, -100), []string{"dgcs@example.test"}, nil
	st.UpdateMail(ctx, m)
	if err := st.PurgeMail(ctx, m.ID, []byte("Subject: x\r\n\r\n"), []string{"rapport-hebdomadaire-2026-03-02.pdf"}, now); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := rcRun(t, path, "outbox", "list")
	if code != exitOK || !strings.Contains(out, "envoyé") || !strings.Contains(out, "Rapport hebdomadaire") ||
		!strings.Contains(out, "supprimées le "+now.Format("02/01/2006")+" (rapport-hebdomadaire-2026-03-02.pdf)") {
		t.Errorf("list: exit %d, %s%s", code, out, stderr)
	}
	code, out, _ = rcRun(t, path, "outbox", "list", "--json")
	var got struct{ Messages []mailstate.Message }
	if err := json.Unmarshal([]byte(out), &got); code != exitOK || err != nil || len(got.Messages) != 1 ||
		got.Messages[0].PurgedAt.IsZero() || got.Messages[0].Attachments[0] != "rapport-hebdomadaire-2026-03-02.pdf" {
		t.Errorf("list --json: exit %d, %v, %s", code, err, out)
	}
}
