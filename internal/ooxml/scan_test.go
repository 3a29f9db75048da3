package ooxml

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

// scanLimits are small, so that fuzzed sheets reach them.
var scanLimits = Limits{MaxFileSize: 1 << 20, MaxEntries: 100, MaxUncompressed: 1 << 24, MaxPartSize: 1 << 22,
	MaxRatio: 100, MaxRows: 40, MaxColumns: 30}

// sheetResult is what reading one worksheet part gives.
type sheetResult struct {
	grid *Grid
	need map[int]struct{}
	err  error
}

func readWith(read func(io.Reader, *Grid, map[int]struct{}) error, r io.Reader) sheetResult {
	res := sheetResult{grid: &Grid{}, need: map[int]struct{}{}}
	res.err = read(r, res.grid, res.need)
	return res
}

// sameSheet fails when the scanner and encoding/xml read data differently:
// one refuses it and not the other, or they keep different cells, rows,
// truncation or shared string indices. The scanner also reads it one byte
// at a time, to cross every buffer boundary, and the reader of before the
// scanner (oldStreamSheet) must read it as encoding/xml's does now.
func sameSheet(t *testing.T, data []byte, lim Limits) {
	t.Helper()
	p := &Package{lim: lim}
	want := readWith(p.refStreamSheet, bytes.NewReader(data))
	if old := readWith(p.oldStreamSheet, bytes.NewReader(data)); (old.err == nil) != (want.err == nil) ||
		want.err == nil && (!reflect.DeepEqual(old.grid, want.grid) || !reflect.DeepEqual(old.need, want.need)) {
		t.Fatalf("the reader before the scanner read\n%+v %v %v\nencoding/xml's reads\n%+v %v %v\nfrom:\n%q",
			old.grid, old.need, old.err, want.grid, want.need, want.err, clip(data))
	}
	for _, r := range []io.Reader{bytes.NewReader(data), iotest.OneByteReader(bytes.NewReader(data))} {
		got := readWith(p.streamSheet, r)
		if (got.err == nil) != (want.err == nil) {
			t.Fatalf("scanner error %v, encoding/xml error %v, on:\n%q", got.err, want.err, clip(data))
		}
		if want.err != nil {
			continue
		}
		if !reflect.DeepEqual(got.grid, want.grid) || !reflect.DeepEqual(got.need, want.need) {
			t.Fatalf("scanner read\n%+v %v\nencoding/xml read\n%+v %v\nfrom:\n%q", got.grid, got.need, want.grid, want.need, clip(data))
		}
	}
}

// sameStrings is sameSheet for a shared strings part: every index below
// 64 is needed.
func sameStrings(t *testing.T, data []byte) {
	t.Helper()
	need := map[int]struct{}{}
	for i := 0; i < 64; i++ {
		need[i] = struct{}{}
	}
	want, werr := refReadSharedStrings(bytes.NewReader(data), need)
	if old, err := oldReadSharedStrings(bytes.NewReader(data), need); (err == nil) != (werr == nil) || werr == nil && !reflect.DeepEqual(old, want) {
		t.Fatalf("the reader before the scanner read %v (%v), encoding/xml's reads %v (%v), from:\n%q", old, err, want, werr, clip(data))
	}
	for _, r := range []io.Reader{bytes.NewReader(data), iotest.OneByteReader(bytes.NewReader(data))} {
		got, err := readSharedStrings(r, need)
		if (err == nil) != (werr == nil) {
			t.Fatalf("scanner error %v, encoding/xml error %v, on shared strings:\n%q", err, werr, clip(data))
		}
		if werr == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("scanner read %v, encoding/xml read %v, from:\n%q", got, want, clip(data))
		}
	}
}

func clip(b []byte) []byte {
	if len(b) > 2000 {
		return b[:2000]
	}
	return b
}

