package reconcile

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Amount is a sum of money in integer euro cents. Every computation on money
// in pactd adds and compares Amounts; floating point never holds a sum.
type Amount int64

// ErrNotANumber is returned by ParseAmount when the text is not a number.
var ErrNotANumber = errors.New("not a number")

// Cents returns a as a number of cents.
func (a Amount) Cents() int64 { return int64(a) }

// Euros returns a in euros, for JSON output and display only.
func (a Amount) Euros() float64 { return float64(a) / 100 }

// AmountFromEuros converts a spreadsheet number in euros to cents, rounding
// half away from zero. Spreadsheet numbers are binary floats; the rounding
// takes 98000.49999999999 back to 9800050 cents.
func AmountFromEuros(f float64) (Amount, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 9e13 {
		return 0, fmt.Errorf("amount %v out of range", f)
	}
	return Amount(math.Round(f * 100)), nil
}

// String formats a the French way, "12 345,67 €", with no-break spaces
// (not narrow ones, which some fonts and PDF readers lack).
func (a Amount) String() string {
	return a.Format() + "\u00a0€"
}

// Format formats a as "12 345,67" without the currency sign.
func (a Amount) Format() string {
	neg := a < 0
	c := int64(a)
	if neg {
		c = -c
	}
	euros := strconv.FormatInt(c/100, 10)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range euros {
		if i > 0 && (len(euros)-i)%3 == 0 {
			b.WriteString("\u00a0")
		}
		b.WriteRune(r)
	}
	fmt.Fprintf(&b, ",%02d", c%100)
	return b.String()
}

// MarshalJSON writes a as a number of euros with at most two decimals.
func (a Amount) MarshalJSON() ([]byte, error) {
	return []byte(FormatEurosJSON(a)), nil
}

