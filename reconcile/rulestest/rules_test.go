package rulestest_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/templates"
)

// check parses the workbook and runs the rules with default tolerances.
func check(t *testing.T, reg *reconcile.Register, w *workbook) (*reconcile.Report, []reconcile.Finding) {
	t.Helper()
	rep := parse(t, reg, w.bytes(), w.year)
	return rep, reconcile.Check(reconcile.CheckInput{Register: reg, Report: rep, Tolerances: reconcile.DefaultTolerances()})
}

func TestFilledWorkbookIsClean(t *testing.T) {
	reg := register()
	for _, year := range []int{2024, 2025} {
		rep, fs := check(t, reg, generate(t, reg, year))
		all, v := reconcile.Merge(rep.Findings, fs)
		if len(all) != 0 || v != reconcile.Accepted {
			t.Errorf("%d: got %s %s, want accepted without findings", year, v, describe(all))
		}
	}
}

// TestRulesOnParsedWorkbooks runs each money rule at its boundary on real
// workbooks: exactly at the tolerance passes, one cent over fails.
func TestRulesOnParsedWorkbooks(t *testing.T) {
	reg := register()
	for _, tc := range []struct {
		name  string
		fill  func(w *workbook)
		code  reconcile.Code
		want  []string
		cells []string // of the first finding, when set
	}{
		{"co-financing exactly at tolerance", func(w *workbook) {
			w.spend("ENF-01", spent{eur(100_000), eur(99_500), 0})
		}, reconcile.CofinancementInsuffisant, nil, nil},
		{"co-financing one cent over", func(w *workbook) {
			w.spend("ENF-01", spent{eur(100_000), eur(99_500) - 1, 0})
		}, reconcile.CofinancementInsuffisant, []string{"ENFANCE/ENF-01/"}, []string{"Actions!G5", "Actions!H5"}},
		{"co-financing: other financers do not count", func(w *workbook) {
			w.spend("TRA-01", spent{eur(40_000), eur(30_000), eur(10_000)})
		}, reconcile.CofinancementInsuffisant, []string{"TRANSITION/TRA-01/"}, nil},
		{"co-financing: an empty territory cell counts as zero", func(w *workbook) {
			w.spend("ENF-01", spent{eur(100_000), empty, 0})
		}, reconcile.CofinancementInsuffisant, []string{"ENFANCE/ENF-01/"}, []string{"Actions!G5", "Actions!H5"}},
		{"co-financing: an empty territory cell next to 1 € of State spending", func(w *workbook) {
			w.spend("TRA-01", spent{eur(1), empty, 0})
		}, reconcile.CofinancementInsuffisant, nil, nil},
		{"co-financing: an empty territory cell next to 1,01 € of State spending", func(w *workbook) {
			w.spend("TRA-01", spent{eur(1) + 1, empty, 0})
		}, reconcile.CofinancementInsuffisant, []string{"TRANSITION/TRA-01/"}, nil},
		{"co-financing: an empty State cell proves nothing", func(w *workbook) {
			w.spend("ENF-01", spent{empty, 0, 0})
		}, reconcile.CofinancementInsuffisant, nil, nil},
		{"State commitment exactly at tolerance", func(w *workbook) {
			w.spend("ACC-01", spent{eur(80_400), eur(80_400), 0}) // 0.5 % of 80 000 € = 400 €
		}, reconcile.DepassementEngagementEtat, nil, nil},
		{"State commitment one cent over", func(w *workbook) {
			w.spend("ACC-01", spent{eur(80_400) + 1, eur(80_400) + 1, 0})
		}, reconcile.DepassementEngagementEtat, []string{"ACCES_DROITS/ACC-01/"}, []string{"Actions!G7"}},
		{"annual ceiling exactly reached", func(w *workbook) {
			w.spend("TRA-01", spent{eur(40_000), eur(40_000), 0})
		}, reconcile.DepassementPlafond, nil, nil},
		{"annual ceiling one cent over", func(w *workbook) {
			w.spend("TRA-01", spent{eur(40_000) + 1, eur(40_000) + 1, 0})
		}, reconcile.DepassementPlafond, []string{"//"}, []string{"Actions!G5", "Actions!G6", "Actions!G7", "Actions!G8"}},
		{"under-execution exactly 80 %", func(w *workbook) {
			w.spend("ENF-01", spent{eur(70_000), eur(70_000), 0})
		}, reconcile.SousExecution, nil, nil},
		{"under-execution one cent below 80 %", func(w *workbook) {
			w.spend("ENF-01", spent{eur(70_000), eur(70_000) - 1, 0})
		}, reconcile.SousExecution, []string{"ENFANCE//"}, []string{"Actions!G5", "Actions!H5", "Actions!G6", "Actions!H6"}},
		{"under-execution: empty amounts count as zero", func(w *workbook) {
			w.spend("ACC-01", spent{empty, empty, empty})
		}, reconcile.SousExecution, []string{"ACCES_DROITS//"}, nil},
		{"indicator left empty", func(w *workbook) {
			w.indicator("ENF-01-I1", nil)
		}, reconcile.IndicateurManquant, []string{"ENFANCE/ENF-01/ENF-01-I1"}, []string{"Indicateurs!G5"}},
		{"fractional count", func(w *workbook) {
			w.indicator("ENF-01-I1", 12.5)
		}, reconcile.IndicateurInvraisemblable, []string{"ENFANCE/ENF-01/ENF-01-I1"}, []string{"Indicateurs!G5"}},
		{"fractional days are no count", func(w *workbook) {
			w.indicator("TRA-01-I1", 18.5)
		}, reconcile.IndicateurInvraisemblable, nil, nil},
		{"one spent amount is enough not to be empty", func(w *workbook) {
			for _, code := range []string{"ENF-01", "ENF-02", "ACC-01"} {
				w.spend(code, spent{empty, empty, empty})
			}
			w.spend("TRA-01", spent{empty, eur(40_000), empty})
		}, reconcile.RapportVide, nil, nil},
		{"percentage exactly 100", func(w *workbook) {
			w.indicator("ACC-01-I1", 100)
		}, reconcile.IndicateurInvraisemblable, nil, nil},
		{"percentage over 100", func(w *workbook) {
			w.indicator("ACC-01-I1", 100.5)
		}, reconcile.IndicateurInvraisemblable, []string{"ACCES_DROITS/ACC-01/ACC-01-I1"}, nil},
		{"reinforcement at baseline", func(w *workbook) {
			w.indicator("ENF-02-I1", 40)
		}, reconcile.RenforcementNonDemontre, []string{"ENFANCE/ENF-02/ENF-02-I1"}, []string{"Indicateurs!G6"}},
		{"reinforcement just above baseline", func(w *workbook) {
			w.indicator("ENF-02-I1", 41)
		}, reconcile.RenforcementNonDemontre, nil, nil},
		{"a contracted action's row removed", func(w *workbook) {
			if err := w.f.RemoveRow(templates.SheetActions, w.actionRow("TRA-01")); err != nil {
				w.t.Fatal(err)
			}
		}, reconcile.ActionManquante, []string{"TRANSITION/TRA-01/"}, nil},
		{"an action row added with an unknown code", func(w *workbook) {
			r := w.actionRow("TRA-01") + 1
			if err := w.f.InsertRows(templates.SheetActions, r, 1); err != nil {
				w.t.Fatal(err)
			}
			w.set(templates.SheetActions, fmt.Sprintf("A%d", r), "ENF-07")
			w.set(templates.SheetActions, fmt.Sprintf("B%d", r), reconcile.AxisEnfance.Label())
			w.set(templates.SheetActions, fmt.Sprintf("G%d", r), 1000)
			w.set(templates.SheetActions, fmt.Sprintf("H%d", r), 1000)
			w.set(templates.SheetActions, fmt.Sprintf("J%d", r), reconcile.StatusRealisee)
		}, reconcile.ActionInconnue, []string{"ENFANCE/ENF-07/"}, []string{"Actions!A9"}},
		{"an EMPLOI row in a three-axis contract", func(w *workbook) {
			r := w.actionRow("TRA-01") + 1
			if err := w.f.InsertRows(templates.SheetActions, r, 1); err != nil {
				w.t.Fatal(err)
			}
			w.set(templates.SheetActions, fmt.Sprintf("A%d", r), "EMP-01")
			w.set(templates.SheetActions, fmt.Sprintf("B%d", r), reconcile.AxisEmploi.Label())
			w.set(templates.SheetActions, fmt.Sprintf("G%d", r), 900_000)
			w.set(templates.SheetActions, fmt.Sprintf("H%d", r), 0)
			w.set(templates.SheetActions, fmt.Sprintf("J%d", r), reconcile.StatusRealisee)
		}, reconcile.AxeNonContractualise, []string{"EMPLOI/EMP-01/"}, []string{"Actions!B9"}},
		{"a total typed over its formula, one cent off", func(w *workbook) {
			w.set(templates.SheetActions, fmt.Sprintf("G%d", w.actionRow(templates.TotalLabel)), 270_000.01)
		}, reconcile.TotalIncoherent, nil, nil},
		{"a total typed over its formula, two cents off", func(w *workbook) {
			w.set(templates.SheetActions, fmt.Sprintf("G%d", w.actionRow(templates.TotalLabel)), 270_000.02)
		}, reconcile.TotalIncoherent, []string{"//"}, []string{"Actions!G9"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := generate(t, reg, 2025)
			tc.fill(w)
			_, fs := check(t, reg, w)
			got := keys(fs, tc.code)
			if !slices.Equal(got, tc.want) {
				t.Fatalf("%s: got %v, want %v; all findings: %s", tc.code, got, tc.want, describe(fs))
			}
			if tc.cells == nil {
				return
			}
			for _, f := range fs {
				if f.Code == tc.code {
					if !slices.Equal(f.Cells, tc.cells) {
						t.Errorf("cells = %v, want %v", f.Cells, tc.cells)
					}
					break
				}
			}
		})
	}
}

