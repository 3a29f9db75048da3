package ingest_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/pactd/pactd/ingest"
	"github.com/pactd/pactd/reconcile"
)

// copyRegister returns a deep copy of reg, to change for a new version.
func copyRegister(t *testing.T, reg *reconcile.Register) *reconcile.Register {
	t.Helper()
	b, err := json.Marshal(reg)
	if err != nil {
		t.Fatal(err)
	}
	var out reconcile.Register
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return &out
}

// codes counts findings by code; an ENGAGEMENT_MODIFIE counts only on the
// commitment cells (Actions, Indicateurs), which a register change moves.
func codes(fs []reconcile.Finding) map[reconcile.Code]int {
	m := map[reconcile.Code]int{}
	for _, f := range fs {
		if f.Code == reconcile.EngagementModifie && (len(f.Cells) == 0 || strings.HasPrefix(f.Cells[0], "Identification!")) {
			continue
		}
		m[f.Code]++
	}
	return m
}

// A workbook made from register version 1, returned after version 2
// changed the territory's commitments, is checked against version 1: no
// ENGAGEMENT_MODIFIE for the cells version 2 changed, the submission says
// version 1, and CLASSEUR_REMPLACE tells the sender a newer one exists.
func TestPipelineOldWorkbookCheckedAgainstItsOwnVersion(t *testing.T) {
	p, st, reg1 := newPipeline(t)
	ctx := context.Background()
	old := filledWorkbook(t, reg1, ainSIREN, nil)

	reg2 := copyRegister(t, reg1)
	c := reg2.Contract(ainSIREN)
	a := &c.Actions[0]
	plan := a.Plans[2025]
	plan.State += 100000
	plan.Territory += 100000
	a.Plans[2025] = plan
	reg2.ImportedAt = reg1.ImportedAt.Add(time.Hour)
	if v, err := st.SaveRegister(ctx, reg2); err != nil || v != 2 {
		t.Fatalf("save version 2: %d, %v", v, err)
	}
	if reconcile.Fingerprint(c, 2025) == reconcile.Fingerprint(reg1.Contract(ainSIREN), 2025) {
		t.Fatal("version 2 did not change Ain's fingerprint")
	}

	out, err := p.Process(ctx, ingest.Incoming{Name: "CLS_2025_220100010_ain.xlsx", Content: old,
		Origin: reconcile.Origin{Kind: reconcile.OriginFolder, Key: "dossier:old"}})
	if err != nil {
		t.Fatal(err)
	}
	sub := out.Submission
	got := codes(sub.Findings)
	if out.Quarantined || sub.RegisterVersion != 1 || got[reconcile.ClasseurRemplace] != 1 || got[reconcile.EngagementModifie] != 0 ||
		sub.Verdict != reconcile.Accepted {
		t.Fatalf("old workbook: quarantined %v, version %d, verdict %s, findings %v; want version 1, accepted, one CLASSEUR_REMPLACE",
			out.Quarantined, sub.RegisterVersion, sub.Verdict, got)
	}

	// The workbook of version 2 is checked against version 2, silently.
	out, err = p.Process(ctx, ingest.Incoming{Name: "CLS_2025_220100010_ain-v2.xlsx", Content: filledWorkbook(t, reg2, ainSIREN, nil),
		Origin: reconcile.Origin{Kind: reconcile.OriginFolder, Key: "dossier:new"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := codes(out.Submission.Findings); out.Submission.RegisterVersion != 2 || got[reconcile.ClasseurRemplace] != 0 {
		t.Fatalf("new workbook: version %d, findings %v; want version 2 without CLASSEUR_REMPLACE", out.Submission.RegisterVersion, got)
	}
}

// A reply in the thread of the campaign message, from an address the
// workbook was sent to but that is not an authorised sender, is the
// territory's submission; the same address outside the thread, or another
// address in the thread, is quarantined as before.
func TestPipelineThreadReplyFromRecipient(t *testing.T) {
	p, st, reg := newPipeline(t)
	ctx := context.Background()
	const recipient = "tresorier@exemple-ain.test"
	if reg.Contract(ainSIREN).Territory.SenderAuthorised(recipient) {
		t.Fatalf("%s is already an authorised sender: the test proves nothing", recipient)
	}
	send := reconcile.CampaignSend{Year: 2025, SIREN: ainSIREN, RegisterVersion: reg.Version,
		Fingerprint: reconcile.Fingerprint(reg.Contract(ainSIREN), 2025), FileName: "CLS_2025_220100010_ain.xlsx",
		To: []string{"Tresorier@Exemple-Ain.test"}, MessageID: "pactd.0123@depot.test", OutboxKey: "campaign:2025:" + ainSIREN + ":x",
		Reason: reconcile.SendFirst, CreatedAt: time.Now()}
	if _, err := st.RecordCampaignSend(ctx, &send); err != nil {
		t.Fatal(err)
	}
	data := filledWorkbook(t, reg, ainSIREN, nil)
	process := func(key, sender string, refs ...string) ingest.Outcome {
		t.Helper()
		out, err := p.Process(ctx, ingest.Incoming{Name: "CLS_2025_220100010_ain.xlsx", Content: data, References: refs,
			Origin: reconcile.Origin{Kind: reconcile.OriginEmail, Sender: sender, Key: key}})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	if out := process("imap:a", recipient); !out.Quarantined {
		t.Fatalf("outside the thread: %+v; want quarantined", out)
	}
	if out := process("imap:b", "autre@exemple-ain.test", "pactd.0123@depot.test"); !out.Quarantined {
		t.Fatalf("another address in the thread: %+v; want quarantined", out)
	}
	out := process("imap:c", recipient, "<earlier@x.test>", "<pactd.0123@depot.test>")
	if out.Quarantined || out.Submission == nil || out.Submission.SIREN != ainSIREN || out.Receipt.Number == "" {
		t.Fatalf("the recipient in the thread: %+v; want Ain's submission", out)
	}
	replies, err := st.CampaignReplies(ctx, 2025)
	if err != nil || len(replies) != 1 || replies[0].SendID != send.ID || replies[0].Receipt != out.Receipt.Number {
		t.Fatalf("replies = %+v, %v; want the one in the thread", replies, err)
	}
}
