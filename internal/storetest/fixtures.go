package storetest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/pactd/pactd/reconcile"
)

// base is the reception time of the first sample: a time with nanoseconds,
// in Paris, to check that stores keep the instant and return it in UTC.
var base = time.Date(2026, time.March, 30, 23, 30, 15, 123456789, reconcile.Paris)

func amount(c int64) *reconcile.Amount { a := reconcile.Amount(c); return &a }
func float(f float64) *float64         { return &f }

// Bytes returns n pseudo-random bytes determined by seed: a workbook
// stand-in whose SHA-256 differs for every seed.
func Bytes(seed uint64, n int) []byte {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// Sum returns the hex SHA-256 of b.
func Sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// Sample returns a realistic submission: a workbook of size bytes (seeded
// by seed), a report of actions actions with two indicators each, a few
// findings of every Value kind, received at base plus seed minutes.
func Sample(seed uint64, siren string, year int, actions, size int) *reconcile.Submission {
	content := Bytes(seed, size)
	transmitted := time.Date(year+1, time.March, 2, 0, 0, 0, 0, reconcile.Paris)
	rep := &reconcile.Report{
		File: fmt.Sprintf("CLS_%d_%s.xlsx", year, siren), Template: reconcile.TemplateVersion,
		SIREN: siren, Year: year, Fingerprint: "f1e2d3",
		Identification: reconcile.Identification{Name: "Département de l'Ain", Referent: "Jeanne Martin",
			Email: "jeanne.martin@ain.fr", Phone: "04 74 00 00 00", TransmissionDate: &transmitted,
			Cells: map[string]string{"siren": "Identification!C5", "year": "Identification!C6"}},
		Comments: "RAS",
	}
	for i := 0; i < actions; i++ {
		code := fmt.Sprintf("ENF-%02d", i+1)
		row := 7 + i
		ra := reconcile.ReportedAction{Code: code, Axis: reconcile.AxisEnfance, AxisLabel: "1. Enfance",
			Title: "Petits déjeuners à l'école", Nature: string(reconcile.NatureNouvelle),
			StatePlanned: amount(12000000), TerritoryPlanned: amount(12000000), StateSpent: amount(9800050),
			TerritorySpent: amount(10100000), OtherSpent: amount(0), Status: reconcile.StatusEnCours, Row: row,
			Cells: map[string]string{reconcile.FieldStateSpent: fmt.Sprintf("Actions!G%d", row),
				reconcile.FieldTerritorySpent: fmt.Sprintf("Actions!H%d", row)}}
		if i%3 == 2 {
			ra.TerritorySpent = nil // missing value: nil, never zero
		}
		rep.Actions = append(rep.Actions, ra)
		for j := 1; j <= 2; j++ {
			ind := reconcile.ReportedIndicator{Action: code, Code: fmt.Sprintf("%s-I%d", code, j),
				Label: "Enfants bénéficiaires", Unit: "personnes", Baseline: float(100), Target: float(150),
				Actual: float(140), Row: 4 + 2*i + j, Cell: fmt.Sprintf("Indicateurs!G%d", 4+2*i+j)}
			if j == 2 {
				ind.Baseline, ind.Actual = nil, nil
			}
			rep.Indicators = append(rep.Indicators, ind)
		}
	}
	rep.Totals = []reconcile.ReportedTotal{
		{Sheet: "Actions", Field: reconcile.FieldStateSpent, Value: amount(9800050 * int64(actions)), Cell: "Actions!G40"},
		{Sheet: "Synthèse", Axis: reconcile.AxisEnfance, Field: reconcile.FieldRate, Rate: float(0.92), Cell: "Synthèse!F5"},
		{Sheet: "Synthèse", Field: reconcile.FieldTerritorySpent, Value: nil, Cell: "Synthèse!E9"},
	}
	rep.Findings = []reconcile.Finding{
		{Code: reconcile.NombreEnTexte, Severity: reconcile.Info, SIREN: siren, Year: year, Action: "ENF-01",
			Expected: reconcile.NumberValue(140), Actual: reconcile.TextValue("140"), Cells: []string{"Indicateurs!G5"},
			Message: "Le nombre « 140 » est saisi comme du texte : il a été lu comme 140."},
	}
	findings := []reconcile.Finding{
		{Code: reconcile.CofinancementInsuffisant, Severity: reconcile.Bloquant, SIREN: siren, Year: year,
			Axis: reconcile.AxisEnfance, Action: "ENF-01", Expected: reconcile.MoneyValue(9800050),
			Actual: reconcile.MoneyValue(9000000), Cells: []string{"Actions!G7", "Actions!H7"},
			Message: "La part du territoire (90 000,00 €) est inférieure à celle de l'État (98 000,50 €)."},
		{Code: reconcile.SousExecution, Severity: reconcile.Alerte, SIREN: siren, Year: year,
			Axis: reconcile.AxisEnfance, Action: "ENF-02", Expected: reconcile.NumberValue(0.8),
			Actual: reconcile.NumberValue(0.415), Cells: []string{"Actions!G8"}, Message: "Taux d'exécution faible."},
		{Code: reconcile.TransmissionTardive, Severity: reconcile.Info, SIREN: siren, Year: year,
			Expected: reconcile.TextValue("31/03/2026"), Actual: reconcile.TextValue("02/04/2026"),
			Message: "Le rapport est arrivé après la date limite."},
		{Code: reconcile.ValeurManquante, Severity: reconcile.Alerte, SIREN: siren, Year: year, Action: "ENF-03",
			Cells: []string{"Actions!H9"}, Message: "La dépense du territoire n'est pas renseignée."},
	}
	return &reconcile.Submission{
		FileName: rep.File, SHA256: Sum(content), Size: int64(len(content)), SIREN: siren, Year: year,
		Template: reconcile.TemplateVersion,
		Origin: reconcile.Origin{Kind: reconcile.OriginEmail, Sender: "jeanne.martin@ain.fr",
			MessageID: fmt.Sprintf("<%d@ain.fr>", seed), Subject: "Rapport annuel", Account: "cls@pactd.test",
			Mailbox: "INBOX", UIDValidity: 1712, UID: uint32(seed), Key: fmt.Sprintf("imap:cls@pactd.test/INBOX/1712/%d/2", seed)},
		ReceivedAt: base.Add(time.Duration(seed) * time.Minute), RegisterVersion: 1,
		Verdict: reconcile.VerdictOf(findings), Findings: findings, Report: rep, Content: content,
	}
}
