package reconcile_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pactd/pactd/reconcile"
)

func TestCleanReportHasNoFinding(t *testing.T) {
	reg := testRegister()
	for _, year := range []int{2024, 2025} {
		if fs := check(reg, cleanReport(reg, year)); len(fs) != 0 {
			t.Errorf("%d: got findings on a clean report: %s", year, describe(fs))
		}
	}
}

func TestCheckIgnoresUnknownTerritoryAndYear(t *testing.T) {
	reg := testRegister()
	r := cleanReport(reg, 2025)
	spend(t, r, "ENF-01", eur(100_000), 0) // would be bloquant
	for name, mutate := range map[string]func(*reconcile.Report){
		"unknown SIREN": func(r *reconcile.Report) { r.SIREN = "200046977" },
		"year 2023":     func(r *reconcile.Report) { r.Year = 2023 },
		"year 2028":     func(r *reconcile.Report) { r.Year = 2028 },
	} {
		c := *r
		mutate(&c)
		if fs := check(reg, &c); len(fs) != 0 {
			t.Errorf("%s: got %s, want nothing", name, describe(fs))
		}
	}
	if fs := reconcile.Check(reconcile.CheckInput{Report: r}); fs != nil {
		t.Errorf("no register: got %s, want nothing", describe(fs))
	}
	for _, code := range []reconcile.Code{reconcile.FichierIllisible, reconcile.ModeleInconnu} {
		c := *r
		c.Actions = nil // a half-read file: every action would be missing
		c.Findings = []reconcile.Finding{reconcile.NewFinding(code, "Le fichier est illisible.")}
		if fs := check(reg, &c); fs != nil {
			t.Errorf("with %s: got %s, want nothing", code, describe(fs))
		}
	}
}

