package templates_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pactd/pactd/internal/fill"
	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/templates"
)

// updateParse rewrites the committed fixtures of testdata/parse from the
// real clients: go test ./templates/ -run Clients -update-parse
var updateParse = flag.Bool("update-parse", false, "rewrite testdata/parse fixtures from the real clients")

const (
	ainSIREN  = "220100010"
	lyonSIREN = "200046977"
)

func pf(f float64) *float64 { return &f }

// parseRegister is the register the parser tests hold workbooks against:
// a 3-axis département and a 4-axis métropole.
func parseRegister() *reconcile.Register {
	plans := func(state, territory reconcile.Amount, years ...int) map[int]reconcile.Plan {
		m := map[int]reconcile.Plan{}
		for _, y := range years {
			m[y] = reconcile.Plan{State: state, Territory: territory}
		}
		return m
	}
	ain := reconcile.Contract{
		Territory: reconcile.Territory{SIREN: ainSIREN, Name: "Département de l'Ain", Type: reconcile.TypeDepartement,
			Departements: []string{"01"}, AxisCount: 3, AnnualCeiling: 50000000,
			Senders: []string{"@ain.fr", "cls.referent@ain.fr"}, Recipients: []string{"solidarites@ain.fr"}},
		Actions: []reconcile.Action{
			{Code: "ENF-01", Axis: reconcile.AxisEnfance, Title: "Accueil des jeunes enfants en quartiers prioritaires",
				Nature: reconcile.NatureNouvelle, Plans: plans(12000000, 12000000, 2024, 2025, 2026, 2027),
				Indicators: []reconcile.Indicator{
					{Code: "ENF-01-I1", Label: "Enfants accueillis", Unit: "personnes", Baseline: pf(120), Targets: map[int]float64{2024: 130, 2025: 140}},
					{Code: "ENF-01-I2", Label: "Taux d'occupation des places", Unit: "%", Targets: map[int]float64{2025: 85.5}},
				}},
			{Code: "ACD-01", Axis: reconcile.AxisAccesDroits, Title: "Premiers accès aux droits en maisons France services",
				Nature: reconcile.NatureRenforcee, Plans: plans(4567891, 4567891, 2025, 2026),
				Indicators: []reconcile.Indicator{
					{Code: "ACD-01-I1", Label: "Ménages accompagnés", Unit: "ménages", Baseline: pf(300), Targets: map[int]float64{2025: 350}},
				}},
			{Code: "TRA-01", Axis: reconcile.AxisTransition, Title: "Lutte contre la précarité énergétique",
				Nature: reconcile.NatureNouvelle, Plans: plans(2500050, 2600000, 2024, 2025)},
		},
	}
	lyon := reconcile.Contract{
		Territory: reconcile.Territory{SIREN: lyonSIREN, Name: "Métropole de Lyon", Type: reconcile.TypeMetropole,
			Departements: []string{"69"}, AxisCount: 4, AnnualCeiling: 90000000, Senders: []string{"@grandlyon.com"}},
		Actions: []reconcile.Action{
			{Code: "EMP-01", Axis: reconcile.AxisEmploi, Title: "Accompagnement renforcé vers l'emploi",
				Nature: reconcile.NatureRenforcee, Plans: plans(30000000, 30000000, 2025)},
		},
	}
	reg := &reconcile.Register{Version: 1, Contracts: []reconcile.Contract{lyon, ain, largeContract()}}
	reg.Sort()
	return reg
}

const nordSIREN = "225900018"

// largeContract is the largest contract SPEC §1 expects: 40 actions, two
// indicators each.
func largeContract() reconcile.Contract {
	c := reconcile.Contract{Territory: reconcile.Territory{SIREN: nordSIREN, Name: "Département du Nord",
		Type: reconcile.TypeDepartement, Departements: []string{"59"}, AxisCount: 3, AnnualCeiling: 900000000,
		Senders: []string{"@lenord.fr"}}}
	axes := []reconcile.Axis{reconcile.AxisEnfance, reconcile.AxisAccesDroits, reconcile.AxisTransition}
	for i := 0; i < 40; i++ {
		code := fmt.Sprintf("NRD-%02d", i+1)
		amount := reconcile.Amount(1000000 + 12345*int64(i))
		c.Actions = append(c.Actions, reconcile.Action{Code: code, Axis: axes[i%3],
			Title:  fmt.Sprintf("Action %d du contrat : accompagnement des publics les plus éloignés", i+1),
			Nature: reconcile.NatureNouvelle, Plans: map[int]reconcile.Plan{2025: {State: amount, Territory: amount}},
			Indicators: []reconcile.Indicator{
				{Code: code + "-I1", Label: "Personnes accompagnées", Unit: "personnes", Baseline: pf(100), Targets: map[int]float64{2025: 120}},
				{Code: code + "-I2", Label: "Taux de sortie positive", Unit: "%", Targets: map[int]float64{2025: 60}},
			}})
	}
	return c
}

