package reports

import (
	"fmt"
	"io"

	"github.com/pactd/pactd/reconcile"
)

// WeeklyPDF renders the weekly report in French to w. Page 1 answers the
// central team's first question, the week at a glance: where every
// expected territory stands (one partition, its parts adding up), money
// per axis, the season's trend, what changed since the previous report;
// then whom to act on. Execution per axis and per region, the territories
// that sent a file and every finding follow. The same wk always gives the
// same bytes. It returns an error only when the PDF cannot be rendered or
// written.
func WeeklyPDF(w io.Writer, wk *Weekly) error {
	d := newDoc(docMeta{
		Title:      fmt.Sprintf("Rapport hebdomadaire CLS — exercice %d — semaine %d", wk.Year, wk.Week.Number),
		Subject:    "Suivi des rapports annuels d'exécution des contrats locaux des solidarités",
		HeaderR:    fmt.Sprintf("Rapport hebdomadaire · exercice %d · semaine %d", wk.Year, wk.Week.Number),
		Date:       wk.Now,
		Fictitious: wk.Fictitious,
	})
	d.AddPage()
	weeklyGlance(d, wk)
	weeklyActOn(d, wk)
	weeklyCampaign(d, wk)
	d.AddPage()
	weeklyAxes(d, wk)
	weeklyRegions(d, wk)
	weeklyTerritories(d, wk)
	weeklyFindings(d, wk)
	weeklyReading(d)
	return d.output(w)
}