// UnmarshalJSON reads a number of euros.
func (a *Amount) UnmarshalJSON(b []byte) error {
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("parse amount %s: %w", b, err)
	}
	v, err := AmountFromEuros(f)
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// FormatEurosJSON formats a as a JSON number of euros: "98000.5", "0", "-12.34".
func FormatEurosJSON(a Amount) string {
	c := int64(a)
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	s := fmt.Sprintf("%s%d.%02d", sign, c/100, c%100)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// ParseNumber reads a number as people type it in a French spreadsheet:
// "12 345,67 €", "12345.67", "1 000" with plain, no-break or narrow no-break
// spaces, "1.234,56", "-5", "(5)" is not accepted. It returns ErrNotANumber for
// anything else, including the empty string.
func ParseNumber(s string) (float64, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimSuffix(t, "€")
	t = strings.TrimSuffix(strings.TrimSpace(t), "EUR")
	t = strings.TrimSuffix(strings.TrimSpace(t), "%")
	var b strings.Builder
	for _, r := range t {
		switch r {
		case ' ', '\u00a0', '\u202f', '\u2009', '\t', '\'':
			continue
		case '\u2212': // minus sign
			b.WriteByte('-')
		default:
			b.WriteRune(r)
		}
	}
	t = b.String()
	if t == "" {
		return 0, ErrNotANumber
	}
	comma, dot := strings.Count(t, ","), strings.Count(t, ".")
	switch {
	case comma == 1 && dot == 0:
		t = strings.Replace(t, ",", ".", 1)
	case comma == 1 && dot >= 1 && strings.LastIndex(t, ",") > strings.LastIndex(t, "."):
		// 1.234,56: dots group thousands.
		t = strings.ReplaceAll(t, ".", "")
		t = strings.Replace(t, ",", ".", 1)
	case comma >= 1 && dot <= 1 && (dot == 0 || strings.LastIndex(t, ".") > strings.LastIndex(t, ",")):
		// 1,234.56 or 1,234,567: commas group thousands.
		t = strings.ReplaceAll(t, ",", "")
	case dot > 1 && comma == 0:
		// 1.234.567: dots group thousands.
		t = strings.ReplaceAll(t, ".", "")
	}
	for i, r := range t {
		if !(r >= '0' && r <= '9' || r == '.' || (r == '-' || r == '+') && i == 0) {
			return 0, ErrNotANumber
		}
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, ErrNotANumber
	}
	return f, nil
}

// ParseAmount reads a French-formatted amount of euros into cents; see ParseNumber.
func ParseAmount(s string) (Amount, error) {
	f, err := ParseNumber(s)
	if err != nil {
		return 0, err
	}
	return AmountFromEuros(f)
}

// MaxPlausibleAmount is the largest amount, in absolute value, that one
// cell of a workbook or of the register may hold: 1 000 000 000,00 €, a
// thousand times the largest annual State ceiling of a contract. A cell
// beyond it is MONTANT_INVRAISEMBLABLE, never added up; at most a few
// thousand such cells add up far below the range of an Amount.
const MaxPlausibleAmount Amount = 100_000_000_000

// Plausible reports whether a is within ±MaxPlausibleAmount.
func (a Amount) Plausible() bool { return a >= -MaxPlausibleAmount && a <= MaxPlausibleAmount }

// AddChecked returns a + b, and false when the sum overflows an Amount.
func AddChecked(a, b Amount) (Amount, bool) {
	s := a + b
	if (b > 0 && s < a) || (b < 0 && s > a) {
		return 0, false
	}
	return s, true
}

// Plus returns a + b, held at the largest or smallest Amount when the sum
// would overflow: a total never wraps around to a wrong sign. Amounts
// read from files are within MaxPlausibleAmount, so their sums never get
// there; Plus guards the arithmetic, not the figures.
func (a Amount) Plus(b Amount) Amount {
	if s, ok := AddChecked(a, b); ok {
		return s
	}
	if b > 0 {
		return math.MaxInt64
	}
	return math.MinInt64
}

// Minus returns a - b, held at the bounds of an Amount like Plus.
func (a Amount) Minus(b Amount) Amount {
	if b == math.MinInt64 {
		if a >= 0 {
			return math.MaxInt64
		}
		return a - b
	}
	return a.Plus(-b)
}

// Times returns a × n, held at the bounds of an Amount like Plus.
func (a Amount) Times(n int64) Amount {
	if a == 0 || n == 0 {
		return 0
	}
	p := a * Amount(n)
	if p/Amount(n) != a || (a == -1 && n == math.MinInt64) || (n == -1 && a == math.MinInt64) {
		if (a > 0) == (n > 0) {
			return math.MaxInt64
		}
		return math.MinInt64
	}
	return p
}

// rateTenths returns spent / planned in tenths of a percent, rounded down
// (planned > 0): 799.9 ‰ gives 799. It never overflows.
func rateTenths(spent, planned Amount) float64 {
	if spent >= 0 && spent <= math.MaxInt64/1000 {
		return float64(int64(spent) * 1000 / int64(planned))
	}
	return math.Floor(float64(spent) / float64(planned) * 1000)
}

// Sum adds amounts; nil entries count as zero. The sum is held at the
// bounds of an Amount rather than wrapping (see Plus); SumChecked says
// whether it overflowed.
func Sum(amounts ...*Amount) Amount {
	var t Amount
	for _, a := range amounts {
		if a != nil {
			t = t.Plus(*a)
		}
	}
	return t
}

// SumChecked adds amounts like Sum, and returns false when the sum
// overflows an Amount.
func SumChecked(amounts ...*Amount) (Amount, bool) {
	var t Amount
	for _, a := range amounts {
		if a == nil {
			continue
		}
		var ok bool
		if t, ok = AddChecked(t, *a); !ok {
			return 0, false
		}
	}
	return t, true
}

// Ptr returns a pointer to a copy of a, for optional values.
func Ptr(a Amount) *Amount { return &a }
