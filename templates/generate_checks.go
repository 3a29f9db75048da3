package templates

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/pactd/pactd/reconcile"
)

// Live checks: conditional formatting turns a cell red while the person
// types, on the same rules pactd applies when the file arrives
// (docs/RULES.md): co-financing (the territory spends at least what the
// State spends, per action and per axis, within the tolerance) and
// under-execution (an axis below the threshold). They are a help only;
// pactd never reads them back.

// genColourAlert and genColourAlertText are the red of a shortfall.
const (
	genColourAlert     = "F4C7C3"
	genColourAlertText = "9C0006"
)

// tolerances returns the tolerances the live checks show: the options', or
// the defaults.
func (b *genBook) tolerances() reconcile.Tolerances {
	if b.opts.Tolerances == (reconcile.Tolerances{}) {
		return reconcile.DefaultTolerances()
	}
	return b.opts.Tolerances
}

// genNumber writes a number for a formula, with a dot.
func genNumber(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// shortfall returns the formula true when territory is below state beyond
// the tolerance: max(absolute, relative × state).
func (b *genBook) shortfall(territory, state string) string {
	tol := b.tolerances()
	return fmt.Sprintf("%s<%s-MAX(%s,%s*%s)", territory, state, genNumber(tol.Absolute.Euros()), genNumber(tol.Relative), state)
}

// alert adds a red conditional format on ref, true when formula is.
func (b *genBook) alert(sheet, ref, formula string) {
	if b.err != nil {
		return
	}
	style, err := b.f.NewConditionalStyle(&excelize.Style{
		Font: &excelize.Font{Color: genColourAlertText, Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{genColourAlert}},
	})
	if err != nil {
		b.do(err)
		return
	}
	b.do(b.f.SetConditionalFormat(sheet, ref, []excelize.ConditionalFormatOptions{
		{Type: "formula", Criteria: formula, Format: &style},
	}))
}

// actionChecks marks in red, on rows first to last of Actions, a
// territory spending below the State's.
func (b *genBook) actionChecks(first, last int) {
	b.alert(SheetActions, fmt.Sprintf("H%d:H%d", first, last),
		fmt.Sprintf("AND(ISNUMBER($G%d),$G%d>0,%s)", first, first, b.shortfall(fmt.Sprintf("N($H%d)", first), fmt.Sprintf("$G%d", first))))
}

// syntheseChecks marks in red, on rows first to last of Synthèse, an axis
// where the territory spent less than the State, and an execution rate
// below the threshold once something is typed.
func (b *genBook) syntheseChecks(first, last int) {
	b.alert(SheetSynthese, fmt.Sprintf("E%d:E%d", first, last),
		fmt.Sprintf("AND($D%d>0,%s)", first, b.shortfall(fmt.Sprintf("$E%d", first), fmt.Sprintf("$D%d", first))))
	b.alert(SheetSynthese, fmt.Sprintf("F%d:F%d", first, last),
		fmt.Sprintf("AND(ISNUMBER($F%d),$D%d+$E%d>0,$F%d<%s)", first, first, first, first, genNumber(b.tolerances().UnderExecution)))
}

// genPercent formats a fraction as a French percentage: 0.8 is "80 %",
// 0.005 is "0,5 %".
func genPercent(f float64) string {
	return strings.Replace(genNumber(f*100), ".", ",", 1) + "\u00a0%"
}

// cofinancingRule is the rule as the person filling the file reads it.
func (b *genBook) cofinancingRule() string {
	tol := b.tolerances()
	return fmt.Sprintf("pour chaque action et sur chaque axe, la collectivité doit dépenser au moins autant que l'État "+
		"(à %s ou %s près) ; les autres financeurs ne comptent pas dans sa part. Un axe exécuté à moins de %s "+
		"de ce qui était prévu est signalé", tol.Absolute, genPercent(tol.Relative), genPercent(tol.UnderExecution))
}
