package reports

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"
)

// Annotate edits the workbook package itself, part by part, instead of
// opening and saving it with excelize: only the styles, the annotated cells
// and the comment parts change, byte for byte everything else stays. (With
// excelize, comments fail or get lost on workbooks saved by openpyxl,
// "commentsDrawing1.vml" with "ns0:" prefixes, and by LibreOffice,
// "comments3.xml" beside "vmlDrawing1.vml" with shape ids "shape_0"; and
// styles lose their colours when the workbook has no theme, as LibreOffice's.)

const (
	relComments   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
	relVML        = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing"
	nsRelations   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	ctComments    = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
	ctVML         = "application/vnd.openxmlformats-officedocument.vmlDrawing"
	nsSpreadsheet = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
)

// xlsxPackage is the parts of a zip package, in their order.
type xlsxPackage struct {
	order []string
	parts map[string][]byte
}

// readPackage reads every part of a zip package, refusing more than
// annotateUnzipLimit bytes once expanded.
func readPackage(data []byte) (*xlsxPackage, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("read workbook package: %w", err)
	}
	p := &xlsxPackage{parts: map[string][]byte{}}
	left := int64(annotateUnzipLimit)
	for _, f := range zr.File {
		if _, dup := p.parts[f.Name]; dup || strings.HasSuffix(f.Name, "/") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("read part %s: %w", f.Name, err)
		}
		b, err := io.ReadAll(io.LimitReader(rc, left+1))
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("read part %s: %w", f.Name, err)
		}
		if left -= int64(len(b)); left < 0 {
			return nil, fmt.Errorf("read workbook package: more than %d bytes once expanded", annotateUnzipLimit)
		}
		p.order = append(p.order, f.Name)
		p.parts[f.Name] = b
	}
	return p, nil
}

func (p *xlsxPackage) set(name string, data []byte) {
	if _, ok := p.parts[name]; !ok {
		p.order = append(p.order, name)
	}
	p.parts[name] = data
}

func (p *xlsxPackage) bytes() ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range p.order {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
		if err != nil {
			return nil, fmt.Errorf("write part %s: %w", name, err)
		}
		if _, err := w.Write(p.parts[name]); err != nil {
			return nil, fmt.Errorf("write part %s: %w", name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("write workbook package: %w", err)
	}
	return buf.Bytes(), nil
}

// unused returns the first name pattern%d that is not a part yet.
func (p *xlsxPackage) unused(pattern string) string {
	for i := 1; ; i++ {
		name := fmt.Sprintf(pattern, i)
		if _, ok := p.parts[name]; !ok {
			return name
		}
	}
}

type relationship struct {
	ID     string `xml:"Id,attr"`
	Type   string `xml:"Type,attr"`
	Target string `xml:"Target,attr"`
	Mode   string `xml:"TargetMode,attr"`
}

func (p *xlsxPackage) rels(name string) ([]relationship, error) {
	data, ok := p.parts[name]
	if !ok {
		return nil, nil
	}
	var r struct {
		Rels []relationship `xml:"Relationship"`
	}
	if err := xml.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("read relationships %s: %w", name, err)
	}
	return r.Rels, nil
}

// relsName returns the relationships part of a part.
func relsName(part string) string {
	return path.Join(path.Dir(part), "_rels", path.Base(part)+".rels")
}

// resolve returns the part a relationship of part points at.
func resolve(part, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(target, "/")
	}
	return path.Clean(path.Join(path.Dir(part), target))
}

// relative returns the target of a relationship from part to other.
func relative(part, other string) string {
	from := strings.Split(path.Dir(part), "/")
	to := strings.Split(other, "/")
	i := 0
	for i < len(from) && i < len(to)-1 && from[i] == to[i] {
		i++
	}
	return strings.Repeat("../", len(from)-i) + strings.Join(to[i:], "/")
}

