package reports

import (
	"fmt"
	"math"

	"github.com/pactd/pactd/reconcile"
)

// bar is one bar of a rate chart.
type bar struct {
	label string
	rate  *reconcile.Rate // nil draws no bar and says why
}

// rateChart draws a horizontal bar chart of execution rates with a 100 %
// line and a dashed threshold line. It reads in black and white: bars at or
// above the threshold are solid grey, bars below it are hatched.
func (d *doc) rateChart(bars []bar, threshold reconcile.Rate) {
	const (
		labelW = 52.0
		valueW = 24.0
		barH   = 4.6
		gap    = 2.2
		axisH  = 6.0
		legH   = 7.0
	)
	top := 0.0
	maxRate := 1.2
	for _, b := range bars {
		if b.rate != nil && b.rate.Fraction() > maxRate {
			maxRate = math.Ceil(b.rate.Fraction()*5) / 5
		}
	}
	if maxRate > 3 {
		maxRate = 3 // beyond 300 % the bar is clipped and the label says the value
	}
	h := float64(len(bars))*(barH+gap) + gap + axisH + legH
	d.ensure(h + 2)
	top = d.GetY() + 1
	x0 := marginL + labelW
	x1 := pageW - marginR - valueW
	scale := func(r float64) float64 { return x0 + (x1-x0)*math.Min(r, maxRate)/maxRate }
	plotH := float64(len(bars))*(barH+gap) + gap

	// Grid every 20 %, labelled under the plot.
	d.setFont("", 7)
	d.color(colMuted)
	for r := 0.0; r <= maxRate+1e-9; r += 0.2 {
		x := scale(r)
		d.drawColor([3]int{205, 205, 205})
		d.SetLineWidth(0.1)
		d.Line(x, top, x, top+plotH)
		d.SetXY(x-8, top+plotH+0.8)
		d.CellFormat(16, 3.5, fmt.Sprintf("%.0f\u00a0%%", r*100), "", 0, "C", false, 0, "")
	}
	// Bars.
	for i, b := range bars {
		y := top + gap + float64(i)*(barH+gap)
		d.setFont("", 8)
		d.color(colText)
		d.SetXY(marginL, y)
		d.CellFormat(labelW-2, barH, ellipsis(d, b.label, labelW-2), "", 0, "R", false, 0, "")
		if b.rate == nil {
			d.color(colMuted)
			d.setFont("", 7.5)
			d.SetXY(x0+1, y)
			d.CellFormat(x1-x0, barH, "aucun rapport accepté", "", 0, "L", false, 0, "")
			continue
		}
		w := scale(b.rate.Fraction()) - x0
		d.drawColor(colText)
		d.SetLineWidth(0.2)
		if *b.rate >= threshold {
			d.fillColor([3]int{110, 110, 120})
			d.Rect(x0, y, w, barH, "FD")
		} else {
			d.fillColor([3]int{255, 255, 255})
			d.Rect(x0, y, w, barH, "FD")
			d.hatch(x0, y, w, barH)
		}
		d.setFont("B", 8)
		d.SetXY(x1+2, y)
		d.CellFormat(valueW-2, barH, FormatRate(b.rate), "", 0, "R", false, 0, "")
	}
	// Baseline, 100 % and threshold lines on top of the bars.
	d.drawColor(colText)
	d.SetLineWidth(0.3)
	d.Line(x0, top, x0, top+plotH)
	d.SetLineWidth(0.4)
	d.Line(scale(1), top-1, scale(1), top+plotH)
	d.SetDashPattern([]float64{1.2, 0.8}, 0)
	d.SetLineWidth(0.3)
	d.Line(scale(threshold.Fraction()), top-1, scale(threshold.Fraction()), top+plotH)
	d.SetDashPattern(nil, 0)

	// Legend.
	ly := top + plotH + axisH
	d.setFont("", 7.5)
	d.color(colMuted)
	lx := x0
	d.fillColor([3]int{110, 110, 120})
	d.SetLineWidth(0.2)
	d.Rect(lx, ly+0.6, 5, 3, "FD")
	d.SetXY(lx+6, ly)
	d.CellFormat(40, 4.2, fmt.Sprintf("taux ≥ seuil (%s)", threshold), "", 0, "L", false, 0, "")
	lx += 44
	d.fillColor([3]int{255, 255, 255})
	d.Rect(lx, ly+0.6, 5, 3, "FD")
	d.hatch(lx, ly+0.6, 5, 3)
	d.SetXY(lx+6, ly)
	d.CellFormat(36, 4.2, "taux < seuil", "", 0, "L", false, 0, "")
	lx += 30
	d.SetDashPattern([]float64{1.2, 0.8}, 0)
	d.Line(lx, ly+2.1, lx+6, ly+2.1)
	d.SetDashPattern(nil, 0)
	d.SetXY(lx+7, ly)
	d.CellFormat(20, 4.2, "seuil", "", 0, "L", false, 0, "")
	lx += 18
	d.SetLineWidth(0.4)
	d.Line(lx, ly+2.1, lx+6, ly+2.1)
	d.SetXY(lx+7, ly)
	d.CellFormat(30, 4.2, "100\u00a0% du prévu", "", 0, "L", false, 0, "")
	d.color(colText)
	d.SetY(top + h)
}

// hatch draws diagonal lines inside a rectangle.
func (d *doc) hatch(x, y, w, h float64) {
	d.ClipRect(x, y, w, h, false)
	d.SetLineWidth(0.15)
	d.drawColor(colText)
	for s := -h; s < w; s += 1.3 {
		d.Line(x+s, y+h, x+s+h, y)
	}
	d.ClipEnd()
	d.SetLineWidth(0.2)
	d.Rect(x, y, w, h, "D")
}

// ellipsis shortens s with "…" until it fits in w with the current font.
func ellipsis(d *doc, s string, w float64) string {
	if d.GetStringWidth(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && d.GetStringWidth(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}
