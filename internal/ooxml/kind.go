package ooxml

import (
	"encoding/xml"
	"path"
	"strings"
)

// What a package is comes from its parts, as an Office program reads it:
// the package relationships (_rels/.rels) name the main part, and the
// content type of that part, and of every part actually present, says what
// it holds. A Default entry of [Content_Types].xml only gives the type of
// the parts with that extension, if there are any: SheetJS, for one,
// declares ".bin" as a binary workbook in every file it writes, and its
// files hold no .bin part at all.

// Content types, or parts of them, that decide what a package is.
const (
	ctBinaryWorkbook = "sheet.binary"     // .xlsb main part
	ctMacroEnabled   = "macroenabled"     // .xlsm, .xltm, .xlsb main parts
	ctVBAProject     = "vbaproject"       // the macros themselves
	ctMacroSheet     = "macrosheet"       // Excel 4.0 macro sheets
	ctWord           = "wordprocessingml" // a .docx
	ctPresentation   = "presentationml"   // a .pptx
	ctOpenDocument   = "application/vnd.oasis.opendocument"
	relOfficeDoc     = "/officedocument" // relationship type suffix of the main part
	relVBAProject    = "/vbaproject"     // relationship type suffix of the macros
	defaultWorkbook  = "xl/workbook.xml" // where a package without relationships keeps it
	binaryWorkbook   = "xl/workbook.bin" // the same in an .xlsb
)

// contentTypes is [Content_Types].xml: a type per extension (Default) and
// per part (Override), keys in lower case.
type contentTypes struct {
	defaults  map[string]string // extension without the dot
	overrides map[string]string // part key
}

// of returns the content type of a part, in lower case: its Override, or
// the Default of its extension, or "" when the package declares none.
func (ct contentTypes) of(part string) string {
	if t, ok := ct.overrides[partKey(part)]; ok {
		return t
	}
	ext := strings.TrimPrefix(path.Ext(partKey(part)), ".")
	return ct.defaults[ext]
}

// readContentTypes reads [Content_Types].xml; a package without one has
// no declared types.
func (p *Package) readContentTypes() (contentTypes, error) {
	ct := contentTypes{defaults: map[string]string{}, overrides: map[string]string{}}
	f := p.part("[Content_Types].xml")
	if f == nil {
		return ct, nil
	}
	err := p.walkStarts(f, func(se xml.StartElement) {
		t := strings.ToLower(strings.TrimSpace(attr(se, "ContentType")))
		switch se.Name.Local {
		case "Default":
			ext := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(attr(se, "Extension")), "."))
			if _, dup := ct.defaults[ext]; !dup {
				ct.defaults[ext] = t
			}
		case "Override":
			key := partKey(strings.TrimSpace(attr(se, "PartName")))
			if _, dup := ct.overrides[key]; !dup {
				ct.overrides[key] = t
			}
		}
	})
	return ct, err
}

// mainPart returns the key of the workbook part, or why the package is
// not one pactd reads. It refuses an OpenDocument package (its mimetype
// part), a main part that is binary (.xlsb), macro-enabled (.xlsm) or not
// a spreadsheet, and any part present whose type is macros (a VBA project
// or an Excel 4.0 macro sheet). A main part whose type is generic
// ("application/xml") or undeclared is read: some writers leave it so.
func (p *Package) mainPart() (string, *Refusal) {
	if mt := p.part("mimetype"); mt != nil {
		if b, err := p.readSmall(mt, 256); err == nil && strings.HasPrefix(strings.TrimSpace(string(b)), ctOpenDocument) {
			return "", refuse(OpenDocument, "OpenDocument package")
		}
	}
	ct, err := p.readContentTypes()
	if err != nil {
		return "", refuse(Corrupt, "%v", err)
	}
	for key := range p.parts {
		t := ct.of(key)
		if strings.Contains(t, ctVBAProject) || strings.Contains(t, ctMacroSheet) || strings.HasSuffix(key, "vbaproject.bin") {
			return "", refuse(MacroEnabled, "macros in part %s", key)
		}
	}
	main := ""
	if rels := p.part("_rels/.rels"); rels != nil {
		rs, err := p.relationships(rels, "")
		if err != nil {
			return "", refuse(Corrupt, "%v", err)
		}
		for _, r := range rs {
			if strings.HasSuffix(strings.ToLower(r.typ), relOfficeDoc) {
				main = r.target
				break
			}
		}
	}
	if main == "" {
		switch {
		case p.part(defaultWorkbook) != nil:
			main = defaultWorkbook
		case p.part(binaryWorkbook) != nil:
			main = binaryWorkbook
		default:
			return "", refuse(NotWorkbook, "no main part")
		}
	}
	if p.part(main) == nil {
		return "", refuse(NotWorkbook, "main part %s is missing", main)
	}
	if r := classify(main, ct.of(main)); r != nil {
		return "", r
	}
	if r := p.checkRelated(main, ct); r != nil {
		return "", r
	}
	return partKey(main), nil
}

// classify refuses a main part by its content type and name.
func classify(part, t string) *Refusal {
	switch {
	case strings.Contains(t, ctBinaryWorkbook) || strings.HasSuffix(partKey(part), ".bin"):
		return refuse(Binary, "binary workbook %s (%s)", part, t)
	case strings.Contains(t, ctMacroEnabled):
		return refuse(MacroEnabled, "macro-enabled workbook %s (%s)", part, t)
	case strings.Contains(t, ctWord) || strings.Contains(t, ctPresentation) || strings.HasPrefix(t, ctOpenDocument):
		return refuse(NotWorkbook, "main part %s is %s", part, t)
	}
	return nil
}

// checkRelated refuses a workbook that relates macros, or a sheet stored
// in binary form, even when the part they point to is absent.
func (p *Package) checkRelated(main string, ct contentTypes) *Refusal {
	rf := p.part(relsPartOf(partKey(main)))
	if rf == nil {
		return nil
	}
	rs, err := p.relationships(rf, partKey(main))
	if err != nil {
		return refuse(Corrupt, "%v", err)
	}
	for _, r := range rs {
		if strings.HasSuffix(strings.ToLower(r.typ), relVBAProject) {
			return refuse(MacroEnabled, "workbook relates macros %s", r.target)
		}
		if p.part(r.target) == nil {
			continue
		}
		if t := ct.of(r.target); strings.Contains(t, ctBinaryWorkbook) || strings.HasSuffix(r.target, ".bin") && strings.Contains(t, "spreadsheetml") {
			return refuse(Binary, "binary part %s (%s)", r.target, t)
		}
	}
	return nil
}
