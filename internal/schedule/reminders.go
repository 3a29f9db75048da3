package schedule

import (
	"fmt"
	"sort"
	"time"

	"github.com/pactd/pactd/reconcile"
)

// Reminder is a reminder due to a territory whose report of a year has not
// been accepted.
type Reminder struct {
	Status reconcile.ReportingStatus
	// Offset is the reminder's day relative to the deadline day: -15 for
	// "15 days before", 1 for "the day after".
	Offset int
	// Days is how many days are left before the deadline on the day the
	// reminder is sent (negative once it has passed).
	Days int
}

// Kind names the reminder: "J-15", "J-3", "J+1".
func (r Reminder) Kind() string {
	if r.Offset < 0 {
		return fmt.Sprintf("J%d", r.Offset)
	}
	return fmt.Sprintf("J+%d", r.Offset)
}

// Key is the reminder's idempotency key in the outbox:
// "reminder:<siren>:<year>:<kind>", so each is sent once however often the
// job runs.
func (r Reminder) Key() string {
	return fmt.Sprintf("reminder:%s:%d:%s", r.Status.Territory.SIREN, r.Status.Year, r.Kind())
}

// afterWindow is how many days a reminder after the deadline stays due
// when no later one follows, so that a daemon down on the day still sends
// it, and one down for weeks does not send a stale one.
const afterWindow = 7

// DueReminders returns the reminders due at now for the statuses whose
// report is expected and not accepted: "before" lists days before the
// deadline (15, 3), "after" days after it (1). Each reminder is due from
// its day until the next one's (a reminder before the deadline stops being
// due after the deadline day; the last one after it stays due afterWindow
// days), so that a run missed one day is made up the next without sending
// a reminder that no longer makes sense. Days are calendar days in Paris.
func DueReminders(statuses []reconcile.ReportingStatus, now time.Time, before, after []int) []Reminder {
	starts := offsets(before, after)
	if len(starts) == 0 {
		return nil
	}
	today := civilDay(now)
	var out []Reminder
	for _, st := range statuses {
		if !st.Expected || st.Counted != nil || st.Deadline.IsZero() {
			continue
		}
		o := today - civilDay(st.Deadline)
		for i, start := range starts {
			end := start + afterWindow
			if i+1 < len(starts) {
				end = starts[i+1]
			}
			if start <= 0 {
				end = min(end, 1)
			}
			if o >= start && o < end {
				out = append(out, Reminder{Status: st, Offset: start, Days: -o})
				break
			}
		}
	}
	return out
}

// offsets returns the reminder days relative to the deadline, sorted and
// without duplicates.
func offsets(before, after []int) []int {
	seen := map[int]bool{}
	var out []int
	for _, d := range before {
		if d > 0 && !seen[-d] {
			seen[-d] = true
			out = append(out, -d)
		}
	}
	for _, d := range after {
		if d > 0 && !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	sort.Ints(out)
	return out
}

// civilDay numbers t's calendar day in Paris, so that differences count
// days whatever the daylight-saving changes between them.
func civilDay(t time.Time) int {
	p := t.In(reconcile.Paris)
	return int(time.Date(p.Year(), p.Month(), p.Day(), 0, 0, 0, 0, time.UTC).Unix() / 86400)
}
