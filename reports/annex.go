package reports

import (
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
)

// WeeklyAnnex writes the weekly report's data as an XLSX workbook to w, one
// table per sheet, for the central team to filter and pivot: numbers as
// numbers (euros with a euro format, rates with a percent format), dates as
// dates, frozen headers, autofilters. Texts from territories are written as
// text and never become formulas. The same wk gives the same bytes.
func WeeklyAnnex(w io.Writer, wk *Weekly) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newXStyles(f)
	if err != nil {
		return err
	}
	for _, write := range []func(*excelize.File, xstyles, *Weekly) error{
		annexSummary, annexAxes, annexRegions, annexTerritories, annexFindings, annexQuarantine, annexActions,
	} {
		if err := write(f, st, wk); err != nil {
			return err
		}
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
	if err := f.Write(w); err != nil {
		return fmt.Errorf("write annex: %w", err)
	}
	return nil
}

func annexSummary(f *excelize.File, st xstyles, wk *Weekly) error {
	s := newXSheet(f, st, AnnexSummary, true, xcol{"Indicateur", 58, xText}, xcol{"Valeur", 26, xText})
	h := wk.Headline
	data := "réelles"
	if wk.Fictitious {
		data = "fictives (données d'exemple)"
	}
	rows := []struct {
		label string
		value any
	}{
		{"Données", data},
		{"Exercice", wk.Year},
		{"Semaine", fmt.Sprintf("%d-S%02d", wk.Week.Year, wk.Week.Number)},
		{"Situation au", wk.Now},
		{"Date limite de transmission", xday(wk.Deadline)},
		{"Version du registre", wk.RegisterVersion},
		{"Fichier du registre", wk.RegisterSource},
		{"Registre importé le", wk.RegisterImportedAt},
		{"Contrats au registre", h.Contracts},
		{"Rapports attendus", h.Expected},
		{"Territoires ayant transmis", h.Received},
		{"Rapports acceptés", h.Accepted},
		{"Territoires sans rapport accepté (rejetés)", h.Rejected},
		{"Rapports attendus, date limite à venir", h.Awaited},
		{"En retard", h.Late},
		{"Manquants (date limite passée)", h.Missing},
		{"Fichiers distincts reçus", h.Files},
		{"Réceptions", h.Receipts},
		{"Territoires ayant transmis depuis le " + FormatDate(wk.Since), h.ThisWeek},
		{"Constats bloquants", h.Findings[0]},
		{"Alertes", h.Findings[1]},
		{"Informations", h.Findings[2]},
		{"État engagé (registre, contrats attendus)", h.Commitments.StatePlanned},
		{"Collectivités engagé (registre, contrats attendus)", h.Commitments.TerritoryPlanned},
		{"État prévu (rapports acceptés)", h.Reported.StatePlanned},
		{"Collectivités prévu (rapports acceptés)", h.Reported.TerritoryPlanned},
		{"État réalisé (rapports acceptés)", h.Reported.StateSpent},
		{"Collectivités réalisé (rapports acceptés)", h.Reported.TerritorySpent},
		{"Autres financeurs réalisé (rapports acceptés)", h.Reported.OtherSpent},
		{"Taux d'exécution", h.Reported.Rate()},
	}
	for _, r := range rows {
		s.add(r.label, r.value)
	}
	return s.finish()
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

func annexRegions(f *excelize.File, st xstyles, wk *Weekly) error {
	cols := []xcol{{"Région", 28, xText}, {"Rapports attendus", 11, xInt}, {"Rapports acceptés", 11, xInt},
		{"Manquants", 11, xInt}, {"État engagé (€)", 16, xEuro}, {"Collectivité engagé (€)", 16, xEuro}}
	s := newXSheet(f, st, AnnexRegions, false, append(cols, moneyCols()...)...)
	for _, r := range wk.Regions {
		s.add(append([]any{r.Name, r.Expected, r.Accepted, r.Missing, r.Commitments.StatePlanned,
			r.Commitments.TerritoryPlanned}, moneyValues(r.Reported)...)...)
	}
	return s.finish()
}

func annexTerritories(f *excelize.File, st xstyles, wk *Weekly) error {
	cols := []xcol{{"Rang", 7, xInt}, {"SIREN", 12, xText}, {"Territoire", 40, xText}, {"Type", 13, xText},
		{"Départements", 13, xText}, {"Région", 26, xText}, {"Situation", 20, xText}, {"Attendu", 9, xText},
		{"Réceptions", 11, xInt}, {"Fichiers", 9, xInt}, {"Acceptés", 9, xInt}, {"Rejetés", 9, xInt},
		{"En retard", 9, xText}, {"Manquant", 9, xText}, {"Dernier envoi", 16, xDateTime},
		{"Fichier retenu", 40, xText}, {"Reçu le", 16, xDateTime}}
	cols = append(cols, moneyCols()...)
	cols = append(cols, xcol{"Bloquants", 10, xInt}, xcol{"Alertes", 10, xInt}, xcol{"Informations", 12, xInt})
	s := newXSheet(f, st, AnnexTerritories, false, cols...)
	for i, r := range wk.Territories {
		var lastAt, countedAt any
		file := ""
		if l := r.Status.Latest; l != nil {
			lastAt = l.ReceivedAt
		}
		if c := r.Status.Counted; c != nil {
			file, countedAt = c.FileName, c.ReceivedAt
		}
		m := r.Money
		if r.Status.Counted == nil {
			m.StateSpent, m.TerritorySpent, m.OtherSpent = 0, 0, 0
		}
		vals := []any{i + 1, r.Territory.SIREN, r.Territory.Name, r.Territory.Type.Label(),
			strings.Join(r.Territory.Departements, " "), r.Region, r.Standing.Label(), r.Status.Expected,
			r.Status.Receipts, r.Status.Submissions, r.Status.Accepted, r.Status.Rejected, r.Status.Late,
			r.Status.Missing, lastAt, file, countedAt}
		if r.Status.Counted != nil {
			vals = append(vals, moneyValues(m)...)
		} else {
			vals = append(vals, m.StatePlanned, m.TerritoryPlanned, nil, nil, nil, nil)
		}
		s.add(append(vals, r.Counts[0], r.Counts[1], r.Counts[2])...)
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
	return s.finish()
}

func annexQuarantine(f *excelize.File, st xstyles, wk *Weekly) error {
	s := newXSheet(f, st, AnnexQuarantine, false,
		xcol{"Reçu le", 16, xDateTime}, xcol{"Origine", 12, xText}, xcol{"Expéditeur", 30, xText},
		xcol{"Objet", 30, xText}, xcol{"Fichier", 36, xText}, xcol{"SHA-256", 20, xText}, xcol{"SIREN", 12, xText},
		xcol{"Motif", 70, xText})
	for _, q := range wk.Quarantine {
		s.add(q.ReceivedAt, reconcile.Capitalize(q.Origin.Kind.Label()), q.Origin.Sender, q.Origin.Subject, q.FileName, q.SHA256, q.SIREN, q.Reason)
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
		counted := r.Status.Counted != nil
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
