package reports

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// commentRuns returns the rich-text runs of a note's comment, with the
// element prefix of the comments part: for each finding its severity and
// code in bold, then its message.
func commentRuns(p string, n *cellNote) string {
	var b strings.Builder
	run := func(text string, bold bool) {
		fmt.Fprintf(&b, "<%[1]sr><%[1]srPr>", p)
		if bold {
			fmt.Fprintf(&b, "<%sb/>", p)
		}
		fmt.Fprintf(&b, `<%[1]ssz val="9"/><%[1]srFont val="Tahoma"/><%[1]sfamily val="2"/></%[1]srPr><%[1]st xml:space="preserve">%[2]s</%[1]st></%[1]sr>`,
			p, xmlText(text))
	}
	for i, f := range n.findings {
		sep := ""
		if i > 0 {
			sep = "\n\n"
		}
		run(fmt.Sprintf("%s%s — %s\n", sep, strings.ToUpper(severityLabel(f.Severity)), f.Code), true)
		run(f.Message, false)
	}
	return b.String()
}

// xmlText escapes s for element content, keeping newlines as they are
// and dropping what XML cannot hold.
func xmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(xmlSafe(s))
}

// mergeComments adds the notes to a comments part (nil for a new one): the
// text of a cell that already has a comment is kept and the notes follow
// it; other cells get a new comment by annotateAuthor.
func mergeComments(src []byte, notes []*cellNote) ([]byte, error) {
	if src == nil {
		src = []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
			`<comments xmlns="` + nsSpreadsheet + `"><authors></authors><commentList></commentList></comments>`)
	}
	m := regexp.MustCompile(`<(\w+:)?comments[\s>]`).FindSubmatch(src)
	if m == nil {
		return nil, fmt.Errorf("no comments element")
	}
	p := string(m[1])
	authors := regexp.MustCompile(`<`+p+`author(\s[^>]*)?(/>|>)`).FindAll(src, -1)
	authorID := len(authors)
	out, ok := insertBeforeClose(src, "authors", fmt.Sprintf("<%[1]sauthor>%[2]s</%[1]sauthor>", p, annotateAuthor))
	if !ok {
		return nil, fmt.Errorf("no authors element")
	}
	for _, n := range notes {
		open := regexp.MustCompile(`<` + p + `comment\b[^>]*\bref="` + regexp.QuoteMeta(n.cell) + `"[^>]*>`).FindIndex(out)
		if open != nil {
			end := regexp.MustCompile(`</` + p + `comment>`).FindIndex(out[open[1]:])
			text := regexp.MustCompile(`</` + p + `text>`).FindIndex(out[open[1]:])
			if end != nil && text != nil && text[0] < end[0] {
				at := open[1] + text[0]
				runs := fmt.Sprintf(`<%[1]sr><%[1]st xml:space="preserve">%[2]s</%[1]st></%[1]sr>`, p, "\n\n") + commentRuns(p, n)
				out = append(append(append([]byte{}, out[:at]...), runs...), out[at:]...)
				continue
			}
		}
		c := fmt.Sprintf(`<%[1]scomment ref="%[2]s" authorId="%[3]d"><%[1]stext>%[4]s</%[1]stext></%[1]scomment>`,
			p, n.cell, authorID, commentRuns(p, n))
		if out, ok = insertBeforeClose(out, "commentList", c); !ok {
			return nil, fmt.Errorf("no commentList element")
		}
	}
	return out, nil
}

var (
	vmlShapeRe     = regexp.MustCompile(`(?s)<(\w+:)?shape[\s>].*?</(\w+:)?shape>`)
	vmlShapeTypeRe = regexp.MustCompile(`(?s)<(\w+:)?shapetype\b[^>]*>`)
	vmlRowRe       = regexp.MustCompile(`<(\w+:)?Row>\s*(\d+)\s*<`)
	vmlColumnRe    = regexp.MustCompile(`<(\w+:)?Column>\s*(\d+)\s*<`)
	vmlShapeIDRe   = regexp.MustCompile(`\bid="_x0000_s(\d+)"`)
	vmlIDAttrRe    = regexp.MustCompile(`\bid="([^"]+)"`)
)