// scanCases are XML constructs as producers write them and as hostile
// files bend them; each is read by both tokenisers and must agree.
var scanCases = []string{
	`<worksheet><sheetData><row r="1"><c r="A1" t="s" s="3"><v>0</v></c><c r="B1"><v>12.5</v></c></row></sheetData></worksheet>`,
	`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n" + `<x:worksheet xmlns:x="urn:x"><x:sheetData><x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>a&amp;b &lt;c&gt; &quot;d&quot; &apos;e&apos;</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`,
	`<sheetData><row><c t="str"><f>A1&amp;"x"</f><v>line1` + "\r\n" + `line2` + "\r" + `line3</v></c><c><v>&#49;&#x32;&#0000051;</v></c></row></sheetData>`,
	`<sheetData><row><c><v>&#X33;</v></c></row></sheetData>`,
	`<sheetData><row><c t="inlineStr"><is><t><![CDATA[<b>&amp;]]]]></t></is></c><c><!-- a - comment --><v>4<!--x-->2</v></c></row></sheetData>`,
	`<!DOCTYPE x [<!ENTITY e "v"> <!-- > --> <!ELEMENT a (b)>]><sheetData><row><c t="inlineStr"><is><t>&e;</t></is></c></row></sheetData>`,
	`<!DOCTYPE x [<!ENTITY e "v>"> <!-- > --> <!ELEMENT a (b)> <x <y>]><sheetData><row><c><v>1</v></c></row></sheetData>`,
	`<sheetData><row><c t="inlineStr"><is><t>été 😀 ]]&gt; ]] > </t></is></c></row></sheetData>`,
	`<sheetData><row><c><v>]]></v></c></row></sheetData>`,
	`<sheetData><row r="3" spans="1:2"><c r="B3" s='7' t='b'><v>1</v></c><c r="A3"/></row><row r="3"><c/></row></sheetData>`,
	`<sheetData><row r="0"><c><v>1</v></c></row></sheetData>`,
	`<sheetData><row r="+5"><c r="A+5"><v>1</v></c></row><row><c r="xfd6"><v>1</v></c></row></sheetData>`,
	`<sheetData><row><c r="XFE1"><v>1</v></c></row></sheetData>`,
	`<sheetData><row><c r="A1" r="B1" x:r="C1"><v>1</v></c></row></sheetData>`,
	`<sheetData><row><c a:b:c="1"><v>1</v></c></row></sheetData>`,
	`<sheetData><row><:c><v>1</v></:c><c:><v>2</v></c:></row></sheetData>`,
	`<sheetData><row><c r=A1><v>1</v></c></row></sheetData>`,
	`<sheetData><row><c r="A1"t="s"><v>1</v></c ></row></sheetData>`,
	`<sheetData><row><c r="A<1"><v>1</v></c></row></sheetData>`,
	`<sheetData><row><c><v>&#0;</v></c></row></sheetData>`,
	`<sheetData><row><c><v>&#xD800;&#x10FFFF;&#xe000;</v></c></row></sheetData>`,
	`<sheetData><row><c><v>&#x110000;</v></c></row></sheetData>`,
	`<sheetData><row><c><v>&#xFFFE;</v></c></row></sheetData>`,
	`<sheetData><row><c><v>&#;&#x;&amp</v></c></row></sheetData>`,
	`<sheetData><row><c><v>&unknown;</v></c></row></sheetData>`,
	"<sheetData><row><c><v>\x01</v></c></row></sheetData>",
	"<sheetData><row><c><v>\xff\xfe</v></c></row></sheetData>",
	"<sheetData><row><c><v>\xc3</v></c></row></sheetData>",
	"<sheetData><row><c><v>\xef\xbf\xbe</v></c></row></sheetData>",
	"\xef\xbb\xbf<sheetData><row><c><v>1</v></c></row></sheetData>",
	`<?xml version="1.1"?><sheetData/>`,
	`<?xml version="1.0" encoding="ISO-8859-1"?><sheetData/>`,
	`<?xml encoding='utf-8'?><sheetData/>`,
	`<?pi?><?pi content ? > ?><sheetData><row><c><v>1</v></c></row></sheetData>`,
	`<!-- unterminated`, `<!-- a -- b -->`, `<!- x -->`, `<![CDAT[x]]>`, `<![CDATA[x]]`, `<!DOCTYPE <x>`, `<!DOCTYPE '>'>x`,
	`<sheetData><row><c><v>1`, `<sheetData><row><c r="A1`, `<sheetData></row></sheetData x>`, `< sheetData>`, `<sheetData/ >`,
	`<1a/>`, `<a b/>`, `<a b=/>`, `<a =""/>`, `<é/><sheetData><row><c à="1"><v>1</v></c></row></sheetData>`, "<\xc3\xa9\xff/>",
	`text outside & <sheetData/>`, `]]>`, `<sheetData><row><c><v>1</v></c></row></sheetData><unclosed`,
	`<sheetData><row><c><f>SUM(A1:A2)</f></c><c><f t="shared" si="0"/><v>3</v></c></row></sheetData>`,
	`<sheetData><row><c t="s"><v> 12 </v></c><c t="s"><v>-1</v></c><c t="s"><v>x</v></c></row></sheetData>`,
	`<sheetData><row><c t="inlineStr"><is><r><t>a</t></r><rPh><t>b</t></rPh><r><t xml:space="preserve"> c</t></r></is></c></row></sheetData>`,
	`<sheetData><row><c t="inlineStr"><is><t>_x000D_ _x005F_x _xZZZZ_</t></is></c></row></sheetData>`,
	`<sheetData><row><c><v>1</v><v>2</v></c><v>3</v><t>4</t></row><c><v>5</v></c></sheetData><row><c><v>6</v></c></row>`,
	`<sheetData><row><c><f>` + strings.Repeat("A", 1500) + `</f><v>` + strings.Repeat("é", 20000) + `</v></c></row></sheetData>`,
	`<sheetData>` + strings.Repeat(`<row><c><v>1</v></c></row>`, 50) + `</sheetData>`,
	`<sheetData><row r="1"><c r="AE1"><v>1</v></c><c r="AD1"><v>2</v></c></row></sheetData>`,
}

