package reconcile_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pactd/pactd/reconcile"
)

// testSIREN is the SIREN of the test contract (the Ain's, with fictitious
// amounts).
const testSIREN = "220100010"

func eur(euros int64) reconcile.Amount { return reconcile.Amount(euros * 100) }

func amt(a reconcile.Amount) *reconcile.Amount { return &a }

func num(f float64) *float64 { return &f }

// testAction returns an action planned in 2024-2026 with the same plan
// each year.
func testAction(code string, axis reconcile.Axis, nature reconcile.Nature, state, territory reconcile.Amount, inds ...reconcile.Indicator) reconcile.Action {
	plans := map[int]reconcile.Plan{}
	for y := 2024; y <= 2026; y++ {
		plans[y] = reconcile.Plan{State: state, Territory: territory}
	}
	return reconcile.Action{Code: code, Axis: axis, Title: "Action " + code, Nature: nature, Plans: plans, Indicators: inds}
}

func testIndicator(code, unit string, baseline *float64, target float64) reconcile.Indicator {
	return reconcile.Indicator{Code: code, Label: "Indicateur " + code, Unit: unit, Baseline: baseline,
		Targets: map[int]float64{2024: target, 2025: target, 2026: target}}
}

// testRegister returns a register with one three-axis contract: four
// actions planning 270 000 € of State money a year, and a ceiling of
// 270 000 €.
func testRegister() *reconcile.Register {
	c := reconcile.Contract{
		Territory: reconcile.Territory{SIREN: testSIREN, Name: "Département de l'Ain", Type: reconcile.TypeDepartement,
			AxisCount: 3, AnnualCeiling: eur(270_000)},
		Actions: []reconcile.Action{
			testAction("ENF-01", reconcile.AxisEnfance, reconcile.NatureNouvelle, eur(100_000), eur(100_000),
				testIndicator("ENF-01-I1", "personnes", num(100), 150)),
			testAction("ENF-02", reconcile.AxisEnfance, reconcile.NatureRenforcee, eur(50_000), eur(50_000),
				testIndicator("ENF-02-I1", "ménages", num(40), 60)),
			testAction("ACC-01", reconcile.AxisAccesDroits, reconcile.NatureNouvelle, eur(80_000), eur(80_000),
				testIndicator("ACC-01-I1", "%", nil, 60)),
			testAction("TRA-01", reconcile.AxisTransition, reconcile.NatureNouvelle, eur(40_000), eur(40_000),
				testIndicator("TRA-01-I1", "jours", nil, 200)),
		},
	}
	late := testAction("ENF-09", reconcile.AxisEnfance, reconcile.NatureNouvelle, eur(10_000), eur(10_000))
	delete(late.Plans, 2024)
	delete(late.Plans, 2025) // planned for 2026 only
	c.Actions = append(c.Actions, late)
	return &reconcile.Register{Version: 1, Contracts: []reconcile.Contract{c}}
}

// cleanReport returns the report of a territory that spent exactly what the
// contract plans and reached every target: no rule finds anything in it.
// Actions start at row 7, indicators at row 5.
func cleanReport(reg *reconcile.Register, year int) *reconcile.Report {
	c := reg.Contract(testSIREN)
	r := &reconcile.Report{File: "CLS_test.xlsx", Template: reconcile.TemplateVersion, SIREN: testSIREN, Year: year}
	row, irow := 7, 5
	for _, a := range c.ActionsFor(year) {
		p := a.Plans[year]
		r.Actions = append(r.Actions, reconcile.ReportedAction{
			Code: a.Code, Axis: a.Axis, Title: a.Title, Nature: string(a.Nature),
			StatePlanned: amt(p.State), TerritoryPlanned: amt(p.Territory),
			StateSpent: amt(p.State), TerritorySpent: amt(p.Territory), OtherSpent: amt(0),
			Status: reconcile.StatusRealisee, Row: row, Cells: actionCells(row),
		})
		row++
		for _, ind := range a.Indicators {
			r.Indicators = append(r.Indicators, reconcile.ReportedIndicator{
				Action: a.Code, Code: ind.Code, Label: ind.Label, Unit: ind.Unit, Baseline: ind.Baseline,
				Target: num(ind.Targets[year]), Actual: num(ind.Targets[year]), Row: irow,
				Cell: fmt.Sprintf("Indicateurs!G%d", irow),
			})
			irow++
		}
	}
	return r
}

