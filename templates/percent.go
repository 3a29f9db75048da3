package templates

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pactd/pactd/internal/ooxml"
	"github.com/pactd/pactd/reconcile"
)

// Percentages as people type them. Typing « 57 % » in Excel or LibreOffice
// stores the number 0.57 and gives the cell a format that shows it as
// 57 %; typing it in a cell kept as text stores "57 %". Either way the
// person saw 57 %, and pactd reads what the person saw:
//
//   - in an indicator whose unit is a percentage (reconcile.IsPercentUnit),
//     57 % is 57, as 57 is;
//   - anywhere else, a percentage is not what the cell asks for: an amount
//     of euros, or a count of people, households, days... pactd cannot
//     guess it, and the cell is VALEUR_NON_NUMERIQUE, saying what to type.
//
// docs/WORKBOOK.md says the same for the people who fill the workbook.

// shownPercent returns the percentage a cell read as v shows: 57 for the
// number 0.57 in a percentage format, 57 for the text "57 %"; ok is false
// when it shows no percentage.
func shownPercent(c *ooxml.Cell, v float64, st valueState) (pct float64, ok bool) {
	switch {
	case st == stNumber && c.Percent:
		return percentOf(v), true
	case st == stTextNumber && strings.HasSuffix(c.Text(), "%"):
		return v, true
	}
	return 0, false
}

// percentOf returns 100 times a fraction, without the binary noise of the
// product: 0.57 gives 57, not 56.99999999999999.
func percentOf(f float64) float64 {
	p, err := strconv.ParseFloat(strconv.FormatFloat(f*100, 'g', 15, 64), 64)
	if err != nil {
		return f * 100
	}
	return p
}

// percentRefused reports VALEUR_NON_NUMERIQUE on a cell showing pct % where
// a percentage means nothing: an amount, or an indicator counted in
// another unit.
func (ps *wbParser) percentRefused(w cellPlace, pct float64, kind numberKind) {
	shown := reconcile.FormatNumber(pct) + "\u00a0%"
	f := w.finding(reconcile.ValeurNonNumerique, "")
	f.Actual = reconcile.TextValue(shown)
	switch {
	case kind == numMoney:
		f.Message = fmt.Sprintf("%s contient %s, un pourcentage, qui n'est pas un montant : saisissez le montant en euros, par exemple 12\u00a0500,00 (le taux d'exécution se calcule seul dans la feuille %s).",
			w.subject(), guillemets(shown), SheetSynthese)
	case w.unit != "":
		f.Message = fmt.Sprintf("%s contient %s, un pourcentage, alors que l'indicateur se mesure en %s : saisissez la valeur atteinte dans cette unité, sans le signe %%.",
			w.subject(), guillemets(shown), w.unit)
	default:
		f.Message = fmt.Sprintf("%s contient %s, un pourcentage, alors que l'unité de l'indicateur n'en est pas un : saisissez la valeur atteinte dans son unité, sans le signe %%.",
			w.subject(), guillemets(shown))
	}
	ps.add(f)
}
