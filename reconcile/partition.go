package reconcile

import (
	"sort"
	"time"
)

// State is where a territory stands for one year of reporting. Every
// territory whose contract covers the year is in exactly one State, so the
// counts of a Partition add up to the territories expected: the weekly
// report, its annex, pactd status and the status site all count them with
// PartitionYear.
type State string

// The states, from the best. A quarantined file never counts as nothing
// received: its territory is StateSetAside until a file of it is recorded.
const (
	// StateAccepted: an accepted report received by the deadline counts.
	StateAccepted State = "accepted"
	// StateAcceptedLate: the report that counts arrived after the deadline.
	StateAcceptedLate State = "accepted_late"
	// StateRejected: files were recorded, none accepted; a corrected file
	// is awaited.
	StateRejected State = "rejected"
	// StateSetAside: nothing recorded, but a file naming the territory was
	// set aside (quarantine) for a person to look at.
	StateSetAside State = "set_aside"
	// StateNotReceived: nothing at all was received; "missing" once the
	// deadline has passed, "awaited" before.
	StateNotReceived State = "not_received"
)

// States lists the states in the order reports show them.
var States = []State{StateAccepted, StateAcceptedLate, StateRejected, StateSetAside, StateNotReceived}

// Label returns the state in French, as a table cell says it; overdue
// says whether the deadline has passed (a territory with nothing is then
// « Manquant », else « Attendu »).
func (s State) Label(overdue bool) string {
	switch s {
	case StateAccepted:
		return "Accepté"
	case StateAcceptedLate:
		return "Accepté hors délai"
	case StateRejected:
		return "Rejeté, à corriger"
	case StateSetAside:
		return "Mis de côté"
	case StateNotReceived:
		if overdue {
			return "Manquant"
		}
		return "Attendu"
	}
	return string(s)
}

// Accepted reports whether the state has an accepted report.
func (s State) Accepted() bool { return s == StateAccepted || s == StateAcceptedLate }

// TerritoryState is one territory's place in the partition.
type TerritoryState struct {
	// Status holds the recorded submissions and receipts (Statuses).
	Status ReportingStatus `json:"status"`
	State  State           `json:"state"`
	// SetAside lists the quarantined files attributed to the territory for
	// the year (ClaimedSIREN, ClaimedYear), oldest first, whatever its state.
	SetAside []QuarantineEntry `json:"set_aside,omitempty"`
	// Overdue is true when the deadline has passed at the partition's Now.
	Overdue bool `json:"overdue"`
}

// Territory returns the territory of the state.
func (t TerritoryState) Territory() Territory { return t.Status.Territory }

// Late reports whether the territory is late: its report was accepted
// after the deadline, or the deadline has passed without an accepted one.
func (t TerritoryState) Late() bool {
	return t.State == StateAcceptedLate || t.Overdue && !t.State.Accepted()
}

// Label returns the territory's state in French (State.Label).
func (t TerritoryState) Label() string { return t.State.Label(t.Overdue) }

// Tally counts the territories of a partition by state. Expected is the
// sum of the five others.
type Tally struct {
	Expected     int `json:"expected"`
	Accepted     int `json:"accepted"`
	AcceptedLate int `json:"accepted_late"`
	Rejected     int `json:"rejected"`
	SetAside     int `json:"set_aside"`
	NotReceived  int `json:"not_received"`
}

// Count returns the count of one state.
func (t Tally) Count(s State) int {
	switch s {
	case StateAccepted:
		return t.Accepted
	case StateAcceptedLate:
		return t.AcceptedLate
	case StateRejected:
		return t.Rejected
	case StateSetAside:
		return t.SetAside
	case StateNotReceived:
		return t.NotReceived
	}
	return 0
}

// Add counts one more territory in state s.
func (t *Tally) Add(s State) {
	t.Expected++
	switch s {
	case StateAccepted:
		t.Accepted++
	case StateAcceptedLate:
		t.AcceptedLate++
	case StateRejected:
		t.Rejected++
	case StateSetAside:
		t.SetAside++
	case StateNotReceived:
		t.NotReceived++
	}
}

