package templates

import (
	"bytes"
	"encoding/xml"

	"github.com/xuri/excelize/v2"
)

// genCoreProps holds the core properties (docProps/core.xml) of a
// generated workbook.
type genCoreProps struct {
	Title, Subject, Creator, Description, Language, Date string
}

// corePropsPart is where a package keeps its core properties.
const corePropsPart = "docProps/core.xml"

// setCoreProps writes docProps/core.xml with every element in its
// namespace, as Excel writes it. excelize's SetDocProps (v2.11.1) writes
// <lastModifiedBy> without the cp: prefix under a default namespace:
// correct XML, but exceljs refuses to open such a file ("Unexpected xml node
// in parseOpen: lastModifiedBy"). The part is stored the way excelize's own
// template stores it, so excelize writes it verbatim.
func setCoreProps(f *excelize.File, p genCoreProps) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"` +
		` xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"` +
		` xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	elem := func(name, text string) {
		if text == "" {
			return
		}
		b.WriteString("<" + name + ">")
		// Writing to a bytes.Buffer cannot fail.
		_ = xml.EscapeText(&b, []byte(text))
		b.WriteString("</" + name + ">")
	}
	elem("dc:title", p.Title)
	elem("dc:subject", p.Subject)
	elem("dc:creator", p.Creator)
	elem("dc:description", p.Description)
	elem("cp:lastModifiedBy", p.Creator)
	elem("dc:language", p.Language)
	for _, name := range []string{"dcterms:created", "dcterms:modified"} {
		b.WriteString("<" + name + ` xsi:type="dcterms:W3CDTF">` + p.Date + "</" + name + ">")
	}
	b.WriteString("</cp:coreProperties>")
	f.Pkg.Store(corePropsPart, b.Bytes())
}