func TestScanMatchesEncodingXML(t *testing.T) {
	refused := 0
	for _, c := range scanCases {
		if readWith((&Package{lim: scanLimits}).refStreamSheet, strings.NewReader(c)).err != nil {
			refused++
		}
		sameSheet(t, []byte(c), scanLimits)
		sameStrings(t, []byte(strings.NewReplacer("sheetData", "sst", "row", "si", "<c", "<r", "</c>", "</r>", "<v>", "<t>", "</v>", "</t>").Replace(c)))
	}
	// Both kinds are compared: what is read, and what is refused.
	if refused < 30 || len(scanCases)-refused < 25 {
		t.Errorf("%d cases refused of %d", refused, len(scanCases))
	}
}

// Every worksheet and shared strings part of the workbooks in the
// templates' test data (LibreOffice-, openpyxl- and excelize-written, and
// the corpus of real-world files) is read the same by both.
func TestScanMatchesEncodingXMLOnFiles(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "templates", "testdata", "*", "*"))
	if err != nil || len(files) < 100 {
		t.Fatalf("%d test files: %v", len(files), err)
	}
	parts := 0
	for _, name := range files {
		forEachXMLPart(t, name, 4<<20, func(part string, data []byte) {
			parts++
			if strings.Contains(part, "sharedstrings") {
				sameStrings(t, data)
			} else {
				sameSheet(t, data, Limits{MaxRows: 5000, MaxColumns: 256})
			}
		})
	}
	if parts < 200 {
		t.Errorf("only %d parts compared", parts)
	}
}

