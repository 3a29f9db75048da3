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

// Annotate returns the sender's workbook annotated for the finance officer
// who must correct it, rebuilt from the parts pactd knows (annotateRebuild):
//
//   - a first sheet, « Constats », lists every finding with a link to its
//     cell and the colour legend;
//   - a cell at fault is filled red (bloquant) or orange (alerte), its
//     other formats kept; a cell with only an information, or one of many
//     cells an axis-wide alert sums, keeps its fill-in colour;
//   - each such cell carries a short comment signed by svc, after any
//     comment the sender wrote there.
//
// Values, formulas within the workbook, styles, defined names, validations
// and protection are kept. External links, embedded objects, pictures,
// controls, macros and every part pactd does not know are left behind.
// Cells of sheets the workbook does not have are skipped. It returns
// ErrNothingToAnnotate when no finding names a cell it can annotate, and
// an error when data is not a workbook it can open (encrypted, corrupt,
// over annotateUnzipLimit).
func Annotate(data []byte, findings []reconcile.Finding, svc Service) ([]byte, error) {
	if !HasCellFindings(findings) {
		return nil, ErrNothingToAnnotate
	}
	p, err := readPackage(data)
	if err != nil {
		return nil, fmt.Errorf("open workbook to annotate: %w", err)
	}
	src, err := p.senderParts()
	if err != nil {
		return nil, fmt.Errorf("open workbook to annotate: %w", err)
	}
	fs := append([]reconcile.Finding(nil), findings...)
	reconcile.SortFindings(fs)
	notes := groupByCell(src.sheetNames(), fs)
	if len(notes) == 0 {
		return nil, ErrNothingToAnnotate
	}
	svc = svc.WithDefaults("")
	out, err := annotateRebuild(p, src, fs, notes, svc)
	if err != nil {
		return nil, fmt.Errorf("annotate workbook: %w", err)
	}
	return out, nil
}

// cellNote is one cell to annotate and the findings that name it.
type cellNote struct {
	sheet, cell string
	findings    []reconcile.Finding
	numbers     []int // each finding's number in the list of findings
	// comment is false for a cell that only shares an axis-wide finding
	// commented on its first cell.
	comment bool
	// fill is the fill's severity rank (0 bloquant, 1 alerte), or -1 to
	// keep the cell's own fill.
	fill int
}

// aggregate reports whether a finding sums many cells (an axis total)
// rather than faulting each of them.
func aggregate(f reconcile.Finding) bool {
	return f.Action == "" && f.Indicator == "" && len(f.Cells) > 2
}

// groupByCell lists the cells the findings name on sheets the workbook
// has, in the order findings name them, each with all its findings;
// ranges ("A1:B2") are expanded. A finding's number is its position in fs,
// from 1.
func groupByCell(sheets map[string]bool, fs []reconcile.Finding) []*cellNote {
	var out []*cellNote
	index := map[string]*cellNote{}
	for i, fd := range fs {
		seen := map[string]bool{}
		first := true
		for _, ref := range fd.Cells {
			sheet, cells, ok := splitRef(ref)
			if !ok || !sheets[sheet] {
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
					n = &cellNote{sheet: sheet, cell: c, fill: -1}
					index[key] = n
					out = append(out, n)
				}
				if !aggregate(fd) || first {
					n.findings = append(n.findings, fd)
					n.numbers = append(n.numbers, i+1)
					n.comment = true
				}
				first = false
				if rank := fd.Severity.Rank(); rank < 2 && (rank == 0 || !aggregate(fd)) && (n.fill < 0 || rank < n.fill) {
					n.fill = rank
				}
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
