package reports

import (
	"fmt"
	"time"

	"github.com/pactd/pactd/reconcile"
)

var frenchMonths = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet",
	"août", "septembre", "octobre", "novembre", "décembre"}

// frenchDay writes the day of the month the French way: "1er", "2", "31".
func frenchDay(d int) string {
	if d == 1 {
		return "1er"
	}
	return fmt.Sprint(d)
}

// FormatDate writes t's day in Paris the French way: "25 novembre 2026",
// "1er décembre 2026". The zero time gives "".
func FormatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return reconcile.FormatDate(t)
}

// FormatDateTime writes t in Paris the French way: "25 novembre 2026 à
// 8 h 05". The zero time gives "".
func FormatDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return reconcile.FormatDateTime(t)
}

// FormatShortDate writes t's day in Paris as "25/11/2026", for narrow table
// columns. The zero time gives "".
func FormatShortDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(reconcile.Paris).Format("02/01/2006")
}

// FormatShortDateTime writes t in Paris as "25/11/2026 08:05". The zero
// time gives "".
func FormatShortDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(reconcile.Paris).Format("02/01/2006 15:04")
}

// FormatPeriod writes a span of days the French way, naming the month and
// year once when they are shared: "du 23 au 29 novembre 2026", "du
// 30 novembre au 6 décembre 2026", "du 28 décembre 2026 au 3 janvier 2027".
func FormatPeriod(from, to time.Time) string {
	a, b := from.In(reconcile.Paris), to.In(reconcile.Paris)
	switch {
	case a.Year() != b.Year():
		return "du " + FormatDate(a) + " au " + FormatDate(b)
	case a.Month() != b.Month():
		return fmt.Sprintf("du %s %s au %s", frenchDay(a.Day()), frenchMonths[a.Month()-1], FormatDate(b))
	}
	return fmt.Sprintf("du %s au %s", frenchDay(a.Day()), FormatDate(b))
}

// Week is an ISO 8601 week, Monday to Sunday, in Paris.
type Week struct {
	Year, Number int
	Monday       time.Time // 00:00 Paris
	Sunday       time.Time // 00:00 Paris, the last day of the week
}

// WeekOf returns the ISO week that contains t in Paris.
func WeekOf(t time.Time) Week {
	p := t.In(reconcile.Paris)
	y, n := p.ISOWeek()
	back := (int(p.Weekday()) + 6) % 7 // days since Monday
	mon := time.Date(p.Year(), p.Month(), p.Day()-back, 0, 0, 0, 0, reconcile.Paris)
	return Week{Year: y, Number: n, Monday: mon, Sunday: mon.AddDate(0, 0, 6)}
}

// ReportWeek returns the week a report made at t is about: the ISO week
// before the one containing t, so that Monday's report covers the week
// that just ended.
func ReportWeek(t time.Time) Week {
	return WeekOf(WeekOf(t).Monday.AddDate(0, 0, -1))
}

// String writes the week as "Semaine 48 — du 23 au 29 novembre 2026".
func (w Week) String() string {
	return fmt.Sprintf("Semaine %d — %s", w.Number, FormatPeriod(w.Monday, w.Sunday))
}

// FormatRate writes a rate as a French percentage with one decimal
// (reconcile.Rate: truncated to the tenth of a point, the one rule of every
// rate pactd shows): "87,3 %". Nil gives "—" (no rate without a report).
func FormatRate(r *reconcile.Rate) string { return reconcile.FormatRate(r) }

// plural writes a count with its noun, in the singular for 0 and 1 as
// French does: plural(1, "anomalie", "anomalies") gives "1 anomalie".
func plural(n int, one, many string) string {
	if n <= 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return reconcile.FormatNumber(float64(n)) + " " + many
}

// severityLabel writes a severity for people: "Bloquant", "Alerte", "Info".
func severityLabel(s reconcile.Severity) string {
	switch s {
	case reconcile.Bloquant:
		return "Bloquant"
	case reconcile.Alerte:
		return "Alerte"
	}
	return "Info"
}
