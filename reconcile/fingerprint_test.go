package reconcile_test

import (
	"regexp"
	"testing"

	"github.com/pactd/pactd/reconcile"
)

func fingerprintContract() *reconcile.Contract {
	base := 100.0
	return &reconcile.Contract{
		Territory: reconcile.Territory{SIREN: "220100010", Name: "Département de l'Ain", AxisCount: 3},
		Actions: []reconcile.Action{
			{Code: "ENF-01", Axis: reconcile.AxisEnfance, Title: "Accueil", Nature: reconcile.NatureNouvelle,
				Plans: map[int]reconcile.Plan{2025: {State: 100000, Territory: 100000}, 2026: {State: 5, Territory: 5}},
				Indicators: []reconcile.Indicator{{Code: "ENF-01-I1", Label: "Enfants", Unit: "personnes", Baseline: &base,
					Targets: map[int]float64{2025: 120, 2026: 130}}}},
			{Code: "TRA-01", Axis: reconcile.AxisTransition, Title: "Énergie", Nature: reconcile.NatureRenforcee,
				Plans: map[int]reconcile.Plan{2026: {State: 7, Territory: 7}}},
		},
	}
}

func TestFingerprintChangesWithPrefilledCells(t *testing.T) {
	ref := reconcile.Fingerprint(fingerprintContract(), 2025)
	if !regexp.MustCompile(`^[0-9a-f]{16}$`).MatchString(ref) {
		t.Fatalf("Fingerprint = %q, want 16 hex digits", ref)
	}
	if again := reconcile.Fingerprint(fingerprintContract(), 2025); again != ref {
		t.Errorf("Fingerprint not stable: %q then %q", ref, again)
	}
	changes := map[string]func(c *reconcile.Contract){
		"title":  func(c *reconcile.Contract) { c.Actions[0].Title = "Accueil des enfants" },
		"axis":   func(c *reconcile.Contract) { c.Actions[0].Axis = reconcile.AxisAccesDroits },
		"nature": func(c *reconcile.Contract) { c.Actions[0].Nature = reconcile.NatureRenforcee },
		"code":   func(c *reconcile.Contract) { c.Actions[0].Code = "ENF-02" },
		"state": func(c *reconcile.Contract) {
			c.Actions[0].Plans[2025] = reconcile.Plan{State: 100001, Territory: 100000}
		},
		"territory": func(c *reconcile.Contract) {
			c.Actions[0].Plans[2025] = reconcile.Plan{State: 100000, Territory: 99999}
		},
		"siren":     func(c *reconcile.Contract) { c.Territory.SIREN = "220200026" },
		"target":    func(c *reconcile.Contract) { c.Actions[0].Indicators[0].Targets[2025] = 121 },
		"baseline":  func(c *reconcile.Contract) { c.Actions[0].Indicators[0].Baseline = nil },
		"unit":      func(c *reconcile.Contract) { c.Actions[0].Indicators[0].Unit = "ménages" },
		"label":     func(c *reconcile.Contract) { c.Actions[0].Indicators[0].Label = "Enfants accueillis" },
		"indicator": func(c *reconcile.Contract) { c.Actions[0].Indicators = nil },
		"new action": func(c *reconcile.Contract) {
			c.Actions[1].Plans[2025] = reconcile.Plan{State: 1, Territory: 1}
		},
	}
	for name, change := range changes {
		c := fingerprintContract()
		change(c)
		if got := reconcile.Fingerprint(c, 2025); got == ref {
			t.Errorf("changing the %s leaves the fingerprint unchanged (%s)", name, got)
		}
	}
}

func TestFingerprintIgnoresOtherYearsAndNames(t *testing.T) {
	ref := reconcile.Fingerprint(fingerprintContract(), 2025)
	same := map[string]func(c *reconcile.Contract){
		"other year amount": func(c *reconcile.Contract) { c.Actions[0].Plans[2026] = reconcile.Plan{State: 9, Territory: 9} },
		"other year target": func(c *reconcile.Contract) { c.Actions[0].Indicators[0].Targets[2026] = 999 },
		"territory name":    func(c *reconcile.Contract) { c.Territory.Name = "Ain" },
		"ceiling":           func(c *reconcile.Contract) { c.Territory.AnnualCeiling = 1 },
	}
	for name, change := range same {
		c := fingerprintContract()
		change(c)
		if got := reconcile.Fingerprint(c, 2025); got != ref {
			t.Errorf("changing the %s changes the fingerprint: %s, want %s", name, got, ref)
		}
	}
	if reconcile.Fingerprint(fingerprintContract(), 2026) == ref {
		t.Errorf("years 2025 and 2026 give the same fingerprint")
	}
}
