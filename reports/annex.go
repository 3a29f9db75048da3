package reports

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/pactd/pactd/reconcile"
)

// Sheet names of the weekly annex.
const (
	AnnexSummary     = "Synthèse nationale"
	AnnexAxes        = "Par axe"
	AnnexRegions     = "Par région"
	AnnexTerritories = "Par territoire"
	AnnexFindings    = "Constats"
	AnnexQuarantine  = "Quarantaine"
	AnnexActions     = "Actions"
	AnnexTrend       = "Évolution"
)

// WeeklyAnnex writes the weekly report's data as an XLSX workbook to w, one
// table per sheet, for the central team to filter, pivot and print: numbers
// as numbers (euros with a euro format, rates as the fractions the PDF
// shows with a percent format), dates as dates, frozen headers,
// autofilters, and on every sheet a print area, the header row repeated on
// each printed page and the width fitted to one page. The summary sheet
// draws the partition, money per axis and the season's trend as native
// charts. Texts from territories are written as text and never become
// formulas. The same wk gives the same bytes.
func WeeklyAnnex(w io.Writer, wk *Weekly) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newXStyles(f)
	if err != nil {
		return err
	}
	for _, write := range []func(*excelize.File, xstyles, *Weekly) error{
		annexSummary, annexAxes, annexRegions, annexTerritories, annexFindings, annexQuarantine, annexActions, annexTrend,
	} {
		if err := write(f, st, wk); err != nil {
			return err
		}
	}
	if err := annexCharts(f, wk); err != nil {
		return err
	}
	stamp := wk.Now.UTC().Format("2006-01-02T15:04:05Z")
	desc := "Annexe du rapport hebdomadaire de suivi des contrats locaux des solidarités."
	if wk.Fictitious {
		desc += " " + fictitiousNote
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:   fmt.Sprintf("Rapport hebdomadaire CLS — exercice %d — semaine %d — annexe", wk.Year, wk.Week.Number),
		Subject: "Pacte national des solidarités — Contrats locaux des solidarités", Creator: authorName,
		LastModifiedBy: "pactd", Description: desc, Language: "fr-FR", Created: stamp, Modified: stamp,
	}); err != nil {
		return fmt.Errorf("set annex properties: %w", err)
	}
	if err := f.SetAppProps(&excelize.AppProperties{Application: "pactd"}); err != nil {
		return fmt.Errorf("set annex application: %w", err)
	}
	f.SetActiveSheet(0)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return fmt.Errorf("write annex: %w", err)
	}
	data, err := canonicalContentTypes(buf.Bytes())
	if err != nil {
		return err
	}
	if _, err := w.Write(data); err != nil {
		return fmt.Errorf("write annex: %w", err)
	}
	return nil
}

