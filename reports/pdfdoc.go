package reports

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"
)

// Page geometry in millimetres (A4 portrait).
const (
	pageW        = 210.0
	pageH        = 297.0
	marginL      = 18.0
	marginR      = 18.0
	marginTop    = 20.0
	marginBottom = 18.0
	contentW     = pageW - marginL - marginR
	pageBottom   = pageH - marginBottom
)

// Colours. The documents must read on a black and white printer: colour
// only repeats what text, weight or greys already say.
var (
	colBlue  = [3]int{0, 0, 145} // bleu France, titles and rules
	colText  = [3]int{0, 0, 0}
	colMuted = [3]int{85, 85, 85}
	colRule  = [3]int{160, 160, 160}
	colHead  = [3]int{222, 222, 230}
	colZebra = [3]int{244, 244, 246}
)

// Running titles shared by every document.
const (
	programmeTitle = "Pacte national des solidarités — Contrats locaux des solidarités"
	fictitiousNote = "Données fictives : document produit à partir de données d'exemple."
	authorName     = "pactd — suivi des contrats locaux des solidarités"
)

// docMeta describes a document for its metadata and running header.
type docMeta struct {
	Title      string    // PDF title and left of the running header
	Subject    string    // PDF subject
	HeaderR    string    // right of the running header
	Date       time.Time // creation and modification date, from the data
	Fictitious bool
}

// doc is a gofpdf document with pactd's page layout.
type doc struct {
	*gofpdf.Fpdf
	meta docMeta
	// letterheadBottom is where a letterhead drawn at the right of page 1
	// ends; the title block's rule goes below it.
	letterheadBottom float64
}

// newDoc starts a document: fonts, metadata, running header and footer
// (none on page 1, which carries the title block).
func newDoc(meta docMeta) *doc {
	pdf := gofpdf.New("P", "mm", "A4", "")
	d := &doc{Fpdf: pdf, meta: meta}
	pdf.AliasNbPages("{nb}")
	addFonts(pdf)
	pdf.SetMargins(marginL, marginTop, marginR)
	pdf.SetAutoPageBreak(true, marginBottom)
	pdf.SetTitle(pdfMeta(meta.Title), true)
	pdf.SetSubject(pdfMeta(meta.Subject), true)
	pdf.SetAuthor(authorName, true)
	pdf.SetCreator("pactd", true)
	// gofpdf writes the date without a zone, which readers take as UTC; a
	// zero date would make it use the clock.
	date := meta.Date.UTC()
	if meta.Date.IsZero() {
		date = time.Unix(0, 0).UTC()
	}
	pdf.SetCreationDate(date)
	pdf.SetModificationDate(date)
	pdf.SetCatalogSort(true)
	pdf.SetDisplayMode("fullwidth", "single")
	pdf.SetHeaderFuncMode(d.header, true)
	pdf.SetFooterFunc(d.footer)
	d.setFont("", 9)
	return d
}

func (d *doc) header() {
	if d.PageNo() == 1 {
		return
	}
	d.setFont("", 7.5)
	d.color(colMuted)
	d.SetXY(marginL, 9)
	d.CellFormat(contentW/2+20, 4, programmeTitle, "", 0, "L", false, 0, "")
	d.SetXY(marginL+contentW/2+20, 9)
	d.CellFormat(contentW/2-20, 4, d.meta.HeaderR, "", 0, "R", false, 0, "")
	d.drawColor(colRule)
	d.SetLineWidth(0.2)
	d.Line(marginL, 14, pageW-marginR, 14)
	d.color(colText)
}

func (d *doc) footer() {
	d.drawColor(colRule)
	d.SetLineWidth(0.2)
	d.Line(marginL, pageH-13, pageW-marginR, pageH-13)
	d.setFont("", 7.5)
	d.color(colMuted)
	d.SetXY(marginL, pageH-12)
	left := d.meta.Title
	if d.meta.Fictitious {
		d.setFont("B", 7.5)
		left = fictitiousNote
	}
	d.CellFormat(contentW-30, 4, left, "", 0, "L", false, 0, "")
	d.setFont("", 7.5)
	d.SetXY(pageW-marginR-30, pageH-12)
	d.CellFormat(30, 4, fmt.Sprintf("Page %d sur {nb}", d.PageNo()), "", 0, "R", false, 0, "")
	d.color(colText)
}

func (d *doc) setFont(style string, size float64) { d.SetFont(fontFamily, style, size) }
func (d *doc) color(c [3]int)                     { d.SetTextColor(c[0], c[1], c[2]) }
func (d *doc) drawColor(c [3]int)                 { d.SetDrawColor(c[0], c[1], c[2]) }
func (d *doc) fillColor(c [3]int)                 { d.SetFillColor(c[0], c[1], c[2]) }

// ensure starts a new page unless h millimetres are left on this one.
func (d *doc) ensure(h float64) {
	if d.GetY()+h > pageBottom {
		d.AddPage()
	}
}

