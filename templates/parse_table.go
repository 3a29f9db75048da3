package templates

import (
	"strings"

	"github.com/pactd/pactd/internal/ooxml"
	"github.com/pactd/pactd/reconcile"
)

// tableColumn is one header of a foundTable the wbParser reads.
type tableColumn struct {
	field  string // reconcile.Field* name, or a local key
	header string // label as the template writes it
}

// foundTable is a header row found in a sheet and the columns it maps.
type foundTable struct {
	g      *ooxml.Grid
	header int            // row of the headers
	cols   map[string]int // field → tableColumn (1-based); absent when not found
}

// col returns the tableColumn of field, 0 when the header was not found.
func (t *foundTable) col(field string) int { return t.cols[field] }

// cell returns the cell of field on row r, or nil.
func (t *foundTable) cell(r int, field string) *ooxml.Cell {
	c := t.cols[field]
	if c == 0 {
		return nil
	}
	return t.g.At(r, c)
}

// ref returns the address of field on row r, "" when the tableColumn is absent.
func (t *foundTable) ref(r int, field string) string {
	c := t.cols[field]
	if c == 0 {
		return ""
	}
	return t.g.Ref(r, c)
}

// blank reports whether every mapped cell of row r is empty.
func (t *foundTable) blank(r int) bool {
	for _, c := range t.cols {
		if !t.g.At(r, c).IsEmpty() {
			return false
		}
	}
	return true
}

// findHeaderRow looks for the header row of a foundTable: the first row holding
// every label of must and at least minFound labels of cols in all, tried
// first at the row the defined name hint points to (0 for none), then from
// the top of the sheet. Labels are compared folded (case, accents, spaces
// and punctuation ignored); a header may carry extra words after the label
// ("État réalisé (€) 2025"), exact labels winning. Columns may be in any
// order, with other columns between them.
func findHeaderRow(g *ooxml.Grid, hint int, cols []tableColumn, must []string, minFound int) *foundTable {
	try := func(r *ooxml.Row) *foundTable {
		m := matchHeaderCells(r, cols)
		for _, f := range must {
			if m[f] == 0 {
				return nil
			}
		}
		if len(m) < minFound {
			return nil
		}
		return &foundTable{g: g, header: r.Num, cols: m}
	}
	if hint > 0 {
		if r := g.Row(hint); r != nil {
			if t := try(r); t != nil {
				return t
			}
		}
	}
	for i := range g.Rows {
		if t := try(&g.Rows[i]); t != nil {
			return t
		}
	}
	return nil
}

// matchHeaderCells maps the fields of cols to the columns of r whose text is
// their label, exactly first, then as a prefix followed by other words.
func matchHeaderCells(r *ooxml.Row, cols []tableColumn) map[string]int {
	m := map[string]int{}
	used := map[int]bool{}
	folded := make([]string, len(r.Cells))
	for i, c := range r.Cells {
		if c.Kind == ooxml.KindText {
			folded[i] = reconcile.Fold(c.Value)
		}
	}
	for pass := 0; pass < 2; pass++ {
		for _, col := range cols {
			if m[col.field] != 0 {
				continue
			}
			want := reconcile.Fold(col.header)
			for i, f := range folded {
				if f == "" || used[r.Cells[i].Col] {
					continue
				}
				if f == want || pass == 1 && strings.HasPrefix(f, want+" ") {
					m[col.field] = r.Cells[i].Col
					used[r.Cells[i].Col] = true
					break
				}
			}
		}
	}
	return m
}

// nameHintRow returns the first row of the range a defined name points
// to, 0 when there is none.
func (ps *wbParser) nameHintRow(name string) int {
	v, ok := ps.wb.Name(name)
	if !ok {
		return 0
	}
	r, ok := ooxml.ParseName(v)
	if !ok || r.IsConst {
		return 0
	}
	return r.Row
}

// isTotalLabel reports whether a code cell starts the totals row.
func isTotalLabel(s string) bool {
	f := reconcile.Fold(s)
	return f == reconcile.Fold(TotalLabel) || strings.HasPrefix(f, reconcile.Fold(TotalLabel)+" ")
}