func annexSummary(f *excelize.File, st xstyles, wk *Weekly) error {
	s := newXSheet(f, st, AnnexSummary, true, xcol{"Indicateur", 58, xText}, xcol{"Valeur", 26, xText})
	s.printCols = summaryPrintCols
	data := "réelles"
	if wk.Fictitious {
		data = "fictives (données d'exemple)"
	}
	t := wk.Tally
	rows := []struct {
		label string
		value any
	}{
		{"Données", data},
		{"Exercice", wk.Year},
		{"Semaine du rapport", fmt.Sprintf("%d-S%02d", wk.Week.Year, wk.Week.Number)},
		{"Du", xday(wk.Week.Monday)},
		{"Au", xday(wk.Week.Sunday)},
		{"Situation au", wk.Now},
		{"Date limite de transmission", xday(wk.Deadline)},
		{"Version du registre", wk.RegisterVersion},
		{"Fichier du registre", wk.RegisterSource},
		{"Registre importé le", wk.RegisterImportedAt},
		{"Contrats au registre", wk.Contracts},
		{"Territoires attendus", t.Expected},
		{"Acceptés dans les délais", t.Accepted},
		{"Acceptés hors délai", t.AcceptedLate},
		{"Rejetés, à corriger", t.Rejected},
		{"Mis de côté (quarantaine)", t.SetAside},
		{"Rien reçu", t.NotReceived},
		{"En retard (hors délai, ou rien d'accepté)", wk.Late},
		{"Fichiers reçus (enregistrés ou mis de côté)", wk.Files},
		{"Fichiers enregistrés", wk.Recorded},
		{"Réceptions des fichiers enregistrés", wk.Receipts},
		{"Fichiers reçus depuis le " + FormatDateTime(wk.Changes.Since), wk.Changes.Recorded + wk.Changes.SetAside},
		{"Nouvellement acceptés", len(wk.Changes.Accepted)},
		{"Nouvellement rejetés", len(wk.Changes.Rejected)},
		{"Nouvellement mis de côté", len(wk.Changes.NewSetAside)},
		{"Constats bloquants", wk.Findings[0]},
		{"Alertes", wk.Findings[1]},
		{"Informations", wk.Findings[2]},
		{"État engagé (registre, contrats attendus)", wk.Commitments.StatePlanned},
		{"Collectivités engagé (registre, contrats attendus)", wk.Commitments.TerritoryPlanned},
		{"État prévu (rapports acceptés)", wk.Reported.StatePlanned},
		{"Collectivités prévu (rapports acceptés)", wk.Reported.TerritoryPlanned},
		{"État réalisé (rapports acceptés)", wk.Reported.StateSpent},
		{"Collectivités réalisé (rapports acceptés)", wk.Reported.TerritorySpent},
		{"Autres financeurs réalisé (rapports acceptés)", wk.Reported.OtherSpent},
		{"Taux d'exécution", wk.Reported.Rate()},
	}
	for _, r := range rows {
		s.add(r.label, r.value)
	}
	s.setPrintRows(summaryPrintRows)
	if err := s.finish(); err != nil {
		return err
	}
	return summaryChartData(f, st, wk)
}

// moneyCols are the columns of a Money, in the order moneyValues gives.
func moneyCols() []xcol {
	return []xcol{{"État prévu (€)", 16, xEuro}, {"Collectivité prévu (€)", 16, xEuro}, {"État réalisé (€)", 16, xEuro},
		{"Collectivité réalisé (€)", 16, xEuro}, {"Autres financeurs (€)", 16, xEuro}, {"Taux d'exécution", 12, xRate}}
}

func moneyValues(m Money) []any {
	return []any{m.StatePlanned, m.TerritoryPlanned, m.StateSpent, m.TerritorySpent, m.OtherSpent, m.Rate()}
}

func annexAxes(f *excelize.File, st xstyles, wk *Weekly) error {
	cols := []xcol{{"Axe", 14, xText}, {"Libellé", 50, xText}, {"Contrats", 10, xInt}, {"Rapports acceptés", 11, xInt},
		{"État engagé (€)", 16, xEuro}, {"Collectivité engagé (€)", 16, xEuro}}
	s := newXSheet(f, st, AnnexAxes, false, append(cols, moneyCols()...)...)
	for _, a := range wk.Axes {
		s.add(append([]any{string(a.Axis), a.Axis.Label(), a.Contracts, a.Reporting,
			a.Commitments.StatePlanned, a.Commitments.TerritoryPlanned}, moneyValues(a.Reported)...)...)
	}
	return s.finish()
}

// tallyCols are the columns of a reconcile.Tally, in tallyValues' order.
func tallyCols() []xcol {
	return []xcol{{"Attendus", 10, xInt}, {"Acceptés dans les délais", 11, xInt}, {"Acceptés hors délai", 11, xInt},
		{"Rejetés", 10, xInt}, {"Mis de côté", 10, xInt}, {"Rien reçu", 10, xInt}}
}

func tallyValues(t reconcile.Tally) []any {
	return []any{t.Expected, t.Accepted, t.AcceptedLate, t.Rejected, t.SetAside, t.NotReceived}
}

