package reconcile_test

import (
	"slices"
	"testing"

	"github.com/pactd/pactd/reconcile"
)

// withTotals adds the totals a workbook computes over the clean 2025
// report: the Actions totals row (row 11) and the Synthèse per axis.
func withTotals(r *reconcile.Report) {
	var sp, tp, ss, ts, os reconcile.Amount
	type axisSum struct{ planned, spent, state reconcile.Amount }
	per := map[reconcile.Axis]*axisSum{}
	for _, a := range r.Actions {
		sp += *a.StatePlanned
		tp += *a.TerritoryPlanned
		ss += *a.StateSpent
		ts += *a.TerritorySpent
		os += *a.OtherSpent
		if per[a.Axis] == nil {
			per[a.Axis] = &axisSum{}
		}
		per[a.Axis].planned += *a.StatePlanned + *a.TerritoryPlanned
		per[a.Axis].spent += *a.StateSpent + *a.TerritorySpent
		per[a.Axis].state += *a.StateSpent
	}
	for f, v := range map[string]reconcile.Amount{reconcile.FieldStatePlanned: sp, reconcile.FieldTerritoryPlanned: tp,
		reconcile.FieldStateSpent: ss, reconcile.FieldTerritorySpent: ts, reconcile.FieldOtherSpent: os} {
		r.Totals = append(r.Totals, reconcile.ReportedTotal{Sheet: "Actions", Field: f, Value: amt(v),
			Cell: actionCells(11)[f]})
	}
	for i, axis := range []reconcile.Axis{reconcile.AxisEnfance, reconcile.AxisAccesDroits, reconcile.AxisTransition} {
		s := per[axis]
		rate := float64(s.spent) / float64(s.planned)
		r.Totals = append(r.Totals,
			reconcile.ReportedTotal{Sheet: "Synthèse", Axis: axis, Field: reconcile.FieldStateSpent, Value: amt(s.state),
				Cell: "Synthèse!D" + string(rune('5'+i))},
			reconcile.ReportedTotal{Sheet: "Synthèse", Axis: axis, Field: reconcile.FieldRate, Rate: &rate,
				Cell: "Synthèse!H" + string(rune('5'+i))})
	}
	var all reconcile.Amount
	for _, s := range per {
		all += s.state
	}
	r.Totals = append(r.Totals, reconcile.ReportedTotal{Sheet: "Synthèse", Field: reconcile.FieldStateSpent,
		Value: amt(all), Cell: "Synthèse!D8"})
	slices.SortFunc(r.Totals, func(a, b reconcile.ReportedTotal) int {
		if a.Cell < b.Cell {
			return -1
		}
		if a.Cell > b.Cell {
			return 1
		}
		return 0
	})
}

// total returns the reported total of sheet, axis and field.
func total(t *testing.T, r *reconcile.Report, sheet string, axis reconcile.Axis, field string) *reconcile.ReportedTotal {
	t.Helper()
	for i := range r.Totals {
		x := &r.Totals[i]
		if x.Sheet == sheet && x.Axis == axis && x.Field == field {
			return x
		}
	}
	t.Fatalf("no total %s %s %s", sheet, axis, field)
	return nil
}

