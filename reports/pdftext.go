package reports

import "strings"

// gofpdf indexes glyph widths by rune in a 65536-entry table and panics on
// a rune beyond it (an emoji in a file name or a message is enough), and
// the embedded faces hold the Latin scripts only (fontcover.go), so every
// text reaches gofpdf through these methods, cleaned by pdfText.

// pdfText returns s as the embedded faces can draw it: characters they do
// not have (Greek, Chinese, emoji...) become U+FFFD "�", control
// characters become spaces.
func pdfText(s string) string { return cleanText(s, fontCoverage.has) }

// pdfMeta returns s as gofpdf can write it in the document's metadata and
// outline, which the reader draws with fonts of its own: runes beyond the
// Basic Multilingual Plane and noncharacters become U+FFFD "�", control
// characters become spaces.
func pdfMeta(s string) string {
	return cleanText(s, func(r rune) bool { return r <= 0xFFFD })
}

// cleanText replaces the runes that keep does not accept with U+FFFD and
// the control characters with spaces; it returns s itself when nothing
// changes.
func cleanText(s string, keep func(rune) bool) string {
	clean := true
	for _, r := range s {
		if r < 0x20 || r == 0x7F || !keep(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r < 0x20 || r == 0x7F:
			return ' '
		case !keep(r):
			return '\uFFFD'
		}
		return r
	}, s)
}

// CellFormat draws a cell of cleaned text; see gofpdf's CellFormat.
func (d *doc) CellFormat(w, h float64, txt, border string, ln int, align string, fill bool, link int, linkStr string) {
	d.Fpdf.CellFormat(w, h, pdfText(txt), border, ln, align, fill, link, linkStr)
}

// GetStringWidth measures cleaned text with the current font.
func (d *doc) GetStringWidth(s string) float64 { return d.Fpdf.GetStringWidth(pdfText(s)) }

// Bookmark adds an outline entry with cleaned text.
func (d *doc) Bookmark(txt string, level int, y float64) { d.Fpdf.Bookmark(pdfMeta(txt), level, y) }