const vmlNamespaces = `xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"`

// mergeVML adds a note shape per cell to a VML drawing (nil for a new
// one). A Note shape already on one of the cells is replaced, so the box is
// sized for the longer text; every other shape stays. New elements declare
// their namespaces themselves, since writers bind VML to any prefix.
func mergeVML(src []byte, notes []*cellNote, index int) ([]byte, error) {
	typeID := "_x0000_t202"
	if src == nil {
		src = []byte(fmt.Sprintf(`<xml %s><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="%d"/></o:shapelayout>`+
			`<v:shapetype id="%s" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>`+
			`<v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype></xml>`, vmlNamespaces, index+1, typeID))
	} else {
		found := false
		for _, t := range vmlShapeTypeRe.FindAll(src, -1) {
			if id := vmlIDAttrRe.FindSubmatch(t); id != nil && (!found || strings.Contains(string(t), `spt="202"`)) {
				typeID, found = string(id[1]), true
			}
		}
		if !found {
			typeID = "_x0000_t202"
			for strings.Contains(string(src), `id="`+typeID+`"`) {
				typeID += "p"
			}
			st := fmt.Sprintf(`<v:shapetype %s id="%s" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>`,
				vmlNamespaces, typeID)
			var ok bool
			if src, ok = insertBeforeClose(src, "xml", st); !ok {
				return nil, fmt.Errorf("no xml element in VML drawing")
			}
		}
		cells := map[[2]int]bool{}
		for _, n := range notes {
			c, r, _ := excelize.CellNameToCoordinates(n.cell)
			cells[[2]int{r - 1, c - 1}] = true
		}
		src = vmlShapeRe.ReplaceAllFunc(src, func(s []byte) []byte {
			row, col := vmlRowRe.FindSubmatch(s), vmlColumnRe.FindSubmatch(s)
			if row == nil || col == nil || !strings.Contains(string(s), `ObjectType="Note"`) {
				return s
			}
			r, _ := strconv.Atoi(string(row[2]))
			c, _ := strconv.Atoi(string(col[2]))
			if cells[[2]int{r, c}] {
				return nil
			}
			return s
		})
	}
	next := (index+1)*1024 + 1
	for _, m := range vmlShapeIDRe.FindAllSubmatch(src, -1) {
		if n, err := strconv.Atoi(string(m[1])); err == nil && n >= next {
			next = n + 1
		}
	}
	var shapes strings.Builder
	for i, n := range notes {
		c, r, _ := excelize.CellNameToCoordinates(n.cell)
		lines := 2
		for _, f := range n.findings {
			lines += 2 + len([]rune(f.Message))/42
		}
		top := max(r-2, 0)
		fmt.Fprintf(&shapes, `<v:shape %s id="_x0000_s%d" type="#%s" style="position:absolute;margin-left:60pt;margin-top:2pt;width:220pt;height:%dpt;z-index:%d;visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">`+
			`<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>`+
			`<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>`+
			`<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>%d, 15, %d, 2, %d, 15, %d, 4</x:Anchor>`+
			`<x:AutoFill>False</x:AutoFill><x:Row>%d</x:Row><x:Column>%d</x:Column></x:ClientData></v:shape>`,
			vmlNamespaces, next+i, typeID, min(lines*11+8, 400), i+1, c, top, c+4, top+min(lines, 36), r-1, c-1)
	}
	out, ok := insertBeforeClose(src, "xml", shapes.String())
	if !ok {
		return nil, fmt.Errorf("no xml element in VML drawing")
	}
	return out, nil
}

// addComments writes the comment of every note into the package.
func (p *xlsxPackage) addComments(sheets map[string]string, notes []*cellNote) error {
	var order []string
	bySheet := map[string][]*cellNote{}
	for _, n := range notes {
		if bySheet[n.sheet] == nil {
			order = append(order, n.sheet)
		}
		bySheet[n.sheet] = append(bySheet[n.sheet], n)
	}
	for i, sheet := range order {
		if err := p.commentSheet(sheets[sheet], i, bySheet[sheet]); err != nil {
			return fmt.Errorf("comment sheet %q: %w", sheet, err)
		}
	}
	return nil
}

