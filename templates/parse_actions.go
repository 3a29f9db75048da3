package templates

import (
	"fmt"
	"strings"

	"github.com/pactd/pactd/internal/ooxml"
	"github.com/pactd/pactd/reconcile"
)

// parseActionColumns are the columns of the Actions foundTable.
var parseActionColumns = []tableColumn{
	{reconcile.FieldCode, HeaderActionCode}, {reconcile.FieldAxis, HeaderAxis}, {reconcile.FieldTitle, HeaderTitle},
	{reconcile.FieldNature, HeaderNature}, {reconcile.FieldStatePlanned, HeaderStatePlanned},
	{reconcile.FieldTerritoryPlanned, HeaderTerritoryPlanned}, {reconcile.FieldStateSpent, HeaderStateSpent},
	{reconcile.FieldTerritorySpent, HeaderTerritorySpent}, {reconcile.FieldOtherSpent, HeaderOtherSpent},
	{reconcile.FieldStatus, HeaderStatus}, {reconcile.FieldComment, HeaderComment},
}

// headerLabel returns the template header of a field.
func headerLabel(cols []tableColumn, field string) string {
	for _, c := range cols {
		if c.field == field {
			return c.header
		}
	}
	return field
}

// Fields of the Actions foundTable the territory fills in, and those the
// template pre-fills from the contract.
var (
	parseActionFill    = []string{reconcile.FieldStateSpent, reconcile.FieldTerritorySpent, reconcile.FieldOtherSpent, reconcile.FieldStatus}
	parseActionPrefill = []string{reconcile.FieldAxis, reconcile.FieldTitle, reconcile.FieldNature, reconcile.FieldStatePlanned, reconcile.FieldTerritoryPlanned}
)

// readActions reads the Actions foundTable, its totals row and what is wrong
// with its cells.
func (ps *wbParser) readActions() {
	g := ps.sheet(SheetActions)
	t := findHeaderRow(g, ps.nameHintRow(NameActions), parseActionColumns, []string{reconcile.FieldCode}, 5)
	if t == nil {
		if g.Truncated {
			ps.tooManyRows(g)
			return
		}
		ps.add(reconcile.NewFinding(reconcile.ModeleInconnu, fmt.Sprintf(
			"Le tableau des actions est introuvable dans la feuille %s : sa ligne d'en-tête (%s, %s, %s…) a été modifiée ou supprimée ; rétablissez-la ou repartez du classeur pré-rempli reçu.",
			g.Name, guillemets(HeaderActionCode), guillemets(HeaderAxis), guillemets(HeaderStateSpent))))
		return
	}
	total := 0
	for i := range g.Rows {
		if r := g.Rows[i].Num; r > t.header && isTotalLabel(t.cell(r, reconcile.FieldCode).Text()) {
			total = r
			break
		}
	}
	if total == 0 && g.Truncated {
		ps.tooManyRows(g)
		return
	}
	ps.missingColumns(t, parseActionColumns, parseActionFill, parseActionPrefill)
	ps.rep.Actions = []reconcile.ReportedAction{}
	for i := range g.Rows {
		r := g.Rows[i].Num
		if r <= t.header {
			continue
		}
		if r == total {
			break
		}
		if t.blank(r) {
			continue
		}
		code := t.cell(r, reconcile.FieldCode).Text()
		if code == "" {
			ps.rowWithoutCode(t, r, HeaderActionCode, "l'action")
			continue
		}
		ps.readAction(t, r, code)
	}
	if total > 0 {
		ps.readActionTotals(t, total)
	}
}

