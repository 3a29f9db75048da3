package reconcile_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pactd/pactd/reconcile"
)

func TestActionRules(t *testing.T) {
	reg := testRegister()
	extra := func(code string, axis reconcile.Axis, row int, state reconcile.Amount) reconcile.ReportedAction {
		return reconcile.ReportedAction{Code: code, Axis: axis, StateSpent: amt(state), TerritorySpent: amt(state),
			Row: row, Cells: actionCells(row)}
	}
	type want struct{ manquante, inconnue, axe []string }
	for _, tc := range []struct {
		name   string
		mutate func(t *testing.T, r *reconcile.Report)
		want   want
	}{
		{"a contracted action removed", func(t *testing.T, r *reconcile.Report) {
			r.Actions = slices.DeleteFunc(r.Actions, func(a reconcile.ReportedAction) bool { return a.Code == "TRA-01" })
		}, want{manquante: []string{"TRANSITION/TRA-01/"}}},
		{"codes compared without case and spaces", func(t *testing.T, r *reconcile.Report) {
			action(t, r, "ENF-01").Code = " enf-01 "
		}, want{}},
		{"an unknown code", func(t *testing.T, r *reconcile.Report) {
			r.Actions = append(r.Actions, extra("ENF-99", reconcile.AxisEnfance, 11, 0))
		}, want{inconnue: []string{"ENFANCE/ENF-99/"}}},
		{"a code planned another year", func(t *testing.T, r *reconcile.Report) {
			r.Actions = append(r.Actions, extra("ENF-09", reconcile.AxisEnfance, 11, 0))
		}, want{inconnue: []string{"ENFANCE/ENF-09/"}}},
		{"a row without code", func(t *testing.T, r *reconcile.Report) {
			r.Actions = append(r.Actions, extra("", reconcile.AxisEnfance, 11, 0))
		}, want{inconnue: []string{"ENFANCE//"}}},
		{"a duplicated row", func(t *testing.T, r *reconcile.Report) {
			r.Actions = append(r.Actions, extra("ENF-01", reconcile.AxisEnfance, 11, eur(100_000)))
		}, want{inconnue: []string{"ENFANCE/ENF-01/"}}},
		{"an EMPLOI row in a three-axis contract", func(t *testing.T, r *reconcile.Report) {
			r.Actions = append(r.Actions, extra("EMP-01", reconcile.AxisEmploi, 11, eur(500_000)))
		}, want{inconnue: []string{"EMPLOI/EMP-01/"}, axe: []string{"EMPLOI/EMP-01/"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := cleanReport(reg, 2025)
			tc.mutate(t, r)
			fs := check(reg, r)
			for _, x := range []struct {
				code reconcile.Code
				want []string
			}{
				{reconcile.ActionManquante, tc.want.manquante},
				{reconcile.ActionInconnue, tc.want.inconnue},
				{reconcile.AxeNonContractualise, tc.want.axe},
			} {
				if got := keys(fs, x.code); !slices.Equal(got, x.want) {
					t.Errorf("%s: got %v, want %v", x.code, got, x.want)
				}
			}
			// Unknown, duplicated and non-contracted rows are out of every
			// money rule: the clean report stays clean.
			for _, f := range fs {
				switch f.Code {
				case reconcile.ActionManquante, reconcile.ActionInconnue, reconcile.AxeNonContractualise,
					reconcile.SousExecution: // TRA-01 removed: nothing spent on its axis
				default:
					t.Errorf("unexpected %s", describe([]reconcile.Finding{f}))
				}
			}
		})
	}
}

func TestActionMessages(t *testing.T) {
	reg := testRegister()
	r := cleanReport(reg, 2025)
	r.Actions = slices.DeleteFunc(r.Actions, func(a reconcile.ReportedAction) bool { return a.Code == "TRA-01" })
	r.Actions = append(r.Actions,
		reconcile.ReportedAction{Code: "ENF-09", Axis: reconcile.AxisEnfance, Row: 11, Cells: actionCells(11)},
		reconcile.ReportedAction{Code: "EMP-01", Axis: reconcile.AxisEmploi, Row: 12, Cells: actionCells(12)},
		reconcile.ReportedAction{Code: "ENF-01", Axis: reconcile.AxisEnfance, Row: 13, Cells: actionCells(13)},
	)
	fs := check(reg, r)
	want := map[string]string{
		"TRA-01": "L'action TRA-01 (« Action TRA-01 »), prévue au contrat pour 2025, est absente de la feuille " +
			"Actions : rétablissez sa ligne avec son code exact et renseignez ses montants réalisés.",
		"ENF-09": "L'action ENF-09 n'est pas prévue au contrat pour 2025 : sa ligne n'est comptée dans aucun total ni " +
			"contrôle ; corrigez le code s'il est mal saisi ou supprimez la ligne. Vérifiez la cellule Actions!A11.",
		"EMP-01": "L'action EMP-01 ne figure pas au contrat : sa ligne n'est comptée dans aucun total ni contrôle ; " +
			"corrigez le code s'il est mal saisi ou supprimez la ligne. Vérifiez la cellule Actions!A12.",
		"ENF-01": "L'action ENF-01 figure déjà à la ligne 7 de la feuille Actions : cette seconde ligne n'est comptée " +
			"dans aucun total ni contrôle ; regroupez les montants sur une seule ligne et supprimez l'autre. " +
			"Vérifiez la cellule Actions!A13.",
		"axe": "L'action EMP-01 relève de l'axe « Emploi », que ce contrat à 3 axes ne comporte pas : ses montants " +
			"ne sont comptés dans aucun total ni contrôle du contrat. " +
			"Vérifiez la cellule Actions!B12.",
	}
	got := map[string]string{}
	for _, f := range fs {
		switch f.Code {
		case reconcile.ActionManquante, reconcile.ActionInconnue:
			got[f.Action] = f.Message
		case reconcile.AxeNonContractualise:
			got["axe"] = f.Message
			if !slices.Equal(f.Cells, []string{"Actions!B12"}) {
				t.Errorf("AXE_NON_CONTRACTUALISE cells = %v", f.Cells)
			}
		}
	}
	for k, w := range want {
		if got[k] != nbsp(w) {
			t.Errorf("%s:\n got %q\nwant %q", k, got[k], nbsp(w))
		}
	}
}

// A register may hold an EMPLOI action for a three-axis contract: its row
// is reported, and kept out of every total.
func TestEmploiActionOfThreeAxisContractIsOutOfTheTotals(t *testing.T) {
	reg := testRegister()
	c := &reg.Contracts[0]
	c.Actions = append(c.Actions, testAction("EMP-01", reconcile.AxisEmploi, reconcile.NatureNouvelle, eur(900_000), eur(0)))
	r := cleanReport(reg, 2025) // EMP-01 spends 900 000 € of State money, far over the ceiling
	fs := check(reg, r)
	if got, want := keys(fs, reconcile.AxeNonContractualise), []string{"EMPLOI/EMP-01/"}; !slices.Equal(got, want) {
		t.Errorf("AXE_NON_CONTRACTUALISE: got %v, want %v", got, want)
	}
	if len(fs) != 1 {
		t.Errorf("got %s, want only AXE_NON_CONTRACTUALISE", describe(fs))
	}
	// A métropole's contract has the axis.
	c.Territory.AxisCount = 4
	c.Territory.AnnualCeiling = eur(1_170_000)
	fs = check(reg, r)
	if got := keys(fs, reconcile.AxeNonContractualise); got != nil {
		t.Errorf("four axes: got %v", got)
	}
	if got := keys(fs, reconcile.CofinancementInsuffisant); !slices.Equal(got, []string{"EMPLOI/EMP-01/"}) {
		t.Errorf("four axes: COFINANCEMENT_INSUFFISANT %v, want the EMPLOI action (which explains the axis)", got)
	}
}

func TestActionInconnueDoesNotCountTheRowMoney(t *testing.T) {
	reg := testRegister()
	r := cleanReport(reg, 2025)
	r.Actions = append(r.Actions, reconcile.ReportedAction{Code: "ENF-01", Axis: reconcile.AxisEnfance,
		StateSpent: amt(eur(1_000_000)), TerritorySpent: amt(0), Row: 11, Cells: actionCells(11)})
	fs := check(reg, r)
	for _, f := range fs {
		if f.Code != reconcile.ActionInconnue {
			t.Errorf("unexpected %s", describe([]reconcile.Finding{f}))
		}
		if !strings.Contains(f.Message, "ligne 7") {
			t.Errorf("message %q does not name the first row", f.Message)
		}
	}
}
