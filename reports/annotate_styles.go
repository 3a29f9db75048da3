package reports

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Fills of annotated cells, by severity rank: red for bloquant, orange for
// alerte, dark enough to stand out from the template's own pale fills
// (yellow cells to fill, grey pre-filled ones, pale blue totals) on screen
// and on a black and white printer, where the red prints darker than the
// orange. An information does not recolour its cell: the fill-in colour
// stays where nothing is to be corrected.
var annotateFills = [2]string{"FFE06666", "FFF4A460"}

// minimalStyles is the styles part of a workbook that has none (files
// written by JavaScript libraries): one font, the two mandatory fills, one
// border, one cell format.
const minimalStyles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="` + nsSpreadsheet + `"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>` +
	`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
	`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
	`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
	`<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs></styleSheet>`

// styleBook adds fonts, fills and cell formats to a styles part, keeping
// every format the sender's cells use at its index.
type styleBook struct {
	styles []byte
	xfs    []string // the cellXfs entries as written
	added  []string // new cellXfs entries
	fills  map[string]int
	copies map[[2]int]int // (style, fill) → new style
}

func newStyleBook(styles []byte) (*styleBook, error) {
	if len(styles) == 0 {
		styles = []byte(minimalStyles)
	}
	b := &styleBook{styles: styles, fills: map[string]int{}, copies: map[[2]int]int{}}
	xfs, _, err := cellXfs(styles)
	if err != nil {
		return nil, err
	}
	b.xfs = xfs
	return b, nil
}

// fill returns the index of a solid fill of colour argb, added once.
func (b *styleBook) fill(argb string) (int, error) {
	if i, ok := b.fills[argb]; ok {
		return i, nil
	}
	styles, i, err := addToList(b.styles, "fills", "fill",
		`<%[1]sfill><%[1]spatternFill patternType="solid"><%[1]sfgColor rgb="`+argb+`"/><%[1]sbgColor indexed="64"/></%[1]spatternFill></%[1]sfill>`)
	if err != nil {
		return 0, err
	}
	b.styles, b.fills[argb] = styles, i
	return i, nil
}

// font returns the index of a new font written by the format (with %[1]s
// for the element prefix).
func (b *styleBook) font(format string) (int, error) {
	styles, i, err := addToList(b.styles, "fonts", "font", format)
	if err != nil {
		return 0, err
	}
	b.styles = styles
	return i, nil
}

// withFill returns a copy of cell format style that differs only by its
// fill, so that the cell's number format, font, borders, alignment and
// protection stay as they were.
func (b *styleBook) withFill(style, fill int) int {
	if id, ok := b.copies[[2]int{style, fill}]; ok {
		return id
	}
	base := `<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>`
	if style < len(b.xfs) {
		base = b.xfs[style]
	}
	id := b.xf(setAttr(setAttr(base, "fillId", strconv.Itoa(fill)), "applyFill", "1"))
	b.copies[[2]int{style, fill}] = id
	return id
}

// xf adds a cell format and returns its index.
func (b *styleBook) xf(entry string) int {
	b.added = append(b.added, entry)
	return len(b.xfs) + len(b.added) - 1
}

// bytes returns the styles part with the new cell formats.
func (b *styleBook) bytes() ([]byte, error) {
	_, at, err := cellXfs(b.styles)
	if err != nil {
		return nil, err
	}
	out := append(append(append([]byte{}, b.styles[:at]...), strings.Join(b.added, "")...), b.styles[at:]...)
	return setCount(out, "cellXfs", len(b.xfs)+len(b.added)), nil
}

var (
	cellXfsRe = regexp.MustCompile(`(?s)<(\w+:)?cellXfs\b[^>]*>(.*?)</(\w+:)?cellXfs>`)
	xfStartRe = regexp.MustCompile(`<(\w+:)?xf[\s/>]`)
)

// cellXfs returns each <xf> of the cellXfs list as written, and the offset
// where a new one is appended.
func cellXfs(styles []byte) ([]string, int, error) {
	m := cellXfsRe.FindSubmatchIndex(styles)
	if m == nil {
		return nil, 0, fmt.Errorf("the styles part has no cellXfs list")
	}
	body := string(styles[m[4]:m[5]])
	var xfs []string
	for _, loc := range xfStartRe.FindAllStringIndex(body, -1) {
		end := strings.IndexByte(body[loc[0]:], '>') + loc[0]
		if body[end-1] == '/' {
			xfs = append(xfs, body[loc[0]:end+1])
			continue
		}
		close := strings.Index(body[end:], "xf>")
		if close < 0 {
			return nil, 0, fmt.Errorf("the styles part has an unterminated xf")
		}
		xfs = append(xfs, body[loc[0]:end+close+3])
	}
	return xfs, m[5], nil
}

