package reconcile

import (
	"fmt"
	"math"
)

// Tolerances are the configurable margins of the reconciliation rules
// (SPEC §5). A difference between two amounts is tolerated when it is at
// most max(Absolute, Relative × reference), the relative part computed in
// cents and rounded half up; see Tolerance and docs/RULES.md.
type Tolerances struct {
	// Absolute is the smallest tolerated difference (1 € by default).
	Absolute Amount
	// Relative is the tolerated difference as a fraction of the reference
	// amount (0.005, that is 0.5 %, by default).
	Relative float64
	// UnderExecution is the execution rate of an axis below which
	// SOUS_EXECUTION is raised, as a fraction (0.80 by default).
	UnderExecution float64
}

// DefaultTolerances returns SPEC §5's defaults: 1 €, 0.5 % and 80 %.
func DefaultTolerances() Tolerances {
	return Tolerances{Absolute: 100, Relative: 0.005, UnderExecution: 0.80}
}

// TolerancesFromPercent builds Tolerances from the configuration's units:
// euros, a percentage of the reference (0.5 for 0.5 %) and a percentage
// threshold (80 for 80 %). It returns an error naming the value at fault
// when one is negative, not a number, or a percentage over 100.
func TolerancesFromPercent(euros, percent, underExecutionPercent float64) (Tolerances, error) {
	abs, err := AmountFromEuros(euros)
	if err != nil {
		return Tolerances{}, fmt.Errorf("tolérance absolue %v € invalide", euros)
	}
	t := Tolerances{Absolute: abs, Relative: percent / 100, UnderExecution: underExecutionPercent / 100}
	return t, t.Validate()
}

// Validate returns an error, in French, when a tolerance is negative, not a
// number, or a fraction over 1.
func (t Tolerances) Validate() error {
	if t.Absolute < 0 {
		return fmt.Errorf("la tolérance absolue %s est négative", t.Absolute)
	}
	if math.IsNaN(t.Relative) || t.Relative < 0 || t.Relative > 1 {
		return fmt.Errorf("la tolérance relative %s %% doit être comprise entre 0 et 100 %%", FormatNumber(t.Relative*100))
	}
	if math.IsNaN(t.UnderExecution) || t.UnderExecution < 0 || t.UnderExecution > 1 {
		return fmt.Errorf("le seuil de sous-exécution %s %% doit être compris entre 0 et 100 %%", FormatNumber(t.UnderExecution*100))
	}
	return nil
}

// perMillion is the denominator of fractions held as integers.
const perMillion = 1_000_000

// ppm returns a fraction in parts per million, rounded to the nearest,
// clamped to [0, 1 000 000].
func ppm(f float64) int64 {
	if math.IsNaN(f) || f <= 0 {
		return 0
	}
	if f >= 1 {
		return perMillion
	}
	return int64(math.Round(f * perMillion))
}

// Tolerance returns the tolerated difference for a comparison against
// reference: max(Absolute, Relative × |reference|), the relative part
// rounded half up to the cent in integer arithmetic.
func (t Tolerances) Tolerance(reference Amount) Amount {
	r := int64(reference)
	if r < 0 {
		r = -r
	}
	p := ppm(t.Relative)
	// r × p / 10⁶ split in two so that no product overflows int64.
	q, rem := r/perMillion, r%perMillion
	rel := Amount(q*p + (rem*p+perMillion/2)/perMillion)
	if t.Absolute > rel {
		return t.Absolute
	}
	return rel
}

// Exceeds reports whether actual is above limit by more than the tolerance
// computed on reference: exactly at the tolerance is tolerated, one cent
// more is not.
func (t Tolerances) Exceeds(actual, limit, reference Amount) bool {
	return actual.Minus(limit) > t.Tolerance(reference)
}

// BelowThreshold reports whether spent / planned is strictly below the
// UnderExecution threshold, compared in integer arithmetic
// (spent × 10⁶ < planned × threshold in parts per million). A planned
// amount of zero or less has no rate and is never below.
func (t Tolerances) BelowThreshold(spent, planned Amount) bool {
	if planned <= 0 {
		return false
	}
	return mulLess(int64(spent), perMillion, int64(planned), ppm(t.UnderExecution))
}

// mulLess reports whether a×b < c×d for b and d in [0, 10⁶], without
// overflow for |a| and |c| up to 9.2 × 10¹⁸.
func mulLess(a, b, c, d int64) bool {
	// Split a and c as hi×10⁶ + lo with 0 ≤ lo < 10⁶ (floor division).
	ah, al := floorDivMod(a, perMillion)
	ch, cl := floorDivMod(c, perMillion)
	// a×b = ah×b×10⁶ + al×b, with al×b < 10¹²: compare as (hi, lo) pairs
	// of base 10⁶ after carrying.
	xh, xl := ah*b, al*b
	yh, yl := ch*d, cl*d
	xh += xl / perMillion
	xl %= perMillion
	yh += yl / perMillion
	yl %= perMillion
	if xh != yh {
		return xh < yh
	}
	return xl < yl
}

func floorDivMod(a, m int64) (int64, int64) {
	q, r := a/m, a%m
	if r < 0 {
		q--
		r += m
	}
	return q, r
}

// ExecutionRate returns spent / planned as a fraction for display and JSON, or 0
// when planned is not positive. Rules never compare it: they use
// BelowThreshold.
func ExecutionRate(spent, planned Amount) float64 {
	if planned <= 0 {
		return 0
	}
	return float64(spent) / float64(planned)
}
