package ooxml_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pactd/pactd/internal/ooxml"
)

var lim = ooxml.Limits{MaxFileSize: 1 << 20, MaxEntries: 100, MaxUncompressed: 1 << 24, MaxPartSize: 1 << 22,
	MaxRatio: 100, MaxRows: 100, MaxColumns: 20}

func TestSplitRefAndNames(t *testing.T) {
	for _, tc := range []struct {
		ref      string
		col, row int
		ok       bool
	}{
		{"A1", 1, 1, true}, {"Z9", 26, 9, true}, {"AA10", 27, 10, true}, {"ab12", 28, 12, true},
		{"XFD1048576", 16384, 1048576, true}, {"XFE1", 0, 0, false}, {"A1048577", 0, 0, false},
		{"A0", 0, 0, false}, {"12", 0, 0, false}, {"A", 0, 0, false}, {"", 0, 0, false}, {"ABCDE1", 0, 0, false},
	} {
		col, row, ok := ooxml.SplitRef(tc.ref)
		if ok != tc.ok || (ok && (col != tc.col || row != tc.row)) {
			t.Errorf("SplitRef(%q) = %d, %d, %v", tc.ref, col, row, ok)
		}
		if ok && ooxml.CellName(col, row) != ooxml.ColName(col)+tc.ref[len(ooxml.ColName(col)):] {
			t.Errorf("CellName(%d, %d) = %s", col, row, ooxml.CellName(col, row))
		}
	}
}

