package reports

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/pactd/pactd/reconcile"
)

// The summary sheet holds, beside its list of figures, the small tables
// its native charts read (the partition and money per axis), the charts
// themselves, and a chart of the season read from the Évolution sheet.

const (
	summaryPrintCols = 8 // through column H: the chart data and the charts under them
	summaryPrintRows = 75
	chartDataCol     = 4 // column D
	partitionTop     = 1 // header row of the partition table
	axesTop          = 10
)

// stateFills are the chart colours of the states, from Excel's standard
// palette, far apart in lightness so that they also print apart in grey
// (excelize draws bars without a frame, so nothing is white).
var stateFills = map[reconcile.State]string{
	reconcile.StateAccepted: "1F4E79", reconcile.StateAcceptedLate: "9DC3E6", reconcile.StateRejected: "C00000",
	reconcile.StateSetAside: "FFC000", reconcile.StateNotReceived: "D9D9D9",
}

// chartFont is the font of chart labels: dark, where LibreOffice and
// Excel default to a pale grey that prints faintly.
var chartFont = excelize.Font{Size: 8, Color: "262626"}

// summaryChartData writes the partition and the money per axis next to the
// summary's figures.
func summaryChartData(f *excelize.File, st xstyles, wk *Weekly) error {
	w := &cellWriter{f: f, sheet: AnnexSummary, st: st}
	w.header(chartDataCol, partitionTop, "Situation", "Territoires")
	for i, s := range reconcile.States {
		w.text(chartDataCol, partitionTop+1+i, reconcile.Capitalize(StateLegend(s, wk.Overdue)))
		w.int(chartDataCol+1, partitionTop+1+i, wk.Tally.Count(s))
	}
	total := partitionTop + 1 + len(reconcile.States)
	w.text(chartDataCol, total, "Territoires attendus")
	w.int(chartDataCol+1, total, wk.Tally.Expected)

	w.header(chartDataCol, axesTop, "Axe", "Engagé au registre (€)", "Prévu, rapports acceptés (€)", "Réalisé, rapports acceptés (€)")
	for i, a := range wk.Axes {
		row := axesTop + 1 + i
		w.text(chartDataCol, row, a.Axis.ShortLabel())
		w.euro(chartDataCol+1, row, a.Commitments.Planned())
		w.euro(chartDataCol+2, row, a.Reported.Planned())
		w.euro(chartDataCol+3, row, a.Reported.Spent())
	}
	w.set(f.SetRowHeight(AnnexSummary, axesTop, 30))
	for i, width := range []float64{30, 18, 18, 18} {
		col, _ := excelize.ColumnNumberToName(chartDataCol + i)
		w.set(f.SetColWidth(AnnexSummary, col, col, width))
	}
	return w.err
}

