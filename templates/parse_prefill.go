package templates

import (
	"fmt"
	"math"

	"github.com/pactd/pactd/internal/ooxml"
	"github.com/pactd/pactd/reconcile"
)

// restoreAdvice ends every ENGAGEMENT_MODIFIE message about a cell.
const restoreAdvice = "rétablissez la valeur pré-remplie ; pour faire modifier un engagement, adressez-vous à la délégation."

// found describes what a pre-filled cell holds now, for messages.
func prefilledNow(c *ooxml.Cell) (string, reconcile.Value) {
	switch {
	case c.IsEmpty():
		return "a été vidée", reconcile.Value{}
	case c.Formula && c.Text() == "":
		return fmt.Sprintf("contient la formule =%s", shortText(c.FormulaText, 60)), reconcile.TextValue("=" + c.FormulaText)
	}
	return "contient " + guillemets(cellDisplay(c)), reconcile.TextValue(cellDisplay(c))
}

// prefilledText reports ENGAGEMENT_MODIFIE on a pre-filled text cell
// (Axe, Intitulé, Nature) that differs from the contract's want.
func (ps *wbParser) prefilledText(w cellPlace, c *ooxml.Cell, want string) {
	now, actual := prefilledNow(c)
	f := w.finding(reconcile.EngagementModifie, fmt.Sprintf("%s %s alors que le contrat indique %s : %s",
		w.subject(), now, guillemets(shortText(want, 80)), restoreAdvice))
	f.Expected, f.Actual = reconcile.TextValue(want), actual
	ps.add(f)
}

// prefilledAmount reports ENGAGEMENT_MODIFIE when a pre-filled amount
// (got, read from c) differs from the contract's want.
func (ps *wbParser) prefilledAmount(w cellPlace, c *ooxml.Cell, got *reconcile.Amount, want reconcile.Amount) {
	if got != nil && *got == want {
		return
	}
	now, actual := prefilledNow(c)
	if got != nil {
		now, actual = "contient "+got.String(), reconcile.MoneyValue(*got)
	}
	f := w.finding(reconcile.EngagementModifie, fmt.Sprintf("%s %s alors que le contrat prévoit %s : %s",
		w.subject(), now, want, restoreAdvice))
	f.Expected, f.Actual = reconcile.MoneyValue(want), actual
	ps.add(f)
}

// prefilledNumber reports ENGAGEMENT_MODIFIE when a pre-filled number of an
// indicator (got, read from c) differs from the register's want; a nil want
// means the register gives none and the cell should be empty.
func (ps *wbParser) prefilledNumber(w cellPlace, c *ooxml.Cell, got, want *float64) {
	switch {
	case got == nil && want == nil && c.IsEmpty():
		return
	case got != nil && want != nil && sameNumber(*got, *want):
		return
	}
	now, actual := prefilledNow(c)
	if got != nil {
		now, actual = "contient "+reconcile.FormatNumber(*got), reconcile.NumberValue(*got)
	}
	expected, wantText := reconcile.Value{}, "aucune valeur"
	if want != nil {
		expected, wantText = reconcile.NumberValue(*want), reconcile.FormatNumber(*want)
	}
	f := w.finding(reconcile.EngagementModifie, fmt.Sprintf("%s %s alors que le contrat indique %s : %s",
		w.subject(), now, wantText, restoreAdvice))
	f.Expected, f.Actual = expected, actual
	ps.add(f)
}

// sameNumber compares two spreadsheet numbers, allowing for binary
// rounding ("85.5" written by one program, 85.49999999999999 by another).
func sameNumber(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b))
}

// cachedNumber reads a pre-filled number: the cached number, or nil.
func cachedNumber(c *ooxml.Cell) *float64 {
	v, st := cellNumber(c)
	if st != stNumber && st != stTextNumber {
		return nil
	}
	return &v
}