// Partition is where every expected territory stands for Year at Now.
type Partition struct {
	Year     int       `json:"year"`
	Now      time.Time `json:"now"`
	Deadline time.Time `json:"deadline"`
	// Territories has one entry per contract covering Year, by SIREN.
	Territories []TerritoryState `json:"territories"`
	// Unattributed lists the quarantined files of Year that name no
	// expected territory (unknown SIREN, nothing readable), oldest first.
	Unattributed []QuarantineEntry `json:"unattributed,omitempty"`
	Tally        Tally             `json:"tally"`
}

// Overdue reports whether the deadline has passed at Now.
func (p *Partition) Overdue() bool { return p.Now.After(p.Deadline) }

// Late returns how many territories are late (TerritoryState.Late): a
// figure across states, never a part of the partition.
func (p *Partition) Late() int {
	n := 0
	for _, t := range p.Territories {
		if t.Late() {
			n++
		}
	}
	return n
}

// In returns the territories in state s, in the partition's order.
func (p *Partition) In(s State) []TerritoryState {
	var out []TerritoryState
	for _, t := range p.Territories {
		if t.State == s {
			out = append(out, t)
		}
	}
	return out
}

// Find returns the state of the territory with that SIREN, or nil.
func (p *Partition) Find(siren string) *TerritoryState {
	i := sort.Search(len(p.Territories), func(i int) bool { return p.Territories[i].Status.Territory.SIREN >= siren })
	if i < len(p.Territories) && p.Territories[i].Status.Territory.SIREN == siren {
		return &p.Territories[i]
	}
	return nil
}

// PartitionYear places every territory whose contract covers year in
// exactly one State at now: accepted (the counted submission received by
// the deadline, or after it), else rejected (submissions recorded, none
// accepted), else set aside (a quarantined file claims it: ClaimedSIREN
// and ClaimedYear), else not received. Submissions, receipts and
// quarantined files received after now are left out, so a partition can be
// computed as it stood on an earlier day from today's data. subs, receipts
// and quarantine may hold other years and territories; a nil reg gives an
// empty partition. It reads nothing else, not even the clock.
func PartitionYear(reg *Register, subs []Submission, receipts []Receipt, quarantine []QuarantineEntry, year int, now time.Time) Partition {
	p := Partition{Year: year, Now: now}
	if reg == nil {
		return p
	}
	p.Deadline = reg.Deadline(year)
	var seen []Submission
	for _, s := range subs {
		if !s.ReceivedAt.After(now) {
			seen = append(seen, s)
		}
	}
	var rcpts []Receipt
	for _, r := range receipts {
		if !r.ReceivedAt.After(now) {
			rcpts = append(rcpts, r)
		}
	}
	setAside := map[string][]QuarantineEntry{}
	var entries []QuarantineEntry
	for _, q := range quarantine {
		if !q.ReceivedAt.After(now) && q.ClaimedYear() == year {
			entries = append(entries, q)
		}
	}
	sort.SliceStable(entries, func(i, j int) bool {
		if !entries[i].ReceivedAt.Equal(entries[j].ReceivedAt) {
			return entries[i].ReceivedAt.Before(entries[j].ReceivedAt)
		}
		return entries[i].ID < entries[j].ID
	})
	for _, q := range entries {
		siren := q.ClaimedSIREN()
		if c := reg.Contract(siren); c != nil && c.Covers(year) {
			setAside[siren] = append(setAside[siren], q)
			continue
		}
		p.Unattributed = append(p.Unattributed, q)
	}
	overdue := now.After(p.Deadline)
	for _, st := range Statuses(reg, seen, rcpts, year, now) {
		ts := TerritoryState{Status: st, SetAside: setAside[st.Territory.SIREN], Overdue: overdue}
		switch {
		case st.Counted != nil && st.Counted.ReceivedAt.After(st.Deadline):
			ts.State = StateAcceptedLate
		case st.Counted != nil:
			ts.State = StateAccepted
		case st.Submissions > 0:
			ts.State = StateRejected
		case len(ts.SetAside) > 0:
			ts.State = StateSetAside
		default:
			ts.State = StateNotReceived
		}
		p.Tally.Add(ts.State)
		p.Territories = append(p.Territories, ts)
	}
	return p
}
