package templates_test

import (
	"time"

	"github.com/pactd/pactd/reconcile"
)

func fptr(f float64) *float64 { return &f }

// testRegister returns a small register: a 3-axis département and a 4-axis
// métropole, with actions over 2024-2027.
func testRegister() *reconcile.Register {
	plans := func(state reconcile.Amount, years ...int) map[int]reconcile.Plan {
		m := map[int]reconcile.Plan{}
		for _, y := range years {
			m[y] = reconcile.Plan{State: state, Territory: state}
		}
		return m
	}
	ain := reconcile.Contract{
		Territory: reconcile.Territory{SIREN: "220100010", Name: "Département de l'Ain", Type: reconcile.TypeDepartement,
			Departements: []string{"01"}, AxisCount: 3, AnnualCeiling: 50000000,
			Senders: []string{"@ain.fr", "cls.referent@ain.fr"}, Recipients: []string{"solidarites@ain.fr"}},
		Actions: []reconcile.Action{
			{Code: "ENF-01", Axis: reconcile.AxisEnfance, Title: "Accueil des jeunes enfants en quartiers prioritaires de la politique de la ville",
				Nature: reconcile.NatureNouvelle, Plans: plans(12000000, 2024, 2025, 2026, 2027),
				Indicators: []reconcile.Indicator{
					{Code: "ENF-01-I1", Label: "Enfants accueillis", Unit: "personnes", Baseline: fptr(120), Targets: map[int]float64{2024: 130, 2025: 140, 2026: 150, 2027: 160}},
					{Code: "ENF-01-I2", Label: "Taux d'occupation des places", Unit: "%", Targets: map[int]float64{2025: 85.5}},
				}},
			{Code: "ACD-01", Axis: reconcile.AxisAccesDroits, Title: "Premiers accès aux droits en maisons France services",
				Nature: reconcile.NatureRenforcee, Plans: plans(4567891, 2025, 2026),
				Indicators: []reconcile.Indicator{
					{Code: "ACD-01-I1", Label: "Ménages accompagnés", Unit: "ménages", Baseline: fptr(300), Targets: map[int]float64{2025: 350, 2026: 400}},
				}},
			{Code: "TRA-01", Axis: reconcile.AxisTransition, Title: "Lutte contre la précarité énergétique des ménages modestes",
				Nature: reconcile.NatureNouvelle, Plans: plans(2500050, 2024, 2025)},
		},
	}
	lyon := reconcile.Contract{
		Territory: reconcile.Territory{SIREN: "200046977", Name: "Métropole de Lyon", Type: reconcile.TypeMetropole,
			Departements: []string{"69"}, AxisCount: 4, AnnualCeiling: 90000000, Senders: []string{"@grandlyon.com"}},
		Actions: []reconcile.Action{
			{Code: "EMP-01", Axis: reconcile.AxisEmploi, Title: "Accompagnement renforcé vers l'emploi des allocataires du RSA",
				Nature: reconcile.NatureRenforcee, Plans: plans(30000000, 2025)},
			{Code: "ENF-01", Axis: reconcile.AxisEnfance, Title: "Petits déjeuners à l'école", Nature: reconcile.NatureNouvelle,
				Plans: plans(1000000, 2025)},
		},
	}
	reg := &reconcile.Register{Version: 1, Contracts: []reconcile.Contract{lyon, ain},
		Deadlines: map[int]time.Time{2025: time.Date(2026, time.April, 15, 0, 0, 0, 0, reconcile.Paris)}}
	reg.Sort()
	return reg
}
