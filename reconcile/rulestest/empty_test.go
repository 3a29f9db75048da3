package rulestest_test

import (
	"bytes"
	"testing"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/templates"
)

// TestUntouchedTemplateIsRejected sends back the generated template as it
// was generated, then with Identification filled in but no spent amount:
// each is RAPPORT_VIDE, so rejected, and must not become the counted
// report.
func TestUntouchedTemplateIsRejected(t *testing.T) {
	reg := register()
	var buf bytes.Buffer
	if err := templates.Generate(&buf, reg, ainSIREN, 2025); err != nil {
		t.Fatalf("generate the 2025 workbook: %v", err)
	}
	identified := generate(t, reg, 2025)
	for _, code := range []string{"ENF-01", "ENF-02", "ACC-01", "TRA-01"} {
		identified.spend(code, spent{empty, empty, empty})
	}
	for name, data := range map[string][]byte{
		"untouched":                  buf.Bytes(),
		"identification filled only": identified.bytes(),
	} {
		t.Run(name, func(t *testing.T) {
			rep := parse(t, reg, data, 2025)
			fs, v := reconcile.Evaluate(reconcile.CheckInput{Register: reg, Report: rep})
			if v != reconcile.Rejected {
				t.Fatalf("verdict %s, want rejected:%s", v, describe(fs))
			}
			var empties []reconcile.Finding
			for _, f := range fs {
				if f.Code == reconcile.RapportVide {
					empties = append(empties, f)
				}
			}
			if len(empties) != 1 {
				t.Fatalf("got %d RAPPORT_VIDE, want 1:%s", len(empties), describe(fs))
			}
			if f := empties[0]; f.Severity != reconcile.Bloquant || len(f.Cells) != 2 ||
				f.Cells[0] != "Actions!G5" || f.Cells[1] != "Actions!H5" {
				t.Errorf("got %s", describe(empties))
			}
			if fs[0].Code != reconcile.RapportVide {
				t.Errorf("first finding %s, want RAPPORT_VIDE first", fs[0].Code)
			}
			if got := keys(fs, reconcile.CofinancementInsuffisant); got != nil {
				t.Errorf("COFINANCEMENT_INSUFFISANT %v on a workbook without amounts, want none", got)
			}
		})
	}
}
