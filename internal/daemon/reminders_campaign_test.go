package daemon

import (
	"context"
	"testing"
	"time"

	"github.com/pactd/pactd/internal/mail"
	"github.com/pactd/pactd/reconcile"
)

// TestRemindersFollowTheCampaign: once pactd sent the year's workbooks,
// only the territory whose workbook the SMTP server accepted is reminded;
// the one whose workbook never left, and the one never sent any, are not.
func TestRemindersFollowTheCampaign(t *testing.T) {
	ctx := context.Background()
	d := mailDaemon(t)
	to := []string{"daemon-ain@example.test"}
	reg := &reconcile.Register{ImportedAt: time.Now(), Source: "registre.xlsx", SHA256: "00", Contracts: []reconcile.Contract{
		reminderContract("220100010", "Département de l'Ain", to, nil),
		reminderContract("220200017", "Département de l'Aisne", to, nil),
		reminderContract("220300015", "Département de l'Allier", to, nil),
	}}
	reg.Sort()
	if _, err := d.store.SaveRegister(ctx, reg); err != nil {
		t.Fatal(err)
	}
	sent := time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC)
	for _, s := range []struct {
		siren    string
		accepted bool
	}{{"220100010", true}, {"220200017", false}} {
		key := "campaign:2025:" + s.siren + ":f"
		cs := reconcile.CampaignSend{Year: 2025, SIREN: s.siren, RegisterVersion: 1, Fingerprint: "f", FileName: "x.xlsx",
			To: to, MessageID: key + "@x", OutboxKey: key, Reason: reconcile.SendFirst, CreatedAt: sent}
		if _, err := d.store.RecordCampaignSend(ctx, &cs); err != nil {
			t.Fatal(err)
		}
		m := &mail.Message{Key: key, Kind: "campaign", From: "daemon-depot@example.test", To: to, MessageID: cs.MessageID,
			Subject: "s", Raw: []byte("x"), NextAttempt: sent.AddDate(1, 0, 0), CreatedAt: sent}
		if _, err := d.store.EnqueueMail(ctx, m); err != nil {
			t.Fatal(err)
		}
		if s.accepted {
			m.State, m.Delivered, m.To, m.SentAt = mail.Sent, to, nil, sent
		} else {
			m.State, m.LastError = mail.Failed, "550 refusé"
		}
		if err := d.store.UpdateMail(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	day := time.Date(2026, 3, 16, 9, 0, 0, 0, reconcile.Paris)
	d.now = func() time.Time { return day }
	if err := d.reminders(ctx, day); err != nil {
		t.Fatal(err)
	}
	got, err := d.store.Mails(ctx, mail.Filter{Kind: "reminder"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Key != "reminder:220100010:2025:J-15" {
		t.Fatalf("reminders queued: %+v; want Ain's J-15 only", got)
	}
}
