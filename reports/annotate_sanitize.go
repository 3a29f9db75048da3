package reports

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
)

// A sender's worksheet is kept as written (values, formulas, styles,
// validations, protection, merged cells, layout) but for what pactd does
// not vouch for when it sends the workbook back from its official
// address: anything that points outside the sheet (drawings and images,
// embedded objects, form and ActiveX controls, tables, external
// hyperlinks, printer settings, extensions other than validations and
// conditional formats) and formulas that reach another workbook (their
// cached values stay). The sheet is cut token by token on its own bytes,
// so that nothing else is rewritten.

// sheetChildrenDropped are the worksheet children removed whole.
var sheetChildrenDropped = map[string]bool{
	"drawing": true, "legacyDrawing": true, "legacyDrawingHF": true, "drawingHF": true, "picture": true,
	"oleObjects": true, "controls": true, "webPublishItems": true, "customProperties": true, "tableParts": true,
	"smartTags": true,
}

// extKept are the worksheet extensions kept: data validations and
// conditional formats that Excel writes in its x14 extension.
var extKept = map[string]bool{
	"{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}": true, // x14:dataValidations
	"{78C0D931-6437-407d-A8EE-F0AAD7539E65}": true, // x14:conditionalFormattings
}

// edit replaces data[from:to] by repl.
type edit struct {
	from, to int
	repl     string
}

var tabSelectedRe = regexp.MustCompile(`\s+tabSelected\s*=\s*("[^"]*"|'[^']*')`)

// sanitizeSheet returns a worksheet without what sanitize's comment lists,
// no tab selected (the list of findings is), and no attribute pointing at
// a relationship of the sender's.
func sanitizeSheet(data []byte) ([]byte, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	type open struct {
		name       xml.Name
		start      int // offset of the start tag
		tagEnd     int // offset after the start tag
		kept       int // children kept (hyperlinks)
		shared, si string
		ref        bool
		text       strings.Builder
	}
	var stack []*open
	var edits []edit
	droppedMasters := map[string]bool{}
	sharedDeps := map[string][]edit{}
	for {
		off := int(dec.InputOffset())
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read worksheet: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth := len(stack)
			parent := ""
			if depth > 0 {
				parent = stack[depth-1].name.Local
			}
			drop := depth == 1 && sheetChildrenDropped[t.Name.Local] ||
				depth == 2 && parent == "extLst" && t.Name.Local == "ext" && !extKept[attr(t, "uri")] ||
				depth == 2 && parent == "hyperlinks" && t.Name.Local == "hyperlink" && relAttr(t)
			if drop {
				if err := dec.Skip(); err != nil {
					return nil, fmt.Errorf("read worksheet: %w", err)
				}
				edits = append(edits, edit{from: off, to: int(dec.InputOffset())})
				continue
			}
			if depth == 2 && parent == "hyperlinks" {
				stack[depth-1].kept++
			}
			end := int(dec.InputOffset())
			o := &open{name: t.Name, start: off, tagEnd: end}
			if t.Name.Local == "f" {
				o.shared, o.si, o.ref = attr(t, "t"), attr(t, "si"), attr(t, "ref") != ""
			}
			tag := string(data[off:end])
			fixed := tag
			if t.Name.Local == "sheetView" {
				fixed = tabSelectedRe.ReplaceAllString(fixed, "")
			}
			for _, a := range t.Attr {
				if a.Name.Space == nsRelations {
					fixed = compiled(`\s+[\w.-]+:`+regexp.QuoteMeta(a.Name.Local)+`\s*=\s*("[^"]*"|'[^']*')`).ReplaceAllString(fixed, "")
				}
			}
			if fixed != tag {
				edits = append(edits, edit{from: off, to: end, repl: fixed})
			}
			stack = append(stack, o)
		case xml.CharData:
			if n := len(stack); n > 0 && stack[n-1].name.Local == "f" {
				stack[n-1].text.Write(t)
			}
		case xml.EndElement:
			o := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			end := int(dec.InputOffset())
			switch {
			case o.name.Local == "hyperlinks" && o.kept == 0:
				edits = dropWithin(edits, o.start, end)
			case o.name.Local == "f" && o.shared == "shared" && !o.ref && strings.TrimSpace(o.text.String()) == "":
				sharedDeps[o.si] = append(sharedDeps[o.si], edit{from: o.start, to: end})
			case o.name.Local == "f" && strings.Contains(o.text.String(), "["):
				// Another workbook ([1]Feuil1!A1) or a table's column
				// (Tableau1[Montant]): neither comes back; the cached value
				// stays.
				edits = dropWithin(edits, o.start, end)
				if o.shared == "shared" {
					droppedMasters[o.si] = true
				}
			}
		}
	}
	for si := range droppedMasters {
		edits = append(edits, sharedDeps[si]...)
	}
	return applyEdits(data, edits), nil
}

// dropWithin replaces the edits inside [from, to) by one removing it all.
func dropWithin(edits []edit, from, to int) []edit {
	out := edits[:0]
	for _, e := range edits {
		if e.from >= from && e.to <= to {
			continue
		}
		out = append(out, e)
	}
	return append(out, edit{from: from, to: to})
}

// applyEdits applies non-overlapping edits to data.
func applyEdits(data []byte, edits []edit) []byte {
	if len(edits) == 0 {
		return data
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].from < edits[j].from })
	var b bytes.Buffer
	b.Grow(len(data))
	at := 0
	for _, e := range edits {
		if e.from < at {
			continue // inside an edit already applied
		}
		b.Write(data[at:e.from])
		b.WriteString(e.repl)
		at = e.to
	}
	b.Write(data[at:])
	return b.Bytes()
}

// attr returns the value of an attribute without namespace, or "".
func attr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}

// relAttr reports whether an element points at a relationship (r:id).
func relAttr(t xml.StartElement) bool {
	for _, a := range t.Attr {
		if a.Name.Space == nsRelations {
			return true
		}
	}
	return false
}