// TestEmploiRowStaysOutOfTheTotals: 900 000 € of State money on an EMPLOI
// row of a three-axis contract neither breaks the ceiling nor the
// co-financing of any axis.
func TestEmploiRowStaysOutOfTheTotals(t *testing.T) {
	reg := register()
	w := generate(t, reg, 2025)
	r := w.actionRow("TRA-01") + 1
	if err := w.f.InsertRows(templates.SheetActions, r, 1); err != nil {
		t.Fatal(err)
	}
	w.set(templates.SheetActions, fmt.Sprintf("A%d", r), "EMP-01")
	w.set(templates.SheetActions, fmt.Sprintf("B%d", r), reconcile.AxisEmploi.Label())
	w.set(templates.SheetActions, fmt.Sprintf("G%d", r), 900_000)
	w.set(templates.SheetActions, fmt.Sprintf("H%d", r), 0)
	w.set(templates.SheetActions, fmt.Sprintf("J%d", r), reconcile.StatusRealisee)
	_, fs := check(t, reg, w)
	for _, f := range fs {
		switch f.Code {
		case reconcile.ActionInconnue, reconcile.AxeNonContractualise:
		default:
			t.Errorf("unexpected %s", describe([]reconcile.Finding{f}))
		}
	}
}

func TestTransmissionTardiveOnParsedWorkbook(t *testing.T) {
	reg := register()
	rep := parse(t, reg, generate(t, reg, 2025).bytes(), 2025)
	for _, tc := range []struct {
		at   time.Time
		want bool
	}{
		{time.Date(2026, time.March, 31, 23, 59, 59, 0, reconcile.Paris), false},
		{time.Date(2026, time.April, 1, 0, 0, 0, 0, reconcile.Paris), true},
	} {
		fs, _ := reconcile.Evaluate(reconcile.CheckInput{Register: reg, Report: rep, ReceivedAt: tc.at})
		if got := keys(fs, reconcile.TransmissionTardive) != nil; got != tc.want {
			t.Errorf("received %v: late = %v, want %v", tc.at, got, tc.want)
		}
	}
}

