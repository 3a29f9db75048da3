package reports

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// fillCells gives every noted cell a copy of its own cell format (cellXfs
// entry) that differs only by its fill, so its number format, font,
// borders, alignment and protection stay exactly as they were.
func (p *xlsxPackage) fillCells(sheets map[string]string, notes []*cellNote) error {
	part, err := p.workbookRel("/styles")
	if err != nil {
		return err
	}
	styles, ok := p.parts[part]
	if part == "" || !ok {
		return fmt.Errorf("the workbook has no styles part")
	}
	xfs, xfsAt, err := cellXfs(styles)
	if err != nil {
		return err
	}
	fills := map[int]int{} // severity rank → fill index
	added := map[[2]int]int{}
	var newXfs []string
	for _, n := range notes {
		sheetPart := sheets[n.sheet]
		sheet := p.parts[sheetPart]
		cur, err := cellStyle(sheet, n.cell)
		if err != nil {
			return fmt.Errorf("read style of %s!%s: %w", n.sheet, n.cell, err)
		}
		worst := n.worst()
		id, ok := added[[2]int{cur, worst}]
		if !ok {
			fill, ok := fills[worst]
			if !ok {
				if styles, fill, err = addFill(styles, annotateFills[worst]); err != nil {
					return err
				}
				fills[worst] = fill
				if xfs, xfsAt, err = cellXfs(styles); err != nil {
					return err
				}
			}
			base := `<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>`
			if cur < len(xfs) {
				base = xfs[cur]
			}
			id = len(xfs) + len(newXfs)
			newXfs = append(newXfs, setAttr(setAttr(base, "fillId", strconv.Itoa(fill)), "applyFill", "1"))
			added[[2]int{cur, worst}] = id
		}
		if sheet, err = setCellStyle(sheet, n.cell, id); err != nil {
			return fmt.Errorf("highlight %s!%s: %w", n.sheet, n.cell, err)
		}
		p.set(sheetPart, sheet)
	}
	styles = append(append(append([]byte{}, styles[:xfsAt]...), strings.Join(newXfs, "")...), styles[xfsAt:]...)
	styles = setCount(styles, "cellXfs", len(xfs)+len(newXfs))
	p.set(part, styles)
	return nil
}

var (
	cellXfsRe = regexp.MustCompile(`(?s)<(\w+:)?cellXfs\b[^>]*>(.*?)</(\w+:)?cellXfs>`)
	xfStartRe = regexp.MustCompile(`<(\w+:)?xf[\s/>]`)
	fillsRe   = regexp.MustCompile(`(?s)<(\w+:)?fills\b[^>]*>(.*?)</(\w+:)?fills>`)
	fillRe    = regexp.MustCompile(`<(\w+:)?fill[\s/>]`)
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

// addFill appends a solid fill of colour argb and returns its index.
func addFill(styles []byte, argb string) ([]byte, int, error) {
	m := fillsRe.FindSubmatchIndex(styles)
	if m == nil {
		return nil, 0, fmt.Errorf("the styles part has no fills list")
	}
	p := ""
	if m[2] >= 0 {
		p = string(styles[m[2]:m[3]])
	}
	n := len(fillRe.FindAllIndex(styles[m[4]:m[5]], -1))
	fill := fmt.Sprintf(`<%[1]sfill><%[1]spatternFill patternType="solid"><%[1]sfgColor rgb="%[2]s"/><%[1]sbgColor indexed="64"/></%[1]spatternFill></%[1]sfill>`, p, argb)
	out := append(append(append([]byte{}, styles[:m[5]]...), fill...), styles[m[5]:]...)
	return setCount(out, "fills", n+1), n, nil
}

// setCount sets the count attribute of the first element of that name.
func setCount(data []byte, element string, n int) []byte {
	re := regexp.MustCompile(`<(\w+:)?` + element + `\b[^>]*>`)
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
	re := regexp.MustCompile(`(\s` + name + `=)("[^"]*"|'[^']*')`)
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
	return regexp.MustCompile(`<(\w+:)?c\s[^>]*?\br=["']` + cell + `["'][^>]*>`)
}

// cellStyle returns the style index of a cell, 0 when it has none or does
// not exist.
func cellStyle(sheet []byte, cell string) (int, error) {
	tag := cellStartRe(cell).Find(sheet)
	if tag == nil {
		return 0, nil
	}
	m := regexp.MustCompile(`\ss=["'](\d+)["']`).FindSubmatch(tag)
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
	m := regexp.MustCompile(`<(\w+:)?sheetData\b`).FindSubmatch(sheet)
	if m == nil {
		return nil, fmt.Errorf("no sheetData")
	}
	p := string(m[1])
	newCell := fmt.Sprintf(`<%sc r="%s" s="%s"/>`, p, cell, s)

	rowRe := regexp.MustCompile(`<` + p + `row\s[^>]*?\br=["'](\d+)["'][^>]*>`)
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
		for _, c := range regexp.MustCompile(`<`+p+`c\s[^>]*?\br=["']([A-Z]+)\d+["']`).FindAllStringSubmatchIndex(body, -1) {
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
