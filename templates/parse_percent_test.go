package templates_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pactd/pactd/internal/fill"
	"github.com/pactd/pactd/internal/ooxml"
	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/templates"
)

// percentEdits types percentages as a person does, « 88 % »: in an
// indicator measured in %, in one measured in households, and in an
// amount.
func percentEdits() []fill.Edit {
	return append(cleanEdits(),
		fill.SetPercent(indicatorAt("ENF-01-I2"), 88),
		fill.SetPercent(indicatorAt("ACD-01-I1"), 35),
		fill.SetPercent(actionAt("TRA-01", templates.HeaderOtherSpent), 12),
	)
}

// percentTextEdits types the same as text, "88 %".
func percentTextEdits() []fill.Edit {
	return append(cleanEdits(),
		fill.SetText(indicatorAt("ENF-01-I2"), "88\u00a0%"),
		fill.SetText(actionAt("TRA-01", templates.HeaderOtherSpent), "12 %"),
	)
}

// « 88 % » typed in LibreOffice, openpyxl, exceljs or SheetJS (each stores
// 0.88 in a percentage format), or re-saved by Gnumeric, reads 88 in an
// indicator measured in %, as 88 does; in an indicator measured in
// households and in an amount it is refused on its cell, saying what to
// type. Typed as text, it reads the same, with NOMBRE_EN_TEXTE.
// LibreOffice, typing in an amount, keeps the cell's euro format.
func TestParsePercentTyped(t *testing.T) {
	typed := []string{"VALEUR_NON_NUMERIQUE@Actions!I7", "VALEUR_NON_NUMERIQUE@Indicateurs!G7"}
	// LibreOffice keeps the euro format of an amount cell: « 12 % » typed
	// there is 0.12, shown « 0,12 € », and read as what is shown.
	typedLO := []string{"VALEUR_NON_NUMERIQUE@Indicateurs!G7"}
	for _, name := range []string{"lo_percent", "openpyxl_percent", "lo_percent_text", "exceljs_percent", "sheetjs_percent",
		"gnumeric_resaved_lo_percent"} {
		t.Run(name, func(t *testing.T) {
			var data []byte
			if strings.HasPrefix(name, "lo_") || strings.HasPrefix(name, "openpyxl_") {
				data = filled(t, name)
			} else {
				data = programFiles(t)[name] // skips with the reason when Node.js tools are missing
			}
			want, households := typed, "nil"
			switch {
			case name == "lo_percent_text":
				want, households = []string{"NOMBRE_EN_TEXTE@Indicateurs!G6", "VALEUR_NON_NUMERIQUE@Actions!I7"}, "352"
			case strings.Contains(name, "lo_percent"):
				want = typedLO
				if c := sheetCell(t, data, templates.SheetActions, 7, 9); c.Percent || !strings.HasPrefix(c.Value, "0.1") {
					t.Errorf("Actions!I7 holds %+v, want 0.12 in its euro format", c)
				}
			}
			if name != "lo_percent_text" {
				// What the program stored: a fraction in a percentage format.
				c := sheetCell(t, data, templates.SheetIndicators, 6, 7)
				if v, err := strconv.ParseFloat(c.Value, 64); !c.Percent || err != nil || v != 0.88 {
					t.Fatalf("Indicateurs!G6 holds %+v, want 0.88 in a percentage format", c)
				}
			}
			rep := templates.Parse(data, "CLS_2025_220100010_ain.xlsx", parseRegister(), templates.DefaultLimits())
			if got := findingKeys(rep.Findings); !slices.Equal(got, want) {
				t.Fatalf("findings = %v, want %v:%s", got, want, findingList(rep.Findings))
			}
			checkIndicators(t, rep, map[string]string{"ENF-01-I1": "140", "ENF-01-I2": "88", "ACD-01-I1": households},
				map[string]string{"ENF-01-I1": "Indicateurs!G5", "ENF-01-I2": "Indicateurs!G6", "ACD-01-I1": "Indicateurs!G7"})
			if strings.Contains(name, "lo_percent") && name != "lo_percent_text" {
				if got, want := amountText(reportedAction(t, rep, "TRA-01").OtherSpent), amountText(euros("0.12")); got != want {
					t.Errorf("TRA-01 other spent = %s, want %s", got, want)
				}
			}
			for _, f := range rep.Findings {
				if f.Code == reconcile.ValeurNonNumerique && f.Actual.String() != "12\u00a0%" && f.Actual.String() != "35\u00a0%" {
					t.Errorf("%v: actual %q, want the percentage shown", f.Cells, f.Actual.String())
				}
			}
			for _, f := range reconcile.Check(reconcile.CheckInput{Register: parseRegister(), Report: rep}) {
				if f.Code == reconcile.IndicateurInvraisemblable || f.Code == reconcile.IndicateurManquant && f.Indicator == "ACD-01-I1" {
					t.Errorf("rules: %s %v %s", f.Code, f.Cells, f.Message)
				}
			}
		})
	}
}

// sheetCell returns a cell of a workbook as internal/ooxml reads it.
func sheetCell(t *testing.T, data []byte, sheet string, row, col int) ooxml.Cell {
	t.Helper()
	p, r := ooxml.Open(data, referenceLimits)
	if r != nil {
		t.Fatal(r)
	}
	wb, r := p.Workbook()
	if r != nil {
		t.Fatal(r)
	}
	grids, r := p.ReadSheets(wb, func(name string) bool { return name == sheet })
	if r != nil || len(grids) != 1 {
		t.Fatalf("read sheet %s: %v", sheet, r)
	}
	c := grids[0].At(row, col)
	if c == nil {
		return ooxml.Cell{}
	}
	return *c
}
