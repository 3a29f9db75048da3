package web

import (
	"fmt"
	"time"

	"github.com/pactd/pactd/reconcile"
)

// frDuration writes a duration for people: "3 min", "2 h 05", "4 jours".
func frDuration(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d s", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h %02d", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("%d jours", int(d.Hours()/24))
}

// frDateTime writes t in Paris as "25/11/2026 08:05"; the zero time gives "".
func frDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(reconcile.Paris).Format("02/01/2006 15:04")
}

// frDate writes t's day in Paris as "25/11/2026"; the zero time gives "".
func frDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(reconcile.Paris).Format("02/01/2006")
}

// isoTime writes t for a <time datetime> attribute.
func isoTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(reconcile.Paris).Format(time.RFC3339)
}
