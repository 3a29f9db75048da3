package web_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/pactd/pactd/reconcile"
)

// TestCampaignPage checks the campaign page: the workbook sent and when,
// its bounce, who opened the site, the answer, and a territory never sent.
func TestCampaignPage(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	code, _, body := f.get(t, "/campagne?annee=2025")
	if code != http.StatusOK {
		t.Fatalf("GET /campagne: %d", code)
	}
	mustContain(t, body, "Campagne 2025 : envoi des classeurs", "pactd n'a envoyé aucun classeur pour 2025")

	send := reconcile.CampaignSend{Year: 2025, SIREN: "220200017", RegisterVersion: 1, Fingerprint: "0123456789abcdef",
		FileName: "CLS_2025_220200017_aisne.xlsx", To: []string{"dgs@aisne.example"}, MessageID: "pactd.1@depot.example",
		OutboxKey: "campaign:2025:220200017:0123456789abcdef", Reason: reconcile.SendFirst, CreatedAt: now.Add(-72 * time.Hour)}
	if _, err := f.st.RecordCampaignSend(ctx, &send); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.RecordBounce(ctx, &reconcile.Bounce{SendID: send.ID, Recipient: "dgs@aisne.example", Action: "failed",
		Status: "5.1.1", Diagnostic: "550 5.1.1 <dgs@aisne.example>: utilisateur inconnu", ReceivedAt: now.Add(-70 * time.Hour),
		OriginKey: "imap:x"}); err != nil {
		t.Fatal(err)
	}
	if err := f.st.RecordSiteVisit(ctx, reconcile.SiteVisit{SIREN: "220200017", Email: "referente@aisne.example", Name: "Léa Martin",
		Last: now.Add(-2 * time.Hour), Session: "s1"}); err != nil {
		t.Fatal(err)
	}
	_, _, body = f.get(t, "/campagne?annee=2025")
	mustContain(t, body, "CLS_2025_220200017_aisne.xlsx", "premier envoi", "en attente d&#39;envoi",
		"dgs@aisne.example : 5.1.1 — 550 5.1.1 &lt;dgs@aisne.example&gt;: utilisateur inconnu",
		"Léa Martin (referente@aisne.example)", "jamais envoyé")
	mustNotContain(t, body, "pactd n'a envoyé aucun classeur pour 2025")
}
