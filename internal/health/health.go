// Package health is how the parts of pactd say how they stand, for
// /healthz: the database, each intake mailbox, the watched folder, the
// outbox, the schedules. Each part is a Part; parts that learn their state
// as they work (a mailbox that logs in, a folder that is read, an outbox
// that reaches its server) keep a Tracker and report through it.
//
// What a part says is read by supervisors and people over the network:
// Name and Problem are French, and name no account, address, host or
// secret (the log has the details). The package depends on the standard
// library only, so any package can implement Part.
package health

import (
	"context"
	"sync"
	"time"
)

// Kinds of parts.
const (
	Database  = "database"
	Mailbox   = "mailbox"
	Folder    = "folder"
	Outbox    = "outbox"
	Schedules = "schedules"
)

// State is how one part stands.
type State struct {
	// Kind is one of the kinds above; Name says which part in French
	// ("boîte aux lettres n° 1"), with no account or address.
	Kind string `json:"kind"`
	Name string `json:"name"`
	// OK is false when the part needs someone: it makes /healthz 503.
	OK bool `json:"ok"`
	// LastSuccess is when the part last did its work (a ping answered, a
	// mailbox read, a message accepted); zero when never since the start.
	LastSuccess time.Time `json:"last_success,omitzero"`
	// Problem is a French sentence saying what is wrong and what to do,
	// set when OK is false.
	Problem string `json:"problem,omitempty"`
	// Counts holds figures of the part ("pending", "failed" messages).
	Counts map[string]int `json:"counts,omitempty"`
	// Mode says in French how the part works when that matters to a
	// person: the watched folder's "notifications du système" or
	// "sondage périodique" (polling), a mailbox's "lue par une autre
	// instance" (standby replica).
	Mode string `json:"mode,omitempty"`
}

// Modes of the parts.
const (
	ModeNotify  = "notifications du système"
	ModePolling = "sondage périodique"
	ModeStandby = "lue par une autre instance"
)

// Part is one part of pactd whose state /healthz reports.
type Part interface {
	// State returns how the part stands now. ctx bounds any check the
	// part makes (a ping); State must return soon after ctx is done.
	State(ctx context.Context) State
}

// PartFunc makes a function a Part.
type PartFunc func(ctx context.Context) State

// State implements Part.
func (f PartFunc) State(ctx context.Context) State { return f(ctx) }

// Tracker records the successes and failures of a part as it works, for
// its State. The zero value is not usable: use NewTracker. Safe for
// concurrent use.
type Tracker struct {
	kind, name string

	mu          sync.Mutex
	lastSuccess time.Time
	failedAt    time.Time
	problem     string
}

// NewTracker returns a tracker for the part kind called name, healthy
// until a failure is recorded.
func NewTracker(kind, name string) *Tracker {
	return &Tracker{kind: kind, name: name}
}

// Succeeded records that the part did its work at t; it clears the
// problem recorded before t.
func (t *Tracker) Succeeded(at time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if at.After(t.lastSuccess) {
		t.lastSuccess = at
	}
	if !t.failedAt.After(at) {
		t.problem, t.failedAt = "", time.Time{}
	}
}

// Failed records that the part failed at t, with problem: a French
// sentence naming no account, address or secret. The part is unhealthy
// until a later success.
func (t *Tracker) Failed(at time.Time, problem string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if at.Before(t.lastSuccess) {
		return // a late report of a failure already overcome
	}
	t.failedAt, t.problem = at, problem
}

// State implements Part.
func (t *Tracker) State(context.Context) State {
	t.mu.Lock()
	defer t.mu.Unlock()
	return State{Kind: t.kind, Name: t.name, OK: t.problem == "", LastSuccess: t.lastSuccess, Problem: t.problem}
}

// LastSuccess returns when the part last succeeded (zero: never).
func (t *Tracker) LastSuccess() time.Time {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.lastSuccess
}
