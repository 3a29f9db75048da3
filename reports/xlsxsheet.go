package reports

import (
	"fmt"
	"strings"
	"time"

	"github.com/pactd/pactd/reconcile"
	"github.com/xuri/excelize/v2"
)

// xkind is the type of a spreadsheet column, which decides its cell type
// and number format.
type xkind int

const (
	xText     xkind = iota
	xInt            // a count
	xEuro           // an amount of euros, # ##0,00 €
	xRate           // a fraction shown as 0,0 %
	xDate           // a day
	xDateTime       // a day and time (Paris)
)

// xcol is one column of an annex sheet.
type xcol struct {
	label string
	width float64
	kind  xkind
}

// xstyles are the style IDs of an annex workbook.
type xstyles struct {
	header, euro, rate, date, dateTime, text int
}

func newXStyles(f *excelize.File) (xstyles, error) {
	var s xstyles
	var err error
	euro := `#,##0.00\ "€";\-#,##0.00\ "€"`
	rate := "0.0%"
	date := "dd/mm/yyyy"
	dateTime := "dd/mm/yyyy hh:mm"
	for _, st := range []struct {
		id    *int
		style *excelize.Style
	}{
		{&s.header, &excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DEDEE6"}},
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"},
			Border:    []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}}}},
		{&s.euro, &excelize.Style{CustomNumFmt: &euro}},
		{&s.rate, &excelize.Style{CustomNumFmt: &rate}},
		{&s.date, &excelize.Style{CustomNumFmt: &date}},
		{&s.dateTime, &excelize.Style{CustomNumFmt: &dateTime}},
		{&s.text, &excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
	} {
		if *st.id, err = f.NewStyle(st.style); err != nil {
			return s, fmt.Errorf("create annex style: %w", err)
		}
	}
	return s, nil
}

// xsheet writes one table on one sheet: a header row, typed rows, frozen
// header, autofilter and column widths.
type xsheet struct {
	f    *excelize.File
	st   xstyles
	name string
	cols []xcol
	row  int
	err  error
	// printCols and printRows widen the print area beyond the table, for
	// a sheet that holds more (the summary's chart data and charts).
	printCols, printRows int
}

func newXSheet(f *excelize.File, st xstyles, name string, first bool, cols ...xcol) *xsheet {
	s := &xsheet{f: f, st: st, name: name, cols: cols, row: 1}
	if first {
		s.err = f.SetSheetName("Sheet1", name)
	} else if _, err := f.NewSheet(name); err != nil {
		s.err = err
	}
	for i, c := range cols {
		ref, _ := excelize.CoordinatesToCellName(i+1, 1)
		s.set(f.SetCellStr(name, ref, c.label))
		colName, _ := excelize.ColumnNumberToName(i + 1)
		s.set(f.SetColWidth(name, colName, colName, c.width))
	}
	if len(cols) > 0 {
		last, _ := excelize.CoordinatesToCellName(len(cols), 1)
		s.set(f.SetCellStyle(name, "A1", last, st.header))
	}
	s.set(f.SetRowHeight(name, 1, 30))
	return s
}

func (s *xsheet) set(err error) {
	if err != nil && s.err == nil {
		s.err = fmt.Errorf("write annex sheet %q: %w", s.name, err)
	}
}

// add writes one row. Values are written as values, never as formulas:
// strings with SetCellStr, so "=1+1" stays the text "=1+1".
func (s *xsheet) add(values ...any) {
	s.row++
	lines := 1
	for i, v := range values {
		ref, _ := excelize.CoordinatesToCellName(i+1, s.row)
		s.cell(ref, v)
		if text, ok := v.(string); ok && i < len(s.cols) && s.wraps(s.cols[i]) {
			lines = max(lines, wrappedLines(text, s.cols[i].width))
		}
	}
	if lines > 1 {
		// Spreadsheet programs do not grow a row to fit wrapped text on
		// their own when they open a file: give it the lines it needs.
		s.set(s.f.SetRowHeight(s.name, s.row, float64(min(lines, 15))*rowLineHeight))
	}
}

// rowLineHeight is the height of a line of text in a row, in points.
const rowLineHeight = 12.75

// wraps reports whether a column's texts wrap (finish gives them the
// wrapping style).
func (s *xsheet) wraps(c xcol) bool { return c.kind == xText && c.width >= 40 }

// wrappedLines estimates how many lines a text takes in a column of that
// width (in characters of the default font), words kept whole.
func wrappedLines(text string, width float64) int {
	per := int(width * 1.05)
	n := 0
	for _, para := range strings.Split(text, "\n") {
		n++
		col := 0
		for _, w := range strings.Fields(para) {
			l := len([]rune(w))
			switch {
			case col == 0:
				col = l
			case col+1+l <= per:
				col += 1 + l
			default:
				n++
				col = l
			}
		}
	}
	return n
}