// titleBlock draws the title block of page 1: the programme, a rule, the
// title and the lines under it.
func (d *doc) titleBlock(title string, lines ...string) {
	d.SetXY(marginL, 14)
	d.setFont("B", 9)
	d.color(colBlue)
	d.CellFormat(contentW/2, 5, strings.ToUpper("Pacte national des solidarités"), "", 1, "L", false, 0, "")
	d.setFont("", 9)
	d.CellFormat(contentW/2, 5, "Contrats locaux des solidarités (CLS) 2024-2027", "", 1, "L", false, 0, "")
	if d.letterheadBottom > d.GetY() {
		d.SetY(d.letterheadBottom)
	}
	d.fillColor(colBlue)
	d.Rect(marginL, d.GetY()+2, 28, 1.2, "F")
	d.drawColor(colBlue)
	d.SetLineWidth(0.3)
	d.Line(marginL+28, d.GetY()+2.6, pageW-marginR, d.GetY()+2.6)
	d.SetY(d.GetY() + 8)
	d.setFont("B", 17)
	d.color(colText)
	d.paragraphFont(title, "B", 17, 7.5, colText)
	d.Ln(1)
	for i, l := range lines {
		if i == 0 {
			d.paragraphFont(l, "B", 11, 5.5, colBlue)
			continue
		}
		d.paragraphFont(l, "", 9.5, 5, colMuted)
	}
	d.Ln(3)
}

// h1 starts a numbered section, on a new page when less than need mm are
// left, and records it in the PDF outline.
func (d *doc) h1(title string, need float64) {
	d.ensure(need + 14)
	if d.GetY() > marginTop+1 {
		d.Ln(4)
	}
	d.Bookmark(title, 0, -1)
	d.setFont("B", 13)
	d.color(colBlue)
	d.SetX(marginL)
	d.CellFormat(contentW, 7, title, "", 1, "L", false, 0, "")
	d.drawColor(colBlue)
	d.SetLineWidth(0.4)
	d.Line(marginL, d.GetY()+0.5, pageW-marginR, d.GetY()+0.5)
	d.Ln(3)
	d.color(colText)
}

// h2 writes a subsection title, kept with the need mm that follow it.
func (d *doc) h2(title string, need float64) {
	d.ensure(need + 9)
	d.Ln(2)
	d.Bookmark(title, 1, -1)
	d.paragraphFont(title, "B", 10, 5, colText)
	d.Ln(0.5)
}

// paragraph writes wrapped body text.
func (d *doc) paragraph(text string) { d.paragraphFont(text, "", 9, 4.4, colText) }

// note writes wrapped secondary text.
func (d *doc) note(text string) { d.paragraphFont(text, "", 8, 3.9, colMuted) }

func (d *doc) paragraphFont(text, style string, size, lineH float64, c [3]int) {
	d.setFont(style, size)
	d.color(c)
	lines := d.wrap(text, contentW)
	if len(lines) <= 6 {
		d.ensure(float64(len(lines)) * lineH) // keep short paragraphs on one page
	}
	for _, l := range lines {
		d.ensure(lineH)
		d.SetX(marginL)
		d.CellFormat(contentW, lineH, l, "", 1, "L", false, 0, "")
	}
	d.color(colText)
}

// wrap splits text into lines no wider than w with the current font. It
// breaks at spaces and newlines but never at a no-break space, so amounts
// ("12 345,67 €") stay on one line; a word longer than w is cut.
func (d *doc) wrap(text string, w float64) []string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		words := strings.Split(para, " ")
		line := ""
		for _, word := range words {
			cand := word
			if line != "" {
				cand = line + " " + word
			}
			if d.GetStringWidth(cand) <= w {
				line = cand
				continue
			}
			if line != "" {
				out = append(out, line)
				line = ""
			}
			for d.GetStringWidth(word) > w {
				cut := fitRunes(d, word, w)
				out = append(out, word[:cut])
				word = word[cut:]
			}
			line = word
		}
		out = append(out, line)
	}
	return out
}

// fitRunes returns the byte length of the longest prefix of s (at least
// one rune) no wider than w, preferring to end after a "_", "-", "!", "/"
// or "," so that codes and cell lists break where a reader expects.
func fitRunes(d *doc, s string, w float64) int {
	end, soft := 0, 0
	for i, r := range s {
		next := i + len(string(r))
		if end > 0 && d.GetStringWidth(s[:next]) > w {
			break
		}
		end = next
		switch r {
		case '_', '-', '!', '/', ',':
			if next < len(s) {
				soft = next
			}
		}
	}
	if soft > 0 {
		return soft
	}
	return end
}

// output closes the document and writes it to w.
func (d *doc) output(w io.Writer) error {
	if err := d.Output(w); err != nil {
		return fmt.Errorf("render PDF %q: %w", d.meta.Title, err)
	}
	return nil
}
