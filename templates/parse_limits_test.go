package templates_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"io"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/templates"
)

// rawSheet is a worksheet of a hand-built package; body writes the rows
// (the <row> elements inside <sheetData>).
type rawSheet struct {
	name string
	body func(w io.Writer)
}

// rawBook is a hand-built workbook package, for files no spreadsheet
// program would write.
type rawBook struct {
	sheets []rawSheet
	names  map[string]string
	sst    func(w io.Writer) // shared strings part, nil for none
	// lie, when set, stores sheet i with a declared uncompressed size of
	// lie bytes whatever its real size.
	lie     map[int]uint64
	entries int // extra empty parts
}

func (b rawBook) build(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	put := func(name, s string) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, s)
	}
	put("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`+
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`+
		`<Default Extension="xml" ContentType="application/xml"/>`+
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`)
	put("_rels/.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	var wb, rels strings.Builder
	wb.WriteString(`<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>`)
	rels.WriteString(`<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for i, s := range b.sheets {
		fmt.Fprintf(&wb, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, s.name, i+1, i+1)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, i+1)
	}
	wb.WriteString(`</sheets><definedNames>`)
	for n, v := range b.names {
		fmt.Fprintf(&wb, `<definedName name="%s">%s</definedName>`, n, v)
	}
	wb.WriteString(`</definedNames></workbook>`)
	if b.sst != nil {
		rels.WriteString(`<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`)
	}
	rels.WriteString(`</Relationships>`)
	put("xl/workbook.xml", wb.String())
	put("xl/_rels/workbook.xml.rels", rels.String())
	for i, s := range b.sheets {
		name := fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1)
		write := func(w io.Writer) {
			io.WriteString(w, `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
			s.body(w)
			io.WriteString(w, `</sheetData></worksheet>`)
		}
		if size, ok := b.lie[i]; ok {
			var raw bytes.Buffer
			crc := crc32.NewIEEE()
			fw, _ := flate.NewWriter(&raw, flate.BestSpeed)
			write(io.MultiWriter(fw, crc))
			fw.Close()
			w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc.Sum32(),
				CompressedSize64: uint64(raw.Len()), UncompressedSize64: size})
			if err != nil {
				t.Fatal(err)
			}
			w.Write(raw.Bytes())
			continue
		}
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		write(w)
	}
	if b.sst != nil {
		w, _ := zw.Create("xl/sharedStrings.xml")
		io.WriteString(w, `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
		b.sst(w)
		io.WriteString(w, `</sst>`)
	}
	for i := 0; i < b.entries; i++ {
		zw.Create(fmt.Sprintf("docProps/extra%d.xml", i))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// templateBook is a minimal valid CLS-RAE/1 package; actions writes the
// Actions rows after a header row at row 1.
func templateBook(actions func(w io.Writer)) rawBook {
	str := func(w io.Writer, ref, s string) {
		fmt.Fprintf(w, `<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, ref, s)
	}
	return rawBook{
		names: map[string]string{templates.NameTemplate: `"CLS-RAE/1"`, templates.NameSIREN: `"220100010"`, templates.NameYear: "2025"},
		sheets: []rawSheet{
			{templates.SheetIdentification, func(w io.Writer) {}},
			{templates.SheetActions, func(w io.Writer) {
				io.WriteString(w, `<row r="1">`)
				for i, h := range templates.ActionHeaders {
					str(w, fmt.Sprintf("%c1", 'A'+i), h)
				}
				io.WriteString(w, `</row>`)
				actions(w)
			}},
			{templates.SheetIndicators, func(w io.Writer) {
				io.WriteString(w, `<row r="1">`)
				for i, h := range templates.IndicatorHeaders {
					str(w, fmt.Sprintf("%c1", 'A'+i), h)
				}
				io.WriteString(w, `</row>`)
			}},
		},
	}
}

