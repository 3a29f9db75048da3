package reports

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strings"
	"sync"
)

// Annotate reads the workbook package itself, part by part, instead of
// opening it with excelize, and writes a new package from the parts it
// keeps: the sheets' own bytes stay as the sender's program wrote them but
// for what it cuts. (With excelize, comments fail or get lost on workbooks
// saved by openpyxl, "commentsDrawing1.vml" with "ns0:" prefixes, and by
// LibreOffice, "comments3.xml" beside "vmlDrawing1.vml" with shape ids
// "shape_0"; and styles lose their colours when the workbook has no theme,
// as LibreOffice's.)

const (
	relComments      = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
	relVML           = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing"
	relWorksheet     = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
	relStyles        = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
	relSharedStrings = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
	relTheme         = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
	relOffice        = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
	relCore          = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
	nsRelations      = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsPackageRels    = "http://schemas.openxmlformats.org/package/2006/relationships"
	nsSpreadsheet    = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
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

// fastWriters keeps the deflate writers of fastDeflate: each holds about a
// megabyte of tables, too much to make for every part.
var fastWriters sync.Pool

// fastDeflate is a zip compressor at flate.BestSpeed, its writers pooled.
func fastDeflate(w io.Writer) (io.WriteCloser, error) {
	fw, ok := fastWriters.Get().(*flate.Writer)
	if ok {
		fw.Reset(w)
	} else {
		var err error
		if fw, err = flate.NewWriter(w, flate.BestSpeed); err != nil {
			return nil, err
		}
	}
	return &pooledFast{fw}, nil
}

type pooledFast struct{ *flate.Writer }

// Close ends the stream and gives the writer back to the pool.
func (p *pooledFast) Close() error {
	err := p.Writer.Close()
	fastWriters.Put(p.Writer)
	p.Writer = nil
	return err
}

func (p *xlsxPackage) bytes() ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	// The fastest deflate: an acknowledgment's workbook is written for
	// every mail of a burst, and a few more kilobytes attached cost less
	// than twice the compression time.
	zw.RegisterCompressor(zip.Deflate, fastDeflate)
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

// insertBeforeClose inserts s before the last closing tag of element
// (whatever its prefix), or expands a self-closed element.
func insertBeforeClose(data []byte, element, s string) ([]byte, bool) {
	closeRe := compiled(`</(\w+:)?` + element + `\s*>`)
	if locs := closeRe.FindAllIndex(data, -1); len(locs) > 0 {
		at := locs[len(locs)-1][0]
		return append(append(append([]byte{}, data[:at]...), s...), data[at:]...), true
	}
	selfRe := compiled(`<((\w+:)?` + element + `)(\s[^>]*)?/>`)
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
