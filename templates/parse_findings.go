package templates

import (
	"fmt"
	"math"
	"strings"

	"github.com/pactd/pactd/internal/ooxml"
	"github.com/pactd/pactd/reconcile"
)

// cellPlace locates a cell for findings and messages.
type cellPlace struct {
	ref       string // "Actions!G7"
	what      string // tableColumn or label: "État réalisé"
	action    string
	indicator string
	axis      reconcile.Axis
	unit      string // of an indicator
	field     string // reconcile.Field* name of an Actions cell
}

// subject starts a sentence about the cell: "La cellule Actions!G7 (État
// réalisé de l'action ENF-03)".
func (w cellPlace) subject() string {
	var ctx string
	switch {
	case w.indicator != "":
		ctx = fmt.Sprintf(" (%s de l'indicateur %s)", w.what, w.indicator)
	case w.action != "":
		ctx = fmt.Sprintf(" (%s de l'action %s)", w.what, w.action)
	case w.what != "":
		ctx = fmt.Sprintf(" (%s)", w.what)
	}
	return "La cellule " + w.ref + ctx
}

// finding returns a finding on w's cell.
func (w cellPlace) finding(code reconcile.Code, msg string) reconcile.Finding {
	f := reconcile.NewFinding(code, msg)
	f.Cells = []string{w.ref}
	f.Action, f.Indicator, f.Axis = w.action, w.indicator, w.axis
	return f
}

// columnLabel returns a header without its unit: "État réalisé".
func columnLabel(header string) string {
	return strings.TrimSpace(strings.TrimSuffix(header, "(€)"))
}

// errorValue reports ERREUR_FORMULE on a cell holding an error value.
func (ps *wbParser) errorValue(w cellPlace, c *ooxml.Cell) {
	e := c.Text()
	why := ""
	if s, ok := excelErrors[e]; ok {
		why = " (" + s + ")"
	}
	verb := "affiche l'erreur"
	fix := "corrigez la formule ou remplacez-la par la valeur"
	if !c.Formula {
		fix = "remplacez-la par la valeur"
	}
	f := w.finding(reconcile.ErreurFormule, fmt.Sprintf("%s %s %s%s : %s.", w.subject(), verb, e, why, fix))
	f.Actual = reconcile.TextValue(e)
	ps.add(f)
}

// numberKind says what a number cell holds, for messages.
type numberKind uint8

const (
	numMoney     numberKind = iota // an amount of euros
	numIndicator                   // an indicator's value
)

// fillNumber reads a cell the territory fills with a number: it reports
// what is wrong with it and returns the number, or nil when there is none
// to use. An empty cell is reported as VALEUR_MANQUANTE only when
// reportEmpty is set.
//
// A cell showing a percentage (« 57 % ») is read as 57 in an indicator
// whose unit is a percentage, and refused anywhere else (percent.go).
func (ps *wbParser) fillNumber(w cellPlace, c *ooxml.Cell, kind numberKind, reportEmpty bool) *float64 {
	v, st := cellNumber(c)
	if pct, ok := shownPercent(c, v, st); ok {
		if kind != numIndicator || !reconcile.IsPercentUnit(w.unit) {
			ps.percentRefused(w, pct, kind)
			return nil
		}
		v = pct
	}
	switch st {
	case stEmpty:
		if reportEmpty {
			in := ""
			if ps.year != 0 {
				in = fmt.Sprintf(" en %d", ps.year)
			}
			hint := "saisissez le montant dépensé" + in + ", ou 0 s'il n'y a eu aucune dépense"
			switch {
			case kind == numIndicator:
				hint = "indiquez la valeur atteinte" + in + ", ou 0 si rien n'a été réalisé"
			case w.field == reconcile.FieldOtherSpent:
				hint = "saisissez le montant apporté par d'autres financeurs" + in + ", ou 0 s'il n'y en a pas"
			}
			ps.add(w.finding(reconcile.ValeurManquante, fmt.Sprintf("%s est vide : %s.", w.subject(), hint)))
		}
		return nil
	case stNoCache:
		f := w.finding(reconcile.ValeurManquante, fmt.Sprintf(
			"%s contient la formule =%s, dont le résultat n'a pas été enregistré dans le fichier : ouvrez le classeur dans Excel ou LibreOffice et enregistrez-le, ou saisissez directement la valeur.",
			w.subject(), shortText(c.FormulaText, 60)))
		if c.FormulaText == "" {
			f.Message = fmt.Sprintf("%s contient une formule dont le résultat n'a pas été enregistré dans le fichier : ouvrez le classeur dans Excel ou LibreOffice et enregistrez-le, ou saisissez directement la valeur.", w.subject())
		}
		ps.add(f)
		return nil
	case stError:
		ps.errorValue(w, c)
		return nil
	case stText:
		f := w.finding(reconcile.ValeurNonNumerique, "")
		f.Actual = reconcile.TextValue(cellDisplay(c))
		if kind == numMoney {
			f.Message = fmt.Sprintf("%s contient %s, qui n'est pas un montant : saisissez un nombre, par exemple %s.",
				w.subject(), guillemets(cellDisplay(c)), suggestAmount(c.Text()))
		} else {
			unit := ""
			if w.unit != "" {
				unit = " dans l'unité de l'indicateur (" + w.unit + ")"
			}
			f.Message = fmt.Sprintf("%s contient %s, qui n'est pas un nombre : saisissez un nombre%s, par exemple %s.",
				w.subject(), guillemets(cellDisplay(c)), unit, suggestNumber(c.Text()))
		}
		ps.add(f)
		return nil
	case stTextNumber:
		if w.field != "" {
			ps.textNumbers[w.field] = true
		}
		var read string
		if kind == numMoney {
			a, _ := reconcile.AmountFromEuros(v)
			read = "le montant " + a.String()
		} else {
			read = "le nombre " + reconcile.FormatNumber(v)
		}
		f := w.finding(reconcile.NombreEnTexte, fmt.Sprintf(
			"%s contient le texte %s, lu comme %s : rien à corriger ; la prochaine fois, saisissez-le comme un nombre.",
			w.subject(), guillemets(cellDisplay(c)), read))
		f.Actual = reconcile.TextValue(cellDisplay(c))
		ps.add(f)
	}
	if v < 0 {
		f := w.finding(reconcile.MontantNegatif, "")
		if kind == numMoney {
			a, _ := reconcile.AmountFromEuros(v)
			f.Actual = reconcile.MoneyValue(a)
			f.Message = fmt.Sprintf("%s contient un montant négatif (%s) : saisissez le montant dépensé, positif ou nul ; expliquez une correction d'une année précédente dans la feuille Commentaires.",
				w.subject(), a)
		} else {
			f.Actual = reconcile.NumberValue(v)
			f.Message = fmt.Sprintf("%s contient une valeur négative (%s) : saisissez la valeur atteinte, positive ou nulle.",
				w.subject(), reconcile.FormatNumber(v))
		}
		ps.add(f)
	}
	return &v
}