// readAction reads one row of the Actions foundTable.
func (ps *wbParser) readAction(t *foundTable, r int, code string) {
	a := reconcile.ReportedAction{Code: code, Row: r, Cells: map[string]string{}}
	for field, c := range t.cols {
		a.Cells[field] = t.g.Ref(r, c)
	}
	a.AxisLabel = t.cell(r, reconcile.FieldAxis).Text()
	if ax, ok := reconcile.MatchAxis(a.AxisLabel); ok {
		a.Axis = ax
	}
	a.Title = t.cell(r, reconcile.FieldTitle).Text()
	a.Nature = t.cell(r, reconcile.FieldNature).Text()
	a.StatePlanned = cachedAmount(t.cell(r, reconcile.FieldStatePlanned))
	a.TerritoryPlanned = cachedAmount(t.cell(r, reconcile.FieldTerritoryPlanned))

	contracted := ps.contractAction(code)
	axis := a.Axis
	if contracted != nil {
		axis = contracted.Axis
	}
	at := func(field string) cellPlace {
		return cellPlace{ref: t.ref(r, field), what: columnLabel(headerLabel(parseActionColumns, field)), action: code, axis: axis, field: field}
	}
	if contracted != nil {
		plan := contracted.Plans[ps.year]
		if t.col(reconcile.FieldAxis) != 0 {
			if ax, ok := reconcile.MatchAxis(a.AxisLabel); !ok || ax != contracted.Axis {
				ps.prefilledText(at(reconcile.FieldAxis), t.cell(r, reconcile.FieldAxis), contracted.Axis.Label())
			}
		}
		if t.col(reconcile.FieldTitle) != 0 && !sameLabel(a.Title, contracted.Title) {
			ps.prefilledText(at(reconcile.FieldTitle), t.cell(r, reconcile.FieldTitle), contracted.Title)
		}
		if t.col(reconcile.FieldNature) != 0 {
			if n, ok := reconcile.MatchNature(a.Nature); !ok || n != contracted.Nature {
				ps.prefilledText(at(reconcile.FieldNature), t.cell(r, reconcile.FieldNature), string(contracted.Nature))
			}
		}
		if t.col(reconcile.FieldStatePlanned) != 0 {
			ps.prefilledAmount(at(reconcile.FieldStatePlanned), t.cell(r, reconcile.FieldStatePlanned), a.StatePlanned, plan.State)
		}
		if t.col(reconcile.FieldTerritoryPlanned) != 0 {
			ps.prefilledAmount(at(reconcile.FieldTerritoryPlanned), t.cell(r, reconcile.FieldTerritoryPlanned), a.TerritoryPlanned, plan.Territory)
		}
	}
	if t.col(reconcile.FieldStateSpent) != 0 {
		a.StateSpent = ps.fillAmount(at(reconcile.FieldStateSpent), t.cell(r, reconcile.FieldStateSpent))
	}
	if t.col(reconcile.FieldTerritorySpent) != 0 {
		a.TerritorySpent = ps.fillAmount(at(reconcile.FieldTerritorySpent), t.cell(r, reconcile.FieldTerritorySpent))
	}
	if t.col(reconcile.FieldOtherSpent) != 0 {
		a.OtherSpent = ps.fillAmount(at(reconcile.FieldOtherSpent), t.cell(r, reconcile.FieldOtherSpent))
	}
	if t.col(reconcile.FieldStatus) != 0 {
		a.Status = ps.readStatus(at(reconcile.FieldStatus), t.cell(r, reconcile.FieldStatus))
	}
	if c := t.cell(r, reconcile.FieldComment); c != nil && c.Kind != ooxml.KindError {
		a.Comment = c.Text()
	}
	ps.rep.Actions = append(ps.rep.Actions, a)
}

// contractAction returns the contracted action of the year with that code,
// or nil (unknown code, or no contract to compare with).
func (ps *wbParser) contractAction(code string) *reconcile.Action {
	if ps.contract == nil {
		return nil
	}
	n := reconcile.NormalizeCode(code)
	for i := range ps.contract.Actions {
		a := &ps.contract.Actions[i]
		if reconcile.NormalizeCode(a.Code) != n {
			continue
		}
		if _, ok := a.Plans[ps.year]; ok {
			return a
		}
	}
	return nil
}

