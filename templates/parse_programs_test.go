package templates_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/pactd/pactd/internal/fill"
	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/templates"
)

// More real programs than LibreOffice and openpyxl (docs/WORKBOOK.md
// lists what each does to a workbook): exceljs and SheetJS fill the
// template as web tools built on them do, and re-save a workbook filled in
// LibreOffice; Gnumeric's ssconvert re-saves the files of the others.

// programEdits are what a web tool lets a person do: type values, text,
// and clear a cell, without inserting rows or moving sheets. Numbers typed
// as French text, a blank, a unit typed after a count and a negative
// value give one finding each, on its cell.
func programEdits() []fill.Edit {
	return append(cleanEdits(),
		fill.SetText(actionAt("ENF-01", templates.HeaderTerritorySpent), "101\u202f000,00\u00a0€"),
		fill.SetText(actionAt("TRA-01", templates.HeaderStateSpent), "12 500,25"),
		fill.Clear(actionAt("TRA-01", templates.HeaderTerritorySpent)),
		fill.SetText(indicatorAt("ACD-01-I1"), "352\u00a0ménages"),
		fill.SetNumber(indicatorAt("ENF-01-I2"), -3),
	)
}

var programFindings = []string{"MONTANT_NEGATIF@Indicateurs!G6", "NOMBRE_EN_TEXTE@Actions!G7", "NOMBRE_EN_TEXTE@Actions!H5",
	"VALEUR_MANQUANTE@Actions!H7", "VALEUR_NON_NUMERIQUE@Indicateurs!G7"}

var programRun struct {
	once  sync.Once
	files map[string][]byte
	err   error
}

// programFiles fills and re-saves every workbook of these tests once.
func programFiles(t *testing.T) map[string][]byte {
	t.Helper()
	lo, loPercent := filled(t, "lo_clean"), filled(t, "lo_percent") // LibreOffice, from the same template
	programRun.once.Do(func() { programRun.files, programRun.err = fillPrograms(lo, loPercent) })
	if errors.Is(programRun.err, fill.ErrMissingProgram) && os.Getenv("PACTD_NODE_MODULES") == "" {
		t.Skipf("%v (scripts/test.sh installs them and sets PACTD_NODE_MODULES)", programRun.err)
	}
	if programRun.err != nil {
		t.Fatalf("fill workbooks with exceljs, SheetJS and Gnumeric: %v", programRun.err)
	}
	return programRun.files
}

func fillPrograms(lo, loPercent []byte) (map[string][]byte, error) {
	dir, err := os.MkdirTemp("", "pactd-programs-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	var buf bytes.Buffer
	if err := templates.Generate(&buf, parseRegister(), ainSIREN, 2025); err != nil {
		return nil, err
	}
	path := func(name string) string { return filepath.Join(dir, name+".xlsx") }
	if err := os.WriteFile(path("template"), buf.Bytes(), 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(path("lo_clean"), lo, 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(path("lo_percent"), loPercent, 0o644); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	for _, p := range []struct {
		name string
		run  func(context.Context, []fill.Job) error
	}{{"exceljs", fill.ExcelJS}, {"sheetjs", fill.SheetJS}} {
		if err := p.run(ctx, []fill.Job{
			{In: path("template"), Out: path(p.name + "_clean"), Edits: cleanEdits()},
			{In: path("template"), Out: path(p.name + "_codes"), Edits: programEdits()},
			{In: path("lo_clean"), Out: path(p.name + "_resaved_lo")},
			{In: path("template"), Out: path(p.name + "_percent"), Edits: percentEdits()},
		}); err != nil {
			return nil, err
		}
	}
	if err := fill.Gnumeric(ctx, []fill.Job{
		{In: path("lo_clean"), Out: path("gnumeric_resaved_lo")},
		{In: path("exceljs_clean"), Out: path("gnumeric_resaved_exceljs")},
		{In: path("sheetjs_clean"), Out: path("gnumeric_resaved_sheetjs")},
		{In: path("exceljs_codes"), Out: path("gnumeric_resaved_exceljs_codes")},
		{In: path("lo_percent"), Out: path("gnumeric_resaved_lo_percent")},
	}); err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for _, name := range []string{"exceljs_clean", "exceljs_codes", "exceljs_resaved_lo", "sheetjs_clean", "sheetjs_codes",
		"sheetjs_resaved_lo", "gnumeric_resaved_lo", "gnumeric_resaved_exceljs", "gnumeric_resaved_sheetjs",
		"gnumeric_resaved_exceljs_codes", "exceljs_percent", "sheetjs_percent", "gnumeric_resaved_lo_percent"} {
		b, err := os.ReadFile(path(name))
		if err != nil {
			return nil, err
		}
		out[name] = b
	}
	return out, nil
}

// Every program's file gives every value back to the cent, each finding
// on its cell, whatever it did to names, strings, styles and caches.
func TestParseOtherPrograms(t *testing.T) {
	files := programFiles(t)
	for _, name := range []string{"exceljs_clean", "exceljs_resaved_lo", "sheetjs_clean", "sheetjs_resaved_lo",
		"gnumeric_resaved_lo", "gnumeric_resaved_exceljs", "gnumeric_resaved_sheetjs"} {
		t.Run(name, func(t *testing.T) {
			rep := templates.Parse(files[name], "CLS_2025_220100010_ain.xlsx", parseRegister(), templates.DefaultLimits())
			if len(rep.Findings) != 0 {
				t.Fatalf("want no finding, got:%s", findingList(rep.Findings))
			}
			checkCleanAin(t, rep)
			if want := reconcile.Fingerprint(parseRegister().Contract(ainSIREN), 2025); rep.Fingerprint != want {
				t.Errorf("fingerprint = %q, want %q", rep.Fingerprint, want)
			}
			for _, f := range reconcile.Check(reconcile.CheckInput{Register: parseRegister(), Report: rep}) {
				if f.Code == reconcile.TotalIncoherent {
					t.Errorf("rules: %s %v %s", f.Code, f.Cells, f.Message)
				}
			}
		})
	}
	for _, name := range []string{"exceljs_codes", "sheetjs_codes", "gnumeric_resaved_exceljs_codes"} {
		t.Run(name, func(t *testing.T) {
			rep := templates.Parse(files[name], "CLS_2025_220100010_ain.xlsx", parseRegister(), templates.DefaultLimits())
			if got := findingKeys(rep.Findings); !slices.Equal(got, programFindings) {
				t.Errorf("findings = %v\nwant %v%s", got, programFindings, findingList(rep.Findings))
			}
			checkActions(t, rep, []wantAction{
				{"ENF-01", "98000.50", "101000", "0", "En cours", 5},
				{"ACD-01", "45678.91", "45678.91", "1234.56", "Réalisée", 6},
				{"TRA-01", "12500.25", "", "0", "En cours", 7},
			}, templateCols)
		})
	}
}
