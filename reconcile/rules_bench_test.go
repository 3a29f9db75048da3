package reconcile_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/pactd/pactd/reconcile"
)

// syntheticRegister returns n contracts of 20 actions (two indicators
// each) over the three axes, with 2024 and 2025 plans, and each
// territory's 2024 and 2025 reports, some with findings.
func syntheticRegister(n int) (*reconcile.Register, []*reconcile.Report, map[string]map[int]*reconcile.Report) {
	reg := &reconcile.Register{Version: 1}
	axes := []reconcile.Axis{reconcile.AxisEnfance, reconcile.AxisAccesDroits, reconcile.AxisTransition}
	for i := 0; i < n; i++ {
		c := reconcile.Contract{Territory: reconcile.Territory{SIREN: fmt.Sprintf("%09d", 100000000+i*7919),
			Name: fmt.Sprintf("Territoire %d", i), AxisCount: 3, AnnualCeiling: eur(20 * 60_000)}}
		for j := 0; j < 20; j++ {
			nature := reconcile.NatureNouvelle
			if j%3 == 0 {
				nature = reconcile.NatureRenforcee
			}
			code := fmt.Sprintf("A-%02d", j)
			c.Actions = append(c.Actions, testAction(code, axes[j%3], nature, eur(50_000+int64(j)*1000), eur(50_000+int64(j)*1000),
				testIndicator(code+"-I1", "personnes", num(100), 150), testIndicator(code+"-I2", "%", num(20), 40)))
		}
		reg.Contracts = append(reg.Contracts, c)
	}
	reg.Sort()
	var reports []*reconcile.Report
	history := map[string]map[int]*reconcile.Report{}
	for i := range reg.Contracts {
		c := &reg.Contracts[i]
		history[c.Territory.SIREN] = map[int]*reconcile.Report{}
		for _, year := range []int{2024, 2025} {
			r := &reconcile.Report{SIREN: c.Territory.SIREN, Year: year}
			for j, a := range c.ActionsFor(year) {
				p := a.Plans[year]
				terr := p.Territory
				if (i+j)%17 == 0 {
					terr -= eur(5_000) // some co-financing findings
				}
				r.Actions = append(r.Actions, reconcile.ReportedAction{Code: a.Code, Axis: a.Axis,
					StatePlanned: amt(p.State), TerritoryPlanned: amt(p.Territory), StateSpent: amt(p.State),
					TerritorySpent: amt(terr), OtherSpent: amt(0), Row: 7 + j, Cells: actionCells(7 + j)})
				for k, ind := range a.Indicators {
					v := ind.Targets[year]
					if (i+j+k)%11 == 0 {
						v = 12.5
					}
					r.Indicators = append(r.Indicators, reconcile.ReportedIndicator{Action: a.Code, Code: ind.Code,
						Unit: ind.Unit, Actual: num(v), Cell: fmt.Sprintf("Indicateurs!G%d", 5+2*j+k)})
				}
			}
			withTotals(r)
			history[c.Territory.SIREN][year] = r
			if year == 2025 {
				reports = append(reports, r)
			}
		}
	}
	return reg, reports, history
}

// BenchmarkCheckAll reconciles the 2025 reports of 121 territories of 20
// actions each, with their 2024 history: one iteration is the whole set.
func BenchmarkCheckAll(b *testing.B) {
	reg, reports, history := syntheticRegister(121)
	received := paris(2026, time.March, 15, 10, 0, 0)
	b.ReportAllocs()
	findings := 0
	for b.Loop() {
		findings = 0
		for _, r := range reports {
			h := map[int]*reconcile.Report{2024: history[r.SIREN][2024]}
			fs, _ := reconcile.Evaluate(reconcile.CheckInput{Register: reg, Report: r, History: h, ReceivedAt: received})
			findings += len(fs)
		}
	}
	b.ReportMetric(float64(findings), "findings/op")
}

func TestSyntheticRegisterRaisesFindings(t *testing.T) {
	reg, reports, history := syntheticRegister(121)
	total := 0
	for _, r := range reports {
		fs := reconcile.Check(reconcile.CheckInput{Register: reg, Report: r, History: map[int]*reconcile.Report{2024: history[r.SIREN][2024]}})
		total += len(fs)
	}
	if len(reports) != 121 || total == 0 {
		t.Errorf("got %d reports and %d findings, want 121 reports with some findings", len(reports), total)
	}
}