func (s *xsheet) cell(ref string, v any) {
	f, name := s.f, s.name
	switch v := v.(type) {
	case nil:
	case string:
		if v = xmlSafe(v); v != "" {
			s.set(f.SetCellStr(name, ref, v))
		}
	case int:
		s.set(f.SetCellInt(name, ref, int64(v)))
	case int64:
		s.set(f.SetCellInt(name, ref, v))
	case bool:
		if v {
			s.set(f.SetCellStr(name, ref, "Oui"))
		} else {
			s.set(f.SetCellStr(name, ref, "Non"))
		}
	case reconcile.Amount:
		s.set(f.SetCellFloat(name, ref, v.Euros(), 2, 64))
		s.set(f.SetCellStyle(name, ref, ref, s.st.euro))
	case *reconcile.Amount:
		if v != nil {
			s.cell(ref, *v)
		}
	case *reconcile.Rate: // the fraction the PDF shows, 0.885 for 88,5 %
		if v != nil {
			s.set(f.SetCellFloat(name, ref, v.Fraction(), 3, 64))
			s.set(f.SetCellStyle(name, ref, ref, s.st.rate))
		}
	case *float64: // a rate as a fraction (a finding's percentage)
		if v != nil {
			s.set(f.SetCellFloat(name, ref, *v, 4, 64))
			s.set(f.SetCellStyle(name, ref, ref, s.st.rate))
		}
	case float64:
		s.set(f.SetCellFloat(name, ref, v, -1, 64))
	case reconcile.Value:
		switch v.Kind {
		case reconcile.KindMoney:
			s.cell(ref, v.Money)
		case reconcile.KindNumber:
			s.cell(ref, v.Number)
		case reconcile.KindText:
			s.cell(ref, v.Text)
		}
	case xday:
		if !time.Time(v).IsZero() {
			p := time.Time(v).In(reconcile.Paris)
			s.set(f.SetCellValue(name, ref, time.Date(p.Year(), p.Month(), p.Day(), 0, 0, 0, 0, time.UTC)))
			s.set(f.SetCellStyle(name, ref, ref, s.st.date))
		}
	case time.Time:
		if !v.IsZero() {
			s.set(f.SetCellValue(name, ref, localWall(v)))
			s.set(f.SetCellStyle(name, ref, ref, s.st.dateTime))
		}
	default:
		s.set(fmt.Errorf("unsupported value %T", v))
	}
}

// xday marks a time to be shown as a day only.
type xday time.Time

// localWall returns t's wall clock in Paris as a zone-less time, since
// spreadsheet dates have no zone.
func localWall(t time.Time) time.Time {
	p := t.In(reconcile.Paris)
	return time.Date(p.Year(), p.Month(), p.Day(), p.Hour(), p.Minute(), p.Second(), 0, time.UTC)
}

// finish freezes the header, sets the autofilter over the table and the
// sheet dimension, and returns the first error met.
func (s *xsheet) finish() error {
	if s.err != nil {
		return s.err
	}
	last, _ := excelize.CoordinatesToCellName(len(s.cols), max(s.row, 2))
	for i, c := range s.cols {
		if s.wraps(c) && s.row > 1 {
			top, _ := excelize.CoordinatesToCellName(i+1, 2)
			bottom, _ := excelize.CoordinatesToCellName(i+1, s.row)
			s.set(s.f.SetCellStyle(s.name, top, bottom, s.st.text))
		}
	}
	s.set(s.f.SetPanes(s.name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}))
	s.set(s.f.AutoFilter(s.name, "A1:"+last, nil))
	s.printLayout()
	return s.err
}

// setPrintRows widens the print area down to row n.
func (s *xsheet) setPrintRows(n int) { s.printRows = n }

// printLayout makes the sheet print as people expect: A4 (A3 for the
// widest tables), landscape when the table is wide, the width fitted to one page, the header row repeated
// on every page, a print area over the table (and what printCols and
// printRows add), and a footer naming the sheet and the page.
func (s *xsheet) printLayout() {
	quoted := "'" + strings.ReplaceAll(s.name, "'", "''") + "'"
	cols, rows := max(len(s.cols), s.printCols, 1), max(s.row, s.printRows, 2)
	lastCol, _ := excelize.ColumnNumberToName(cols)
	s.set(s.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area",
		RefersTo: fmt.Sprintf("%s!$A$1:$%s$%d", quoted, lastCol, rows), Scope: s.name}))
	s.set(s.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles",
		RefersTo: quoted + "!$1:$1", Scope: s.name}))
	width := 0.0
	for _, c := range s.cols {
		width += c.width
	}
	orientation := "portrait"
	if width > 100 || s.printCols > len(s.cols) {
		orientation = "landscape"
	}
	// A table wider than three A4 pages prints on A3, so that its text
	// stays legible once fitted to the width.
	paper, one, free := 9, 1, 0
	if width > 300 {
		paper = 8
	}
	s.set(s.f.SetPageLayout(s.name, &excelize.PageLayoutOptions{Size: &paper, Orientation: &orientation,
		FitToWidth: &one, FitToHeight: &free}))
	fit := true
	s.set(s.f.SetSheetProps(s.name, &excelize.SheetPropsOptions{FitToPage: &fit}))
	margin, edge := 0.5, 0.3
	s.set(s.f.SetPageMargins(s.name, &excelize.PageLayoutMarginsOptions{Left: &margin, Right: &margin,
		Top: &margin, Bottom: &margin, Header: &edge, Footer: &edge}))
	s.set(s.f.SetHeaderFooter(s.name, &excelize.HeaderFooterOptions{
		OddHeader: "&L&8Rapport hebdomadaire CLS — annexe&R&8&A",
		OddFooter: "&L&8Pacte national des solidarités — Contrats locaux des solidarités&R&8Page &P sur &N"}))
}

// xmlSafe drops the characters XML 1.0 cannot hold (control characters
// other than tab and newlines, U+FFFE and U+FFFF), which a file name from
// a mail may carry and which would make the workbook unreadable.
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return r
		case r < 0x20 || r == 0xFFFE || r == 0xFFFF:
			return -1
		}
		return r
	}, s)
}
