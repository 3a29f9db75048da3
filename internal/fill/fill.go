// Package fill has real spreadsheet programs fill reporting workbooks the
// way people do, for tests and for the sample submissions: LibreOffice Calc
// through UNO (scripts/fill/lo_fill.py) and openpyxl
// (scripts/fill/openpyxl_fill.py), both run with /usr/bin/python3.
//
// Cells are addressed after the template layout (a row by its action or
// indicator code, a column by its header label, an Identification value by
// its label), so edits keep working after rows or columns are inserted.
package fill

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// Python is the interpreter that has the uno and openpyxl modules (Debian's,
// not a pyenv one).
const Python = "/usr/bin/python3"

// ErrMissingTool is returned when soffice, the uno module or openpyxl is not
// installed.
var ErrMissingTool = errors.New("missing tool: run scripts/test.sh to install LibreOffice (libreoffice-calc-nogui, python3-uno) and python3-openpyxl")

// Edit is one thing a person does to a workbook; build it with the
// functions below. Its JSON form is the one scripts/fill/edits.py reads.
type Edit struct {
	Op        string `json:"op"`
	Sheet     string `json:"sheet"`
	Row       string `json:"row,omitempty"`        // key cell text: "ENF-01", "Total"
	RowOffset int    `json:"row_offset,omitempty"` // from Row: -1 is the row above
	Col       string `json:"col,omitempty"`        // header label
	Label     string `json:"label,omitempty"`      // Identification label; the cell is to its right
	Cell      string `json:"cell,omitempty"`       // A1 address
	Value     any    `json:"value,omitempty"`      // float64 or string
	Formula   string `json:"formula,omitempty"`
	Before    string `json:"before,omitempty"` // row selector or header label for inserts
	Count     int    `json:"count,omitempty"`
	Header    string `json:"header,omitempty"` // label of an inserted column
	To        int    `json:"to"`               // new position of a moved sheet
}

// Job is one workbook to fill: In is read, Out is written as .xlsx.
type Job struct {
	In    string `json:"in"`
	Out   string `json:"out"`
	Edits []Edit `json:"edits"`
}

// At addresses the cell of a table row (by its code, or "Total") and column
// (by its header label).
type At struct{ Sheet, Row, Col string }

// SetNumber types a number into a cell.
func SetNumber(at At, v float64) Edit {
	return Edit{Op: "set", Sheet: at.Sheet, Row: at.Row, Col: at.Col, Value: v}
}

// SetText types a text into a cell, kept as text: "12 345,67 €".
func SetText(at At, s string) Edit {
	return Edit{Op: "set", Sheet: at.Sheet, Row: at.Row, Col: at.Col, Value: s}
}

// SetPercent types a whole percentage into a cell as a person does,
// « 88 % »: LibreOffice reads the keystrokes (Calc stores 0.88 and gives
// the cell a percentage format), openpyxl, exceljs and SheetJS store 0.88
// with the format 0% as those tools do.
func SetPercent(at At, pct int) Edit {
	return Edit{Op: "percent", Sheet: at.Sheet, Row: at.Row, Col: at.Col, Value: float64(pct)}
}

// SetFormula types a formula into a cell: "=1/0".
func SetFormula(at At, formula string) Edit {
	return Edit{Op: "formula", Sheet: at.Sheet, Row: at.Row, Col: at.Col, Formula: formula}
}

// Clear empties a cell.
func Clear(at At) Edit { return Edit{Op: "clear", Sheet: at.Sheet, Row: at.Row, Col: at.Col} }

// Offset returns e moved by n rows from the row it names.
func (e Edit) Offset(n int) Edit {
	e.RowOffset = n
	return e
}

// SetLabel types a text into the cell to the right of an Identification label.
func SetLabel(sheet, label, s string) Edit {
	return Edit{Op: "set", Sheet: sheet, Label: label, Value: s}
}

// SetLabelNumber types a number into the cell to the right of a label.
func SetLabelNumber(sheet, label string, v float64) Edit {
	return Edit{Op: "set", Sheet: sheet, Label: label, Value: v}
}

// SetDate types a date (YYYY-MM-DD) into the cell to the right of a label,
// as a date shown dd/mm/yyyy.
func SetDate(sheet, label, iso string) Edit {
	return Edit{Op: "date", Sheet: sheet, Label: label, Value: iso}
}

