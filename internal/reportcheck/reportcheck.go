// Package reportcheck reads a weekly report as its readers do, the PDF
// through pdftotext and the XLSX annex through excelize and through
// openpyxl, and checks that they say the same thing: the partition adds up
// to the territories expected in both, and every amount and rate of the
// PDF's national, axis and region tables equals the annex's, to the cent.
// The tests of reports and of the demo (cmd/pactd) use it.
package reportcheck

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/pactd/pactd/reports"
)

// Annex is what the checks read of an annex: the summary's figures by
// label, and the rows of the axis and region sheets by header.
type Annex struct {
	Summary map[string]any
	Axes    []map[string]any
	Regions []map[string]any
}

// sheets the checks read: the summary as label and value, the others as
// tables with a header row.
var tables = []string{reports.AnnexAxes, reports.AnnexRegions}

// ReadAnnexExcelize reads the annex with excelize, numbers as numbers.
func ReadAnnexExcelize(t testing.TB, data []byte) Annex {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("excelize cannot open the annex: %v", err)
	}
	defer f.Close()
	value := func(sheet string, col, row int) any {
		ref, _ := excelize.CoordinatesToCellName(col, row)
		v, _ := f.GetCellValue(sheet, ref)
		typ, _ := f.GetCellType(sheet, ref)
		if v == "" {
			return nil
		}
		if typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
			if n, err := strconv.ParseFloat(v, 64); err == nil {
				return n
			}
		}
		return v
	}
	a := Annex{Summary: map[string]any{}}
	rows, _ := f.GetRows(reports.AnnexSummary)
	for r := 2; r <= len(rows); r++ {
		if l, ok := value(reports.AnnexSummary, 1, r).(string); ok {
			a.Summary[l] = value(reports.AnnexSummary, 2, r)
		}
	}
	for _, sheet := range tables {
		rows, _ := f.GetRows(sheet)
		if len(rows) == 0 {
			t.Fatalf("annex sheet %s is empty", sheet)
		}
		var list []map[string]any
		for r := 2; r <= len(rows); r++ {
			m := map[string]any{}
			for c, h := range rows[0] {
				m[h] = value(sheet, c+1, r)
			}
			list = append(list, m)
		}
		if sheet == reports.AnnexAxes {
			a.Axes = list
		} else {
			a.Regions = list
		}
	}
	return a
}

// ReadAnnexOpenpyxl reads the annex with openpyxl, as Python tools of the
// central team do.
func ReadAnnexOpenpyxl(t testing.TB, data []byte) Annex {
	t.Helper()
	const py = "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		t.Fatalf("%s is missing (package python3-openpyxl): run scripts/test.sh", py)
	}
	p := filepath.Join(t.TempDir(), "annexe.xlsx")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(py, "-c", `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], data_only=True)
s = wb[sys.argv[2]]
summary = {str(r[0].value): r[1].value for r in s.iter_rows(min_row=2) if r[0].value is not None}
def table(name):
    ws = wb[name]
    head = [c.value for c in ws[1]]
    return [dict(zip(head, [c.value for c in row])) for row in ws.iter_rows(min_row=2)]
print(json.dumps({"Summary": summary, "Axes": table(sys.argv[3]), "Regions": table(sys.argv[4])}, default=str))`,
		p, reports.AnnexSummary, reports.AnnexAxes, reports.AnnexRegions).CombinedOutput()
	if err != nil {
		t.Fatalf("openpyxl cannot read the annex: %v\n%s", err, out)
	}
	var a Annex
	if err := json.Unmarshal(out, &a); err != nil {
		t.Fatalf("openpyxl output %q: %v", out, err)
	}
	return a
}

// ReadPDF returns the PDF's text as pdftotext -layout gives it.
func ReadPDF(t testing.TB, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "rapport.pdf")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", p, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext (package poppler-utils; run scripts/test.sh): %v", err)
	}
	return string(out)
}
