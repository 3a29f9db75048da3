package ooxml

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// CellKind is what a cell holds, from its t attribute.
type CellKind uint8

// Kinds of cell.
const (
	KindNumber CellKind = iota // t="n" or none: Value is the number as stored
	KindShared                 // t="s": only while reading; resolved to KindText
	KindText                   // a shared, inline or formula (t="str") string
	KindBool                   // t="b": "1" or "0"
	KindError                  // t="e": "#DIV/0!", "#REF!"…
	KindDate                   // t="d": ISO 8601 text
)

// Cell is one cell read raw, with no number format applied. A formula
// whose result was not saved has Formula set and an empty Value.
type Cell struct {
	Col     int // 1-based
	Kind    CellKind
	Formula bool
	// Percent is set when the cell's number format shows a percentage
	// (built-in formats 9 and 10, or a custom code with an unquoted %):
	// Excel and LibreOffice store « 57 % » typed by a person as 0.57.
	Percent     bool
	style       int32  // index of its format in the styles part, -1 for none
	FormulaText string // without "="; "" for shared formula children
	Value       string // cached or typed value
}

// Row is one row of a sheet with its non-empty cells in column order.
type Row struct {
	Num   int // 1-based
	Cells []Cell
}

// Grid is the part of a sheet that was read, rows in order.
type Grid struct {
	Name      string // the sheet name as in the file
	Rows      []Row
	Truncated bool // the sheet has rows beyond Limits.MaxRows
}

// At returns the cell at row r and column c (1-based), or nil.
func (g *Grid) At(r, c int) *Cell {
	row := g.Row(r)
	if row == nil {
		return nil
	}
	i := sort.Search(len(row.Cells), func(i int) bool { return row.Cells[i].Col >= c })
	if i < len(row.Cells) && row.Cells[i].Col == c {
		return &row.Cells[i]
	}
	return nil
}

// Row returns the row numbered r, or nil.
func (g *Grid) Row(r int) *Row {
	if g == nil {
		return nil
	}
	i := sort.Search(len(g.Rows), func(i int) bool { return g.Rows[i].Num >= r })
	if i < len(g.Rows) && g.Rows[i].Num == r {
		return &g.Rows[i]
	}
	return nil
}

// Ref returns the address of a cell of g: "Actions!G7".
func (g *Grid) Ref(r, c int) string {
	return g.Name + "!" + CellName(c, r)
}

// Text returns the value of a cell trimmed of spaces; "" for a nil cell.
func (c *Cell) Text() string {
	if c == nil {
		return ""
	}
	return strings.TrimSpace(c.Value)
}

// IsEmpty reports whether the cell holds nothing: no value, no formula.
func (c *Cell) IsEmpty() bool {
	return c == nil || (!c.Formula && strings.TrimSpace(c.Value) == "")
}

// CellName returns the A1 name of column c, row r (1-based).
func CellName(c, r int) string {
	return ColName(c) + strconv.Itoa(r)
}

// ColName returns the letters of column c (1-based): 1 is A, 28 is AB.
func ColName(c int) string {
	var b [8]byte
	i := len(b)
	for c > 0 && i > 0 {
		c--
		i--
		b[i] = byte('A' + c%26)
		c /= 26
	}
	return string(b[i:])
}

// Excel's own bounds of a sheet.
const (
	MaxSheetRows = 1 << 20
	MaxSheetCols = 1 << 14
)

// SplitRef reads "AB12" into column 28, row 12; ok is false for anything
// outside a sheet's bounds.
func SplitRef(ref string) (col, row int, ok bool) { return splitRef(ref) }

func splitRef[T string | []byte](ref T) (col, row int, ok bool) {
	i := 0
	for i < len(ref) && i < 4 {
		ch := ref[i] | 0x20
		if ch < 'a' || ch > 'z' {
			break
		}
		col = col*26 + int(ch-'a'+1)
		i++
	}
	if i == 0 || i == len(ref) {
		return 0, 0, false
	}
	n, isNum := atoi(ref[i:])
	if !isNum || n < 1 || n > MaxSheetRows || col > MaxSheetCols {
		return 0, 0, false
	}
	return col, n, true
}

// decodeEscapes decodes the _xHHHH_ escapes OOXML uses for characters XML
// cannot carry ("_x000D_" for a carriage return, "_x005F_" for "_").
func decodeEscapes(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if i+7 <= len(s) && s[i] == '_' && s[i+1] == 'x' && s[i+6] == '_' {
			if n, err := strconv.ParseUint(s[i+2:i+6], 16, 32); err == nil {
				b.WriteRune(rune(n))
				i += 7
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// SerialDate converts a date serial to a calendar date in loc. In the 1900
// system serial 1 is 1 January 1900 and the fictitious 29 February 1900
// (serial 60) is refused; in the 1904 system serial 0 is 1 January 1904.
// The time of day is dropped. ok is false outside years 1900 to 9999.
func SerialDate(f float64, date1904 bool, loc *time.Location) (time.Time, bool) {
	if math.IsNaN(f) || f < 0 || f > 2958465 || (!date1904 && f < 1) {
		return time.Time{}, false
	}
	days := int(math.Floor(f))
	var y, m, d int
	switch {
	case date1904:
		y, m, d = 1904, 1, 1
	case days < 60:
		y, m, d = 1899, 12, 31
	case days == 60:
		return time.Time{}, false
	default:
		y, m, d = 1899, 12, 30
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, loc).AddDate(0, 0, days), true
}
