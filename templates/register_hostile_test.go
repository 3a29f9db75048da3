package templates_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/pactd/pactd/templates"
)

// hostileRegister builds a small register (a few KB) whose Actions sheet
// has rows rows, each holding one value in column XFD, the last column of
// a sheet: a reader that pads rows to their last column allocates 16,384
// cells a row.
func hostileRegister(t testing.TB, rows int) []byte {
	t.Helper()
	const ns = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	sheet := func(body string) string {
		return `<worksheet ` + ns + `><sheetData>` + body + `</sheetData></worksheet>`
	}
	inline := func(ref, s string) string { return `<c r="` + ref + `" t="inlineStr"><is><t>` + s + `</t></is></c>` }
	header := func(labels ...string) string {
		var b strings.Builder
		b.WriteString(`<row r="1">`)
		for i, l := range labels {
			b.WriteString(inline(fmt.Sprintf("%c1", 'A'+i), l))
		}
		b.WriteString(`</row>`)
		return b.String()
	}
	var body strings.Builder
	body.WriteString(header("SIREN", "Code action", "Axe", "Intitulé", "Nature", "Année", "État prévu (€)", "Collectivité prévu (€)"))
	for r := 2; r <= rows+1; r++ {
		fmt.Fprintf(&body, `<row r="%d"><c r="XFD%d"><v>1</v></c></row>`, r, r)
	}
	parts := map[string]string{
		"[Content_Types].xml": `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`,
		"_rels/.rels":     `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml": `<workbook ` + ns + `><sheets><sheet name="Territoires" sheetId="1" r:id="rId1"/><sheet name="Actions" sheetId="2" r:id="rId2"/><sheet name="Indicateurs" sheetId="3" r:id="rId3"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>` +
			`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet3.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml": sheet(header("SIREN", "Nom", "Type", "Départements", "Axes", "Plafond annuel État (€)")),
		"xl/worksheets/sheet2.xml": sheet(body.String()),
		"xl/worksheets/sheet3.xml": sheet(header("SIREN", "Code action", "Code indicateur", "Indicateur", "Unité", "Année", "Cible")),
	}
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

// A register of a few KB whose 1,000 rows each hold one value in column
// XFD is read within a few MB: a row is never padded to its last column
// (excelize's GetRows allocated 4.3 GB for it).
// The figures before and after are in docs/BENCHMARKS.md.
func TestReadRegisterHostileColumnsBounded(t *testing.T) {
	data := hostileRegister(t, 1000)
	if len(data) > 16<<10 {
		t.Fatalf("hostile register is %d bytes, want a small file", len(data))
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	reg, err := templates.ReadRegister(data, "hostile.xlsx")
	runtime.ReadMemStats(&after)
	// Column XFD is an extra column, ignored: the register read is empty.
	if err != nil || len(reg.Contracts) != 0 {
		t.Errorf("ReadRegister = %v contracts, %v; want an empty register", reg, err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 32<<20 {
		t.Errorf("reading it allocated %d MB, want at most 32 MB", alloc>>20)
	}
}

func BenchmarkReadRegisterHostile(b *testing.B) {
	data := hostileRegister(b, 1000)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		templates.ReadRegister(data, "hostile.xlsx")
	}
}
