package reports

import (
	"fmt"
	"strings"

	"github.com/pactd/pactd/reconcile"
	"github.com/xuri/excelize/v2"
)

// The first sheet of the annotated workbook lists every finding: what to
// do, what it is, a link to its cell, the full message and, in small
// print, the code the service uses. Above the list, the legend of the
// colours the cells were given.

// listStyles are the cell formats of the list of findings.
type listStyles struct {
	title, bold, header, link, wrap, red, orange int
}

func newListStyles(b *styleBook) (listStyles, error) {
	var s listStyles
	title, err := b.font(`<%[1]sfont><%[1]sb/><%[1]ssz val="14"/><%[1]scolor rgb="FF000091"/><%[1]sname val="Calibri"/><%[1]sfamily val="2"/></%[1]sfont>`)
	if err != nil {
		return s, err
	}
	bold, err := b.font(`<%[1]sfont><%[1]sb/><%[1]ssz val="11"/><%[1]sname val="Calibri"/><%[1]sfamily val="2"/></%[1]sfont>`)
	if err != nil {
		return s, err
	}
	link, err := b.font(`<%[1]sfont><%[1]su/><%[1]ssz val="11"/><%[1]scolor rgb="FF0563C1"/><%[1]sname val="Calibri"/><%[1]sfamily val="2"/></%[1]sfont>`)
	if err != nil {
		return s, err
	}
	grey, err := b.fill("FFDEDEE6")
	if err != nil {
		return s, err
	}
	red, err := b.fill(annotateFills[0])
	if err != nil {
		return s, err
	}
	orange, err := b.fill(annotateFills[1])
	if err != nil {
		return s, err
	}
	xf := func(font, fill int, wrap bool) int {
		e := fmt.Sprintf(`<xf numFmtId="0" fontId="%d" fillId="%d" borderId="0" xfId="0" applyFont="1" applyFill="1"`, font, fill)
		if wrap {
			return b.xf(e + ` applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>`)
		}
		return b.xf(e + ` applyAlignment="1"><alignment vertical="top"/></xf>`)
	}
	s.title, s.bold, s.header = xf(title, 0, false), xf(bold, 0, false), xf(bold, grey, true)
	s.link, s.wrap = xf(link, 0, true), xf(0, 0, true)
	s.red, s.orange = xf(0, red, false), xf(0, orange, false)
	return s, nil
}

