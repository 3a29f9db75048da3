package templates

import "strings"

// Lisez-moi's paragraphs are broken into lines here, with the advance
// widths of Arial (and of Liberation Sans, metric-compatible), rather than
// left to the spreadsheet's wrapping: Excel and LibreOffice give the same
// 80-character column different widths (about 470 and 484 points), so a
// soft-wrapped paragraph may take one line more in one than in the other,
// and no fixed row height fits both. Lines are kept well inside the
// narrower of the two, so each program draws exactly the lines written and
// the row height can be exactly theirs.

// genReadmeLinePoints is the longest line of Lisez-moi, in points at 10 pt:
// within Excel's text area of the column with its indent, and within
// LibreOffice's even when it falls back to DejaVu Sans, about 10 % wider
// than Arial.
const genReadmeLinePoints = 430

// genArialASCII holds the advance widths of Arial, in thousandths of an em,
// of U+0020 to U+007E.
var genArialASCII = [...]uint16{
	278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
	556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
	1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
	667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
	333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
	556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
}

// genArialLatin1 holds those of U+00A0 to U+00FF.
var genArialLatin1 = [...]uint16{
	278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 552,
	400, 549, 333, 333, 333, 576, 537, 333, 333, 333, 365, 556, 834, 834, 834, 611,
	667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,
	722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,
	556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278,
	556, 556, 556, 556, 556, 556, 556, 549, 611, 556, 556, 556, 556, 500, 556, 500,
}

// genArialOther holds those of the other characters French text uses.
var genArialOther = map[rune]uint16{
	'Œ': 1000, 'œ': 944, 'Ÿ': 667, '–': 556, '—': 1000, '‘': 222, '’': 222, '“': 333, '”': 333,
	'•': 350, '…': 1000, '\u202f': 200, '\u2009': 200, '€': 556,
}

// genArialWidth returns the advance width of r in Arial, in thousandths of
// an em; a character it does not know counts as a full em, so that a line
// holding one is never longer than measured.
func genArialWidth(r rune) int {
	switch {
	case r >= 0x20 && r <= 0x7e:
		return int(genArialASCII[r-0x20])
	case r >= 0xa0 && r <= 0xff:
		return int(genArialLatin1[r-0xa0])
	}
	if w, ok := genArialOther[r]; ok {
		return int(w)
	}
	return 1000
}

// genTextPoints returns the width of s in Arial 10 pt, in points.
func genTextPoints(s string) float64 {
	w := 0
	for _, r := range s {
		w += genArialWidth(r)
	}
	return float64(w) / 100
}

// genBreakLines breaks text at its spaces into lines of at most maxPoints
// (Arial 10 pt), joined by "\n", and returns them with their count. No-break
// spaces hold their neighbours together; a word longer than a line gets a
// line of its own.
func genBreakLines(text string, maxPoints float64) (string, int) {
	var lines []string
	line := ""
	for _, word := range strings.Split(text, " ") {
		switch {
		case line == "":
			line = word
		case genTextPoints(line+" "+word) <= maxPoints:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	lines = append(lines, line)
	return strings.Join(lines, "\n"), len(lines)
}

// genFrenchSpaces puts the no-break spaces of French typography inside
// guillemets and before a colon or semicolon, so that no line starts with
// "»" or ":".
var genFrenchSpaces = strings.NewReplacer("« ", "«\u00a0", " »", "\u00a0»", " :", "\u00a0:", " ;", "\u00a0;")

// genLinesHeight returns the height in points of a row of n lines of
// 10 pt text: Excel draws them 12.75 points apart and LibreOffice about
// 11.2, so a row takes 12 points a line and 4 more, and never less than
// Excel's lines.
func genLinesHeight(n int) float64 {
	return max(12*float64(n)+4, 12.75*float64(n)+1)
}
