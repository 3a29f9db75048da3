package web

import (
	"time"

	"github.com/pactd/pactd/reconcile"
)

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
