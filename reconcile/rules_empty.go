package reconcile

import "fmt"

// emptyReport reports whether no contracted action of the year has a State
// or territory spent amount: every such cell is empty, as in a template
// sent back untouched. A cell the parser could not read as a number (text,
// an error value) is not empty: something was written in it.
func (k *checker) emptyReport() bool {
	for _, ln := range k.led.lines {
		if ln.action == nil {
			continue
		}
		if ln.row.StateSpent != nil || ln.row.TerritorySpent != nil {
			return false
		}
		for _, field := range []string{FieldStateSpent, FieldTerritorySpent} {
			if k.parseFlagged(ln.row.Cells[field], ValeurNonNumerique, ErreurFormule) {
				return false
			}
		}
	}
	return true
}

// checkEmpty raises one RAPPORT_VIDE when the report is empty (see
// emptyReport), naming the first State and territory spent cells of the
// contracted actions, and reports whether it did.
func (k *checker) checkEmpty() bool {
	if !k.emptyReport() {
		return false
	}
	var cells []string
	for _, ln := range k.led.lines {
		if ln.action != nil {
			cells = appendCell(appendCell(nil, ln.row, FieldStateSpent), ln.row, FieldTerritorySpent)
			break
		}
	}
	where := ""
	if len(cells) > 0 {
		where = ", à partir des cellules " + joinFrench(cells) + ","
	}
	k.add(Finding{
		Code: RapportVide, Cells: cells,
		Message: fmt.Sprintf("Le classeur ne contient aucun montant réalisé : les colonnes %s et %s sont vides pour "+
			"toutes les actions prévues au contrat en %d ; complétez-les%s avant d'envoyer le compte rendu.",
			fieldLabel(FieldStateSpent), fieldLabel(FieldTerritorySpent), k.year, where),
	})
	return true
}
