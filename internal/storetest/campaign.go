package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/pactd/pactd/internal/mailstate"
	"github.com/pactd/pactd/reconcile"
)

// testCampaign checks the campaign record: a send is recorded once per
// outbox key, carries the delivery state of its outbox message, is found
// by its Message-ID, and its bounces and replies are recorded once each.
func testCampaign(t *testing.T, s reconcile.Store) {
	cs, ok := s.(reconcile.CampaignStore)
	if !ok {
		t.Fatalf("%T does not keep the campaign record (reconcile.CampaignStore)", s)
	}
	ob, ok := s.(mailstate.OutboxStore)
	if !ok {
		t.Fatalf("%T has no outbox", s)
	}
	ctx := context.Background()
	now := time.Date(2026, 1, 12, 9, 30, 0, 0, time.UTC)
	send := reconcile.CampaignSend{Year: 2025, SIREN: "220100010", RegisterVersion: 1, Fingerprint: "0123456789abcdef",
		FileName: "CLS_2025_220100010_ain.xlsx", To: []string{"a@ain.fr", "b@ain.fr"}, MessageID: "pactd.1@x.test",
		OutboxKey: "campaign:2025:220100010:0123456789abcdef", Reason: reconcile.SendFirst, CreatedAt: now}
	first := send
	created, err := cs.RecordCampaignSend(ctx, &first)
	if err != nil || !created || first.ID == 0 {
		t.Fatalf("first RecordCampaignSend = %v, %v (id %d); want created", created, err, first.ID)
	}
	again := send
	again.Note = "autre"
	if created, err := cs.RecordCampaignSend(ctx, &again); err != nil || created || again.ID != first.ID || again.Note != "" {
		t.Fatalf("second RecordCampaignSend = %v, %v, %+v; want the stored send", created, err, again)
	}
	list, err := cs.CampaignSends(ctx, 2025)
	if err != nil || len(list) != 1 || list[0].State != "" || list[0].Accepted() {
		t.Fatalf("CampaignSends before the outbox knows it = %+v, %v", list, err)
	}
	m := &mailstate.Message{Key: send.OutboxKey, Kind: "campaign", From: "depot@x.test", To: send.To,
		MessageID: send.MessageID, Subject: "s", Raw: []byte("raw"), NextAttempt: now, CreatedAt: now}
	if _, err := ob.EnqueueMail(ctx, m); err != nil {
		t.Fatal(err)
	}
	m.State, m.Delivered, m.To, m.SentAt = mailstate.Sent, []string{"a@ain.fr"}, nil, now.Add(time.Minute)
	m.Refused = []string{"b@ain.fr: 550 unknown"}
	if err := ob.UpdateMail(ctx, m); err != nil {
		t.Fatal(err)
	}
	list, err = cs.CampaignSends(ctx, 0)
	if err != nil || len(list) != 1 {
		t.Fatalf("CampaignSends(0) = %+v, %v", list, err)
	}
	got := list[0]
	if got.State != "sent" || !got.SentAt.Equal(now.Add(time.Minute)) || len(got.Delivered) != 1 || len(got.Refused) != 1 ||
		len(got.To) != 2 || got.Reason != reconcile.SendFirst || !got.CreatedAt.Equal(now) || !got.Accepted() {
		t.Fatalf("send with its delivery = %+v", got)
	}
	if l, _ := cs.CampaignSends(ctx, 2024); len(l) != 0 {
		t.Fatalf("CampaignSends(2024) = %+v; want none", l)
	}
	byID, err := cs.CampaignSendByMessageID(ctx, []string{"<other@x.test>", "<pactd.1@x.test>"})
	if err != nil || byID.ID != first.ID {
		t.Fatalf("CampaignSendByMessageID = %+v, %v", byID, err)
	}
	if _, err := cs.CampaignSendByMessageID(ctx, []string{"unknown@x.test"}); !errors.Is(err, reconcile.ErrNotFound) {
		t.Fatalf("CampaignSendByMessageID(unknown) = %v; want ErrNotFound", err)
	}
	b := reconcile.Bounce{SendID: first.ID, Recipient: "b@ain.fr", Action: "failed", Status: "5.1.1",
		Diagnostic: "550 5.1.1 unknown user", ReceivedAt: now.Add(time.Hour), OriginKey: "imap:depot/INBOX/1/7/message"}
	for i, want := range []bool{true, false} {
		if created, err := cs.RecordBounce(ctx, &b); err != nil || created != want {
			t.Fatalf("RecordBounce #%d = %v, %v; want %v", i+1, created, err, want)
		}
	}
	bs, err := cs.Bounces(ctx, 2025)
	if err != nil || len(bs) != 1 || bs[0].SIREN != "220100010" || bs[0].MessageID != "pactd.1@x.test" || !bs[0].Failed() {
		t.Fatalf("Bounces = %+v, %v", bs, err)
	}
	r := reconcile.CampaignReply{SendID: first.ID, Receipt: "AR-2026-000001", Sender: "a@ain.fr", ReceivedAt: now, OriginKey: "imap:k"}
	for range 2 {
		if err := cs.RecordCampaignReply(ctx, &r); err != nil {
			t.Fatal(err)
		}
	}
	rs, err := cs.CampaignReplies(ctx, 2025)
	if err != nil || len(rs) != 1 || rs[0].Receipt != r.Receipt {
		t.Fatalf("CampaignReplies = %+v, %v", rs, err)
	}
}
