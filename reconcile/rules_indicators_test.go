package reconcile_test

import (
	"slices"
	"testing"

	"github.com/pactd/pactd/reconcile"
)

func TestIndicateurManquant(t *testing.T) {
	reg := testRegister()
	for _, tc := range []struct {
		name   string
		mutate func(t *testing.T, r *reconcile.Report)
		want   []string
		cells  []string
	}{
		{"all reported", func(t *testing.T, r *reconcile.Report) {}, nil, nil},
		{"zero is a value", func(t *testing.T, r *reconcile.Report) { indicator(t, r, "TRA-01-I1").Actual = num(0) }, nil, nil},
		{"empty value", func(t *testing.T, r *reconcile.Report) {
			indicator(t, r, "ENF-01-I1").Actual = nil
		}, []string{"ENFANCE/ENF-01/ENF-01-I1"}, []string{"Indicateurs!G5"}},
		{"row removed", func(t *testing.T, r *reconcile.Report) {
			r.Indicators = slices.DeleteFunc(r.Indicators, func(i reconcile.ReportedIndicator) bool { return i.Code == "ACC-01-I1" })
		}, []string{"ACCES_DROITS/ACC-01/ACC-01-I1"}, nil},
		{"empty cell already reported by the parser", func(t *testing.T, r *reconcile.Report) {
			indicator(t, r, "ENF-01-I1").Actual = nil
			f := reconcile.NewFinding(reconcile.ValeurManquante, "La cellule Indicateurs!G5 est vide.")
			f.Cells = []string{"Indicateurs!G5"}
			r.Findings = append(r.Findings, f)
		}, nil, nil},
		{"error value already reported by the parser", func(t *testing.T, r *reconcile.Report) {
			indicator(t, r, "ENF-01-I1").Actual = nil
			f := reconcile.NewFinding(reconcile.ErreurFormule, "La cellule Indicateurs!G5 contient #REF!.")
			f.Cells = []string{"Indicateurs!G5"}
			r.Findings = append(r.Findings, f)
		}, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := cleanReport(reg, 2025)
			tc.mutate(t, r)
			fs := check(reg, r)
			if got := keys(fs, reconcile.IndicateurManquant); !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			if tc.want != nil {
				f := only(t, fs, reconcile.IndicateurManquant)
				if !slices.Equal(f.Cells, tc.cells) || f.Actual != (reconcile.Value{}) {
					t.Errorf("cells = %v, actual = %v; want %v and no value", f.Cells, f.Actual, tc.cells)
				}
			}
		})
	}
}

func TestIndicateurManquantMessage(t *testing.T) {
	reg := testRegister()
	r := cleanReport(reg, 2025)
	indicator(t, r, "ENF-01-I1").Actual = nil
	f := only(t, check(reg, r), reconcile.IndicateurManquant)
	want := nbsp("L'indicateur ENF-01-I1 (« Indicateur ENF-01-I1 ») de l'action ENF-01 n'a pas de valeur réalisée : " +
		"indiquez la valeur atteinte en 2025 (cible : 150 personnes), ou 0 si rien n'a été réalisé. " +
		"Vérifiez la cellule Indicateurs!G5.")
	if f.Message != want {
		t.Errorf("message:\n got %q\nwant %q", f.Message, want)
	}
	if f.Expected != reconcile.NumberValue(150) {
		t.Errorf("expected = %v, want the target 150", f.Expected)
	}
}

