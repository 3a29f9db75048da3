package mail_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	gomail "github.com/emersion/go-message/mail"
	"github.com/rs/zerolog"

	"github.com/pactd/pactd/internal/mail"
)

// TestOutboxPurgeAttachments checks that the attachments of messages sent
// longer ago than KeepAttachments are removed, their names kept, the text
// still readable, and that recent or unsent messages keep theirs.
func TestOutboxPurgeAttachments(t *testing.T) {
	srv := startSMTP(t)
	st := openStore(t)
	sender, _ := mail.NewSMTP("smtp://"+srv.addr, nil)
	o := mail.NewOutbox(st, sender, zerolog.Nop())
	clk := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	o.Now = clk.Now
	o.KeepAttachments = 30 * 24 * time.Hour
	ctx := context.Background()
	pdf := bytes.Repeat([]byte("%PDF-1.4 rapport "), 4000)
	old := draft("old", "ain@example.test")
	old.Text = "Bonjour, voici le rapport."
	old.Attachments = []mail.Attachment{{Name: "rapport-hebdomadaire-2026-03-02.pdf", ContentType: "application/pdf", Data: pdf},
		{Name: "Constats — Aïn.xlsx", ContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Data: []byte("PK annexe")}}
	if _, _, err := o.EnqueueDraft(ctx, "weekly", old); err != nil {
		t.Fatal(err)
	}
	o.Flush(ctx)
	clk.Add(29 * 24 * time.Hour)
	recent := draft("recent", "ain@example.test")
	recent.Attachments = []mail.Attachment{{Name: "recent.pdf", ContentType: "application/pdf", Data: pdf}}
	o.EnqueueDraft(ctx, "weekly", recent)
	o.Flush(ctx)
	if n, err := o.PurgeAttachments(ctx); err != nil || n != 0 {
		t.Fatalf("purge after 29 days = %d, %v; want nothing", n, err)
	}
	clk.Add(2 * 24 * time.Hour)
	if n, err := o.PurgeAttachments(ctx); err != nil || n != 1 {
		t.Fatalf("purge after 31 days = %d, %v; want 1", n, err)
	}
	m, _ := o.Status(ctx, "old")
	if m.State != mail.Sent || m.PurgedAt.IsZero() || strings.Join(m.Attachments, "|") != "rapport-hebdomadaire-2026-03-02.pdf|Constats — Aïn.xlsx" ||
		m.Subject != "Accusé" {
		t.Errorf("purged record: %+v", m)
	}
	if st, _ := o.Status(ctx, "recent"); !st.PurgedAt.IsZero() {
		t.Errorf("a recent message was purged: %+v", st)
	}
	if n, _ := o.PurgeAttachments(ctx); n != 0 {
		t.Errorf("a second purge took %d messages again", n)
	}

	var raw []byte
	if err := st.DB().QueryRowContext(ctx, `SELECT raw FROM outbox WHERE key = 'old'`).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte("JVBERi0")) || len(raw) > 4000 {
		t.Errorf("purged message still holds the PDF (%d bytes)", len(raw))
	}
	r, err := gomail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("purged message does not parse: %v\n%s", err, raw)
	}
	var text string
	for {
		p, err := r.NextPart()
		if err != nil {
			break
		}
		b := new(bytes.Buffer)
		b.ReadFrom(p.Body)
		text += b.String()
	}
	if !strings.Contains(text, "Bonjour, voici le rapport.") {
		t.Errorf("purged message lost its text: %q", text)
	}
}
