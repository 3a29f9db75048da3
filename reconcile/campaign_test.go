package reconcile_test

import (
	"strings"
	"testing"
	"time"

	"github.com/pactd/pactd/reconcile"
)

func campaignRegister(state int64) *reconcile.Register {
	c := func(siren, name string, st int64) reconcile.Contract {
		return reconcile.Contract{Territory: reconcile.Territory{SIREN: siren, Name: name}, Actions: []reconcile.Action{
			{Code: "ENF-01", Axis: reconcile.AxisEnfance, Title: "Accueil", Nature: reconcile.NatureNouvelle,
				Plans: map[int]reconcile.Plan{2025: {State: reconcile.Amount(st), Territory: reconcile.Amount(st)}}},
		}}
	}
	reg := &reconcile.Register{Contracts: []reconcile.Contract{c("220100010", "Ain", 1000000), c("220200017", "Aisne", state)}}
	reg.Sort()
	return reg
}

func TestDiffRegistersListsOnlyChangedCommitments(t *testing.T) {
	old, new := campaignRegister(500000), campaignRegister(600000)
	new.Contracts[0].Territory.Recipients = []string{"autre@ain.fr"} // not a commitment
	got := reconcile.DiffRegisters(old, new, 0)
	if len(got) != 1 || got[0].SIREN != "220200017" || got[0].Year != 2025 {
		t.Fatalf("DiffRegisters = %+v; want Aisne 2025 only", got)
	}
	want := "montant État prévu de l'action ENF-01 : 5\u00a0000,00 € → 6\u00a0000,00 €"
	if s := got[0].Sentence(); !strings.Contains(s, want) {
		t.Errorf("sentence %q lacks %q", s, want)
	}
	if d := reconcile.DiffRegisters(nil, new, 2025); d != nil {
		t.Errorf("first import: %+v; want nothing", d)
	}
	if d := reconcile.DiffRegisters(old, campaignRegister(500000), 2025); len(d) != 0 {
		t.Errorf("same commitments: %+v", d)
	}
}

func TestWorkbookLeft(t *testing.T) {
	at := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	sends := []reconcile.CampaignSend{
		{Year: 2025, SIREN: "220100010", SentAt: at},
		{Year: 2025, SIREN: "220200017", State: "failed"},
	}
	left := reconcile.WorkbookLeft(sends, 2025)
	for siren, want := range map[string]bool{"220100010": true, "220200017": false, "220300015": false} {
		if got := left(siren); got != want {
			t.Errorf("2025 %s: %v, want %v", siren, got, want)
		}
	}
	// A year without any send (workbooks sent by hand): everyone.
	if !reconcile.WorkbookLeft(sends, 2024)("220300015") {
		t.Error("a year without any send must remind everyone")
	}
}
