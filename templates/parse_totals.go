package templates

import (
	"strings"

	"github.com/pactd/pactd/internal/ooxml"
	"github.com/pactd/pactd/reconcile"
)

// Keys of the Synthèse foundTable columns besides the amount fields.
const (
	synAxis   = "axis_label"
	synAxisID = "axis_id"
)

// parseSyntheseColumns are the columns of the Synthèse foundTable.
var parseSyntheseColumns = []tableColumn{
	{synAxis, HeaderSyntheseAxis}, {reconcile.FieldStatePlanned, HeaderStatePlanned},
	{reconcile.FieldTerritoryPlanned, HeaderTerritoryPlanned}, {reconcile.FieldStateSpent, HeaderStateSpent},
	{reconcile.FieldTerritorySpent, HeaderTerritorySpent}, {reconcile.FieldOtherSpent, HeaderOtherSpent},
	{reconcile.FieldRate, HeaderSyntheseRate}, {synAxisID, HeaderSyntheseAxisID},
}

// readSynthese reads the cached per-axis totals of the Synthèse sheet
// into Report.Totals. Nothing there is trusted: the rules compare each
// total with the sum of its lines. A missing sheet or foundTable adds nothing.
func (ps *wbParser) readSynthese() {
	g := ps.sheet(SheetSynthese)
	if g == nil {
		return
	}
	t := findHeaderRow(g, 0, parseSyntheseColumns, []string{synAxis}, 3)
	if t == nil {
		return
	}
	for i := range g.Rows {
		r := g.Rows[i].Num
		if r <= t.header {
			continue
		}
		label := t.cell(r, synAxis).Text()
		var axis reconcile.Axis
		switch id := reconcile.Axis(strings.TrimSpace(t.cell(r, synAxisID).Text())); {
		case isTotalLabel(label):
		case id.Valid():
			axis = id
		default:
			ax, ok := reconcile.MatchAxis(label)
			if !ok {
				continue
			}
			axis = ax
		}
		for _, field := range []string{reconcile.FieldStatePlanned, reconcile.FieldTerritoryPlanned,
			reconcile.FieldStateSpent, reconcile.FieldTerritorySpent, reconcile.FieldOtherSpent} {
			if c := t.cell(r, field); c != nil {
				ps.rep.Totals = append(ps.rep.Totals, reconcile.ReportedTotal{Sheet: g.Name, Axis: axis, Field: field,
					Value: ps.cachedTotal(c, field), Cell: t.ref(r, field)})
			}
		}
		if c := t.cell(r, reconcile.FieldRate); c != nil {
			rate := cachedNumber(c)
			for _, f := range []string{reconcile.FieldStatePlanned, reconcile.FieldTerritoryPlanned, reconcile.FieldStateSpent, reconcile.FieldTerritorySpent} {
				if ps.textNumbers[f] {
					rate = nil
				}
			}
			ps.rep.Totals = append(ps.rep.Totals, reconcile.ReportedTotal{Sheet: g.Name, Axis: axis, Field: reconcile.FieldRate,
				Rate: rate, Cell: t.ref(r, reconcile.FieldRate)})
		}
		if isTotalLabel(label) {
			return
		}
	}
}

// Texts the template writes on the Commentaires sheet, not comments.
var commentBoilerplate = []string{"commentaires", "toute precision utile sur l execution du contrat"}

// maxComments bounds the text kept from the Commentaires sheet.
const maxComments = 64 << 10

// readComments reads the free text of the Commentaires sheet, one line
// per non-empty cell in reading order.
func (ps *wbParser) readComments() {
	g := ps.sheet(SheetComments)
	if g == nil {
		return
	}
	var b strings.Builder
	for _, row := range g.Rows {
		for _, c := range row.Cells {
			s := c.Text()
			if s == "" || c.Kind == ooxml.KindError || isBoilerplate(s) {
				continue
			}
			if b.Len()+len(s) > maxComments {
				ps.rep.Comments = b.String()
				return
			}
			if b.Len() > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(s)
		}
	}
	ps.rep.Comments = b.String()
}

func isBoilerplate(s string) bool {
	f := reconcile.Fold(s)
	for _, p := range commentBoilerplate {
		if f == p || strings.HasPrefix(f, p+" ") {
			return true
		}
	}
	return false
}