func TestIndicateurInvraisemblable(t *testing.T) {
	reg := testRegister()
	for _, tc := range []struct {
		name      string
		indicator string
		unit      string // replaces the register's unit when set
		value     float64
		want      bool
		expected  reconcile.Value
	}{
		{"whole count", "ENF-01-I1", "", 140, false, reconcile.Value{}},
		{"negative count", "ENF-01-I1", "", -3, true, reconcile.NumberValue(0)},
		{"fractional persons", "ENF-01-I1", "", 12.5, true, reconcile.NumberValue(13)},
		{"fractional households", "ENF-02-I1", "", 40.2, true, reconcile.NumberValue(40)},
		{"fractional days", "TRA-01-I1", "", 3.5, false, reconcile.Value{}},
		{"a mean delay in days", "TRA-01-I1", "jours", 18.5, false, reconcile.Value{}},
		{"number of days", "TRA-01-I1", "Nombre de jours", 18.5, false, reconcile.Value{}},
		{"delay", "TRA-01-I1", "Délai (jours)", 18.5, false, reconcile.Value{}},
		{"hours of support", "TRA-01-I1", "heures d'accompagnement", 2.5, false, reconcile.Value{}},
		{"fractional average days", "TRA-01-I1", "jours par personne", 3.5, false, reconcile.Value{}},
		{"fractional families", "TRA-01-I1", "familles", 3.5, true, reconcile.NumberValue(4)},
		{"fractional children", "TRA-01-I1", "enfants", 3.5, true, reconcile.NumberValue(4)},
		{"fractional young people of an age", "TRA-01-I1", "jeunes de 16 à 25 ans", 3.5, true, reconcile.NumberValue(4)},
		{"fractional housing", "TRA-01-I1", "logements", 3.5, true, reconcile.NumberValue(4)},
		{"fractional beneficiaries", "TRA-01-I1", "bénéficiaires", 3.5, true, reconcile.NumberValue(4)},
		{"fractional structures", "TRA-01-I1", "structures", 3.5, true, reconcile.NumberValue(4)},
		{"fractional actions", "TRA-01-I1", "actions", 3.5, true, reconcile.NumberValue(4)},
		{"fractional overnight stays", "TRA-01-I1", "nuitées", 3.5, true, reconcile.NumberValue(4)},
		{"fractional euros", "TRA-01-I1", "€", 3.5, false, reconcile.Value{}},
		{"fractional places", "TRA-01-I1", "Nombre de places", 3.5, true, reconcile.NumberValue(4)},
		{"exactly 100 %", "ACC-01-I1", "", 100, false, reconcile.Value{}},
		{"over 100 %", "ACC-01-I1", "", 100.5, true, reconcile.NumberValue(100)},
		{"fractional percentage", "ACC-01-I1", "", 62.5, false, reconcile.Value{}},
		{"rate over 100", "ACC-01-I1", "taux de recours", 120, true, reconcile.NumberValue(100)},
		{"negative percentage", "ACC-01-I1", "", -1, true, reconcile.NumberValue(0)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reg := reg
			if tc.unit != "" {
				reg = testRegister()
				for i := range reg.Contracts[0].Actions {
					for j := range reg.Contracts[0].Actions[i].Indicators {
						if ind := &reg.Contracts[0].Actions[i].Indicators[j]; ind.Code == tc.indicator {
							ind.Unit = tc.unit
						}
					}
				}
			}
			r := cleanReport(reg, 2025)
			ri := indicator(t, r, tc.indicator)
			ri.Actual = num(tc.value)
			fs := check(reg, r)
			got := keys(fs, reconcile.IndicateurInvraisemblable)
			if (got != nil) != tc.want {
				t.Fatalf("got %v, want a finding: %v%s", got, tc.want, describe(fs))
			}
			if tc.want {
				f := only(t, fs, reconcile.IndicateurInvraisemblable)
				if f.Expected != tc.expected || f.Actual != reconcile.NumberValue(tc.value) ||
					!slices.Equal(f.Cells, []string{ri.Cell}) || f.Indicator != tc.indicator {
					t.Errorf("got %+v", f)
				}
			}
		})
	}
}

func TestNegativeIndicatorAlreadyReportedByTheParser(t *testing.T) {
	reg := testRegister()
	r := cleanReport(reg, 2025)
	ri := indicator(t, r, "ENF-01-I1")
	ri.Actual = num(-3)
	f := reconcile.NewFinding(reconcile.MontantNegatif, "La cellule Indicateurs!G5 est négative.")
	f.Cells = []string{ri.Cell}
	r.Findings = append(r.Findings, f)
	if got := keys(check(reg, r), reconcile.IndicateurInvraisemblable); got != nil {
		t.Errorf("got %v, want nothing: MONTANT_NEGATIF already names the cell", got)
	}
}