// largeEdits fills every cell of the Nord 2025 workbook.
func largeEdits() []fill.Edit {
	e := identEdits()
	for i := 0; i < 40; i++ {
		code := fmt.Sprintf("NRD-%02d", i+1)
		spent := float64(9000+123*i) + 0.45
		e = append(e,
			fill.SetNumber(actionAt(code, templates.HeaderStateSpent), spent),
			fill.SetNumber(actionAt(code, templates.HeaderTerritorySpent), spent+100),
			fill.SetNumber(actionAt(code, templates.HeaderOtherSpent), 0),
			fill.SetText(actionAt(code, templates.HeaderStatus), "En cours"),
			fill.SetNumber(indicatorAt(code+"-I1"), float64(110+i)),
			fill.SetNumber(indicatorAt(code+"-I2"), 55.5),
		)
	}
	return e
}

// template returns the generated workbook of a territory and year.
func template(t testing.TB, reg *reconcile.Register, siren string, year int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := templates.Generate(&buf, reg, siren, year); err != nil {
		t.Fatalf("generate %s %d: %v", siren, year, err)
	}
	return buf.Bytes()
}

// clientCase is a workbook filled by a real client for the tests.
type clientCase struct {
	name   string
	client string // "lo" or "openpyxl"
	siren  string
	year   int
	edits  []fill.Edit
}

// The cells people fill, by row code and column header.
func actionAt(code, header string) fill.At {
	return fill.At{Sheet: templates.SheetActions, Row: code, Col: header}
}

func indicatorAt(code string) fill.At {
	return fill.At{Sheet: templates.SheetIndicators, Row: code, Col: templates.HeaderActual}
}

// identEdits fills the Identification sheet.
func identEdits() []fill.Edit {
	id := templates.SheetIdentification
	return []fill.Edit{
		fill.SetLabel(id, templates.LabelReferent, "Claire Martin, cheffe de projet"),
		fill.SetLabel(id, templates.LabelEmail, "cls.referent@ain.fr"),
		fill.SetLabel(id, templates.LabelPhone, "04 74 32 32 32"),
		fill.SetDate(id, templates.LabelTransmissionDate, "2026-03-15"),
	}
}

// cleanEdits fills every cell of the Ain 2025 workbook correctly.
func cleanEdits() []fill.Edit {
	return append(identEdits(),
		fill.SetNumber(actionAt("ENF-01", templates.HeaderStateSpent), 98000.5),
		fill.SetNumber(actionAt("ENF-01", templates.HeaderTerritorySpent), 101000),
		fill.SetNumber(actionAt("ENF-01", templates.HeaderOtherSpent), 0),
		fill.SetText(actionAt("ENF-01", templates.HeaderStatus), "En cours"),
		fill.SetNumber(actionAt("ACD-01", templates.HeaderStateSpent), 45678.91),
		fill.SetNumber(actionAt("ACD-01", templates.HeaderTerritorySpent), 45678.91),
		fill.SetNumber(actionAt("ACD-01", templates.HeaderOtherSpent), 1234.56),
		fill.SetText(actionAt("ACD-01", templates.HeaderStatus), "Réalisée"),
		fill.SetText(actionAt("ACD-01", templates.HeaderComment), "Trois maisons France services ouvertes."),
		fill.SetNumber(actionAt("TRA-01", templates.HeaderStateSpent), 12500.25),
		fill.SetNumber(actionAt("TRA-01", templates.HeaderTerritorySpent), 12600.75),
		fill.SetNumber(actionAt("TRA-01", templates.HeaderOtherSpent), 0),
		fill.SetText(actionAt("TRA-01", templates.HeaderStatus), "En cours"),
		fill.SetNumber(indicatorAt("ENF-01-I1"), 140),
		fill.SetNumber(indicatorAt("ENF-01-I2"), 87.5),
		fill.SetNumber(indicatorAt("ACD-01-I1"), 352),
		fill.SetCell(templates.SheetComments, templates.CommentsCell, "Deux recrutements ont pris du retard."),
	)
}

