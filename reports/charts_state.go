package reports

import (
	"fmt"
	"math"

	"github.com/pactd/pactd/reconcile"
)

// Each state of the partition has one look on every chart, readable in
// black and white: solid dark grey for accepted, solid light grey for
// accepted late, diagonal hatching for rejected, horizontal lines for set
// aside, white for nothing received.

// stateFill paints a rectangle in the look of state s, framed.
func (d *doc) stateFill(s reconcile.State, x, y, w, h float64) {
	if w <= 0 || h <= 0 {
		return
	}
	d.SetLineWidth(0.2)
	d.drawColor(colText)
	switch s {
	case reconcile.StateAccepted:
		d.fillColor([3]int{70, 70, 80})
		d.Rect(x, y, w, h, "FD")
	case reconcile.StateAcceptedLate:
		d.fillColor([3]int{165, 165, 175})
		d.Rect(x, y, w, h, "FD")
	case reconcile.StateRejected:
		d.fillColor([3]int{255, 255, 255})
		d.Rect(x, y, w, h, "FD")
		d.hatch(x, y, w, h)
	case reconcile.StateSetAside:
		d.fillColor([3]int{255, 255, 255})
		d.Rect(x, y, w, h, "FD")
		d.hlines(x, y, w, h)
	default:
		d.fillColor([3]int{255, 255, 255})
		d.Rect(x, y, w, h, "FD")
	}
}

// hlines draws horizontal lines inside a rectangle.
func (d *doc) hlines(x, y, w, h float64) {
	d.SetLineWidth(0.15)
	d.drawColor(colText)
	for s := 0.8; s < h; s += 1.0 {
		d.Line(x, y+s, x+w, y+s)
	}
	d.SetLineWidth(0.2)
}

// StateLegend names a state in a legend or a count, in the plural:
// "acceptés dans les délais", "manquants : rien reçu".
func StateLegend(s reconcile.State, overdue bool) string {
	switch s {
	case reconcile.StateAccepted:
		return "acceptés dans les délais"
	case reconcile.StateAcceptedLate:
		return "acceptés hors délai"
	case reconcile.StateRejected:
		return "rejetés, à corriger"
	case reconcile.StateSetAside:
		return "fichiers mis de côté (quarantaine)"
	}
	if overdue {
		return "manquants : rien reçu"
	}
	return "attendus : rien reçu"
}

// partitionBar draws the partition of the expected territories as one
// stacked bar across the page, each part with its count when it fits, and
// under it a legend box per state with its count: the boxes add up to the
// total written at the left.
func (d *doc) partitionBar(t reconcile.Tally, overdue bool) {
	const barH, legendH = 9.0, 13.0
	d.ensure(barH + legendH + 6)
	y := d.GetY() + 1
	total := float64(t.Expected)
	x := marginL
	for _, s := range reconcile.States {
		n := t.Count(s)
		if n == 0 || total == 0 {
			continue
		}
		w := contentW * float64(n) / total
		d.stateFill(s, x, y, w, barH)
		label := fmt.Sprint(n)
		d.setFont("B", 9)
		if d.GetStringWidth(label)+2 <= w {
			// A white box under the figure keeps it legible on any fill.
			lw := d.GetStringWidth(label) + 1.6
			d.fillColor([3]int{255, 255, 255})
			d.Rect(x+w/2-lw/2, y+barH/2-2.2, lw, 4.4, "F")
			d.color(colText)
			d.SetXY(x, y+barH/2-2.2)
			d.CellFormat(w, 4.4, label, "", 0, "C", false, 0, "")
		}
		x += w
	}
	if total == 0 {
		d.drawColor(colRule)
		d.Rect(marginL, y, contentW, barH, "D")
	}
	ly := y + barH + 2.5
	boxW := contentW / float64(len(reconcile.States))
	for i, s := range reconcile.States {
		lx := marginL + float64(i)*boxW
		d.stateFill(s, lx, ly+0.8, 5, 3.6)
		d.setFont("B", 13)
		d.color(colText)
		d.SetXY(lx+6.5, ly-0.6)
		d.CellFormat(boxW-7, 6, fmt.Sprint(t.Count(s)), "", 0, "L", false, 0, "")
		d.setFont("", 7.5)
		d.color(colMuted)
		for j, l := range d.wrap(StateLegend(s, overdue), boxW-7) {
			d.SetXY(lx+6.5, ly+5.2+float64(j)*3.2)
			d.CellFormat(boxW-7, 3.2, l, "", 0, "L", false, 0, "")
		}
	}
	d.color(colText)
	d.SetY(ly + legendH)
}

// moneyBar is one group of the money chart: an axis and its amounts.
type moneyBar struct {
	label  string
	values [3]reconcile.Amount // committed, planned in accepted reports, spent
}

// moneyLabels name the three bars of each group.
var moneyLabels = [3]string{"engagé au registre (contrats attendus)", "prévu (rapports acceptés)", "réalisé (rapports acceptés)"}

