package schedule

import (
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/pactd/pactd/reconcile"
)

// SpecError is a schedule Parse refuses; its message is one French
// sentence for the person who wrote the configuration.
type SpecError struct{ Msg string }

func (e *SpecError) Error() string { return e.Msg }

func specErrorf(format string, args ...any) error {
	return &SpecError{Msg: fmt.Sprintf(format, args...)}
}

// parser reads the standard five fields (minute hour day-of-month month
// day-of-week) and descriptors such as @weekly, with an optional CRON_TZ.
var parser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// Parse reads a cron expression ("0 8 * * 1", "@weekly") evaluated in
// Europe/Paris: the daemon always adds CRON_TZ=Europe/Paris, so the
// expression must not carry its own time zone. "@every" is refused: a
// schedule must have calendar activations, so that a run missed while the
// daemon was down can be recognised. Errors are *SpecError.
func Parse(spec string) (cron.Schedule, error) {
	s := strings.TrimSpace(spec)
	switch {
	case s == "":
		return nil, specErrorf("expression vide")
	case strings.HasPrefix(s, "CRON_TZ=") || strings.HasPrefix(s, "TZ="):
		return nil, specErrorf("le fuseau horaire est toujours Europe/Paris, retirez « %s »", strings.Fields(s)[0])
	case strings.HasPrefix(s, "@every"):
		return nil, specErrorf("« @every » n'est pas accepté, donnez des heures fixes (par exemple « 0 8 * * 1 »)")
	}
	sched, err := parser.Parse("CRON_TZ=Europe/Paris " + s)
	if err != nil {
		return nil, specErrorf("expression cron invalide « %s » (cinq champs attendus : minute heure jour mois jour-de-semaine, par exemple « 0 8 * * 1 »)", s)
	}
	if sched.Next(time.Date(2024, 1, 1, 0, 0, 0, 0, reconcile.Paris)).IsZero() {
		return nil, specErrorf("l'expression « %s » ne se déclenche jamais", s)
	}
	return sched, nil
}

// maxLookBack bounds how far back Prev searches.
const maxLookBack = 400 * 24 * time.Hour

// Prev returns the last activation of sched at or before now, searching
// forward from after (exclusive) but never more than about 400 days back;
// it returns the zero time when there is none in that interval. Searching
// from the last recorded run bounds the work by the activations missed.
func Prev(sched cron.Schedule, after, now time.Time) time.Time {
	if floor := now.Add(-maxLookBack); after.Before(floor) {
		after = floor
	}
	var last time.Time
	for t := sched.Next(after); !t.IsZero() && !t.After(now); t = sched.Next(t) {
		last = t
	}
	return last
}