func actionCells(row int) map[string]string {
	cells := map[string]string{}
	for col, f := range map[string]string{"A": reconcile.FieldCode, "B": reconcile.FieldAxis, "C": reconcile.FieldTitle,
		"D": reconcile.FieldNature, "E": reconcile.FieldStatePlanned, "F": reconcile.FieldTerritoryPlanned,
		"G": reconcile.FieldStateSpent, "H": reconcile.FieldTerritorySpent, "I": reconcile.FieldOtherSpent,
		"J": reconcile.FieldStatus, "K": reconcile.FieldComment} {
		cells[f] = fmt.Sprintf("Actions!%s%d", col, row)
	}
	return cells
}

// action returns the row of the report for code.
func action(t *testing.T, r *reconcile.Report, code string) *reconcile.ReportedAction {
	t.Helper()
	for i := range r.Actions {
		if r.Actions[i].Code == code {
			return &r.Actions[i]
		}
	}
	t.Fatalf("no action %s in the report", code)
	return nil
}

// indicator returns the indicator row of the report for code.
func indicator(t *testing.T, r *reconcile.Report, code string) *reconcile.ReportedIndicator {
	t.Helper()
	for i := range r.Indicators {
		if r.Indicators[i].Code == code {
			return &r.Indicators[i]
		}
	}
	t.Fatalf("no indicator %s in the report", code)
	return nil
}

// spend sets what an action's row says was spent.
func spend(t *testing.T, r *reconcile.Report, code string, state, territory reconcile.Amount) {
	t.Helper()
	a := action(t, r, code)
	a.StateSpent, a.TerritorySpent = amt(state), amt(territory)
}

// check runs the rules with default tolerances, received before the deadline.
func check(reg *reconcile.Register, r *reconcile.Report) []reconcile.Finding {
	return reconcile.Check(reconcile.CheckInput{Register: reg, Report: r, Tolerances: reconcile.DefaultTolerances()})
}

// keys summarises findings of one code as "AXIS/ACTION/INDICATOR", sorted.
func keys(fs []reconcile.Finding, code reconcile.Code) []string {
	var out []string
	for _, f := range fs {
		if f.Code == code {
			out = append(out, fmt.Sprintf("%s/%s/%s", f.Axis, f.Action, f.Indicator))
		}
	}
	slices.Sort(out)
	return out
}

// only returns the single finding of code, failing otherwise.
func only(t *testing.T, fs []reconcile.Finding, code reconcile.Code) reconcile.Finding {
	t.Helper()
	var got []reconcile.Finding
	for _, f := range fs {
		if f.Code == code {
			got = append(got, f)
		}
	}
	if len(got) != 1 {
		t.Fatalf("got %d %s findings, want 1: %v", len(got), code, describe(fs))
	}
	return got[0]
}

func describe(fs []reconcile.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "\n  %s %s/%s/%s %v: %s", f.Code, f.Axis, f.Action, f.Indicator, f.Cells, f.Message)
	}
	return b.String()
}

// nbsp replaces plain spaces inside amounts of a readable expected message
// ("40 000,00 €") by the no-break spaces Amount.String writes.
func nbsp(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		if r == ' ' && i > 0 && i+1 < len(rs) && isDigit(rs[i-1]) && (isDigit(rs[i+1]) || rs[i+1] == '€' || rs[i+1] == '%') {
			b.WriteRune('\u00a0')
			continue
		}
		b.WriteRune(r)
	}
	return strings.NewReplacer("« ", "«\u00a0", " »", "\u00a0»").Replace(b.String())
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func paris(y int, m time.Month, d, h, min, s int) time.Time {
	return time.Date(y, m, d, h, min, s, 0, reconcile.Paris)
}
