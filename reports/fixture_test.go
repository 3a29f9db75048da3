package reports_test

import (
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
)

// fixtureNow is the date of the test reports: Wednesday 25 November 2026,
// 8:00 in Paris, in ISO week 48.
var fixtureNow = time.Date(2026, time.November, 25, 8, 0, 0, 0, reconcile.Paris)

// fixtureYear is the reporting year of the test reports; its deadline in
// the fixture register is 15 November 2026, so some reports are late.
const fixtureYear = 2025

// territories reads testdata/territoires.csv: the 121 real territories
// (a copy of the project's domain list).
func territories(t testing.TB) []reconcile.Territory {
	t.Helper()
	f, err := os.Open("testdata/territoires.csv")
	if err != nil {
		t.Fatalf("open territories: %v", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("read territories: %v", err)
	}
	var out []reconcile.Territory
	for _, rec := range recs[1:] {
		axes, _ := strconv.Atoi(rec[4])
		typ, _ := reconcile.MatchTerritoryType(rec[2])
		out = append(out, reconcile.Territory{SIREN: rec[0], Name: rec[1], Type: typ,
			Departements: strings.Fields(rec[3]), AxisCount: axes,
			AnnualCeiling: reconcile.Amount(300_000_000), Senders: []string{"@example.test"}})
	}
	return out
}

var axisPrefix = map[reconcile.Axis]string{reconcile.AxisEnfance: "ENF", reconcile.AxisEmploi: "EMP",
	reconcile.AxisAccesDroits: "DRO", reconcile.AxisTransition: "TRA"}

// fixture is a synthetic but plausible week: a register of n territories
// with about actions actions each, the files received (submissions of
// every verdict, some late, some quarantined from known territories and
// one from nobody) and the partition the weekly report is built from.
type fixture struct {
	Register   *reconcile.Register
	Subs       []reconcile.Submission
	Receipts   []reconcile.Receipt
	Quarantine []reconcile.QuarantineEntry
	Reminders  []reports.Reminder
	// AllFindings lists every finding of the recorded files, for
	// completeness checks.
	AllFindings []reconcile.Finding
}

// input builds the weekly report's input as internal/weekly does: the
// partition at fixtureNow and the changes since a week before.
func (f *fixture) input() reports.WeeklyInput {
	p := reconcile.PartitionYear(f.Register, f.Subs, f.Receipts, f.Quarantine, fixtureYear, fixtureNow)
	since := fixtureNow.AddDate(0, 0, -7)
	c := reconcile.ChangesSince(&p, nil, f.Register, f.Subs, f.Receipts, f.Quarantine, since)
	return reports.WeeklyInput{Register: f.Register, Partition: p, Changes: c, Reminders: f.Reminders,
		Receipts: len(f.Receipts), Year: fixtureYear, Now: fixtureNow, Fictitious: true}
}

func newFixture(t testing.TB, n, actions int) *fixture {
	t.Helper()
	rng := rand.New(rand.NewPCG(42, 2026))
	all := territories(t)
	if n > len(all) {
		t.Fatalf("at most %d territories", len(all))
	}
	deadline := time.Date(2026, time.November, 15, 0, 0, 0, 0, reconcile.Paris)
	reg := &reconcile.Register{Version: 3, Source: "registre-engagements-exemple.xlsx", SHA256: strings.Repeat("ab", 32),
		ImportedAt: time.Date(2026, time.November, 2, 9, 30, 0, 0, reconcile.Paris),
		Deadlines:  map[int]time.Time{fixtureYear: deadline}}
	fx := &fixture{Register: reg}
	for i, terr := range all[:n] {
		terr.Recipients = []string{"solidarites@" + terr.ShortName() + ".example.test"}
		c := reconcile.Contract{Territory: terr}
		axes := terr.Axes()
		for k := 0; k < actions; k++ {
			ax := axes[k%len(axes)]
			state := reconcile.Amount((20 + rng.IntN(180)) * 100_000) // 20 000 € to 200 000 €
			c.Actions = append(c.Actions, reconcile.Action{
				Code: fmt.Sprintf("%s-%02d", axisPrefix[ax], k/len(axes)+1), Axis: ax,
				Title: fmt.Sprintf("Action %d : accompagnement « renforcé » des familles", k+1), Nature: reconcile.NatureNouvelle,
				Plans: map[int]reconcile.Plan{fixtureYear: {State: state, Territory: state}}})
		}
		reg.Contracts = append(reg.Contracts, c)
		fx.files(rng, i, c, deadline)
	}
	reg.Sort()
	fx.Quarantine = append(fx.Quarantine,
		reconcile.QuarantineEntry{ID: 9001, ReceivedAt: fixtureNow.Add(-30 * time.Hour), FileName: "=HYPERLINK(\"http://x\";\"clic\").xlsx",
			Origin: reconcile.Origin{Kind: reconcile.OriginEmail, Sender: "inconnu@ailleurs.example"},
			SIREN:  all[0].SIREN, Reason: "L'expéditeur inconnu@ailleurs.example n'est pas autorisé pour le SIREN " + all[0].SIREN + "."},
		reconcile.QuarantineEntry{ID: 9002, ReceivedAt: fixtureNow.Add(-50 * time.Hour),
			Origin: reconcile.Origin{Kind: reconcile.OriginEmail, Sender: "agent@example.test"},
			Reason: "Le message ne contient aucun classeur Excel (pièce jointe « cœur.pdf »)."},
	)
	return fx
}

// files makes territory i's files: every seventh sent nothing, every
// eleventh a rejected file, every thirteenth an accepted file after the
// deadline, every seventeenth an unreadable file set aside (its SIREN in
// its name only), the rest an accepted file, with a few findings each.
// Those who sent nothing were reminded.
func (fx *fixture) files(rng *rand.Rand, i int, c reconcile.Contract, deadline time.Time) {
	terr := c.Territory
	if i%7 == 3 {
		for k, kind := range []string{"J-15", "J-3", "J+1"} {
			fx.Reminders = append(fx.Reminders, reports.Reminder{SIREN: terr.SIREN, Year: fixtureYear, Kind: kind,
				At: deadline.AddDate(0, 0, []int{-15, -3, 1}[k]).Add(9 * time.Hour), Sent: k < 2})
		}
		return
	}
	if i%17 == 6 {
		fx.Quarantine = append(fx.Quarantine, reconcile.QuarantineEntry{ID: int64(100 + i),
			ReceivedAt: fixtureNow.Add(-time.Duration(10+i) * time.Hour),
			FileName:   fmt.Sprintf("CLS_%d_%s_%s.xls", fixtureYear, terr.SIREN, terr.ShortName()),
			Origin:     reconcile.Origin{Kind: reconcile.OriginFolder, Path: "depot/x.xls"},
			Reason:     "Le fichier ne peut pas être rattaché à un territoire et à une année du registre.",
			Findings:   []reconcile.Finding{reconcile.NewFinding(reconcile.FichierIllisible, "Le fichier est un ancien format .xls : enregistrez-le au format .xlsx.")}})
		return
	}
	received := deadline.Add(-time.Duration(24*(1+i%20)) * time.Hour)
	if i%13 == 5 {
		received = fixtureNow.Add(-time.Duration(20+i) * time.Hour)
	}
	rep := &reconcile.Report{File: fmt.Sprintf("CLS_%d_%s_%s.xlsx", fixtureYear, terr.SIREN, terr.ShortName()),
		Template: reconcile.TemplateVersion, SIREN: terr.SIREN, Year: fixtureYear}
	for k, a := range c.Actions {
		p := a.Plans[fixtureYear]
		pct := 55 + rng.IntN(60)
		ss := p.State * reconcile.Amount(pct) / 100
		ts := p.Territory * reconcile.Amount(pct+rng.IntN(8)) / 100
		row := 7 + k
		rep.Actions = append(rep.Actions, reconcile.ReportedAction{Code: a.Code, Axis: a.Axis, Title: a.Title,
			Nature: string(a.Nature), StatePlanned: reconcile.Ptr(p.State), TerritoryPlanned: reconcile.Ptr(p.Territory),
			StateSpent: reconcile.Ptr(ss), TerritorySpent: reconcile.Ptr(ts), OtherSpent: reconcile.Ptr(reconcile.Amount(rng.IntN(5) * 100_000)),
			Status: reconcile.StatusEnCours, Row: row,
			Cells: map[string]string{reconcile.FieldStateSpent: fmt.Sprintf("Actions!G%d", row),
				reconcile.FieldTerritorySpent: fmt.Sprintf("Actions!H%d", row)}})
	}
	sub := reconcile.Submission{ID: int64(1000 + i), FileName: rep.File, SHA256: fmt.Sprintf("%064x", 7919*(i+1)),
		SIREN: terr.SIREN, Year: fixtureYear, Template: reconcile.TemplateVersion, ReceivedAt: received,
		RegisterVersion: 3, Report: rep, Origin: reconcile.Origin{Kind: reconcile.OriginEmail, Sender: "referent@example.test"}}
	a0 := rep.Actions[0]
	add := func(code reconcile.Code, action string, cells []string, exp, act reconcile.Value, msg string) {
		f := reconcile.NewFinding(code, msg)
		f.SIREN, f.Year, f.Action, f.Cells, f.Expected, f.Actual = terr.SIREN, fixtureYear, action, cells, exp, act
		sub.Findings = append(sub.Findings, f)
	}
	add(reconcile.ValeurManquante, a0.Code, []string{fmt.Sprintf("Indicateurs!G%d", 5+i%9)}, reconcile.Value{}, reconcile.Value{},
		fmt.Sprintf("L'indicateur %s-I1 de l'action %s n'a pas de valeur réalisée : renseignez la cellule.", a0.Code, a0.Code))
	if i%3 == 0 {
		add(reconcile.NombreEnTexte, rep.Actions[1].Code, []string{rep.Actions[1].Cells[reconcile.FieldStateSpent]},
			reconcile.Value{}, reconcile.TextValue("12 345,67 €"), "Le montant « 12 345,67 € » est saisi comme du texte ; il a été lu comme un nombre.")
	}
	if i%11 == 4 {
		exp, act := *a0.StateSpent, *a0.TerritorySpent-reconcile.Amount(150_000)
		add(reconcile.CofinancementInsuffisant, a0.Code, []string{a0.Cells[reconcile.FieldStateSpent], a0.Cells[reconcile.FieldTerritorySpent]},
			reconcile.MoneyValue(exp), reconcile.MoneyValue(act),
			fmt.Sprintf("Pour l'action %s, la collectivité a dépensé %s, moins que la part de l'État (%s) : le cofinancement à parts égales n'est pas respecté.", a0.Code, act, exp))
		add(reconcile.ValeurNonNumerique, rep.Actions[2].Code, []string{rep.Actions[2].Cells[reconcile.FieldTerritorySpent]},
			reconcile.Value{}, reconcile.TextValue("=SOMME(A1:A3)"), "La cellule contient « =SOMME(A1:A3) », qui n'est pas un montant : saisissez un nombre.")
		sub.Verdict = reconcile.Rejected
		fx.Receipts = append(fx.Receipts, reconcile.Receipt{SubmissionID: sub.ID, ReceivedAt: received},
			reconcile.Receipt{SubmissionID: sub.ID, ReceivedAt: received.Add(time.Hour), Duplicate: true})
	} else {
		if i%5 == 0 {
			add(reconcile.DepassementEngagementEtat, a0.Code, []string{a0.Cells[reconcile.FieldStateSpent]},
				reconcile.MoneyValue(*a0.StatePlanned), reconcile.MoneyValue(*a0.StatePlanned+reconcile.Amount(1_234_567)),
				fmt.Sprintf("L'État a dépensé plus que prévu pour l'action %s.", a0.Code))
		}
		sub.Verdict = reconcile.Accepted
		fx.Receipts = append(fx.Receipts, reconcile.Receipt{SubmissionID: sub.ID, ReceivedAt: received})
		if received.After(reconcile.EndOfDay(deadline)) {
			f := reconcile.NewFinding(reconcile.TransmissionTardive, fmt.Sprintf("Le rapport a été reçu le %s, après la date limite du 15 novembre 2026.", reports.FormatDate(received)))
			f.SIREN, f.Year = terr.SIREN, fixtureYear
			sub.Findings = append(sub.Findings, f)
		}
	}
	fx.Subs = append(fx.Subs, sub)
	fx.AllFindings = append(fx.AllFindings, sub.Findings...)
}
