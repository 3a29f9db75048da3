package templates

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

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
	return strings.TrimSpace(strings.ReplaceAll(r.cells[i], "\u00a0", " "))
}

// ref returns the reference of column key in row: "Actions!F12".
func (t *regTable) ref(r regRow, key string) string {
	name, err := excelize.ColumnNumberToName(t.cols[key] + 1)
	if err != nil {
		return t.sheet
	}
	return fmt.Sprintf("%s!%s%d", t.sheet, name, r.num)
}

// findSheet returns the name of the sheet of f whose name folds to the
// same string as want, or "".
func findSheet(f *excelize.File, want string) string {
	w := reconcile.Fold(want)
	for _, name := range f.GetSheetList() {
		if reconcile.Fold(name) == w {
			return name
		}
	}
	return ""
}

// readTable reads sheet by header label: the header row is the row of the
// first regHeaderScanRows with the most known labels; every non-optional
// column must be there. Problems go to p; it returns nil when the table
// cannot be read.
func (p *regProblems) readTable(f *excelize.File, sheet string, columns []regColumn) *regTable {
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		p.add(sheet, "la feuille est illisible (%v).", err)
		return nil
	}
	labels := map[string]string{} // folded label → key
	for _, c := range columns {
		labels[reconcile.Fold(c.label)] = c.key
		for _, a := range c.aliases {
			labels[reconcile.Fold(a)] = c.key
		}
	}
	best, bestCount := -1, 0
	for i := 0; i < len(rows) && i < regHeaderScanRows; i++ {
		seen := map[string]bool{}
		for _, v := range rows[i] {
			if k, ok := labels[reconcile.Fold(v)]; ok {
				seen[k] = true
			}
		}
		if len(seen) > bestCount {
			best, bestCount = i, len(seen)
		}
	}
	if best < 0 {
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
	t := &regTable{sheet: sheet, headerRow: best + 1, cols: map[string]int{}}
	for i, v := range rows[best] {
		k, ok := labels[reconcile.Fold(v)]
		if !ok {
			continue
		}
		if j, dup := t.cols[k]; dup {
			first, _ := excelize.ColumnNumberToName(j + 1)
			p.add(regCell(sheet, i+1, best+1), "la colonne « %s » figure deux fois dans l'en-tête (déjà en colonne %s) : "+
				"supprimez ou renommez l'une des deux.", strings.TrimSpace(v), first)
			continue
		}
		t.cols[k] = i
	}
	ok := true
	for _, c := range columns {
		if _, found := t.cols[c.key]; !found && !c.optional {
			p.add(regCell(sheet, 1, best+1), "colonne « %s » introuvable dans la ligne d'en-tête (ligne %d).", c.label, best+1)
			ok = false
		}
	}
	if !ok {
		return nil
	}
	for i := best + 1; i < len(rows); i++ {
		r := regRow{num: i + 1, cells: rows[i]}
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
	name, err := excelize.ColumnNumberToName(col)
	if err != nil {
		return sheet
	}
	return fmt.Sprintf("%s!%s%d", sheet, name, row)
}