// findingsSheet writes the worksheet listing the findings fs (sorted as the
// acknowledgment shows them), their numbers being those the comments give.
func findingsSheet(b *styleBook, fs []reconcile.Finding, svc Service) (string, error) {
	st, err := newListStyles(b)
	if err != nil {
		return "", err
	}
	var rows, links strings.Builder
	row := 0
	// line writes the next row: cells by column from A, each a style and
	// a text (an empty text gives an empty styled cell), at a height in
	// points (0 for the default).
	type lc struct {
		style int
		text  string
		num   bool // text is a number, written as one
	}
	txt := func(style int, text string) lc { return lc{style: style, text: text} }
	line := func(height float64, cells ...lc) {
		row++
		ht := ""
		if height > 0 {
			ht = fmt.Sprintf(` ht="%g" customHeight="1"`, height)
		}
		fmt.Fprintf(&rows, `<row r="%d"%s>`, row, ht)
		for i, c := range cells {
			ref, _ := excelize.CoordinatesToCellName(i+1, row)
			switch {
			case c.text == "":
				fmt.Fprintf(&rows, `<c r="%s" s="%d"/>`, ref, c.style)
				continue
			case c.num:
				fmt.Fprintf(&rows, `<c r="%s" s="%d"><v>%s</v></c>`, ref, c.style, c.text)
				continue
			}
			fmt.Fprintf(&rows, `<c r="%s" s="%d" t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>`, ref, c.style, xmlText(c.text))
		}
		rows.WriteString("</row>")
	}
	n := [3]int{}
	for _, f := range fs {
		n[f.Severity.Rank()]++
	}
	line(22, txt(st.title, "Constats sur ce classeur"))
	var counts []string
	for i, words := range [3][2]string{{"constat à corriger", "constats à corriger"}, {"constat à vérifier", "constats à vérifier"},
		{"constat pour information", "constats pour information"}} {
		if n[i] > 0 {
			counts = append(counts, plural(n[i], words[0], words[1]))
		}
	}
	line(0, txt(0, svc.Name+" : "+joinAnd(counts)+"."))
	line(0, txt(0, "Cliquez sur une référence de la colonne « Cellule » pour aller à la cellule ; chaque cellule en cause porte un commentaire qui renvoie au numéro de cette liste."))
	line(0)
	line(0, txt(st.bold, "Couleurs des cellules"))
	line(0, txt(st.red, ""), txt(0, "À corriger (bloquant) : le rapport ne peut pas être accepté tant que la cellule n'est pas corrigée."))
	line(0, txt(st.orange, ""), txt(0, "À vérifier (alerte) : corrigez la valeur si elle est erronée ; sinon, expliquez-la dans la colonne « Commentaire » de la ligne."))
	line(0, txt(0, ""), txt(0, "Pour information : la cellule garde sa couleur, seul un commentaire la signale ; rien n'est à corriger."))
	line(0)
	line(30, txt(st.header, "N°"), txt(st.header, "À faire"), txt(st.header, "Constat"), txt(st.header, "Cellule"),
		txt(st.header, "Détail"), txt(st.header, "Référence pour le service"))
	header := row
	for i, f := range fs {
		where, linkStyle := "—", st.wrap
		if len(f.Cells) > 0 {
			where = cellList(f.Cells)
			if target, ok := linkTarget(f.Cells[0]); ok {
				fmt.Fprintf(&links, `<hyperlink ref="D%d" location="%s" display="%s"/>`, row+1, xmlAttr(target), xmlAttr(f.Cells[0]))
				linkStyle = st.link
			}
		}
		lines := max(wrappedLines(f.Message, 84), wrappedLines(where, 17), 1)
		line(float64(lines)*15, lc{style: st.wrap, text: fmt.Sprint(i + 1), num: true}, txt(st.wrap, severityAction(f)),
			txt(st.wrap, reconcile.Capitalize(CodeLabel(f.Code))), txt(linkStyle, where), txt(st.wrap, f.Message),
			txt(st.wrap, string(f.Code)))
	}
	var x strings.Builder
	x.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	x.WriteString(`<worksheet xmlns="` + nsSpreadsheet + `" xmlns:r="` + nsRelations + `">`)
	x.WriteString(`<sheetPr><tabColor rgb="FFC00000"/><pageSetUpPr fitToPage="1"/></sheetPr>`)
	fmt.Fprintf(&x, `<dimension ref="A1:F%d"/>`, max(row, 1))
	fmt.Fprintf(&x, `<sheetViews><sheetView tabSelected="1" workbookViewId="0"><pane ySplit="%d" topLeftCell="A%d" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="D%d" sqref="D%d"/></sheetView></sheetViews>`,
		header, header+1, header+1, header+1)
	x.WriteString(`<sheetFormatPr defaultRowHeight="15"/>`)
	x.WriteString(`<cols><col min="1" max="1" width="6" customWidth="1"/><col min="2" max="2" width="16" customWidth="1"/>` +
		`<col min="3" max="3" width="30" customWidth="1"/><col min="4" max="4" width="18" customWidth="1"/>` +
		`<col min="5" max="5" width="88" customWidth="1"/><col min="6" max="6" width="30" customWidth="1"/></cols>`)
	x.WriteString("<sheetData>" + rows.String() + "</sheetData>")
	if links.Len() > 0 {
		x.WriteString("<hyperlinks>" + links.String() + "</hyperlinks>")
	}
	x.WriteString(`<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>`)
	x.WriteString(`<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>`)
	x.WriteString("</worksheet>")
	return x.String(), nil
}

// linkTarget writes a cell reference as a hyperlink location, its sheet
// quoted: "Actions!G7" gives "'Actions'!G7".
func linkTarget(ref string) (string, bool) {
	sheet, cells, ok := splitRef(ref)
	if !ok || len(cells) == 0 {
		return "", false
	}
	return "'" + strings.ReplaceAll(sheet, "'", "''") + "'!" + cells[0], true
}