// TestCumulPluriannuelCrossesOnlyIn2025: 2024 and 2025 reports, each read
// from a real workbook, where the State's cumulated spending stays within
// the sum of ceilings in 2024 and crosses it only in 2025.
func TestCumulPluriannuelCrossesOnlyIn2025(t *testing.T) {
	reg := register() // ceiling 270 000 € a year
	w24 := generate(t, reg, 2024)
	w24.spend("ACC-01", spent{eur(70_000), eur(70_000), 0}) // 2024: 260 000 €
	rep24 := parse(t, reg, w24.bytes(), 2024)
	fs24, v24 := reconcile.Evaluate(reconcile.CheckInput{Register: reg, Report: rep24})
	if v24 != reconcile.Accepted || keys(fs24, reconcile.CumulPluriannuel) != nil {
		t.Fatalf("2024: got %s %s, want accepted without CUMUL_PLURIANNUEL", v24, describe(fs24))
	}
	history := map[int]*reconcile.Report{2024: rep24}
	for _, tc := range []struct {
		acc  reconcile.Amount // State spending on ACC-01 in 2025; the others spend 190 000 €
		want bool
	}{
		{eur(90_000), false},    // 260 000 € + 280 000 € = 540 000 €, exactly two ceilings
		{eur(90_000) + 1, true}, // one cent over
	} {
		w25 := generate(t, reg, 2025)
		w25.spend("ACC-01", spent{tc.acc, tc.acc, 0})
		rep25 := parse(t, reg, w25.bytes(), 2025)
		fs, v := reconcile.Evaluate(reconcile.CheckInput{Register: reg, Report: rep25, History: history})
		if got := keys(fs, reconcile.CumulPluriannuel) != nil; got != tc.want {
			t.Errorf("2025 with %s on ACC-01: CUMUL_PLURIANNUEL = %v, want %v%s", tc.acc, got, tc.want, describe(fs))
		}
		if v != reconcile.Rejected { // 280 000 € is over the annual ceiling too
			t.Errorf("2025 with %s on ACC-01: got %s, want rejected", tc.acc, v)
		}
		alone := reconcile.Check(reconcile.CheckInput{Register: reg, Report: rep25})
		if keys(alone, reconcile.CumulPluriannuel) != nil {
			t.Errorf("2025 without history: got CUMUL_PLURIANNUEL, want 2024 to count as nothing spent")
		}
	}
}
