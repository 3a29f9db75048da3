package mailstate

import "time"

// Succeeded is an intake attempt that succeeded (on a message or a file of
// the watched folder), to be forgotten in a batch (ingest.SuccessStore):
// its count is deleted, unless a later attempt on the same key began after
// Began (a file written again with the same name, size and time), and the
// folder file's claim is released when Claim is set.
type Succeeded struct {
	Key   string
	Began time.Time
	// Claim and Holder: the folder file's claim to release, "" for none.
	Claim, Holder string
}
