package reports

import (
	"encoding/xml"
	"fmt"
	"regexp"
	"strings"

	"github.com/xuri/excelize/v2"
)

// The comments of the annotated workbook are written anew for each sheet:
// the sender's own comments, kept as text under their author, and one
// short comment per annotated cell, signed by the service, that gives the
// finding's number in the list of findings where its full text is. The
// VML drawing Excel needs to show them is written anew too, one note
// shape per comment and nothing else.

// sheetComments are the comments of one sheet.
type sheetComments struct {
	authors []string
	list    []senderComment
}

// senderComment is one comment the sender's workbook has, as text.
type senderComment struct {
	ref, text string
	author    int
}

// senderComments reads a comments part (nil gives none); what cannot be
// read is left behind, the comments being the sender's notes.
func senderComments(data []byte) sheetComments {
	var c struct {
		Authors []string `xml:"authors>author"`
		List    []struct {
			Ref      string   `xml:"ref,attr"`
			AuthorID int      `xml:"authorId,attr"`
			Texts    []string `xml:"text>r>t"`
			Plain    []string `xml:"text>t"`
		} `xml:"commentList>comment"`
	}
	if len(data) == 0 || xml.Unmarshal(data, &c) != nil {
		return sheetComments{}
	}
	out := sheetComments{authors: c.Authors}
	for _, x := range c.List {
		if _, _, err := excelize.CellNameToCoordinates(x.Ref); err != nil {
			continue
		}
		text := strings.Join(append(x.Plain, x.Texts...), "")
		if x.AuthorID < 0 || x.AuthorID >= len(c.Authors) {
			x.AuthorID = 0
			if len(out.authors) == 0 {
				out.authors = []string{""}
			}
		}
		out.list = append(out.list, senderComment{ref: x.Ref, text: text, author: x.AuthorID})
	}
	return out
}

// noteShape is where the VML drawing puts one comment and how tall it is.
type noteShape struct {
	cell  string
	lines int
}

// maxFindingsPerComment bounds a comment: beyond, it points at the list.
const maxFindingsPerComment = 2

