package web

import (
	"fmt"
	"html/template"
	"math"
	"strings"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
)

// The page-1 charts of the weekly report, drawn as SVG on the server (no
// script): the partition as one stacked bar, money per axis, the season's
// trend. Each state has one look, readable without colour: a fill, or a
// pattern for the states to act on (hatched for rejected, lined for set
// aside, white for nothing received). Presentation attributes only: the
// site's Content-Security-Policy forbids inline styles.

// stateLook is the fill and text colour of a state.
type stateLook struct{ fill, text, pattern string }

var stateLooks = map[reconcile.State]stateLook{
	reconcile.StateAccepted:     {fill: "#18753c", text: "#ffffff"},
	reconcile.StateAcceptedLate: {fill: "#95e0ae", text: "#161616"},
	reconcile.StateRejected:     {fill: "url(#motif-rejete)", text: "#161616", pattern: "rejete"},
	reconcile.StateSetAside:     {fill: "url(#motif-cote)", text: "#161616", pattern: "cote"},
	reconcile.StateNotReceived:  {fill: "#ffffff", text: "#161616"},
}

// stateSlug is a state's value in URLs (?etat=) and CSS classes.
var stateSlug = map[reconcile.State]string{
	reconcile.StateAccepted: "accepte", reconcile.StateAcceptedLate: "accepte-hors-delai",
	reconcile.StateRejected: "rejete", reconcile.StateSetAside: "mis-de-cote", reconcile.StateNotReceived: "rien-recu",
}

// svgDefs are the patterns of the states to act on, written once per page
// (defsSVG) and used by every chart and legend of the page.
const svgDefs = `<defs>` +
	`<pattern id="motif-rejete" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">` +
	`<rect width="6" height="6" fill="#fee9e6"/><line x1="0" y1="0" x2="0" y2="6" stroke="#ce0500" stroke-width="2.5"/></pattern>` +
	`<pattern id="motif-cote" width="6" height="5" patternUnits="userSpaceOnUse">` +
	`<rect width="6" height="5" fill="#fff4d6"/><line x1="0" y1="2.5" x2="6" y2="2.5" stroke="#716043" stroke-width="1.5"/></pattern>` +
	`</defs>`

// defsSVG is the hidden SVG that holds svgDefs.
const defsSVG = template.HTML(`<svg class="defs" width="0" height="0" aria-hidden="true" focusable="false">` + svgDefs + `</svg>`)

// esc escapes text for SVG.
func esc(s string) string { return template.HTMLEscapeString(s) }

// swatch is the small square of a state in a legend.
func swatch(s reconcile.State) template.HTML {
	l := stateLooks[s]
	return template.HTML(`<svg class="swatch" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">` +
		`<rect x="0.5" y="0.5" width="15" height="15" fill="` + l.fill + `" stroke="#161616"/></svg>`)
}