// moneyChart draws, in the box at x, y of width w, a horizontal bar chart
// of money per axis: what the register commits, what the accepted reports
// planned and what they spent, in millions of euros. It returns the height
// used.
func (d *doc) moneyChart(x, y, w float64, groups []moneyBar) float64 {
	const labelW, valueW, barH, gap = 30.0, 15.0, 2.6, 2.4
	var top reconcile.Amount
	for _, g := range groups {
		for _, v := range g.values {
			top = max(top, v)
		}
	}
	x0, x1 := x+labelW, x+w-valueW
	scale := func(a reconcile.Amount) float64 {
		if top <= 0 || a <= 0 {
			return 0
		}
		return (x1 - x0) * float64(a) / float64(top)
	}
	fills := [3][3]int{{255, 255, 255}, {175, 175, 185}, {70, 70, 80}}
	cy := y
	for _, g := range groups {
		d.setFont("", 7.5)
		d.color(colText)
		d.SetXY(x, cy)
		d.CellFormat(labelW-1.5, 3*barH, ellipsis(d, g.label, labelW-1.5), "", 0, "R", false, 0, "")
		for i, v := range g.values {
			by := cy + float64(i)*barH
			d.fillColor(fills[i])
			d.drawColor(colText)
			d.SetLineWidth(0.15)
			if bw := scale(v); bw > 0 {
				d.Rect(x0, by+0.2, bw, barH-0.4, "FD")
			}
			d.setFont("", 6.5)
			d.SetXY(x1+0.5, by)
			d.CellFormat(valueW-0.5, barH, formatMillions(v), "", 0, "L", false, 0, "")
		}
		cy += 3*barH + gap
	}
	d.drawColor(colText)
	d.SetLineWidth(0.3)
	d.Line(x0, y-0.5, x0, cy-gap+0.5)
	// Legend, one line per bar kind.
	d.setFont("", 6.8)
	d.color(colMuted)
	for i, l := range moneyLabels {
		d.fillColor(fills[i])
		d.SetLineWidth(0.15)
		d.Rect(x0, cy+float64(i)*3.3+0.5, 4, 2.3, "FD")
		d.SetXY(x0+5, cy+float64(i)*3.3)
		d.CellFormat(x1-x0, 3.3, l, "", 0, "L", false, 0, "")
	}
	d.color(colText)
	return cy + 3*3.3 - y
}

// formatMillions writes an amount in millions of euros with one decimal,
// "289,9 M€", or in thousands under a million, "48 k€": chart labels; the
// tables give the exact amounts.
func formatMillions(a reconcile.Amount) string {
	e := a.Euros()
	if math.Abs(e) < 1_000_000 {
		return reconcile.FormatNumber(math.Round(e/1000)) + "\u00a0k€"
	}
	return reconcile.FormatNumber(math.Round(e/100_000)/10) + "\u00a0M€"
}

// trendChart draws, in the box at x, y of size w × h, one stacked column
// per week of the season (the last twelve), its parts the partition's
// states, its label the week number. It returns nothing drawn when there
// is no point.
func (d *doc) trendChart(x, y, w, h float64, points []TrendPoint) {
	if len(points) > 12 {
		points = points[len(points)-12:]
	}
	if len(points) == 0 {
		return
	}
	const axisH, countW = 7.0, 7.0
	plotH := h - axisH
	total := 0
	for _, p := range points {
		total = max(total, p.Tally.Expected)
	}
	if total == 0 {
		total = 1
	}
	x0 := x + countW
	slot := (w - countW) / float64(len(points))
	colW := math.Min(slot*0.62, 11)
	// Grid at 0, half and all the territories.
	d.setFont("", 6.5)
	d.color(colMuted)
	for _, f := range []float64{0, 0.5, 1} {
		gy := y + plotH - plotH*f
		d.drawColor([3]int{205, 205, 205})
		d.SetLineWidth(0.1)
		d.Line(x0, gy, x+w, gy)
		d.SetXY(x, gy-1.6)
		d.CellFormat(countW-1, 3.2, fmt.Sprint(int(math.Round(float64(total)*f))), "", 0, "R", false, 0, "")
	}
	for i, p := range points {
		cx := x0 + float64(i)*slot + (slot-colW)/2
		cy := y + plotH
		for _, s := range reconcile.States {
			n := p.Tally.Count(s)
			if n == 0 {
				continue
			}
			hh := plotH * float64(n) / float64(total)
			d.stateFill(s, cx, cy-hh, colW, hh)
			cy -= hh
		}
		d.setFont("", 6.5)
		d.color(colText)
		d.SetXY(x0+float64(i)*slot, y+plotH+0.6)
		d.CellFormat(slot, 3, fmt.Sprintf("S%d", p.Week.Number), "", 0, "C", false, 0, "")
		d.color(colMuted)
		d.SetXY(x0+float64(i)*slot, y+plotH+3.4)
		d.CellFormat(slot, 3, fmt.Sprint(p.Tally.Accepted+p.Tally.AcceptedLate), "", 0, "C", false, 0, "")
	}
	d.color(colText)
}