// addRel adds a relationship to part and returns its id.
func (p *xlsxPackage) addRel(part, typ, other string) (string, error) {
	name := relsName(part)
	rels, err := p.rels(name)
	if err != nil {
		return "", err
	}
	used := map[string]bool{}
	for _, r := range rels {
		used[r.ID] = true
	}
	id := ""
	for i := len(rels) + 1; ; i++ {
		if id = "rId" + strconv.Itoa(i); !used[id] {
			break
		}
	}
	rel := fmt.Sprintf(`<Relationship Id="%s" Type="%s" Target="%s"/>`, id, typ, xmlAttr(relative(part, other)))
	data, ok := p.parts[name]
	if !ok {
		data = []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>`)
	}
	out, ok := insertBeforeClose(data, "Relationships", rel)
	if !ok {
		return "", fmt.Errorf("add relationship to %s: no Relationships element", name)
	}
	p.set(name, out)
	return id, nil
}

// addContentType declares a new part, or the vml extension, in
// [Content_Types].xml.
func (p *xlsxPackage) addContentType(part, ct string) error {
	const name = "[Content_Types].xml"
	data := p.parts[name]
	var decl string
	if ct == ctVML {
		if regexp.MustCompile(`(?i)Extension="vml"`).Match(data) || bytes.Contains(data, []byte(`PartName="/`+part+`"`)) {
			return nil
		}
		decl = fmt.Sprintf(`<Default Extension="vml" ContentType="%s"/>`, ct)
	} else {
		decl = fmt.Sprintf(`<Override PartName="/%s" ContentType="%s"/>`, xmlAttr(part), ct)
	}
	out, ok := insertBeforeClose(data, "Types", decl)
	if !ok {
		return fmt.Errorf("declare %s: no Types element in %s", part, name)
	}
	p.set(name, out)
	return nil
}

// insertBeforeClose inserts s before the last closing tag of element
// (whatever its prefix), or expands a self-closed element.
func insertBeforeClose(data []byte, element, s string) ([]byte, bool) {
	closeRe := regexp.MustCompile(`</(\w+:)?` + element + `\s*>`)
	if locs := closeRe.FindAllIndex(data, -1); len(locs) > 0 {
		at := locs[len(locs)-1][0]
		return append(append(append([]byte{}, data[:at]...), s...), data[at:]...), true
	}
	selfRe := regexp.MustCompile(`<((\w+:)?` + element + `)(\s[^>]*)?/>`)
	if loc := selfRe.FindSubmatchIndex(data); loc != nil {
		tag := string(data[loc[2]:loc[3]])
		attrs := ""
		if loc[6] >= 0 {
			attrs = string(data[loc[6]:loc[7]])
		}
		repl := "<" + tag + attrs + ">" + s + "</" + tag + ">"
		return append(append(append([]byte{}, data[:loc[0]]...), repl...), data[loc[1]:]...), true
	}
	return nil, false
}

func xmlAttr(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return strings.ReplaceAll(b.String(), `"`, "&quot;")
}

// workbookPart returns the workbook part of the package.
func (p *xlsxPackage) workbookPart() (string, error) {
	root, err := p.rels("_rels/.rels")
	if err != nil {
		return "", err
	}
	for _, r := range root {
		if strings.HasSuffix(r.Type, "/officeDocument") {
			wb := resolve("", r.Target)
			if _, ok := p.parts[wb]; ok {
				return wb, nil
			}
		}
	}
	return "", fmt.Errorf("find the workbook part: not a spreadsheet package")
}

// workbookRel returns the part the workbook relationship of that type
// points at, or "".
func (p *xlsxPackage) workbookRel(typeSuffix string) (string, error) {
	wb, err := p.workbookPart()
	if err != nil {
		return "", err
	}
	rels, err := p.rels(relsName(wb))
	if err != nil {
		return "", err
	}
	for _, r := range rels {
		if strings.HasSuffix(r.Type, typeSuffix) {
			return resolve(wb, r.Target), nil
		}
	}
	return "", nil
}

// sheetParts returns the part of each worksheet by sheet name.
func (p *xlsxPackage) sheetParts() (map[string]string, error) {
	wb, err := p.workbookPart()
	if err != nil {
		return nil, err
	}
	rels, err := p.rels(relsName(wb))
	if err != nil {
		return nil, err
	}
	targets := map[string]string{}
	for _, r := range rels {
		if strings.HasSuffix(r.Type, "/worksheet") {
			targets[r.ID] = resolve(wb, r.Target)
		}
	}
	var w struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := xml.Unmarshal(p.parts[wb], &w); err != nil {
		return nil, fmt.Errorf("read %s: %w", wb, err)
	}
	out := map[string]string{}
	for _, s := range w.Sheets {
		if t, ok := targets[s.RID]; ok {
			if _, ok := p.parts[t]; ok {
				out[s.Name] = t
			}
		}
	}
	return out, nil
}
