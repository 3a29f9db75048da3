package reports

import "strings"

// column is one column of a table. Right-aligned columns hold numbers and
// amounts: a figure shrinks a little to stay on one line, down to
// minFigureSize, and wraps beyond; any other text wraps like in other
// columns. No text is ever drawn outside its cell.
type column struct {
	label string
	width float64 // mm
	align string  // "L", "C" or "R"
}

// cell is the content of one table cell.
type cell struct {
	text string
	bold bool
}

// texts makes plain cells.
func texts(s ...string) []cell {
	out := make([]cell, len(s))
	for i, t := range s {
		out[i] = cell{text: t}
	}
	return out
}

// table draws a table whose header is repeated at the top of every page it
// runs onto. Rows grow to fit wrapped text and never split across pages.
type table struct {
	d        *doc
	cols     []column
	size     float64 // body font size
	headSize float64 // header font size, shrunk so no label word is cut
	lineH    float64
	pad      float64
	rows     int
	headed   bool
	totalRow bool
	// continued, when set, is written above the header repeated on a new
	// page, so a reader knows whose table goes on ("… (suite)").
	continued string
}

func newTable(d *doc, size float64, cols ...column) *table {
	t := &table{d: d, cols: cols, size: size, lineH: size * 0.45, pad: 1.2}
	t.headSize = size
	for _, c := range cols {
		for _, word := range strings.Fields(c.label) {
			for t.headSize > 5.5 {
				d.setFont("B", t.headSize)
				if d.GetStringWidth(word) <= c.width-2*t.pad {
					break
				}
				t.headSize -= 0.1
			}
		}
	}
	return t
}

// header draws the header row.
func (t *table) header() {
	d := t.d
	labels := make([]cell, len(t.cols))
	for i, c := range t.cols {
		labels[i] = cell{text: c.label, bold: true}
	}
	h := t.height(labels, t.headSize, true)
	if d.GetY()+h+t.lineH+2*t.pad > pageBottom {
		d.AddPage()
	}
	y := d.GetY()
	d.fillColor(colHead)
	d.Rect(marginL, y, t.width(), h, "F")
	t.draw(labels, y, t.headSize, true)
	d.drawColor(colText)
	d.SetLineWidth(0.3)
	d.Line(marginL, y+h, marginL+t.width(), y+h)
	d.SetY(y + h)
	t.headed = true
}

func (t *table) width() float64 {
	w := 0.0
	for _, c := range t.cols {
		w += c.width
	}
	return w
}

// minFigureSize is the smallest font size a figure shrinks to before it
// wraps instead: below it, print is hard to read.
const minFigureSize = 6.0

// lines returns the lines of one cell and the font size to draw them at.
// Every line fits within the column: a figure in a right-aligned column
// may shrink to minFigureSize to stay on one line, anything else wraps.
func (t *table) lines(c cell, col column, size float64, header bool) ([]string, float64) {
	style := ""
	if c.bold || t.totalRow {
		style = "B"
	}
	w := col.width - 2*t.pad
	t.d.setFont(style, size)
	if col.align == "R" && !header && isFigure(c.text) {
		for size-0.2 >= minFigureSize && t.d.GetStringWidth(c.text) > w {
			size -= 0.2
			t.d.setFont(style, size)
		}
	}
	return t.d.wrap(c.text, w), size
}

// isFigure reports whether s is a number, an amount, a rate or a ratio
// ("12 345,67 €", "-3,5 %", "4 / 12"), as opposed to words.
func isFigure(s string) bool {
	digits := false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits = true
		case strings.ContainsRune(" \u00a0\u202f,.+-−%€/", r):
		default:
			return false
		}
	}
	return digits
}

// height returns the height of a row of cells once wrapped.
func (t *table) height(cells []cell, size float64, header bool) float64 {
	n := 1
	for i, c := range cells {
		if l, _ := t.lines(c, t.cols[i], size, header); len(l) > n {
			n = len(l)
		}
	}
	return float64(n)*t.lineH + 2*t.pad
}

// draw writes the cells of a row whose top is y.
func (t *table) draw(cells []cell, y, size float64, header bool) {
	d := t.d
	x := marginL
	for i, c := range cells {
		col := t.cols[i]
		lines, _ := t.lines(c, col, size, header) // leaves the font at the size that fits
		for j, l := range lines {
			d.SetXY(x+t.pad, y+t.pad+float64(j)*t.lineH)
			d.CellFormat(col.width-2*t.pad, t.lineH, l, "", 0, col.align, false, 0, "")
		}
		x += col.width
	}
}

// row draws one row, starting a new page (and repeating the header) when
// it does not fit on this one.
func (t *table) row(cells []cell) { t.rowNote(cells, "", 0, "") }

// smallSize is the font size of small print under a table note: codes for
// the service, not for the reader.
const smallSize = 5.5

// rowNote draws one row followed, in the same band, by a note spanning the
// columns from column from to the last: a long message reads on two lines
// instead of six in a narrow column. small, when set, follows the note in
// small grey print. The row, its note and small print stay together.
func (t *table) rowNote(cells []cell, note string, from int, small string) {
	d := t.d
	if !t.headed {
		t.header()
	}
	h := t.height(cells, t.size, false)
	var noteLines []string
	noteX, noteW := marginL, t.width()
	if note != "" {
		for _, c := range t.cols[:from] {
			noteX += c.width
			noteW -= c.width
		}
		d.setFont("", t.size)
		noteLines = d.wrap(note, noteW-2*t.pad)
		h += float64(len(noteLines))*t.lineH + t.pad/2
	}
	smallH := smallSize * 0.42
	var smallLines []string
	if small != "" {
		d.setFont("", smallSize)
		smallLines = d.wrap(small, noteW-2*t.pad)
		h += float64(len(smallLines)) * smallH
	}
	if d.GetY()+h > pageBottom {
		d.AddPage()
		if t.continued != "" {
			d.paragraphFont(t.continued+" (suite)", "B", 8.5, 4.5, colMuted)
			d.Ln(0.5)
		}
		t.header()
	}
	y := d.GetY()
	if t.rows%2 == 1 && !t.totalRow {
		d.fillColor(colZebra)
		d.Rect(marginL, y, t.width(), h, "F")
	}
	t.draw(cells, y, t.size, false)
	if len(noteLines) > 0 {
		d.setFont("", t.size)
		top := y + h - t.pad - float64(len(noteLines))*t.lineH - float64(len(smallLines))*smallH
		for j, l := range noteLines {
			d.SetXY(noteX+t.pad, top+float64(j)*t.lineH)
			d.CellFormat(noteW-2*t.pad, t.lineH, l, "", 0, "L", false, 0, "")
		}
	}
	if len(smallLines) > 0 {
		d.setFont("", smallSize)
		d.color(colMuted)
		top := y + h - t.pad - float64(len(smallLines))*smallH
		for j, l := range smallLines {
			d.SetXY(noteX+t.pad, top+float64(j)*smallH)
			d.CellFormat(noteW-2*t.pad, smallH, l, "", 0, "L", false, 0, "")
		}
		d.color(colText)
	}
	if t.totalRow {
		d.drawColor(colText)
		d.SetLineWidth(0.3)
		d.Line(marginL, y, marginL+t.width(), y)
	} else {
		d.drawColor(colRule)
		d.SetLineWidth(0.1)
	}
	d.Line(marginL, y+h, marginL+t.width(), y+h)
	d.SetY(y + h)
	t.rows++
}

// total draws a closing row in bold with a rule above it.
func (t *table) total(cells []cell) {
	t.totalRow = true
	t.row(cells)
	t.totalRow = false
}
