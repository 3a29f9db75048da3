package ooxml

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxCellText bounds the text kept from one cell (Excel's own limit is
// 32,767 characters); maxFormulaText the formula kept for messages.
const (
	maxCellText    = 32 << 10
	maxFormulaText = 1 << 10
)

// errCorrupt marks XML that does not follow the spreadsheet format.
var errCorrupt = errors.New("malformed worksheet")

// ReadSheets reads the sheets of wb whose name keep accepts, in workbook
// order, resolves their shared strings and marks the cells whose number
// format is a percentage (Cell.Percent). Each sheet is streamed: at most
// MaxRows rows (Grid.Truncated is set when there are more) and MaxColumns
// columns are kept, empty cells are dropped. A damaged sheet or shared
// strings part gives a Corrupt refusal; a styles part that cannot be read
// leaves every cell without Percent.
func (p *Package) ReadSheets(wb *Workbook, keep func(name string) bool) ([]*Grid, *Refusal) {
	return p.readSheets(wb, keep, p.streamSheet, readSharedStrings)
}

// readSheets reads the sheets with the given readers of sheet and shared
// strings XML: the scanner's, or encoding/xml's (ReadSheetsReference).
func (p *Package) readSheets(wb *Workbook, keep func(name string) bool,
	sheet func(r io.Reader, g *Grid, need map[int]struct{}) error,
	sst func(r io.Reader, need map[int]struct{}) (map[int]string, error)) ([]*Grid, *Refusal) {
	var out []*Grid
	need := map[int]struct{}{}
	styled := false
	for _, s := range wb.Sheets {
		if !keep(s.Name) {
			continue
		}
		g, err := p.readSheet(s.Name, s.part, need, sheet)
		if err != nil {
			return nil, refuse(Corrupt, "%v", err)
		}
		styled = styled || g.styled()
		out = append(out, g)
	}
	strs, err := p.sharedStrings(wb.shared, need, sst)
	if err != nil {
		return nil, refuse(Corrupt, "%v", err)
	}
	var percent []bool
	if styled {
		percent = p.percentStyles(wb.styles)
	}
	for _, g := range out {
		g.resolve(strs, percent)
	}
	return out, nil
}

// readSheet streams a worksheet part into a grid with read. Shared string
// indices are added to need, for the shared strings reader.
func (p *Package) readSheet(name, part string, need map[int]struct{}, read func(io.Reader, *Grid, map[int]struct{}) error) (*Grid, error) {
	f := p.parts[part]
	if f == nil {
		return nil, fmt.Errorf("read sheet %q: no part: %w", name, errCorrupt)
	}
	rc, err := p.open(f)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	g := &Grid{Name: name}
	if err := read(rc, g, need); err != nil {
		return nil, fmt.Errorf("read sheet %q: %w", name, err)
	}
	sort.SliceStable(g.Rows, func(i, j int) bool { return g.Rows[i].Num < g.Rows[j].Num })
	return g, nil
}

// sheetState is the state of the worksheet stream, whichever reader
// tokenises it.
type sheetState struct {
	lim                 Limits
	g                   *Grid
	need                map[int]struct{} // shared string indices met
	inData              bool
	row                 Row
	lastRow, lastCol    int
	inCell              bool
	cur                 Cell
	inF, inV, inIS, inT bool
	rph                 int
	f, v                boundedText
	rows                int // rows started in sheetData
	cells               []Cell
	rowStart            int // index in cells of the row's first cell
}

// startRow begins a row from its r attribute ("" when absent); truncated
// is set when the row is beyond maxRows.
func (s *sheetState) startRow(r []byte) (truncated bool, err error) {
	s.rows++
	if s.rows > s.lim.MaxRows {
		return true, nil
	}
	n := s.lastRow + 1
	if len(r) > 0 {
		v, ok := atoi(r)
		if !ok || v < 1 || v > MaxSheetRows {
			return false, fmt.Errorf("row number %q: %w", r, errCorrupt)
		}
		n = v
	}
	s.row, s.rowStart = Row{Num: n}, len(s.cells)
	s.lastRow, s.lastCol = n, 0
	return false, nil
}

// startCell begins a cell from its r, t and s attributes.
func (s *sheetState) startCell(r, t, style []byte) error {
	col := s.lastCol + 1
	if len(r) > 0 {
		c, _, ok := splitRef(r)
		if !ok {
			return fmt.Errorf("cell reference %q: %w", r, errCorrupt)
		}
		col = c
	}
	s.lastCol = col
	s.inCell = true
	s.cur = Cell{Col: col, Kind: kindOf(t), style: styleIndex(style)}
	s.f.reset(maxFormulaText)
	s.v.reset(maxCellText)
	return nil
}

// text adds character data to the formula or the value being read.
func (s *sheetState) text(b []byte) {
	switch {
	case s.inF:
		s.f.write(b)
	case s.inV || s.inT:
		s.v.write(b)
	}
}

// endRow keeps the row read if it holds any cell.
func (s *sheetState) endRow() {
	if cells := s.cells[s.rowStart:len(s.cells):len(s.cells)]; s.inData && len(cells) > 0 {
		if !sort.SliceIsSorted(cells, func(i, j int) bool { return cells[i].Col < cells[j].Col }) {
			sort.SliceStable(cells, func(i, j int) bool { return cells[i].Col < cells[j].Col })
		}
		s.row.Cells = cells
		s.g.Rows = append(s.g.Rows, s.row)
	}
	s.row, s.rowStart = Row{}, len(s.cells)
}

// keep adds a cell to the row being read. The cells of a sheet are kept
// in chunks, a row's cells in one chunk: one allocation for many rows.
func (s *sheetState) keep(c Cell) {
	if len(s.cells) == cap(s.cells) {
		row := s.cells[s.rowStart:]
		size := min(cellChunk, max(firstCellChunk, 2*cap(s.cells)))
		chunk := make([]Cell, len(row), max(size, 2*len(row)))
		copy(chunk, row)
		s.cells, s.rowStart = chunk, 0
	}
	s.cells = append(s.cells, c)
}

// Cells are allocated firstCellChunk at a time, then twice as many each
// time up to cellChunk: a workbook to fill has a few hundred cells, a
// register a few hundred thousand.
const (
	firstCellChunk = 64
	cellChunk      = 1024
)

// streamSheet reads worksheet XML with the scanner.
func (p *Package) streamSheet(r io.Reader, g *Grid, need map[int]struct{}) error {
	sc, release := newScanner(r)
	defer release()
	s := sheetState{lim: p.lim, g: g, need: need}
	for {
		switch sc.next() {
		case tokErr:
			return sc.err
		case tokEOF:
			return nil
		case tokStart:
			if stop, err := s.start(string(sc.name), sc.attr); stop || err != nil {
				return err
			}
		case tokText:
			s.text(sc.text)
		case tokEnd:
			if s.end(string(sc.name)) {
				return nil
			}
		}
	}
}

// start handles a start tag; stop is set when the sheet has more rows
// than the limit (Grid.Truncated is set) or on an error.
func (s *sheetState) start(name string, attr func(local string) []byte) (stop bool, err error) {
	switch name {
	case "sheetData":
		s.inData = true
	case "row":
		if !s.inData {
			return false, nil
		}
		truncated, err := s.startRow(attr("r"))
		if truncated {
			s.g.Truncated = true
		}
		return truncated || err != nil, err
	case "c":
		if !s.inData {
			return false, nil
		}
		err := s.startCell(attr("r"), attr("t"), attr("s"))
		return err != nil, err
	case "f":
		if s.inCell {
			s.inF, s.cur.Formula = true, true
		}
	case "v":
		s.inV = s.inCell
	case "is":
		s.inIS = s.inCell
	case "rPh":
		s.rph++
	case "t":
		s.inT = s.inIS && s.rph == 0
	}
	return false, nil
}

// end handles an end tag; stop is set at the end of the sheet's data.
func (s *sheetState) end(name string) (stop bool) {
	switch name {
	case "f":
		s.inF = false
	case "v":
		s.inV = false
	case "t":
		s.inT = false
	case "is":
		s.inIS = false
	case "rPh":
		s.rph--
	case "c":
		if s.inCell {
			s.endCell()
		}
	case "row":
		s.endRow()
	case "sheetData":
		return true
	}
	return false
}

// endCell finishes the current cell and keeps it if it holds something.
func (s *sheetState) endCell() {
	s.inCell, s.inF, s.inV, s.inIS, s.inT = false, false, false, false, false
	c := s.cur
	if c.Col > s.lim.MaxColumns {
		return
	}
	c.Value = string(s.v.b)
	if c.Formula {
		c.FormulaText = string(s.f.b)
	}
	switch c.Kind {
	case KindShared:
		i, err := strconv.Atoi(strings.TrimSpace(c.Value))
		if err != nil || i < 0 {
			c.Kind, c.Value = KindText, ""
		} else {
			s.need[i] = struct{}{}
		}
	case KindText:
		c.Value = decodeEscapes(c.Value)
	}
	if c.Value == "" && !c.Formula {
		return
	}
	s.keep(c)
}

// kindOf reads a cell's t attribute.
func kindOf[T string | []byte](t T) CellKind {
	switch string(t) {
	case "s":
		return KindShared
	case "str", "inlineStr":
		return KindText
	case "b":
		return KindBool
	case "e":
		return KindError
	case "d":
		return KindDate
	}
	return KindNumber
}

// styleIndex reads a cell's s attribute, the index of its format in the
// styles part; -1 when absent or not a number (the format then is the
// default one, never a percentage).
func styleIndex[T string | []byte](s T) int32 {
	if len(s) == 0 {
		return -1
	}
	n, ok := atoi(s)
	if !ok || n < 0 || n > maxStyles {
		return -1
	}
	return int32(n)
}

// atoi reads a decimal integer as strconv.Atoi does: an optional sign,
// then digits only; ok is false for anything else or beyond ±10^15.
func atoi[T string | []byte](s T) (int, bool) {
	i, neg := 0, false
	if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		i = 1
	}
	if i == len(s) {
		return 0, false
	}
	n := 0
	for ; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if n = n*10 + int(c-'0'); n > 1e15 {
			return 0, false
		}
	}
	if neg {
		n = -n
	}
	return n, true
}