// partitionSVG draws the partition as one stacked bar, each part with its
// count where it fits. The legend and the sentence that adds the parts up
// are HTML beside it.
func partitionSVG(t reconcile.Tally, overdue bool) template.HTML {
	const w, h = 1250.0, 56.0
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="partition-titre" preserveAspectRatio="none">`, w, h)
	var parts []string
	for _, s := range reconcile.States {
		parts = append(parts, fmt.Sprintf("%d %s", t.Count(s), reports.StateLegend(s, overdue)))
	}
	fmt.Fprintf(&b, `<title id="partition-titre">%s</title>`, esc(fmt.Sprintf("Répartition des %d territoires attendus : %s.", t.Expected, strings.Join(parts, ", "))))
	x := 0.0
	for _, s := range reconcile.States {
		n := t.Count(s)
		if n == 0 || t.Expected == 0 {
			continue
		}
		pw := w * float64(n) / float64(t.Expected)
		l := stateLooks[s]
		fmt.Fprintf(&b, `<rect x="%.1f" y="1" width="%.1f" height="%.0f" fill="%s" stroke="#161616" stroke-width="1"/>`, x, pw, h-2, l.fill)
		if label := fmt.Sprint(n); pw >= 14*float64(len(label))+10 {
			cx := x + pw/2
			bw := 12*float64(len(label)) + 10
			// The labels are hidden on narrow screens, where the bar is
			// squeezed; the legend says every count.
			fmt.Fprintf(&b, `<g class="lbl"><rect x="%.1f" y="%.0f" width="%.1f" height="28" fill="#ffffff" rx="3"/>`, cx-bw/2, h/2-14, bw)
			fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" text-anchor="middle" font-size="22" font-weight="bold" fill="#161616">%s</text></g>`, cx, h/2+8, label)
		}
		x += pw
	}
	if t.Expected == 0 {
		fmt.Fprintf(&b, `<rect x="0" y="1" width="%.0f" height="%.0f" fill="none" stroke="#929292"/>`, w, h-2)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// moneySVG draws per axis three bars: what the register commits, what the
// accepted reports planned and what they spent, in euros.
func moneySVG(axes []reports.AxisRow) template.HTML {
	const labelW, valueW, barH, gap, w = 170.0, 80.0, 16.0, 14.0, 480.0
	fills := [3]string{"#ffffff", "#a1a1f8", "#000091"}
	var top reconcile.Amount
	values := make([][3]reconcile.Amount, len(axes))
	for i, a := range axes {
		values[i] = [3]reconcile.Amount{a.Commitments.Planned(), a.Reported.Planned(), a.Reported.Spent()}
		for _, v := range values[i] {
			top = max(top, v)
		}
	}
	legendH := 3 * 20.0
	h := float64(len(axes))*(3*barH+gap) + legendH + 4
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="montants-titre">`, w, h)
	var desc []string
	for i, a := range axes {
		desc = append(desc, fmt.Sprintf("%s : engagé %s, prévu %s, réalisé %s", a.Axis.ShortLabel(),
			values[i][0], values[i][1], values[i][2]))
	}
	fmt.Fprintf(&b, `<title id="montants-titre">%s</title>`, esc("Montants par axe. "+strings.Join(desc, " ; ")+"."))
	x0, x1 := labelW, w-valueW
	scale := func(a reconcile.Amount) float64 {
		if top <= 0 || a <= 0 {
			return 0
		}
		return (x1 - x0) * float64(a) / float64(top)
	}
	y := 2.0
	for i, a := range axes {
		fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" text-anchor="end" font-size="14" fill="#161616">%s</text>`, labelW-8, y+1.5*barH+5, esc(a.Axis.ShortLabel()))
		for j, v := range values[i] {
			by := y + float64(j)*barH
			if bw := scale(v); bw > 0 {
				fmt.Fprintf(&b, `<rect x="%.0f" y="%.1f" width="%.1f" height="%.0f" fill="%s" stroke="#161616"/>`, x0, by+1, bw, barH-2, fills[j])
			}
			fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" font-size="13" fill="#161616">%s</text>`, x1+6, by+barH-3, esc(millions(v)))
		}
		y += 3*barH + gap
	}
	fmt.Fprintf(&b, `<line x1="%.0f" y1="0" x2="%.0f" y2="%.1f" stroke="#161616" stroke-width="1.5"/>`, x0, x0, y-gap)
	labels := [3]string{"engagé au registre (contrats attendus)", "prévu (rapports acceptés)", "réalisé (rapports acceptés)"}
	for j, l := range labels {
		ly := y + float64(j)*20
		fmt.Fprintf(&b, `<rect x="%.0f" y="%.1f" width="18" height="12" fill="%s" stroke="#161616"/>`, x0, ly+2, fills[j])
		fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" font-size="14" fill="#3a3a3a">%s</text>`, x0+26, ly+13, esc(l))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// millions writes an amount for a chart label: "289,9 M€", "48 k€"; the
// tables give the exact amounts.
func millions(a reconcile.Amount) string {
	e := a.Euros()
	if math.Abs(e) < 1_000_000 {
		return reconcile.FormatNumber(math.Round(e/1000)) + "\u00a0k€"
	}
	return reconcile.FormatNumber(math.Round(e/100_000)/10) + "\u00a0M€"
}

// trendSVG draws one stacked column per week of the season (the last
// twelve), its parts the states, its label the week number and under it
// the accepted reports.
func trendSVG(points []reports.TrendPoint) template.HTML {
	if len(points) > 12 {
		points = points[len(points)-12:]
	}
	if len(points) == 0 {
		return ""
	}
	const w, plotH, axisH, countW = 480.0, 200.0, 44.0, 40.0
	total := 0
	for _, p := range points {
		total = max(total, p.Tally.Expected)
	}
	if total == 0 {
		total = 1
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="saison-titre">`, w, plotH+axisH)
	var desc []string
	for _, p := range points {
		desc = append(desc, fmt.Sprintf("semaine %d : %d acceptés, %d rejetés, %d mis de côté, %d sans rien reçu", p.Week.Number,
			p.Tally.Accepted+p.Tally.AcceptedLate, p.Tally.Rejected, p.Tally.SetAside, p.Tally.NotReceived))
	}
	fmt.Fprintf(&b, `<title id="saison-titre">%s</title>`, esc("Évolution sur la saison. "+strings.Join(desc, " ; ")+"."))
	for _, f := range []float64{0, 0.5, 1} {
		gy := 4 + plotH - (plotH-4)*f
		fmt.Fprintf(&b, `<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" stroke="#cecece"/>`, countW, gy, w, gy)
		fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" text-anchor="end" font-size="13" fill="#3a3a3a">%d</text>`, countW-6, gy+4, int(math.Round(float64(total)*f)))
	}
	slot := (w - countW) / float64(len(points))
	colW := math.Min(slot*0.62, 44)
	for i, p := range points {
		cx := countW + float64(i)*slot + (slot-colW)/2
		cy := 4 + plotH
		for _, s := range reconcile.States {
			n := p.Tally.Count(s)
			if n == 0 {
				continue
			}
			hh := (plotH - 4) * float64(n) / float64(total)
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s" stroke="#161616"/>`, cx, cy-hh, colW, hh, stateLooks[s].fill)
			cy -= hh
		}
		mid := countW + float64(i)*slot + slot/2
		fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" text-anchor="middle" font-size="14" fill="#161616">S%d</text>`, mid, plotH+22, p.Week.Number)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" text-anchor="middle" font-size="13" fill="#3a3a3a">%d</text>`, mid, plotH+40, p.Tally.Accepted+p.Tally.AcceptedLate)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
