package reports

import (
	"fmt"
	"strings"

	"github.com/pactd/pactd/reconcile"
)

// weeklyGlance draws page 1: the week, where the territories stand, money
// per axis, the season's trend and what changed since the previous report.
// Who to act on follows (weeklyActOn).
func weeklyGlance(d *doc, wk *Weekly) {
	deadline := fmt.Sprintf("date limite de transmission le %s", FormatDate(wk.Deadline))
	if wk.Overdue {
		deadline += ", passée"
	} else {
		deadline += ", à venir"
	}
	d.titleBlock(fmt.Sprintf("Rapport hebdomadaire — exercice %d", wk.Year),
		wk.Week.String(),
		fmt.Sprintf("Situation au %s ; %s.", FormatDateTime(wk.Now), deadline),
		registerLine(wk))
	if wk.Fictitious {
		fictitiousBox(d)
	}

	t := wk.Tally
	d.h1(fmt.Sprintf("Où en sont les %s", plural(t.Expected, "territoire attendu", "territoires attendus")), 40)
	d.partitionBar(t, wk.Overdue)
	parts := make([]string, 0, len(reconcile.States))
	for _, s := range reconcile.States {
		parts = append(parts, fmt.Sprint(t.Count(s)))
	}
	sum := fmt.Sprintf("%s = %d territoires attendus pour %d, chacun dans une seule situation",
		strings.Join(parts, " + "), t.Expected, wk.Year)
	if wk.Overdue {
		sum += fmt.Sprintf(" ; %s après la date limite", plural(wk.Late, "est en retard", "sont en retard"))
	}
	d.note(sum + ".")

	// Money per axis and the season, side by side.
	const colGap = 8.0
	half := (contentW - colGap) / 2
	d.ensure(62)
	y := d.GetY() + 3
	d.setFont("B", 9.5)
	d.color(colBlue)
	d.SetXY(marginL, y)
	d.CellFormat(half, 5, "Montants par axe", "", 0, "L", false, 0, "")
	d.SetXY(marginL+half+colGap, y)
	d.CellFormat(half, 5, "Évolution sur la saison", "", 0, "L", false, 0, "")
	d.color(colText)
	var groups []moneyBar
	for _, a := range wk.Axes {
		groups = append(groups, moneyBar{label: a.Axis.ShortLabel(),
			values: [3]reconcile.Amount{a.Commitments.Planned(), a.Reported.Planned(), a.Reported.Spent()}})
	}
	used := d.moneyChart(marginL, y+7, half, groups)
	tx := marginL + half + colGap
	d.trendChart(tx, y+7, half, used-12, wk.Trend)
	d.setFont("", 6.8)
	d.color(colMuted)
	for i, l := range d.wrap("Territoires par situation, semaine par semaine (rapport du lundi) ; sous chaque semaine, le nombre de rapports acceptés.", half) {
		d.SetXY(tx, y+7+used-10+float64(i)*3.2)
		d.CellFormat(half, 3.2, l, "", 0, "L", false, 0, "")
	}
	d.color(colText)
	d.SetY(y + 7 + used + 1)

	weeklyChanges(d, wk)
}

// weeklyChanges says what changed since the previous report.
func weeklyChanges(d *doc, wk *Weekly) {
	title, lines := ChangesText(wk.Changes)
	d.h2(title, 20)
	for _, l := range lines {
		bullet(d, l)
	}
}

// bullet writes one item of a list.
func bullet(d *doc, text string) {
	d.setFont("", 9)
	lines := d.wrap(text, contentW-5)
	d.ensure(float64(len(lines)) * 4.4)
	for i, l := range lines {
		d.SetX(marginL)
		if i == 0 {
			d.CellFormat(4, 4.4, "•", "", 0, "L", false, 0, "")
		}
		d.SetX(marginL + 4)
		d.CellFormat(contentW-4, 4.4, l, "", 1, "L", false, 0, "")
	}
}

// territoryRef names a territory for a list: its list name and its
// départements, "Aube (10)", "Métropole du Grand Paris (75, 92, 93, 94)".
func territoryRef(t reconcile.Territory) string {
	if len(t.Departements) == 0 {
		return t.ListName()
	}
	return t.ListName() + "\u00a0(" + strings.Join(t.Departements, ", ") + ")"
}

func registerLine(wk *Weekly) string {
	s := fmt.Sprintf("Registre des engagements : version %d", wk.RegisterVersion)
	if !wk.RegisterImportedAt.IsZero() {
		s += ", importée le " + FormatDate(wk.RegisterImportedAt)
	}
	if wk.RegisterSource != "" {
		s += " (fichier " + wk.RegisterSource + ")"
	}
	return s + "."
}

// fictitiousBox draws a framed notice that the data are samples.
func fictitiousBox(d *doc) {
	const text = "Les montants, constats et envois de ce document sont des exemples ; seuls les noms et SIREN des territoires sont réels."
	d.setFont("", 8)
	lines := d.wrap(text, contentW-6)
	h := 7 + float64(len(lines))*3.8
	y := d.GetY()
	d.SetLineWidth(0.5)
	d.drawColor(colText)
	d.SetDashPattern([]float64{2, 1}, 0)
	d.Rect(marginL, y, contentW, h, "D")
	d.SetDashPattern(nil, 0)
	d.setFont("B", 9)
	d.SetXY(marginL+3, y+1.5)
	d.CellFormat(contentW-6, 4, "DONNÉES FICTIVES", "", 2, "L", false, 0, "")
	d.setFont("", 8)
	for _, l := range lines {
		d.SetX(marginL + 3)
		d.CellFormat(contentW-6, 3.8, l, "", 2, "L", false, 0, "")
	}
	d.SetY(y + h + 3)
}
