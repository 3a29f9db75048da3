package reconcile_test

import (
	"slices"
	"testing"

	"github.com/pactd/pactd/reconcile"
)

// blank empties every spent amount of the report, as in a template sent
// back untouched.
func blank(r *reconcile.Report) {
	for i := range r.Actions {
		r.Actions[i].StateSpent, r.Actions[i].TerritorySpent, r.Actions[i].OtherSpent = nil, nil, nil
	}
}

func TestRapportVide(t *testing.T) {
	reg := testRegister()
	for _, tc := range []struct {
		name   string
		mutate func(t *testing.T, r *reconcile.Report)
		want   bool
	}{
		{"filled", func(t *testing.T, r *reconcile.Report) {}, false},
		{"every spent amount empty", func(t *testing.T, r *reconcile.Report) { blank(r) }, true},
		{"only other financers filled", func(t *testing.T, r *reconcile.Report) {
			blank(r)
			action(t, r, "ENF-01").OtherSpent = amt(eur(5_000))
		}, true},
		{"only an action outside the contract filled", func(t *testing.T, r *reconcile.Report) {
			blank(r)
			r.Actions = append(r.Actions, reconcile.ReportedAction{Code: "ENF-07", Axis: reconcile.AxisEnfance,
				StateSpent: amt(eur(1_000)), TerritorySpent: amt(eur(1_000)), Row: 11, Cells: actionCells(11)})
		}, true},
		{"one State amount filled", func(t *testing.T, r *reconcile.Report) {
			blank(r)
			action(t, r, "TRA-01").StateSpent = amt(eur(40_000))
		}, false},
		{"one territory amount filled", func(t *testing.T, r *reconcile.Report) {
			blank(r)
			action(t, r, "TRA-01").TerritorySpent = amt(eur(40_000))
		}, false},
		{"zero is an amount", func(t *testing.T, r *reconcile.Report) {
			blank(r)
			action(t, r, "ACC-01").StateSpent = amt(0)
		}, false},
		{"a cell the parser could not read was written in", func(t *testing.T, r *reconcile.Report) {
			blank(r)
			f := reconcile.NewFinding(reconcile.ValeurNonNumerique, "La cellule Actions!G9 contient « NC ».")
			f.Cells = []string{"Actions!G9"}
			r.Findings = append(r.Findings, f)
		}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := cleanReport(reg, 2025)
			tc.mutate(t, r)
			fs := check(reg, r)
			if got := keys(fs, reconcile.RapportVide) != nil; got != tc.want {
				t.Fatalf("RAPPORT_VIDE = %v, want %v:%s", got, tc.want, describe(fs))
			}
		})
	}
}

func TestRapportVideFinding(t *testing.T) {
	reg := testRegister()
	r := cleanReport(reg, 2025)
	blank(r)
	fs, v := reconcile.Evaluate(reconcile.CheckInput{Register: reg, Report: r})
	if v != reconcile.Rejected {
		t.Errorf("verdict %s, want rejected", v)
	}
	f := only(t, fs, reconcile.RapportVide)
	if f.Severity != reconcile.Bloquant || f.SIREN != testSIREN || f.Year != 2025 ||
		!slices.Equal(f.Cells, []string{"Actions!G7", "Actions!H7"}) || !f.Expected.IsZero() || !f.Actual.IsZero() {
		t.Errorf("got %+v", f)
	}
	want := nbsp("Le classeur ne contient aucun montant réalisé : les colonnes « État réalisé (€) » et " +
		"« Collectivité réalisé (€) » sont vides pour toutes les actions prévues au contrat en 2025 ; complétez-les, " +
		"à partir des cellules Actions!G7 et Actions!H7, avant d'envoyer le compte rendu.")
	if f.Message != want {
		t.Errorf("message:\n got %q\nwant %q", f.Message, want)
	}
	// A rate of 0 % on every axis would only repeat RAPPORT_VIDE.
	if got := keys(fs, reconcile.SousExecution); got != nil {
		t.Errorf("SOUS_EXECUTION %v alongside RAPPORT_VIDE, want none", got)
	}
}

func TestRapportVideWithoutAnyActionRow(t *testing.T) {
	reg := testRegister()
	r := cleanReport(reg, 2025)
	r.Actions = nil
	fs := check(reg, r)
	f := only(t, fs, reconcile.RapportVide)
	if f.Cells != nil {
		t.Errorf("cells = %v, want none: there is no row", f.Cells)
	}
	if got := len(keys(fs, reconcile.ActionManquante)); got != 4 {
		t.Errorf("got %d ACTION_MANQUANTE, want 4:%s", got, describe(fs))
	}
}
