package e2e_test

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	gomail "github.com/emersion/go-message/mail"
	"github.com/rs/zerolog"

	_ "github.com/emersion/go-message/charset"

	"github.com/pactd/pactd/reconcile"
)

// reply is what a test reads of a received message.
type reply struct {
	subject, inReplyTo, autoSubmitted, text string
	references, attachments                 []string
}

func readReply(t testing.TB, raw []byte) reply {
	t.Helper()
	r, err := gomail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("read message: %v", err)
	}
	var out reply
	out.subject, _ = r.Header.Subject()
	if ids, _ := r.Header.MsgIDList("In-Reply-To"); len(ids) > 0 {
		out.inReplyTo = ids[0]
	}
	out.references, _ = r.Header.MsgIDList("References")
	out.autoSubmitted = r.Header.Get("Auto-Submitted")
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("read part: %v", err)
		}
		switch h := p.Header.(type) {
		case *gomail.InlineHeader:
			b, _ := io.ReadAll(p.Body)
			out.text += string(b)
		case *gomail.AttachmentHeader:
			name, _ := h.Filename()
			out.attachments = append(out.attachments, name)
		}
	}
	return out
}

// TestMailEndToEnd: territories mail workbooks to the intake mailbox through
// Postfix; pactd reads Dovecot, records, moves, and replies through Postfix.
func TestMailEndToEnd(t *testing.T) {
	requireMail(t)
	depot, ain, ainDest, lyon, spoof := "e2e-depot", "e2e-ain", "e2e-ain-dest", "e2e-lyon", "e2e-spoof"
	reset(t, depot, ain, ainDest, lyon, spoof)
	ctx := context.Background()
	in := newIntake(t, filepath.Join(t.TempDir(), "pactd.db"), depot, "smtp://"+smtpAddr, zerolog.Nop())
	reg := register(addr(ain), addr(ainDest), addr(lyon))
	if _, err := in.store.SaveRegister(ctx, reg); err != nil {
		t.Fatal(err)
	}
	name, wb := filledWorkbook(t, reg, sirenAin)
	stop := in.run(t)

	// A territory sends its filled workbook.
	send(t, addr(ain), []string{addr(depot)}, submission(t, "Département de l'Ain <"+addr(ain)+">", addr(depot),
		"Rapport annuel 2025 — Ain", "rapport-1@ain.example.test", map[string][]byte{name: wb}))
	waitCount(t, 20*time.Second, depot, "Traités", 1)
	waitCount(t, 20*time.Second, ain, "INBOX", 1)
	waitCount(t, 20*time.Second, ainDest, "INBOX", 1)
	ack := readReply(t, fetchAll(t, ain, "INBOX")[0])
	if ack.inReplyTo != "rapport-1@ain.example.test" || !slices.Contains(ack.references, "rapport-1@ain.example.test") {
		t.Errorf("acknowledgment not threaded: In-Reply-To %q, References %v", ack.inReplyTo, ack.references)
	}
	// pactd's own subject (territory, year, receipt number), never the
	// sender's words; the thread is kept by In-Reply-To and References.
	if !strings.HasPrefix(ack.subject, "Accusé de réception AR-") || !strings.Contains(ack.subject, "Département de l'Ain — rapport 2025") ||
		strings.Contains(ack.subject, "Rapport annuel 2025 — Ain") || ack.autoSubmitted != "auto-replied" {
		t.Errorf("acknowledgment subject %q, Auto-Submitted %q", ack.subject, ack.autoSubmitted)
	}
	if len(ack.attachments) == 0 || !strings.HasPrefix(ack.attachments[0], "accuse-reception-") {
		t.Errorf("acknowledgment attachments %v, want the PDF first", ack.attachments)
	}
	for _, want := range []string{"Accusé de réception", "Département de l'Ain", "SHA-256"} {
		if !strings.Contains(ack.text, want) {
			t.Errorf("acknowledgment text lacks %q:\n%s", want, ack.text)
		}
	}
	subs, err := in.store.Submissions(ctx, reconcile.SubmissionFilter{SIREN: sirenAin})
	if err != nil || len(subs) != 1 {
		t.Fatalf("submissions of Ain: %d, %v; want 1", len(subs), err)
	}
	t.Logf("verdict %s, %d findings", subs[0].Verdict, len(subs[0].Findings))

	// A spoofed sender with Ain's workbook: quarantined, no reply.
	send(t, addr(spoof), []string{addr(depot)}, submission(t, addr(spoof), addr(depot), "Rapport Ain",
		"spoof-1@evil.example.test", map[string][]byte{name: wb}))
	waitCount(t, 20*time.Second, depot, "Quarantaine", 1)

	// The same attachment sent again by Ain: one submission, two receipts.
	send(t, addr(ain), []string{addr(depot)}, submission(t, addr(ain), addr(depot), "Rapport annuel 2025 (renvoi)",
		"rapport-2@ain.example.test", map[string][]byte{name: wb}))
	waitCount(t, 20*time.Second, depot, "Traités", 2)
	waitCount(t, 20*time.Second, ain, "INBOX", 2)

	// Lyon sends Ain's workbook: a territory it does not represent.
	send(t, addr(lyon), []string{addr(depot)}, submission(t, addr(lyon), addr(depot), "Rapport",
		"lyon-1@lyon.example.test", map[string][]byte{name: wb}))
	waitCount(t, 20*time.Second, depot, "Quarantaine", 2)
	waitCount(t, 20*time.Second, lyon, "INBOX", 1)

	// Ain forgets the attachment: quarantined, told what to send.
	send(t, addr(ain), []string{addr(depot)}, submission(t, addr(ain), addr(depot), "Rapport sans pièce jointe",
		"oubli-1@ain.example.test", nil))
	waitCount(t, 20*time.Second, depot, "Quarantaine", 3)
	waitCount(t, 20*time.Second, ain, "INBOX", 3)
	stop()

	subs, _ = in.store.Submissions(ctx, reconcile.SubmissionFilter{})
	receipts, _ := in.store.Receipts(ctx, 0)
	if len(subs) != 1 || len(receipts) != 2 || !receipts[1].Duplicate {
		t.Errorf("%d submissions, %d receipts (second duplicate: %v); want 1 submission, 2 receipts, the second a duplicate",
			len(subs), len(receipts), len(receipts) == 2 && receipts[1].Duplicate)
	}
	q, _ := in.store.QuarantineEntries(ctx, time.Time{})
	if len(q) != 3 {
		t.Errorf("%d quarantine entries, want 3 (spoofed, wrong territory, no attachment)", len(q))
	}
	if n := count(t, spoof, "INBOX"); n != 0 {
		t.Errorf("the spoofed sender received %d replies, want none", n)
	}
	var sawNoWorkbook bool
	for _, raw := range fetchAll(t, ain, "INBOX") {
		r := readReply(t, raw)
		if r.inReplyTo == "oubli-1@ain.example.test" {
			sawNoWorkbook = strings.Contains(r.text, "classeur")
		}
	}
	if !sawNoWorkbook {
		t.Error("no reply to the message without attachment explains what to send")
	}
	if p, f, _ := in.outbox.Counts(ctx); p != 0 || f != 0 {
		t.Errorf("outbox: %d pending, %d failed; want none", p, f)
	}
}