// messyEdits does what people do: rows inserted above the table and inside
// it, an extra column, numbers typed as French text with narrow and
// no-break spaces, a division by zero, a blank, sheets reordered.
func messyEdits() []fill.Edit {
	e := cleanEdits()
	e = append([]fill.Edit{
		fill.InsertRows(templates.SheetActions, "header", 2),
		fill.InsertRows(templates.SheetActions, "ACD-01", 1),
		fill.InsertColumn(templates.SheetActions, templates.HeaderStatus, "Observations"),
		fill.InsertRows(templates.SheetIndicators, "header", 1),
		fill.MoveSheet(templates.SheetSynthese, 0),
		fill.MoveSheet(templates.SheetIdentification, 5),
	}, e...)
	return append(e,
		fill.SetText(actionAt("ENF-01", templates.HeaderTerritorySpent), "101\u202f000,00\u00a0€"),
		fill.SetText(actionAt("TRA-01", templates.HeaderStateSpent), "12 500,25"),
		fill.SetFormula(actionAt("ACD-01", templates.HeaderOtherSpent), "=1/0"),
		fill.Clear(actionAt("TRA-01", templates.HeaderTerritorySpent)),
		fill.SetText(indicatorAt("ACD-01-I1"), "352\u00a0ménages"),
		fill.SetLabel(templates.SheetIdentification, templates.LabelTransmissionDate, "15/03/2026"),
	)
}

// clientCases are every workbook the tests have real clients fill; they
// are filled once per test run (one soffice session for all).
var clientCases = []clientCase{
	{name: "lo_clean", client: "lo", siren: ainSIREN, year: 2025, edits: cleanEdits()},
	{name: "lo_messy", client: "lo", siren: ainSIREN, year: 2025, edits: messyEdits()},
	{name: "openpyxl_clean", client: "openpyxl", siren: ainSIREN, year: 2025, edits: cleanEdits()},
	{name: "openpyxl_messy", client: "openpyxl", siren: ainSIREN, year: 2025, edits: messyEdits()},
	{name: "lo_codes", client: "lo", siren: ainSIREN, year: 2025, edits: append(cleanEdits(),
		fill.SetNumber(actionAt("ENF-01", templates.HeaderStatePlanned), 130000),
		fill.SetText(actionAt("ACD-01", templates.HeaderTitle), "Maisons France services"),
		fill.SetText(actionAt("ENF-01", templates.HeaderTerritorySpent), "environ 5000"),
		fill.SetNumber(actionAt("TRA-01", templates.HeaderStateSpent), -1500),
		fill.SetFormula(actionAt("ACD-01", templates.HeaderStateSpent), "=1/0"),
		fill.Clear(actionAt("TRA-01", templates.HeaderStatus)),
		fill.SetText(actionAt("ACD-01", templates.HeaderOtherSpent), "1\u202f234,56\u00a0€"),
		fill.SetNumber(fill.At{Sheet: templates.SheetIndicators, Row: "ENF-01-I1", Col: templates.HeaderTarget}, 150),
		fill.SetNumber(indicatorAt("ENF-01-I2"), -3),
		fill.SetText(actionAt("ENF-01", templates.HeaderStatus), "  REALISEE "),
		fill.SetText(actionAt("ACD-01", templates.HeaderStatus), "Terminée"),
	)},
	{name: "lo_1904", client: "lo", siren: ainSIREN, year: 2025, edits: append([]fill.Edit{fill.Date1904()}, cleanEdits()...)},
	{name: "openpyxl_1904", client: "openpyxl", siren: ainSIREN, year: 2025, edits: append([]fill.Edit{fill.Date1904()}, cleanEdits()...)},
	{name: "lo_large", client: "lo", siren: nordSIREN, year: 2025, edits: largeEdits()},
	{name: "lo_percent", client: "lo", siren: ainSIREN, year: 2025, edits: percentEdits()},
	{name: "openpyxl_percent", client: "openpyxl", siren: ainSIREN, year: 2025, edits: percentEdits()},
	{name: "lo_percent_text", client: "lo", siren: ainSIREN, year: 2025, edits: percentTextEdits()},
	{name: "openpyxl_large", client: "openpyxl", siren: nordSIREN, year: 2025, edits: largeEdits()},
	{name: "lo_2024", client: "lo", siren: ainSIREN, year: 2024, edits: []fill.Edit{
		fill.SetNumber(actionAt("ENF-01", templates.HeaderStateSpent), 100000),
	}},
}

