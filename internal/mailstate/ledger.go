package mailstate

import (
	"context"
	"time"
)

// LedgerState is where one intake message stands in the ledger.
type LedgerState string

// States of a message in the IMAP ledger.
const (
	// LedgerProcessed: everything the message brought is committed; it
	// still has to be moved to Dest.
	LedgerProcessed LedgerState = "processed"
	// LedgerDone: the message was moved to Dest (or had already gone).
	LedgerDone LedgerState = "done"
)

// LedgerMessage is the ledger entry of one message, keyed by account
// (user@host), mailbox, UIDVALIDITY and UID.
type LedgerMessage struct {
	Account     string
	Mailbox     string
	UIDValidity uint32
	UID         uint32
	// MessageID (without angle brackets) recognises the message if the
	// mailbox's UIDVALIDITY changes before it was moved.
	MessageID string
	State     LedgerState
	Dest      string // folder the message goes to
	Outcome   string // what happened, in French, for people
	UpdatedAt time.Time
}

// LedgerMailbox is what the ledger knows of one mailbox: its UIDVALIDITY
// and the floor, the highest UID at or below which every message is settled
// (done, or gone from the mailbox). The intake searches only above it.
type LedgerMailbox struct {
	UIDValidity uint32
	Floor       uint32
}

// Ledger is the durable state of the IMAP intake, kept in the database
// beside the submissions (internal/sqlite, internal/postgres). Methods are
// safe for concurrent use.
type Ledger interface {
	// IMAPMailbox returns the ledger's view of account's mailbox, or
	// found false when the mailbox was never scanned.
	IMAPMailbox(ctx context.Context, account, mailbox string) (m LedgerMailbox, found bool, err error)
	// SetIMAPMailbox records the mailbox's UIDVALIDITY and floor.
	SetIMAPMailbox(ctx context.Context, account, mailbox string, m LedgerMailbox) error
	// IMAPMessages returns the entries of the mailbox under uidValidity
	// whose UID is above floor, by UID.
	IMAPMessages(ctx context.Context, account, mailbox string, uidValidity, floor uint32) (map[uint32]LedgerMessage, error)
	// IMAPProcessedByMessageID returns the entries in state processed of
	// the mailbox, under any UIDVALIDITY, whose Message-ID is messageID.
	IMAPProcessedByMessageID(ctx context.Context, account, mailbox, messageID string) ([]LedgerMessage, error)
	// RecordIMAP inserts or replaces the entries of the messages ms, all
	// or none (one transaction).
	RecordIMAP(ctx context.Context, ms ...LedgerMessage) error
}
