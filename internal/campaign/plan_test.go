package campaign_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pactd/pactd/internal/campaign"
	"github.com/pactd/pactd/reconcile"
)

func planRegister(version int64, aisneState reconcile.Amount) *reconcile.Register {
	c := func(siren, name string, st reconcile.Amount, to []string) reconcile.Contract {
		return reconcile.Contract{Territory: reconcile.Territory{SIREN: siren, Name: name, Recipients: to}, Actions: []reconcile.Action{
			{Code: "ENF-01", Axis: reconcile.AxisEnfance, Title: "Accueil", Nature: reconcile.NatureNouvelle,
				Plans: map[int]reconcile.Plan{2025: {State: st, Territory: st}}}}}
	}
	reg := &reconcile.Register{Version: version, Contracts: []reconcile.Contract{
		c("220100010", "Ain", 100000, []string{"a@ain.fr"}), c("220200026", "Aisne", aisneState, []string{"b@aisne.fr"}),
		c("220300016", "Allier", 100000, nil)}}
	reg.Sort()
	return reg
}

// sent records what a run would have sent, as the store would list it.
func sent(items []campaign.Item, version int64, at time.Time) []reconcile.CampaignSend {
	var out []reconcile.CampaignSend
	for _, it := range items {
		if it.Skip == "" {
			out = append(out, reconcile.CampaignSend{Year: it.Year, SIREN: it.Contract.Territory.SIREN, RegisterVersion: version,
				Fingerprint: it.Fingerprint, OutboxKey: it.Key, Reason: it.Reason, To: it.To, CreatedAt: at})
		}
	}
	return out
}

func TestPlanModes(t *testing.T) {
	ctx := context.Background()
	v1, v2 := planRegister(1, 50000), planRegister(2, 60000)
	versions := func(_ context.Context, v int64) (*reconcile.Register, error) { return v1, nil }
	at := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)

	first, _ := campaign.Plan(ctx, v1, 2025, nil, campaign.ModeNew, nil, versions)
	if len(first) != 3 || first[0].Skip != "" || first[1].Skip != "" || !strings.Contains(first[2].Skip, "Destinataires") {
		t.Fatalf("first run: %+v", first)
	}
	if first[0].Key != "campaign:2025:220100010:"+reconcile.Fingerprint(v1.Contract("220100010"), 2025) || first[0].Reason != reconcile.SendFirst {
		t.Errorf("first key %q, reason %q", first[0].Key, first[0].Reason)
	}
	sends := sent(first, 1, at)

	again, _ := campaign.Plan(ctx, v1, 2025, sends, campaign.ModeNew, nil, versions)
	for _, it := range again {
		if it.Skip == "" {
			t.Errorf("second run would send %s again", it.Contract.Territory.SIREN)
		}
	}
	// Version 2 changed Aisne: a plain run still sends nothing, --changed
	// sends Aisne alone, saying what changed.
	plain, _ := campaign.Plan(ctx, v2, 2025, sends, campaign.ModeNew, nil, versions)
	if plain[1].Skip == "" || !strings.Contains(plain[1].Skip, "--changed") {
		t.Errorf("plain run after a change: %+v", plain[1])
	}
	changed, _ := campaign.Plan(ctx, v2, 2025, sends, campaign.ModeChanged, nil, versions)
	var todo []campaign.Item
	for _, it := range changed {
		if it.Skip == "" {
			todo = append(todo, it)
		}
	}
	if len(todo) != 1 || todo[0].Contract.Territory.SIREN != "220200026" || todo[0].Reason != reconcile.SendChanged ||
		!strings.Contains(todo[0].Note, "montant État prévu de l'action ENF-01") {
		t.Fatalf("--changed: %+v", todo)
	}
	// --siren sends again, on purpose, under a new key.
	re, _ := campaign.Plan(ctx, v1, 2025, sends, campaign.ModeResend, []string{"220100010"}, versions)
	if len(re) != 1 || re[0].Reason != reconcile.SendResent || re[0].Key == first[0].Key || !strings.HasSuffix(re[0].Key, ":renvoi:2") ||
		!strings.Contains(re[0].Note, "de nouveau") {
		t.Fatalf("--siren: %+v", re)
	}
}

func TestDraftLetter(t *testing.T) {
	reg := planRegister(1, 50000)
	items, _ := campaign.Plan(context.Background(), reg, 2025, nil, campaign.ModeNew, nil, nil)
	d := campaign.Draft(items[0], []byte("xlsx"), campaign.Letter{From: "Pacte <depot@x.fr>", ReturnTo: "depot@x.fr",
		Contact: "suivi@x.fr", Signature: "Le service", Deadline: reg.Deadline(2025)})
	for _, want := range []string{"CLS_2025_220100010_", "Date limite de transmission : le 31 mars 2026", "répondez à ce message",
		"depot@x.fr", "Pour toute question : suivi@x.fr.", "Le service"} {
		if !strings.Contains(d.Text, want) && !strings.Contains(d.Attachments[0].Name, want) {
			t.Errorf("letter lacks %q:\n%s", want, d.Text)
		}
	}
	if d.Key != items[0].Key || len(d.To) != 1 || d.To[0] != "a@ain.fr" || len(d.Attachments) != 1 {
		t.Errorf("draft %+v", d)
	}
}
