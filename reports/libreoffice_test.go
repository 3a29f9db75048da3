package reports_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pactd/pactd/reports"
)

// TestLibreOfficeOpensOutputs opens the annex and the annotated workbooks
// with LibreOffice, as the central team and the territories do, saves them
// again, and reads what LibreOffice made of them with openpyxl: texts that
// look like formulas stay texts, the comments are there. One LibreOffice
// run converts every file, since each start costs seconds.
func TestLibreOfficeOpensOutputs(t *testing.T) {
	soffice := tool(t, "soffice", "libreoffice-calc-nogui")
	py := tool(t, "python3", "python3-openpyxl")
	in, out := t.TempDir(), t.TempDir()
	wk, hostile := hostileWeek(t)
	annex := filepath.Join(in, "annexe.xlsx")
	if err := os.WriteFile(annex, renderAnnex(t, wk), 0o644); err != nil {
		t.Fatal(err)
	}
	files := []string{annex}
	var names []string
	for _, path := range annotateFixtures {
		orig, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		annotated, err := reports.Annotate(orig, annotateFindings(), testService)
		if err != nil {
			t.Fatal(err)
		}
		name := "annote-" + strings.TrimPrefix(filepath.Base(path), "classeur-")
		names = append(names, name)
		p := filepath.Join(in, name)
		if err := os.WriteFile(p, annotated, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	rebuilt, err := reports.Annotate(hostileWorkbook(t), annotateFindings(), testService)
	if err != nil {
		t.Fatal(err)
	}
	hostilePath := filepath.Join(in, "annote-hostile.xlsx")
	if err := os.WriteFile(hostilePath, rebuilt, 0o644); err != nil {
		t.Fatal(err)
	}
	files = append(files, hostilePath)
	args := append([]string{"--headless", "--norestore", "-env:UserInstallation=file://" + filepath.Join(out, "profile"),
		"--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out}, files...)
	run(t, soffice, args...)

	got := run(t, py, append([]string{"-c", `
import json, sys, os, openpyxl
out = {}
for name in sys.argv[2:]:
    wb = openpyxl.load_workbook(os.path.join(sys.argv[1], name))
    formulas, texts, comments = [], [], {}
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f" and name == "annexe.xlsx": formulas.append(ws.title + "!" + c.coordinate)
                if isinstance(c.value, str): texts.append(c.value)
                if c.comment: comments[ws.title + "!" + c.coordinate] = c.comment.text
    g7 = wb["Actions"]["G7"].value if "Actions" in wb.sheetnames else None
    out[name] = {"formulas": formulas, "texts": texts, "comments": comments, "g7": g7}
print(json.dumps(out, ensure_ascii=False))`, out, "annexe.xlsx", "annote-hostile.xlsx"}, names...)...)
	var res map[string]struct {
		Formulas []string
		Texts    []string
		Comments map[string]string
		G7       any
	}
	if err := json.Unmarshal([]byte(got), &res); err != nil {
		t.Fatalf("openpyxl output %q: %v", got, err)
	}
	if h, ok := res["annote-hostile.xlsx"]; !ok || h.G7 != 98000.5 || len(h.Comments) != len(annotatedCells) {
		t.Errorf("LibreOffice does not open the annotated hostile workbook as it should: %+v", h)
	}
	a := res["annexe.xlsx"]
	if len(a.Formulas) > 0 {
		t.Errorf("after LibreOffice, the annex holds formulas in %v", a.Formulas)
	}
	texts := strings.Join(a.Texts, "\n")
	for _, h := range hostile {
		if !strings.Contains(texts, strings.TrimSpace(h)) {
			t.Errorf("after LibreOffice, the annex lacks the text %q", h)
		}
	}
	for _, name := range names {
		r := res[name]
		if r.G7 != 98000.5 {
			t.Errorf("%s: G7 = %v after LibreOffice", name, r.G7)
		}
		if len(r.Comments) != len(annotatedCells) {
			t.Errorf("%s: LibreOffice keeps %d comments, want %d: %v", name, len(r.Comments), len(annotatedCells), r.Comments)
		}
		for ref, want := range map[string]string{"Actions!G7": "au-delà du prévu", "Actions!H7": "cofinancement insuffisant",
			"Synthèse!C5": "total incohérent", "Indicateurs!G5": "cellule vide"} {
			if !strings.Contains(r.Comments[ref], want) {
				t.Errorf("%s: LibreOffice reads comment %s as %q, want %s", name, ref, r.Comments[ref], want)
			}
		}
		if !strings.Contains(r.Comments["Actions!G7"], "Montant provisoire") {
			t.Errorf("%s: the sender's own comment is lost: %q", name, r.Comments["Actions!G7"])
		}
	}
}
