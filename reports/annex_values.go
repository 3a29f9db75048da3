package reports

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/pactd/pactd/reconcile"
)

// Units of the "Unité" column of the annex's findings sheet, so that the
// central team can filter expected and actual values of one kind.
const (
	unitEuro    = "€"
	unitPercent = "%"
	unitNumber  = "nombre"
	unitText    = "texte"
	unitDate    = "date"
)

// findingValue returns an expected or actual value of a finding as the
// annex writes it and its unit: euros as an amount, a number as a number,
// the rates of SOUS_EXECUTION (74.3 for 74,3 %) as a fraction with a
// percent format, a text holding a date ("31/03/2026", "31 mars 2026 à
// 14 h 03") as a date, any other text as text. A zero Value gives nil, "".
func findingValue(code reconcile.Code, v reconcile.Value) (any, string) {
	switch v.Kind {
	case reconcile.KindMoney:
		return v.Money, unitEuro
	case reconcile.KindNumber:
		if code == reconcile.SousExecution {
			rate := v.Number / 100
			return &rate, unitPercent
		}
		return v.Number, unitNumber
	case reconcile.KindText:
		if t, withTime, ok := parseShownDate(v.Text); ok {
			if withTime {
				return t, unitDate
			}
			return xday(t), unitDate
		}
		return v.Text, unitText
	}
	return nil, ""
}

// findingUnit is the unit of a finding's expected and actual values, or
// both, "€ / texte", in the rare finding whose two values differ in kind.
func findingUnit(expected, actual string) string {
	switch {
	case expected == "" || expected == actual:
		return actual
	case actual == "":
		return expected
	}
	return expected + " / " + actual
}

var (
	slashDate = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{4})(?: (\d{1,2}):(\d{2}))?$`)
	longDate  = regexp.MustCompile(`^(\d{1,2})(?:er)? (\p{L}+) (\d{4})(?: à (\d{1,2}) h (\d{2}))?$`)
)

// parseShownDate reads a date as people and pactd write it in Paris time,
// "31/03/2026", "31/03/2026 14:03", "1er avril 2026" or "31 mars 2026 à
// 14 h 03", and says whether it has a time of day.
func parseShownDate(s string) (time.Time, bool, bool) {
	s = strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ")
	var day, month, year, hour, minute string
	if m := slashDate.FindStringSubmatch(s); m != nil {
		day, month, year, hour, minute = m[1], m[2], m[3], m[4], m[5]
	} else if m := longDate.FindStringSubmatch(s); m != nil {
		for i, name := range frenchMonths {
			if strings.EqualFold(m[2], name) {
				month = strconv.Itoa(i + 1)
			}
		}
		if month == "" {
			return time.Time{}, false, false
		}
		day, year, hour, minute = m[1], m[3], m[4], m[5]
	} else {
		return time.Time{}, false, false
	}
	d, _ := strconv.Atoi(day)
	mo, _ := strconv.Atoi(month)
	y, _ := strconv.Atoi(year)
	h, mi := 0, 0
	if hour != "" {
		h, _ = strconv.Atoi(hour)
		mi, _ = strconv.Atoi(minute)
	}
	t := time.Date(y, time.Month(mo), d, h, mi, 0, 0, reconcile.Paris)
	if t.Day() != d || int(t.Month()) != mo || t.Hour() != h || t.Minute() != mi {
		return time.Time{}, false, false // 31/02/2026, 25:00
	}
	return t, hour != "", true
}
