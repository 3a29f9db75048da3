package reconcile_test

import (
	"math"
	"testing"

	"github.com/pactd/pactd/reconcile"
)

// Sums never wrap: at the bounds of an Amount they hold, and SumChecked
// and AddChecked say the sum overflowed.
func TestAmountArithmeticNeverWraps(t *testing.T) {
	maxA, minA := reconcile.Amount(math.MaxInt64), reconcile.Amount(math.MinInt64)
	p := reconcile.Ptr
	for _, tc := range []struct {
		name string
		got  reconcile.Amount
		want reconcile.Amount
	}{
		{"sum", reconcile.Sum(p(150), nil, p(-50)), 100},
		{"sum at the top", reconcile.Sum(p(maxA), p(1)), maxA},
		{"sum at the bottom", reconcile.Sum(p(minA), p(-1)), minA},
		{"plus", reconcile.Amount(math.MaxInt64 - 5).Plus(10), maxA},
		{"plus exact", reconcile.Amount(math.MaxInt64 - 5).Plus(5), maxA},
		{"minus", minA.Plus(5).Minus(10), minA},
		{"minus min", reconcile.Amount(0).Minus(minA), maxA},
		{"minus min from negative", reconcile.Amount(-1).Minus(minA), maxA},
		{"times", reconcile.MaxPlausibleAmount.Times(4), 4 * reconcile.MaxPlausibleAmount},
		{"times overflow", maxA.Times(2), maxA},
		{"times negative overflow", maxA.Times(-2), minA},
		{"times min by -1", minA.Times(-1), maxA},
	} {
		if tc.got != tc.want {
			t.Errorf("%s = %d, want %d", tc.name, tc.got, tc.want)
		}
	}
	if _, ok := reconcile.SumChecked(p(maxA), p(1)); ok {
		t.Error("SumChecked(max, 1) did not report the overflow")
	}
	if s, ok := reconcile.SumChecked(p(maxA-1), p(1), nil); !ok || s != maxA {
		t.Errorf("SumChecked(max-1, 1) = %d, %v", s, ok)
	}
	if _, ok := reconcile.AddChecked(minA, -1); ok {
		t.Error("AddChecked(min, -1) did not report the overflow")
	}
	if !reconcile.MaxPlausibleAmount.Plausible() || (reconcile.MaxPlausibleAmount + 1).Plausible() ||
		(-reconcile.MaxPlausibleAmount - 1).Plausible() {
		t.Error("Plausible is not exactly ±MaxPlausibleAmount")
	}
}