// annexCharts adds the native charts of the summary sheet.
func annexCharts(f *excelize.File, wk *Weekly) error {
	sum := quoteSheet(AnnexSummary)
	col := func(n int) string { c, _ := excelize.ColumnNumberToName(n); return c }
	d := col(chartDataCol)
	labels := excelize.ChartDataLabel{Font: chartFont}

	partition := &excelize.Chart{
		Type: excelize.Bar,
		// One series: the states are the categories, their counts add up
		// to the territories expected (the table above the chart).
		Series: []excelize.ChartSeries{{
			Name:       sum + "!$" + col(chartDataCol+1) + "$" + fmt.Sprint(partitionTop),
			Categories: fmt.Sprintf("%s!$%s$%d:$%s$%d", sum, d, partitionTop+1, d, partitionTop+len(reconcile.States)),
			Values: fmt.Sprintf("%s!$%s$%d:$%s$%d", sum, col(chartDataCol+1), partitionTop+1, col(chartDataCol+1),
				partitionTop+len(reconcile.States)),
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{stateFills[reconcile.StateAccepted]}},
			DataLabel: labels,
		}},
		Title:     chartTitle(fmt.Sprintf("Les %d territoires attendus, par situation", wk.Tally.Expected)),
		Legend:    excelize.ChartLegend{Position: "none"},
		PlotArea:  excelize.ChartPlotArea{ShowVal: true},
		XAxis:     excelize.ChartAxis{ReverseOrder: true, Font: chartFont},
		YAxis:     excelize.ChartAxis{MajorGridLines: true, Font: chartFont},
		Dimension: excelize.ChartDimension{Width: 600, Height: 230},
	}
	var money []excelize.ChartSeries
	for i, fill := range []string{"D9D9D9", "9DC3E6", "1F4E79"} {
		c := col(chartDataCol + 1 + i)
		money = append(money, excelize.ChartSeries{
			Name:       fmt.Sprintf("%s!$%s$%d", sum, c, axesTop),
			Categories: fmt.Sprintf("%s!$%s$%d:$%s$%d", sum, d, axesTop+1, d, axesTop+len(wk.Axes)),
			Values:     fmt.Sprintf("%s!$%s$%d:$%s$%d", sum, c, axesTop+1, c, axesTop+len(wk.Axes)),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fill}},
		})
	}
	axes := &excelize.Chart{
		Type:      excelize.Bar,
		Series:    money,
		Title:     chartTitle("Montants par axe : engagé, prévu et réalisé (€)"),
		Legend:    excelize.ChartLegend{Position: "bottom", Font: &chartFont},
		XAxis:     excelize.ChartAxis{ReverseOrder: true, Font: chartFont},
		YAxis:     excelize.ChartAxis{MajorGridLines: true, Font: chartFont, NumFmt: excelize.ChartNumFmt{CustomNumFmt: `#,##0,,\ "M€"`}},
		Dimension: excelize.ChartDimension{Width: 600, Height: 260},
	}
	trend := quoteSheet(AnnexTrend)
	last := len(wk.Trend) + 1
	var season []excelize.ChartSeries
	for i, s := range reconcile.States {
		c := col(4 + i) // D: accepted on time … H: nothing received
		season = append(season, excelize.ChartSeries{
			Name:       fmt.Sprintf("%s!$%s$1", trend, c),
			Categories: fmt.Sprintf("%s!$A$2:$A$%d", trend, last),
			Values:     fmt.Sprintf("%s!$%s$2:$%s$%d", trend, c, c, last),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{stateFills[s]}},
		})
	}
	evolution := &excelize.Chart{
		Type:      excelize.ColStacked,
		Series:    season,
		Title:     chartTitle("Évolution sur la saison : territoires par situation"),
		Legend:    excelize.ChartLegend{Position: "bottom", Font: &chartFont},
		XAxis:     excelize.ChartAxis{Font: chartFont},
		YAxis:     excelize.ChartAxis{MajorGridLines: true, Font: chartFont},
		Dimension: excelize.ChartDimension{Width: 600, Height: 260},
	}
	for _, c := range []struct {
		cell  string
		chart *excelize.Chart
	}{{d + "17", partition}, {d + "30", axes}, {d + "45", evolution}} {
		if err := f.AddChart(AnnexSummary, c.cell, c.chart); err != nil {
			return fmt.Errorf("draw annex chart %q: %w", c.chart.Title.Paragraph[0].Text, err)
		}
	}
	return nil
}

// chartTitle is a chart title in the annex's font.
func chartTitle(s string) excelize.ChartTitle {
	return excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: s, Font: &excelize.Font{Size: 10, Bold: true}}}}
}

// quoteSheet quotes a sheet name for a reference: 'Synthèse nationale'.
func quoteSheet(name string) string { return "'" + strings.ReplaceAll(name, "'", "''") + "'" }

// cellWriter writes single cells of one sheet, keeping the first error.
type cellWriter struct {
	f     *excelize.File
	sheet string
	st    xstyles
	err   error
}

func (w *cellWriter) set(err error) {
	if err != nil && w.err == nil {
		w.err = fmt.Errorf("write annex sheet %q: %w", w.sheet, err)
	}
}

func (w *cellWriter) ref(col, row int) string {
	r, _ := excelize.CoordinatesToCellName(col, row)
	return r
}

func (w *cellWriter) header(col, row int, labels ...string) {
	for i, l := range labels {
		ref := w.ref(col+i, row)
		w.set(w.f.SetCellStr(w.sheet, ref, l))
		w.set(w.f.SetCellStyle(w.sheet, ref, ref, w.st.header))
	}
}

func (w *cellWriter) text(col, row int, s string) { w.set(w.f.SetCellStr(w.sheet, w.ref(col, row), s)) }

func (w *cellWriter) int(col, row, n int) { w.set(w.f.SetCellInt(w.sheet, w.ref(col, row), int64(n))) }

func (w *cellWriter) euro(col, row int, a reconcile.Amount) {
	ref := w.ref(col, row)
	w.set(w.f.SetCellFloat(w.sheet, ref, a.Euros(), 2, 64))
	w.set(w.f.SetCellStyle(w.sheet, ref, ref, w.st.euro))
}
