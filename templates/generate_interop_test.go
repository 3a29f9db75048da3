package templates_test

import (
	"archive/zip"
	"encoding/json"
	"html"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/templates"
)

// needTool returns the path of an external program the test needs, and
// fails the test with what to do when it is missing.
func needTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s is not installed: run scripts/test.sh, which installs LibreOffice (libreoffice-calc-nogui) and python3-openpyxl", name)
	}
	return p
}

// writeTemplate writes the Ain's 2025 workbook into a temporary directory.
func writeTemplate(t *testing.T) (string, *reconcile.Register) {
	t.Helper()
	reg := testRegister()
	path := filepath.Join(t.TempDir(), "CLS_2025_220100010_ain.xlsx")
	if err := os.WriteFile(path, generate(t, reg, "220100010", 2025), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, reg
}

// checkKeptNames checks that a workbook re-saved by another program still
// has the sheets in order and the pactd defined names.
func checkKeptNames(t *testing.T, f *excelize.File, reg *reconcile.Register) {
	t.Helper()
	if got := f.GetSheetList(); !reflect.DeepEqual(got, templates.Sheets) {
		t.Errorf("sheets = %q, want %q", got, templates.Sheets)
	}
	names := definedNames(f)
	want := map[string]string{
		templates.NameTemplate:    "CLS-RAE/1",
		templates.NameSIREN:       "220100010",
		templates.NameYear:        "2025",
		templates.NameFingerprint: reconcile.Fingerprint(reg.Contract("220100010"), 2025),
	}
	for k, v := range want {
		if got := strings.Trim(strings.TrimPrefix(names[k], "="), `"`); got != v {
			t.Errorf("defined name %s = %q, want %q", k, names[k], v)
		}
	}
	for _, k := range []string{templates.NameActions, templates.NameIndicators} {
		if got := strings.ReplaceAll(names[k], "'", ""); !strings.HasPrefix(got, "Actions!$A$4:") && !strings.HasPrefix(got, "Indicateurs!$A$4:") {
			t.Errorf("defined name %s = %q, want a range from row 4", k, names[k])
		}
	}
}

func TestGeneratedWorkbookOpensInLibreOffice(t *testing.T) {
	soffice := needTool(t, "soffice")
	path, reg := writeTemplate(t)
	out := filepath.Join(t.TempDir(), "lo")
	cmd := exec.Command(soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(t.TempDir(), "profile"),
		"--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out, path)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice --convert-to xlsx: %v\n%s", err, b)
	}
	f, err := excelize.OpenFile(filepath.Join(out, filepath.Base(path)), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("open the LibreOffice copy: %v", err)
	}
	defer f.Close()
	checkKeptNames(t, f, reg)

	// LibreOffice computed and cached the formulas.
	for cell, want := range map[string]string{"Actions!E8": "190679.41", "Actions!F8": "190679.41", "Actions!G8": "0",
		"Synthèse!B5": "120000", "Synthèse!B8": "190679.41", "Synthèse!F8": "0"} {
		sh, c, _ := strings.Cut(cell, "!")
		if got := value(t, f, sh, c); got != want {
			t.Errorf("%s cached by LibreOffice = %q, want %q", cell, got, want)
		}
	}
	// Validations, protection and locks survive.
	dvs, err := f.GetDataValidations(templates.SheetActions)
	if err != nil {
		t.Fatal(err)
	}
	var list string
	for _, dv := range dvs {
		if dv.Type == "list" {
			list = html.UnescapeString(dv.Formula1)
		}
	}
	if list != `"Réalisée,En cours,Non démarrée,Abandonnée"` {
		t.Errorf("Statut list after LibreOffice = %q (validations %d)", list, len(dvs))
	}
	// excelize reads absent protection attributes as false although their
	// default is true, so look at the XML LibreOffice wrote.
	zr, err := zip.OpenReader(filepath.Join(out, filepath.Base(path)))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	protected := 0
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		m := regexp.MustCompile(`<sheetProtection[^>]*>`).Find(b)
		if m != nil && regexp.MustCompile(`sheet="(true|1)"`).Match(m) && !regexp.MustCompile(`formatCells="(false|0)"`).Match(m) {
			protected++
		} else {
			t.Errorf("%s protection after LibreOffice: %s", zf.Name, m)
		}
	}
	if protected != len(templates.Sheets) {
		t.Errorf("%d protected sheets after LibreOffice, want %d", protected, len(templates.Sheets))
	}
	if !locked(t, f, templates.SheetActions, "E5") || locked(t, f, templates.SheetActions, "G5") {
		t.Errorf("Actions!E5 should stay locked and Actions!G5 unlocked after LibreOffice")
	}
}

