package reports

import (
	"fmt"
	"strings"

	"github.com/pactd/pactd/reconcile"
)

// The annotated workbook is a new package written from the parts pactd
// knows and vouches for, so that what goes back from the official address
// carries nothing the sender put there but the report: the worksheets
// (sanitizeSheet), the shared strings, the styles, the theme, the defined
// names (workbookXML), the sender's comments as text, and what pactd adds.
// External links, embedded objects, images and charts, controls, the VBA
// project, pivot tables, connections, custom XML and the sender's document
// properties are not copied; [Content_Types].xml, the relationships and the
// core properties are written anew.

// Content types of the parts the annotated workbook has.
const (
	ctWorkbook      = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
	ctWorksheet     = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
	ctStyles        = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
	ctSharedStrings = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
	ctTheme         = "application/vnd.openxmlformats-officedocument.theme+xml"
	ctComments      = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
	ctVML           = "application/vnd.openxmlformats-officedocument.vmlDrawing"
	ctCore          = "application/vnd.openxmlformats-package.core-properties+xml"
	ctRels          = "application/vnd.openxmlformats-package.relationships+xml"
)

// senderParts is what Annotate keeps of the sender's package.
type senderParts struct {
	workbook               *senderWorkbook
	sheets                 []keptSheet
	styles, strings, theme string
	comments               map[string]string // worksheet part → its comments part
}

// senderParts finds the parts Annotate keeps: the workbook's worksheets (in
// order), styles, shared strings and theme, and each sheet's comments.
func (p *xlsxPackage) senderParts() (*senderParts, error) {
	wbPart, err := p.workbookPart()
	if err != nil {
		return nil, err
	}
	wb, err := parseWorkbook(p.parts[wbPart])
	if err != nil {
		return nil, err
	}
	rels, err := p.rels(relsName(wbPart))
	if err != nil {
		return nil, err
	}
	src := &senderParts{workbook: wb, comments: map[string]string{}}
	byID := map[string]string{}
	for _, r := range rels {
		if r.Mode == "External" {
			continue
		}
		target := resolve(wbPart, r.Target)
		if _, ok := p.parts[target]; !ok {
			continue
		}
		switch r.Type {
		case relWorksheet:
			byID[r.ID] = target
		case relStyles:
			src.styles = target
		case relSharedStrings:
			src.strings = target
		case relTheme:
			src.theme = target
		}
	}
	for i, s := range wb.Sheets {
		part, ok := byID[s.RID]
		if !ok {
			continue // a chart, dialog or macro sheet, or a dangling one
		}
		src.sheets = append(src.sheets, keptSheet{wbSheet: s, From: part, Index: i})
		srels, err := p.rels(relsName(part))
		if err != nil {
			return nil, err
		}
		for _, r := range srels {
			if r.Type == relComments && r.Mode != "External" {
				if c := resolve(part, r.Target); p.parts[c] != nil {
					src.comments[part] = c
				}
			}
		}
	}
	if len(src.sheets) == 0 {
		return nil, fmt.Errorf("the workbook has no worksheet")
	}
	return src, nil
}

// sheetNames returns the names of the kept worksheets.
func (s *senderParts) sheetNames() map[string]bool {
	out := make(map[string]bool, len(s.sheets))
	for _, k := range s.sheets {
		out[k.Name] = true
	}
	return out
}