var clientRun struct {
	once  sync.Once
	files map[string][]byte
	err   error
}

// filled returns the workbook of a client case, filling them all on first use.
func filled(t testing.TB, name string) []byte {
	t.Helper()
	clientRun.once.Do(func() { clientRun.files, clientRun.err = fillAll() })
	if clientRun.err != nil {
		t.Fatalf("fill workbooks with the real clients: %v", clientRun.err)
	}
	b, ok := clientRun.files[name]
	if !ok {
		t.Fatalf("no client case %q", name)
	}
	return b
}

func fillAll() (map[string][]byte, error) {
	dir, err := os.MkdirTemp("", "pactd-parse-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	reg := parseRegister()
	jobs := map[string][]fill.Job{}
	for _, c := range clientCases {
		var buf bytes.Buffer
		if err := templates.Generate(&buf, reg, c.siren, c.year); err != nil {
			return nil, err
		}
		in := filepath.Join(dir, c.name+"-template.xlsx")
		if err := os.WriteFile(in, buf.Bytes(), 0o644); err != nil {
			return nil, err
		}
		jobs[c.client] = append(jobs[c.client], fill.Job{In: in, Out: filepath.Join(dir, c.name+".xlsx"), Edits: c.edits})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := fill.LibreOffice(ctx, jobs["lo"]); err != nil {
		return nil, err
	}
	if err := fill.Openpyxl(ctx, jobs["openpyxl"]); err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for _, c := range clientCases {
		b, err := os.ReadFile(filepath.Join(dir, c.name+".xlsx"))
		if err != nil {
			return nil, err
		}
		out[c.name] = b
	}
	return out, nil
}

// euros returns a pointer to an amount given in euros, for comparisons.
func euros(s string) *reconcile.Amount {
	a, err := reconcile.ParseAmount(s)
	if err != nil {
		panic(err)
	}
	return &a
}

func amountText(a *reconcile.Amount) string {
	if a == nil {
		return "nil"
	}
	return a.String()
}

func numberText(f *float64) string {
	if f == nil {
		return "nil"
	}
	return reconcile.FormatNumber(*f)
}

// reportedAction returns the row of an action code.
func reportedAction(t testing.TB, rep *reconcile.Report, code string) reconcile.ReportedAction {
	t.Helper()
	for _, a := range rep.Actions {
		if a.Code == code {
			return a
		}
	}
	t.Fatalf("no action %s in report; findings:%s", code, findingList(rep.Findings))
	return reconcile.ReportedAction{}
}

// reportedIndicator returns the row of an indicator code.
func reportedIndicator(t testing.TB, rep *reconcile.Report, code string) reconcile.ReportedIndicator {
	t.Helper()
	for _, i := range rep.Indicators {
		if i.Code == code {
			return i
		}
	}
	t.Fatalf("no indicator %s in report", code)
	return reconcile.ReportedIndicator{}
}

// findingKeys lists findings as "CODE@Cell" (or "CODE" without a cell), sorted.
func findingKeys(fs []reconcile.Finding) []string {
	var out []string
	for _, f := range fs {
		k := string(f.Code)
		if len(f.Cells) > 0 {
			k += "@" + strings.Join(f.Cells, ",")
		}
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func findingList(fs []reconcile.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("\n  " + string(f.Code) + " " + strings.Join(f.Cells, ",") + " " + f.Message)
	}
	return b.String()
}

// only returns the single finding with that code, failing otherwise.
func onlyFinding(t testing.TB, rep *reconcile.Report, code reconcile.Code) reconcile.Finding {
	t.Helper()
	var got []reconcile.Finding
	for _, f := range rep.Findings {
		if f.Code == code {
			got = append(got, f)
		}
	}
	if len(got) != 1 {
		t.Fatalf("want one %s finding, got %d:%s", code, len(got), findingList(rep.Findings))
	}
	return got[0]
}