// fillAmount reads a money cell to fill; see fillNumber.
func (ps *wbParser) fillAmount(w cellPlace, c *ooxml.Cell) *reconcile.Amount {
	v := ps.fillNumber(w, c, numMoney, true)
	if v == nil {
		return nil
	}
	a, err := reconcile.AmountFromEuros(*v)
	if err != nil || !a.Plausible() {
		f := w.finding(reconcile.MontantInvraisemblable, fmt.Sprintf(
			"%s contient %s, au-delà de %s, le plus grand montant qu'une cellule puisse porter : saisissez le montant en euros, sans erreur de frappe (par exemple 12 500,00).",
			w.subject(), guillemets(cellDisplay(c)), reconcile.MaxPlausibleAmount))
		f.Expected, f.Actual = reconcile.MoneyValue(reconcile.MaxPlausibleAmount), reconcile.TextValue(cellDisplay(c))
		if err == nil {
			f.Actual = reconcile.MoneyValue(a)
		}
		ps.add(f)
		return nil
	}
	return &a
}

// cachedAmount reads a computed cell (a total): its cached number, or nil.
func cachedAmount(c *ooxml.Cell) *reconcile.Amount {
	v, st := cellNumber(c)
	if st != stNumber && st != stTextNumber {
		return nil
	}
	a, err := reconcile.AmountFromEuros(v)
	if err != nil || !a.Plausible() {
		return nil
	}
	return &a
}

// suggestAmount proposes how to type the amount a text seems to hold:
// "environ 5000" gives "5 000,00".
func suggestAmount(text string) string {
	if f, ok := firstNumber(text); ok {
		if a, err := reconcile.AmountFromEuros(math.Abs(f)); err == nil {
			return a.Format()
		}
	}
	return "12\u00a0500,00"
}

// suggestNumber proposes how to type the number a text seems to hold.
func suggestNumber(text string) string {
	if f, ok := firstNumber(text); ok {
		return reconcile.FormatNumber(math.Abs(f))
	}
	return "140"
}

// firstNumber finds the first number in a text, French style.
func firstNumber(text string) (float64, bool) {
	start := strings.IndexAny(text, "0123456789")
	if start < 0 {
		return 0, false
	}
	end := start
	for end < len(text) {
		r := text[end]
		if r >= '0' && r <= '9' || r == ',' || r == '.' || r == ' ' {
			end++
			continue
		}
		if sp := spacePrefix(text[end:]); sp > 0 {
			end += sp
			continue
		}
		break
	}
	f, err := reconcile.ParseNumber(strings.TrimRight(text[start:end], " ,."))
	return f, err == nil
}

// spacePrefix returns the length of a no-break or narrow no-break space
// starting s, or 0.
func spacePrefix(s string) int {
	for _, sp := range []string{"\u00a0", "\u202f"} {
		if strings.HasPrefix(s, sp) {
			return len(sp)
		}
	}
	return 0
}
