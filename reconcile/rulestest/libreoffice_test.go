package rulestest_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/templates"
)

// saveWithLibreOffice opens data in LibreOffice Calc and saves it again as
// xlsx, as a territory using LibreOffice would: formulas are recomputed and
// their results cached in the file.
func saveWithLibreOffice(t *testing.T, data []byte) []byte {
	t.Helper()
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Fatalf("soffice (LibreOffice) is not installed: run scripts/test.sh, which installs libreoffice-calc-nogui")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in", "CLS_2025_220100010_ain.xlsx")
	out := filepath.Join(dir, "out")
	if err := os.MkdirAll(filepath.Dir(in), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "--headless", "--norestore", "--nolockcheck",
		"-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out, in)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("convert with LibreOffice: %v\n%s", err, b)
	}
	saved, err := os.ReadFile(filepath.Join(out, filepath.Base(in)))
	if err != nil {
		t.Fatalf("read the LibreOffice-saved workbook: %v", err)
	}
	return saved
}

// TestTotalsOfALibreOfficeSavedWorkbook reads the totals LibreOffice cached
// (the Actions totals row and the Synthèse): consistent as saved, and
// TOTAL_INCOHERENT once a line changes without the totals being recomputed.
func TestTotalsOfALibreOfficeSavedWorkbook(t *testing.T) {
	reg := register()
	saved := saveWithLibreOffice(t, generate(t, reg, 2025).bytes())

	rep := parse(t, reg, saved, 2025)
	cached := 0
	for _, tot := range rep.Totals {
		if tot.Value != nil || tot.Rate != nil {
			cached++
		}
	}
	// 5 amounts on the Actions totals row, 4 amounts and a rate on each of
	// the 3 axes and the total of the Synthèse.
	if cached < 5+4*5 {
		t.Fatalf("got %d cached totals, want at least 25: %+v", cached, rep.Totals)
	}
	fs := reconcile.Check(reconcile.CheckInput{Register: reg, Report: rep})
	if all, v := reconcile.Merge(rep.Findings, fs); len(all) != 0 || v != reconcile.Accepted {
		t.Fatalf("LibreOffice-saved workbook: got %s %s, want accepted without findings", v, describe(all))
	}

	// Change ENF-01's State spending behind the cached totals' back.
	f, err := excelize.OpenReader(bytes.NewReader(saved))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := &workbook{t: t, f: f, year: 2025}
	w.set(templates.SheetActions, "G5", 100_010)
	rep = parse(t, reg, w.bytes(), 2025)
	var got []string
	for _, x := range reconcile.Check(reconcile.CheckInput{Register: reg, Report: rep}) {
		if x.Code == reconcile.TotalIncoherent {
			got = append(got, x.Cells...)
			if x.Actual.Money+eur(10) != x.Expected.Money {
				t.Errorf("%v: expected %v, actual %v; want 10 € apart", x.Cells, x.Expected, x.Actual)
			}
		}
	}
	slices.Sort(got)
	if want := []string{"Actions!G9", "Synthèse!D5", "Synthèse!D8"}; !slices.Equal(got, want) {
		t.Errorf("TOTAL_INCOHERENT cells = %v, want %v", got, want)
	}
}
