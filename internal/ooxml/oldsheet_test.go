package ooxml

// The worksheet and shared strings readers as they were before the
// scanner (commit 41f75d2), kept to check that the state shared by the
// scanner's reader and encoding/xml's (sheetState, sstState) still reads
// as they did. The only changes: a cell keeps the first maxCellText bytes
// of its whole text (they kept whole the piece that crossed the bound,
// and a formula's overflow went to its value), and the style index is read.

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// oldSheetState is the state of the worksheet stream.
type oldSheetState struct {
	inData              bool
	row                 Row
	lastRow, lastCol    int
	inCell              bool
	cur                 Cell
	inF, inV, inIS, inT bool
	rph                 int
	f, v                boundedText
}

func (p *Package) oldStreamSheet(r io.Reader, g *Grid, need map[int]struct{}) error {
	d, release := newDecoder(r)
	defer release()
	var s oldSheetState
	rows := 0
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "sheetData":
				s.inData = true
			case "row":
				if !s.inData {
					continue
				}
				rows++
				if rows > p.lim.MaxRows {
					g.Truncated = true
					return nil
				}
				n := s.lastRow + 1
				if r := attr(t, "r"); r != "" {
					v, err := strconv.Atoi(r)
					if err != nil || v < 1 || v > MaxSheetRows {
						return fmt.Errorf("row number %q: %w", r, errCorrupt)
					}
					n = v
				}
				s.row = Row{Num: n}
				s.lastRow, s.lastCol = n, 0
			case "c":
				if !s.inData {
					continue
				}
				col := s.lastCol + 1
				if r := attr(t, "r"); r != "" {
					c, _, ok := SplitRef(r)
					if !ok {
						return fmt.Errorf("cell reference %q: %w", r, errCorrupt)
					}
					col = c
				}
				s.lastCol = col
				s.inCell = true
				s.cur = Cell{Col: col, Kind: kindOf(attr(t, "t")), style: styleIndex(attr(t, "s"))}
				s.f.reset(maxFormulaText)
				s.v.reset(maxCellText)
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
		case xml.CharData:
			switch {
			case s.inF:
				s.f.write(t)
			case s.inV || s.inT:
				s.v.write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
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
					s.oldEndCell(p.lim.MaxColumns, need)
				}
			case "row":
				if s.inData && len(s.row.Cells) > 0 {
					cells := s.row.Cells
					if !sort.SliceIsSorted(cells, func(i, j int) bool { return cells[i].Col < cells[j].Col }) {
						sort.SliceStable(cells, func(i, j int) bool { return cells[i].Col < cells[j].Col })
					}
					g.Rows = append(g.Rows, s.row)
				}
				s.row = Row{}
			case "sheetData":
				return nil
			}
		}
	}
}

// endCell finishes the current cell and keeps it if it holds something.
func (s *oldSheetState) oldEndCell(maxCols int, need map[int]struct{}) {
	s.inCell, s.inF, s.inV, s.inIS, s.inT = false, false, false, false, false
	c := s.cur
	if c.Col > maxCols {
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
			need[i] = struct{}{}
		}
	case KindText:
		c.Value = decodeEscapes(c.Value)
	}
	if c.Value == "" && !c.Formula {
		return
	}
	s.row.Cells = append(s.row.Cells, c)
}

// readSharedStrings reads the shared strings whose index is in need.
// Reading stops after the highest needed index.
func oldReadSharedStrings(rc io.Reader, need map[int]struct{}) (map[int]string, error) {
	out := make(map[int]string, len(need))
	if len(need) == 0 {
		return out, nil
	}
	last := -1
	for i := range need {
		last = max(last, i)
	}
	d, release := newDecoder(rc)
	defer release()
	idx, rph := -1, 0
	inT := false
	var text boundedText
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read shared strings: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				idx++
				text.reset(maxCellText)
			case "rPh":
				rph++
			case "t":
				inT = rph == 0 && idx >= 0
			}
		case xml.CharData:
			if inT {
				if _, ok := need[idx]; ok {
					text.write(t)
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inT = false
			case "rPh":
				rph--
			case "si":
				if _, ok := need[idx]; ok {
					out[idx] = decodeEscapes(string(text.b))
				}
				if idx >= last {
					return out, nil
				}
			}
		}
	}
}