func TestParseName(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want ooxml.NameRef
		ok   bool
	}{
		{`"CLS-RAE/1"`, ooxml.NameRef{Const: "CLS-RAE/1", IsConst: true}, true},
		{`="dit ""bonjour"""`, ooxml.NameRef{Const: `dit "bonjour"`, IsConst: true}, true},
		{`2025`, ooxml.NameRef{Const: "2025", IsConst: true}, true},
		{`Identification!$B$5`, ooxml.NameRef{Sheet: "Identification", Row: 5, Col: 2}, true},
		{`'Mon onglet'!$C$7:$K$20`, ooxml.NameRef{Sheet: "Mon onglet", Row: 7, Col: 3}, true},
		{`'L''été'!A1`, ooxml.NameRef{Sheet: "L'été", Row: 1, Col: 1}, true},
		{`#REF!`, ooxml.NameRef{}, false},
		{`Actions!$4:$4`, ooxml.NameRef{}, false},
		{`"ouvert`, ooxml.NameRef{}, false},
		{``, ooxml.NameRef{}, false},
	} {
		got, ok := ooxml.ParseName(tc.in)
		if ok != tc.ok || got != tc.want {
			t.Errorf("ParseName(%q) = %+v, %v; want %+v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestSerialDate(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		serial float64
		d1904  bool
		want   time.Time
		ok     bool
	}{
		{1, false, day(1900, 1, 1), true},
		{59, false, day(1900, 2, 28), true},
		{60, false, time.Time{}, false}, // Excel's 29 February 1900, which never was
		{61, false, day(1900, 3, 1), true},
		{46096, false, day(2026, 3, 15), true},
		{46096.75, false, day(2026, 3, 15), true},
		{44634, true, day(2026, 3, 15), true},
		{0, true, day(1904, 1, 1), true},
		{0, false, time.Time{}, false},
		{-3, false, time.Time{}, false},
		{3e6, false, time.Time{}, false},
	} {
		got, ok := ooxml.SerialDate(tc.serial, tc.d1904, time.UTC)
		if ok != tc.ok || !got.Equal(tc.want) {
			t.Errorf("SerialDate(%v, %v) = %v, %v; want %v", tc.serial, tc.d1904, got, ok, tc.want)
		}
	}
}

// book builds a package from parts.
func book(t *testing.T, parts map[string]string) []byte {
	t.Helper()
	return bookBytes(t, parts)
}

// bookBytes builds a package from parts, for tests and fuzz targets.
func bookBytes(t testing.TB, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, s := range parts {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(s))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Cells as writers store them: shared strings with rich text and phonetic
// runs, inline strings, _xHHHH_ escapes, errors, formulas with and without
// a cached result, cells without r attributes and out of order, namespace
// prefixes, absolute relationship targets, 1904 dates and defined names.
func TestReadSheets(t *testing.T) {
	data := book(t, map[string]string{
		"[Content_Types].xml": `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`,
		"_rels/.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="r1" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" Target="/xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml": `<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<x:workbookPr date1904="true"/><x:sheets><x:sheet name="Données" sheetId="1" r:id="rId1"/><x:sheet name="Autre" sheetId="2" r:id="rId2"/></x:sheets>` +
			`<x:definedNames><x:definedName name="pactd_modele">"CLS-RAE/1"</x:definedName><x:definedName name="Zone" localSheetId="0">Données!$A$1</x:definedName></x:definedNames></x:workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>` +
			`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
		"xl/sharedStrings.xml": `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
			`<si><t>zéro</t></si><si><r><t>un </t></r><r><rPr><b/></rPr><t>riche</t></r><rPh><t>ふりがな</t></rPh></si>` +
			`<si><t>ligne_x000D_suite</t></si><si><t>jamais lu</t></si></sst>`,
		"xl/worksheets/sheet1.xml": `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData>` +
			`<row r="2"><c r="C2" t="s"><v>1</v></c><c r="A2" t="s"><v>0</v></c><c r="B2" s="3"/></row>` +
			`<row><c t="inlineStr"><is><t>inline</t></is></c><c t="e"><f>1/0</f><v>#DIV/0!</v></c><c><f>SUM(A1:A2)</f></c><c t="s"><v>2</v></c></row>` +
			`<row r="9"><c r="A9" t="b"><v>1</v></c><c r="B9"><v>98000.5</v></c><c r="Z9"><v>5</v></c></row>` +
			`</sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>`,
		"xl/worksheets/sheet2.xml": `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>3</v></c></row></sheetData></worksheet>`,
	})
	p, r := ooxml.Open(data, lim)
	if r != nil {
		t.Fatal(r)
	}
	wb, r := p.Workbook()
	if r != nil {
		t.Fatal(r)
	}
	if !wb.Date1904 || len(wb.Sheets) != 2 || wb.Sheets[0].Name != "Données" {
		t.Fatalf("workbook = %+v", wb)
	}
	if v, ok := wb.Name("PACTD_MODELE"); !ok || v != `"CLS-RAE/1"` {
		t.Errorf("name = %q, %v", v, ok)
	}
	if v, ok := wb.Name("Zone"); !ok || v != "Données!$A$1" {
		t.Errorf("sheet-scoped name = %q, %v", v, ok)
	}
	grids, r := p.ReadSheets(wb, func(name string) bool { return name == "Données" })
	if r != nil {
		t.Fatal(r)
	}
	if len(grids) != 1 {
		t.Fatalf("%d grids", len(grids))
	}
	g := grids[0]
	for _, tc := range []struct {
		ref, value string
		kind       ooxml.CellKind
		formula    string
	}{
		{"A2", "zéro", ooxml.KindText, ""},
		{"C2", "un riche", ooxml.KindText, ""},
		{"A3", "inline", ooxml.KindText, ""},
		{"B3", "#DIV/0!", ooxml.KindError, "1/0"},
		{"C3", "", ooxml.KindNumber, "SUM(A1:A2)"},
		{"D3", "ligne\rsuite", ooxml.KindText, ""},
		{"A9", "1", ooxml.KindBool, ""},
		{"B9", "98000.5", ooxml.KindNumber, ""},
	} {
		col, row, _ := ooxml.SplitRef(tc.ref)
		c := g.At(row, col)
		if c == nil {
			t.Errorf("%s: no cell", tc.ref)
			continue
		}
		if c.Value != tc.value || c.Kind != tc.kind || c.FormulaText != tc.formula || c.Formula != (tc.formula != "") {
			t.Errorf("%s = %+v, want %q kind %d formula %q", tc.ref, *c, tc.value, tc.kind, tc.formula)
		}
	}
	if g.At(2, 2) != nil {
		t.Error("an empty styled cell was kept")
	}
	if g.At(9, 26) != nil {
		t.Error("a cell beyond MaxColumns was kept")
	}
	if got := g.Ref(9, 2); got != "Données!B9" {
		t.Errorf("Ref = %s", got)
	}
}

func TestOpenRefuses(t *testing.T) {
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...)
	ods := book(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"})
	xlsm := book(t, map[string]string{"[Content_Types].xml": `<Types><Override PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>`, "xl/workbook.xml": "<workbook/>"})
	xlsb := book(t, map[string]string{"xl/workbook.bin": "x"})
	docx := book(t, map[string]string{"word/document.xml": "<w/>"})
	for _, tc := range []struct {
		name string
		data []byte
		want ooxml.Kind
	}{
		{"empty", nil, ooxml.Empty},
		{"ole2", ole, ooxml.OLE2},
		{"text", []byte("bonjour"), ooxml.NotZip},
		{"pdf", []byte("%PDF-1.7"), ooxml.PDF},
		{"truncated", ods[:len(ods)/2], ooxml.Corrupt},
		{"ods", ods, ooxml.OpenDocument},
		{"xlsm", xlsm, ooxml.MacroEnabled},
		{"xlsb", xlsb, ooxml.Binary},
		{"docx", docx, ooxml.NotWorkbook},
	} {
		var r *ooxml.Refusal
		p, r := ooxml.Open(tc.data, lim)
		if r == nil {
			_, r = p.Workbook()
		}
		if r == nil || r.Kind != tc.want {
			t.Errorf("%s: refusal %v, want kind %d", tc.name, r, tc.want)
		}
	}
}

// percentBook is a workbook whose cell A<n> has cell format n-1 of styles.
func percentBook(t *testing.T, styles string, cells int) []byte {
	var rows strings.Builder
	rows.WriteString(`<row r="1"><c r="A1" s="0"><v>0.57</v></c><c r="B1" s="x"><v>1</v></c><c r="C1"><v>1</v></c></row>`)
	for i := 2; i <= cells; i++ {
		fmt.Fprintf(&rows, `<row r="%d"><c r="A%d" s="%d"><v>0.57</v></c></row>`, i, i, i-1)
	}
	return book(t, map[string]string{
		"xl/workbook.xml": `<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml": `<worksheet><sheetData>` + rows.String() + `</sheetData></worksheet>`,
		"xl/styles.xml":            styles,
	})
}

// A cell shows a percentage when its format's number format is built-in 9
// or 10, or a code with a % that is not quoted, escaped, a fill, a space
// the width of % or inside brackets; LibreOffice writes "0.00%" and, in
// French, `[$-40C]0.00\ %`. A styles part that cannot be read marks none.
func TestReadSheetsPercent(t *testing.T) {
	codes := []struct {
		code    string
		percent bool
	}{
		{`0%`, true}, {`0.00%`, true}, {`[$-40C]0.00\ %`, true}, {`[Red]0.0%;[Blue]-0.0%`, true}, {`0.0 &quot;%&quot;`, false},
		{`0\%`, false}, {`0_%`, false}, {`0*%`, false}, {`[%]0`, false}, {`#,##0.00 &quot;€&quot;`, false}, {`General`, false},
	}
	var numFmts, xfs strings.Builder
	for i, c := range codes {
		fmt.Fprintf(&numFmts, `<numFmt numFmtId="%d" formatCode="%s"/>`, 164+i, c.code)
		fmt.Fprintf(&xfs, `<xf numFmtId="%d"/>`, 164+i)
	}
	builtin := []struct {
		id      int
		percent bool
	}{{9, true}, {10, true}, {0, false}, {4, false}, {14, false}}
	for _, b := range builtin {
		fmt.Fprintf(&xfs, `<xf numFmtId="%d"/>`, b.id)
	}
	styles := `<x:styleSheet xmlns:x="urn:x"><x:numFmts>` + strings.ReplaceAll(numFmts.String(), "<numFmt", "<x:numFmt") +
		`</x:numFmts><x:cellStyleXfs><x:xf numFmtId="9"/></x:cellStyleXfs><x:cellXfs>` + strings.ReplaceAll(xfs.String(), "<xf", "<x:xf") +
		`</x:cellXfs></x:styleSheet>`
	n := len(codes) + len(builtin)
	read := func(styles string) *ooxml.Grid {
		p, r := ooxml.Open(percentBook(t, styles, n+1), lim)
		if r != nil {
			t.Fatal(r)
		}
		wb, r := p.Workbook()
		if r != nil {
			t.Fatal(r)
		}
		grids, r := p.ReadSheets(wb, func(string) bool { return true })
		if r != nil {
			t.Fatal(r)
		}
		return grids[0]
	}
	g := read(styles)
	for i := 0; i <= n; i++ {
		want, what := false, "beyond cellXfs"
		switch {
		case i < len(codes):
			want, what = codes[i].percent, codes[i].code
		case i < n:
			want, what = builtin[i-len(codes)].percent, fmt.Sprintf("built-in %d", builtin[i-len(codes)].id)
		}
		if got := g.At(i+1, 1); got == nil || got.Percent != want {
			t.Errorf("cell format %d (%s): %+v, want percent %v", i, what, got, want)
		}
	}
	if g.At(1, 2).Percent || g.At(1, 3).Percent {
		t.Error("a cell with no or a bad s attribute shows a percentage")
	}
	for _, bad := range []string{`<styleSheet><cellXfs><xf numFmtId="9"/>&bad;</cellXfs></styleSheet>`, "\x00"} {
		if g := read(bad); g.At(1, 1) == nil || g.At(1, 1).Percent {
			t.Errorf("styles %q: A1 = %+v, want read without percent", bad, g.At(1, 1))
		}
	}
}
