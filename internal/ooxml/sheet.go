package ooxml

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// maxCellText bounds the text kept from one cell (Excel's own limit is
// 32,767 characters).
const maxCellText = 32 << 10

// errCorrupt marks XML that does not follow the spreadsheet format.
var errCorrupt = errors.New("malformed worksheet")

// ReadSheets reads the sheets of wb whose name keep accepts, in workbook
// order, and resolves their shared strings. Each sheet is streamed: at
// most MaxRows rows (Grid.Truncated is set when there are more) and
// MaxColumns columns are kept, empty cells are dropped. A damaged sheet
// gives a Corrupt refusal.
func (p *Package) ReadSheets(wb *Workbook, keep func(name string) bool) ([]*Grid, *Refusal) {
	var out []*Grid
	need := map[int]struct{}{}
	for _, s := range wb.Sheets {
		if !keep(s.Name) {
			continue
		}
		g, err := p.readSheet(s.Name, s.part, need)
		if err != nil {
			return nil, refuse(Corrupt, "%v", err)
		}
		out = append(out, g)
	}
	sst, err := p.readSharedStrings(wb.shared, need)
	if err != nil {
		return nil, refuse(Corrupt, "%v", err)
	}
	for _, g := range out {
		g.resolveShared(sst)
	}
	return out, nil
}

// readSheet streams a worksheet part into a grid. Shared string indices
// are added to need, for readSharedStrings.
func (p *Package) readSheet(name, part string, need map[int]struct{}) (*Grid, error) {
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
	d, release := newDecoder(rc)
	defer release()
	if err := p.streamSheet(d, g, need); err != nil {
		return nil, fmt.Errorf("read sheet %q: %w", name, err)
	}
	sort.SliceStable(g.Rows, func(i, j int) bool { return g.Rows[i].Num < g.Rows[j].Num })
	return g, nil
}

// sheetState is the state of the worksheet stream.
type sheetState struct {
	inData              bool
	row                 Row
	lastRow, lastCol    int
	inCell              bool
	cur                 Cell
	inF, inV, inIS, inT bool
	rph                 int
	f, v                strings.Builder
}

func (p *Package) streamSheet(d *xml.Decoder, g *Grid, need map[int]struct{}) error {
	var s sheetState
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
				s.cur = Cell{Col: col, Kind: kindOf(attr(t, "t"))}
				s.f.Reset()
				s.v.Reset()
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
			case s.inF && s.f.Len() < 1024:
				s.f.Write(t)
			case (s.inV || s.inT) && s.v.Len() < maxCellText:
				s.v.Write(t)
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
					s.endCell(p.lim.MaxColumns, need)
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
func (s *sheetState) endCell(maxCols int, need map[int]struct{}) {
	s.inCell, s.inF, s.inV, s.inIS, s.inT = false, false, false, false, false
	c := s.cur
	if c.Col > maxCols {
		return
	}
	c.Value = s.v.String()
	if c.Formula {
		c.FormulaText = s.f.String()
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

func kindOf(t string) CellKind {
	switch t {
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

// readSharedStrings reads the shared strings whose index is in need.
// Reading stops after the highest needed index.
func (p *Package) readSharedStrings(part string, need map[int]struct{}) (map[int]string, error) {
	out := make(map[int]string, len(need))
	if len(need) == 0 || part == "" {
		return out, nil
	}
	last := -1
	for i := range need {
		last = max(last, i)
	}
	f := p.parts[part]
	if f == nil {
		return out, nil
	}
	rc, err := p.open(f)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	d, release := newDecoder(rc)
	defer release()
	idx, rph := -1, 0
	inT := false
	var text strings.Builder
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
				text.Reset()
			case "rPh":
				rph++
			case "t":
				inT = rph == 0 && idx >= 0
			}
		case xml.CharData:
			if inT && text.Len() < maxCellText {
				if _, ok := need[idx]; ok {
					text.Write(t)
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
					out[idx] = decodeEscapes(text.String())
				}
				if idx >= last {
					return out, nil
				}
			}
		}
	}
}

// resolveShared replaces shared string indices by their text.
func (g *Grid) resolveShared(sst map[int]string) {
	for r := range g.Rows {
		cells := g.Rows[r].Cells
		for i := range cells {
			if cells[i].Kind != KindShared {
				continue
			}
			n, _ := strconv.Atoi(strings.TrimSpace(cells[i].Value))
			cells[i].Kind, cells[i].Value = KindText, sst[n]
		}
	}
}