// InsertRows inserts n empty rows before a row: "header" (the table's
// header row), a code, or "Total".
func InsertRows(sheet, before string, n int) Edit {
	return Edit{Op: "insert_rows", Sheet: sheet, Before: before, Count: n}
}

// InsertColumn inserts a column before the one headed before, and writes
// header in the header row.
func InsertColumn(sheet, before, header string) Edit {
	return Edit{Op: "insert_column", Sheet: sheet, Before: before, Header: header}
}

// SetCell types a number (float64) or a text (string) into a cell given
// by its A1 address.
func SetCell(sheet, a1 string, v any) Edit {
	return Edit{Op: "set", Sheet: sheet, Cell: a1, Value: v}
}

// Date1904 switches the workbook to the 1904 date system, as Excel for Mac
// used to; dates typed afterwards count from 1 January 1904.
func Date1904() Edit { return Edit{Op: "date1904"} }

// MoveSheet moves a sheet to position to (0 is first).
func MoveSheet(sheet string, to int) Edit { return Edit{Op: "move_sheet", Sheet: sheet, To: to} }

// LibreOffice fills the jobs with LibreOffice Calc, all in one soffice
// session, recalculating each workbook before saving it as .xlsx.
func LibreOffice(ctx context.Context, jobs []Job) error {
	if _, err := exec.LookPath("soffice"); err != nil {
		return fmt.Errorf("find soffice: %w", ErrMissingTool)
	}
	return run(ctx, "lo_fill.py", "import uno", jobs)
}

// Openpyxl fills the jobs with openpyxl, which saves no cached formula
// results.
func Openpyxl(ctx context.Context, jobs []Job) error {
	return run(ctx, "openpyxl_fill.py", "import openpyxl", jobs)
}

func run(ctx context.Context, script, probe string, jobs []Job) error {
	if len(jobs) == 0 {
		return nil
	}
	if err := exec.CommandContext(ctx, Python, "-c", probe).Run(); err != nil {
		return fmt.Errorf("run %s -c %q: %w", Python, probe, ErrMissingTool)
	}
	return runScript(ctx, Python, script, nil, jobs)
}

// runScript runs interpreter on the fill script with the jobs in a JSON
// file, extra environment variables added to the process's.
func runScript(ctx context.Context, interpreter, script string, env []string, jobs []Job) error {
	dir, err := ScriptsDir()
	if err != nil {
		return err
	}
	jobFile, err := writeJobs(jobs)
	if err != nil {
		return err
	}
	defer os.Remove(jobFile)
	cmd := exec.CommandContext(ctx, interpreter, filepath.Join(dir, script), jobFile)
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("run %s on %d workbooks: %w: %s", script, len(jobs), err, strings.TrimSpace(stderr.String()))
	}
	return nil
}

// writeJobs writes jobs to a temporary JSON file and returns its path;
// the caller removes it.
func writeJobs(jobs []Job) (string, error) {
	tmp, err := os.CreateTemp("", "pactd-fill-*.json")
	if err != nil {
		return "", fmt.Errorf("create job file: %w", err)
	}
	if err := json.NewEncoder(tmp).Encode(jobs); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return "", fmt.Errorf("write job file %s: %w", tmp.Name(), err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("write job file %s: %w", tmp.Name(), err)
	}
	return tmp.Name(), nil
}

// ScriptsDir returns the directory of the fill scripts: $PACTD_FILL_SCRIPTS,
// or scripts/fill in the source tree this package was built from.
func ScriptsDir() (string, error) {
	if d := os.Getenv("PACTD_FILL_SCRIPTS"); d != "" {
		return d, nil
	}
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return "", errors.New("locate fill scripts: no caller information; set PACTD_FILL_SCRIPTS")
	}
	dir := filepath.Join(filepath.Dir(file), "..", "..", "scripts", "fill")
	if _, err := os.Stat(filepath.Join(dir, "edits.py")); err != nil {
		return "", fmt.Errorf("locate fill scripts in %s (set PACTD_FILL_SCRIPTS): %w", dir, err)
	}
	return filepath.Clean(dir), nil
}
