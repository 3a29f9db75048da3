package reconcile_test

import (
	"testing"

	"github.com/pactd/pactd/reconcile"
)

func TestRateOf(t *testing.T) {
	for _, tc := range []struct {
		spent, planned reconcile.Amount
		want           string
		fraction       float64
	}{
		{8_859, 10_000, "88,5\u00a0%", 0.885}, // truncated, never rounded up
		{7_999_999, 10_000_000, "79,9\u00a0%", 0.799},
		{8_000_000, 10_000_000, "80,0\u00a0%", 0.8},
		{1, 3, "33,3\u00a0%", 0.333},
		{2, 3, "66,6\u00a0%", 0.666},
		{0, 5, "0,0\u00a0%", 0},
		{15_000, 10_000, "150,0\u00a0%", 1.5},
		{-1, 1_000, "-0,1\u00a0%", -0.001},                        // floor, as the money rules do
		{46_000_000_000_00, 46_000_000_000_00, "100,0\u00a0%", 1}, // large amounts stay exact
	} {
		r, ok := reconcile.RateOf(tc.spent, tc.planned)
		if !ok || r.String() != tc.want || r.Fraction() != tc.fraction {
			t.Errorf("RateOf(%d, %d) = %q (%v, ok %v), want %q (%v)", tc.spent, tc.planned, r, r.Fraction(), ok, tc.want, tc.fraction)
		}
	}
	if _, ok := reconcile.RateOf(5, 0); ok {
		t.Error("a rate without a plan")
	}
	if got := reconcile.FormatRate(nil); got != "—" {
		t.Errorf("FormatRate(nil) = %q", got)
	}
	if got := reconcile.RateFromFraction(0.8); got != 800 {
		t.Errorf("RateFromFraction(0.8) = %d", got)
	}
}
