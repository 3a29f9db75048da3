package ooxml_test

import (
	"testing"

	"github.com/pactd/pactd/internal/ooxml"
)

// Content types and relationships as real writers leave them.
const (
	ctHead     = `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`
	ctRels     = `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`
	ctXML      = `<Default Extension="xml" ContentType="application/xml"/>`
	ctSheetJS  = `<Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>`
	ctMain     = `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`
	ctMacro    = `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/>`
	ctBinMain  = `<Override PartName="/xl/workbook.bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>`
	ctVBA      = `<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>`
	ctDocx     = `<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>`
	relsHead   = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
	relMain    = `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>`
	relMainBin = `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.bin"/>`
	relDocx    = `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>`
	relSheet   = `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>`
	relVBA     = `<Relationship Id="rId9" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>`
	wbXML      = `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets></workbook>`
	sheetXML   = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>ok</t></is></c></row></sheetData></worksheet>`
)

// pkg builds a workbook package with these content types, package
// relationships and workbook relationships, plus extra parts.
func pkg(t testing.TB, types, rels, wbRels string, extra map[string]string) []byte {
	t.Helper()
	parts := map[string]string{
		"[Content_Types].xml":        ctHead + types + `</Types>`,
		"_rels/.rels":                relsHead + rels + `</Relationships>`,
		"xl/workbook.xml":            wbXML,
		"xl/_rels/workbook.xml.rels": relsHead + relSheet + wbRels + `</Relationships>`,
		"xl/worksheets/sheet1.xml":   sheetXML,
	}
	for k, v := range extra {
		if v == "" {
			delete(parts, k)
			continue
		}
		parts[k] = v
	}
	return bookBytes(t, parts)
}

// What a file is comes from the part _rels/.rels names and the content
// types of the parts present, never from a Default entry alone.
func TestPackageKind(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
		want ooxml.Kind // 0: read
	}{
		{"excel", pkg(t, ctRels+ctXML+ctMain, relMain, "", nil), 0},
		{"sheetjs bin default, no bin part", pkg(t, ctXML+ctSheetJS+ctRels+ctMain, relMain, "", nil), 0},
		{"generic xml type of the main part", pkg(t, ctRels+ctXML, relMain, "", nil), 0},
		{"no content types", pkg(t, "", relMain, "", map[string]string{"[Content_Types].xml": ""}), 0},
		{"no package relationships", pkg(t, ctXML+ctMain, "", "", map[string]string{"_rels/.rels": ""}), 0},
		{"xlsm main type", pkg(t, ctRels+ctXML+ctMacro, relMain, "", nil), ooxml.MacroEnabled},
		{"vba project present", pkg(t, ctRels+ctXML+ctMain+ctVBA, relMain, "", map[string]string{"xl/vbaProject.bin": "x"}), ooxml.MacroEnabled},
		{"vba project related, part absent", pkg(t, ctRels+ctXML+ctMain, relMain, relVBA, nil), ooxml.MacroEnabled},
		{"vba part under another name", pkg(t, ctRels+ctXML+ctMain+`<Override PartName="/xl/m.dat" ContentType="application/vnd.ms-office.vbaProject"/>`, relMain, "", map[string]string{"xl/m.dat": "x"}), ooxml.MacroEnabled},
		{"xlsb", pkg(t, ctRels+ctBinMain, relMainBin, "", map[string]string{"xl/workbook.bin": "x", "xl/workbook.xml": ""}), ooxml.Binary},
		{"xlsb without relationships", pkg(t, "", "", "", map[string]string{"xl/workbook.bin": "x", "xl/workbook.xml": "", "_rels/.rels": ""}), ooxml.Binary},
		{"main part missing", pkg(t, ctRels+ctXML+ctMain, relMain, "", map[string]string{"xl/workbook.xml": ""}), ooxml.NotWorkbook},
		{"docx", pkg(t, ctRels+ctXML+ctDocx, relDocx, "", map[string]string{"word/document.xml": "<w/>"}), ooxml.NotWorkbook},
		{"corrupt content types", pkg(t, "<Default", relMain, "", nil), ooxml.Corrupt},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, r := ooxml.Open(tc.data, lim)
			if r == nil {
				_, r = p.Workbook()
			}
			switch {
			case tc.want == 0 && r != nil:
				t.Fatalf("refused: %v", r)
			case tc.want != 0 && (r == nil || r.Kind != tc.want):
				t.Fatalf("refusal %v, want kind %d", r, tc.want)
			}
		})
	}
}

// FuzzPackage fuzzes the three parts that say what a package is:
// [Content_Types].xml, _rels/.rels and the workbook's relationships. Open
// and Workbook must never panic; a package they accept has sheets, and one
// whose main part is a binary or macro-enabled workbook is never accepted.
// Run: go test -run='^$' -fuzz='^FuzzPackage$' -fuzztime=10000x ./internal/ooxml/
func FuzzPackage(f *testing.F) {
	f.Add(ctHead+ctRels+ctXML+ctMain+`</Types>`, relsHead+relMain+`</Relationships>`, relsHead+relSheet+`</Relationships>`)
	f.Add(ctHead+ctXML+ctSheetJS+ctRels+ctMain+`</Types>`, relsHead+relMain+`</Relationships>`, relsHead+relSheet+`</Relationships>`)
	f.Add(ctHead+ctRels+ctXML+ctMacro+`</Types>`, relsHead+relMain+`</Relationships>`, relsHead+relSheet+relVBA+`</Relationships>`)
	f.Add(ctHead+ctRels+ctBinMain+`</Types>`, relsHead+relMainBin+`</Relationships>`, "")
	f.Add("", "", "")
	f.Fuzz(func(t *testing.T, types, rels, wbRels string) {
		data := bookBytes(t, map[string]string{
			"[Content_Types].xml": types, "_rels/.rels": rels, "xl/_rels/workbook.xml.rels": wbRels,
			"xl/workbook.xml": wbXML, "xl/worksheets/sheet1.xml": sheetXML, "xl/workbook.bin": "x",
		})
		p, r := ooxml.Open(data, lim)
		if r != nil {
			t.Fatalf("Open refused a small package: %v", r)
		}
		wb, r := p.Workbook()
		if r != nil {
			if r.Detail == "" {
				t.Fatalf("refusal without detail: %+v", r)
			}
			return
		}
		if len(wb.Sheets) == 0 {
			t.Fatal("accepted a workbook without sheets")
		}
		if _, r := p.ReadSheets(wb, func(string) bool { return true }); r != nil && r.Kind != ooxml.Corrupt {
			t.Fatalf("ReadSheets refusal of kind %d: %v", r.Kind, r)
		}
	})
}