// annotateRebuild writes the annotated package.
func annotateRebuild(p *xlsxPackage, src *senderParts, fs []reconcile.Finding, notes []*cellNote, svc Service) ([]byte, error) {
	book, err := newStyleBook(p.parts[src.styles])
	if err != nil {
		return nil, err
	}
	out := &xlsxPackage{parts: map[string][]byte{}}
	var types []string
	override := func(part, ct string) {
		types = append(types, fmt.Sprintf(`<Override PartName="/%s" ContentType="%s"/>`, part, ct))
	}

	findingsName := findingsSheetName(src.sheetNames())
	listXML, err := findingsSheet(book, fs, svc)
	if err != nil {
		return nil, err
	}
	out.set("xl/worksheets/sheet1.xml", []byte(listXML))
	override("xl/worksheets/sheet1.xml", ctWorksheet)
	wbRels := []string{relXML("rId1", relWorksheet, "worksheets/sheet1.xml")}

	bySheet := map[string][]*cellNote{}
	for _, n := range notes {
		bySheet[n.sheet] = append(bySheet[n.sheet], n)
	}
	for i, s := range src.sheets {
		part := fmt.Sprintf("xl/worksheets/sheet%d.xml", i+2)
		sheet, err := sanitizeSheet(p.parts[s.From])
		if err != nil {
			return nil, fmt.Errorf("sheet %q: %w", s.Name, err)
		}
		sheetNotes := bySheet[s.Name]
		for _, n := range sheetNotes {
			if n.fill < 0 {
				continue
			}
			fill, err := book.fill(annotateFills[n.fill])
			if err != nil {
				return nil, err
			}
			cur, err := cellStyle(sheet, n.cell)
			if err != nil {
				return nil, fmt.Errorf("read style of %s!%s: %w", n.sheet, n.cell, err)
			}
			if sheet, err = setCellStyle(sheet, n.cell, book.withFill(cur, fill)); err != nil {
				return nil, fmt.Errorf("highlight %s!%s: %w", n.sheet, n.cell, err)
			}
		}
		sender := senderComments(p.parts[src.comments[s.From]])
		var commented []*cellNote
		for _, n := range sheetNotes {
			if n.comment {
				commented = append(commented, n)
			}
		}
		if len(commented) > 0 || len(sender.list) > 0 {
			comments := fmt.Sprintf("xl/comments%d.xml", i+2)
			vml := fmt.Sprintf("xl/drawings/vmlDrawing%d.vml", i+2)
			c, shapes := commentsXML(sender, commented, svc)
			out.set(comments, []byte(c))
			out.set(vml, []byte(vmlXML(shapes, i+2)))
			override(comments, ctComments)
			out.set(relsName(part), []byte(relsXML(
				relXML("rId1", relComments, "../comments"+fmt.Sprint(i+2)+".xml"),
				relXML("rId2", relVML, "../drawings/vmlDrawing"+fmt.Sprint(i+2)+".vml"))))
			if sheet, err = addLegacyDrawing(sheet, "rId2"); err != nil {
				return nil, fmt.Errorf("sheet %q: %w", s.Name, err)
			}
		}
		out.set(part, sheet)
		override(part, ctWorksheet)
		wbRels = append(wbRels, relXML(fmt.Sprintf("rId%d", i+2), relWorksheet, fmt.Sprintf("worksheets/sheet%d.xml", i+2)))
	}
	next := len(src.sheets) + 2
	styles, err := book.bytes()
	if err != nil {
		return nil, err
	}
	out.set("xl/styles.xml", styles)
	override("xl/styles.xml", ctStyles)
	wbRels = append(wbRels, relXML(fmt.Sprintf("rId%d", next), relStyles, "styles.xml"))
	if src.strings != "" {
		out.set("xl/sharedStrings.xml", p.parts[src.strings])
		override("xl/sharedStrings.xml", ctSharedStrings)
		wbRels = append(wbRels, relXML(fmt.Sprintf("rId%d", next+1), relSharedStrings, "sharedStrings.xml"))
	}
	if src.theme != "" {
		out.set("xl/theme/theme1.xml", p.parts[src.theme])
		override("xl/theme/theme1.xml", ctTheme)
		wbRels = append(wbRels, relXML(fmt.Sprintf("rId%d", next+2), relTheme, "theme/theme1.xml"))
	}
	out.set("xl/workbook.xml", []byte(workbookXML(src.workbook, findingsName, src.sheets)))
	override("xl/workbook.xml", ctWorkbook)
	out.set("xl/_rels/workbook.xml.rels", []byte(relsXML(wbRels...)))
	out.set("docProps/core.xml", []byte(coreXML(svc)))
	override("docProps/core.xml", ctCore)
	out.set("_rels/.rels", []byte(relsXML(relXML("rId1", relOffice, "xl/workbook.xml"), relXML("rId2", relCore, "docProps/core.xml"))))
	out.set("[Content_Types].xml", []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+
		`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`+
		`<Default Extension="rels" ContentType="`+ctRels+`"/><Default Extension="xml" ContentType="application/xml"/>`+
		`<Default Extension="vml" ContentType="`+ctVML+`"/>`+strings.Join(types, "")+`</Types>`))
	// [Content_Types].xml first, as Office writes it; then the rest.
	out.order = append([]string{"[Content_Types].xml"}, out.order[:len(out.order)-1]...)
	return out.bytes()
}

// relXML writes one relationship.
func relXML(id, typ, target string) string {
	return fmt.Sprintf(`<Relationship Id="%s" Type="%s" Target="%s"/>`, id, typ, xmlAttr(target))
}

// relsXML writes a relationships part.
func relsXML(rels ...string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<Relationships xmlns="` + nsPackageRels + `">` + strings.Join(rels, "") + `</Relationships>`
}

// coreXML writes the core properties: the service's, not the sender's,
// without dates so that the same input gives the same bytes.
func coreXML(svc Service) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ` +
		`xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>Classeur annoté : constats à corriger ou à vérifier</dc:title>` +
		`<dc:creator>` + xmlText(svc.Name) + `</dc:creator>` +
		`<dc:language>fr-FR</dc:language></cp:coreProperties>`
}

// findingsSheetName names the list of findings « Constats », or a longer
// name when the sender's workbook already has a sheet of that name.
func findingsSheetName(taken map[string]bool) string {
	for _, n := range []string{"Constats", "Constats du service", "Constats pactd"} {
		if !taken[n] {
			return n
		}
	}
	for i := 2; ; i++ {
		if n := fmt.Sprintf("Constats %d", i); !taken[n] {
			return n
		}
	}
}
