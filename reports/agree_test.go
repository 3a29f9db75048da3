package reports_test

import (
	"testing"

	"github.com/pactd/pactd/internal/reportcheck"
	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
)

// The PDF and the annex say the same numbers, read as their readers read
// them (pdftotext; excelize and openpyxl), on a national week whose files
// include quarantined ones from known territories, and on the hand-made
// week.
func TestWeeklyPDFAndAnnexAgree(t *testing.T) {
	fx := newFixture(t, 121, 8)
	wk := reports.BuildWeekly(fx.input())
	if wk.Tally.SetAside == 0 {
		t.Fatal("the fixture has no territory set aside: the test would prove nothing")
	}
	for _, r := range wk.Territories {
		if r.State == reconcile.StateSetAside && r.Label() == "Manquant" {
			t.Errorf("%s sent a file, read as missing", r.Territory.Name)
		}
	}
	reportcheck.Agree(t, renderWeekly(t, wk), renderAnnex(t, wk))

	small := reports.BuildWeekly(smallWeek())
	reportcheck.Agree(t, renderWeekly(t, small), renderAnnex(t, small))
}