func annexRegions(f *excelize.File, st xstyles, wk *Weekly) error {
	cols := append([]xcol{{"Région", 28, xText}}, tallyCols()...)
	cols = append(cols, xcol{"État engagé (€)", 16, xEuro}, xcol{"Collectivité engagé (€)", 16, xEuro})
	s := newXSheet(f, st, AnnexRegions, false, append(cols, moneyCols()...)...)
	for _, r := range wk.Regions {
		vals := append([]any{r.Name}, tallyValues(r.Tally)...)
		vals = append(vals, r.Commitments.StatePlanned, r.Commitments.TerritoryPlanned)
		s.add(append(vals, moneyValues(r.Reported)...)...)
	}
	return s.finish()
}

func annexTerritories(f *excelize.File, st xstyles, wk *Weekly) error {
	cols := []xcol{{"SIREN", 12, xText}, {"Territoire", 40, xText}, {"Type", 13, xText},
		{"Départements", 13, xText}, {"Région", 26, xText}, {"Situation", 20, xText}, {"Code situation", 14, xText},
		{"En retard", 9, xText}, {"Réceptions", 11, xInt}, {"Fichiers enregistrés", 11, xInt}, {"Acceptés", 9, xInt},
		{"Rejetés", 9, xInt}, {"Mis de côté", 9, xInt}, {"Dernier envoi", 16, xDateTime},
		{"Fichier retenu", 38, xText}, {"Reçu le", 16, xDateTime}}
	cols = append(cols, moneyCols()...)
	cols = append(cols, xcol{"Bloquants", 10, xInt}, xcol{"Alertes", 10, xInt}, xcol{"Informations", 12, xInt},
		xcol{"Contacts", 38, xText}, xcol{"Relances envoyées", 30, xText})
	s := newXSheet(f, st, AnnexTerritories, false, cols...)
	for _, r := range wk.Territories {
		var lastAt, countedAt any
		file := ""
		if l := r.Status.Latest; l != nil {
			lastAt = l.ReceivedAt
		}
		if n := len(r.SetAside); n > 0 && (lastAt == nil || r.SetAside[n-1].ReceivedAt.After(r.Status.Latest.ReceivedAt)) {
			lastAt = r.SetAside[n-1].ReceivedAt
		}
		if c := r.Status.Counted; c != nil {
			file, countedAt = c.FileName, c.ReceivedAt
		}
		reminders := ""
		if len(r.Reminders) > 0 {
			var parts []string
			for _, m := range r.Reminders {
				parts = append(parts, m.Kind+" le "+FormatShortDate(m.At))
			}
			reminders = strings.Join(parts, " ; ")
		}
		vals := []any{r.Territory.SIREN, r.Territory.Name, r.Territory.Type.Label(),
			strings.Join(r.Territory.Departements, " "), r.Region, r.Label(), string(r.State), r.Late(),
			r.Status.Receipts, r.Status.Submissions, r.Status.Accepted, r.Status.Rejected, len(r.SetAside),
			lastAt, file, countedAt}
		if r.State.Accepted() {
			vals = append(vals, moneyValues(r.Money)...)
		} else {
			vals = append(vals, r.Money.StatePlanned, r.Money.TerritoryPlanned, nil, nil, nil, nil)
		}
		s.add(append(vals, r.Counts[0], r.Counts[1], r.Counts[2], strings.Join(r.Contacts, " ; "), reminders)...)
	}
	return s.finish()
}