// addToList appends an entry (a format with %[1]s for the prefix) to the
// list element (fonts, fills) of a styles part and returns its index.
func addToList(styles []byte, list, item, format string) ([]byte, int, error) {
	listRe := compiled(`(?s)<(\w+:)?` + list + `\b[^>]*>(.*?)</(\w+:)?` + list + `>`)
	m := listRe.FindSubmatchIndex(styles)
	if m == nil {
		return nil, 0, fmt.Errorf("the styles part has no %s list", list)
	}
	p := ""
	if m[2] >= 0 {
		p = string(styles[m[2]:m[3]])
	}
	n := len(compiled(`<(\w+:)?`+item+`[\s/>]`).FindAllIndex(styles[m[4]:m[5]], -1))
	entry := fmt.Sprintf(format, p)
	out := append(append(append([]byte{}, styles[:m[5]]...), entry...), styles[m[5]:]...)
	return setCount(out, list, n+1), n, nil
}

// setCount sets the count attribute of the first element of that name.
func setCount(data []byte, element string, n int) []byte {
	re := compiled(`<(\w+:)?` + element + `\b[^>]*>`)
	loc := re.FindIndex(data)
	if loc == nil {
		return data
	}
	tag := setAttr(string(data[loc[0]:loc[1]]), "count", strconv.Itoa(n))
	return append(append(append([]byte{}, data[:loc[0]]...), tag...), data[loc[1]:]...)
}

// setAttr sets an attribute in the start tag that begins element.
func setAttr(element, name, value string) string {
	end := strings.IndexByte(element, '>')
	if end < 0 {
		return element
	}
	start := element[:end]
	re := compiled(`(\s` + name + `=)("[^"]*"|'[^']*')`)
	if re.MatchString(start) {
		start = re.ReplaceAllString(start, `${1}"`+value+`"`)
	} else {
		self := strings.HasSuffix(start, "/")
		start = strings.TrimSuffix(start, "/") + " " + name + `="` + value + `"`
		if self {
			start += "/"
		}
	}
	return start + element[end:]
}

// cellStartRe finds the start tag of a cell by reference.
func cellStartRe(cell string) *regexp.Regexp {
	return compiled(`<(\w+:)?c\s[^>]*?\br=["']` + cell + `["'][^>]*>`)
}

// cellStyle returns the style index of a cell, 0 when it has none or does
// not exist.
func cellStyle(sheet []byte, cell string) (int, error) {
	tag := cellStartRe(cell).Find(sheet)
	if tag == nil {
		return 0, nil
	}
	m := compiled(`\ss=["'](\d+)["']`).FindSubmatch(tag)
	if m == nil {
		return 0, nil
	}
	return strconv.Atoi(string(m[1]))
}

// setCellStyle sets the style of a cell, writing an empty styled cell
// where the sheet has none, in row and column order.
func setCellStyle(sheet []byte, cell string, style int) ([]byte, error) {
	s := strconv.Itoa(style)
	if loc := cellStartRe(cell).FindIndex(sheet); loc != nil {
		tag := setAttr(string(sheet[loc[0]:loc[1]]), "s", s)
		return append(append(append([]byte{}, sheet[:loc[0]]...), tag...), sheet[loc[1]:]...), nil
	}
	col, row, err := excelize.CellNameToCoordinates(cell)
	if err != nil {
		return nil, err
	}
	m := compiled(`<(\w+:)?sheetData\b`).FindSubmatch(sheet)
	if m == nil {
		return nil, fmt.Errorf("no sheetData")
	}
	p := string(m[1])
	newCell := fmt.Sprintf(`<%sc r="%s" s="%s"/>`, p, cell, s)

	rowRe := compiled(`<` + p + `row\s[^>]*?\br=["'](\d+)["'][^>]*>`)
	for _, loc := range rowRe.FindAllSubmatchIndex(sheet, -1) {
		r, _ := strconv.Atoi(string(sheet[loc[2]:loc[3]]))
		if r < row {
			continue
		}
		if r > row { // insert a new row before this one
			add := fmt.Sprintf(`<%[1]srow r="%[2]d">%[3]s</%[1]srow>`, p, row, newCell)
			return append(append(append([]byte{}, sheet[:loc[0]]...), add...), sheet[loc[0]:]...), nil
		}
		if sheet[loc[1]-2] == '/' { // <row r="7"/>
			tag := string(sheet[loc[0] : loc[1]-2])
			add := tag + ">" + newCell + "</" + p + "row>"
			return append(append(append([]byte{}, sheet[:loc[0]]...), add...), sheet[loc[1]:]...), nil
		}
		end := strings.Index(string(sheet[loc[1]:]), "</"+p+"row>")
		if end < 0 {
			return nil, fmt.Errorf("unterminated row %d", row)
		}
		body := string(sheet[loc[1] : loc[1]+end])
		at := loc[1] + end
		for _, c := range compiled(`<`+p+`c\s[^>]*?\br=["']([A-Z]+)\d+["']`).FindAllStringSubmatchIndex(body, -1) {
			if n, _ := excelize.ColumnNameToNumber(body[c[2]:c[3]]); n > col {
				at = loc[1] + c[0]
				break
			}
		}
		return append(append(append([]byte{}, sheet[:at]...), newCell...), sheet[at:]...), nil
	}
	add := fmt.Sprintf(`<%[1]srow r="%[2]d">%[3]s</%[1]srow>`, p, row, newCell)
	out, ok := insertBeforeClose(sheet, "sheetData", add)
	if !ok {
		return nil, fmt.Errorf("no end of sheetData")
	}
	return out, nil
}
