package templates

import (
	"fmt"

	"github.com/pactd/pactd/internal/ooxml"
	"github.com/pactd/pactd/reconcile"
)

// Keys of the Indicateurs foundTable columns.
const (
	indAction   = "action"
	indCode     = "code"
	indLabel    = "label"
	indUnit     = "unit"
	indBaseline = "baseline"
	indTarget   = "target"
	indActual   = "actual"
	indComment  = "comment"
)

// parseIndicatorColumns are the columns of the Indicateurs foundTable.
var parseIndicatorColumns = []tableColumn{
	{indAction, HeaderActionCode}, {indCode, HeaderIndicatorCode}, {indLabel, HeaderIndicatorLabel},
	{indUnit, HeaderUnit}, {indBaseline, HeaderBaseline}, {indTarget, HeaderTarget},
	{indActual, HeaderActual}, {indComment, HeaderComment},
}

// readIndicators reads the Indicateurs foundTable. An empty Réalisé is left nil
// without a finding: the rules report it as INDICATEUR_MANQUANT.
func (ps *wbParser) readIndicators() {
	g := ps.sheet(SheetIndicators)
	t := findHeaderRow(g, ps.nameHintRow(NameIndicators), parseIndicatorColumns, []string{indCode}, 4)
	if t == nil {
		if g.Truncated {
			ps.tooManyRows(g)
			return
		}
		ps.add(reconcile.NewFinding(reconcile.ModeleInconnu, fmt.Sprintf(
			"Le tableau des indicateurs est introuvable dans la feuille %s : sa ligne d'en-tête (%s, %s, %s…) a été modifiée ou supprimée ; rétablissez-la ou repartez du classeur pré-rempli reçu.",
			g.Name, guillemets(HeaderActionCode), guillemets(HeaderIndicatorCode), guillemets(HeaderActual))))
		return
	}
	if g.Truncated {
		ps.tooManyRows(g)
		return
	}
	ps.missingColumns(t, parseIndicatorColumns, []string{indActual}, []string{indBaseline, indTarget})
	ps.rep.Indicators = []reconcile.ReportedIndicator{}
	for i := range g.Rows {
		r := g.Rows[i].Num
		if r <= t.header || t.blank(r) {
			continue
		}
		code := t.cell(r, indCode).Text()
		if code == "" {
			ps.rowWithoutCode(&foundTable{g: g, header: t.header, cols: map[string]int{reconcile.FieldCode: t.col(indCode)}},
				r, HeaderIndicatorCode, "l'indicateur")
			continue
		}
		ps.readIndicator(t, r, code)
	}
}

// readIndicator reads one row of the Indicateurs foundTable.
func (ps *wbParser) readIndicator(t *foundTable, r int, code string) {
	ri := reconcile.ReportedIndicator{
		Action: t.cell(r, indAction).Text(), Code: code, Row: r, Cell: t.ref(r, indActual),
		Label: t.cell(r, indLabel).Text(), Unit: t.cell(r, indUnit).Text(),
		Baseline: cachedNumber(t.cell(r, indBaseline)), Target: cachedNumber(t.cell(r, indTarget)),
	}
	if c := t.cell(r, indComment); c != nil && c.Kind != ooxml.KindError {
		ri.Comment = c.Text()
	}
	action, ind := ps.contractIndicator(ri.Action, code)
	var axis reconcile.Axis
	if action != nil {
		axis = action.Axis
		if ri.Action == "" {
			ri.Action = action.Code
		}
	}
	unit := ri.Unit
	if ind != nil {
		unit = ind.Unit
	}
	at := func(key, header string) cellPlace {
		return cellPlace{ref: t.ref(r, key), what: header, action: ri.Action, indicator: code, axis: axis, unit: unit}
	}
	if ind != nil {
		if t.col(indBaseline) != 0 {
			ps.prefilledNumber(at(indBaseline, HeaderBaseline), t.cell(r, indBaseline), ri.Baseline, ind.Baseline)
		}
		if t.col(indTarget) != 0 {
			var want *float64
			if v, ok := ind.Targets[ps.year]; ok {
				want = &v
			}
			ps.prefilledNumber(at(indTarget, HeaderTarget), t.cell(r, indTarget), ri.Target, want)
		}
	}
	if t.col(indActual) != 0 {
		ri.Actual = ps.fillNumber(at(indActual, HeaderActual), t.cell(r, indActual), numIndicator, false)
	}
	ps.rep.Indicators = append(ps.rep.Indicators, ri)
}

// contractIndicator finds the contracted indicator of a row: by action
// and indicator code, or by indicator code alone when the action cell does
// not name its action.
func (ps *wbParser) contractIndicator(actionCode, code string) (*reconcile.Action, *reconcile.Indicator) {
	if ps.contract == nil {
		return nil, nil
	}
	find := func(a *reconcile.Action) *reconcile.Indicator {
		for i := range a.Indicators {
			if reconcile.NormalizeCode(a.Indicators[i].Code) == reconcile.NormalizeCode(code) {
				return &a.Indicators[i]
			}
		}
		return nil
	}
	if a := ps.contractAction(actionCode); a != nil {
		if ind := find(a); ind != nil {
			return a, ind
		}
	}
	for i := range ps.contract.Actions {
		a := &ps.contract.Actions[i]
		if _, ok := a.Plans[ps.year]; !ok {
			continue
		}
		if ind := find(a); ind != nil {
			return a, ind
		}
	}
	return nil, nil
}
