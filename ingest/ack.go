package ingest

import "context"

// Acknowledger tells the sender what became of a received file, once the
// pipeline has committed it. The pipeline calls it inside Process, so a nil
// error must mean the acknowledgment is durably queued (in the outbox), and
// calling it again for the same Incoming (same Origin.Key) must queue
// nothing new. Origins without a sender (folder, command) are acknowledged
// by doing nothing.
type Acknowledger interface {
	Acknowledge(ctx context.Context, in Incoming, out Outcome) error
}
