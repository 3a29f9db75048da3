package ooxml

import (
	"archive/zip"
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
)

// Workbook is what workbook.xml and its relationships say: sheets, defined
// names and the date system.
type Workbook struct {
	// Date1904 is set when date serials count from 1 January 1904.
	Date1904 bool
	// Sheets lists the sheets in workbook order.
	Sheets []SheetRef
	// Names lists the defined names.
	Names []DefinedName

	part   string // part name of workbook.xml
	shared string // part name of the shared strings, "" when none
	styles string // part name of the styles, "" when none
}

// SheetRef is one sheet of the workbook.
type SheetRef struct {
	Name string
	part string // part key of its worksheet XML, "" when not found
}

// DefinedName is one <definedName> of workbook.xml.
type DefinedName struct {
	Name  string
	Local bool   // scoped to one sheet (localSheetId)
	Value string // the formula it holds: "\"CLS-RAE/1\"", "Actions!$A$4:$K$9"
}

// Workbook identifies the package kind and reads the workbook. What the
// file is comes from its relationships and the parts actually present
// (see mainPart): OpenDocument, binary (.xlsb) and macro-enabled (.xlsm)
// packages and anything that is not a spreadsheet are refused.
func (p *Package) Workbook() (*Workbook, *Refusal) {
	wbPart, r := p.mainPart()
	if r != nil {
		return nil, r
	}
	notWorkbook := refuse(NotWorkbook, "no workbook part")
	wf := p.part(wbPart)
	if wf == nil {
		return nil, notWorkbook
	}
	wb, err := p.parseWorkbook(wf)
	if err != nil {
		return nil, refuse(Corrupt, "%v", err)
	}
	wb.part = partKey(wbPart)
	targets := map[string]string{}
	if rf := p.part(relsPartOf(wb.part)); rf != nil {
		rs, err := p.relationships(rf, wb.part)
		if err != nil {
			return nil, refuse(Corrupt, "%v", err)
		}
		for _, r := range rs {
			targets[r.id] = r.target
			switch {
			case strings.HasSuffix(r.typ, "/sharedStrings"):
				wb.shared = r.target
			case strings.HasSuffix(r.typ, "/styles"):
				wb.styles = r.target
			}
		}
	}
	for i := range wb.Sheets {
		if t, ok := targets[wb.Sheets[i].part]; ok && p.parts[t] != nil {
			wb.Sheets[i].part = t
		} else {
			wb.Sheets[i].part = ""
		}
	}
	if wb.shared == "" && p.part("xl/sharedStrings.xml") != nil {
		wb.shared = "xl/sharedstrings.xml"
	}
	if wb.styles == "" && p.part("xl/styles.xml") != nil {
		wb.styles = "xl/styles.xml"
	}
	if len(wb.Sheets) == 0 {
		return nil, notWorkbook
	}
	return wb, nil
}

// relsPartOf returns the relationships part of a part:
// "xl/workbook.xml" gives "xl/_rels/workbook.xml.rels".
func relsPartOf(part string) string {
	i := strings.LastIndexByte(part, '/')
	return part[:i+1] + "_rels/" + part[i+1:] + ".rels"
}

// readSmall reads a part of at most n bytes.
func (p *Package) readSmall(f *zip.File, n int64) ([]byte, error) {
	if f.UncompressedSize64 > uint64(n) {
		return nil, fmt.Errorf("read part %s: larger than %d bytes", f.Name, n)
	}
	rc, err := p.open(f)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(io.LimitReader(rc, n))
}

// readers recycles the buffered readers under the XML decoders: a parse
// opens several parts and their buffers were a third of its allocations.
var readers = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, 16<<10) }}

// newDecoder returns a strict XML decoder over r and a function that
// releases its buffer, to call once the decoder is no longer used.
// encoding/xml expands no entity but the five predefined ones, so entity
// bombs fail as syntax errors.
func newDecoder(r io.Reader) (*xml.Decoder, func()) {
	br := readers.Get().(*bufio.Reader)
	br.Reset(r)
	d := xml.NewDecoder(br)
	d.Strict = true
	return d, func() {
		br.Reset(nil)
		readers.Put(br)
	}
}