// forEachXMLPart calls fn with every worksheet and shared strings part of
// a zip file, each at most maxSize bytes; other files are skipped.
func forEachXMLPart(t testing.TB, name string, maxSize uint64, fn func(part string, data []byte)) {
	zr, err := zip.OpenReader(name)
	if err != nil {
		return
	}
	defer zr.Close()
	for _, f := range zr.File {
		key := strings.ToLower(f.Name)
		if !strings.HasSuffix(key, ".xml") || !strings.Contains(key, "worksheets/") && !strings.Contains(key, "sharedstrings") {
			continue
		}
		if f.UncompressedSize64 > maxSize {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			continue
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err == nil {
			fn(key, data)
		}
	}
}

// FuzzScanSheet is the differential test of the scanner: any bytes, read
// as a worksheet and as shared strings, must give what encoding/xml's
// tokeniser gives, refusal for refusal and cell for cell.
// Run: go test -run='^$' -fuzz='^FuzzScanSheet$' -fuzztime=20000x ./internal/ooxml/
func FuzzScanSheet(f *testing.F) {
	for _, c := range scanCases {
		f.Add([]byte(c))
	}
	seeds, _ := filepath.Glob(filepath.Join("..", "..", "templates", "testdata", "parse", "*_clean.xlsx"))
	for _, name := range seeds {
		forEachXMLPart(f, name, 16<<10, func(_ string, data []byte) {
			f.Add(data)
		})
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sameSheet(t, data, scanLimits)
		sameStrings(t, data)
	})
}

// Tags longer than the scanner's buffer grow it; beyond maxToken they are
// refused, the one refusal encoding/xml would not make.
func TestScanLongTokens(t *testing.T) {
	long := `<sheetData><row><c r="A1" x="` + strings.Repeat("v", 200<<10) + `"><v>1</v></c></row></sheetData>`
	sameSheet(t, []byte(long), scanLimits)
	huge := `<sheetData><row><c x="` + strings.Repeat("v", maxToken) + `"><v>1</v></c></row></sheetData>`
	p := &Package{lim: scanLimits}
	if got := readWith(p.streamSheet, strings.NewReader(huge)); got.err == nil {
		t.Error("a tag over 1 MiB was read")
	}
	// Long text and long character references are streamed: no limit.
	text := `<sheetData><row><c t="str"><v>` + strings.Repeat("x", 3<<20) + `&#` + strings.Repeat("0", 2<<20) + `65;</v></c></row></sheetData>`
	got := readWith(p.streamSheet, strings.NewReader(text))
	if got.err != nil || len(got.grid.Rows) != 1 || len(got.grid.Rows[0].Cells[0].Value) != maxCellText {
		t.Errorf("long text: %v", got.err)
	}
}

// The scanner reads the sample register's 13 MB of sheets as encoding/xml
// does (a check kept out of -short runs: it takes a second).
func TestScanMatchesEncodingXMLOnRegister(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 13 MB of XML twice; run without -short")
	}
	name := filepath.Join("..", "..", "samples", "registre.xlsx")
	if _, err := os.Stat(name); err != nil {
		t.Fatal(err)
	}
	forEachXMLPart(t, name, 1<<30, func(part string, data []byte) {
		sameSheet(t, data, Limits{MaxRows: 200_000, MaxColumns: 256})
	})
}

// BenchmarkStreamSheet reads the largest sheet of the sample register
// (8 MB of XML, 18,000 rows) with the scanner and with encoding/xml.
func BenchmarkStreamSheet(b *testing.B) {
	var sheet []byte
	forEachXMLPart(b, filepath.Join("..", "..", "samples", "registre.xlsx"), 1<<30, func(part string, data []byte) {
		if len(data) > len(sheet) {
			sheet = data
		}
	})
	p := &Package{lim: Limits{MaxRows: 200_000, MaxColumns: 256}}
	for _, r := range []struct {
		name string
		read func(io.Reader, *Grid, map[int]struct{}) error
	}{{"scanner", p.streamSheet}, {"encoding-xml", p.refStreamSheet}} {
		b.Run(r.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(sheet)))
			for b.Loop() {
				if res := readWith(r.read, bytes.NewReader(sheet)); res.err != nil || len(res.grid.Rows) < 10000 {
					b.Fatalf("%d rows, %v", len(res.grid.Rows), res.err)
				}
			}
		})
	}
}
