package reconcile

import "strconv"

// Rate is an execution rate in tenths of a percentage point: 885 is
// 88,5 %. Every rate pactd shows (the weekly PDF, its annex, the
// acknowledgments, the status page) is a Rate made by RateOf, so the same
// amounts always read as the same figure everywhere.
//
// The one rounding rule is truncation to the tenth of a point, computed on
// cents with integers whenever they cannot overflow (rateTenths): a rate is
// never rounded up, so a rate just below a threshold never reads as the
// threshold (79,96 % reads 79,9 %, not 80,0 %).
type Rate int64

// RateOf returns spent over planned as a Rate, and false when planned is
// not positive (no rate without a plan).
func RateOf(spent, planned Amount) (Rate, bool) {
	if planned <= 0 {
		return 0, false
	}
	return Rate(rateTenths(spent, planned)), true
}

// RatePtr returns RateOf as a pointer, nil when there is no rate.
func RatePtr(spent, planned Amount) *Rate {
	r, ok := RateOf(spent, planned)
	if !ok {
		return nil
	}
	return &r
}

// RateFromFraction returns the Rate of a fraction given in configuration
// (0.8 for 80 %), rounded to the nearest tenth of a point: thresholds are
// written by people, not computed.
func RateFromFraction(f float64) Rate {
	v := f * 1000
	if v < 0 {
		return Rate(v - 0.5)
	}
	return Rate(v + 0.5)
}

// Fraction returns the rate as a fraction, 0.885 for 88,5 %, exactly the
// value a spreadsheet shows as 88,5 % with the format 0.0%.
func (r Rate) Fraction() float64 { return float64(r) / 1000 }

// Percent returns the rate as a percentage, 88.5 for 88,5 %.
func (r Rate) Percent() float64 { return float64(r) / 10 }

// String writes the rate the French way with one decimal and a no-break
// space before the sign: "88,5 %", "-3,0 %".
func (r Rate) String() string {
	v := int64(r)
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	return sign + strconv.FormatInt(v/10, 10) + "," + strconv.FormatInt(v%10, 10) + "\u00a0%"
}

// FormatRate writes a rate, or "—" for none (no rate without an accepted
// report).
func FormatRate(r *Rate) string {
	if r == nil {
		return "—"
	}
	return r.String()
}

// Value returns the rate as a finding value in percent (88.5, unit "%").
func (r Rate) Value() Value { return PercentValue(r.Percent()) }
