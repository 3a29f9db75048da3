package rulestest_test

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/templates"
)

// ainSIREN is the Ain's SIREN; amounts are fictitious.
const ainSIREN = "220100010"

func eur(euros int64) reconcile.Amount { return reconcile.Amount(euros * 100) }

func fptr(f float64) *float64 { return &f }

// register returns a three-axis contract planning 270 000 € of State money
// a year in 2024-2026, with a ceiling of 270 000 €: ENF-01 (Enfance,
// 100 000 € + 100 000 €), ENF-02 (Enfance, Renforcée, 50 000 € + 50 000 €),
// ACC-01 (Accès aux droits, 80 000 € + 80 000 €), TRA-01 (Transition,
// 40 000 € + 40 000 €).
func register() *reconcile.Register {
	plans := func(state reconcile.Amount) map[int]reconcile.Plan {
		m := map[int]reconcile.Plan{}
		for y := 2024; y <= 2026; y++ {
			m[y] = reconcile.Plan{State: state, Territory: state}
		}
		return m
	}
	targets := func(v float64) map[int]float64 { return map[int]float64{2024: v, 2025: v, 2026: v} }
	ain := reconcile.Contract{
		Territory: reconcile.Territory{SIREN: ainSIREN, Name: "Département de l'Ain", Type: reconcile.TypeDepartement,
			Departements: []string{"01"}, AxisCount: 3, AnnualCeiling: eur(270_000), Senders: []string{"@ain.fr"}},
		Actions: []reconcile.Action{
			{Code: "ENF-01", Axis: reconcile.AxisEnfance, Title: "Accueil des jeunes enfants", Nature: reconcile.NatureNouvelle,
				Plans: plans(eur(100_000)), Indicators: []reconcile.Indicator{
					{Code: "ENF-01-I1", Label: "Enfants accueillis", Unit: "personnes", Baseline: fptr(100), Targets: targets(150)}}},
			{Code: "ENF-02", Axis: reconcile.AxisEnfance, Title: "Petits déjeuners à l'école", Nature: reconcile.NatureRenforcee,
				Plans: plans(eur(50_000)), Indicators: []reconcile.Indicator{
					{Code: "ENF-02-I1", Label: "Ménages accompagnés", Unit: "ménages", Baseline: fptr(40), Targets: targets(60)}}},
			{Code: "ACC-01", Axis: reconcile.AxisAccesDroits, Title: "Premier accueil social inconditionnel",
				Nature: reconcile.NatureNouvelle, Plans: plans(eur(80_000)), Indicators: []reconcile.Indicator{
					{Code: "ACC-01-I1", Label: "Taux de recours", Unit: "%", Targets: targets(60)}}},
			{Code: "TRA-01", Axis: reconcile.AxisTransition, Title: "Précarité énergétique", Nature: reconcile.NatureNouvelle,
				Plans: plans(eur(40_000)), Indicators: []reconcile.Indicator{
					{Code: "TRA-01-I1", Label: "Jours de chantier", Unit: "jours", Targets: targets(200)}}},
		},
	}
	reg := &reconcile.Register{Version: 1, Contracts: []reconcile.Contract{ain}}
	reg.Sort()
	return reg
}

// spent is what a territory writes for one action: State, territory and
// other financers' spending, in cents.
type spent struct{ state, territory, other reconcile.Amount }

// workbook is a generated reporting workbook being filled in.
type workbook struct {
	t    testing.TB
	f    *excelize.File
	year int
}

