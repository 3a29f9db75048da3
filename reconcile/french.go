package reconcile

import (
	"strconv"
	"time"
)

// This file holds the long French forms of dates and times shown to people,
// the same in finding messages, acknowledgments and reports.

// frenchMonths are the month names, lower-case as French writes them.
var frenchMonths = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet",
	"août", "septembre", "octobre", "novembre", "décembre"}

// FormatDate formats t as a long French date in Paris: "31 mars 2026", and
// "1er avril 2026" for the first day of a month (French administrative
// style).
func FormatDate(t time.Time) string {
	p := t.In(Paris)
	day := strconv.Itoa(p.Day())
	if p.Day() == 1 {
		day = "1er"
	}
	return day + " " + frenchMonths[p.Month()-1] + " " + strconv.Itoa(p.Year())
}

// FormatDateTime formats t as a long French date and time in Paris:
// "25 novembre 2026 à 21 h 02".
func FormatDateTime(t time.Time) string {
	p := t.In(Paris)
	return FormatDate(p) + " à " + strconv.Itoa(p.Hour()) + " h " + twoDigits(p.Minute())
}

// twoDigits writes n (0 to 99) on two digits: "02".
func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
