package reconcile

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// Snapshot records a partition as the weekly report showed it, so that the
// next report can say what changed since and draw the season's trend even
// after verdicts were recomputed against a newer register.
type Snapshot struct {
	Year int `json:"year"`
	// Week is the ISO week of the report's day in Paris, "2026-W15"; one
	// snapshot per year and week, the last one taken counting.
	Week  string    `json:"week"`
	Taken time.Time `json:"taken"`
	Tally Tally     `json:"tally"`
	// Files counts the files received for the year up to Taken: distinct
	// recorded submissions and quarantined files.
	Files int `json:"files"`
	// Spent is what the accepted reports say the State and the
	// territories spent on the contracts' actions.
	Spent Amount `json:"spent"`
	// States maps each expected territory's SIREN to its state.
	States map[string]State `json:"states"`
}

// SnapshotStore keeps the weekly snapshots. internal/sqlite and
// internal/postgres implement it (migrations 700_weekly_snapshots.sql).
type SnapshotStore interface {
	// SaveSnapshot stores s, replacing the snapshot of the same Year and
	// Week if there is one.
	SaveSnapshot(ctx context.Context, s *Snapshot) error
	// Snapshots returns the snapshots of year, oldest first.
	Snapshots(ctx context.Context, year int) ([]Snapshot, error)
}

// ISOWeek names the ISO 8601 week of t in Paris: "2026-W15".
func ISOWeek(t time.Time) string {
	y, w := t.In(Paris).ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

// SnapshotOf returns the snapshot of partition p; spent is what the
// accepted reports spent (the caller sums it with its own money rules) and
// files the number of files received for the year up to p.Now.
func SnapshotOf(p *Partition, files int, spent Amount) Snapshot {
	s := Snapshot{Year: p.Year, Week: ISOWeek(p.Now), Taken: p.Now, Tally: p.Tally, Files: files, Spent: spent,
		States: make(map[string]State, len(p.Territories))}
	for _, t := range p.Territories {
		s.States[t.Status.Territory.SIREN] = t.State
	}
	return s
}

// FilesReceived counts the files received for year up to now: distinct
// recorded submissions of the year and quarantined files claiming it.
func FilesReceived(subs []Submission, quarantine []QuarantineEntry, year int, now time.Time) int {
	n := 0
	for _, s := range subs {
		if s.Year == year && !s.ReceivedAt.After(now) {
			n++
		}
	}
	for _, q := range quarantine {
		if q.ClaimedYear() == year && !q.ReceivedAt.After(now) {
			n++
		}
	}
	return n
}

// Changes is what changed between two moments of a season.
type Changes struct {
	// Since is the moment compared with: the previous snapshot's Taken, or
	// the start of the period when there is none.
	Since time.Time
	// FromSnapshot is true when Since's states come from a stored
	// snapshot, false when they were recomputed from today's data.
	FromSnapshot bool
	// Submissions and SetAside are the files received in (Since, Now],
	// oldest first.
	Submissions []Submission
	SetAside    []QuarantineEntry
	// NewlyAccepted, NewlyRejected and NewlySetAside list the territories
	// that entered those states since (accepted on time or late), by
	// SIREN order.
	NewlyAccepted []TerritoryState
	NewlyRejected []TerritoryState
	NewlySetAside []TerritoryState
}

// Files returns how many files arrived in the period.
func (c Changes) Files() int { return len(c.Submissions) + len(c.SetAside) }

// ChangesSince compares p with the states before: prev, a stored snapshot
// (nil when none), else the partition recomputed at since from the same
// data. The files listed are those of p.Year received after the moment
// compared with and up to p.Now.
func ChangesSince(p *Partition, prev *Snapshot, reg *Register, subs []Submission, receipts []Receipt, quarantine []QuarantineEntry, since time.Time) Changes {
	c := Changes{Since: since}
	before := map[string]State{}
	if prev != nil {
		c.Since, c.FromSnapshot = prev.Taken, true
		before = prev.States
	} else {
		old := PartitionYear(reg, subs, receipts, quarantine, p.Year, since)
		for _, t := range old.Territories {
			before[t.Status.Territory.SIREN] = t.State
		}
	}
	in := func(t time.Time) bool { return t.After(c.Since) && !t.After(p.Now) }
	for _, s := range subs {
		if s.Year == p.Year && in(s.ReceivedAt) {
			c.Submissions = append(c.Submissions, s)
		}
	}
	for _, q := range quarantine {
		if q.ClaimedYear() == p.Year && in(q.ReceivedAt) {
			c.SetAside = append(c.SetAside, q)
		}
	}
	sort.SliceStable(c.Submissions, func(i, j int) bool { return c.Submissions[i].ReceivedAt.Before(c.Submissions[j].ReceivedAt) })
	sort.SliceStable(c.SetAside, func(i, j int) bool { return c.SetAside[i].ReceivedAt.Before(c.SetAside[j].ReceivedAt) })
	for _, t := range p.Territories {
		was := before[t.Status.Territory.SIREN]
		switch {
		case t.State.Accepted() && !was.Accepted():
			c.NewlyAccepted = append(c.NewlyAccepted, t)
		case t.State == StateRejected && was != StateRejected:
			c.NewlyRejected = append(c.NewlyRejected, t)
		case t.State == StateSetAside && was != StateSetAside:
			c.NewlySetAside = append(c.NewlySetAside, t)
		}
	}
	return c
}
