package mail_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	gomail "github.com/emersion/go-message/mail"
	"github.com/rs/zerolog"

	"github.com/pactd/pactd/ingest"
	"github.com/pactd/pactd/internal/mail"
	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
	"github.com/pactd/pactd/templates"
)

// outboxText returns the decoded plain-text body of the only message of
// the outbox whose key is key.
func outboxText(t *testing.T, store mail.Store, key string) string {
	t.Helper()
	due, err := store.DueMail(context.Background(), time.Now().Add(time.Hour), 100)
	if err != nil {
		t.Fatal(err)
	}
	var raw []byte
	for _, m := range due {
		if m.Key == key {
			raw = m.Raw
		}
	}
	if raw == nil {
		t.Fatalf("no message %q in the outbox", key)
	}
	r, err := gomail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := p.Header.(*gomail.InlineHeader); ok {
			b, _ := io.ReadAll(p.Body)
			return strings.ReplaceAll(string(b), "\r\n", "\n")
		}
	}
	t.Fatalf("message %q has no text", key)
	return ""
}

// checkWidth fails for every line of text longer than 76 characters.
func checkWidth(t *testing.T, text string) {
	t.Helper()
	for _, l := range strings.Split(text, "\n") {
		if utf8.RuneCountInString(l) > 76 {
			t.Errorf("line of %d characters, want at most 76: %q", utf8.RuneCountInString(l), l)
		}
	}
}

// oneLine joins the lines of a wrapped text, to look for a phrase in it.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestAckTexts: the quarantine reply is wrapped and carries the
// pipeline's reason whole;
// the acknowledgment of sample data says so; a duplicate acknowledgment
// names the file the sender just sent.
func TestAckTexts(t *testing.T) {
	ctx := context.Background()
	store := openStore(t)
	reg := ackRegister()
	reg.Contracts[0].Territory.Name = "Département de l'Aisne"
	reg.Source = "registre exemple.xlsx"
	if _, err := store.SaveRegister(ctx, reg); err != nil {
		t.Fatal(err)
	}
	o := mail.NewOutbox(store, nil, zerolog.Nop())
	a := mail.NewAcknowledger(o, store, "Pacte <depot@example.test>", zerolog.Nop())
	a.Service = reports.Service{Name: "Délégation de test", Contact: "cls@example.test, 01 23 45 67 89"}
	var wb bytes.Buffer
	if err := templates.Generate(&wb, reg, "220100010", 2025); err != nil {
		t.Fatal(err)
	}
	email := func(key, name string) ingest.Incoming {
		return ingest.Incoming{Name: name, Content: wb.Bytes(), MessageID: "<m1@ain.example.test>",
			Subject: "Rapport", ReceivedAt: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC),
			Origin: reconcile.Origin{Kind: reconcile.OriginEmail, Sender: "jeanne@ain.example.test", Key: key}}
	}

	examined := &reconcile.Submission{SIREN: "220100010", Year: 2025}
	q := ingest.Outcome{Quarantined: true, Submission: examined, Receipt: reconcile.Receipt{Number: "QR-000001"},
		Reason: "L'adresse jeanne@ain.example.test n'est pas autorisée à transmettre le rapport du Département de l'Aisne."}
	if err := a.Acknowledge(ctx, email("imap:q/1", "CLS_2025_220100010_aisne.xlsx"), q); err != nil {
		t.Fatal(err)
	}
	text := outboxText(t, store, "ack:imap:q/1")
	checkWidth(t, text)
	if !strings.Contains(oneLine(text), "transmettre le rapport du Département de l'Aisne.") {
		t.Errorf("quarantine reply does not say \"du Département de l'Aisne\":\n%s", text)
	}
	// What was received and what to do, nothing it did not check, in the
	// register of a letter signed by the configured service.
	for _, want := range []string{"Madame, Monsieur,", "Nous avons reçu le 2 mars 2026 à 11 h 00 le fichier « CLS_2025_220100010_aisne.xlsx »",
		"Votre fichier n'a pas été enregistré : il a été mis de côté pour être examiné par le service.",
		"Territoire : Département de l'Aisne (SIREN 220100010), exercice 2025", "Référence : QR-000001",
		"Pour toute question sur ce rapport : cls@example.test, 01 23 45 67 89.", reports.Courtesy, "Délégation de test"} {
		if !strings.Contains(oneLine(text), oneLine(want)) {
			t.Errorf("quarantine reply lacks %q:\n%s", want, text)
		}
	}
	for _, not := range []string{"anomalie", "registre des engagements", "bloquant", "Rapport"} {
		if strings.Contains(text, not) {
			t.Errorf("quarantine reply says %q, which was not checked:\n%s", not, text)
		}
	}

	sub := &reconcile.Submission{ID: 1, FileName: "premier_envoi.xlsx", SHA256: strings.Repeat("ab", 32),
		SIREN: "220100010", Year: 2025, RegisterVersion: 1, Verdict: reconcile.Accepted,
		ReceivedAt: time.Date(2026, 2, 20, 9, 0, 0, 0, time.UTC)}
	dup := ingest.Outcome{Submission: sub, Receipt: reconcile.Receipt{ID: 2, Number: "AR-2026-000002", SubmissionID: 1, Duplicate: true,
		ReceivedAt: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}}
	if err := a.Acknowledge(ctx, email("imap:d/1", "renvoi.xlsx"), dup); err != nil {
		t.Fatal(err)
	}
	text = outboxText(t, store, "ack:imap:d/1")
	if !strings.Contains(text, "Fichier : renvoi.xlsx") || strings.Contains(text, "premier_envoi.xlsx") {
		t.Errorf("duplicate acknowledgment does not name the file just sent:\n%s", text)
	}
	if !strings.Contains(text, strings.Repeat("ab", 32)) {
		t.Errorf("duplicate acknowledgment lost the SHA-256:\n%s", text)
	}
	if !strings.Contains(text, "Données fictives") {
		t.Errorf("acknowledgment of a sample register lacks the fictitious-data notice:\n%s", text)
	}
}
