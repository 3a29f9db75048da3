package reconcile

import (
	"fmt"
	"math"
)

// Tolerances of TOTAL_INCOHERENT: a cached total may differ from the sum of
// its lines by one cent (spreadsheets round binary floats), a cached rate
// by a tenth of a point.
const (
	totalAmountSlack Amount  = 1
	totalRateSlack   float64 = 0.001
)

// checkTotals raises TOTAL_INCOHERENT for every total the file computes
// itself (the totals row of Actions, the Synthèse sheet) whose cached value
// differs from the sum of its lines, as the template's own formulas sum
// them: the totals row of Actions adds every row; a Synthèse row adds the
// rows whose Axe column names its axis; the Synthèse total adds the rows on
// the contract's axes. Unknown action codes are included, and missing
// values count as zero, like a spreadsheet SUM. A total with no cached
// value (nil) is not checked.
func (k *checker) checkTotals() {
	for _, t := range k.in.Report.Totals {
		contractAxes := t.Axis == "" && Fold(t.Sheet) != "actions" && t.Sheet != ""
		var sum struct{ sp, tp, ss, ts, os Amount }
		for _, row := range k.in.Report.Actions {
			if t.Axis != "" && row.Axis != t.Axis || contractAxes && !k.c.Territory.HasAxis(row.Axis) {
				continue
			}
			sum.sp = sum.sp.Plus(Sum(row.StatePlanned))
			sum.tp = sum.tp.Plus(Sum(row.TerritoryPlanned))
			sum.ss = sum.ss.Plus(Sum(row.StateSpent))
			sum.ts = sum.ts.Plus(Sum(row.TerritorySpent))
			sum.os = sum.os.Plus(Sum(row.OtherSpent))
		}
		where := "du total général"
		if t.Axis != "" {
			where = "de " + axisPhrase(t.Axis)
		}
		sheet := t.Sheet
		if sheet == "" {
			sheet = "Actions"
		}
		if t.Field == FieldRate {
			if t.Rate == nil || sum.sp.Plus(sum.tp) <= 0 {
				continue
			}
			want := float64(sum.ss.Plus(sum.ts)) / float64(sum.sp.Plus(sum.tp))
			if math.Abs(*t.Rate-want) <= totalRateSlack+1e-12 {
				continue
			}
			k.add(Finding{
				Code: TotalIncoherent, Axis: t.Axis, Expected: PercentValue(percentValue(want)),
				Actual: PercentValue(percentValue(*t.Rate)), Cells: cellList(t.Cell),
				Message: fmt.Sprintf("Le taux d'exécution %s affiche %s dans la feuille %s alors que les montants de la "+
					"feuille Actions donnent %s (réalisé État et collectivité rapporté au prévu) : rétablissez la formule "+
					"du modèle plutôt que de saisir le taux.%s",
					where, formatPercent(*t.Rate), sheet, formatPercent(want), checkCells(cellList(t.Cell))),
			})
			continue
		}
		var want Amount
		switch t.Field {
		case FieldStatePlanned:
			want = sum.sp
		case FieldTerritoryPlanned:
			want = sum.tp
		case FieldStateSpent:
			want = sum.ss
		case FieldTerritorySpent:
			want = sum.ts
		case FieldOtherSpent:
			want = sum.os
		default:
			continue
		}
		if t.Value == nil {
			continue
		}
		subject := "Le total général de la colonne " + fieldLabel(t.Field)
		if t.Axis != "" {
			subject = "Le total de la colonne " + fieldLabel(t.Field) + " pour " + axisPhrase(t.Axis)
		}
		diff := t.Value.Minus(want)
		if diff >= -totalAmountSlack && diff <= totalAmountSlack {
			continue
		}
		k.add(Finding{
			Code: TotalIncoherent, Axis: t.Axis, Expected: MoneyValue(want), Actual: MoneyValue(*t.Value),
			Cells: cellList(t.Cell),
			Message: fmt.Sprintf("%s affiche %s dans la feuille %s alors que la somme des lignes correspondantes de "+
				"la feuille Actions fait %s : rétablissez la formule du modèle plutôt que de saisir le total.%s",
				subject, *t.Value, sheet, want, checkCells(cellList(t.Cell))),
		})
	}
}