func TestCofinancement(t *testing.T) {
	reg := testRegister()
	for _, tc := range []struct {
		name   string
		mutate func(t *testing.T, r *reconcile.Report)
		want   []string
	}{
		{"exactly at the relative tolerance", func(t *testing.T, r *reconcile.Report) {
			spend(t, r, "ENF-01", eur(100_000), eur(99_500)) // 0.5 % of 100 000 € = 500 €
		}, nil},
		{"one cent over the relative tolerance", func(t *testing.T, r *reconcile.Report) {
			spend(t, r, "ENF-01", eur(100_000), eur(99_500)-1)
		}, []string{"ENFANCE/ENF-01/"}},
		{"exactly at the absolute tolerance", func(t *testing.T, r *reconcile.Report) {
			spend(t, r, "TRA-01", eur(150), eur(149)) // 0.5 % of 150 € < 1 €
		}, nil},
		{"one cent over the absolute tolerance", func(t *testing.T, r *reconcile.Report) {
			spend(t, r, "TRA-01", eur(150), eur(149)-1)
		}, []string{"TRANSITION/TRA-01/"}},
		{"other financers do not count as the territory's share", func(t *testing.T, r *reconcile.Report) {
			spend(t, r, "ACC-01", eur(80_000), eur(70_000))
			action(t, r, "ACC-01").OtherSpent = amt(eur(10_000))
		}, []string{"ACCES_DROITS/ACC-01/"}},
		{"each action within tolerance, the axis beyond it", func(t *testing.T, r *reconcile.Report) {
			spend(t, r, "ENF-01", eur(100), eur(99)) // 1 € short each, 1 € tolerated each
			spend(t, r, "ENF-02", eur(100), eur(99)) // axis: 2 € short on 200 €
		}, []string{"ENFANCE//"}},
		{"one action short, the axis compensated", func(t *testing.T, r *reconcile.Report) {
			spend(t, r, "ENF-01", eur(100_000), eur(99_000))
			spend(t, r, "ENF-02", eur(50_000), eur(51_000))
		}, []string{"ENFANCE/ENF-01/"}},
		{"a missing territory amount counts as zero", func(t *testing.T, r *reconcile.Report) {
			action(t, r, "ENF-01").TerritorySpent = nil
		}, []string{"ENFANCE/ENF-01/"}},
		{"a missing territory amount, State spending exactly at the absolute tolerance", func(t *testing.T, r *reconcile.Report) {
			spend(t, r, "TRA-01", eur(1), 0)
			action(t, r, "TRA-01").TerritorySpent = nil
		}, nil},
		{"a missing territory amount, State spending one cent over the tolerance", func(t *testing.T, r *reconcile.Report) {
			spend(t, r, "TRA-01", eur(1)+1, 0)
			action(t, r, "TRA-01").TerritorySpent = nil
		}, []string{"TRANSITION/TRA-01/"}},
		{"a missing territory amount, other financers do not fill it", func(t *testing.T, r *reconcile.Report) {
			a := action(t, r, "ACC-01")
			a.TerritorySpent, a.OtherSpent = nil, amt(eur(80_000))
		}, []string{"ACCES_DROITS/ACC-01/"}},
		{"a missing territory amount, the axis compensated by the other action", func(t *testing.T, r *reconcile.Report) {
			spend(t, r, "ENF-01", eur(100), 0)
			action(t, r, "ENF-01").TerritorySpent = nil
			spend(t, r, "ENF-02", eur(50_000), eur(50_100))
		}, []string{"ENFANCE/ENF-01/"}},
		{"a missing State amount proves nothing", func(t *testing.T, r *reconcile.Report) {
			a := action(t, r, "ENF-01")
			a.StateSpent, a.TerritorySpent = nil, amt(0)
		}, nil},
		{"a territory cell the parser could not read proves nothing", func(t *testing.T, r *reconcile.Report) {
			action(t, r, "ENF-01").TerritorySpent = nil
			f := reconcile.NewFinding(reconcile.ValeurNonNumerique, "La cellule Actions!H7 contient « NC ».")
			f.Cells = []string{"Actions!H7"}
			r.Findings = append(r.Findings, f)
		}, nil},
		{"territory spending more is fine", func(t *testing.T, r *reconcile.Report) {
			spend(t, r, "ENF-01", eur(10_000), eur(90_000))
		}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := cleanReport(reg, 2025)
			tc.mutate(t, r)
			got := keys(check(reg, r), reconcile.CofinancementInsuffisant)
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestCofinancementFinding(t *testing.T) {
	reg := testRegister()
	r := cleanReport(reg, 2025)
	spend(t, r, "ENF-01", eur(50_000), eur(40_000))
	fs := check(reg, r)
	var f reconcile.Finding
	for _, x := range fs {
		if x.Code == reconcile.CofinancementInsuffisant && x.Action == "ENF-01" {
			f = x
		}
	}
	want := reconcile.Finding{
		Code: reconcile.CofinancementInsuffisant, Severity: reconcile.Bloquant, SIREN: testSIREN, Year: 2025,
		Axis: reconcile.AxisEnfance, Action: "ENF-01",
		Expected: reconcile.MoneyValue(eur(50_000)), Actual: reconcile.MoneyValue(eur(40_000)),
		Cells: []string{"Actions!G7", "Actions!H7"},
		Message: nbsp("Pour l'action ENF-01, la collectivité a dépensé 40 000,00 € alors que l'État a dépensé " +
			"50 000,00 € : la part de la collectivité doit être au moins égale à celle de l'État (tolérance 250,00 €). " +
			"Vérifiez les cellules Actions!G7 et Actions!H7."),
	}
	if f.Message != want.Message {
		t.Errorf("message:\n got %q\nwant %q", f.Message, want.Message)
	}
	if f.Code != want.Code || f.Severity != want.Severity || f.SIREN != want.SIREN || f.Year != want.Year ||
		f.Axis != want.Axis || f.Action != want.Action || f.Expected != want.Expected || f.Actual != want.Actual ||
		!slices.Equal(f.Cells, want.Cells) {
		t.Errorf("got %+v\nwant %+v", f, want)
	}
}

func TestCofinancementUnfilledTerritoryShare(t *testing.T) {
	reg := testRegister()
	r := cleanReport(reg, 2025)
	action(t, r, "ENF-01").TerritorySpent = nil
	fs := check(reg, r)
	var act, axis reconcile.Finding
	for _, f := range fs {
		switch {
		case f.Code != reconcile.CofinancementInsuffisant:
		case f.Action == "ENF-01":
			act = f
		case f.Action == "":
			axis = f
		}
	}
	wantAct := nbsp("Pour l'action ENF-01, l'État a dépensé 100 000,00 € mais la part de la collectivité n'est pas " +
		"renseignée : elle est comptée pour zéro, alors qu'elle doit être au moins égale à celle de l'État " +
		"(tolérance 500,00 €) ; indiquez le montant dépensé par la collectivité dans la colonne " +
		"« Collectivité réalisé (€) ». Vérifiez les cellules Actions!G7 et Actions!H7.")
	if act.Message != wantAct {
		t.Errorf("action message:\n got %q\nwant %q", act.Message, wantAct)
	}
	if act.Severity != reconcile.Bloquant || act.Expected != reconcile.MoneyValue(eur(100_000)) ||
		act.Actual != reconcile.MoneyValue(0) || !slices.Equal(act.Cells, []string{"Actions!G7", "Actions!H7"}) {
		t.Errorf("action finding %+v: want bloquant, 100 000 € expected, 0 € actual, G7 and H7", act)
	}
	// The action's finding explains the axis shortfall: it is not counted
	// a second time for the axis.
	if axis.Code != "" {
		t.Errorf("axis finding %q besides the action's: one shortfall counted twice", axis.Message)
	}
	if _, v := reconcile.Evaluate(reconcile.CheckInput{Register: reg, Report: r}); v != reconcile.Rejected {
		t.Errorf("verdict %s, want rejected", v)
	}
}

func TestCofinancementUnfilledOnSeveralActionsOfAnAxis(t *testing.T) {
	reg := testRegister()
	r := cleanReport(reg, 2025)
	// 1 € of State spending each: each action within the tolerance, the
	// axis (2 € with nothing from the territory) beyond it.
	spend(t, r, "ENF-01", eur(1), 0)
	spend(t, r, "ENF-02", eur(1), 0)
	action(t, r, "ENF-01").TerritorySpent = nil
	action(t, r, "ENF-02").TerritorySpent = nil
	for _, f := range check(reg, r) {
		if f.Code == reconcile.CofinancementInsuffisant && f.Action == "" {
			if want := "n'est pas renseignée pour les actions ENF-01 et ENF-02 et compte pour zéro"; !strings.Contains(f.Message, want) {
				t.Errorf("axis message %q lacks %q", f.Message, want)
			}
			return
		}
	}
	t.Errorf("no axis COFINANCEMENT_INSUFFISANT")
}

func TestCofinancementPerAxisListsTheAxisLines(t *testing.T) {
	reg := testRegister()
	r := cleanReport(reg, 2025)
	spend(t, r, "ENF-01", eur(100), eur(99))
	spend(t, r, "ENF-02", eur(100), eur(99))
	f := only(t, check(reg, r), reconcile.CofinancementInsuffisant)
	if want := []string{"Actions!G7", "Actions!H7", "Actions!G8", "Actions!H8"}; !slices.Equal(f.Cells, want) {
		t.Errorf("cells = %v, want %v", f.Cells, want)
	}
	if f.Expected != reconcile.MoneyValue(eur(200)) || f.Actual != reconcile.MoneyValue(eur(198)) {
		t.Errorf("expected, actual = %v, %v; want 200 €, 198 €", f.Expected, f.Actual)
	}
	if !strings.Contains(f.Message, nbsp("Sur l'axe « Enfance »")) {
		t.Errorf("message %q does not name the axis", f.Message)
	}
}

func TestDepassementEngagementEtat(t *testing.T) {
	reg := testRegister()
	for _, tc := range []struct {
		name  string
		state reconcile.Amount
		want  []string
	}{
		{"as planned", eur(100_000), nil},
		{"exactly at tolerance", eur(100_500), nil},
		{"one cent over", eur(100_500) + 1, []string{"ENFANCE/ENF-01/"}},
		{"far over", eur(150_000), []string{"ENFANCE/ENF-01/"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := cleanReport(reg, 2025)
			spend(t, r, "ENF-01", tc.state, tc.state)
			fs := check(reg, r)
			if got := keys(fs, reconcile.DepassementEngagementEtat); !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
			for _, f := range fs {
				if f.Code == reconcile.DepassementEngagementEtat && !slices.Equal(f.Cells, []string{"Actions!G7"}) {
					t.Errorf("cells = %v, want [Actions!G7]", f.Cells)
				}
			}
		})
	}
}

func TestDepassementPlafond(t *testing.T) {
	reg := testRegister() // ceiling 270 000 €, State planned 270 000 €
	for _, tc := range []struct {
		name string
		acc  reconcile.Amount // State (and territory) spent on ACC-01, planned 80 000 €
		want int
	}{
		{"exactly the ceiling", eur(80_000), 0},
		{"one cent over", eur(80_000) + 1, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := cleanReport(reg, 2025)
			spend(t, r, "ACC-01", tc.acc, tc.acc)
			fs := check(reg, r)
			if got := len(keys(fs, reconcile.DepassementPlafond)); got != tc.want {
				t.Fatalf("got %d findings, want %d: %s", got, tc.want, describe(fs))
			}
			if tc.want == 1 {
				f := only(t, fs, reconcile.DepassementPlafond)
				if f.Actual != reconcile.MoneyValue(eur(270_000)+1) || f.Expected != reconcile.MoneyValue(eur(270_000)) {
					t.Errorf("expected, actual = %v, %v", f.Expected, f.Actual)
				}
				if len(f.Cells) != 4 {
					t.Errorf("cells = %v, want the four État réalisé cells", f.Cells)
				}
			}
		})
	}
}

func TestMissingStateAmountsAddNothingToTheCeilingCheck(t *testing.T) {
	reg := testRegister()
	r := cleanReport(reg, 2025)
	spend(t, r, "ACC-01", eur(100_000), eur(100_000)) // 20 000 € over the ceiling
	action(t, r, "TRA-01").StateSpent = nil           // 40 000 € fewer known
	if got := keys(check(reg, r), reconcile.DepassementPlafond); got != nil {
		t.Errorf("got %v, want nothing: the known State spending is under the ceiling", got)
	}
}

func TestCumulPluriannuel(t *testing.T) {
	reg := testRegister() // ceiling 270 000 € a year
	report := func(year int, acc reconcile.Amount) *reconcile.Report {
		r := cleanReport(reg, year)
		spend(t, r, "ACC-01", acc, acc) // the other actions spend 190 000 €
		if year == 2026 {
			spend(t, r, "ENF-09", 0, 0)
		}
		return r
	}
	for _, tc := range []struct {
		name    string
		history map[int]*reconcile.Report
		year    int
		acc     reconcile.Amount
		want    int
		message string
	}{
		{"first year is the annual check only", nil, 2024, eur(90_000), 0, ""},
		{"exactly the sum of ceilings", map[int]*reconcile.Report{2024: report(2024, eur(70_000))}, 2025, eur(90_000), 0, ""},
		{"one cent over the sum", map[int]*reconcile.Report{2024: report(2024, eur(70_000))}, 2025, eur(90_000) + 1, 1,
			"De 2024 à 2025, l'État a dépensé au total 540 000,01 € (2024 : 260 000,00 € ; 2025 : 280 000,01 €), " +
				"soit 0,01 € de plus que la somme des plafonds annuels de ces années, 540 000,00 €"},
		{"a year without accepted report counts zero", map[int]*reconcile.Report{2024: report(2024, eur(350_000))}, 2026,
			eur(80_000), 0, ""},
		{"a year without accepted report is named", map[int]*reconcile.Report{2024: report(2024, eur(700_000))}, 2026,
			eur(80_000), 1, "2024 : 890 000,00 € ; 2025 : aucun rapport accepté, compté 0,00 € ; 2026 : 270 000,00 €"},
		{"a report of another territory is ignored", map[int]*reconcile.Report{2024: func() *reconcile.Report {
			r := report(2024, eur(700_000))
			r.SIREN = "200046977"
			return r
		}()}, 2025, eur(80_000), 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := report(tc.year, tc.acc)
			fs := reconcile.Check(reconcile.CheckInput{Register: reg, Report: r, History: tc.history})
			if got := len(keys(fs, reconcile.CumulPluriannuel)); got != tc.want {
				t.Fatalf("got %d findings, want %d: %s", got, tc.want, describe(fs))
			}
			if tc.message != "" {
				f := only(t, fs, reconcile.CumulPluriannuel)
				if !strings.Contains(f.Message, nbsp(tc.message)) {
					t.Errorf("message %q\ndoes not contain %q", f.Message, nbsp(tc.message))
				}
			}
		})
	}
}

func TestSousExecution(t *testing.T) {
	reg := testRegister() // ENFANCE plans 300 000 € (State and territory); 80 % is 240 000 €
	for _, tc := range []struct {
		name   string
		mutate func(t *testing.T, r *reconcile.Report)
		want   []string
		rate   float64
	}{
		{"exactly 80 %", func(t *testing.T, r *reconcile.Report) {
			spend(t, r, "ENF-01", eur(70_000), eur(70_000))
			spend(t, r, "ENF-02", eur(50_000), eur(50_000))
		}, nil, 0},
		{"one cent below 80 %", func(t *testing.T, r *reconcile.Report) {
			spend(t, r, "ENF-01", eur(70_000), eur(70_000)-1)
			spend(t, r, "ENF-02", eur(50_000), eur(50_000))
		}, []string{"ENFANCE//"}, 79.9},
		{"missing amounts count as zero", func(t *testing.T, r *reconcile.Report) {
			a := action(t, r, "ENF-01")
			a.StateSpent, a.TerritorySpent = nil, nil
		}, []string{"ENFANCE//"}, 33.3},
		{"a missing action counts as zero", func(t *testing.T, r *reconcile.Report) {
			r.Actions = slices.DeleteFunc(r.Actions, func(a reconcile.ReportedAction) bool { return a.Code == "TRA-01" })
		}, []string{"TRANSITION//"}, 0},
		{"other financers do not count", func(t *testing.T, r *reconcile.Report) {
			spend(t, r, "ACC-01", eur(10_000), eur(10_000))
			action(t, r, "ACC-01").OtherSpent = amt(eur(500_000))
		}, []string{"ACCES_DROITS//"}, 12.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := cleanReport(reg, 2025)
			tc.mutate(t, r)
			fs := check(reg, r)
			if got := keys(fs, reconcile.SousExecution); !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			if tc.want != nil {
				f := only(t, fs, reconcile.SousExecution)
				if f.Actual != reconcile.PercentValue(tc.rate) || f.Expected != reconcile.PercentValue(80) {
					t.Errorf("expected, actual = %v, %v; want 80, %v", f.Expected, f.Actual, tc.rate)
				}
			}
		})
	}
}

func TestSousExecutionMessage(t *testing.T) {
	reg := testRegister()
	r := cleanReport(reg, 2025)
	a := action(t, r, "ENF-01")
	a.StateSpent, a.TerritorySpent = nil, nil
	f := only(t, check(reg, r), reconcile.SousExecution)
	want := nbsp("Sur l'axe « Enfance », l'État et la collectivité ont dépensé 100 000,00 € pour 300 000,00 € prévus " +
		"au contrat en 2025 (les montants laissés vides comptent pour zéro), soit un taux d'exécution de 33,3 %, " +
		"inférieur au seuil de 80 % : vérifiez les montants réalisés ou expliquez le retard dans le commentaire des " +
		"actions concernées. Vérifiez les cellules Actions!G7, Actions!H7, Actions!G8 et Actions!H8.")
	if f.Message != want {
		t.Errorf("message:\n got %q\nwant %q", f.Message, want)
	}
	if got, want := f.Expected.String(), "80\u00a0%"; got != want {
		t.Errorf("expected = %q, want %q", got, want)
	}
	if got, want := f.Actual.String(), "33,3\u00a0%"; got != want {
		t.Errorf("actual = %q, want %q", got, want)
	}
}
