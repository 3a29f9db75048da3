package reports

import (
	"errors"
	"fmt"
	"strings"

	"github.com/pactd/pactd/reconcile"
	"github.com/xuri/excelize/v2"
)

// ErrNothingToAnnotate is returned by Annotate when no finding names a cell
// of the workbook: there is nothing to send back.
var ErrNothingToAnnotate = errors.New("no finding names a cell of the workbook")

// annotateUnzipLimit bounds the expanded size of a workbook Annotate opens,
// far above a reporting workbook (about 50 KB) and far below what would
// exhaust memory.
const annotateUnzipLimit = 64 << 20

// Fills of annotated cells, by severity rank: red, orange and blue, strong
// enough to stand out from the template's own pale fills (yellow cells to
// fill, grey pre-filled ones, pale blue totals) and to print as distinct
// greys.
var annotateFills = [3]string{"FFFF9999", "FFFFC266", "FFB4C7E7"}

// annotateAuthor is the author of the comments Annotate adds.
const annotateAuthor = "pactd"

// Annotate returns the sender's workbook data with every cell named by a
// finding filled in the colour of its worst severity and commented in
// French with the severity, code and message of each of its findings, after
// any comment the sender wrote there. Everything else (values, formulas,
// other styles, defined names, validations, protection, other sheets, other
// comments) is left byte for byte as it was. Cells of sheets the workbook
// does not have are skipped. It returns ErrNothingToAnnotate when no
// finding names a cell it can annotate, and an error when data is not a
// workbook it can open (encrypted, corrupt, over annotateUnzipLimit).
func Annotate(data []byte, findings []reconcile.Finding) ([]byte, error) {
	if !HasCellFindings(findings) {
		return nil, ErrNothingToAnnotate
	}
	p, err := readPackage(data)
	if err != nil {
		return nil, fmt.Errorf("open workbook to annotate: %w", err)
	}
	sheets, err := p.sheetParts()
	if err != nil {
		return nil, fmt.Errorf("open workbook to annotate: %w", err)
	}
	notes := groupByCell(sheets, findings)
	if len(notes) == 0 {
		return nil, ErrNothingToAnnotate
	}
	if err := p.fillCells(sheets, notes); err != nil {
		return nil, fmt.Errorf("highlight cells: %w", err)
	}
	if err := p.addComments(sheets, notes); err != nil {
		return nil, fmt.Errorf("comment cells: %w", err)
	}
	return p.bytes()
}

// cellNote is one cell to annotate and the findings that name it.
type cellNote struct {
	sheet, cell string
	findings    []reconcile.Finding
}

// worst returns the rank of the worst severity of the note's findings.
func (n *cellNote) worst() int {
	w := 2
	for _, f := range n.findings {
		w = min(w, f.Severity.Rank())
	}
	return w
}

// groupByCell lists the cells the findings name on sheets the workbook
// has, in the order findings name them, each with all its findings;
// ranges ("A1:B2") are expanded.
func groupByCell(sheets map[string]string, findings []reconcile.Finding) []*cellNote {
	var out []*cellNote
	index := map[string]*cellNote{}
	for _, fd := range findings {
		seen := map[string]bool{}
		for _, ref := range fd.Cells {
			sheet, cells, ok := splitRef(ref)
			if _, exists := sheets[sheet]; !ok || !exists {
				continue
			}
			for _, c := range cells {
				key := sheet + "!" + c
				if seen[key] {
					continue
				}
				seen[key] = true
				n := index[key]
				if n == nil {
					n = &cellNote{sheet: sheet, cell: c}
					index[key] = n
					out = append(out, n)
				}
				n.findings = append(n.findings, fd)
			}
		}
	}
	return out
}

// splitRef reads "Actions!G7", "'Synthèse'!C5", "Actions!$G$7" or a range
// "Actions!G7:H8" into a sheet and its cells. A range is capped at 100
// cells.
func splitRef(ref string) (string, []string, bool) {
	i := strings.LastIndexByte(ref, '!')
	if i <= 0 {
		return "", nil, false
	}
	sheet, area := ref[:i], strings.ReplaceAll(ref[i+1:], "$", "")
	if len(sheet) >= 2 && sheet[0] == '\'' && sheet[len(sheet)-1] == '\'' {
		sheet = strings.ReplaceAll(sheet[1:len(sheet)-1], "''", "'")
	}
	from, to, isRange := strings.Cut(area, ":")
	c1, r1, err := excelize.CellNameToCoordinates(from)
	if err != nil {
		return "", nil, false
	}
	if !isRange {
		name, _ := excelize.CoordinatesToCellName(c1, r1)
		return sheet, []string{name}, true
	}
	c2, r2, err := excelize.CellNameToCoordinates(to)
	if err != nil {
		return "", nil, false
	}
	var cells []string
	for r := min(r1, r2); r <= max(r1, r2) && len(cells) < 100; r++ {
		for c := min(c1, c2); c <= max(c1, c2) && len(cells) < 100; c++ {
			name, _ := excelize.CoordinatesToCellName(c, r)
			cells = append(cells, name)
		}
	}
	return sheet, cells, true
}
