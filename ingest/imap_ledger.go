package ingest

import "github.com/pactd/pactd/internal/mailstate"

// The ledger types live in internal/mailstate so that the stores implement
// them without importing this package.
type (
	// LedgerState is where one intake message stands in the ledger.
	LedgerState = mailstate.LedgerState
	// LedgerMessage is the ledger entry of one message.
	LedgerMessage = mailstate.LedgerMessage
	// LedgerMailbox is what the ledger knows of one mailbox.
	LedgerMailbox = mailstate.LedgerMailbox
	// Ledger is the durable state of the IMAP intake.
	Ledger = mailstate.Ledger
)

// States of a message in the IMAP ledger.
const (
	LedgerProcessed = mailstate.LedgerProcessed
	LedgerDone      = mailstate.LedgerDone
)
