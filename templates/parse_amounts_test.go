package templates_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/templates"
)

// An amount beyond reconcile.MaxPlausibleAmount is MONTANT_INVRAISEMBLABLE
// on its cell and left out of every sum: the rules never see a total that
// wrapped around, and the file is rejected.
func TestParseImplausibleAmounts(t *testing.T) {
	f := openBytes(t, template(t, parseRegister(), ainSIREN, 2025))
	for cell, v := range map[string]any{
		"G5": 1_000_000_000.01, // one cent over the bound
		"H5": 101000,
		"G6": 9.2e18, // beyond an Amount in cents
		"H6": 9.2e18,
		"G7": 1_000_000_000, // at the bound: plausible
		"H7": 1_000_000_000,
	} {
		set(t, f, templates.SheetActions, cell, v)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	reg := parseRegister()
	rep := templates.Parse(buf.Bytes(), "x.xlsx", reg, templates.DefaultLimits())
	var got []string
	for _, k := range findingKeys(rep.Findings) {
		if codeOf(k) == string(reconcile.MontantInvraisemblable) {
			got = append(got, k)
		}
	}
	want := []string{"MONTANT_INVRAISEMBLABLE@Actions!G5", "MONTANT_INVRAISEMBLABLE@Actions!G6", "MONTANT_INVRAISEMBLABLE@Actions!H6"}
	if !slices.Equal(got, want) {
		t.Errorf("findings = %v, want %v%s", got, want, findingList(rep.Findings))
	}
	if a := reportedAction(t, rep, "ENF-01"); a.StateSpent != nil {
		t.Errorf("ENF-01 state spent = %s, want nil", a.StateSpent)
	}
	if a := reportedAction(t, rep, "TRA-01"); a.StateSpent == nil || *a.StateSpent != reconcile.MaxPlausibleAmount {
		t.Errorf("TRA-01 state spent = %v, want the bound itself", a.StateSpent)
	}
	all, verdict := reconcile.Evaluate(reconcile.CheckInput{Register: reg, Report: rep})
	if verdict != reconcile.Rejected {
		t.Errorf("verdict = %v, want rejected", verdict)
	}
	// Every sum the rules show is of the plausible cells: non-negative and
	// at most the few of them added up.
	for _, f := range all {
		if f.Code == reconcile.MontantInvraisemblable {
			continue
		}
		for _, v := range []reconcile.Value{f.Expected, f.Actual} {
			if v.Kind == reconcile.KindMoney && (v.Money < 0 || v.Money > 4*reconcile.MaxPlausibleAmount) {
				t.Errorf("%s carries %d cents: %s", f.Code, v.Money, f.Message)
			}
		}
	}
}
