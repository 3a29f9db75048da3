package templates_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/pactd/pactd/internal/ooxml"
	"github.com/pactd/pactd/templates"
)

// referenceLimits read every sheet of a file whole, so that the whole of
// it is compared.
var referenceLimits = ooxml.Limits{MaxFileSize: 20 << 20, MaxEntries: 2000, MaxUncompressed: 256 << 20,
	MaxPartSize: 64 << 20, MaxRatio: 200, MaxRows: 200_000, MaxColumns: 256}

// sameAsReference fails when internal/ooxml's scanner and encoding/xml
// (ooxml.ReadSheetsReference, the reader pactd used before) read the
// sheets of a file differently: one refuses it and not the other, or a
// cell, a row or a shared string differs. A file refused before any sheet
// is read has nothing to compare.
func sameAsReference(t *testing.T, name string, data []byte) {
	t.Helper()
	p, r := ooxml.Open(data, referenceLimits)
	if r != nil {
		return
	}
	wb, r := p.Workbook()
	if r != nil {
		return
	}
	all := func(string) bool { return true }
	got, gr := p.ReadSheets(wb, all)
	want, wr := p.ReadSheetsReference(wb, all)
	switch {
	case (gr == nil) != (wr == nil) || gr != nil && gr.Kind != wr.Kind:
		t.Errorf("%s: the scanner gives refusal %v, encoding/xml %v", name, gr, wr)
	case !reflect.DeepEqual(got, want):
		t.Errorf("%s: the scanner and encoding/xml read different cells", name)
	}
}

// Every workbook the test suites read is read the same by the scanner and
// by encoding/xml: the template as pactd writes it (excelize), the files
// LibreOffice, openpyxl, exceljs, SheetJS and Gnumeric write, the corpus
// of real-world files, the committed fixtures and the samples (the
// register's 13 MB of sheets among them). FuzzScanSheet in internal/ooxml
// compares them on any bytes.
func TestScannerReadsAsEncodingXML(t *testing.T) {
	var buf bytes.Buffer
	if err := templates.Generate(&buf, parseRegister(), nordSIREN, 2025); err != nil {
		t.Fatal(err)
	}
	sameAsReference(t, "template", buf.Bytes())
	var files []string
	for _, pattern := range []string{"testdata/*/*", "../samples/*.xlsx", "../samples/soumissions/*"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 150 {
		t.Fatalf("only %d files", len(files))
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		sameAsReference(t, name, data)
	}
	t.Run("LibreOffice and openpyxl", func(t *testing.T) {
		for _, c := range clientCases {
			sameAsReference(t, c.name, filled(t, c.name))
		}
	})
	t.Run("exceljs, SheetJS and Gnumeric", func(t *testing.T) {
		files := programFiles(t)
		if len(files) < 10 {
			t.Fatalf("%d files", len(files))
		}
		for name, data := range files {
			sameAsReference(t, name, data)
		}
	})
}
