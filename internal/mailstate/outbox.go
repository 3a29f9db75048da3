// Package mailstate holds the types of the mail state pactd keeps in its
// database: the outbox of outgoing messages and the ledger of the IMAP
// intake. It depends on the standard library only, so the stores
// (internal/sqlstore) implement these interfaces without importing the
// packages that send and receive mail.
package mailstate

import (
	"context"
	"errors"
	"time"
)

// ErrAlreadySent is returned by RetryMail for a message the server already
// accepted: there is nothing to retry.
var ErrAlreadySent = errors.New("message already sent")

// State is where an outgoing message stands.
type State string

// States of an outgoing message.
const (
	// Pending messages wait for delivery (first try or a retry).
	Pending State = "pending"
	// Sent messages were accepted by the SMTP server for every recipient
	// that was not refused for good.
	Sent State = "sent"
	// Failed messages were refused for good (5xx) or kept being refused
	// until GiveUpAfter; LastError says why.
	Failed State = "failed"
)

// Label returns the state in French, for the status page and pactd status.
func (s State) Label() string {
	switch s {
	case Pending:
		return "en attente"
	case Sent:
		return "envoyé"
	case Failed:
		return "en échec"
	}
	return string(s)
}

// Message is one outgoing message of the outbox.
type Message struct {
	ID int64 `json:"id"`
	// Key makes enqueueing idempotent: a second message with a Key already
	// in the outbox is not stored ("ack:" + the origin key, "weekly:2026-W48").
	Key  string `json:"key"`
	Kind string `json:"kind"` // "ack", "reply", "weekly", ...
	// From is the envelope sender; To the envelope recipients not yet
	// delivered.
	From string   `json:"from"`
	To   []string `json:"to"`
	// Delivered lists recipients the server accepted; Refused those it
	// refused for good, each as "address: reason".
	Delivered []string `json:"delivered,omitempty"`
	Refused   []string `json:"refused,omitempty"`
	MessageID string   `json:"message_id"` // without angle brackets
	Subject   string   `json:"subject"`
	// Raw is the whole RFC 5322 message; stores fill it only for delivery.
	Raw         []byte    `json:"-"`
	State       State     `json:"state"`
	Attempts    int       `json:"attempts"`
	NextAttempt time.Time `json:"next_attempt"`
	LastError   string    `json:"last_error,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	SentAt      time.Time `json:"sent_at,omitzero"`
	// RetriedAt is when an administrator last put the message back in the
	// queue (pactd outbox retry); give-up delays count from then.
	RetriedAt time.Time `json:"retried_at,omitzero"`
	// PurgedAt is when the attachments of the sent message were removed
	// from Raw (retention); Attachments names them. The record stays.
	PurgedAt    time.Time `json:"purged_at,omitzero"`
	Attachments []string  `json:"attachments,omitempty"`
}

// Filter selects messages of the outbox; zero fields match everything.
type Filter struct {
	State State
	Kind  string
	Limit int // 0: no limit
}

// OutboxStore keeps the outbox. Implementations: internal/sqlite and
// internal/postgres. Methods are safe for concurrent use.
type OutboxStore interface {
	// EnqueueMail stores m (State Pending) unless a message with m.Key is
	// already stored. It sets m.ID (and, for an existing key, every field
	// but Raw to the stored values) and reports whether m was new.
	EnqueueMail(ctx context.Context, m *Message) (created bool, err error)
	// DueMail returns up to limit pending messages, with Raw, whose
	// NextAttempt is at or before now and whose claim (ClaimMail) has
	// expired, the longest due first (so that retries take turns).
	DueMail(ctx context.Context, now time.Time, limit int) ([]Message, error)
	// ClaimMail takes message id for delivery until the given time: it
	// reports false when the message is no longer pending or another
	// worker holds an unexpired claim. A claim keeps two workers (two
	// replicas) from sending the same message at once.
	ClaimMail(ctx context.Context, id int64, now, until time.Time) (bool, error)
	// UpdateMail writes the delivery state of m (State, To, Delivered,
	// Refused, Attempts, NextAttempt, LastError, SentAt) and releases its
	// claim.
	UpdateMail(ctx context.Context, m *Message) error
	// MailByKey returns the message with that key, without Raw, or
	// reconcile.ErrNotFound.
	MailByKey(ctx context.Context, key string) (*Message, error)
	// Mails lists messages without Raw, newest first.
	Mails(ctx context.Context, f Filter) ([]Message, error)
	// MailCounts counts pending and failed messages.
	MailCounts(ctx context.Context) (pending, failed int, err error)
	// MailByID returns message id, without Raw, or reconcile.ErrNotFound.
	MailByID(ctx context.Context, id int64) (*Message, error)
	// RetryMail puts message id back in the queue, due at now: a failed
	// message becomes pending again, its recipients refused for good are
	// to be tried again, and RetriedAt is now. It returns the message
	// (without Raw), reconcile.ErrNotFound, or ErrAlreadySent.
	RetryMail(ctx context.Context, id int64, now time.Time) (*Message, error)
	// SentMailToPurge returns up to limit sent messages, with Raw, accepted
	// at or before sentBefore and not purged yet, oldest first.
	SentMailToPurge(ctx context.Context, sentBefore time.Time, limit int) ([]Message, error)
	// PurgeMail replaces the Raw of sent message id by raw (the message
	// without its attachments) and records attachments and at; a message
	// already purged is left as it is.
	PurgeMail(ctx context.Context, id int64, raw []byte, attachments []string, at time.Time) error
}
