package templates

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pactd/pactd/internal/ooxml"

	"github.com/pactd/pactd/reconcile"
)

// regHeaderScanRows is how many rows from the top of a sheet are searched
// for the header row.
const regHeaderScanRows = 20

// regColumn describes one column of a register sheet: its key, the label
// SPEC §3 gives it, and other labels people use for it.
type regColumn struct {
	key      string
	label    string
	optional bool
	aliases  []string
}

// regTable is a register sheet read by header label.
type regTable struct {
	sheet     string         // the sheet's name as written in the file
	headerRow int            // 1-based
	cols      map[string]int // column key → 0-based index
	rows      []regRow       // data rows below the header, non-empty ones only
}

// regRow is one data row.
type regRow struct {
	num   int // 1-based row number
	cells []string
}

// get returns the trimmed text of the column key in row, "" when absent.
func (t *regTable) get(r regRow, key string) string {
	i, ok := t.cols[key]
	if !ok || i >= len(r.cells) {
		return ""
	}
	v := r.cells[i]
	if strings.Contains(v, "\u00a0") {
		v = strings.ReplaceAll(v, "\u00a0", " ")
	}
	return strings.TrimSpace(v)
}

// ref returns the reference of column key in row: "Actions!F12".
func (t *regTable) ref(r regRow, key string) string {
	return fmt.Sprintf("%s!%s%d", t.sheet, ooxml.ColName(t.cols[key]+1), r.num)
}

// regCellText returns a cell's value as stored, the way the register's
// readers expect it: a number as written ("12345.67"), a text, a boolean
// as "1" or "0", an error as "#N/A", a date (t="d") as its ISO text; "" for
// an empty cell or a formula whose result was not saved. A number in a
// percentage format is what the person who typed it saw, « 57 % » for
// 0.57: a percentage where the column wants one, refused elsewhere.
func regCellText(c *ooxml.Cell) string {
	if c == nil {
		return ""
	}
	if c.Percent && c.Kind == ooxml.KindNumber {
		if f, err := strconv.ParseFloat(strings.TrimSpace(c.Value), 64); err == nil {
			return strconv.FormatFloat(percentOf(f), 'f', -1, 64) + " %"
		}
	}
	return c.Value
}

// readTable reads a sheet by header label: the header row is the row of
// the first regHeaderScanRows with the most known labels; every
// non-optional column must be there. Problems go to p; it returns nil
// when the table cannot be read. Only the mapped columns of each row are
// kept.
func (p *regProblems) readTable(g *ooxml.Grid, columns []regColumn) *regTable {
	sheet := g.Name
	if g.Truncated {
		p.add(sheet, "la feuille compte plus de %d lignes, au-delà de ce qu'un registre peut contenir : "+
			"supprimez les lignes inutiles sous le tableau.", RegisterMaxRows)
		return nil
	}
	labels := map[string]string{} // folded label → key
	for _, c := range columns {
		labels[reconcile.Fold(c.label)] = c.key
		for _, a := range c.aliases {
			labels[reconcile.Fold(a)] = c.key
		}
	}
	var best *ooxml.Row
	bestCount := 0
	for i := range g.Rows {
		row := &g.Rows[i]
		if row.Num > regHeaderScanRows {
			break
		}
		seen := map[string]bool{}
		for _, c := range row.Cells {
			if k, ok := labels[reconcile.Fold(c.Value)]; ok {
				seen[k] = true
			}
		}
		if len(seen) > bestCount {
			best, bestCount = row, len(seen)
		}
	}
	if best == nil {
		var want []string
		for _, c := range columns {
			if !c.optional {
				want = append(want, "« "+c.label+" »")
			}
		}
		p.add(sheet, "ligne d'en-tête introuvable dans les %d premières lignes : la feuille doit avoir les colonnes %s.",
			regHeaderScanRows, genFrenchList(want))
		return nil
	}
	t := &regTable{sheet: sheet, headerRow: best.Num, cols: map[string]int{}}
	width := 0
	for _, c := range best.Cells {
		k, ok := labels[reconcile.Fold(c.Value)]
		if !ok {
			continue
		}
		if j, dup := t.cols[k]; dup {
			p.add(regCell(sheet, c.Col, best.Num), "la colonne « %s » figure deux fois dans l'en-tête (déjà en colonne %s) : "+
				"supprimez ou renommez l'une des deux.", strings.TrimSpace(c.Value), ooxml.ColName(j+1))
			continue
		}
		t.cols[k] = c.Col - 1
		width = max(width, c.Col)
	}
	ok := true
	for _, c := range columns {
		if _, found := t.cols[c.key]; !found && !c.optional {
			p.add(regCell(sheet, 1, best.Num), "colonne « %s » introuvable dans la ligne d'en-tête (ligne %d).", c.label, best.Num)
			ok = false
		}
	}
	if !ok {
		return nil
	}
	for i := range g.Rows {
		row := &g.Rows[i]
		if row.Num <= best.Num {
			continue
		}
		r := regRow{num: row.Num, cells: make([]string, width)}
		for _, c := range row.Cells {
			if c.Col <= width {
				r.cells[c.Col-1] = regCellText(&c)
			}
		}
		empty := true
		for _, c := range columns {
			if t.get(r, c.key) != "" {
				empty = false
				break
			}
		}
		if !empty {
			t.rows = append(t.rows, r)
		}
	}
	return t
}

// regCell returns the reference of a cell from 1-based column and row.
func regCell(sheet string, col, row int) string {
	return fmt.Sprintf("%s!%s%d", sheet, ooxml.ColName(col), row)
}