// manyRows writes n action rows from row 2.
func manyRows(n int) func(w io.Writer) {
	return func(w io.Writer) {
		for r := 2; r < n+2; r++ {
			fmt.Fprintf(w, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>X-%d</t></is></c><c r="G%d"><v>1</v></c></row>`, r, r, r, r)
		}
	}
}

// measure runs f and returns the bytes it allocated in all, and the peak
// of the heap above what it was before, sampled every 50 µs.
func measure(f func()) (total, peak uint64) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	base := sample[0].Value.Uint64()
	done := make(chan struct{})
	var high atomic.Uint64
	go func() {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		t := time.NewTicker(50 * time.Microsecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > base && v-base > high.Load() {
				high.Store(v - base)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	f()
	close(done)
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, high.Load()
}

// Hostile files are refused or cut short before they cost memory, whatever
// they claim: refused ones allocate almost nothing in all, and the heap of
// those read in part never grows beyond a few MiB above its size before
// the parse (large parts are streamed, not loaded).
func TestParseHostileFilesBoundedMemory(t *testing.T) {
	zeros := func(n int) func(w io.Writer) {
		return func(w io.Writer) {
			chunk := make([]byte, 1<<20)
			for i := 0; i < n; i++ {
				w.Write(chunk)
			}
		}
	}
	bomb := templateBook(zeros(60)) // 60 MiB of NUL bytes in the Actions sheet
	liar := templateBook(zeros(60))
	liar.lie = map[int]uint64{1: 4096} // declared 4 KiB
	entities := templateBook(func(w io.Writer) {
		io.WriteString(w, `<row r="2"><c r="A2" t="s"><v>0</v></c></row>`)
	})
	entities.sst = func(w io.Writer) {
		io.WriteString(w, `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">`+
			`<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><si><t>&lol3;</t></si>`)
	}
	rows := templateBook(manyRows(500_000)) // about 35 MiB of XML, under the part limit
	wide := templateBook(func(w io.Writer) {
		io.WriteString(w, `<row r="2"><c r="A2" t="inlineStr"><is><t>ENF-01</t></is></c>`)
		for c := 0; c < 16384; c++ {
			fmt.Fprintf(w, `<c><v>%d</v></c>`, c)
		}
		io.WriteString(w, `</row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>`)
	})
	strs := templateBook(func(w io.Writer) {
		io.WriteString(w, `<row r="2"><c r="A2" t="s"><v>1499999</v></c></row>`)
	})
	strs.sst = func(w io.Writer) {
		for i := 0; i < 1_500_000; i++ {
			fmt.Fprintf(w, `<si><t>t%d</t></si>`, i)
		}
	}
	parts := templateBook(manyRows(1))
	parts.entries = 3000

	for _, tc := range []struct {
		name     string
		book     rawBook
		limits   templates.Limits
		refused  bool   // one FICHIER_ILLISIBLE
		maxAlloc uint64 // in all; 0 when only the peak is bounded
		maxPeak  uint64
	}{
		{"zip bomb", bomb, templates.DefaultLimits(), true, 1 << 20, 1 << 20},
		{"lying sizes", liar, templates.DefaultLimits(), true, 2 << 20, 2 << 20},
		{"entity expansion", entities, templates.DefaultLimits(), true, 2 << 20, 2 << 20},
		{"3,000 parts", parts, templates.DefaultLimits(), true, 1 << 20, 1 << 20},
		{"16,384 columns and row 1,048,576", wide, templates.DefaultLimits(), false, 8 << 20, 8 << 20},
		{"500,000 rows", rows, templates.Limits{MaxPartSize: 64 << 20}, true, 0, 16 << 20},
		{"1.5 million shared strings", strs, templates.Limits{MaxPartSize: 64 << 20}, false, 0, 16 << 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := tc.book.build(t)
			var rep *reconcile.Report
			total, peak := measure(func() { rep = templates.Parse(data, "hostile.xlsx", nil, tc.limits) })
			refused := len(rep.Findings) == 1 && rep.Findings[0].Code == reconcile.FichierIllisible
			if refused != tc.refused {
				t.Errorf("refused = %v, want %v:%s", refused, tc.refused, findingList(rep.Findings))
			}
			if tc.maxAlloc > 0 && total > tc.maxAlloc {
				t.Errorf("parsing a %d-byte file allocated %d bytes, want at most %d", len(data), total, tc.maxAlloc)
			}
			if peak > tc.maxPeak {
				t.Errorf("parsing a %d-byte file grew the heap by %d bytes, want at most %d", len(data), peak, tc.maxPeak)
			}
			t.Logf("%d bytes in, %d bytes allocated, heap peak +%d", len(data), total, peak)
		})
	}
}
