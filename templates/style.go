package templates

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// Colours of the reporting workbook: the State's blue for headers, grey
// for pre-filled locked cells, a light yellow for cells to fill in.
const (
	genColourBlue     = "000091"
	genColourPrefill  = "EEEEEE"
	genColourToFill   = "FFE699"
	genColourTotal    = "DDE3F5"
	genColourBorder   = "A6A6A6"
	genColourSubtitle = "555555"
	genColourNotice   = "B34000"
)

// Number formats. French display (space thousands, comma decimals) comes
// from the reader's locale; the format only says "two decimals and €".
const (
	genFormatEuros   = `#,##0.00 "€"`
	genFormatNumber  = `#,##0`
	genFormatDecimal = `#,##0.0#`
	genFormatPercent = `0.0%`
	genFormatDate    = `dd/mm/yyyy`
)

// genStyles holds the style ids of one workbook.
type genStyles struct {
	title, subtitle, notice, section, paragraph, bullet int
	header                                              int
	label, prefillText, prefillWrap, prefillMoney       int
	prefillNumber, prefillDecimal                       int
	fillText, fillWrap, fillMoney, fillNumber, fillDate int
	fillPhone                                           int
	fillList, commentArea                               int
	totalLabel, totalMoney, totalRate, rate             int
	computedMoney                                       int
}

// genFontFamily is the font of the whole workbook: present on every
// office computer, and metric-compatible with Liberation Sans elsewhere.
const genFontFamily = "Arial"

// genFont sets the workbook's family and a default size on ft.
func genFont(ft *excelize.Font) *excelize.Font {
	ft.Family = genFontFamily
	if ft.Size == 0 {
		ft.Size = 10
	}
	return ft
}

// newGenStyles registers the workbook's genStyles in f.
func newGenStyles(f *excelize.File) (genStyles, error) {
	var s genStyles
	var err error
	add := func(dst *int, st *excelize.Style) {
		if err != nil {
			return
		}
		*dst, err = f.NewStyle(st)
	}
	border := []excelize.Border{
		{Type: "left", Color: genColourBorder, Style: 1}, {Type: "right", Color: genColourBorder, Style: 1},
		{Type: "top", Color: genColourBorder, Style: 1}, {Type: "bottom", Color: genColourBorder, Style: 1},
	}
	fill := func(c string) excelize.Fill { return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c}} }
	unlocked := &excelize.Protection{Locked: false}
	locked := &excelize.Protection{Locked: true}
	top := func(wrap bool) *excelize.Alignment {
		return &excelize.Alignment{Vertical: "top", WrapText: wrap}
	}
	euros, number, decimal, percent, date := genFormatEuros, genFormatNumber, genFormatDecimal, genFormatPercent, genFormatDate

	if err = f.SetDefaultFont(genFontFamily); err != nil {
		return s, fmt.Errorf("set default font: %w", err)
	}
	plain := genFont(&excelize.Font{})
	add(&s.title, &excelize.Style{Font: genFont(&excelize.Font{Bold: true, Size: 14, Color: genColourBlue})})
	add(&s.subtitle, &excelize.Style{Font: genFont(&excelize.Font{Italic: true, Size: 10, Color: genColourSubtitle}),
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	add(&s.notice, &excelize.Style{Font: genFont(&excelize.Font{Bold: true, Size: 10, Color: genColourNotice}),
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	add(&s.section, &excelize.Style{Font: genFont(&excelize.Font{Bold: true, Size: 12, Color: genColourBlue}),
		Border: []excelize.Border{{Type: "bottom", Color: genColourBlue, Style: 1}}})
	add(&s.paragraph, &excelize.Style{Font: plain, Alignment: top(true)})
	add(&s.bullet, &excelize.Style{Font: plain, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true, Indent: 1}})
	add(&s.header, &excelize.Style{Font: genFont(&excelize.Font{Bold: true, Color: "FFFFFF"}), Fill: fill(genColourBlue),
		Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	add(&s.label, &excelize.Style{Font: genFont(&excelize.Font{Bold: true}), Border: border, Alignment: top(true)})
	add(&s.prefillText, &excelize.Style{Font: plain, Fill: fill(genColourPrefill), Border: border,
		Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top"}, Protection: locked})
	add(&s.prefillWrap, &excelize.Style{Font: plain, Fill: fill(genColourPrefill), Border: border, Alignment: top(true), Protection: locked})
	add(&s.prefillMoney, &excelize.Style{Font: plain, Fill: fill(genColourPrefill), Border: border, Alignment: top(false),
		CustomNumFmt: &euros, Protection: locked})
	add(&s.prefillNumber, &excelize.Style{Font: plain, Fill: fill(genColourPrefill), Border: border, Alignment: top(false),
		CustomNumFmt: &number, Protection: locked})
	add(&s.prefillDecimal, &excelize.Style{Font: plain, Fill: fill(genColourPrefill), Border: border, Alignment: top(false),
		CustomNumFmt: &decimal, Protection: locked})
	add(&s.fillText, &excelize.Style{Font: plain, Fill: fill(genColourToFill), Border: border, Alignment: top(false), Protection: unlocked})
	textFormat := "@"
	add(&s.fillPhone, &excelize.Style{Font: plain, Fill: fill(genColourToFill), Border: border, Alignment: top(false),
		CustomNumFmt: &textFormat, Protection: unlocked})
	add(&s.fillWrap, &excelize.Style{Font: plain, Fill: fill(genColourToFill), Border: border, Alignment: top(true), Protection: unlocked})
	add(&s.fillMoney, &excelize.Style{Font: plain, Fill: fill(genColourToFill), Border: border, Alignment: top(false),
		CustomNumFmt: &euros, Protection: unlocked})
	add(&s.fillNumber, &excelize.Style{Font: plain, Fill: fill(genColourToFill), Border: border, Alignment: top(false),
		Protection: unlocked})
	add(&s.fillDate, &excelize.Style{Font: plain, Fill: fill(genColourToFill), Border: border,
		Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top"}, CustomNumFmt: &date, Protection: unlocked})
	add(&s.fillList, &excelize.Style{Font: plain, Fill: fill(genColourToFill), Border: border,
		Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top", Indent: 1}, Protection: unlocked})
	add(&s.commentArea, &excelize.Style{Font: plain, Fill: fill(genColourToFill), Border: border,
		Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top", WrapText: true}, Protection: unlocked})
	add(&s.totalLabel, &excelize.Style{Font: genFont(&excelize.Font{Bold: true}), Fill: fill(genColourTotal), Border: border,
		Alignment: top(false)})
	add(&s.totalMoney, &excelize.Style{Font: genFont(&excelize.Font{Bold: true}), Fill: fill(genColourTotal), Border: border,
		Alignment: top(false), CustomNumFmt: &euros})
	add(&s.totalRate, &excelize.Style{Font: genFont(&excelize.Font{Bold: true}), Fill: fill(genColourTotal), Border: border,
		Alignment: top(false), CustomNumFmt: &percent})
	add(&s.computedMoney, &excelize.Style{Font: plain, Fill: fill(genColourTotal), Border: border, Alignment: top(false),
		CustomNumFmt: &euros})
	add(&s.rate, &excelize.Style{Font: plain, Fill: fill(genColourTotal), Border: border, Alignment: top(false), CustomNumFmt: &percent})
	if err != nil {
		return s, fmt.Errorf("create workbook genStyles: %w", err)
	}
	return s, nil
}