// boundedText keeps the first bytes of a text given in pieces, at most
// limit, cut at the start of a character: the same whatever the pieces.
type boundedText struct {
	b     []byte
	limit int
	full  bool
}

func (t *boundedText) reset(limit int) { t.b, t.limit, t.full = t.b[:0], limit, false }

func (t *boundedText) write(p []byte) {
	if t.full {
		return
	}
	if room := t.limit - len(t.b); len(p) > room {
		cut := room
		for cut > 0 && !utf8.RuneStart(p[cut]) {
			cut--
		}
		t.b = append(t.b, p[:cut]...)
		t.full = true
		return
	}
	t.b = append(t.b, p...)
}

// resolve replaces shared string indices by their text and sets Percent
// on cells whose format is a percentage.
func (g *Grid) resolve(sst map[int]string, percent []bool) {
	for r := range g.Rows {
		cells := g.Rows[r].Cells
		for i := range cells {
			c := &cells[i]
			if c.style >= 0 && int(c.style) < len(percent) {
				c.Percent = percent[c.style]
			}
			if c.Kind != KindShared {
				continue
			}
			n, _ := strconv.Atoi(strings.TrimSpace(c.Value))
			c.Kind, c.Value = KindText, sst[n]
		}
	}
}

// styled reports whether a cell of g names a format.
func (g *Grid) styled() bool {
	for r := range g.Rows {
		for _, c := range g.Rows[r].Cells {
			if c.style >= 0 {
				return true
			}
		}
	}
	return false
}
