package templates_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/templates"
)

// readSample reads the committed sample register.
func readSample(t testing.TB) *reconcile.Register {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "samples", "registre.xlsx"))
	if err != nil {
		t.Fatalf("read sample register: %v", err)
	}
	reg, err := templates.ReadRegister(data, "registre.xlsx")
	if err != nil {
		t.Fatalf("ReadRegister(samples/registre.xlsx):\n%v", err)
	}
	return reg
}

func TestSampleRegister(t *testing.T) {
	reg := readSample(t)
	if got := len(reg.Contracts); got != 121 {
		t.Fatalf("sample register has %d contracts, want 121", got)
	}
	types := map[reconcile.TerritoryType]int{}
	for _, c := range reg.Contracts {
		ter := c.Territory
		types[ter.Type]++
		if !reconcile.ValidSIREN(ter.SIREN) {
			t.Errorf("%s: invalid SIREN", ter.SIREN)
		}
		if n := len(c.Actions); n < 5 || n > 40 {
			t.Errorf("%s (%s) has %d actions, want 5 to 40", ter.Name, ter.SIREN, n)
		}
		wantAxes := 3
		if ter.Type == reconcile.TypeMetropole {
			wantAxes = 4
		}
		if ter.AxisCount != wantAxes {
			t.Errorf("%s has %d axes, want %d", ter.Name, ter.AxisCount, wantAxes)
		}
		used := map[reconcile.Axis]bool{}
		for _, a := range c.Actions {
			used[a.Axis] = true
			if len(a.Indicators) < 1 || len(a.Indicators) > 3 {
				t.Errorf("%s %s has %d indicators, want 1 to 3", ter.SIREN, a.Code, len(a.Indicators))
			}
			for y, p := range a.Plans {
				if p.State != p.Territory || p.State <= 0 {
					t.Errorf("%s %s %d: planned State %s and territory %s, want equal and positive", ter.SIREN, a.Code, y, p.State, p.Territory)
				}
			}
		}
		if len(used) != wantAxes {
			t.Errorf("%s uses %d axes, want all %d", ter.Name, len(used), wantAxes)
		}
		for y := reconcile.FirstYear; y <= reconcile.LastYear; y++ {
			var sum reconcile.Amount
			for _, a := range c.ActionsFor(y) {
				sum += a.Plans[y].State
			}
			if sum > ter.AnnualCeiling {
				t.Errorf("%s %d: State planned %s over the ceiling %s", ter.Name, y, sum, ter.AnnualCeiling)
			}
		}
		if !ter.SenderAuthorised("referent@"+ter.ShortName()+".fr") || len(ter.Recipients) == 0 {
			t.Errorf("%s senders %q recipients %q", ter.Name, ter.Senders, ter.Recipients)
		}
	}
	if types[reconcile.TypeDepartement] != 94 || types[reconcile.TypeCollectivite] != 6 || types[reconcile.TypeMetropole] != 21 {
		t.Errorf("territory types = %v, want 94 départements, 6 collectivités, 21 métropoles", types)
	}
	if got := reconcile.FormatDate(reg.Deadline(2025)); got != "31 mars 2026" {
		t.Errorf("deadline 2025 = %s, want 31 mars 2026", got)
	}
	ain := reg.Contract("220100010")
	if ain == nil || ain.Territory.Name != "Département de l'Ain" || strings.Join(ain.Territory.Departements, " ") != "01" {
		t.Errorf("Ain = %+v", ain)
	}
	corse := reg.Contract("200076958")
	if corse == nil || strings.Join(corse.Territory.Departements, " ") != "2A 2B" {
		t.Errorf("Corse = %+v", corse)
	}
}

// TestSampleRegisterSaysFictitious checks that every sheet of the sample
// says, in a visible line at its top, that its data are fictitious.
func TestSampleRegisterSaysFictitious(t *testing.T) {
	f, err := excelize.OpenFile(filepath.Join("..", "samples", "registre.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, sh := range f.GetSheetList() {
		rows, err := f.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) == 0 || len(rows[0]) == 0 || !strings.HasPrefix(rows[0][0], "Données fictives à des fins de démonstration") {
			t.Errorf("sheet %s does not start with the fictitious-data notice", sh)
		}
		if vis, _ := f.GetSheetVisible(sh); !vis {
			t.Errorf("sheet %s is hidden", sh)
		}
	}
	if reg := readSample(t); !reg.Fictitious {
		t.Error("the sample register is not marked Fictitious, so its reports would not say so")
	}
}

// BenchmarkReadRegisterSample imports the sample register (121 contracts,
// 2,625 actions, 13 MB of sheet XML); peak-MB is how much the heap grows
// during one import, sampled every 50 µs.
func BenchmarkReadRegisterSample(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("..", "samples", "registre.xlsx"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := templates.ReadRegister(data, "registre.xlsx"); err != nil {
			b.Fatal(err)
		}
	}
	_, peak := measure(func() { templates.ReadRegister(data, "registre.xlsx") })
	b.ReportMetric(float64(peak)/1e6, "peak-MB")
}
