// Package ingest takes workbooks in, from the intake mailbox, the watched
// folder and the command line, and runs each through one pipeline: parse,
// check the sender, reconcile, store, acknowledge.
package ingest

import (
	"context"
	"time"

	"github.com/pactd/pactd/reconcile"
)

// Incoming is one received file with what is known of how it came.
type Incoming struct {
	Name       string // file name as sent
	Content    []byte
	Origin     reconcile.Origin // Origin.Key makes the reception idempotent
	ReceivedAt time.Time
	// Mail only: what the acknowledgment needs to thread its reply. The
	// mailbox intake authenticated Origin.Sender before (IMAPConfig.Auth).
	MessageID  string
	References []string
	Subject    string
	// Turn, when set, is the file's place in the arrival order of a source
	// that processes files in parallel: the pipeline waits for its turn
	// once the file is parsed, before recording (see Arrivals). nil: the
	// caller processes one file at a time.
	Turn *Turn
}

// Outcome is what the pipeline did with an Incoming, once committed.
type Outcome struct {
	Receipt reconcile.Receipt
	// Submission is the stored submission (the earlier one for duplicate
	// bytes); when quarantined or in a dry run, the examined but unstored
	// one (ID 0), with its findings.
	Submission *reconcile.Submission
	// Quarantined is true when the file was set aside for a person (for
	// instance an unauthorised sender); Reason says why, in French.
	Quarantined bool
	Reason      string
}

// Processor runs one received file through the pipeline. A nil error means
// everything the file brought is committed (including the acknowledgment in
// the outbox), so the caller may move or delete its source; an error means
// nothing the caller can rely on was committed and it should retry later.
// Processing the same Incoming again (same Origin.Key) is harmless.
type Processor interface {
	Process(ctx context.Context, in Incoming) (Outcome, error)
}
