package reports

import (
	"fmt"
	"io"

	"github.com/pactd/pactd/reconcile"
)

// WeeklyPDF renders the weekly report in French to w: a cover with the
// headline figures, execution per axis and per region with their charts,
// the situation of every territory (the worst first), every finding, and
// the quarantined messages. The same wk always gives the same bytes. It
// returns an error only when the PDF cannot be rendered or written.
func WeeklyPDF(w io.Writer, wk *Weekly) error {
	d := newDoc(docMeta{
		Title:      fmt.Sprintf("Rapport hebdomadaire CLS — exercice %d — semaine %d", wk.Year, wk.Week.Number),
		Subject:    "Suivi des rapports annuels d'exécution des contrats locaux des solidarités",
		HeaderR:    fmt.Sprintf("Rapport hebdomadaire · exercice %d · semaine %d", wk.Year, wk.Week.Number),
		Date:       wk.Now,
		Fictitious: wk.Fictitious,
	})
	d.AddPage()
	weeklyCover(d, wk)
	d.AddPage()
	weeklyAxes(d, wk)
	weeklyRegions(d, wk)
	d.AddPage()
	weeklyTerritories(d, wk)
	weeklyFindings(d, wk)
	weeklyQuarantine(d, wk)
	return d.output(w)
}

func weeklyCover(d *doc, wk *Weekly) {
	h := wk.Headline
	lines := []string{
		fmt.Sprintf("Exercice %d — %s", wk.Year, wk.Week),
		fmt.Sprintf("Situation au %s. Date limite de transmission des rapports de l'exercice %d : %s.",
			FormatDateTime(wk.Now), wk.Year, FormatDate(wk.Deadline)),
		registerLine(wk),
	}
	d.titleBlock("Rapport hebdomadaire de suivi des rapports annuels d'exécution", lines...)
	if wk.Fictitious {
		fictitiousBox(d)
	}

	d.h1("Chiffres clés", 60)
	rate := h.Reported.Rate()
	figures := []struct {
		value, label string
	}{
		{fmt.Sprint(h.Contracts), "contrats au registre"},
		{fmt.Sprint(h.Expected), fmt.Sprintf("rapports attendus pour %d", wk.Year)},
		{fmt.Sprint(h.Received), "territoires ayant transmis"},
		{fmt.Sprint(h.Accepted), "rapports acceptés"},
		{fmt.Sprint(h.Rejected), "territoires sans rapport accepté (rejetés)"},
		{fmt.Sprint(h.Late), "en retard"},
		{fmt.Sprint(h.Missing), "rapports manquants (délai dépassé)"},
		{FormatRate(rate), "taux d'exécution des rapports acceptés"},
	}
	const cols, boxH, gap = 4, 19.0, 3.0
	boxW := (contentW - gap*(cols-1)) / cols
	top := d.GetY()
	for i, f := range figures {
		x := marginL + float64(i%cols)*(boxW+gap)
		y := top + float64(i/cols)*(boxH+gap)
		d.drawColor(colRule)
		d.SetLineWidth(0.2)
		d.Rect(x, y, boxW, boxH, "D")
		d.fillColor(colBlue)
		d.Rect(x, y, 1.2, boxH, "F")
		d.setFont("B", 16)
		d.color(colText)
		d.SetXY(x+3.5, y+2)
		d.CellFormat(boxW-5, 8, f.value, "", 0, "L", false, 0, "")
		d.setFont("", 7.5)
		d.color(colMuted)
		for j, l := range d.wrap(f.label, boxW-5) {
			d.SetXY(x+3.5, y+10.5+float64(j)*3.4)
			d.CellFormat(boxW-5, 3.4, l, "", 0, "L", false, 0, "")
		}
	}
	d.SetY(top + 2*boxH + gap + 3)
	d.paragraph(fmt.Sprintf("Depuis le %s : %s. Au total, %s et %s pour l'exercice.",
		FormatDate(wk.Since), plural(h.ThisWeek, "territoire a transmis un fichier", "territoires ont transmis un fichier"),
		plural(h.Files, "fichier distinct reçu", "fichiers distincts reçus"),
		plural(h.Receipts, "réception", "réceptions")))
	d.paragraph(fmt.Sprintf("Constats en cours (sur le fichier retenu de chaque territoire, à défaut sur son dernier envoi) : %s, %s, %s.",
		plural(h.Findings[0], "bloquant", "bloquants"), plural(h.Findings[1], "alerte", "alertes"),
		plural(h.Findings[2], "information", "informations")))

	d.h1(fmt.Sprintf("Montants de l'exercice %d", wk.Year), 40)
	t := newTable(d, 8,
		column{"", 62, "L"}, column{"État", 28, "R"}, column{"Collectivités", 28, "R"},
		column{"Total État + collectivités", 32, "R"}, column{"Autres financeurs", 24, "R"})
	c, r := h.Commitments, h.Reported
	t.row(texts(fmt.Sprintf("Engagements des %d contrats attendus (registre)", h.Expected),
		c.StatePlanned.String(), c.TerritoryPlanned.String(), c.Planned().String(), "—"))
	t.row(texts(fmt.Sprintf("Prévu — %s", plural(h.Accepted, "territoire au rapport accepté", "territoires au rapport accepté")),
		r.StatePlanned.String(), r.TerritoryPlanned.String(), r.Planned().String(), "—"))
	t.row(texts("Réalisé — mêmes territoires", r.StateSpent.String(), r.TerritorySpent.String(),
		r.Spent().String(), r.OtherSpent.String()))
	t.total(texts("Taux d'exécution", FormatRate(ratio(r.StateSpent, r.StatePlanned)),
		FormatRate(ratio(r.TerritorySpent, r.TerritoryPlanned)), FormatRate(rate), ""))

	d.h1("Lecture du rapport", 30)
	for _, s := range []string{
		"Taux d'exécution : dépenses réalisées par l'État et la collectivité, rapportées aux montants prévus au registre pour les actions du contrat ; les autres financeurs n'entrent pas dans le taux. Il n'est calculé que pour les territoires dont un rapport est accepté.",
		"Situation d'un territoire : « Accepté » (le rapport le plus récent accepté fait foi), « Accepté hors délai », « Rejeté » (aucun fichier accepté, au moins un constat bloquant à corriger), « Rejeté, délai dépassé » (fichiers reçus à temps mais rejetés, date limite passée), « Rejeté, hors délai » (dernier fichier reçu après la date limite, rejeté), « Attendu » (rien reçu, date limite à venir), « Manquant » (rien reçu, date limite dépassée).",
		"Constats : « bloquant » entraîne le rejet du fichier ; « alerte » est à vérifier ; « information » est signalée pour mémoire. Chaque constat issu d'une cellule cite la cellule (par exemple Actions!H12).",
	} {
		d.note(s)
		d.Ln(1)
	}
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

func ratio(a, b reconcile.Amount) *float64 {
	if b == 0 {
		return nil
	}
	r := float64(a) / float64(b)
	return &r
}

func weeklyAxes(d *doc, wk *Weekly) {
	d.h1("1. Exécution nationale par axe", 40)
	t := newTable(d, 7.5,
		column{"Axe", 46, "L"}, column{"Rapports acceptés / contrats", 20, "C"},
		column{"Engagements au registre", 29, "R"}, column{"Prévu (rapports acceptés)", 29, "R"},
		column{"Réalisé État + collectivités", 29, "R"}, column{"Taux d'exécution", 21, "R"})
	var bars []bar
	var commit, rep Money
	for _, a := range wk.Axes {
		t.row([]cell{{text: a.Axis.Label()}, {text: fmt.Sprintf("%d / %d", a.Reporting, a.Contracts)},
			{text: a.Commitments.Planned().String()}, {text: a.Reported.Planned().String()},
			{text: a.Reported.Spent().String()}, {text: FormatRate(a.Reported.Rate()), bold: true}})
		bars = append(bars, bar{label: a.Axis.ShortLabel(), rate: a.Reported.Rate()})
		commit.add(a.Commitments)
		rep.add(a.Reported)
	}
	t.total(texts("Ensemble des axes", fmt.Sprintf("%d / %d", wk.Headline.Accepted, wk.Headline.Expected),
		commit.Planned().String(), rep.Planned().String(), rep.Spent().String(), FormatRate(rep.Rate())))
	d.Ln(1.5)
	d.note("L'axe « Emploi » ne figure qu'aux contrats à quatre axes (métropoles). Les actions déclarées hors contrat n'entrent dans aucun total.")
	d.h2("Taux d'exécution par axe", 45)
	d.rateChart(bars, wk.Threshold)
}

func weeklyRegions(d *doc, wk *Weekly) {
	d.h1("2. Exécution par région", 60)
	t := newTable(d, 7.5,
		column{"Région", 50, "L"}, column{"Acceptés / attendus", 20, "C"}, column{"Manquants", 22, "C"},
		column{"Prévu (rapports acceptés)", 30, "R"}, column{"Réalisé État + collectivités", 30, "R"},
		column{"Taux d'exécution", 22, "R"})
	var bars []bar
	for _, r := range wk.Regions {
		planned, spent := r.Reported.Planned().String(), r.Reported.Spent().String()
		if r.Accepted == 0 {
			planned, spent = "—", "—"
		}
		t.row([]cell{{text: r.Name}, {text: fmt.Sprintf("%d / %d", r.Accepted, r.Expected)},
			{text: fmt.Sprint(r.Missing), bold: r.Missing > 0}, {text: planned},
			{text: spent}, {text: FormatRate(r.Reported.Rate()), bold: true}})
		bars = append(bars, bar{label: r.Name, rate: r.Reported.Rate()})
	}
	d.Ln(1.5)
	d.note("Un territoire est rattaché à la région de son département ; une métropole ou une collectivité, à celle du département où elle se trouve.")
	d.h2("Taux d'exécution par région", float64(len(bars))*6.8+15)
	d.rateChart(bars, wk.Threshold)
}

func weeklyTerritories(d *doc, wk *Weekly) {
	d.h1("3. Situation par territoire", 40)
	d.note("Les territoires sont classés des situations les plus préoccupantes aux plus favorables : manquants, rejetés, attendus, puis acceptés ; à situation égale, le plus de constats bloquants puis d'alertes, puis le taux d'exécution le plus faible.")
	d.Ln(1)
	t := newTable(d, 7.2,
		column{"Territoire", 54, "L"}, column{"SIREN", 17, "C"}, column{"Situation", 27, "L"},
		column{"Dernier envoi", 18, "C"}, column{"Taux d'exécution", 19, "R"},
		column{"Bloquants", 15, "R"}, column{"Alertes", 12, "R"}, column{"Infos", 12, "R"})
	for _, r := range wk.Territories {
		last := "—"
		if r.Status.Latest != nil {
			last = FormatShortDate(r.Status.Latest.ReceivedAt)
		}
		worst := r.Standing <= StandingRejected
		t.row([]cell{{text: r.Territory.Name}, {text: r.Territory.SIREN}, {text: r.Standing.Label(), bold: worst},
			{text: last}, {text: FormatRate(r.Rate)}, {text: fmt.Sprint(r.Counts[0]), bold: r.Counts[0] > 0},
			{text: fmt.Sprint(r.Counts[1])}, {text: fmt.Sprint(r.Counts[2])}})
	}
}