func annexFindings(f *excelize.File, st xstyles, wk *Weekly) error {
	s := newXSheet(f, st, AnnexFindings, false,
		xcol{"SIREN", 12, xText}, xcol{"Territoire", 36, xText}, xcol{"Fichier", 36, xText}, xcol{"Reçu le", 16, xDateTime},
		xcol{"Code", 28, xText}, xcol{"Gravité", 10, xText}, xcol{"Axe", 14, xText}, xcol{"Action", 10, xText},
		xcol{"Indicateur", 12, xText}, xcol{"Cellules", 22, xText}, xcol{"Attendu", 16, xText},
		xcol{"Constaté", 16, xText}, xcol{"Unité", 9, xText}, xcol{"Message", 80, xText})
	for _, r := range wk.Territories {
		var file string
		var at any
		if r.Submission != nil {
			file, at = r.Submission.FileName, r.Submission.ReceivedAt
		}
		for _, fd := range r.Findings {
			expected, eu := findingValue(fd.Code, fd.Expected)
			actual, au := findingValue(fd.Code, fd.Actual)
			s.add(r.Territory.SIREN, r.Territory.Name, file, at, string(fd.Code), string(fd.Severity), string(fd.Axis),
				fd.Action, fd.Indicator, strings.Join(fd.Cells, ", "), expected, actual, findingUnit(eu, au), fd.Message)
		}
	}
	names := map[string]string{}
	for _, r := range wk.Territories {
		names[r.Territory.SIREN] = r.Territory.Name
	}
	for _, fd := range wk.Missing {
		expected, eu := findingValue(fd.Code, fd.Expected)
		s.add(fd.SIREN, names[fd.SIREN], nil, nil, string(fd.Code), string(fd.Severity), nil, nil, nil, nil, expected,
			nil, findingUnit(eu, ""), fd.Message)
	}
	return s.finish()
}

func annexQuarantine(f *excelize.File, st xstyles, wk *Weekly) error {
	s := newXSheet(f, st, AnnexQuarantine, false,
		xcol{"Reçu le", 16, xDateTime}, xcol{"Origine", 12, xText}, xcol{"Expéditeur", 30, xText},
		xcol{"Objet", 30, xText}, xcol{"Fichier", 36, xText}, xcol{"SHA-256", 20, xText}, xcol{"SIREN", 12, xText},
		xcol{"SIREN lu dans", 14, xText}, xcol{"Territoire", 36, xText}, xcol{"Motif", 70, xText})
	for _, r := range wk.SetAside {
		q := r.Entry
		siren, source, name := q.ClaimedSIREN(), "", ""
		switch {
		case siren == "":
		case r.FromName:
			source = "nom du fichier"
		default:
			source = "classeur"
		}
		if r.Territory != nil {
			name = r.Territory.Name
		}
		s.add(q.ReceivedAt, reconcile.Capitalize(q.Origin.Kind.Label()), q.Origin.Sender, q.Origin.Subject, q.FileName,
			q.SHA256, siren, source, name, q.Reason)
	}
	return s.finish()
}

func annexActions(f *excelize.File, st xstyles, wk *Weekly) error {
	cols := []xcol{{"SIREN", 12, xText}, {"Territoire", 36, xText}, {"Région", 24, xText}, {"Code action", 11, xText},
		{"Axe", 14, xText}, {"Intitulé", 44, xText}, {"Nature", 11, xText}, {"Au contrat", 9, xText},
		{"Rapport accepté", 10, xText}}
	cols = append(cols, moneyCols()...)
	cols = append(cols, xcol{"Statut", 14, xText})
	s := newXSheet(f, st, AnnexActions, false, cols...)
	for _, r := range wk.Territories {
		counted := r.State.Accepted()
		for _, a := range r.Actions {
			vals := []any{r.Territory.SIREN, r.Territory.Name, r.Region, a.Code, string(a.Axis), a.Title, a.Nature,
				a.InContract, counted}
			if a.InContract {
				vals = append(vals, a.Plan.State, a.Plan.Territory)
			} else {
				vals = append(vals, nil, nil)
			}
			vals = append(vals, a.StateSpent, a.TerritorySpent, a.OtherSpent, a.Rate(), a.Status)
			s.add(vals...)
		}
	}
	return s.finish()
}

func annexTrend(f *excelize.File, st xstyles, wk *Weekly) error {
	cols := []xcol{{"Semaine", 10, xText}, {"Rapport du", 16, xDateTime}}
	cols = append(cols, tallyCols()...)
	cols = append(cols, xcol{"Réalisé État + collectivités (€)", 18, xEuro})
	s := newXSheet(f, st, AnnexTrend, false, cols...)
	for _, p := range wk.Trend {
		vals := append([]any{fmt.Sprintf("S%d", p.Week.Number), p.Taken}, tallyValues(p.Tally)...)
		s.add(append(vals, p.Spent)...)
	}
	return s.finish()
}