func weeklyAxes(d *doc, wk *Weekly) {
	d.h1("1. Exécution nationale", 40)
	t := newTable(d, 8,
		column{"", 54, "L"}, column{"État", 29, "R"}, column{"Collectivités", 29, "R"},
		column{"Total État + collectivités", 33, "R"}, column{"Autres financeurs", 29, "R"})
	c, r := wk.Commitments, wk.Reported
	accepted := wk.Tally.Accepted + wk.Tally.AcceptedLate
	t.row(texts(fmt.Sprintf("Engagements des %d contrats attendus (registre)", wk.Tally.Expected),
		c.StatePlanned.String(), c.TerritoryPlanned.String(), c.Planned().String(), "—"))
	t.row(texts(fmt.Sprintf("Prévu par les %s", plural(accepted, "rapport accepté", "rapports acceptés")),
		r.StatePlanned.String(), r.TerritoryPlanned.String(), r.Planned().String(), "—"))
	t.row(texts("Réalisé selon ces mêmes rapports", r.StateSpent.String(), r.TerritorySpent.String(),
		r.Spent().String(), r.OtherSpent.String()))
	t.total(texts("Taux d'exécution", FormatRate(reconcile.RatePtr(r.StateSpent, r.StatePlanned)),
		FormatRate(reconcile.RatePtr(r.TerritorySpent, r.TerritoryPlanned)), FormatRate(r.Rate()), ""))
	d.Ln(1.5)
	d.note(fmt.Sprintf("Constats des fichiers retenus (le rapport accepté de chaque territoire, à défaut son dernier envoi) : %s, %s, %s. %s",
		plural(wk.Findings[0], "bloquant", "bloquants"), plural(wk.Findings[1], "alerte", "alertes"),
		plural(wk.Findings[2], "information", "informations"), filesSentence(wk)))

	d.h2("Par axe", 40)
	t = newTable(d, 7.5,
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
	t.total(texts("Ensemble des axes", fmt.Sprintf("%d / %d", accepted, wk.Tally.Expected),
		commit.Planned().String(), rep.Planned().String(), rep.Spent().String(), FormatRate(rep.Rate())))
	d.Ln(1.5)
	d.note("L'axe « Emploi » ne figure qu'aux contrats à quatre axes (métropoles). Les actions déclarées hors contrat n'entrent dans aucun total.")
	d.h2("Taux d'exécution par axe", 45)
	d.rateChart(bars, wk.Threshold)
}

func weeklyRegions(d *doc, wk *Weekly) {
	d.h1("2. Exécution par région", 60)
	t := newTable(d, 7,
		column{"Région", 38, "L"}, column{"Attendus", 13, "R"}, column{"Acceptés", 14, "R"},
		column{"Rejetés", 12, "R"}, column{"Mis de côté", 12, "R"}, column{"Rien reçu", 12, "R"},
		column{"Prévu (rapports acceptés)", 26, "R"}, column{"Réalisé État + collectivités", 26, "R"},
		column{"Taux d'exécution", 21, "R"})
	var bars []bar
	for _, r := range wk.Regions {
		planned, spent := r.Reported.Planned().String(), r.Reported.Spent().String()
		accepted := r.Tally.Accepted + r.Tally.AcceptedLate
		if accepted == 0 {
			planned, spent = "—", "—"
		}
		t.row([]cell{{text: r.Name}, {text: fmt.Sprint(r.Tally.Expected)}, {text: fmt.Sprint(accepted)},
			{text: fmt.Sprint(r.Tally.Rejected)}, {text: fmt.Sprint(r.Tally.SetAside)},
			{text: fmt.Sprint(r.Tally.NotReceived), bold: wk.Overdue && r.Tally.NotReceived > 0},
			{text: planned}, {text: spent}, {text: FormatRate(r.Reported.Rate()), bold: true}})
		bars = append(bars, bar{label: r.Name, rate: r.Reported.Rate()})
	}
	t.total(texts("Ensemble", fmt.Sprint(wk.Tally.Expected), fmt.Sprint(wk.Tally.Accepted+wk.Tally.AcceptedLate),
		fmt.Sprint(wk.Tally.Rejected), fmt.Sprint(wk.Tally.SetAside), fmt.Sprint(wk.Tally.NotReceived),
		wk.Reported.Planned().String(), wk.Reported.Spent().String(), FormatRate(wk.Reported.Rate())))
	d.Ln(1.5)
	d.note("Un territoire est rattaché à la région de son département ; une métropole ou une collectivité, à celle du département où elle se trouve.")
	d.h2("Taux d'exécution par région", float64(len(bars))*6.8+15)
	d.rateChart(bars, wk.Threshold)
}

// weeklyTerritories lists the territories that sent a file, by state; those
// with nothing received are in the compact list of « À traiter ».
func weeklyTerritories(d *doc, wk *Weekly) {
	d.h1("3. Territoires ayant transmis un fichier", 40)
	var rows []TerritoryRow
	for _, r := range wk.Territories {
		if r.State != reconcile.StateNotReceived {
			rows = append(rows, r)
		}
	}
	if len(rows) == 0 {
		d.paragraph("Aucun territoire n'a transmis de fichier pour l'exercice.")
		return
	}
	d.note("Par situation (rejetés, mis de côté, acceptés hors délai, acceptés), puis par nom. Les territoires dont rien n'a été reçu sont listés dans « À traiter ».")
	d.Ln(1)
	t := newTable(d, 7.2,
		column{"Territoire", 50, "L"}, column{"SIREN", 17, "C"}, column{"Situation", 28, "L"},
		column{"Dernier envoi", 18, "C"}, column{"Taux d'exécution", 19, "R"},
		column{"Bloquants", 15, "R"}, column{"Alertes", 13, "R"}, column{"Infos", 14, "R"})
	for _, r := range rows {
		last := "—"
		if r.Status.Latest != nil {
			last = FormatShortDate(r.Status.Latest.ReceivedAt)
		} else if n := len(r.SetAside); n > 0 {
			last = FormatShortDate(r.SetAside[n-1].ReceivedAt)
		}
		t.row([]cell{{text: territoryRef(r.Territory)}, {text: r.Territory.SIREN},
			{text: r.Label(), bold: !r.State.Accepted()}, {text: last}, {text: FormatRate(r.Rate)},
			{text: fmt.Sprint(r.Counts[0]), bold: r.Counts[0] > 0}, {text: fmt.Sprint(r.Counts[1])},
			{text: fmt.Sprint(r.Counts[2])}})
	}
}

// filesSentence says how many files came for the year and what became of
// them: "14 fichiers reçus pour l'exercice : 12 enregistrés, dont 1 reçu
// deux fois, et 2 mis de côté."
func filesSentence(wk *Weekly) string {
	s := reconcile.Capitalize(plural(wk.Files, "fichier reçu", "fichiers reçus")) + " pour l'exercice"
	if wk.Files == 0 {
		return s + "."
	}
	s += " : " + plural(wk.Recorded, "enregistré", "enregistrés")
	if dup := wk.Receipts - wk.Recorded; dup > 0 {
		s += fmt.Sprintf(" (%s en double)", plural(dup, "réception", "réceptions"))
	}
	if aside := wk.Files - wk.Recorded; aside > 0 {
		s += " et " + plural(aside, "mis de côté", "mis de côté")
	}
	return s + "."
}

// weeklyReading explains the words and figures of the report.
func weeklyReading(d *doc) {
	d.h1("Lecture du rapport", 40)
	for _, s := range []string{
		"Semaine : la semaine du lundi au dimanche qui précède le jour du rapport. « Depuis le rapport précédent » compare avec la situation enregistrée par le rapport de la semaine d'avant.",
		"Situation d'un territoire, une seule par territoire : « Accepté » (le rapport accepté le plus récent fait foi, reçu dans les délais), « Accepté hors délai » (reçu après la date limite), « Rejeté, à corriger » (des fichiers ont été reçus, aucun n'est accepté : un fichier corrigé est attendu), « Mis de côté » (rien n'a été enregistré, mais un fichier de ce territoire a été mis en quarantaine : illisible ou envoyé par une adresse non autorisée), « Manquant » ou « Attendu » (rien reçu, date limite passée ou à venir). « En retard » : accepté hors délai, ou sans rapport accepté après la date limite.",
		"Taux d'exécution : dépenses réalisées par l'État et la collectivité, rapportées aux montants prévus au registre pour les actions du contrat ; les autres financeurs n'entrent pas dans le taux. Il n'est calculé que pour les territoires dont un rapport est accepté. Tous les taux sont tronqués au dixième de point, ici comme dans l'annexe et les accusés de réception : 88,59 % s'écrit 88,5 %.",
		"Constats : « bloquant » entraîne le rejet du fichier ; « alerte » est à vérifier ; « information » est signalée pour mémoire. Chaque constat issu d'une cellule cite la cellule (par exemple Actions!H12).",
		"Annexe : le classeur joint reprend chaque tableau, ligne à ligne, avec les mêmes montants au centime et les mêmes taux.",
	} {
		d.note(s)
		d.Ln(1)
	}
}