// attr returns the value of the attribute with that local name, whatever
// its namespace prefix.
func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// walkStarts calls fn for every start element of a part.
func (p *Package) walkStarts(f *zip.File, fn func(se xml.StartElement)) error {
	rc, err := p.open(f)
	if err != nil {
		return err
	}
	defer rc.Close()
	d, release := newDecoder(rc)
	defer release()
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read part %s: %w", f.Name, err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			fn(se)
		}
	}
}

type relationship struct{ id, typ, target string }

// relationships reads a .rels part; targets are resolved against from.
func (p *Package) relationships(f *zip.File, from string) ([]relationship, error) {
	var out []relationship
	err := p.walkStarts(f, func(se xml.StartElement) {
		if se.Name.Local != "Relationship" || strings.EqualFold(attr(se, "TargetMode"), "External") {
			return
		}
		out = append(out, relationship{id: attr(se, "Id"), typ: attr(se, "Type"), target: resolveTarget(from, attr(se, "Target"))})
	})
	return out, err
}

// parseWorkbook reads sheets (with their relationship id in part),
// defined names and the date system.
func (p *Package) parseWorkbook(f *zip.File) (*Workbook, error) {
	rc, err := p.open(f)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	d, release := newDecoder(rc)
	defer release()
	wb := &Workbook{}
	var cur *DefinedName
	var text strings.Builder
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			return wb, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read part %s: %w", f.Name, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "workbookPr":
				v := attr(t, "date1904")
				wb.Date1904 = v == "1" || strings.EqualFold(v, "true")
			case "sheet":
				wb.Sheets = append(wb.Sheets, SheetRef{Name: attr(t, "name"), part: attr(t, "id")})
			case "definedName":
				cur = &DefinedName{Name: attr(t, "name"), Local: attr(t, "localSheetId") != ""}
				text.Reset()
			}
		case xml.CharData:
			if cur != nil && text.Len() < 4096 {
				text.Write(t)
			}
		case xml.EndElement:
			if t.Name.Local == "definedName" && cur != nil {
				cur.Value = strings.TrimSpace(text.String())
				wb.Names = append(wb.Names, *cur)
				cur = nil
			}
		}
	}
}

// Name returns the formula of a defined name, compared without case:
// workbook scope first, then a sheet-scoped one; ok is false when absent.
func (wb *Workbook) Name(n string) (string, bool) {
	var local string
	var found bool
	for _, dn := range wb.Names {
		if !strings.EqualFold(dn.Name, n) {
			continue
		}
		if !dn.Local {
			return dn.Value, true
		}
		if !found {
			local, found = dn.Value, true
		}
	}
	return local, found
}

// NameRef is what a defined name holds: a constant, or a cell (the first
// cell of a range).
type NameRef struct {
	Const    string // the constant, unquoted, when IsConst
	IsConst  bool
	Sheet    string
	Row, Col int // 1-based
}

// ParseName reads a defined name's formula: "\"CLS-RAE/1\"", "2025",
// "Identification!$C$5", "'Identification'!$C$5:$C$5". ok is false for
// anything else (a formula, an error, several areas).
func ParseName(v string) (NameRef, bool) {
	v = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), "="))
	if v == "" {
		return NameRef{}, false
	}
	if strings.HasPrefix(v, "\"") {
		if len(v) < 2 || !strings.HasSuffix(v, "\"") {
			return NameRef{}, false
		}
		return NameRef{Const: strings.ReplaceAll(v[1:len(v)-1], "\"\"", "\""), IsConst: true}, true
	}
	if _, err := strconv.ParseFloat(v, 64); err == nil {
		return NameRef{Const: v, IsConst: true}, true
	}
	i := strings.LastIndexByte(v, '!')
	if i <= 0 {
		return NameRef{}, false
	}
	sheet, ref := v[:i], v[i+1:]
	if strings.HasPrefix(sheet, "'") && strings.HasSuffix(sheet, "'") && len(sheet) >= 2 {
		sheet = strings.ReplaceAll(sheet[1:len(sheet)-1], "''", "'")
	}
	if j := strings.IndexByte(ref, ':'); j >= 0 {
		ref = ref[:j]
	}
	col, row, ok := SplitRef(strings.ReplaceAll(ref, "$", ""))
	if !ok {
		return NameRef{}, false
	}
	return NameRef{Sheet: sheet, Row: row, Col: col}, true
}
