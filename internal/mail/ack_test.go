package mail_test

import (
	"bytes"
	"context"
	"mime"
	netmail "net/mail"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/pactd/pactd/ingest"
	"github.com/pactd/pactd/internal/mail"
	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/templates"
)

func ackRegister() *reconcile.Register {
	plans := map[int]reconcile.Plan{2025: {State: 1_000_000, Territory: 1_000_000}}
	reg := &reconcile.Register{ImportedAt: time.Date(2026, 1, 5, 9, 0, 0, 0, reconcile.Paris), Source: "r.xlsx",
		SHA256: strings.Repeat("cd", 32), Contracts: []reconcile.Contract{{
			Territory: reconcile.Territory{SIREN: "220100010", Name: "Département de l'Ain", Type: reconcile.TypeDepartement,
				Departements: []string{"01"}, AxisCount: 3, AnnualCeiling: 10_000_000,
				Senders: []string{"@ain.example.test"}, Recipients: []string{"Suivi <dest@ain.example.test>", "ain@ain.example.test"}},
			Actions: []reconcile.Action{{Code: "ENF-01", Axis: reconcile.AxisEnfance, Title: "Petits déjeuners",
				Nature: reconcile.NatureNouvelle, Plans: plans}},
		}}}
	reg.Sort()
	return reg
}

// TestAcknowledger: who gets what, once per reception.
func TestAcknowledger(t *testing.T) {
	ctx := context.Background()
	store := openStore(t)
	reg := ackRegister()
	if _, err := store.SaveRegister(ctx, reg); err != nil {
		t.Fatal(err)
	}
	o := mail.NewOutbox(store, nil, zerolog.Nop())
	a := mail.NewAcknowledger(o, store, "Pacte <depot@example.test>", zerolog.Nop())
	var wb bytes.Buffer
	if err := templates.Generate(&wb, reg, "220100010", 2025); err != nil {
		t.Fatal(err)
	}
	email := func(key, sender string) ingest.Incoming {
		return ingest.Incoming{Name: "CLS_2025_220100010_ain.xlsx", Content: wb.Bytes(), MessageID: "<m1@ain.example.test>",
			Subject: "Rapport", ReceivedAt: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC),
			Origin: reconcile.Origin{Kind: reconcile.OriginEmail, Sender: sender, Key: key}}
	}
	sub := &reconcile.Submission{ID: 1, FileName: "CLS_2025_220100010_ain.xlsx", SHA256: strings.Repeat("ab", 32),
		SIREN: "220100010", Year: 2025, RegisterVersion: 1, Verdict: reconcile.Rejected, ReceivedAt: time.Now(),
		Findings: []reconcile.Finding{{Code: reconcile.MontantNegatif, Severity: reconcile.Bloquant, Cells: []string{"Actions!G7"},
			Message: "Le montant est négatif."}}}
	accepted := ingest.Outcome{Submission: sub, Receipt: reconcile.Receipt{ID: 1, Number: "AR-2026-000001", SubmissionID: 1}}
	quarantined := ingest.Outcome{Quarantined: true, Reason: "Le message ne contient aucun classeur.",
		Submission: &reconcile.Submission{SIREN: "220100010", Year: 2025}, Receipt: reconcile.Receipt{Number: "QR-000001"}}

	tests := []struct {
		name    string
		in      ingest.Incoming
		out     ingest.Outcome
		wantTo  string // "" for no message
		wantAtt int
		subject string // pactd's own, never the sender's
	}{
		{"submission", email("imap:k/1", "Jeanne <jeanne@ain.example.test>"), accepted,
			"jeanne@ain.example.test,dest@ain.example.test,ain@ain.example.test", 2,
			"Accusé de réception AR-2026-000001 — Département de l'Ain — rapport 2025 : rejeté"},
		{"the same reception again", email("imap:k/1", "jeanne@ain.example.test"), accepted, "", 0, ""},
		{"quarantined, known sender", email("imap:k/2", "jeanne@ain.example.test"), quarantined, "jeanne@ain.example.test", 1,
			"Envoi mis de côté QR-000001 — Département de l'Ain — rapport 2025"},
		{"quarantined, unknown sender", email("imap:k/3", "spoof@evil.example"), quarantined, "", 0, ""},
		{"folder, no sender", ingest.Incoming{Name: "x.xlsx", Origin: reconcile.Origin{Kind: reconcile.OriginFolder, Key: "dossier:x"}}, accepted, "", 0, ""},
	}
	sent := 0
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := a.Acknowledge(ctx, tt.in, tt.out); err != nil {
				t.Fatal(err)
			}
			ms, _ := o.List(ctx, mail.Filter{})
			if tt.wantTo == "" {
				if len(ms) != sent {
					t.Fatalf("%d messages in the outbox, want %d (nothing new)", len(ms), sent)
				}
				return
			}
			sent++
			if len(ms) != sent {
				t.Fatalf("%d messages in the outbox, want %d", len(ms), sent)
			}
			m := ms[0]
			if m.Key != "ack:"+tt.in.Origin.Key || strings.Join(m.To, ",") != tt.wantTo {
				t.Errorf("key %q to %v; want %q to %s", m.Key, m.To, "ack:"+tt.in.Origin.Key, tt.wantTo)
			}
			due, _ := store.DueMail(ctx, time.Now().Add(time.Hour), 10)
			var raw string
			for _, d := range due {
				if d.ID == m.ID {
					raw = string(d.Raw)
				}
			}
			if n := strings.Count(raw, "Content-Disposition: attachment"); n != tt.wantAtt {
				t.Errorf("%d attachments, want %d", n, tt.wantAtt)
			}
			if !strings.Contains(raw, "In-Reply-To: <m1@ain.example.test>") || !strings.Contains(raw, "References: <m1@ain.example.test>") {
				t.Errorf("not a reply in the sender's thread:\n%.600s", raw)
			}
			msg, err := netmail.ReadMessage(strings.NewReader(raw))
			if err != nil {
				t.Fatal(err)
			}
			subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
			if err != nil || subject != tt.subject {
				t.Errorf("subject %q (%v), want %q", subject, err, tt.subject)
			}
			if tt.wantAtt == 2 && !strings.Contains(raw, "CLS_2025_220100010_ain-annote.xlsx") {
				t.Error("annotated workbook not attached under its -annote name")
			}
		})
	}
}