// commentsXML writes a sheet's comments part: the sender's comments, each
// followed by pactd's on the same cell, then pactd's on other cells; and
// the shapes the VML drawing needs.
func commentsXML(sender sheetComments, notes []*cellNote, svc Service) (string, []noteShape) {
	authors := append(append([]string{}, sender.authors...), svc.Name)
	ours := len(authors) - 1
	byCell := map[string]*cellNote{}
	for _, n := range notes {
		byCell[n.cell] = n
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	b.WriteString(`<comments xmlns="` + nsSpreadsheet + `"><authors>`)
	for _, a := range authors {
		b.WriteString("<author>" + xmlText(a) + "</author>")
	}
	b.WriteString("</authors><commentList>")
	var shapes []noteShape
	done := map[string]bool{}
	write := func(cell string, author int, runs string, lines int) {
		fmt.Fprintf(&b, `<comment ref="%s" authorId="%d"><text>%s</text></comment>`, cell, author, runs)
		shapes = append(shapes, noteShape{cell: cell, lines: lines})
	}
	for _, c := range sender.list {
		if done[c.ref] {
			continue
		}
		done[c.ref] = true
		runs, lines := run(c.text, false), textLines(c.text)
		if n := byCell[c.ref]; n != nil {
			r, l := noteRuns(n, svc)
			runs += run("\n\n", false) + r
			lines += 1 + l
		}
		write(c.ref, c.author, runs, lines)
	}
	for _, n := range notes {
		if done[n.cell] {
			continue
		}
		done[n.cell] = true
		r, l := noteRuns(n, svc)
		write(n.cell, ours, r, l)
	}
	b.WriteString("</commentList></comments>")
	return b.String(), shapes
}

// noteRuns writes pactd's comment on a cell: for each finding, what to do
// and what it is in bold, a short message and its number in the list;
// then the service's signature. It returns the runs and their lines.
func noteRuns(n *cellNote, svc Service) (string, int) {
	var b strings.Builder
	lines := 0
	for i, f := range n.findings {
		if i == maxFindingsPerComment {
			more := len(n.findings) - i
			text := fmt.Sprintf("\n%s sur cette cellule : voir la feuille « Constats ».", plural(more, "autre constat", "autres constats"))
			b.WriteString(run(text, false))
			lines += textLines(text)
			break
		}
		sep := ""
		if i > 0 {
			sep = "\n"
		}
		head := fmt.Sprintf("%s%s : %s\n", sep, severityAction(f), CodeLabel(f.Code))
		body := fmt.Sprintf("%s (n° %d de la feuille « Constats »)", shortMessage(f.Message), n.numbers[i])
		b.WriteString(run(head, true) + run(body, false))
		lines += textLines(head) + textLines(body)
	}
	sign := "\n— " + svc.Name
	b.WriteString(run(sign, false))
	return b.String(), lines + textLines(sign)
}

// run writes one rich-text run of a comment.
func run(text string, bold bool) string {
	b := ""
	if bold {
		b = "<b/>"
	}
	return `<r><rPr>` + b + `<sz val="9"/><rFont val="Tahoma"/><family val="2"/></rPr><t xml:space="preserve">` +
		xmlText(text) + `</t></r>`
}

// commentWidth is how many characters a comment box holds on a line.
const commentWidth = 44

// textLines estimates the lines a text takes in a comment box.
func textLines(s string) int { return wrappedLines(s, commentWidth/1.05) }

// checkSentence is the closing "Vérifiez la cellule…" of a finding's
// message, which a comment on that very cell need not repeat.
var checkSentence = regexp.MustCompile(`\s*Vérifiez (la cellule|les cellules|la ligne|les lignes) [^.]*\.$`)

// maxComment is the longest message a comment carries; the list of
// findings has the full text.
const maxComment = 220

// shortMessage shortens a finding's message for a comment: without its
// closing list of cells, cut at a word before maxComment characters.
func shortMessage(msg string) string {
	s := strings.TrimSpace(checkSentence.ReplaceAllString(msg, ""))
	r := []rune(s)
	if len(r) <= maxComment {
		return s
	}
	cut := string(r[:maxComment])
	if i := strings.LastIndexByte(cut, ' '); i > maxComment/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:") + "…"
}

const vmlNamespaces = `xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"`

// vmlXML writes the VML drawing of a sheet's comments: one hidden note
// shape per comment, sized for its text. index makes the shape ids of each
// sheet distinct.
func vmlXML(shapes []noteShape, index int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<xml %s><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="%d"/></o:shapelayout>`+
		`<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">`+
		`<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>`, vmlNamespaces, index)
	for i, s := range shapes {
		c, r, _ := excelize.CellNameToCoordinates(s.cell)
		top := max(r-2, 0)
		lines := min(s.lines, 30)
		fmt.Fprintf(&b, `<v:shape id="_x0000_s%d" type="#_x0000_t202" style="position:absolute;margin-left:60pt;margin-top:2pt;width:230pt;height:%dpt;z-index:%d;visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">`+
			`<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>`+
			`<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>`+
			`<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>%d, 15, %d, 2, %d, 15, %d, 4</x:Anchor>`+
			`<x:AutoFill>False</x:AutoFill><x:Row>%d</x:Row><x:Column>%d</x:Column></x:ClientData></v:shape>`,
			index*1024+i+1, lines*11+10, i+1, c, top, c+4, top+lines, r-1, c-1)
	}
	b.WriteString("</xml>")
	return b.String()
}

// xmlText escapes s for element content, keeping newlines as they are
// and dropping what XML cannot hold.
func xmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(xmlSafe(s))
}

// elementsAfterLegacyDrawing are the worksheet children that follow
// legacyDrawing in the schema's order.
var elementsAfterLegacyDrawing = []string{"legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
	"webPublishItems", "tableParts", "extLst"}

// addLegacyDrawing inserts <legacyDrawing r:id="id"/> where the schema
// wants it, declaring the relationships namespace if needed.
func addLegacyDrawing(sheet []byte, id string) ([]byte, error) {
	rootRe := compiled(`<(\w+:)?worksheet\b[^>]*>`)
	root := rootRe.FindIndex(sheet)
	if root == nil {
		return nil, fmt.Errorf("no worksheet element")
	}
	prefix := string(rootRe.FindSubmatch(sheet)[1])
	start := string(sheet[root[0]:root[1]])
	rp := "r"
	if m := compiled(`xmlns:(\w+)="` + regexp.QuoteMeta(nsRelations) + `"`).FindStringSubmatch(start); m != nil {
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
		if loc := compiled(`<` + regexp.QuoteMeta(prefix) + e + `[\s/>]`).FindIndex(sheet); loc != nil && (at < 0 || loc[0] < at) {
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