var legacyDrawingRe = regexp.MustCompile(`<(\w+:)?legacyDrawing\b[^>]*?\b\w+:id="([^"]+)"`)

// commentSheet adds the notes of one sheet to its comments and VML parts,
// creating them when the sheet has none.
func (p *xlsxPackage) commentSheet(part string, index int, notes []*cellNote) error {
	rels, err := p.rels(relsName(part))
	if err != nil {
		return err
	}
	var commentsPart, vmlPart string
	byID := map[string]relationship{}
	for _, r := range rels {
		byID[r.ID] = r
		if r.Type == relComments {
			commentsPart = resolve(part, r.Target)
		}
	}
	sheetXML := p.parts[part]
	if m := legacyDrawingRe.FindSubmatch(sheetXML); m != nil {
		if r, ok := byID[string(m[2])]; ok {
			vmlPart = resolve(part, r.Target)
		}
	}

	if commentsPart == "" {
		commentsPart = p.unused("xl/comments%d.xml")
		if _, err := p.addRel(part, relComments, commentsPart); err != nil {
			return err
		}
		if err := p.addContentType(commentsPart, ctComments); err != nil {
			return err
		}
	}
	comments, err := mergeComments(p.parts[commentsPart], notes)
	if err != nil {
		return err
	}
	p.set(commentsPart, comments)

	if vmlPart == "" {
		vmlPart = p.unused("xl/drawings/vmlDrawing%d.vml")
		id, err := p.addRel(part, relVML, vmlPart)
		if err != nil {
			return err
		}
		if sheetXML, err = addLegacyDrawing(sheetXML, id); err != nil {
			return err
		}
		p.set(part, sheetXML)
		if err := p.addContentType(vmlPart, ctVML); err != nil {
			return err
		}
	}
	vml, err := mergeVML(p.parts[vmlPart], notes, index)
	if err != nil {
		return err
	}
	p.set(vmlPart, vml)
	return nil
}

// elementsAfterLegacyDrawing are the worksheet children that follow
// legacyDrawing in the schema's order.
var elementsAfterLegacyDrawing = []string{"legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
	"webPublishItems", "tableParts", "extLst"}

// addLegacyDrawing inserts <legacyDrawing r:id="id"/> where the schema
// wants it, declaring the relationships namespace if needed.
func addLegacyDrawing(sheet []byte, id string) ([]byte, error) {
	rootRe := regexp.MustCompile(`<(\w+:)?worksheet\b[^>]*>`)
	root := rootRe.FindIndex(sheet)
	if root == nil {
		return nil, fmt.Errorf("no worksheet element")
	}
	prefix := string(rootRe.FindSubmatch(sheet)[1])
	start := string(sheet[root[0]:root[1]])
	rp := "r"
	if m := regexp.MustCompile(`xmlns:(\w+)="` + regexp.QuoteMeta(nsRelations) + `"`).FindStringSubmatch(start); m != nil {
		rp = m[1]
	} else {
		for strings.Contains(start, "xmlns:"+rp+"=") {
			rp += "r"
		}
		decl := fmt.Sprintf(` xmlns:%s="%s"`, rp, nsRelations)
		end := root[1] - 1
		if sheet[end-1] == '/' {
			return nil, fmt.Errorf("empty worksheet element")
		}
		sheet = append(append(append([]byte{}, sheet[:end]...), decl...), sheet[end:]...)
	}
	elem := fmt.Sprintf(`<%slegacyDrawing %s:id="%s"/>`, prefix, rp, id)
	at := -1
	for _, e := range elementsAfterLegacyDrawing {
		if loc := regexp.MustCompile(`<` + regexp.QuoteMeta(prefix) + e + `[\s/>]`).FindIndex(sheet); loc != nil && (at < 0 || loc[0] < at) {
			at = loc[0]
		}
	}
	if at < 0 {
		out, ok := insertBeforeClose(sheet, "worksheet", elem)
		if !ok {
			return nil, fmt.Errorf("no end of worksheet element")
		}
		return out, nil
	}
	return append(append(append([]byte{}, sheet[:at]...), elem...), sheet[at:]...), nil
}
