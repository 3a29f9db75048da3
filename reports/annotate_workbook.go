package reports

import (
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
)

// The annotated workbook's workbook part is written anew from what pactd
// knows of the sender's: the worksheets (not chart, dialog or macro
// sheets), their names, order and visibility, the defined names that do
// not reach another workbook (pactd_modele, pactd_siren… must survive for
// the corrected workbook to be read again), the 1904 date system and the
// structure protection. External references, pivot caches, the VBA
// project's code name, extensions and anything else are left behind.

// wbSheet is one sheet of the sender's workbook.
type wbSheet struct {
	Name    string `xml:"name,attr"`
	SheetID string `xml:"sheetId,attr"`
	State   string `xml:"state,attr"`
	RID     string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
}

// wbName is one defined name.
type wbName struct {
	Name         string `xml:"name,attr"`
	LocalSheetID *int   `xml:"localSheetId,attr"`
	Hidden       string `xml:"hidden,attr"`
	Comment      string `xml:"comment,attr"`
	Value        string `xml:",chardata"`
}

// wbAttrs collects the attributes of an element.
type wbAttrs struct {
	Attrs []xml.Attr `xml:",any,attr"`
}

// senderWorkbook is what Annotate reads of the workbook part.
type senderWorkbook struct {
	Pr         *wbAttrs  `xml:"workbookPr"`
	Protection *wbAttrs  `xml:"workbookProtection"`
	Sheets     []wbSheet `xml:"sheets>sheet"`
	Names      []wbName  `xml:"definedNames>definedName"`
}

func parseWorkbook(data []byte) (*senderWorkbook, error) {
	var wb senderWorkbook
	if err := xml.Unmarshal(data, &wb); err != nil {
		return nil, fmt.Errorf("read workbook part: %w", err)
	}
	return &wb, nil
}

// keptSheet is a worksheet of the annotated workbook: the sender's name,
// id and state, its part once sanitised, its position among the sender's
// sheets.
type keptSheet struct {
	wbSheet
	From  string // the sender's part
	Index int    // position in the sender's <sheets>
}

// workbookXML writes the annotated workbook's workbook part: the list of
// findings first (name findingsSheet, relationship rId1, selected), then
// the kept sheets (relationships rId2…), the kept defined names with their
// sheet-local scope moved to the new positions.
func workbookXML(wb *senderWorkbook, findingsSheet string, kept []keptSheet) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	b.WriteString(`<workbook xmlns="` + nsSpreadsheet + `" xmlns:r="` + nsRelations + `">`)
	b.WriteString("<workbookPr")
	if wb.Pr != nil {
		for _, a := range wb.Pr.Attrs {
			if a.Name.Space == "" && a.Name.Local == "date1904" {
				fmt.Fprintf(&b, ` date1904="%s"`, xmlAttr(a.Value))
			}
		}
	}
	b.WriteString("/>")
	if wb.Protection != nil {
		b.WriteString("<workbookProtection")
		for _, a := range wb.Protection.Attrs {
			if a.Name.Space == "" {
				fmt.Fprintf(&b, ` %s="%s"`, a.Name.Local, xmlAttr(a.Value))
			}
		}
		b.WriteString("/>")
	}
	b.WriteString(`<bookViews><workbookView activeTab="0" firstSheet="0"/></bookViews><sheets>`)
	maxID := 0
	for _, s := range kept {
		if n, err := strconv.Atoi(s.SheetID); err == nil {
			maxID = max(maxID, n)
		}
	}
	fmt.Fprintf(&b, `<sheet name="%s" sheetId="%d" r:id="rId1"/>`, xmlAttr(findingsSheet), maxID+1)
	newIndex := map[int]int{}
	for i, s := range kept {
		newIndex[s.Index] = i + 1
		state := ""
		if s.State == "hidden" || s.State == "veryHidden" {
			state = ` state="` + s.State + `"`
		}
		fmt.Fprintf(&b, `<sheet name="%s" sheetId="%s"%s r:id="rId%d"/>`, xmlAttr(s.Name), xmlAttr(s.SheetID), state, i+2)
	}
	b.WriteString("</sheets>")
	var names strings.Builder
	for _, n := range wb.Names {
		if externalRef(n.Value) {
			continue
		}
		local := ""
		if n.LocalSheetID != nil {
			at, ok := newIndex[*n.LocalSheetID]
			if !ok {
				continue // a name of a sheet left behind
			}
			local = fmt.Sprintf(` localSheetId="%d"`, at)
		}
		hidden := ""
		if n.Hidden == "1" || n.Hidden == "true" {
			hidden = ` hidden="1"`
		}
		comment := ""
		if n.Comment != "" {
			comment = ` comment="` + xmlAttr(n.Comment) + `"`
		}
		fmt.Fprintf(&names, `<definedName name="%s"%s%s%s>%s</definedName>`, xmlAttr(n.Name), local, hidden, comment, xmlText(n.Value))
	}
	if names.Len() > 0 {
		b.WriteString("<definedNames>" + names.String() + "</definedNames>")
	}
	b.WriteString("</workbook>")
	return b.String()
}

// externalRef reports whether a formula reaches another workbook:
// "[1]Feuil1!$A$1", "'C:\dossier\[x.xlsx]Feuil1'!A1".
func externalRef(formula string) bool {
	return strings.ContainsAny(formula, "[]")
}