// readStatus reads the Statut cell: one of the drop-down values, whatever
// its case, accents and spaces. Another text is kept as typed and reported
// as STATUT_INCONNU.
func (ps *wbParser) readStatus(w cellPlace, c *ooxml.Cell) string {
	switch {
	case c != nil && c.Kind == ooxml.KindError:
		ps.errorValue(w, c)
		return ""
	case c.Text() == "":
		ps.add(w.finding(reconcile.ValeurManquante, fmt.Sprintf("%s est vide : choisissez le statut de l'action dans la liste (%s).",
			w.subject(), strings.Join(reconcile.ActionStatuses, ", "))))
		return ""
	}
	s := c.Text()
	for _, st := range reconcile.ActionStatuses {
		if reconcile.Fold(st) == reconcile.Fold(s) {
			return st
		}
	}
	f := w.finding(reconcile.StatutInconnu, fmt.Sprintf(
		"%s contient %s, qui n'est pas un statut prévu : choisissez le statut de l'action dans la liste (%s).",
		w.subject(), guillemets(cellDisplay(c)), strings.Join(reconcile.ActionStatuses, ", ")))
	f.Actual = reconcile.TextValue(cellDisplay(c))
	ps.add(f)
	return s
}

// readActionTotals reads the cached totals of the Actions totals row.
func (ps *wbParser) readActionTotals(t *foundTable, r int) {
	for _, field := range []string{reconcile.FieldStatePlanned, reconcile.FieldTerritoryPlanned,
		reconcile.FieldStateSpent, reconcile.FieldTerritorySpent, reconcile.FieldOtherSpent} {
		c := t.cell(r, field)
		if c == nil {
			continue
		}
		ps.rep.Totals = append(ps.rep.Totals, reconcile.ReportedTotal{Sheet: t.g.Name, Field: field,
			Value: ps.cachedTotal(c, field), Cell: t.ref(r, field)})
	}
}

// rowWithoutCode reports a foundTable row that holds values but no code.
func (ps *wbParser) rowWithoutCode(t *foundTable, r int, codeHeader, what string) {
	ref := t.ref(r, reconcile.FieldCode)
	f := reconcile.NewFinding(reconcile.ValeurManquante, fmt.Sprintf(
		"La ligne %d de la feuille %s contient des valeurs mais pas de code (cellule %s) : elle n'est pas prise en compte ; indiquez le code de %s dans la colonne %s, ou supprimez la ligne.",
		r, t.g.Name, ref, what, guillemets(codeHeader)))
	f.Cells = []string{ref}
	ps.add(f)
}

// missingColumns reports the columns of a foundTable that were not found:
// MODELE_INCONNU for a tableColumn to fill, ENGAGEMENT_MODIFIE for a pre-filled one.
func (ps *wbParser) missingColumns(t *foundTable, cols []tableColumn, fill, prefill []string) {
	for _, field := range fill {
		if t.col(field) == 0 {
			ps.add(reconcile.NewFinding(reconcile.ModeleInconnu, fmt.Sprintf(
				"La colonne %s est introuvable dans la feuille %s (ligne d'en-tête %d) : elle a été supprimée ou son titre a été modifié ; rétablissez-la et renvoyez le fichier.",
				guillemets(headerLabel(cols, field)), t.g.Name, t.header)))
		}
	}
	for _, field := range prefill {
		if t.col(field) == 0 {
			ps.add(reconcile.NewFinding(reconcile.EngagementModifie, fmt.Sprintf(
				"La colonne pré-remplie %s est introuvable dans la feuille %s (ligne d'en-tête %d) : elle a été supprimée ou son titre a été modifié ; rétablissez-la.",
				guillemets(headerLabel(cols, field)), t.g.Name, t.header)))
		}
	}
}

// tooManyRows refuses a file whose foundTable does not end within the rows read.
func (ps *wbParser) tooManyRows(g *ooxml.Grid) {
	ps.add(reconcile.NewFinding(reconcile.FichierIllisible, fmt.Sprintf(
		"La feuille %s du fichier %s compte plus de %d lignes, au-delà de ce que pactd lit : supprimez les lignes ajoutées sous le tableau et renvoyez le classeur.",
		g.Name, quoteFileName(ps.rep.File), ps.lim.MaxRows)))
}

// cachedTotal reads the cached value of a total of an Actions column. It is
// nil when a line of that column holds a number typed as text: the
// spreadsheet's SUM skips text, so its total says nothing of the lines.
func (ps *wbParser) cachedTotal(c *ooxml.Cell, field string) *reconcile.Amount {
	if ps.textNumbers[field] {
		return nil
	}
	return cachedAmount(c)
}
