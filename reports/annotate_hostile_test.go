package reports_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/pactd/pactd/reports"
)

// hostileWorkbook returns a filled workbook carrying what a sender may put
// in a file that must not come back from pactd's official address: an
// external link and a formula reaching it, an embedded object, a picture,
// a VBA project (declared macro-enabled), an external hyperlink, printer
// settings, a data connection, custom XML and the sender's document
// properties. The rest is the excelize fixture.
func hostileWorkbook(t *testing.T) []byte {
	t.Helper()
	parts := zipParts(t, mustRead(t, "testdata/classeur-excelize.xlsx"))
	rel := func(id, typ, target, mode string) string {
		m := ""
		if mode != "" {
			m = ` TargetMode="` + mode + `"`
		}
		return `<Relationship Id="` + id + `" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/` + typ +
			`" Target="` + target + `"` + m + `/>`
	}
	add := func(name, s string) { parts[name] = []byte(s) }
	insert := func(name, before, s string) {
		b := string(parts[name])
		i := strings.LastIndex(b, before)
		if i < 0 {
			t.Fatalf("%s has no %s", name, before)
		}
		parts[name] = []byte(b[:i] + s + b[i:])
	}
	// Workbook: an external link, a data connection, a VBA project.
	insert("xl/_rels/workbook.xml.rels", "</Relationships>", rel("rIdX1", "externalLink", "externalLinks/externalLink1.xml", "")+
		rel("rIdX2", "connections", "connections.xml", "")+
		`<Relationship Id="rIdX3" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>`)
	insert("xl/workbook.xml", "<definedNames>", `<externalReferences><externalReference r:id="rIdX1"/></externalReferences>`)
	insert("xl/workbook.xml", "</definedNames>", `<definedName name="lien_externe">[1]Feuil1!$A$1</definedName>`)
	insert("xl/workbook.xml", "</workbook>", `<extLst><ext uri="{79F54976-1DA5-4618-B147-4CDE4B953A38}"><x14:workbookPr xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"/></ext></extLst>`)
	add("xl/externalLinks/externalLink1.xml", `<?xml version="1.0" encoding="UTF-8"?><externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><externalBook r:id="rId1"><sheetNames><sheetName val="Feuil1"/></sheetNames></externalBook></externalLink>`)
	add("xl/externalLinks/_rels/externalLink1.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
		rel("rId1", "externalLinkPath", "file:///C:/Users/agent/secret-paie.xlsx", "External")+`</Relationships>`)
	add("xl/connections.xml", `<?xml version="1.0" encoding="UTF-8"?><connections xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><connection id="1" name="base-rh" type="1"><dbPr connection="DSN=rh;PWD=motdepasse" command="SELECT *"/></connection></connections>`)
	add("xl/vbaProject.bin", "macro VBA: Shell(\"calc.exe\")")
	// Actions (sheet3): a formula reaching the linked workbook, an embedded
	// object, a picture, an external hyperlink, printer settings.
	insert("xl/worksheets/sheet3.xml", "</sheetData>", `<row r="500"><c r="A500"><f>[1]Feuil1!A1*2</f><v>42</v></c><c r="B500"><f>SUM(A500:A500)</f><v>42</v></c></row>`)
	insert("xl/worksheets/sheet3.xml", "</worksheet>", `<hyperlinks><hyperlink ref="C500" r:id="rIdH"/><hyperlink ref="D500" location="Actions!A1"/></hyperlinks>`+
		`<drawing r:id="rIdD"/><oleObjects><oleObject progId="Package" shapeId="2049" r:id="rIdO"/></oleObjects>`)
	insert("xl/worksheets/_rels/sheet3.xml.rels", "</Relationships>", rel("rIdH", "hyperlink", "http://evil.example/collecte", "External")+
		rel("rIdD", "drawing", "../drawings/drawing1.xml", "")+rel("rIdO", "oleObject", "../embeddings/oleObject1.bin", "")+
		rel("rIdP", "printerSettings", "../printerSettings/printerSettings1.bin", ""))
	add("xl/drawings/drawing1.xml", `<?xml version="1.0" encoding="UTF-8"?><xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"/>`)
	add("xl/media/image1.png", "\x89PNG fake")
	add("xl/embeddings/oleObject1.bin", "MZ executable payload")
	add("xl/printerSettings/printerSettings1.bin", "printer of the sender's office")
	add("customXml/item1.xml", `<?xml version="1.0"?><secret>données internes</secret>`)
	insert("_rels/.rels", "</Relationships>", `<Relationship Id="rIdC" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml" Target="customXml/item1.xml"/>`)
	add("docProps/app.xml", `<?xml version="1.0"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Company>Société Écran SARL</Company></Properties>`)
	add("docProps/core.xml", `<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Jean Secret</dc:creator></cp:coreProperties>`)
	ct := string(parts["[Content_Types].xml"])
	ct = strings.Replace(ct, "spreadsheetml.sheet.main+xml", "ms-excel.sheet.macroEnabled.main+xml", 1)
	ct = strings.Replace(ct, "</Types>", `<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>`+
		`<Default Extension="png" ContentType="image/png"/>`+
		`<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/>`+
		`<Override PartName="/xl/connections.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.connections+xml"/>`+
		`<Override PartName="/xl/drawings/drawing1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/></Types>`, 1)
	parts["[Content_Types].xml"] = []byte(ct)

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, b := range parts {
		w, _ := zw.Create(name)
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// What goes back from pactd's address carries nothing of what the sender
// put there but the report (issue 11): the annotated workbook is rebuilt
// from the parts pactd knows, and still opens in excelize and openpyxl
// with its values, the cached value of a formula that reached elsewhere,
// and its internal hyperlink.
func TestAnnotateLeavesBehindWhatItDoesNotKnow(t *testing.T) {
	out, err := reports.Annotate(hostileWorkbook(t), annotateFindings(), testService)
	if err != nil {
		t.Fatalf("Annotate: %v", err)
	}
	parts := zipParts(t, out)
	for name, b := range parts {
		if !knownPart.MatchString(name) {
			t.Errorf("part %s came back", name)
		}
		for _, bad := range []string{"secret-paie", "evil.example", "External", "motdepasse", "Jean Secret", "Société Écran",
			"macroEnabled", "vbaProject", "oleObject", "<drawing", "externalReference", "[1]", "printerSettings", "customXml/item",
			"connections", "x14:workbookPr", "données internes"} {
			if bytes.Contains(b, []byte(bad)) {
				t.Errorf("part %s still holds %q", name, bad)
			}
		}
	}
	if ct := string(parts["[Content_Types].xml"]); !strings.Contains(ct, "spreadsheetml.sheet.main+xml") {
		t.Errorf("content types do not declare a plain workbook: %s", ct)
	}
	f, err := excelize.OpenReader(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("excelize cannot open the annotated workbook: %v", err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue("Actions", "A500"); v != "42" {
		t.Errorf("A500 = %q, want the cached 42", v)
	}
	if fm, _ := f.GetCellFormula("Actions", "A500"); fm != "" {
		t.Errorf("A500 still reaches another workbook: %q", fm)
	}
	if fm, _ := f.GetCellFormula("Actions", "B500"); fm != "SUM(A500:A500)" {
		t.Errorf("B500's own formula is lost: %q", fm)
	}
	var names []string
	for _, d := range f.GetDefinedName() {
		names = append(names, d.Name)
	}
	if got := strings.Join(names, ","); strings.Contains(got, "lien_externe") || !strings.Contains(got, "pactd_modele") {
		t.Errorf("defined names %s: want pactd's kept, the external one left behind", got)
	}

	py := tool(t, "python3", "python3-openpyxl")
	got := run(t, py, "-c", `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
a = wb["Actions"]
print(json.dumps({"sheets": wb.sheetnames, "a500": a["A500"].value, "links": {c.coordinate: [c.hyperlink.target, c.hyperlink.location]
  for row in a.iter_rows() for c in row if c.hyperlink}, "vba": wb.vba_archive is not None}))`, writeTemp(t, "annote.xlsx", out))
	var r struct {
		Sheets []string
		A500   any
		Links  map[string][]any
		VBA    bool
	}
	if err := json.Unmarshal([]byte(got), &r); err != nil {
		t.Fatalf("openpyxl output %q: %v", got, err)
	}
	if r.Sheets[0] != "Constats" || r.A500 != float64(42) || r.VBA {
		t.Errorf("openpyxl reads %+v", r)
	}
	if len(r.Links) != 1 || r.Links["D500"] == nil || r.Links["D500"][1] != "Actions!A1" {
		t.Errorf("hyperlinks %v: want the internal one only", r.Links)
	}
	if regexp.MustCompile(`(?i)evil`).MatchString(got) {
		t.Errorf("openpyxl still finds the external link: %s", got)
	}
}