// generate returns the Ain's workbook for year, filled as a territory that
// spent exactly what it planned and reached every target would fill it.
func generate(t testing.TB, reg *reconcile.Register, year int) *workbook {
	t.Helper()
	var buf bytes.Buffer
	if err := templates.Generate(&buf, reg, ainSIREN, year); err != nil {
		t.Fatalf("generate the %d workbook: %v", year, err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("open the generated workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	w := &workbook{t: t, f: f, year: year}
	w.set(templates.SheetIdentification, w.identCell(templates.LabelReferent), "Claire Martin")
	w.set(templates.SheetIdentification, w.identCell(templates.LabelEmail), "claire.martin@ain.fr")
	w.set(templates.SheetIdentification, w.identCell(templates.LabelPhone), "04 74 00 00 00")
	w.set(templates.SheetIdentification, w.identCell(templates.LabelTransmissionDate), fmt.Sprintf("15/03/%d", year+1))
	for _, a := range reg.Contract(ainSIREN).ActionsFor(year) {
		p := a.Plans[year]
		w.spend(a.Code, spent{p.State, p.Territory, 0})
		for _, ind := range a.Indicators {
			w.indicator(ind.Code, ind.Targets[year])
		}
	}
	return w
}

// set writes v into sheet!cell.
func (w *workbook) set(sheet, cell string, v any) {
	w.t.Helper()
	if err := w.f.SetCellValue(sheet, cell, v); err != nil {
		w.t.Fatalf("set %s!%s: %v", sheet, cell, err)
	}
}

// identCell returns the value cell of an Identification label.
func (w *workbook) identCell(label string) string {
	w.t.Helper()
	rows, err := w.f.GetRows(templates.SheetIdentification)
	if err != nil {
		w.t.Fatal(err)
	}
	for i, row := range rows {
		for j, v := range row {
			if strings.TrimSpace(v) == label {
				cell, _ := excelize.CoordinatesToCellName(j+2, i+1)
				return cell
			}
		}
	}
	w.t.Fatalf("no label %q on the Identification sheet", label)
	return ""
}

// row returns the row of sheet whose column col (1-based) holds code.
func (w *workbook) row(sheet string, col int, code string) int {
	w.t.Helper()
	rows, err := w.f.GetRows(sheet)
	if err != nil {
		w.t.Fatal(err)
	}
	for i, row := range rows {
		if len(row) >= col && strings.TrimSpace(row[col-1]) == code {
			return i + 1
		}
	}
	w.t.Fatalf("no %s row on sheet %s", code, sheet)
	return 0
}

// actionRow returns the Actions row of an action code, or of "Total".
func (w *workbook) actionRow(code string) int { return w.row(templates.SheetActions, 1, code) }

// spend writes an action's spending (G, H, I) and a status; a negative
// amount of -1 cent leaves the cell empty.
func (w *workbook) spend(code string, s spent) {
	w.t.Helper()
	r := w.actionRow(code)
	for col, a := range map[string]reconcile.Amount{"G": s.state, "H": s.territory, "I": s.other} {
		cell := fmt.Sprintf("%s%d", col, r)
		if a == empty {
			w.set(templates.SheetActions, cell, nil)
			continue
		}
		w.set(templates.SheetActions, cell, a.Euros())
	}
	w.set(templates.SheetActions, fmt.Sprintf("J%d", r), reconcile.StatusEnCours)
}

// empty marks an amount to leave empty in spend.
const empty reconcile.Amount = -1

// indicator writes an indicator's reported value (column G of Indicateurs).
func (w *workbook) indicator(code string, v any) {
	w.t.Helper()
	w.set(templates.SheetIndicators, fmt.Sprintf("G%d", w.row(templates.SheetIndicators, 2, code)), v)
}

// bytes returns the workbook as saved.
func (w *workbook) bytes() []byte {
	w.t.Helper()
	buf, err := w.f.WriteToBuffer()
	if err != nil {
		w.t.Fatalf("save the workbook: %v", err)
	}
	return buf.Bytes()
}

// parse reads data back as pactd reads a received file.
func parse(t testing.TB, reg *reconcile.Register, data []byte, year int) *reconcile.Report {
	t.Helper()
	name := fmt.Sprintf("CLS_%d_%s_ain.xlsx", year, ainSIREN)
	rep := templates.Parse(data, name, reg, templates.DefaultLimits())
	if rep.SIREN != ainSIREN || rep.Year != year {
		t.Fatalf("parsed SIREN %q year %d, want %s %d; findings: %s", rep.SIREN, rep.Year, ainSIREN, year, describe(rep.Findings))
	}
	return rep
}

// keys summarises the findings of one code as "AXIS/ACTION/INDICATOR", sorted.
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

func describe(fs []reconcile.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "\n  %s %s %s/%s/%s %v: %s", f.Severity, f.Code, f.Axis, f.Action, f.Indicator, f.Cells, f.Message)
	}
	return b.String()
}
