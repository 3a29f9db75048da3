package templates_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/templates"
)

// checkReport fails when a report breaks what Parse promises, whatever
// the input: findings with a known code, its severity and a French
// sentence; a refused file has that finding only; the JSON form marshals.
func checkReport(t *testing.T, rep *reconcile.Report) {
	t.Helper()
	if rep == nil {
		t.Fatal("nil report")
	}
	known := map[reconcile.Code]bool{}
	for _, c := range reconcile.Codes() {
		known[c] = true
	}
	for _, f := range rep.Findings {
		if !known[f.Code] || f.Severity != f.Code.Severity() || !strings.HasSuffix(f.Message, ".") {
			t.Fatalf("bad finding %+v", f)
		}
		if f.Code == reconcile.FichierIllisible && len(rep.Findings) != 1 {
			t.Fatalf("FICHIER_ILLISIBLE with other findings:%s", findingList(rep.Findings))
		}
	}
	if _, err := json.Marshal(rep); err != nil {
		t.Fatalf("marshal report: %v", err)
	}
}

// FuzzParse feeds Parse real files (the corpus and client-filled
// workbooks) and their mutations: it must never panic, hang or break its
// promises. Run: go test -run='^$' -fuzz='^FuzzParse$' -fuzztime=20s -fuzzminimizetime=2s ./templates/
func FuzzParse(f *testing.F) {
	for _, dir := range []string{"corpus", "parse"} {
		entries, err := os.ReadDir(filepath.Join("testdata", dir))
		if err != nil {
			f.Fatal(err)
		}
		for _, e := range entries {
			// Large seeds make the fuzzer spend its time minimising them.
			if info, err := e.Info(); err != nil || info.Size() > 64<<10 || strings.HasSuffix(e.Name(), ".md") {
				continue
			}
			b, err := os.ReadFile(filepath.Join("testdata", dir, e.Name()))
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	reg := parseRegister()
	lim := templates.DefaultLimits()
	lim.MaxRows = 500
	f.Fuzz(func(t *testing.T, data []byte) {
		checkReport(t, templates.ParseUnguarded(data, "fuzz.xlsx", reg, lim))
	})
}

// FuzzSheetXML fuzzes the XML under the zip layer, which mutations of
// whole files rarely reach: the Actions sheet and the shared strings of a
// LibreOffice-saved workbook are replaced by the fuzzer's bytes.
// Run: go test -run='^$' -fuzz='^FuzzSheetXML$' -fuzztime=20s -fuzzminimizetime=2s ./templates/
func FuzzSheetXML(f *testing.F) {
	base := unzipParts(f, fixture(f, "lo_clean.xlsx"))
	for _, name := range []string{"lo_clean.xlsx", "lo_messy.xlsx", "openpyxl_clean.xlsx", "openpyxl_messy.xlsx"} {
		parts := unzipParts(f, fixture(f, name))
		f.Add(parts["xl/worksheets/sheet3.xml"], parts["xl/sharedStrings.xml"])
	}
	reg := parseRegister()
	lim := templates.DefaultLimits()
	lim.MaxRows = 500
	f.Fuzz(func(t *testing.T, sheet, sst []byte) {
		parts := map[string][]byte{}
		for k, v := range base {
			parts[k] = v
		}
		parts["xl/worksheets/sheet3.xml"], parts["xl/sharedStrings.xml"] = sheet, sst
		checkReport(t, templates.ParseUnguarded(zipParts(t, parts), "fuzz.xlsx", reg, lim))
	})
}

func unzipParts(t testing.TB, data []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name], err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func zipParts(t testing.TB, parts map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, b := range parts {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
