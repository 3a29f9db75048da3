package templates_test

import (
	"testing"

	"github.com/pactd/pactd/templates"
)

// The 40-action workbooks filled by LibreOffice and openpyxl are read back
// whole; the benchmarks read the committed copies.
func TestParseClientsLarge(t *testing.T) {
	for _, name := range []string{"lo_large", "openpyxl_large"} {
		data := filled(t, name)
		if *updateParse {
			writeFixture(t, name+".xlsx", data)
		}
		rep := templates.Parse(data, name+".xlsx", parseRegister(), templates.DefaultLimits())
		if len(rep.Findings) != 0 || len(rep.Actions) != 40 || len(rep.Indicators) != 80 {
			t.Fatalf("%s: %d actions, %d indicators, findings:%s", name, len(rep.Actions), len(rep.Indicators), findingList(rep.Findings))
		}
		last := reportedAction(t, rep, "NRD-40")
		if got, want := amountText(last.StateSpent), amountText(euros("13797.45")); got != want {
			t.Errorf("%s NRD-40 state spent = %s, want %s", name, got, want)
		}
	}
}

// BenchmarkParse reads typical filled workbooks: 3 and 40 actions, saved
// by LibreOffice (cached totals, 34 % more XML) and by openpyxl; peak-MB
// is how much the heap grows during one parse.
func BenchmarkParse(b *testing.B) {
	reg := parseRegister()
	for _, name := range []string{"lo_clean", "openpyxl_clean", "lo_large", "openpyxl_large"} {
		data := fixture(b, name+".xlsx")
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				rep := templates.Parse(data, name, reg, templates.DefaultLimits())
				if len(rep.Findings) != 0 {
					b.Fatalf("findings:%s", findingList(rep.Findings))
				}
			}
			_, peak := measure(func() { templates.Parse(data, name, reg, templates.DefaultLimits()) })
			b.ReportMetric(float64(peak)/1e6, "peak-MB")
		})
	}
}