// openpyxlScript loads a workbook the way Python tools do, reports what it
// sees (also in read-only mode, which trusts the sheet dimension), and
// saves a copy.
const openpyxlScript = `
import json, sys, openpyxl
src, dst = sys.argv[1], sys.argv[2]
wb = openpyxl.load_workbook(src)
names = {d.name: d.attr_text for d in wb.defined_names.definedName}
header = [c.value for c in wb["Actions"][4]]
first = [c.value for c in wb["Actions"][5]]
ro = openpyxl.load_workbook(src, read_only=True)
ro_row = [c.value for c in list(ro["Actions"].iter_rows(min_row=5, max_row=5))[0]]
wb.save(dst)
print(json.dumps({"sheets": wb.sheetnames, "names": names, "header": header, "first": first,
                  "ro_row": ro_row, "ro_max_column": ro["Actions"].max_column}))
`

func TestGeneratedWorkbookOpensInOpenpyxl(t *testing.T) {
	const python = "/usr/bin/python3"
	if _, err := os.Stat(python); err != nil {
		t.Fatalf("%s is missing: run scripts/test.sh, which installs python3-openpyxl", python)
	}
	path, reg := writeTemplate(t)
	dst := filepath.Join(t.TempDir(), "openpyxl.xlsx")
	b, err := exec.Command(python, "-c", openpyxlScript, path, dst).CombinedOutput()
	if err != nil {
		t.Fatalf("openpyxl: %v\n%s (run scripts/test.sh to install python3-openpyxl)", err, b)
	}
	var seen struct {
		Sheets      []string          `json:"sheets"`
		Names       map[string]string `json:"names"`
		Header      []any             `json:"header"`
		First       []any             `json:"first"`
		RORow       []any             `json:"ro_row"`
		ROMaxColumn int               `json:"ro_max_column"`
	}
	if err := json.Unmarshal(b, &seen); err != nil {
		t.Fatalf("openpyxl output %s: %v", b, err)
	}
	if !reflect.DeepEqual(seen.Sheets, templates.Sheets) {
		t.Errorf("openpyxl sheets = %q", seen.Sheets)
	}
	if seen.Names[templates.NameTemplate] != `"CLS-RAE/1"` || seen.Names[templates.NameSIREN] != `"220100010"` {
		t.Errorf("openpyxl defined names = %q", seen.Names)
	}
	var header []string
	for _, v := range seen.Header {
		s, _ := v.(string)
		header = append(header, s)
	}
	if !reflect.DeepEqual(header, templates.ActionHeaders) {
		t.Errorf("openpyxl Actions header = %q", header)
	}
	if len(seen.First) < 6 || seen.First[0] != "ENF-01" || seen.First[4] != 120000.0 {
		t.Errorf("openpyxl Actions row 5 = %v", seen.First)
	}
	// Read-only mode sees every column only when the dimension is right.
	if seen.ROMaxColumn != 11 || len(seen.RORow) != 11 || seen.RORow[5] != 120000.0 {
		t.Errorf("openpyxl read-only: max column %d, row 5 = %v; want 11 columns", seen.ROMaxColumn, seen.RORow)
	}

	f, err := excelize.OpenFile(dst)
	if err != nil {
		t.Fatalf("open the openpyxl copy: %v", err)
	}
	defer f.Close()
	checkKeptNames(t, f, reg)
}