func TestRenforcementNonDemontre(t *testing.T) {
	reg := testRegister() // ENF-02 is Renforcée, ENF-02-I1 has a baseline of 40
	withSecond := func(r *reconcile.Register) {
		a := &r.Contracts[0].Actions[1]
		a.Indicators = append(a.Indicators, testIndicator("ENF-02-I2", "personnes", num(10), 20))
	}
	targetAt := func(v float64) func(*reconcile.Register) {
		return func(r *reconcile.Register) {
			r.Contracts[0].Actions[1].Indicators[0].Targets = map[int]float64{2025: v}
		}
	}
	delay := targetAt(30)
	noTarget := func(r *reconcile.Register) { r.Contracts[0].Actions[1].Indicators[0].Targets = nil }
	for _, tc := range []struct {
		name     string
		register func(*reconcile.Register)
		values   map[string]*float64
		want     []string
	}{
		{"above baseline", nil, map[string]*float64{"ENF-02-I1": num(41)}, nil},
		{"at baseline", nil, map[string]*float64{"ENF-02-I1": num(40)}, []string{"ENFANCE/ENF-02/ENF-02-I1"}},
		{"below baseline", nil, map[string]*float64{"ENF-02-I1": num(12)}, []string{"ENFANCE/ENF-02/ENF-02-I1"}},
		{"no value is INDICATEUR_MANQUANT only", nil, map[string]*float64{"ENF-02-I1": nil}, nil},
		{"one of two indicators up is enough", withSecond,
			map[string]*float64{"ENF-02-I1": num(40), "ENF-02-I2": num(11)}, nil},
		{"both flat", withSecond, map[string]*float64{"ENF-02-I1": num(40), "ENF-02-I2": num(10)},
			[]string{"ENFANCE/ENF-02/ENF-02-I1", "ENFANCE/ENF-02/ENF-02-I2"}},
		{"a Nouvelle action is not judged", nil, map[string]*float64{"ENF-01-I1": num(10)}, nil},
		// ENF-02-I1 as a delay to reduce: baseline 40, target 30.
		{"target below baseline, value below baseline", delay, map[string]*float64{"ENF-02-I1": num(35)}, nil},
		{"target below baseline, value just below baseline", delay, map[string]*float64{"ENF-02-I1": num(39.5)}, nil},
		{"target below baseline, value at baseline", delay, map[string]*float64{"ENF-02-I1": num(40)},
			[]string{"ENFANCE/ENF-02/ENF-02-I1"}},
		{"target below baseline, value above baseline", delay, map[string]*float64{"ENF-02-I1": num(45)},
			[]string{"ENFANCE/ENF-02/ENF-02-I1"}},
		{"target at baseline, value above", targetAt(40), map[string]*float64{"ENF-02-I1": num(41)}, nil},
		{"target at baseline, value below", targetAt(40), map[string]*float64{"ENF-02-I1": num(39)},
			[]string{"ENFANCE/ENF-02/ENF-02-I1"}},
		{"no target, value above", noTarget, map[string]*float64{"ENF-02-I1": num(41)}, nil},
		{"no target, value below", noTarget, map[string]*float64{"ENF-02-I1": num(39)}, []string{"ENFANCE/ENF-02/ENF-02-I1"}},
		{"one indicator down, one up: the lower delay is enough", func(r *reconcile.Register) {
			delay(r)
			withSecond(r)
		}, map[string]*float64{"ENF-02-I1": num(35), "ENF-02-I2": num(10)}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reg := reg
			if tc.register != nil {
				reg = testRegister()
				tc.register(reg)
			}
			r := cleanReport(reg, 2025)
			for code, v := range tc.values {
				indicator(t, r, code).Actual = v
			}
			if got := keys(check(reg, r), reconcile.RenforcementNonDemontre); !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestRenforcementMessage(t *testing.T) {
	reg := testRegister()
	r := cleanReport(reg, 2025)
	indicator(t, r, "ENF-02-I1").Actual = num(40)
	f := only(t, check(reg, r), reconcile.RenforcementNonDemontre)
	want := nbsp("L'action ENF-02 est une action renforcée, mais son indicateur ENF-02-I1 (« Indicateur ENF-02-I1 ») " +
		"atteint 40 ménages sans dépasser sa valeur de référence de 40 ménages : le renforcement n'est pas démontré ; " +
		"vérifiez la valeur ou expliquez-le dans le commentaire. Vérifiez la cellule Indicateurs!G6.")
	if f.Message != want {
		t.Errorf("message:\n got %q\nwant %q", f.Message, want)
	}
	if f.Expected != reconcile.NumberValue(40) || f.Actual != reconcile.NumberValue(40) {
		t.Errorf("expected, actual = %v, %v", f.Expected, f.Actual)
	}
}

func TestRenforcementMessageForAnIndicatorToReduce(t *testing.T) {
	reg := testRegister()
	ind := &reg.Contracts[0].Actions[1].Indicators[0] // ENF-02-I1, baseline 40
	ind.Unit, ind.Targets = "jours", map[int]float64{2025: 30}
	r := cleanReport(reg, 2025)
	indicator(t, r, "ENF-02-I1").Actual = num(42.5)
	f := only(t, check(reg, r), reconcile.RenforcementNonDemontre)
	want := nbsp("L'action ENF-02 est une action renforcée, mais son indicateur ENF-02-I1 (« Indicateur ENF-02-I1 ») " +
		"atteint 42,5 jours sans descendre sous sa valeur de référence de 40 jours, alors que le contrat vise une " +
		"baisse (cible de 30 jours en 2025) : le renforcement n'est pas démontré ; vérifiez la valeur ou expliquez-le " +
		"dans le commentaire. Vérifiez la cellule Indicateurs!G6.")
	if f.Message != want {
		t.Errorf("message:\n got %q\nwant %q", f.Message, want)
	}
	if f.Expected != reconcile.NumberValue(40) || f.Actual != reconcile.NumberValue(42.5) {
		t.Errorf("expected, actual = %v, %v", f.Expected, f.Actual)
	}
}