func TestTotalIncoherent(t *testing.T) {
	reg := testRegister()
	for _, tc := range []struct {
		name   string
		mutate func(t *testing.T, r *reconcile.Report)
		want   []string // cells
	}{
		{"consistent", func(t *testing.T, r *reconcile.Report) {}, nil},
		{"grand total one cent off", func(t *testing.T, r *reconcile.Report) {
			*total(t, r, "Actions", "", reconcile.FieldStateSpent).Value += 1
		}, nil},
		{"grand total two cents off", func(t *testing.T, r *reconcile.Report) {
			*total(t, r, "Actions", "", reconcile.FieldStateSpent).Value -= 2
		}, []string{"Actions!G11"}},
		{"a total not cached", func(t *testing.T, r *reconcile.Report) {
			total(t, r, "Actions", "", reconcile.FieldStateSpent).Value = nil
		}, nil},
		{"a line changed after the totals were computed", func(t *testing.T, r *reconcile.Report) {
			spend(t, r, "ENF-02", eur(60_000), eur(60_000))
		}, []string{"Actions!G11", "Actions!H11", "Synthèse!D5", "Synthèse!D8", "Synthèse!H5"}},
		{"an EMPLOI row counts in the Actions total, not in the Synthèse", func(t *testing.T, r *reconcile.Report) {
			r.Actions = append(r.Actions, reconcile.ReportedAction{Code: "EMP-01", Axis: reconcile.AxisEmploi,
				StatePlanned: amt(0), TerritoryPlanned: amt(0), StateSpent: amt(eur(7)), TerritorySpent: amt(eur(7)),
				OtherSpent: amt(0), Row: 11, Cells: actionCells(11)})
			*total(t, r, "Actions", "", reconcile.FieldStateSpent).Value += eur(7)
			*total(t, r, "Actions", "", reconcile.FieldTerritorySpent).Value += eur(7)
		}, nil},
		{"missing values count as zero like SUM", func(t *testing.T, r *reconcile.Report) {
			action(t, r, "ACC-01").OtherSpent = nil
		}, nil},
		{"axis rate 0.1 point off", func(t *testing.T, r *reconcile.Report) {
			*total(t, r, "Synthèse", reconcile.AxisTransition, reconcile.FieldRate).Rate -= 0.001
		}, nil},
		{"axis rate 0.2 point off", func(t *testing.T, r *reconcile.Report) {
			*total(t, r, "Synthèse", reconcile.AxisTransition, reconcile.FieldRate).Rate += 0.002
		}, []string{"Synthèse!H7"}},
		{"synthèse of an axis off", func(t *testing.T, r *reconcile.Report) {
			*total(t, r, "Synthèse", reconcile.AxisAccesDroits, reconcile.FieldStateSpent).Value = eur(1)
		}, []string{"Synthèse!D6"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := cleanReport(reg, 2025)
			withTotals(r)
			tc.mutate(t, r)
			var got []string
			for _, f := range check(reg, r) {
				if f.Code == reconcile.TotalIncoherent {
					got = append(got, f.Cells...)
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestTotalIncoherentFinding(t *testing.T) {
	reg := testRegister()
	r := cleanReport(reg, 2025)
	withTotals(r)
	*total(t, r, "Synthèse", reconcile.AxisAccesDroits, reconcile.FieldStateSpent).Value = eur(75_000)
	*total(t, r, "Synthèse", reconcile.AxisTransition, reconcile.FieldRate).Rate = 0.5
	var msgs []string
	for _, f := range check(reg, r) {
		if f.Code != reconcile.TotalIncoherent {
			continue
		}
		msgs = append(msgs, f.Message)
		switch f.Axis {
		case reconcile.AxisAccesDroits:
			if f.Expected != reconcile.MoneyValue(eur(80_000)) || f.Actual != reconcile.MoneyValue(eur(75_000)) {
				t.Errorf("expected, actual = %v, %v", f.Expected, f.Actual)
			}
		case reconcile.AxisTransition:
			if f.Expected != reconcile.PercentValue(100) || f.Actual != reconcile.PercentValue(50) {
				t.Errorf("rate expected, actual = %v, %v", f.Expected, f.Actual)
			}
		}
	}
	want := []string{
		nbsp("Le total de la colonne « État réalisé (€) » pour l'axe « Accès aux droits » affiche 75 000,00 € dans la feuille Synthèse " +
			"alors que la somme des lignes correspondantes de la feuille Actions fait 80 000,00 € : rétablissez la " +
			"formule du modèle plutôt que de saisir le total. Vérifiez la cellule Synthèse!D6."),
		nbsp("Le taux d'exécution de l'axe « Transition écologique » affiche 50 % dans la feuille Synthèse alors que " +
			"les montants de la feuille Actions donnent 100 % (réalisé État et collectivité rapporté au prévu) : " +
			"rétablissez la formule du modèle plutôt que de saisir le taux. Vérifiez la cellule Synthèse!H7."),
	}
	slices.Sort(msgs)
	slices.Sort(want)
	if !slices.Equal(msgs, want) {
		t.Errorf("messages:\n got %q\nwant %q", msgs, want)
	}
}
