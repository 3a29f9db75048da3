package ooxml

// Which cell formats show a percentage. A cell's s attribute is an index
// into the cellXfs list of the styles part; each xf names a number format
// by numFmtId: a built-in one (9 is "0%", 10 is "0.00%") or one the part
// defines in numFmts with its format code. A code shows a percentage when
// it holds a % that is not quoted ("%"), escaped (\%), a fill (*%) or a
// space the width of one (_%), nor inside brackets ([Red], [$-40C]).

// maxStyles bounds the cell formats and number formats read from a styles
// part (Excel allows 64,000 cell formats).
const maxStyles = 1 << 16

// Built-in number formats that show a percentage.
const (
	fmtPercent        = 9  // 0%
	fmtPercentDecimal = 10 // 0.00%
)

// percentStyles reads the styles part and returns, for each cell format,
// whether its number format shows a percentage; nil when the workbook has
// no styles part or it cannot be read (cells then show plain numbers).
func (p *Package) percentStyles(part string) []bool {
	f := p.parts[part]
	if part == "" || f == nil {
		return nil
	}
	rc, err := p.open(f)
	if err != nil {
		return nil
	}
	defer rc.Close()
	sc, release := newScanner(rc)
	defer release()
	custom := map[int]bool{} // numFmtId → shows a percentage
	var xfs []int            // numFmtId of each cell format
	inXfs := false
	for {
		switch sc.next() {
		case tokErr:
			return nil
		case tokEOF:
			return percentOf(xfs, custom)
		case tokStart:
			switch string(sc.name) {
			case "numFmt":
				if id, ok := atoi(sc.attr("numFmtId")); ok && len(custom) < maxStyles {
					custom[id] = percentCode(sc.attr("formatCode"))
				}
			case "cellXfs":
				inXfs = true
			case "xf":
				if inXfs && len(xfs) < maxStyles {
					id, ok := atoi(sc.attr("numFmtId"))
					if !ok {
						id = 0
					}
					xfs = append(xfs, id)
				}
			}
		case tokEnd:
			if string(sc.name) == "cellXfs" {
				// numFmts comes before cellXfs: nothing after is needed.
				return percentOf(xfs, custom)
			}
		}
	}
}

// percentOf resolves the number format of each cell format.
func percentOf(xfs []int, custom map[int]bool) []bool {
	out := make([]bool, len(xfs))
	for i, id := range xfs {
		if pc, ok := custom[id]; ok {
			out[i] = pc
		} else {
			out[i] = id == fmtPercent || id == fmtPercentDecimal
		}
	}
	return out
}

// percentCode reports whether a number format code shows a percentage.
func percentCode(code []byte) bool {
	for i := 0; i < len(code); i++ {
		switch code[i] {
		case '%':
			return true
		case '\\', '_', '*':
			i++
		case '"':
			for i++; i < len(code) && code[i] != '"'; i++ {
			}
		case '[':
			for i++; i < len(code) && code[i] != ']'; i++ {
			}
		}
	}
	return false
}
