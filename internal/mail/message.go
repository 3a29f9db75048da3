// Package mail sends what pactd writes to people: acknowledgments, replies
// and the weekly report. Every outgoing message goes through the outbox: it
// is written to the database first (idempotent on a caller-given key), then
// delivered by SMTP once, retried with back-off while the server refuses it
// for now or is down, and marked sent only when the server accepted it.
package mail

import "github.com/pactd/pactd/internal/mailstate"

// The outbox types live in internal/mailstate so that the stores implement
// them without importing this package.
type (
	// State is where an outgoing message stands.
	State = mailstate.State
	// Message is one outgoing message of the outbox.
	Message = mailstate.Message
	// Filter selects messages of the outbox.
	Filter = mailstate.Filter
	// Store keeps the outbox.
	Store = mailstate.OutboxStore
)

// States of an outgoing message.
const (
	Pending = mailstate.Pending
	Sent    = mailstate.Sent
	Failed  = mailstate.Failed
)
