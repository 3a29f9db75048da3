package reconcile

import (
	"fmt"
	"strings"
)

// checkActions raises ACTION_MANQUANTE for every action the contract plans
// for the year that has no row, ACTION_INCONNUE for every row whose code is
// not a contracted action of the year (or repeats one), and
// AXE_NON_CONTRACTUALISE for every row on an axis the contract lacks.
func (k *checker) checkActions() {
	for _, a := range k.actions {
		if _, ok := k.led.byCode[NormalizeCode(a.Code)]; ok {
			continue
		}
		title := ""
		if a.Title != "" {
			title = " (" + quote(a.Title) + ")"
		}
		k.add(Finding{
			Code: ActionManquante, Axis: a.Axis, Action: a.Code,
			Expected: TextValue(a.Code),
			Message: fmt.Sprintf("L'action %s%s, prévue au contrat pour %d, est absente de la feuille Actions : "+
				"rétablissez sa ligne avec son code exact et renseignez ses montants réalisés.", a.Code, title, k.year),
		})
	}
	for _, ln := range k.led.lines {
		row := ln.row
		code := strings.TrimSpace(row.Code)
		codeCell := row.Cells[FieldCode]
		switch {
		case ln.firstRow != 0:
			k.add(Finding{
				Code: ActionInconnue, Axis: ln.axis, Action: code, Actual: TextValue(code), Cells: cellList(codeCell),
				Message: fmt.Sprintf("L'action %s figure déjà à la ligne %d de la feuille Actions : cette seconde ligne "+
					"n'est comptée dans aucun total ni contrôle ; regroupez les montants sur une seule ligne et supprimez l'autre.%s",
					code, ln.firstRow, checkCells(cellList(codeCell))),
			})
		case ln.action == nil && code == "":
			k.add(Finding{
				Code: ActionInconnue, Axis: ln.axis, Cells: cellList(codeCell),
				Message: fmt.Sprintf("La ligne %d de la feuille Actions n'a pas de code action : elle n'est comptée dans "+
					"aucun total ni contrôle ; indiquez le code d'une action du contrat ou supprimez la ligne.%s",
					row.Row, checkCells(cellList(codeCell))),
			})
		case ln.action == nil:
			what := "ne figure pas au contrat"
			if k.contractHasCode(code) {
				what = fmt.Sprintf("n'est pas prévue au contrat pour %d", k.year)
			}
			k.add(Finding{
				Code: ActionInconnue, Axis: ln.axis, Action: code, Actual: TextValue(code), Cells: cellList(codeCell),
				Message: fmt.Sprintf("L'action %s %s : sa ligne n'est comptée dans aucun total ni contrôle ; "+
					"corrigez le code s'il est mal saisi ou supprimez la ligne.%s", code, what, checkCells(cellList(codeCell))),
			})
		}
		if ln.axis.Valid() && !k.c.Territory.HasAxis(ln.axis) && ln.firstRow == 0 {
			cell := row.Cells[FieldAxis]
			if cell == "" {
				cell = codeCell
			}
			name := "L'action " + code
			if code == "" {
				name = fmt.Sprintf("La ligne %d", row.Row)
			}
			k.add(Finding{
				Code: AxeNonContractualise, Axis: ln.axis, Action: code, Actual: TextValue(string(ln.axis)),
				Cells: cellList(cell),
				Message: fmt.Sprintf("%s relève de %s, que ce contrat à %d axes ne comporte pas : "+
					"ses montants ne sont comptés dans aucun total ni contrôle du contrat.%s",
					name, axisPhrase(ln.axis), len(k.c.Territory.Axes()), checkCells(cellList(cell))),
			})
		}
	}
}

// contractHasCode reports whether any action of the contract, any year,
// has code once normalised.
func (k *checker) contractHasCode(code string) bool {
	n := NormalizeCode(code)
	for _, a := range k.c.Actions {
		if NormalizeCode(a.Code) == n {
			return true
		}
	}
	return false
}

// cellList returns a one-cell list, or nil for an unknown cell.
func cellList(cells ...string) []string {
	var out []string
	for _, c := range cells {
		if c != "" {
			out = append(out, c)
		}
	}
	return out
}
