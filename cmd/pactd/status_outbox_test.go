package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/pactd/pactd/internal/mailstate"
)

// TestStatusShowsOutbox checks that pactd status lists the mail the SMTP
// server has not accepted yet and the mail it refused, with the reason.
func TestStatusShowsOutbox(t *testing.T) {
	path, st := rcStore(t, rcRegister())
	ctx := context.Background()
	now := time.Now()
	pending := &mailstate.Message{Key: "ack:a", Kind: "ack", From: "pactd@example.test", To: []string{"ain@example.test"},
		MessageID: "a@pactd", Subject: "Re: rapport 2025", Raw: []byte("x"), NextAttempt: now, CreatedAt: now}
	failed := &mailstate.Message{Key: "ack:b", Kind: "ack", From: "pactd@example.test", To: []string{"nobody@example.test"},
		MessageID: "b@pactd", Subject: "Re: rapport de l'Aisne", Raw: []byte("x"), NextAttempt: now, CreatedAt: now}
	for _, m := range []*mailstate.Message{pending, failed} {
		if _, err := st.EnqueueMail(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	failed.State, failed.Attempts, failed.LastError = mailstate.Failed, 1, "550 5.1.1 nobody@example.test: user unknown"
	if err := st.UpdateMail(ctx, failed); err != nil {
		t.Fatal(err)
	}

	code, out, stderr := rcRun(t, path, "status")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"Courriels sortants : 1 en attente d'envoi, 1 en échec.", "Re: rapport de l'Aisne", "550 5.1.1", "en attente",
		"pactd outbox retry --all-failed"} {
		if !strings.Contains(out, want) {
			t.Errorf("status lacks %q:\n%s", want, out)
		}
	}
	code, out, stderr = rcRun(t, path, "status", "--json")
	if code != exitOK {
		t.Fatalf("--json: exit %d: %s", code, stderr)
	}
	var got struct {
		Outbox outboxStatus `json:"outbox"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.Outbox.Pending != 1 || got.Outbox.Failed != 1 || len(got.Outbox.Messages) != 2 || got.Outbox.Messages[0].State != "failed" ||
		got.Outbox.Messages[0].ID != failed.ID {
		t.Errorf("outbox JSON %+v", got.Outbox)
	}
}
